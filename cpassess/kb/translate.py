"""Translations of the knowledge text (questions, choices, titles, descriptions, `because` templates),
kept beside each sector as `translations/<lang>.yaml`: a list of {en: English, <lang>: translation}."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..text import one_line
from ..yamlio import Document, load

# The keys whose text a reader sees; everything else (ids, formulas, units, notes on sources) stays.
TEXT_KEYS = frozenset({"question", "label", "help", "title", "description", "name", "because", "message",
                       "example"})
# and where a file's notes are shown too: a measure's effects and investment, a typical answer
NOTE_FILES = frozenset({"measures.yaml", "typical.yaml"})
# and what a specific cost is per ("trap", "kiln", "t/d"): the report says "priced per trap"
MEASURE_KEYS = frozenset({"note", "per_unit"})


def text_keys(path: Path) -> frozenset[str]:
    if path.name == "measures.yaml":
        return TEXT_KEYS | MEASURE_KEYS
    return TEXT_KEYS | {"note"} if path.name in NOTE_FILES else TEXT_KEYS

# Files whose text is not translated: references are cited in the language they were published in.
UNTRANSLATED_FILES = frozenset({"sources.yaml", "plausible.yaml", "currencies.yaml"})
# An untranslated text shows in English, marked, never blank: a reader sees what is missing.
FALLBACK_MARK = "[EN] "
ENGLISH = "en"


def texts(data: Any, keys: frozenset[str] = TEXT_KEYS, where: str = "") -> Iterator[tuple[str, str]]:
    """Every text a reader sees in a knowledge file's data, with where it is (for translators)."""
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}.{key}" if where else str(key)
            if key in keys and isinstance(value, str):
                yield here, value
            elif key == "choices" and isinstance(value, dict):
                yield from ((f"{here}.{choice}", label) for choice, label in value.items()
                            if isinstance(label, str))
            else:
                yield from texts(value, keys, here)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, keys, f"{where}[{index}]")


def translated(data: Any, table: dict[str, str], keys: frozenset[str] = TEXT_KEYS, in_choices: bool = False) -> Any:
    """A copy of `data` with each text a reader sees in the table's language, or marked English."""
    if isinstance(data, dict):
        return {key: (_say(value, table) if isinstance(value, str) and (key in keys or in_choices)
                      else translated(value, table, keys, key == "choices"))
                for key, value in data.items()}
    if isinstance(data, list):
        return [translated(value, table, keys) for value in data]
    return data


def _say(text: str, table: dict[str, str]) -> str:
    found = table.get(_key(text))
    return found if found else FALLBACK_MARK + text


def _key(text: str) -> str:
    """Texts are matched with their white space folded: a YAML line break is not a different text."""
    return one_line(text)


def translatable(path: Path) -> bool:
    return path.name not in UNTRANSLATED_FILES and not path.name.endswith(".cases.yaml") \
        and path.parent.name not in ("translations", "examples", "cases")


def table_file(folder: Path, lang: str) -> Path:
    return folder / "translations" / f"{lang}.yaml"


def load_table(folders: list[Path], lang: str) -> dict[str, str]:
    """English -> `lang` for the texts of the given sector folders (the sector's own and common)."""
    table: dict[str, str] = {}
    for folder in folders:
        path = table_file(folder, lang)
        if path.exists():
            for english, text in entries(load(path), lang):
                table.setdefault(_key(english), text)
    return table


def entries(doc: Document, lang: str) -> Iterator[tuple[str, str]]:
    """The (English, translation) pairs of a translation file; a malformed entry is a CpError."""
    if doc.data is None:
        return
    if not isinstance(doc.data, list):
        raise doc.error(f"expected a list of entries, each with `{ENGLISH}:` and `{lang}:`")
    for index, entry in enumerate(doc.data):
        if not isinstance(entry, dict) or not isinstance(entry.get(ENGLISH), str):
            raise doc.error(f"each entry needs `{ENGLISH}:` with the English text", (index,), ENGLISH)
        text = entry.get(lang)
        if text is None or text == "":  # not translated yet: the English shows, marked
            continue
        if not isinstance(text, str):
            raise doc.error("a translation is text", (index, lang), lang)
        if placeholders(text) != placeholders(entry[ENGLISH]):
            raise CpError(f"the translation must keep the placeholders {sorted(placeholders(entry[ENGLISH]))} "
                          f"and add none (has {sorted(placeholders(text))})",
                          file=doc.file, line=doc.line((index, lang)), field=lang)
        yield entry[ENGLISH], text


def placeholders(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # an unmatched brace: no placeholders a template would fill
        return set()


def own_files(root: Path, folder: str) -> list[Path]:
    """The knowledge files whose texts a sector folder's translations cover: its own and its rules'."""
    paths = sorted((root / "sectors" / folder).glob("*.yaml")) + sorted((root / "rules" / folder).glob("*.yaml"))
    return [path for path in paths if translatable(path)]


def untranslated(root: Path, folder: str, lang: str) -> tuple[list[tuple[str, str]], int]:
    """The texts of a sector folder (or `common`) with no translation into `lang`, each with where it
    is (file and key path), and how many texts the folder has in all."""
    table = load_table([root / "sectors" / folder], lang)
    seen: dict[str, str] = {}
    for path in own_files(root, folder):
        for where, text in texts(load(path).data, text_keys(path)):
            seen.setdefault(_key(text), f"{path.relative_to(root)} {where}")
    return [(where, text) for text, where in seen.items() if text not in table], len(seen)


def languages(root: Path) -> list[str]:
    """The languages some sector has translations for."""
    return sorted({path.stem for path in (root / "sectors").glob("*/translations/*.yaml")})


def blank_entries(missing: list[tuple[str, str]], lang: str) -> str:
    """The untranslated texts as translation entries to fill in, each under a comment saying where
    the text is used (a question, a choice, a measure's title) so a translator has its context."""
    import yaml

    out = []
    for where, text in missing:
        entry = yaml.safe_dump([{ENGLISH: text, lang: ""}], allow_unicode=True, width=100, sort_keys=False)
        out.append(f"# {where}\n{entry}")
    return "".join(out)
