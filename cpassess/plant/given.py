"""One answer as a plant writes it: 'not known', a value with its basis and note, a number or a range."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Answers that say "not known": the question stays unanswered, and a required one is still missing.
NOT_KNOWN = frozenset({"", "?", "??", "???", "-", "–", "—", "unknown", "not known", "n/a", "na", "n.a.",
                       "tbd", "none known", "don't know", "do not know"})
BASES = ("measured", "estimated")
KEYS = ("value", "basis", "note")
# Remarks in brackets after a number, or words before it, that say how the number was found.
_BASIS_WORDS = {"estimated": "estimated", "estimate": "estimated", "est": "estimated", "est.": "estimated",
                "approx": "estimated", "approx.": "estimated", "approximately": "estimated",
                "about": "estimated", "roughly": "estimated", "guess": "estimated", "guessed": "estimated",
                "measured": "measured", "metered": "measured", "meter reading": "measured"}
_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_NUMBER_FIRST = re.compile(rf"^\s*(\d+(?:[.,]\d+)+(?![\deE])|{_NUMBER})\s*(.*?)\s*$")
_RANGE = re.compile(rf"^\s*({_NUMBER})\s*(?:-|–|—|to|\.\.)\s*({_NUMBER})(?![\d.,])\s*(.*?)\s*$", re.I)
_REMARK = re.compile(r"^(.*?\S)\s*\(\s*([^()]*?)\s*\)\s*$")
_BEFORE = re.compile(r"^\s*(~|≈|ca\.|ca|circa|about|approx\.|approx|approximately|around|roughly)\s*(?=[\d.+-])",
                     re.I)


class AnswerError(ValueError):
    """What is wrong with one answer, said to the person who wrote it; `key` is the sub-key, if any."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


@dataclass
class Given:
    """An answer taken apart: the bare value (None: not known), how it was found, the plant's note."""

    value: Any
    basis: str | None = None
    note: str | None = None


def not_known(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip().lower() in NOT_KNOWN)


def unwrap(raw: Any) -> Given:
    """`12`, or `{value: 12, basis: estimated, note: "from the bill"}`: the value and what goes with it."""
    if not isinstance(raw, dict):
        return Given(None if not_known(raw) else raw)
    for key in raw:
        if key not in KEYS:
            raise AnswerError(f"an answer written as a mapping takes only {', '.join(KEYS)}; not {key!r}",
                              str(key))
    basis = raw.get("basis")
    if basis is not None and str(basis).strip().lower() not in BASES:
        raise AnswerError(f"basis {basis!r}: write measured or estimated", "basis")
    note = raw.get("note")
    if note is not None and not isinstance(note, (str, int, float)):
        raise AnswerError("a note is text", "note")
    value = raw.get("value")
    if isinstance(value, (dict, list)):
        raise AnswerError("`value` is a single answer", "value")
    return Given(None if not_known(value) else value,
                 str(basis).strip().lower() if basis is not None else None,
                 str(note).strip() or None if note is not None else None)


@dataclass
class Written:
    """A number or a range as written, before any unit is converted: '10-11 h/day' -> 10, 11, 'h/day'."""

    low: str
    high: str
    unit: str
    basis: str | None = None

    @property
    def is_range(self) -> bool:
        return self.low != self.high


def take_apart(text: str) -> Written:
    """Split '~12 m3/day (estimated)' or '10-11 h/day'; a remark that is not a basis is refused."""
    basis = None
    remark = _REMARK.match(text)
    if remark and re.match(r"^\s*[-+.\d~≈]", remark.group(1)):
        basis = _BASIS_WORDS.get(remark.group(2).lower())
        if basis is None:
            raise AnswerError(f"{text!r}: a remark after the value is not read; write the remark as a "
                              f"note: {{value: {remark.group(1)}, note: {remark.group(2)!r}}}")
        text = remark.group(1)
    before = _BEFORE.match(text)
    if before:
        basis, text = "estimated", text[before.end():]
    ranged = _RANGE.match(text)
    if ranged:
        low, high, unit = ranged.groups()
        if float(low) > float(high):
            raise AnswerError(f"{text!r}: write a range from low to high, e.g. {high}-{low}")
        return Written(low, high, unit, basis)
    single = _NUMBER_FIRST.match(text)
    if not single:
        return Written(text, text, "", basis)  # not a number: the unit conversion says so
    return Written(single.group(1), single.group(1), single.group(2), basis)
