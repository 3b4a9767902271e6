"""How numbers, units and knowledge-base texts read in reports and messages."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Style:
    """How numbers and units read in the language of a report: Indonesian writes 9.360.000, 12,5 and
    kg/hari. `unit_words` replaces the words of a unit (day, year), never its symbols (kg, m3, kWh)."""

    group: str = ","
    decimal: str = "."
    unit_words: Mapping[str, str] = field(default_factory=dict)

    def unit(self, unit: str) -> str:
        if not self.unit_words:
            return unit
        return _WORD.sub(lambda match: self.unit_words.get(match.group(0), match.group(0)), unit)


_WORD = re.compile(r"[A-Za-z]+")
ENGLISH_STYLE = Style()
# set around a rendering, English by default
_STYLE: ContextVar[Style] = ContextVar("style", default=ENGLISH_STYLE)


@contextmanager
def number_style(style: Style) -> Iterator[None]:
    token = _STYLE.set(style)
    try:
        yield
    finally:
        _STYLE.reset(token)


def unit_text(unit: str) -> str:
    """A unit as the report's language writes it."""
    return _STYLE.get().unit(unit)


def fmt(value: Any, unit: str | None = None) -> str:
    """A number as an advisor writes it: 3 significant digits, thousands separated."""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (int, float)):
        text = number_text(float(value))
    else:
        text = str(value)
    if unit and unit not in ("-", "") and not isinstance(value, (bool, str)):
        text += unit if unit == "%" else f" {unit_text(unit)}"
    return text


def display_unit(unit: str | None, currency: str | None = None) -> str | None:
    if not unit or unit == "-":
        return None
    text = unit.replace("percent", "%").replace("delta_degC", "°C").replace("degC", "°C")  # a difference too
    return text.replace("currency", currency) if currency else text


def number_text(value: float) -> str:
    """3 significant digits (all integer digits), thousands separated, no trailing zeros."""
    if value == 0:
        return "0"
    if not math.isfinite(value):  # never reached by checked answers; a report still must not crash
        return "–"
    digits = max(0, 2 - int(math.floor(math.log10(abs(value)))))
    rounded = round(value, digits)
    text = f"{rounded:,.{digits}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    style = _STYLE.get()
    group, decimal = style.group, style.decimal
    return text if (group, decimal) == (",", ".") else text.translate({44: group, 46: decimal})


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """' (did you mean 'whey_destination'?)' for the closest candidate to a misspelt `name`, else ''."""
    import difflib  # only when something is misspelt

    close = difflib.get_close_matches(name, list(candidates), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@functools.lru_cache(maxsize=8192)
def one_line(text: str) -> str:
    """A knowledge-base text as one line (its YAML may fold it over several): once per text, not per plant."""
    return " ".join(text.split())
