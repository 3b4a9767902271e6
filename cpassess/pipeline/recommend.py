"""A recommendation: one measure (or EOP chain) with its reasons, effects, savings, cost and evidence."""

from __future__ import annotations

from ..model import EopTarget, Figure, Investment, Payback, Reason, Recommendation, Stage
from ..text import one_line
from .economics import annual_saving, chain_investment, payback, savings, sizing_needs, target_change
from .facts import Facts
from .gaps import Need


def recommendation(facts: Facts, measure_ids: list[str], reasons: list[Reason], rules: list[str],
                   targets: list[EopTarget]) -> tuple[Recommendation, list[Need]]:
    sector = facts.sector
    measures = [sector.measures[m] for m in measure_ids]
    first = measures[0]
    found, needs = [], []
    for measure in measures:
        items, missing = savings(facts, measure)
        found += items
        needs += missing + sizing_needs(facts, measure)
    annual = annual_saving(found)
    # each stage of a chain has its own investment; their sum or highest class is the option's
    stage_investments: list[Investment | None] = (
        [payback(facts, m, None)[0] for m in measure_ids] if len(measures) > 1 else [None])
    if len(measures) == 1:
        investment, pays = payback(facts, measure_ids[0], annual)
    else:
        investment = chain_investment(facts, stage_investments)
        pays = Payback(basis="treatment_no_savings" if annual is None else "see_stages")
    effects = [Figure(value=e.expected(facts.values) if e.target else e.change, low=e.low, high=e.high,
                      quantity=q, name=_quantity_name(facts, q), source=e.source, evidence=e.evidence,
                      note=e.note, target=target_change(facts, e))
               for measure in measures for q, e in sorted(measure.effects.items())]
    evidences: list[str] = [e.evidence for measure in measures for e in measure.effects.values()]
    evidences += [c.evidence for r in reasons for c in r.conditions if c.decides and c.evidence]
    evidences += [f.evidence for t in targets for f in t.stage_removals if f and f.evidence]
    if investment and investment.evidence:
        evidences.append(investment.evidence)
    sources = sorted({s for m in measures for s in m.sources} | {s for r in reasons for s in r.sources}
                     | {e.source for m in measures for e in m.effects.values()})
    stages = [Stage(measure_id=m_id, title=m.title, description=one_line(m.description),
                    investment=stage_investment)
              for m_id, m, stage_investment in zip(measure_ids, measures, stage_investments, strict=True)]
    return Recommendation(
        rank=0, measure_id=measure_ids[0], measure_ids=measure_ids, stages=stages,
        title=" → ".join(m.title for m in measures), kind=first.kind, technique=first.technique,
        hierarchy=first.hierarchy, description=one_line(first.description),
        rule_ids=sorted(set(rules)), reasons=reasons, effects=effects, savings=found,
        annual_saving=annual, currency=facts.currency, investment=investment, payback=pays,
        targets=sorted(targets, key=lambda t: t.parameter), sources=sources,
        evidence=sorted(set(evidences)), unverified=sorted({e for e in evidences if e != "V"})), needs


def _quantity_name(facts: Facts, quantity: str) -> str:
    sector = facts.sector
    for table in (sector.streams, sector.limits.parameters, sector.resources):
        if quantity in table:
            return str(table[quantity].name)
    return quantity
