"""How numbers, units and knowledge-base texts read in reports and messages."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

# The thousands and decimal separators of the language a report is written in (Indonesian writes
# 9.360.000 and 12,5); set around a rendering, English by default.
_SEPARATORS: ContextVar[tuple[str, str]] = ContextVar("separators", default=(",", "."))


@contextmanager
def number_style(group: str, decimal: str) -> Iterator[None]:
    token = _SEPARATORS.set((group, decimal))
    try:
        yield
    finally:
        _SEPARATORS.reset(token)


def fmt(value: Any, unit: str | None = None) -> str:
    """A number as an advisor writes it: 3 significant digits, thousands separated."""
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, (int, float)):
        text = number_text(float(value))
    else:
        text = str(value)
    if unit and unit not in ("-", "") and not isinstance(value, (bool, str)):
        text += unit if unit == "%" else f" {unit}"
    return text


def display_unit(unit: str | None, currency: str | None = None) -> str | None:
    if not unit or unit == "-":
        return None
    text = unit.replace("percent", "%").replace("degC", "°C")
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
    group, decimal = _SEPARATORS.get()
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
