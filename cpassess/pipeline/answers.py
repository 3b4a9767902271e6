"""The plant as the report introduces it: profile, answers, indicators against benchmarks, answers to check."""

from __future__ import annotations

from typing import Any

from ..conditions import compare
from ..model import Answer, IndicatorResult, Note
from ..plant.written import country_name
from .eop import figure
from .facts import Facts, missing_inputs, spread

PROFILE_FIELDS = ("name", "plant_id", "city", "region", "country", "currency", "advisor", "visit_date")


def profile(facts: Facts) -> dict[str, Any]:
    answers, sector = facts.plant.answers, facts.sector
    out: dict[str, Any] = {key: answers.get(key) for key in PROFILE_FIELDS}
    country = sector.fields.get("country")
    if country and country.choices and out.get("country"):
        out["country_name"] = country.choices.get(str(out["country"]))
        given = facts.plant.recorded.get("country")
        if given and given.given and out["country"] == "other":  # "Pakistan" in a list without it
            out["country_name"] = country_name(given.given) or given.given
    if facts.plant.notes:
        out["notes"] = dict(facts.plant.notes)  # '' on the whole questionnaire, else by section
        # each section's title, for the reader (the keys stay the questionnaire's)
        out["note_sections"] = {key: sector.sections[key].title for key in facts.plant.notes if key in sector.sections}
    production = sector.info.production
    if production:
        value = facts.value(production, answers.get(production))
        out["production"] = {"field": production, "label": facts.label(production), "value": value.value,
                             "unit": value.unit, "choice": value.label}
    return out


def answer_list(facts: Facts) -> list[Answer]:
    answers, sector = facts.plant.answers, facts.sector
    out = []
    for key, field in sector.fields.items():
        if key in answers:
            shown = facts.value(key, answers[key])
            answer = Answer(field=key, section=sector.field_section[key], question=field.question,
                            name=facts.label(key), value=answers[key], label=shown.label, unit=facts.unit(key))
            written = facts.plant.recorded.get(key)
            if written is not None:
                answer.given, answer.low, answer.high = written.given, written.low, written.high
                answer.basis = "measured" if written.basis == "measured" else (
                    "estimated" if written.basis == "estimated" else None)
                answer.note, answer.conversion = written.note, written.conversion
                answer.converted_with = tuple(written.converted_with)
            out.append(answer)
    return out


def indicator_results(facts: Facts, corners: list[Facts]) -> list[IndicatorResult]:
    """Each indicator with its band; those of a unit the plant does not have are left out."""
    out = []
    absent = facts.absent
    for key, indicator in facts.sector.indicators.items():
        value = facts.values.get(key)
        missing = missing_inputs(facts.sector, {key}, facts.values) if value is None else []
        if missing and all(name in absent for name in missing):
            continue
        bench = facts.sector.benchmark_for(key, facts.values)
        low, high = spread([c.values.get(key) for c in corners]) if value is not None else (None, None)
        out.append(IndicatorResult(
            id=key, name=indicator.name, unit=facts.unit(key) or "", value=value, low=low, high=high,
            band=_band(value, indicator.better, bench) if bench else None, better=indicator.better,
            best=figure(bench.best) if bench and bench.best else None,
            poor=figure(bench.poor) if bench and bench.poor else None,
            kind=getattr(bench, "name", None), missing=missing))
    return out


def _band(value: float | None, better: str | None, bench: Any) -> Any:
    if value is None or better is None:
        return None
    sign = 1.0 if better == "lower" else -1.0
    if bench.best is not None and bench.best.central is not None and sign * value <= sign * bench.best.central:
        return "best"
    if bench.poor is not None and bench.poor.central is not None and sign * value > sign * bench.poor.central:
        return "poor"
    return "typical"


def answers_to_check(facts: Facts) -> list[Note]:
    """Answers that look like slips: a fraction typed for a percentage, a price far from those usual
    in the plant's currency, the sector's own checks."""
    out = []
    for key, value in facts.plant.answers.items():
        field = facts.sector.fields[key]
        if field.unit != "percent" or not 0 < value < 1:
            continue
        if field.max is None or 100 * value <= field.max:  # 0.6 % sulphur is no slip for 60 %
            out.append(Note(code="fraction_for_percent", args={"field": key, "label": facts.label(key),
                                                                "value": value}))
    currency = str(facts.currency or "")
    for key, by_currency in facts.sector.prices.items():  # a price far from those usual in its currency
        band, value = by_currency.get(currency), facts.plant.answers.get(key)
        if band and isinstance(value, (int, float)) and not (band.low or 0.0) <= value <= (band.high or 0.0):
            out.append(Note(code="price_out_of_range", args={
                "field": key, "label": facts.label(key), "value": float(value), "currency": currency,
                "unit": facts.unit(key), "low": band.low, "high": band.high, "source": band.source,
                "evidence": band.evidence}))
    for check in facts.sector.checks:
        value = facts.sector.formulas[check.formula](facts.values)
        if value is not None and compare(check.op, value, check.value):
            out.append(Note(code="check", args={"message": check.message, "value": value,
                                                "source": check.source, "evidence": check.evidence}))
    return out
