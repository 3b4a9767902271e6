"""The words of the reports, one locale file per language; the only place report text is kept."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

LOCALES = Path(__file__).parent / "locales"


class Words:
    """A locale's entries: `words("summary.questions", n=3)` picks the plural form and fills it in."""

    def __init__(self, entries: dict[str, Any], lang: str) -> None:
        self.entries = entries
        self.lang = lang

    def entry(self, key: str) -> Any:
        node: Any = self.entries
        for part in key.split("."):
            node = node[int(part) if isinstance(node, dict) and part.isdigit() and int(part) in node else part]
        return node

    def __call__(self, key: str, n: int | None = None, **args: Any) -> str:
        text = self.entry(key)
        if isinstance(text, dict):  # plural forms
            text = text["one" if n == 1 else "other"]
        return str(text).format(n=n, **args) if (args or n is not None) else str(text)


@functools.cache
def words(lang: str = "en") -> Words:
    path = LOCALES / f"{lang}.yaml"
    with path.open(encoding="utf-8") as handle:
        return Words(yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), lang)
