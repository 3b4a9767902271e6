"""The words of the reports, one locale file per language; the only place report text is kept.
A language's missing entries show in English, marked, never blank."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from ..errors import CpError
from ..kb.translate import ENGLISH, FALLBACK_MARK
from ..text import ENGLISH_STYLE, Style

LOCALES = Path(__file__).parent / "locales"


class Words:
    """A locale's entries: `words("summary.questions", n=3)` picks the plural form and fills it in."""

    def __init__(self, entries: dict[str, Any], lang: str, english: dict[str, Any] | None = None) -> None:
        self.entries = entries
        self.lang = lang
        self.english = english  # where a missing entry is taken from (None: this is English)
        self._found: dict[str, Any] = {}  # a report looks up the same few hundred keys thousands of times

    def entry(self, key: str) -> Any:
        if key not in self._found:
            try:
                self._found[key] = _find(self.entries, key)
            except (KeyError, IndexError, TypeError):
                if self.english is None:
                    raise
                self._found[key] = _marked(_find(self.english, key))
        return self._found[key]

    def __call__(self, key: str, n: int | None = None, **args: Any) -> str:
        text = self._form(key, n)
        return text.format(n=n, **args) if (args or n is not None) else text

    def _form(self, key: str, n: int | None) -> str:
        text = self.entry(key)
        if isinstance(text, dict):  # plural forms; a language without them gives only `other`
            text = text["one"] if n == 1 and "one" in text else text.get("other", next(iter(text.values())))
        return str(text)

    def bracketed(self, text: str) -> str:
        """An aside the program adds, in the language's brackets: ' (2026-02-01)', '（2026年2月1日）'."""
        return f"{self('bracket_open')}{text}{self('bracket_close')}"

    def parts(self, key: str, n: int | None = None, **values: tuple[str, str]) -> list[tuple[str, ...]]:
        """An entry as sentence parts, each placeholder replaced by a styled part: ("code", "TOF-003")."""
        import string

        out: list[tuple[str, ...]] = []
        for literal, name, _, _ in string.Formatter().parse(self._form(key, n)):
            out += [("", literal)] if literal else []
            out += [values[name]] if name else []
        return out

    def date(self, iso: str) -> str:
        """A visit date as the language writes it ('6 Desember 2026'); English keeps it as given."""
        if self.lang == ENGLISH:
            return iso
        import datetime

        from babel.dates import format_date

        try:
            return str(format_date(datetime.date.fromisoformat(iso), "long", locale=self.lang))
        except ValueError:
            return iso


def _find(node: Any, key: str) -> Any:
    for part in key.split("."):
        node = node[int(part) if isinstance(node, dict) and part.isdigit() and int(part) in node else part]
    return node


def _marked(node: Any) -> Any:
    if isinstance(node, str):
        return FALLBACK_MARK + node
    if isinstance(node, dict):
        return {key: _marked(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_marked(value) for value in node]
    return node


def _entries(lang: str) -> dict[str, Any]:
    path = LOCALES / f"{lang}.yaml"
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def report_languages() -> list[str]:
    return sorted(path.stem for path in LOCALES.glob("*.yaml"))


@functools.cache
def words(lang: str = ENGLISH) -> Words:
    if lang == ENGLISH:
        return Words(_entries(ENGLISH), ENGLISH)
    if not (LOCALES / f"{lang}.yaml").is_file():
        raise CpError(f"no report in language {lang!r}; languages: {', '.join(report_languages())}", field="lang")
    return Words(_entries(lang), lang, _entries(ENGLISH))


@functools.cache
def style(lang: str) -> Style:
    """How a language writes numbers (its thousands and decimal signs, from Babel's locale data) and
    the words of units (the locale file's `units`: kg/day is kg/hari in Indonesian)."""
    if lang == ENGLISH:
        return ENGLISH_STYLE
    from babel.numbers import get_decimal_symbol, get_group_symbol

    return Style(get_group_symbol(locale=lang), get_decimal_symbol(locale=lang),
                 dict(words(lang).entries.get("units") or {}))


def locale_coverage(lang: str) -> str:
    """'212/224': how many of the English report entries a language has, leaving out empty ones and
    plural forms the language does not make (Indonesian and Chinese have no singular `one`)."""
    from babel import Locale

    forms = Locale.parse(lang).plural_form.tags | {"other"}
    english = {key: text for key, text in _leaves(_entries(ENGLISH)) if text
               and not (key.rsplit(".", 1)[-1] in PLURAL_FORMS and key.rsplit(".", 1)[-1] not in forms)}
    own = dict(_leaves(_entries(lang))) if (LOCALES / f"{lang}.yaml").is_file() else {}
    return f"{sum(1 for key in english if own.get(key))}/{len(english)}"


PLURAL_FORMS = frozenset({"zero", "one", "two", "few", "many", "other"})  # CLDR's plural categories


def _leaves(node: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, f"{prefix}{key}.")]
    if isinstance(node, list):
        return [leaf for index, value in enumerate(node) for leaf in _leaves(value, f"{prefix}{index}.")]
    return [(prefix.rstrip("."), node)]
