"""A case's model answer: the model questionnaire assessed, and which of its answers change it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..compare import Comparison, compare
from ..errors import CpError
from ..kb import KnowledgeBase
from ..kb.cases import Case
from ..model import Answer, Assessment
from ..pipeline import assess
from ..plant import read_plant
from ..plant.changed import with_changes
from ..yamlio import Document, load

MATTERS, DOES_NOT = 3, 1  # an answer that changes the assessment weighs three times one that does not
TARGETS = 10  # the model's measures a trainee is expected to find


@dataclass(kw_only=True)
class ModelAnswer:
    case: Case
    assessment: Assessment
    doc: Document
    weights: dict[str, int]  # field -> MATTERS or DOES_NOT, for each graded answer of the model
    requires: dict[str, list[str]] = field(default_factory=dict)  # measure -> the measures it needs first
    # `field=value` -> the model with that answer, compared: a class makes the same slips many times
    effects: dict[str, Comparison | None] = field(default_factory=dict)

    def effect(self, setting: str, kb: KnowledgeBase) -> Comparison | None:
        if setting not in self.effects:
            self.effects[setting] = _changes(self.assessment, self.doc, setting, kb)
        return self.effects[setting]

    @property
    def cp_order(self) -> list[str]:
        """The CP measures in the plan's order (do now, plan, study; within each, what they achieve)."""
        return list(dict.fromkeys(r.measure_id for r in sorted(self.assessment.recommendations, key=lambda r: r.rank)
                                  if r.kind == "cp"))

    @property
    def main_measures(self) -> list[str]:
        """The CP measures that address the plant's main problems (a parameter far over its limit,
        the largest running cost), whatever their horizon, in the plan's order."""
        ranks = {rank for problem in self.assessment.main_problems for rank in problem.ranks}
        recommended = sorted(self.assessment.recommendations, key=lambda r: r.rank)
        main = {r.measure_id for r in recommended if r.rank in ranks and r.kind == "cp"}
        main |= {need for m in main for need in self.requires.get(m, [])}  # whey caught before it is used
        return list(dict.fromkeys(r.measure_id for r in recommended if r.measure_id in main and r.kind == "cp"))

    @property
    def eop(self) -> list[str]:
        return [r.measure_id for r in self.assessment.recommendations if r.kind == "eop"]

    @property
    def targets(self) -> dict[str, int]:
        """The measures a trainee should find and their weight, ten at most (an advisor ranks; nobody
        is asked to list twenty): the confirmed CP measures that address the plant's main problems,
        whatever their horizon, then the plan's confirmed CP measures to do now or plan, in its
        order; the first five count double."""
        recommended = sorted(self.assessment.recommendations, key=lambda r: r.rank)
        main = self.main_measures
        found = [r.measure_id for r in recommended if r.kind == "cp" and r.status == "confirmed"
                 and (r.measure_id in main or r.horizon in ("do_now", "plan"))]
        ordered = list(dict.fromkeys([m for m in found if m in main] + found))[:TARGETS]
        return {m: 2 if i < TARGETS // 2 else 1 for i, m in enumerate(ordered)}


def model_answer(case: Case, kb: KnowledgeBase) -> ModelAnswer:
    """The case's model assessment, and which of its answers change it when missing."""
    doc = load(case.model)
    model = assess(read_plant(doc, kb))
    sector = kb.sector(case.sector)
    weights = {}
    for answer in model.answers:
        if _graded(answer, sector, case):
            weights[answer.field] = DOES_NOT
    out = ModelAnswer(case=case, assessment=model, doc=doc, weights=weights,
                      requires={m: list(sector.measures[m].requires) for m in sector.measures})
    for key in weights:
        weights[key] = MATTERS if out.effect(f"{key}=", kb) else DOES_NOT
    return out


def _graded(answer: Answer, sector: Any, case: Case) -> bool:
    question = sector.fields.get(answer.field)
    return question is not None and question.type not in ("text", "date") and answer.field not in case.text.given


def _changes(model: Assessment, doc: Document, setting: str, kb: KnowledgeBase) -> Comparison | None:
    """The model plant with one answer changed, compared with the model (None: nothing changes);
    a change that makes the questionnaire inconsistent counts as a change of its own."""
    try:
        other = assess(with_changes(doc, [setting], kb))
    except CpError:
        return Comparison(eop_before=model.eop_needed, eop_after=not model.eop_needed)
    found = compare(model, other)
    return None if found.unchanged else found


