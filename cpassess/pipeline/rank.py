"""Ranking: the action plan's horizons, what each measure achieves, then the CP hierarchy, cost, payback, savings."""

from __future__ import annotations

from typing import Any

from ..kb.sector import Sector
from ..model import Projection, Recommendation
from .economics import cost_rank
from .eop import VERDICT_ORDER
from .plan import addresses, horizon, plan_key


def rank(recommendations: list[Recommendation], sector: Sector, projections: list[Projection]
         ) -> list[Recommendation]:
    """Ordered and numbered; alternatives and prerequisites named among what is recommended."""
    for r in recommendations:
        r.addresses = addresses(r, projections, sector)
        r.horizon = horizon(r, any(sector.measures[m].study for m in r.measure_ids))  # type: ignore[assignment]
    ranked = _first_things_first(sorted(recommendations, key=lambda r: (plan_key(r, projections), _rank_key(r))),
                                 sector)
    recommended = {r.measure_id for r in ranked}
    for number, recommendation in enumerate(ranked, 1):
        recommendation.rank = number
        measure = sector.measures[recommendation.measure_id]
        recommendation.alternatives = [m for m in measure.alternatives if m in recommended]
        recommendation.requires = [m for m in measure.requires if m in recommended]
    return ranked


def _rank_key(r: Recommendation) -> tuple[Any, ...]:
    """CP hierarchy; for EOP what closes the gap; then cost class (no-cost housekeeping first, as
    advisors do, so a quoted 100-year payback never jumps the queue), payback, savings."""
    payback = r.payback.high_years if r.payback.high_years is not None else r.payback.low_years
    verdict = max((VERDICT_ORDER[t.verdict] for t in r.targets), default=0)
    cost = cost_rank(r.investment)
    return (r.hierarchy, verdict, cost, payback is None, payback or 0.0, -(r.annual_saving or 0.0),
            -len(r.rule_ids), r.measure_ids)  # then: what more findings point to


def _first_things_first(ranked: list[Recommendation], sector: Sector) -> list[Recommendation]:
    """Move a measure that needs another (digesting whey needs it collected apart) behind it."""
    out = list(ranked)
    for _ in range(len(out)):  # chains of prerequisites settle in at most as many passes
        moved = False
        for recommendation in list(out):
            needed = sector.measures[recommendation.measure_id].requires
            positions = [i for i, r in enumerate(out) if r.measure_id in needed]
            if positions and max(positions) > out.index(recommendation):
                out.remove(recommendation)
                out.insert(max(positions), recommendation)  # just after the last of them
                moved = True
        if not moved:
            break
    return out
