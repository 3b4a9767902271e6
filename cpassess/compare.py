"""Two assessments of one plant side by side (a what-if, or two visits): what changed in answers,
indicators, measures, limits and savings, what became of the measures, and the questions answered since."""

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
    basis_before: str = "unknown"  # measured or estimated: a manager reads the two differently
    basis_after: str = "unknown"
    limit_min: float | None = None  # a range's lower end (pH): under it is below, not over


@dataclass(kw_only=True)
class IndicatorChange:
    id: str
    name: str
    unit: str
    before: float | None
    after: float | None


@dataclass(kw_only=True)
class ActionOutcome:
    """What became of a measure, as the later file's `actions` says, against the earlier estimate."""

    measure_id: str
    title: str
    status: str | None
    date: str | None
    reason: str | None
    estimated_saving: float | None  # the earlier assessment's, a year
    realised_saving: float | None
    realised_investment: float | None
    owner: str | None = None  # who has a measure still to finish in hand, and by when
    target_date: str | None = None


@dataclass(kw_only=True)
class Named:
    """A measure or a question, by its id and as a reader sees it."""

    id: str
    name: str


@dataclass(kw_only=True)
class Reconsider:
    """A measure rejected for a stated reason whose facts changed since: worth asking again."""

    measure_id: str
    title: str
    reason: str
    changed: list[str]  # the names of the answers and indicators that changed


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
    indicators: list[IndicatorChange] = field(default_factory=list)
    actions: list[ActionOutcome] = field(default_factory=list)
    still_open: list[Named] = field(default_factory=list)  # measures recommended at both, not done
    answered: list[Named] = field(default_factory=list)  # questions open before, answered now
    reconsider: list[Reconsider] = field(default_factory=list)
    realised_saving: float | None = None  # what the later file's actions say the measures saved, a year

    @property
    def unchanged(self) -> bool:
        """Nothing in the recommendations, limits or savings changes (answers may have)."""
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
            status_after=new_p.status_after_cp if new_p else "unknown",
            basis_before=old_p.basis if old_p else "unknown", basis_after=new_p.basis if new_p else "unknown",
            limit_min=either.limit_min)
        if (change_p.now_before, change_p.after_cp_before, change_p.status_before) != \
                (change_p.now_after, change_p.after_cp_after, change_p.status_after):
            out.parameters.append(change_p)
    _history(before, after, out)
    return out


def _history(before: Assessment, after: Assessment, out: Comparison) -> None:
    """Indicators, what became of the measures, what is still open, the questions answered since."""
    shown = ({i.id: i for i in before.indicators}, {i.id: i for i in after.indicators})
    for key in dict.fromkeys([*shown[0], *shown[1]]):
        old_i, new_i = shown[0].get(key), shown[1].get(key)
        either = new_i or old_i
        assert either is not None
        if (old_i.value if old_i else None) != (new_i.value if new_i else None):
            out.indicators.append(IndicatorChange(id=key, name=either.name, unit=either.unit,
                                                  before=old_i.value if old_i else None,
                                                  after=new_i.value if new_i else None))
    estimated = {r.measure_id: r.annual_saving for r in before.recommendations}
    for measure_id, action in after.actions.items():
        if action.get("from_visit"):  # the earlier file's word, not news of this interval
            continue
        out.actions.append(ActionOutcome(
            measure_id=measure_id, title=action.get("title", measure_id), status=action.get("status"),
            date=action.get("date"), reason=action.get("reason"), estimated_saving=estimated.get(measure_id),
            realised_saving=action.get("realised_saving"), realised_investment=action.get("realised_investment"),
            owner=action.get("owner"), target_date=action.get("target_date")))
    realised = [a.realised_saving for a in out.actions if a.realised_saving is not None]
    out.realised_saving = sum(realised) if realised else None
    done = {m for m, action in after.actions.items() if action.get("status") == "done"}
    now = {r.measure_id for r in after.recommendations}
    out.still_open = list({r.measure_id: Named(id=r.measure_id, name=r.title) for r in before.recommendations
                           if r.measure_id in now and r.measure_id not in done}.values())
    answered_now = {a.field for a in after.answers}
    out.answered = [Named(id=g.field, name=g.question) for g in before.data_gaps if g.field in answered_now]
    # the assessment says which rejections' facts changed since its earlier visit (the one compared)
    out.reconsider = [Reconsider(measure_id=r.measure_id, title=r.title, reason=r.reason, changed=r.changed)
                      for r in after.rejected if r.changed]
