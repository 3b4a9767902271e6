"""End-of-pipe options: chains of treatment sized to what is left after CP, and whether they reach the limit."""

from __future__ import annotations

import math
from typing import Any

from ..kb.rules import Rule
from ..model import EopTarget, Figure, Projection, Reason
from .explain import reason
from .facts import Facts

VERDICT_ORDER = {"enough": 0, "may_be_enough": 1, "undecided": 2, "not_known": 3, "not_enough": 4}


def figure(sourced: Any) -> Figure:
    return Figure(value=sourced.value, low=sourced.low, high=sourced.high, unit=getattr(sourced, "unit", None),
                  source=sourced.source, evidence=sourced.evidence, note=sourced.note)


def options(facts: Facts, fired: list[tuple[Rule, dict[str, Any]]], projections: list[Projection],
            works: list[str]) -> list[tuple[list[str], list[Reason], list[str], list[EopTarget]]]:
    """An option is the chain a rule recommends, less the stages that do not work here; two rules
    proposing the same chain (for different parameters) make one option with both reasons.
    Each: chain, reasons, rule ids, targets."""
    by_parameter = {p.parameter: p for p in projections}
    grouped: dict[tuple[str, ...], dict[str, Any]] = {}
    for rule, residual in fired:
        parameter = residual["parameter"]
        chain = tuple(m for m in rule.recommend if m in works)
        if not chain:
            continue
        option = grouped.setdefault(chain, {"reasons": {}, "rules": [], "targets": {}})
        if rule.id in option["reasons"]:  # one reason per rule, naming every parameter it fired for
            option["reasons"][rule.id].parameters.append(parameter)
        else:
            option["reasons"][rule.id] = reason(facts, rule, residual, parameter)
        option["rules"].append(rule.id)
        option["targets"].setdefault(parameter, target(facts, list(chain), by_parameter[parameter]))
    return [(list(chain), list(o["reasons"].values()), o["rules"], list(o["targets"].values()))
            for chain, o in grouped.items()]


def target(facts: Facts, chain: list[str], projection: Projection) -> EopTarget:
    """Removal the chain must reach for one parameter, against what its stages typically remove."""
    after = projection.after_cp or 0.0
    bound: Any = "max" if projection.limit_max is not None and after > projection.limit_max else "min"
    limit = projection.limit_max if bound == "max" else projection.limit_min
    figures = [facts.sector.measures[m].removal.get(projection.parameter) for m in chain]
    known = [f for f in figures if f is not None and f.central is not None]
    low = high = None
    if known:  # a stage without a figure counts for nothing at the cautious end, and leaves the other open
        low = 1.0 - math.prod(1.0 - _end(f, "low") for f in known)
        high = 1.0 - math.prod(1.0 - _end(f, "high") for f in known) if len(known) == len(figures) else None
    required = projection.required_removal if bound == "max" else None
    verdict: Any = "not_known"
    if required is not None and low is not None:
        if low >= required:
            verdict = "enough"
        elif high is not None:
            verdict = "not_enough" if high < required else "may_be_enough"
    return EopTarget(
        parameter=projection.parameter, name=projection.name, unit=projection.unit,
        projected=after, limit=limit or 0.0, bound=bound, required_removal=required,
        stage_removals=[figure(f) if f else None for f in figures],
        removal_low=low, removal_high=high, verdict=verdict)


def _end(sourced: Any, end: str) -> float:
    """One end of a removal figure (a single value stands for both ends)."""
    value = getattr(sourced, end)
    return float(sourced.value if value is None else value)


def verdicts(projections: list[Projection], targets: list[EopTarget], waiting: set[str]) -> None:
    """Each exceeding parameter's best EOP verdict: what the best option reaches, or why none does."""
    for projection in projections:
        if projection.status_after_cp != "exceeds":
            continue
        found: list[str] = [t.verdict for t in targets if t.parameter == projection.parameter]
        if projection.parameter in waiting:
            found.append("undecided")  # an option may still fit once the answers are in
        projection.eop_verdict = min(found, key=VERDICT_ORDER.__getitem__) if found else "no_option"
