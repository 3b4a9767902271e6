"""Projection: each regulated parameter after the CP measures, against the limit that applies."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from ..conditions import evaluate
from ..kb.limits import LimitSet, Parameter
from ..model import AtReference, LimitSetRef, Note, Projection
from ..text import display_unit
from .economics import compound
from .facts import Facts, candidate_limit_sets, current_value, missing_inputs, reference_factor, unknown_fields
from .gaps import Need, needs_for


def limit_set(facts: Facts) -> tuple[LimitSet, bool, list[Need]]:
    """The first limit set whose condition holds; an earlier undecided one leaves a question."""
    *undecided, chosen = candidate_limit_sets(facts.sector, facts.values)
    needs = [need for ls in undecided if ls.when
             for need in needs_for(unknown_fields(facts.sector, ls.when, facts.values), "decides_limit_set",
                                   limit_set=ls.id, name=ls.name)]
    return chosen, not undecided, needs


def project(facts: Facts, measure_ids: list[str]) -> tuple[list[Projection], LimitSetRef, list[Need]]:
    """Every parameter that applies: now, after CP, its limit and status, and what CP changed."""
    sector, values = facts.sector, facts.values
    chosen, decided, needs = limit_set(facts)
    factors, drivers = _factors(facts, sorted(set(measure_ids)))
    out = []
    for key, parameter in sector.limits.parameters.items():
        applies = True if parameter.when is None else evaluate(parameter.when, values)
        if applies is False:
            continue  # e.g. cooler dust at a shaft kiln, which has no cooler
        limit = chosen.limits.get(key)
        current, basis, formula = current_value(sector, parameter, values)
        named = {"parameter": key, "name": parameter.name}
        if applies is None and parameter.when is not None:  # ask whether it applies, then its value
            needs += needs_for(unknown_fields(sector, parameter.when, values), "decides_parameter_applies",
                               **named)
            if basis != "measured":
                continue
        # A value only decides something where the applicable limit set has a limit for it.
        if limit is not None and limit.known and basis != "measured":
            code = "decides_eop_need" if basis == "unknown" else "confirms_estimate"
            needs += needs_for(missing_inputs(sector, {parameter.value}, values), code, **named)
        after, used = _after_cp(facts, parameter, key, current, factors, drivers)
        load_now, load_after = _loads(facts, parameter, current, after, factors)
        at_reference = _at_reference(facts, chosen, parameter, current, after, factors)
        if at_reference is not None:
            current, after = _compared(current, at_reference.specific_now, at_reference), \
                _compared(after, at_reference.specific_after, at_reference)
        projection = Projection(
            parameter=key, name=parameter.name, unit=display_unit(parameter.unit) or "", current=current,
            basis=basis, estimate_formula=formula,
            estimate_note=next((e.note for e in parameter.estimates if formula and e.formula == formula), None),
            after_cp=after, change=None if current in (None, 0) or after is None else after / current - 1.0,
            limit_min=limit.min if limit else None, limit_max=limit.max if limit else None,
            limit_source=limit.source if limit else None, limit_evidence=limit.evidence if limit else None,
            limit_note=limit.note if limit else None,
            status_now=_status(current, limit), status_after_cp=_status(after, limit),
            drivers=sorted(set(used)), load_now=load_now, load_after=load_after, at_reference=at_reference)
        if current and after is not None and after > current * 1.0001:
            projection.notes.append(Note(code="rises_after_cp", args=named))
        is_load = parameter.stream is not None or display_unit(parameter.unit) is not None
        if projection.status_after_cp == "exceeds" and limit and limit.max is not None \
                and after is not None and after > limit.max and is_load:  # a pH is corrected, not removed
            projection.required_removal = 1.0 - limit.max / after
        out.append(projection)
    return out, LimitSetRef(id=chosen.id, name=chosen.name, note=chosen.note, decided=decided), needs


def _factors(facts: Facts, measure_ids: list[str]) -> tuple[dict[str, float], dict[str, list[str]]]:
    """What the measures leave of each quantity (0.7: 30 % less), and the measures that change it.
    Alternatives are ways to the same end, of which a plant takes one: on a quantity they act on
    together, the one that changes it least counts, so the residue for EOP is not understated."""
    sector = facts.sector
    per_quantity: dict[str, dict[str, float]] = defaultdict(dict)
    for measure_id in measure_ids:
        for quantity, effect in sector.measures[measure_id].effects.items():
            change = effect.expected(facts.values)
            if change is not None:  # a target the plant's data cannot place projects nothing
                per_quantity[quantity][measure_id] = 1.0 + change
    factors: dict[str, float] = {}
    drivers: dict[str, list[str]] = defaultdict(list)
    for quantity, by_measure in per_quantity.items():
        factors[quantity] = compound(sector, by_measure)
        drivers[quantity] = list(by_measure)
    return factors, drivers


def _after_cp(facts: Facts, parameter: Parameter, key: str, current: float | None,
              factors: Mapping[str, float], drivers: Mapping[str, list[str]]) -> tuple[Any, list[str]]:
    """The value after CP: each part scales with what it follows, the whole with the flow."""
    def factor(quantities: list[str]) -> float:
        return math.prod(factors.get(q, 1.0) for q in quantities)

    used = [m for q in [key, *parameter.follows, parameter.stream or ""] for m in drivers.get(q, [])]
    if current is None:
        return None, used
    if parameter.stream is None and display_unit(parameter.unit) is None:
        return current, []  # a pH is not a load: CP measures do not scale it
    remainder, parts_after = current, 0.0
    for part in parameter.parts:
        amount = facts.sector.formulas[part.value](facts.values)
        if amount is None:
            continue  # share unknown: it stays in the remainder, which does not follow it
        remainder -= amount
        parts_after += amount * factor(part.follows)
        used += [m for q in part.follows for m in drivers.get(q, [])]
    flow = factors.get(parameter.stream, 1.0) if parameter.stream else 1.0
    after = (remainder * factor(parameter.follows) + parts_after) * factors.get(key, 1.0)
    return (after / flow if flow > 0 else after), used


def _at_reference(facts: Facts, limit_set: LimitSet, parameter: Parameter, current: float | None,
                  after: float | None, factors: Mapping[str, float]) -> AtReference | None:
    """How the limit set's reference flow converts this parameter's concentrations, now and after CP
    (where CP cuts the flow, the plant may come under the reference)."""
    reference = limit_set.reference_flow
    if reference is None:
        return None
    flow_after = factors.get(parameter.stream, 1.0) if parameter.stream else 1.0
    _, specific_now = reference_factor(facts.sector, limit_set, parameter, facts.values)
    _, specific_after = reference_factor(facts.sector, limit_set, parameter, facts.values, flow_after)
    if specific_now is None:
        return None
    return AtReference(reference=reference.value, unit=display_unit(reference.unit) or reference.unit,
                       specific_now=specific_now, specific_after=specific_after, measured_now=current,
                       measured_after=after, source=reference.source, evidence=reference.evidence)


def _compared(value: float | None, specific: float | None, at: AtReference) -> float | None:
    return None if value is None or specific is None else value * max(1.0, specific / at.reference)


def _loads(facts: Facts, parameter: Parameter, current: float | None, after: float | None,
           factors: Mapping[str, float]) -> tuple[float | None, float | None]:
    """A concentration's load in kg/day (mg/L x m3/day / 1000), now and after CP: less water with the
    same load raises the concentration, and only the load shows that CP did not make it worse."""
    if parameter.stream is None or display_unit(parameter.unit) != "mg/L":
        return None, None
    flow = facts.sector.formulas[facts.sector.streams[parameter.stream].flow](facts.values)
    if flow is None:
        return None, None
    flow_after = flow * factors.get(parameter.stream, 1.0)
    return (None if current is None else current * flow / 1000.0,
            None if after is None else after * flow_after / 1000.0)


def _status(value: float | None, limit: Any) -> Any:
    if limit is None:
        return "no_limit"
    if not limit.known:
        return "limit_unknown"
    if value is None:
        return "unknown"
    if (limit.max is not None and value > limit.max) or (limit.min is not None and value < limit.min):
        return "exceeds"
    return "within"


def residuals(facts: Facts, projections: list[Projection]) -> list[dict[str, Any]]:
    """One set of facts per parameter still over its limit after CP, for the EOP rules."""
    out = []
    for p in projections:
        if p.status_after_cp != "exceeds" or p.after_cp is None:
            continue
        if p.limit_max is not None and p.after_cp > p.limit_max:
            limit, exceedance = p.limit_max, p.after_cp / p.limit_max if p.limit_max else math.inf
        else:
            limit = p.limit_min or 0.0
            exceedance = limit / p.after_cp if p.after_cp else math.inf
        out.append({**facts.values, "parameter": p.parameter, "projected": p.after_cp, "limit": limit,
                    "exceedance": min(exceedance, 1e12), "required_removal": p.required_removal or 0.0})
    return out
