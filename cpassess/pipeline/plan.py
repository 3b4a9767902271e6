"""The action plan: what each measure addresses, when to do it (now, plan, study), and the main problems."""

from __future__ import annotations

from ..kb.sector import Sector
from ..model import HORIZONS, Problem, Projection, Recommendation
from .economics import cost_rank
from .facts import Facts


def severity(p: Projection) -> float | None:
    """How many times its limit a parameter is now (a value below a minimum counts as 1)."""
    if p.status_now != "exceeds" or p.current is None:
        return None
    if p.limit_max is not None and p.limit_max > 0 and p.current > p.limit_max:
        return p.current / p.limit_max
    return 1.0


def addresses(r: Recommendation, projections: list[Projection], sector: Sector) -> list[str]:
    """The parameters over their limit now that the recommendation cuts at the source (its own effect
    on the parameter or on what the parameter follows; less water alone only concentrates it), that
    fired it, or that it treats."""
    over = {p.parameter: p for p in projections if severity(p) is not None}
    if r.kind == "eop":
        found = [t.parameter for t in r.targets if t.parameter in over]
    else:
        tested = {c.field for reason in r.reasons for c in reason.conditions if c.decides}
        cut = {e.quantity for e in r.effects if (e.value if e.value is not None else e.low or 0.0) < 0}
        found = [key for key in over if _follows(sector, key) & cut
                 or {f"{key}_to_limit", sector.limits.parameters[key].value} & tested]
    return sorted(found, key=lambda key: -(severity(over[key]) or 0.0))


def _follows(sector: Sector, key: str) -> set[str]:
    parameter = sector.limits.parameters[key]
    return {key, *parameter.follows, *(q for part in parameter.parts for q in part.follows)}


def horizon(r: Recommendation, study: bool) -> str:
    """Do now: CP at no or low cost. Plan: investments, and treatment, which is sized to what is left
    once CP is done. Study: a feasibility check comes first."""
    if study:
        return "study"
    cost = r.investment.cost_class if r.investment else None
    return "do_now" if r.kind == "cp" and cost in ("none", "low") else "plan"


def main_problems(facts: Facts, projections: list[Projection], recommendations: list[Recommendation]
                  ) -> list[Problem]:
    """The parameter furthest over its limit and the largest running cost, with what addresses each;
    where neither is known yet, the indicator furthest into its poor band."""
    out: list[Problem] = []
    worst = max((p for p in projections if severity(p) is not None), key=lambda p: severity(p) or 0.0,
                default=None)
    if worst is not None:
        out.append(Problem(kind="limit", key=worst.parameter, name=worst.name, value=worst.current,
                           unit=worst.unit, limit=worst.limit_max if worst.limit_max is not None else worst.limit_min,
                           times=severity(worst),
                           ranks=[r.rank for r in recommendations if worst.parameter in r.addresses]))
    resources = facts.sector.resources
    costs = {key: value for key, value in annual_costs(facts).items() if resources[key].part_of is None}
    if costs:  # a part (the dyeing steam of the boiler fuel) is no cost beside its whole
        key, value = max(costs.items(), key=lambda item: item[1])
        out.append(Problem(kind="cost", key=key, name=resources[key].name, value=value,
                           unit=facts.currency, ranks=[r.rank for r in recommendations
                                                          if any(key in (s.resource, resources[s.resource].part_of)
                                                                 and (s.change or 0.0) < 0 for s in r.savings)]))
    if not out:  # neither limits nor costs known yet: the indicator furthest into its poor band
        out += _worst_indicator(facts, recommendations)
    return out


def _worst_indicator(facts: Facts, recommendations: list[Recommendation]) -> list[Problem]:
    found = []
    for key, indicator in facts.sector.indicators.items():
        value, bench = facts.values.get(key), facts.sector.benchmark_for(key, facts.values)
        poor = bench.poor.central if bench and bench.poor else None
        if value is None or not poor or value <= 0:
            continue
        times = value / poor if indicator.better == "lower" else poor / value
        if times > 1:
            found.append((times, key, value, poor))
    if not found:
        return []
    times, key, value, poor = max(found)
    ranks = [r.rank for r in recommendations
                if any(c.field == key for reason in r.reasons for c in reason.conditions if c.decides)
                or any(e.target and e.target.indicator == key for e in r.effects)]
    return [Problem(kind="indicator", key=key, name=facts.sector.indicators[key].name, value=value,
                    unit=facts.unit(key), limit=poor, times=times, ranks=ranks)]


def annual_costs(facts: Facts) -> dict[str, float]:
    """What each priced resource costs the plant a year now."""
    if facts.days is None:
        return {}
    out = {}
    for key, resource in facts.sector.resources.items():
        daily = facts.formula(resource.daily_cost)
        if daily is not None and daily > 0:
            out[key] = daily * facts.days
    return out


def plan_key(r: Recommendation, projections: list[Projection]) -> tuple[float, ...]:
    """Within a horizon: CP before end-of-pipe treatment (treatment is sized on what CP leaves), then
    what it achieves (the worst exceedance it addresses), confirmed before likely, the CP hierarchy,
    cost, and savings."""
    worst = max((severity(p) or 0.0 for p in projections if p.parameter in r.addresses), default=0.0)
    cost = cost_rank(r.investment)
    return (HORIZONS.index(r.horizon), r.kind == "eop", -worst, r.status == "likely", r.hierarchy, cost)
