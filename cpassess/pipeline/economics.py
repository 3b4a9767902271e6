"""Economics: what a measure saves a year at the plant's prices, what it costs, and its payback."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from ..kb.measures import Effect, Measure
from ..kb.measures import Investment as KbInvestment
from ..kb.rules import Rule
from ..kb.schema import Rate
from ..kb.sector import Sector
from ..model import Investment, Payback, Recommendation, Saving, TargetChange
from .facts import Facts, missing_inputs
from .gaps import Need, needs_for

COST_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}
INTERNATIONAL = ("USD", "EUR")  # currencies of prices quoted across markets, which may be converted


def cost_rank(investment: Investment | None) -> int:
    """An investment's place in COST_ORDER (none first); not classed or not known last."""
    return COST_ORDER.get(investment.cost_class, len(COST_ORDER)) if investment else len(COST_ORDER)


def target_change(facts: Facts, effect: Effect) -> TargetChange | None:
    target = effect.target
    if target is None:
        return None
    return TargetChange(indicator=target.indicator, name=facts.sector.indicators[target.indicator].name,
                        now=facts.values.get(target.indicator), value=target.value,
                        unit=facts.unit(target.indicator))


def savings(facts: Facts, measure: Measure) -> tuple[list[Saving], list[Need]]:
    """Each resource the measure changes, priced at the plant's own prices where they are known."""
    sector, values, days = facts.sector, facts.values, facts.days
    out, needs = [], []
    for quantity, effect in sorted(measure.effects.items()):
        resource = sector.resources.get(quantity)
        if resource is None:
            continue
        change = effect.expected(values)
        daily_cost = facts.formula(resource.daily_cost)
        amount = facts.formula(resource.amount) if resource.amount else None
        yearly = None
        if change is None:
            if effect.target:
                needs += needs_for(missing_inputs(sector, {effect.target.indicator}, values), "sizes_saving")
        elif daily_cost is not None and days is not None:
            yearly = -change * daily_cost * days
            if not math.isfinite(yearly):  # answers at the edge of their range can overflow
                yearly = None
            if facts.currency is None:
                needs += needs_for(["currency"], "currency_for_savings")
        else:
            formula = sector.formulas[resource.daily_cost]
            missing = missing_inputs(sector, formula.names, values)
            needs += needs_for(missing + ([] if days is not None else ["operating_days_per_year"]),
                               "prices_savings")
        out.append(Saving(
            resource=quantity, name=resource.name, change=change,
            change_low=effect.low, change_high=effect.high,
            amount_per_year=None if amount is None or days is None or change is None
            else -change * amount * days,
            unit=(resource.unit or "").replace("/day", "/year") or None,
            value_per_year=yearly, source=effect.source, evidence=effect.evidence,
            note=effect.note, target=target_change(facts, effect)))
    return out, needs


def annual_saving(items: list[Saving]) -> float | None:
    values = [s.value_per_year for s in items]
    if not values or any(v is None for v in values):
        return None
    return float(sum(v for v in values if v is not None))


def combined(facts: Facts, recommendations: list[Recommendation]) -> tuple[float | None, list[dict[str, Any]]]:
    """What the measures save a year together: on each resource their changes compound (two measures
    that each cut water by half leave a quarter, not nothing), alternatives count once, and a
    package's sourced effect is not compounded with the measures inside it: no saving twice.
    Also: the resources more than one measure acts on, with those measures."""
    days = facts.days
    total, overlaps = None, []
    for key, changes in sorted(_changes(facts, recommendations, priced=True).items()):
        resource = facts.sector.resources[key]
        daily = facts.formula(resource.daily_cost)
        if daily is None or days is None:
            continue
        change = compound(facts.sector, {m: 1.0 + c for m, c in changes}) - 1.0
        total = (total or 0.0) - change * daily * days
        if len(changes) > 1:
            overlaps.append({"resource": key, "name": resource.name, "measures": [m for m, _ in changes],
                             "change": change})
    return total, overlaps


def resource_amounts(facts: Facts, recommendations: list[Recommendation]) -> dict[str, list[float]]:
    """Each resource whose daily amount the answers give: [now, after the measures] a day, their
    changes compounded as `combined` compounds them (whether or not they can be priced); what a
    share (compressed-air electricity) saves is taken off the whole (electricity) too."""
    changes = _changes(facts, recommendations, priced=False)
    out = {}
    for key, resource in facts.sector.resources.items():
        now = facts.formula(resource.amount) if resource.amount else None
        # below zero the answers disagree (more okara recovered than made): the report asks to check them
        if now is not None and math.isfinite(now) and now >= 0:
            left = compound(facts.sector, {m: 1.0 + c for m, c in changes[key]}) if key in changes else 1.0
            out[key] = [now, now * left]
    for key, resource in facts.sector.resources.items():  # saving a share saves the whole, as `combined` adds it
        if resource.part_of in out and key in out:
            out[resource.part_of][1] -= out[key][0] - out[key][1]
    return {_of_kind(facts, key): amounts for key, amounts in out.items()}


def _of_kind(facts: Facts, key: str) -> str:
    """`cooking_fuel:firewood`: a resource whose amount depends on what it is of, keyed by the plant's
    answer (`cooking_fuel:` where not answered), so that a city sums like with like."""
    kind = facts.sector.resources[key].kind
    if kind is None:
        return key
    answer = facts.plant.answers.get(kind)
    return f"{key}:{answer if isinstance(answer, str) else ''}"


def _changes(facts: Facts, recommendations: list[Recommendation], priced: bool) -> dict[str, list[tuple[str, float]]]:
    """Resource -> the (measure, change) pairs acting on it, a package's own effect not doubled by
    the measures inside it; `priced`: only changes the plant's prices turn into money."""
    recommended = {r.measure_id for r in recommendations}
    inside = {m for r in recommendations for m in facts.sector.measures[r.measure_id].package_of} & recommended
    by_resource: dict[str, list[tuple[str, float]]] = {}
    for r in recommendations:
        packages = {p for p in recommended if r.measure_id in facts.sector.measures[p].package_of}
        for s in r.savings:
            if r.measure_id in inside and any(
                    s.resource in facts.sector.measures[p].effects for p in packages):
                continue  # already in the package's own sourced effect
            if s.change is not None and (s.value_per_year is not None or not priced):
                by_resource.setdefault(s.resource, []).append((r.measure_id, s.change))
    return by_resource


def compound(sector: Sector, left: dict[str, float]) -> float:
    """What measures together leave of a quantity, given what each leaves (0.7: 30 % less): they
    multiply, except alternatives (ways to the same end, of which a plant takes one), where the one
    that changes it least counts, so nothing is counted twice or overstated."""
    counted: set[str] = set()
    factor = 1.0
    for measure_id in left:
        if measure_id not in counted:
            group = {measure_id} | (set(sector.measures[measure_id].alternatives) & set(left))
            counted |= group
            factor *= max(left[m] for m in group)
    return factor


def potential(facts: Facts, rule: Rule) -> float | None:
    """What the rule's measures would save a year, if it fired and the data allow pricing."""
    total = None
    for measure_id in rule.recommend:
        saving = annual_saving(savings(facts, facts.sector.measures[measure_id])[0])
        if saving is not None:
            total = (total or 0.0) + saving
    return total


def payback(facts: Facts, measure_id: str, annual: float | None) -> tuple[Investment | None, Payback]:
    """The investment (the plant's quote first, else the knowledge base's) and the simple payback."""
    measure = facts.sector.measures[measure_id]
    currency = facts.currency
    inv = measure.investment
    quote = facts.plant.quotes.get(measure_id)
    no_savings = "treatment_no_savings" if measure.kind == "eop" else "savings_unknown"
    if quote is not None:  # the plant's own quote beats any figure from elsewhere
        investment = Investment(cost_class=inv.cost_class if inv else "not_classed", low=quote, high=quote,
                                currency=currency, basis="quote")
        if quote == 0:
            return investment, Payback(low_years=0.0, high_years=0.0, basis="no_investment")
        if annual is None or annual <= 0:
            return investment, Payback(basis=no_savings)
        return investment, _simple(quote, quote, annual, "quote_over_savings")
    if inv is None:
        return None, Payback(basis="investment_unknown")
    investment = Investment(cost_class=inv.cost_class, low=inv.low, high=inv.high, currency=inv.currency,
                            source=inv.source, evidence=inv.evidence, note=inv.note)
    size = size_of(facts, measure)
    if inv.per and size is None:  # a price per kW with the kW not known is no total
        investment = dataclasses.replace(investment, low=None, high=None)
        if measure.kind == "eop" and (annual is None or annual <= 0):
            return investment, Payback(basis="treatment_no_savings")
        return investment, Payback(basis="size_unknown", args={"per_unit": inv.per_unit})
    if inv.low is not None and inv.high is not None and (inv.per or inv.currency != currency):
        investment = indicative(facts, inv, investment, size)
    elsewhere = investment.low is not None and investment.currency != currency
    if elsewhere:  # another market's price is not shown as this plant's investment
        investment = dataclasses.replace(investment, low=None, high=None, basis=None, args={})
    if measure.kind == "eop" and (annual is None or annual <= 0):
        return investment, Payback(basis="treatment_no_savings")
    if inv.cost_class == "none":
        return investment, Payback(low_years=0.0, high_years=0.0, basis="no_investment")
    if elsewhere:
        return investment, Payback(basis="other_currency",
                                   args={"investment_currency": inv.currency, "plant_currency": currency})
    if investment.low is None or investment.high is None:
        return investment, Payback(basis="cost_class_only")
    if annual is None or annual <= 0:
        return investment, Payback(basis="savings_unknown")
    return investment, _simple(investment.low, investment.high, annual, "investment_over_savings")


def size_of(facts: Facts, measure: Measure) -> float | None:
    """The plant's size a specific cost is multiplied by (kW, t/d), where its answers give it."""
    inv = measure.investment
    if inv is None or inv.per is None:
        return None
    size = facts.formula(inv.per)
    return size if size is not None and size > 0 else None


def sizing_needs(facts: Facts, measure: Measure) -> list[Need]:
    """The answers that would size a specific cost the plant's answers cannot size yet."""
    inv = measure.investment
    if inv is None or inv.per is None or size_of(facts, measure) is not None:
        return []
    names = facts.sector.formulas[inv.per].names
    return needs_for(missing_inputs(facts.sector, names, facts.values), "sizes_investment")


def indicative(facts: Facts, inv: KbInvestment, sourced: Investment, size: float | None) -> Investment:
    """A sourced cost made this plant's: a specific cost times the plant's `size`, converted into its
    currency through the US dollar at the rates of the price's year and the latest year known (not
    escalated for inflation). A price that cannot be converted stays as sourced (and, being another
    market's, is not shown as this plant's: see payback)."""
    low, high = float(inv.low or 0.0), float(inv.high or 0.0)
    args: dict[str, Any] = {}
    if inv.per and size is not None:
        low, high = low * size, high * size
        args.update(size=size, per_unit=inv.per_unit, unit_low=inv.low, unit_high=inv.high)
    currency = facts.currency
    if inv.currency == currency:
        return dataclasses.replace(sourced, low=low, high=high, basis="indicative", args=args)
    from_rate, to_rate = _rate(facts, inv.currency, inv.year), _rate(facts, currency, None)
    # a price in a national currency is that market's (an Indonesian digester is not a Chinese
    # plant's investment); only an international price (in US dollars or euros) is converted
    if currency is None or from_rate is None or to_rate is None or inv.currency not in INTERNATIONAL:
        return sourced
    factor = to_rate.per_usd / from_rate.per_usd
    args.update(from_currency=inv.currency, price_year=inv.year, from_rate=from_rate.per_usd,
                from_rate_year=from_rate.year, to_rate=to_rate.per_usd, to_rate_year=to_rate.year,
                rate_source=to_rate.source, from_low=inv.low, from_high=inv.high)
    return dataclasses.replace(sourced, low=low * factor, high=high * factor, currency=currency,
                               basis="indicative", args=args)


def _rate(facts: Facts, currency: str | None, year: int | None) -> Rate | None:
    """The rate of `year` (the nearest year known), or the latest; the US dollar is 1."""
    if currency == "USD":
        return Rate(year=year or 0, per_usd=1.0, source="", evidence="V")
    rates = facts.sector.rates.get(currency or "", [])
    if not rates:
        return None
    if year is None:
        return rates[-1]
    return min(rates, key=lambda rate: (abs(rate.year - year), -rate.year))


def _simple(low: float, high: float, annual: float, basis: str) -> Payback:
    years = (low / annual, high / annual)
    if not all(math.isfinite(y) and y < 1000 for y in years):
        return Payback(basis="over_1000_years")
    return Payback(low_years=years[0], high_years=years[1], basis=basis)


def chain_investment(facts: Facts, stages: list[Investment | None]) -> Investment | None:
    """An EOP chain's investment: the sum of its stages where all are known, else the highest class."""
    classes = [i.cost_class for i in stages if i and i.cost_class in COST_ORDER]
    if not classes:
        return None
    highest = max(classes, key=COST_ORDER.__getitem__)
    currency = facts.currency
    if all(i and i.low is not None and i.high is not None and i.currency == currency for i in stages):
        return Investment(cost_class=highest, low=sum(i.low or 0.0 for i in stages if i),
                          high=sum(i.high or 0.0 for i in stages if i), currency=currency,
                          basis="sum_of_stages")
    return Investment(cost_class=highest, basis="highest_stage_class")
