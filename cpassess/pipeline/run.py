"""One assessment, stage by stage: the only place that calls the stages, in the order of DESIGN.md."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..conditions import Truth, evaluate
from ..kb.rules import Rule
from ..model import Assessment, IndicatorResult, Projection, Reason, Recommendation, Reference
from ..plant import Plant
from .answers import answer_list, answers_to_check, indicator_results, profile
from .economics import potential
from .eop import options, verdicts
from .explain import reason
from .facts import Facts, plant_facts, unknown_fields
from .gaps import collect
from .infer import infer_cp, infer_eop
from .project import project, residuals
from .rank import rank
from .recommend import recommendation


def assess(plant: Plant) -> Assessment:
    """Assess one validated plant: CP first, EOP only for what CP leaves above the limit."""
    facts = plant_facts(plant)
    sector = facts.sector
    cp_rules, undecided, needs = infer_cp(facts)
    cp_reasons: dict[str, list[Reason]] = defaultdict(list)
    cp_rule_ids: dict[str, list[str]] = defaultdict(list)
    for rule in cp_rules:
        why = reason(facts, rule, facts.values)  # once per rule, whatever it recommends
        for measure_id in rule.recommend:
            cp_reasons[measure_id].append(why)
            cp_rule_ids[measure_id].append(rule.id)
    projections, limit_ref, project_needs = project(facts, list(cp_reasons))
    eop_fired, waiting, eop_needs = infer_eop(facts, residuals(facts, projections))
    needs += project_needs + eop_needs
    recommendations: list[Recommendation] = []
    for measure_ids, reasons, rule_ids, targets in (
            [([m], reasons, cp_rule_ids[m], []) for m, reasons in cp_reasons.items()]
            + options(facts, eop_fired, projections)):
        made, missing = recommendation(facts, measure_ids, reasons, rule_ids, targets)
        recommendations.append(made)
        needs += missing
    verdicts(projections, [t for r in recommendations for t in r.targets], waiting)
    recommendations = rank(recommendations, sector)
    indicators = indicator_results(facts)
    worth = {rule.id: potential(facts, rule) for rule in undecided}
    return Assessment(
        cpassess_version=__version__, sector={"id": sector.id, "name": sector.info.name},
        plant=profile(facts), answers=answer_list(facts), indicators=indicators,
        recommendations=recommendations, limit_set=limit_ref, projections=projections,
        eop_needed=any(p.status_after_cp == "exceeds" for p in projections),
        data_gaps=collect(facts, needs, worth),
        references=references(facts, recommendations, projections, indicators),
        totals=totals(facts, recommendations), answers_to_check=answers_to_check(facts))


def references(facts: Facts, recommendations: list[Recommendation], projections: list[Projection],
               indicators: list[IndicatorResult]) -> list[Reference]:
    """Every source the report cites, in natural order (F2 before F10)."""
    sector = facts.sector
    cited: set[str] = set()
    for r in recommendations:
        cited.update(r.sources)
        cited.update(c.source for reason in r.reasons for c in reason.conditions if c.decides and c.source)
        cited.update(f.source for t in r.targets for f in t.stage_removals if f and f.source)
        if r.investment and r.investment.source:
            cited.add(r.investment.source)
    cited.update(p.limit_source for p in projections if p.limit_source)
    for i in indicators:
        cited.update(f.source for f in (i.best, i.poor) if f and f.source)
    for parameter in sector.limits.parameters.values():
        if parameter.estimate:
            for name in sector.formulas[parameter.estimate.formula].names:
                if name in sector.constants:
                    cited.add(sector.constants[name].source)
    return [Reference(id=key, title=sector.sources[key].title, url=sector.sources[key].url)
            for key in sorted(cited, key=_natural) if key in sector.sources]


def _natural(key: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


def totals(facts: Facts, recommendations: list[Recommendation]) -> dict[str, Any]:
    cp = [r for r in recommendations if r.kind == "cp"]
    priced = [r.annual_saving for r in cp if r.annual_saving is not None]
    return {"cp_measures": len(cp), "eop_measures": len(recommendations) - len(cp), "cp_priced": len(priced),
            "cp_annual_saving_sum": sum(priced) if priced else None, "currency": facts.currency}


@dataclass(kw_only=True, eq=False)
class Outcome:
    """A rule on one set of facts: the plant's for a CP rule, one residual parameter's for EOP."""

    parameter: str | None
    truth: Truth
    reason: Reason
    missing: list[str]


@dataclass(kw_only=True, eq=False)
class Explanation:
    rule: Rule
    outcomes: list[Outcome]
    projections: list[Projection]


def explain(plant: Plant, rule_id: str) -> Explanation:
    """Why a rule fired, did not, or could not be decided, on this plant (on the same facts as assess)."""
    facts = plant_facts(plant)
    rule = facts.sector.rules[rule_id]
    projections: list[Projection] = []
    cases: list[tuple[str | None, dict[str, Any]]] = [(None, facts.values)]
    if rule.stage == "eop":
        fired = infer_cp(facts)[0]
        projections = project(facts, [m for r in fired for m in r.recommend])[0]
        cases = [(r["parameter"], r) for r in residuals(facts, projections)]
    outcomes = []
    for parameter, values in cases:
        truth = evaluate(rule.when, values)
        outcomes.append(Outcome(parameter=parameter, truth=truth, reason=reason(facts, rule, values, parameter),
                                missing=unknown_fields(facts.sector, rule.when, values) if truth is None else []))
    return Explanation(rule=rule, outcomes=outcomes, projections=projections)
