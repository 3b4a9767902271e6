"""A trainee's work graded against the model answer by the rubric of docs/cases.md, and a class summed up."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from ..compare import Comparison, compare
from ..errors import CpError
from ..kb import KnowledgeBase
from ..model import Answer, Assessment
from ..pipeline import assess
from ..plant import Plant
from .model import MATTERS, ModelAnswer
from .work import Work

POINTS = {"cp_before_eop": 25, "ranking": 25, "measures": 20, "questionnaire": 30}
FIRST_RIGHT, FIRST_NEAR, ORDER = 10, 5, 15  # the ranking's parts
SET_ASIDE_COST, UNSUPPORTED_COST = 2, 1  # points a measure the model does not recommend costs
TOLERANCE = 0.10  # a number within 10 % of the model's is right
# Factors a number slips by when its unit is read wrongly: milli/kilo, per cent, hours a day,
# days a month, months a year, kWh and MJ, days a year
SLIPS = (10.0, 100.0, 1000.0, 1e6, 24.0, 30.0, 26.0, 12.0, 3.6, 365.0)
Verdict = Literal["right", "unit_slip", "wrong", "missing"]


@dataclass(kw_only=True)
class AnswerGrade:
    field: str
    name: str
    verdict: Verdict
    model: Answer
    trainee: Answer | None
    weight: int
    factor: float | None = None  # a unit slip: the factor the trainee's number is off by
    effect: Comparison | None = None  # the model plant with the trainee's answer instead, compared


@dataclass(kw_only=True)
class Pick:
    """A measure the trainee proposed, and what the model says of it."""

    measure_id: str
    place: int  # 1 = the trainee's first
    verdict: Literal["found", "recommended", "eop", "set_aside", "not_recommended"]
    model_rank: int | None


@dataclass(kw_only=True)
class Part:
    name: str
    points: float
    possible: int
    finding: str  # a code the report words (e.g. "eop.bought_where_cp_suffices")
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True)
class Grade:
    case_id: str
    file: str
    trainee: str
    parts: list[Part] = field(default_factory=list)
    answers: list[AnswerGrade] = field(default_factory=list)  # every graded answer, right ones too
    picks: list[Pick] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)  # model targets the trainee did not propose
    eop: list[str] = field(default_factory=list)
    wrong_answers: list[int] = field(default_factory=list)  # the discussion's wrong answers made
    unknown: list[tuple[int | None, str, str | None]] = field(default_factory=list)  # names not recognised
    effect: Comparison | None = None  # the trainee's questionnaire assessed, against the model

    @property
    def score(self) -> int | None:
        possible = sum(p.possible for p in self.parts)
        return round(100 * sum(p.points for p in self.parts) / possible) if possible else None


def grade(model: ModelAnswer, work: Work, kb: KnowledgeBase) -> Grade:
    """One trainee's work against the model answer, by the rubric of docs/cases.md."""
    out = Grade(case_id=model.case.id, file=work.file, trainee=work.trainee, unknown=list(work.unknown))
    if work.proposed:
        _grade_proposal(model, work, out, kb)
    if work.plant is not None:
        _grade_questionnaire(model, work.plant, out, kb)
    return out


def _grade_proposal(model: ModelAnswer, work: Work, out: Grade, kb: KnowledgeBase) -> None:
    sector = kb.sector(model.case.sector)
    cp = [m for m in work.measures if sector.measures[m].kind == "cp"]
    eop_among = [m for m in work.measures if sector.measures[m].kind == "eop"]
    out.eop = list(dict.fromkeys([*eop_among, *work.eop]))
    ranks = {r.measure_id: r.rank for r in model.assessment.recommendations}
    set_aside = {s.measure_id for s in model.assessment.set_aside}
    targets = model.targets
    for place, measure_id in enumerate(work.measures, 1):
        verdict: Any = ("found" if measure_id in targets
                        else "eop" if measure_id in eop_among and measure_id in ranks
                        else "recommended" if measure_id in ranks
                        else "set_aside" if measure_id in set_aside else "not_recommended")
        out.picks.append(Pick(measure_id=measure_id, place=place, verdict=verdict, model_rank=ranks.get(measure_id)))
    out.missed = [m for m in model.cp_order if m in targets and m not in cp]
    out.parts.append(_cp_before_eop(model, work, cp, out.eop))
    out.parts.append(_ranking(model, cp))
    found = sum(w for m, w in targets.items() if m in cp)
    costs = sum(SET_ASIDE_COST if p.verdict == "set_aside" else UNSUPPORTED_COST if p.verdict == "not_recommended"
                else 0 for p in out.picks if sector.measures[p.measure_id].kind == "cp")
    share = found / sum(targets.values()) if targets else 1.0
    out.parts.append(Part(name="measures", points=max(0.0, POINTS["measures"] * share - costs),
                          possible=POINTS["measures"], finding="measures.found",
                          values={"found": len([m for m in targets if m in cp]), "of": len(targets),
                                  "cost": costs}))
    proposed = set(work.measures) | set(out.eop)
    ahead = set(_ahead_of_cp(work.measures, cp)) | (set(out.eop) if not cp else set())
    out.wrong_answers = [i for i, wrong in enumerate(model.case.discussion.wrong_answers)
                         if wrong.measures and set(wrong.measures) <= (ahead if wrong.ahead_of_cp else proposed)]


def _cp_before_eop(model: ModelAnswer, work: Work, cp: list[str], eop: list[str]) -> Part:
    full = POINTS["cp_before_eop"]
    needed, options = model.assessment.eop_needed, set(model.eop)
    if set(_ahead_of_cp(work.measures, cp)) & set(eop):
        finding, points = "eop.before_cp", 0.0
    elif eop and not needed:
        finding, points = "eop.bought_where_cp_suffices", 0.0
    elif eop and not cp:
        finding, points = "eop.without_cp", 0.0
    elif not eop:
        finding, points = ("eop.missed", full / 2) if needed else ("eop.none_needed", float(full))
    elif set(eop) & options:
        finding, points = "eop.right", float(full)
    else:
        finding, points = "eop.other_option", full / 2
    return Part(name="cp_before_eop", points=points, possible=full, finding=finding,
                values={"proposed": eop, "model": model.eop})


def _ahead_of_cp(measures: list[str], cp: list[str]) -> list[str]:
    """The measures a trainee put before their first Cleaner Production measure."""
    first = next((i for i, m in enumerate(measures) if m in cp), len(measures))
    return measures[:first]


def _ranking(model: ModelAnswer, cp: list[str]) -> Part:
    order = model.cp_order
    place = {m: i for i, m in enumerate(order)}
    common = [m for m in cp if m in place]
    first = cp[0] if cp else None
    right_first = [*order[:2], *model.main_measures]
    near = list(model.targets)[:5]
    first_points = (FIRST_RIGHT if first in right_first else FIRST_NEAR if first in near else 0) if first else 0
    pairs = [(a, b) for i, a in enumerate(common) for b in common[i + 1:]]
    main = set(model.main_measures)  # may come first, or at its place in the plan
    kept = sum(1 for a, b in pairs if place[a] < place[b] or (a in main and b not in main))
    order_points = ORDER * kept / len(pairs) if pairs else 0.0
    return Part(name="ranking", points=first_points + order_points, possible=POINTS["ranking"],
                finding="ranking.order" if pairs else "ranking.too_few",
                values={"first": first, "model_first": list(dict.fromkeys(right_first)), "pairs": len(pairs),
                        "kept": kept, "first_points": first_points})


def _grade_questionnaire(model: ModelAnswer, plant: Plant, out: Grade, kb: KnowledgeBase) -> None:
    mine = assess(plant)
    given = {a.field: a for a in mine.answers}
    out.effect = compare(model.assessment, mine)
    days_a_month = _number(model.assessment, "operating_days_per_year", 1 / 12)
    batches = _number(model.assessment, "batches_per_day", 1.0)
    slips = tuple(f for f in (*SLIPS, days_a_month, batches) if f and f > 1.5)
    earned = possible = 0
    for answer in model.assessment.answers:
        if answer.field not in model.weights:
            continue
        theirs = given.get(answer.field)
        verdict, factor = _verdict(answer, theirs, slips)
        weight = model.weights[answer.field]
        effect = None
        if verdict != "right":
            effect = model.effect(_setting(answer.field, theirs), kb)
            weight = MATTERS if effect is not None else weight
        possible += weight
        earned += weight if verdict == "right" else 0
        out.answers.append(AnswerGrade(field=answer.field, name=answer.name or answer.question, verdict=verdict,
                                       model=answer, trainee=theirs, weight=weight, factor=factor, effect=effect))
    counts = Counter(a.verdict for a in out.answers)
    out.parts.append(Part(name="questionnaire", points=POINTS["questionnaire"] * earned / possible if possible else 0,
                          possible=POINTS["questionnaire"], finding="questionnaire.answers",
                          values={"right": counts["right"], "of": len(out.answers)}))


def _number(assessment: Assessment, key: str, scale: float) -> float | None:
    found = next((a.value for a in assessment.answers if a.field == key), None)
    return found * scale if isinstance(found, (int, float)) and not isinstance(found, bool) else None


def _verdict(model: Answer, theirs: Answer | None, slips: tuple[float, ...]) -> tuple[Verdict, float | None]:
    if theirs is None:
        return "missing", None
    want, got = model.value, theirs.value
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (want, got))
    if not numbers:
        return ("right" if want == got else "wrong"), None
    if math.isclose(got, want, rel_tol=TOLERANCE, abs_tol=1e-9):
        return "right", None
    if want and got:
        ratio = abs(got / want)
        for factor in sorted(slips, key=lambda f: min(abs(ratio / f - 1), abs(ratio * f - 1))):
            if abs(ratio / factor - 1) <= TOLERANCE or abs(ratio * factor - 1) <= TOLERANCE:
                return "unit_slip", ratio
    return "wrong", None


def _setting(key: str, answer: Answer | None) -> str:
    """`field=value` that gives the model plant the trainee's answer (as a number in the question's unit)."""
    if answer is None:
        return f"{key}="
    value = answer.value
    if isinstance(value, bool):
        return f"{key}={'yes' if value else 'no'}"
    if isinstance(value, float):  # written out in full: an exponent would read as text
        return f"{key}={format(Decimal(repr(value)), 'f')}"
    return f"{key}={value}"


@dataclass(kw_only=True)
class ClassSummary:
    case_id: str
    grades: list[Grade]
    problems: list[CpError] = field(default_factory=list)  # files that could not be graded

    @property
    def missed(self) -> Counter[str]:
        return Counter(m for g in self.grades for m in g.missed)

    @property
    def errors(self) -> Counter[tuple[str, str]]:
        return Counter((a.field, a.verdict) for g in self.grades for a in g.answers if a.verdict != "right")

    @property
    def findings(self) -> Counter[str]:
        return Counter(p.finding for g in self.grades for p in g.parts if p.points < p.possible)

    @property
    def wrong_answers(self) -> Counter[int]:
        return Counter(i for g in self.grades for i in g.wrong_answers)


