"""Two assessments of one plant side by side: what changed in answers, measures, limits and savings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .model import Answer, Assessment


@dataclass(kw_only=True)
class AnswerChange:
    field: str
    name: str
    before: Answer | None  # None: not answered
    after: Answer | None


@dataclass(kw_only=True)
class MeasureChange:
    measure_id: str
    title: str
    kind: str
    rank_before: int | None  # None: not recommended in that assessment
    rank_after: int | None
    status_before: str | None = None  # confirmed or likely
    status_after: str | None = None
    saving_before: float | None = None
    saving_after: float | None = None


@dataclass(kw_only=True)
class ParameterChange:
    parameter: str
    name: str
    unit: str
    now_before: float | None
    now_after: float | None
    after_cp_before: float | None
    after_cp_after: float | None
    status_before: str
    status_after: str


@dataclass(kw_only=True)
class Comparison:
    answers: list[AnswerChange] = field(default_factory=list)
    measures: list[MeasureChange] = field(default_factory=list)  # only those that changed
    parameters: list[ParameterChange] = field(default_factory=list)  # only those that changed
    eop_before: bool = False
    eop_after: bool = False
    saving_before: float | None = None  # the combined CP saving a year
    saving_after: float | None = None
    currency: str | None = None

    @property
    def unchanged(self) -> bool:
        return not (self.measures or self.parameters or self.eop_before != self.eop_after
                    or self.saving_before != self.saving_after)


def _said(answer: Answer | None) -> Any:
    return None if answer is None else (answer.value, answer.unit, answer.low, answer.high)


def compare(before: Assessment, after: Assessment) -> Comparison:
    """What differs between `before` and `after` (the same plant with other answers, or a later visit)."""
    out = Comparison(eop_before=before.eop_needed, eop_after=after.eop_needed,
                     saving_before=before.totals.get("cp_annual_saving_sum"),
                     saving_after=after.totals.get("cp_annual_saving_sum"),
                     currency=after.totals.get("currency") or before.totals.get("currency"))
    answered = ({a.field: a for a in before.answers}, {a.field: a for a in after.answers})
    for key in dict.fromkeys([*answered[0], *answered[1]]):
        old, new = answered[0].get(key), answered[1].get(key)
        if _said(old) != _said(new):
            named = new or old
            assert named is not None
            out.answers.append(AnswerChange(field=key, name=named.name or named.question,
                                            before=old, after=new))
    made = ({r.measure_id: r for r in before.recommendations}, {r.measure_id: r for r in after.recommendations})
    for measure_id in dict.fromkeys([*made[1], *made[0]]):
        old_r, new_r = made[0].get(measure_id), made[1].get(measure_id)
        change = MeasureChange(
            measure_id=measure_id, title=(new_r or old_r).title, kind=(new_r or old_r).kind,  # type: ignore[union-attr]
            rank_before=old_r.rank if old_r else None, rank_after=new_r.rank if new_r else None,
            status_before=old_r.status if old_r else None, status_after=new_r.status if new_r else None,
            saving_before=old_r.annual_saving if old_r else None, saving_after=new_r.annual_saving if new_r else None)
        if (old_r is None) != (new_r is None) or change.status_before != change.status_after \
                or change.saving_before != change.saving_after:
            out.measures.append(change)
    projected = ({p.parameter: p for p in before.projections}, {p.parameter: p for p in after.projections})
    for key in dict.fromkeys([*projected[0], *projected[1]]):
        old_p, new_p = projected[0].get(key), projected[1].get(key)
        either = new_p or old_p
        assert either is not None
        change_p = ParameterChange(
            parameter=key, name=either.name, unit=either.unit,
            now_before=old_p.current if old_p else None, now_after=new_p.current if new_p else None,
            after_cp_before=old_p.after_cp if old_p else None, after_cp_after=new_p.after_cp if new_p else None,
            status_before=old_p.status_after_cp if old_p else "unknown",
            status_after=new_p.status_after_cp if new_p else "unknown")
        if (change_p.now_before, change_p.after_cp_before, change_p.status_before) != \
                (change_p.now_after, change_p.after_cp_after, change_p.status_after):
            out.parameters.append(change_p)
    return out
