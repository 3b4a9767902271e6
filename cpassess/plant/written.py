"""Answers as plants write them, made plain before validation: units, ranges, periods, labels and notes."""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import CpError
from ..kb.schema import QField
from ..kb.sector import Sector
from ..text import fmt
from ..units import convert, is_currency_unit, normalise, period, with_period
from ..yamlio import Document
from .countries import NAMES, country_code
from .given import AnswerError, not_known, take_apart, unwrap
from .specs import FieldSpec, reading_order

# Amounts in these currencies are whole in practice and written with a dot between thousands
# (Rp 11.500, 11.500 ₫): `11.500` is eleven thousand five hundred, never eleven and a half.
DOT_THOUSANDS = frozenset({"IDR", "VND"})
_DOT_THOUSANDS = re.compile(r"^[-+]?\d{1,3}\.\d{3}$")
_PLAIN = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
# Production days in one of each period; a batch lasts 1/batches_per_day of a production day.
_WEEKS, _MONTHS = 52, 12
_period = functools.lru_cache(maxsize=1024)(period)  # a questionnaire repeats a few dozen units
# What a conversion assumed, by code (the report words them): an even spread of production days.
_ASSUMED = {"week": "even_weeks", "month": "even_months"}
# Chinese emission standards state mg/m3 of stack gas at standard state, 273 K and 101.325 kPa
# (GB 4915-2013, 3.x "standard state"): there mg/m3 is what elsewhere is written mg/Nm3.
STANDARD_STATE = "standard_state_cn"


@dataclass
class Recorded:
    """How one answer was written and read: the text, a range, basis, note, what converted it."""

    given: str | None = None
    low: float | None = None
    high: float | None = None
    basis: str | None = None
    note: str | None = None
    converted_with: list[str] = field(default_factory=list)
    conversion: str | None = None


@dataclass
class Plain:
    """The questionnaire with every answer made plain, what was recorded on the way, and problems."""

    data: Any
    recorded: dict[str, Recorded] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)  # '' for the whole questionnaire, else by section
    problems: list[CpError] = field(default_factory=list)


def make_plain(sector: Sector, doc: Document) -> Plain:
    """Read every answer as written; a wrong one becomes a problem naming its file, line and field."""
    data = _copy_to_change(doc.data)
    plain = Plain(data)
    if not isinstance(data, dict):
        return plain
    _take_note(plain, data, "")
    answered: dict[str, dict[str, Any]] = {}
    for name in sector.sections:
        answers = data.get(name)
        if isinstance(answers, dict):
            _take_note(plain, answers, name)
            answered[name] = answers
    reader = _Reader(sector, doc, plain)
    for name, specs in reading_order(sector):
        answers = answered.get(name)
        if answers is not None:
            for spec in specs:
                if spec.key in answers:
                    reader.read(spec, answers)
    reader.quotes(data.get("quotes"))
    return plain


def _copy_to_change(data: Any) -> Any:
    """The questionnaire, its sections and quotes copied: make_plain changes those and nothing deeper,
    so answers written as mappings and lists are shared with the parsed document, never changed."""
    if type(data) is not dict:
        return copy_parsed(data)
    return {key: dict(value) if type(value) is dict else copy_parsed(value) for key, value in data.items()}


def copy_parsed(data: Any) -> Any:
    """A deep copy of parsed YAML (dicts, lists, scalars) without copy.deepcopy's bookkeeping."""
    if type(data) is dict:
        return {key: copy_parsed(value) for key, value in data.items()}
    if type(data) is list:
        return [copy_parsed(value) for value in data]
    return data if data is None or type(data) in (str, int, float, bool) else copy.deepcopy(data)


def _take_note(plain: Plain, answers: dict[str, Any], name: str) -> None:
    note = answers.get("notes")
    if note is not None and not isinstance(note, dict):
        if isinstance(note, list):
            note = "\n".join(str(line) for line in note)
        answers["notes"] = plain.notes[name] = str(note).strip()


class _Reader:
    def __init__(self, sector: Sector, doc: Document, plain: Plain) -> None:
        self.sector, self.doc, self.plain = sector, doc, plain
        self.read_values: dict[str, Any] = {}

    def value(self, key: str) -> Any:
        return self.read_values.get(key)

    def currency(self) -> str:
        return str(self.value("currency") or "").strip().upper()

    def read(self, spec: FieldSpec, answers: dict[str, Any]) -> None:
        key, path = spec.key, spec.path
        raw = answers[key]
        kind = type(raw)
        if kind is int or kind is float or kind is bool:  # a bare number or yes/no: nothing to record with it
            self._bare(spec, path, raw, answers)
            return
        if kind is str and not spec.number:  # a bare text or choice: what the general way below does with it
            value = None if not_known(raw) else raw
            if value is not None and spec.question.type == "choice":
                value = self._choice(spec, value)
                if value != raw:
                    self.plain.recorded[key] = Recorded(given=raw)
            answers[key] = self.read_values[key] = value
            return
        try:
            given = unwrap(raw)
            value = given.value
            record = Recorded(basis=given.basis, note=given.note)
            number_at = path + ("value",) if isinstance(raw, dict) else path  # where YAML kept the text
            value = self._plain(spec, value, record, number_at)
        except AnswerError as exc:
            where = path + ((exc.key,) if exc.key else ())
            self.plain.problems.append(self.doc.error(str(exc), where, key))
            answers.pop(key)  # reported here: validation need not report it again
            return
        answers[key] = value
        self.read_values[key] = value
        if value is not None and record != Recorded():
            self.plain.recorded[key] = record

    def _bare(self, spec: FieldSpec, path: tuple[Any, ...], raw: Any, answers: dict[str, Any]) -> None:
        """What `read` does with a bare scalar, without wrapping and unwrapping it (a batch reads millions)."""
        if spec.number and type(raw) is not bool:
            try:
                written = self.doc.numbers.get(path)  # str(raw) only where YAML kept no text (a workbook)
                self._check_number(str(raw) if written is None else written, spec.money)
            except AnswerError as exc:
                self.plain.problems.append(self.doc.error(str(exc), path, spec.key))
                answers.pop(spec.key)
                return
        self.read_values[spec.key] = raw

    def _plain(self, spec: FieldSpec, value: Any, record: Recorded, path: tuple[Any, ...]) -> Any:
        fld = spec.question
        if value is None:
            return None
        if fld.type == "choice" and isinstance(value, str):
            code = self._choice(spec, value)
            if code != value:
                record.given = value
            return code
        if not spec.number:
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            self._check_number(self.doc.numbers.get(path, str(value)), spec.money)
            return value
        if not isinstance(value, str):
            return value
        return self._quantity(fld, value, record)

    def _choice(self, spec: FieldSpec, value: str) -> str:
        choices = spec.question.choices or {}
        code = spec.choice_codes.get(" ".join(value.split()).lower())
        if code is not None:
            return code
        country = country_code(value) if spec.key == "country" else None
        if country in choices:
            return str(country)
        if country and "other" in choices:
            return "other"  # the country's name stays in `given`, and the report shows it
        return value  # validation says which choices there are

    def _check_number(self, text: str, money: bool) -> None:
        """`money`: the answer is in the plant's currency (a quote, or a field with a currency unit)."""
        if not _PLAIN.match(text.strip()):
            raise AnswerError(f"{text!r}: write a plain number, such as 1200 or 12.5")
        if money and self.currency() in DOT_THOUSANDS and _DOT_THOUSANDS.match(text.strip()):
            whole = text.replace(".", "")
            decimal = text.rstrip("0") if text.endswith("0") else text + "0"
            raise AnswerError(f"{text!r}: in {self.currency()} a dot may separate thousands; write "
                              f"{whole} if {whole} is meant, or {decimal} for the decimal number")

    def _quantity(self, fld: QField, text: str, record: Recorded) -> float | int:
        written = take_apart(text)
        record.basis = record.basis or written.basis
        if written.is_range or written.basis or normalise(written.unit or fld.unit or "") != normalise(fld.unit or ""):
            record.given = text  # "35 kg/batch", "10-11 h/day": the report can show what was written
        unit = self._unit(fld, written.unit, text, record)
        factor, unit = self._per(fld, unit, text, record)
        ends: dict[str, float] = {}  # by the number as written: a single value is checked and converted once
        for number in dict.fromkeys((written.low, written.high)):
            if _PLAIN.match(number):
                self._check_number(number, is_currency_unit(fld.unit))
            passed = f"{number} {unit}".strip()
            try:
                ends[number] = convert(passed, fld.unit) * factor
            except ValueError as exc:
                raise AnswerError(str(exc).replace(repr(passed), repr(text))) from None
        low, high = (float(f"{ends[number]:.12g}") for number in (written.low, written.high))
        value: float | int = (low + high) / 2  # the plant's value is the middle of its range
        if written.is_range:
            record.low, record.high = low, high
        if fld.type == "integer":
            if value != int(value):
                raise AnswerError(f"{text!r}: a whole number is asked" + (
                    f"; the middle of this range, {fmt(value)}, is not one" if written.is_range else ""))
            value = int(value)
        return value

    def _unit(self, fld: QField, unit: str, text: str, record: Recorded) -> str:
        if not unit or not fld.unit:
            return unit
        top, _, below = normalise(unit).partition("/")
        if is_currency_unit(fld.unit) and re.fullmatch(r"[A-Z]{3}", top):
            if top != self.currency():
                plant = f"the plant's currency, {self.currency()}" if self.currency() else \
                    "the plant's currency (answer `currency` in section plant)"
                raise AnswerError(f"{text!r}: money answers are in {plant}")
            unit = "/".join(["currency", below]) if below else "currency"
        wanted = normalise(fld.unit)
        if "Nm3" in wanted and normalise(unit) == wanted.replace("Nm3", "m3"):
            if self.value("country") != "CN":
                raise AnswerError(f"{text!r}: this question asks for {fld.unit}, gas at standard state "
                                  f"(0 °C, 101.325 kPa); if the figure is at standard state, write it in {fld.unit}")
            record.conversion = STANDARD_STATE
            unit = fld.unit
        return unit

    def _per(self, fld: QField, unit: str, text: str, record: Recorded) -> tuple[float, str]:
        """The factor from the answer's period to the question's (35 kg/batch x 10 batches a day)."""
        given, asked = _period(unit), _period(fld.unit)
        if not given or not asked or given == asked:
            return 1.0, unit
        lengths = [self._days(each, fld, text) for each in (given, asked)]
        if lengths[0] is None or lengths[1] is None:
            return 1.0, unit  # not a period of production days: the unit conversion says what is wrong
        for each in (given, asked):
            used = {"batch": "batches_per_day", "day": None}.get(each, "operating_days_per_year")
            if used and used not in record.converted_with:
                record.converted_with.append(used)
            record.conversion = record.conversion or _ASSUMED.get(each)
        return lengths[1] / lengths[0], with_period(unit, asked)

    def _days(self, each: str, fld: QField, text: str) -> float | None:
        if each == "day":
            return 1.0
        if each not in ("batch", "week", "month", "year"):
            return None
        needed = "batches_per_day" if each == "batch" else "operating_days_per_year"
        count = self.value(needed)
        if not count:
            section = self.sector.field_section.get(needed)
            how = f"answer {needed} (section {section})" if section else \
                f"this questionnaire has no {needed}, so"
            per = period(fld.unit)
            raise AnswerError(f"{text!r}: this question asks per {per}; {how} to convert a per-{each} "
                              f"figure, or give it in {fld.unit}")
        days = float(count)
        return {"batch": 1 / days, "week": days / _WEEKS, "month": days / _MONTHS, "year": days}[each]

    def quotes(self, quotes: Any) -> None:
        if not isinstance(quotes, dict):
            return
        for measure_id, value in list(quotes.items()):
            if isinstance(value, str) and not_known(value):
                quotes.pop(measure_id)
                continue
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            text = self.doc.numbers.get(("quotes", measure_id), str(value)) if number else str(value).strip()
            if number or _PLAIN.match(text):
                try:
                    self._check_number(text, True)
                except AnswerError as exc:
                    self.plain.problems.append(self.doc.error(str(exc), ("quotes", measure_id), measure_id))
                    quotes.pop(measure_id)


def country_name(given: str) -> str | None:
    """The name of a country a plant wrote by name or code, where the questionnaire lists no such choice."""
    return NAMES.get(country_code(given) or "")
