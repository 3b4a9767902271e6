"""The limits part of the report: each parameter now, after CP and against its limit."""

from __future__ import annotations

from typing import Any

from ..model import Assessment, Projection
from ..text import fmt
from .measures import cite
from .numbers import amount, approx, percent, span
from .rich import Parts
from .words import Words


def limit_text(p: Projection, w: Words) -> str:
    """'6–9', '≤ 300 mg/L', '≥ 6', 'not known' for a limit whose value was not read, '–' for none."""
    if p.status_now == "limit_unknown":
        return w("not_known")
    low, high, unit = p.limit_min, p.limit_max, p.unit or None
    if low is not None and high is not None:
        return span(low, high, unit, w)
    if high is not None:
        return f"≤ {fmt(high, unit)}"
    if low is not None:
        return f"≥ {fmt(low, unit)}"
    return "–"


def status_of(status: str, value: float | None, limit_min: float | None) -> str:
    """A parameter's status as a reader sees it: a value under a range's minimum (pH 4.3 against 6-9)
    is below it, not over it."""
    if status == "exceeds" and limit_min is not None and value is not None and value < limit_min:
        return "below_minimum"
    return status


def limits(a: Assessment, w: Words) -> dict[str, Any]:
    rows = []
    for p in a.projections:
        now = amount(p.current, p.unit, w)
        if p.basis == "estimated":
            now += w("limits.estimated")
        status_text = w(f"status.{status_of(p.status_after_cp, p.after_cp, p.limit_min)}")
        if p.required_removal is not None:
            status_text += w("limits.needs_removal", removal=percent(p.required_removal, w))
        after = amount(p.after_cp, p.unit, w)
        if (at := p.at_reference) is not None:
            if at.measured_now is not None and p.current is not None and p.current > at.measured_now:
                now += w("limits.measured", measured=amount(at.measured_now, p.unit, w))
            if at.measured_after is not None and p.after_cp is not None and p.after_cp > at.measured_after:
                after += w("limits.measured", measured=amount(at.measured_after, p.unit, w))
        if p.load_now is not None and p.load_after is not None:  # the load shows what CP really removed
            now += w("limits.load", load=approx(p.load_now, "kg/day", w))
            after += w("limits.load", load=approx(p.load_after, "kg/day", w))
        rows.append({"status": p.status_after_cp, "cells": [
            p.name, now, after,
            [("", limit_text(p, w)), *(cite(p.limit_source, p.limit_evidence) if p.limit_source else [])],
            status_text]})
    applicable: Parts = [("", w("limits.applicable")), ("b", a.limit_set.name)]
    if not a.limit_set.decided:
        applicable.append(("", w("limits.by_default")))
    notes = [w(f"projection_note.{n.code}", **n.args) + w("full_stop") for p in a.projections for n in p.notes]
    notes += _reference_flow_note(a, w)
    if any(p.basis == "estimated" for p in a.projections):
        notes.append(w("limits.estimated_note"))
    return {"applicable": applicable + [("", w("full_stop"))], "limit_rows": rows, "limit_notes": notes}


def _reference_flow_note(a: Assessment, w: Words) -> list[str]:
    """One sentence on how the reference flow converts the plant's concentrations (the same for all)."""
    at = next((p.at_reference for p in a.projections if p.at_reference is not None), None)
    if at is None or at.specific_now is None:
        return []
    said = w("limits.reference_flow", reference=amount(at.reference, at.unit, w),
             specific=amount(at.specific_now, at.unit, w), source=at.source, evidence=at.evidence)
    if at.specific_now > at.reference:
        said += w("limits.reference_flow_over", times=fmt(at.specific_now / at.reference))
    if at.specific_after is not None and abs(at.specific_after - at.specific_now) > 1e-9 * at.specific_now:
        said += w("limits.reference_flow_after", specific=amount(at.specific_after, at.unit, w),
                  times=fmt(max(1.0, at.specific_after / at.reference)))
    return [said + w("full_stop")]
