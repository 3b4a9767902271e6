"""One assessment, stage by stage: the only place that calls the stages, in the order of DESIGN.md."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

from .. import __version__
from ..conditions import Truth, evaluate, leaves
from ..kb.rules import Rule
from ..model import Assessment, Assumption, IndicatorResult, Projection, Reason, Recommendation, Reference, Rejected
from ..plant import Plant
from ..plant.schema import FINISHED, stands_rejected
from ..text import one_line
from .answers import answer_list, answers_to_check, indicator_results, profile
from .economics import annual_saving, combined, potential, resource_amounts, savings
from .eop import options, verdicts
from .explain import reason
from .facts import Facts, corner_facts, plant_facts, spread, typical_facts, unknown_fields
from .fit import fitting
from .gaps import collect
from .infer import infer_cp, infer_eop
from .plan import main_problems
from .project import project, residuals
from .rank import rank
from .recommend import recommendation
from .typical import inputs, inputs_of


def assess(plant: Plant) -> Assessment:
    """Assess one validated plant: CP first, EOP only for what CP leaves above the limit."""
    return _assessed(plant)[0]


def _assessed(plant: Plant) -> tuple[Assessment, Facts]:
    """The assessment and the facts it rests on (a later visit reads what the rules tested at this one)."""
    facts = plant_facts(plant)
    sector = facts.sector
    before, then = _assessed(plant.previous) if plant.previous is not None else (None, None)
    typical = typical_facts(facts)
    found = infer_cp(facts, typical)
    needs = list(found.needs)
    pointed = [m for rule in found.fired + found.likely for m in rule.recommend]
    works, set_aside, fit_needs = fitting(facts, list(dict.fromkeys(pointed)))
    works, rejected = _not_rejected(facts, works, found.fired + found.likely, then)
    confirmed = _by_measure(facts, found.fired, works, set())
    likely = _by_measure(typical, found.likely, works, set(confirmed)) if typical else {}
    # likely measures never drive a projection, hence never EOP on their own
    projections, limit_ref, project_needs = project(facts, list(confirmed))
    eop_fired, waiting, eop_needs = infer_eop(facts, residuals(facts, projections))
    chains = list(dict.fromkeys(m for rule, _ in eop_fired for m in rule.recommend))
    eop_works, eop_aside, eop_fit_needs = fitting(facts, chains)
    eop_works, eop_rejected = _not_rejected(facts, eop_works, [rule for rule, _ in eop_fired], then)
    set_aside += eop_aside
    needs += fit_needs + project_needs + eop_needs + eop_fit_needs
    recommendations: list[Recommendation] = []
    for on, measure_ids, reasons, rule_ids, targets in (
            [(facts, [m], reasons, rule_ids, []) for m, (reasons, rule_ids) in confirmed.items()]
            + [(typical, [m], reasons, rule_ids, []) for m, (reasons, rule_ids) in likely.items()]
            + [(facts, *option) for option in options(facts, eop_fired, projections, eop_works)]):
        assert on is not None
        made, missing = recommendation(on, measure_ids, reasons, rule_ids, targets)
        if on is typical:
            _mark_likely(facts, on, made)
        else:
            needs += missing
        recommendations.append(made)
    verdicts(projections, [t for r in recommendations for t in r.targets], waiting)
    recommendations = rank(recommendations, sector, projections)
    corners = corner_facts(facts)
    for r in recommendations:  # a saving that rests on a ranged answer is a range
        if corners and r.annual_saving is not None:
            r.annual_saving_low, r.annual_saving_high = spread(
                [annual_saving([s for m in r.measure_ids for s in savings(c, sector.measures[m])[0]])
                 for c in corners])
    indicators = indicator_results(facts, corners)
    worth = {rule.id: potential(typical if rule in found.likely and typical else facts, rule)
             for rule in found.undecided}
    return Assessment(
        cpassess_version=__version__, sector={"id": sector.id, "name": sector.info.name},
        plant=profile(facts), answers=answer_list(facts), indicators=indicators,
        recommendations=recommendations, limit_set=limit_ref, projections=projections,
        eop_needed=any(p.status_after_cp == "exceeds" for p in projections),
        data_gaps=collect(facts, needs, worth),
        references=references(facts, recommendations, projections, indicators),
        totals=totals(facts, recommendations, corners), answers_to_check=answers_to_check(facts),
        set_aside=set_aside, rejected=rejected + eop_rejected,
        main_problems=main_problems(facts, projections, recommendations),
        actions={m: {**action, "title": sector.measures[m].title} for m, action in _actions(plant).items()},
        previous=before), facts


def _actions(plant: Plant) -> dict[str, dict[str, Any]]:
    """What the plant's file says became of each measure, and what its earlier visit's file said was
    done or dropped where this one is silent (an advisor need not copy last year's finished actions;
    `from_visit` says whose word it is)."""
    out = dict(plant.actions)
    if plant.previous is not None:
        said_at = plant.previous.answers.get("visit_date") or plant.previous_visit
        out.update({m: {**a, "from_visit": said_at} for m, a in plant.previous.actions.items()
                    if m not in out and a.get("status") in FINISHED})
    return out


def _not_rejected(facts: Facts, works: list[str], rules: list[Rule], then: Facts | None
                  ) -> tuple[list[str], list[Rejected]]:
    """The measures that work here, less those the plant rejected for a stated reason (its file's
    `actions`; the earlier visit's, and those standing from before it, where this file says nothing of
    the measure): those are not recommended again, nor counted on after CP, unless a fact their rules
    test has changed since the earlier visit the file names (a rejection this file records was made
    knowing this visit's facts)."""
    previous = facts.plant.previous
    earlier = {**previous.standing, **previous.actions} if previous is not None else facts.plant.standing
    said = {m: a for m, a in {**earlier, **facts.plant.actions}.items() if stands_rejected(a)}
    out = []
    for m in works:
        if m in said:
            tested = sorted({leaf.field for rule in rules if m in rule.recommend for leaf in leaves(rule.when)})
            # what the rules tested at the earlier visit, against now; a rejection this file records was
            # made knowing this visit's facts: nothing has changed since it
            changed = [] if m in facts.plant.actions else [
                facts.label(f) for f in tested if then is not None and then.values.get(f) != facts.values.get(f)]
            out.append(Rejected(measure_id=m, title=facts.sector.measures[m].title, reason=said[m]["reason"],
                                date=said[m].get("date"), facts=tested, changed=changed))
    kept_out = {r.measure_id for r in out if not r.changed}
    return [m for m in works if m not in kept_out], out


def _by_measure(facts: Facts, rules: list[Rule], works: list[str], already: set[str]
                ) -> dict[str, tuple[list[Reason], list[str]]]:
    """The measures (that work here) the rules recommend, each with the reasons and rule ids behind it."""
    out: dict[str, tuple[list[Reason], list[str]]] = {}
    for rule in rules:
        why = reason(facts, rule, facts.values)  # once per rule, whatever it recommends
        for measure_id in rule.recommend:
            if measure_id in works and measure_id not in already:
                reasons, rule_ids = out.setdefault(measure_id, ([], []))
                reasons.append(why)
                rule_ids.append(rule.id)
    return out


def _mark_likely(facts: Facts, typical: Facts, made: Recommendation) -> None:
    """A likely measure names the typical answers it rests on and the questions that would confirm them."""
    sector = facts.sector
    made.status = "likely"
    made.assumptions = _assumptions(facts, typical, [sector.rules[rule_id] for rule_id in made.rule_ids])
    used = {a.field for a in made.assumptions}
    for why in made.reasons:
        for condition in why.conditions:
            condition.assumed = bool(inputs_of(sector, condition.field) & used)
    made.evidence = sorted(set(made.evidence) | {a.evidence for a in made.assumptions})
    made.unverified = sorted({e for e in made.evidence if e != "V"})


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
    for p in projections:  # the constants of the estimate each parameter was worked out with
        if p.estimate_formula:
            cited.update(sector.constants[name].source for name in sector.formulas[p.estimate_formula].names
                         if name in sector.constants)
    return [Reference(id=key, title=sector.sources[key].title, url=sector.sources[key].url)
            for key in sorted(cited, key=_natural) if key in sector.sources]


@functools.lru_cache(maxsize=4096)
def _natural(key: str) -> tuple[Any, ...]:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key))


def totals(facts: Facts, recommendations: list[Recommendation], corners: list[Facts]) -> dict[str, Any]:
    """Counts and savings of the confirmed CP measures, combined so none is counted twice (a range
    where a price or amount behind them was answered as one); likely ones apart, never in that sum."""
    cp = [r for r in recommendations if r.kind == "cp" and r.status == "confirmed"]
    likely = [r for r in recommendations if r.status == "likely"]
    together, overlaps = combined(facts, cp)
    low, high = spread([combined(c, cp)[0] for c in corners]) if together is not None else (None, None)
    likely_together, _ = combined(facts, cp + likely)
    return {"cp_measures": len(cp), "eop_measures": sum(r.kind == "eop" for r in recommendations),
            "cp_priced": sum(r.annual_saving is not None for r in cp), "cp_annual_saving_sum": together,
            "cp_annual_saving_low": low, "cp_annual_saving_high": high,
            "overlaps": overlaps, "likely_measures": len(likely),
            "likely_priced": sum(r.annual_saving is not None for r in likely),
            # what confirming the likely measures would add to the combined saving
            "likely_annual_saving_extra": None if likely_together is None or not likely
            else likely_together - (together or 0.0),
            "currency": facts.currency,
            # each resource a day now and after the confirmed CP measures: what a city's programme adds up
            "resources": resource_amounts(facts, cp)}


def _assumptions(facts: Facts, typical: Facts, rules: list[Rule]) -> list[Assumption]:
    """The typical answers the rules read, each with its source and the question that would confirm it."""
    sector = facts.sector
    used = {name for rule in rules for name in inputs(sector, rule.when)}
    return [Assumption(field=name, label=facts.label(name), value=facts.value(name, entry.value),
                       question=sector.fields[name].question, source=entry.source, evidence=entry.evidence,
                       note=one_line(entry.note))
            for name, entry in typical.assumed.items() if name in used]


@dataclass(kw_only=True, eq=False)
class Outcome:
    """A rule on one set of facts: the plant's for a CP rule, one residual parameter's for EOP."""

    parameter: str | None
    truth: Truth
    reason: Reason
    missing: list[str]
    # an undecided CP rule that fires on what plants like this one typically answer: those answers
    likely: list[Assumption] = field(default_factory=list)


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
        fired = infer_cp(facts).fired
        projections = project(facts, [m for r in fired for m in r.recommend])[0]
        cases = [(r["parameter"], r) for r in residuals(facts, projections)]
    outcomes = []
    for parameter, values in cases:
        truth = evaluate(rule.when, values)
        outcome = Outcome(parameter=parameter, truth=truth, reason=reason(facts, rule, values, parameter),
                          missing=unknown_fields(facts.sector, rule.when, values) if truth is None else [])
        typical = typical_facts(facts) if truth is None and rule.stage == "cp" else None
        if typical is not None and rule in infer_cp(facts, typical).likely:
            outcome.likely = _assumptions(facts, typical, [rule])
        outcomes.append(outcome)
    return Explanation(rule=rule, outcomes=outcomes, projections=projections)
