"""One assessment: derive indicators, infer CP, project, infer EOP, price, rank, list gaps."""

from __future__ import annotations

import functools
import math
import re
import string
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from . import __version__
from .conditions import OP_SYMBOLS, AllOf, AnyOf, Leaf, Truth, compare, deciding_leaves, evaluate, leaves
from .engine import CompiledStage
from .knowledge import EVIDENCE_LABELS, HIERARCHY, RESIDUAL_FIELDS, TECHNIQUES, Measure, Rule, Sector
from .model import (
    Answer,
    Assessment,
    ConditionResult,
    EopTarget,
    Figure,
    Gap,
    IndicatorResult,
    Investment,
    LimitSetRef,
    Payback,
    Projection,
    Reason,
    Recommendation,
    Reference,
    Saving,
    Stage,
)
from .questionnaire import Plant
from .text import display_unit, fmt, number_text

RESIDUAL_LABELS = {"parameter": "Parameter above its limit after CP", "projected": "Value after CP",
                   "limit": "Limit", "exceedance": "Times the limit", "required_removal": "Removal needed"}
PROFILE_FIELDS = ("name", "city", "region", "country", "currency", "advisor", "visit_date")


@functools.cache
def compiled(sector: Sector, stage: str) -> CompiledStage:
    return CompiledStage(sector.rules_for(stage), "plant" if stage == "cp" else "residual",
                         f"{sector.id}.{stage}")


@functools.lru_cache(maxsize=4096)
def _reader_unit(sector: Sector, name: str, currency: str | None) -> str | None:
    unit = None
    if name in sector.indicators:
        unit = sector.indicators[name].unit
    elif name in sector.fields:
        unit = sector.fields[name].unit
    return display_unit(unit, currency)


def derive(sector: Sector, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers plus every indicator and constant that can be computed from them."""
    facts: dict[str, Any] = {key: c.central for key, c in sector.constants.items()}
    facts.update(answers)
    for key in sector.indicator_order:
        value = sector.formulas[sector.indicators[key].formula](facts)
        if value is not None:
            facts[key] = float(f"{value:.12g}")  # 7344.000000000001 is 7344
    return facts


def missing_inputs(sector: Sector, names: set[str], facts: Mapping[str, Any]) -> list[str]:
    """The unanswered questionnaire fields behind names (fields or indicators)."""
    out: list[str] = []
    for name in sorted(names):
        if facts.get(name) is not None:
            continue
        if name in sector.indicators:
            formula = sector.formulas[sector.indicators[name].formula]
            out += missing_inputs(sector, formula.primary_names, facts)
        elif name in sector.limit_ratio_names:
            parameter = sector.limits.parameters[name.removesuffix("_to_limit")]
            gates = {leaf.field for ls in sector.limits.limit_sets if ls.when for leaf in leaves(ls.when)}
            out += missing_inputs(sector, {parameter.value} | gates, facts)
        elif name in sector.fields:
            out.append(name)
    return list(dict.fromkeys(out))


def _unknown_fields(sector: Sector, condition: AllOf | AnyOf | Leaf,
                    facts: Mapping[str, Any]) -> list[str]:
    """Fields whose answers would decide an undecided condition."""
    names = {leaf.field for leaf in leaves(condition)
             if facts.get(leaf.field) is None and leaf.field not in RESIDUAL_FIELDS}
    return missing_inputs(sector, names, facts)


class Assessor:
    """Runs the flow of DESIGN.md for one plant."""

    def __init__(self, plant: Plant) -> None:
        self.plant = plant
        self.sector = plant.sector
        self.answers = plant.answers
        self.facts = derive(self.sector, self.answers)
        self.currency = self.answers.get("currency")
        self.days = self.answers.get("operating_days_per_year")
        self.gaps: dict[str, dict[str, Any]] = {}
        self.undecided_eop: set[str] = set()  # parameters whose EOP options wait on answers

    # -- gaps ---------------------------------------------------------------------------------

    def _gap(self, field: str, reason: str, rule: str | None = None, worth: float | None = None) -> None:
        gap = self.gaps.setdefault(field, {"reasons": [], "rules": [], "worth": {}})
        if reason not in gap["reasons"]:
            gap["reasons"].append(reason)
        if rule and rule not in gap["rules"]:
            gap["rules"].append(rule)
        if rule and worth is not None:
            gap["worth"][rule] = worth  # per rule: a rule waiting on two answers counts once

    # -- explanation --------------------------------------------------------------------------

    def label(self, name: str) -> str:
        if name in self.sector.indicators:
            return self.sector.indicators[name].name
        if name in self.sector.fields:
            field = self.sector.fields[name]
            return field.label or field.question
        if name in self.sector.limit_ratio_names:
            return f"{self.sector.limits.parameters[name.removesuffix('_to_limit')].name} over its limit (times)"
        return RESIDUAL_LABELS.get(name, name.replace("_", " "))

    def unit(self, name: str) -> str | None:
        """The unit as a reader sees it: the plant's currency, % and °C."""
        return _reader_unit(self.sector, name, self.currency)

    def display(self, name: str, value: Any, facts: Mapping[str, Any] | None = None) -> str:
        if value is None:
            return "not answered"
        field = self.sector.fields.get(name)
        if field and field.choices and isinstance(value, str):
            return field.choices.get(value, value)
        if name == "required_removal" and isinstance(value, (int, float)):
            return f"{number_text(100 * value)}%"
        if name in ("projected", "limit") and facts and facts.get("parameter") in self.sector.limits.parameters:
            return fmt(value, display_unit(self.sector.limits.parameters[facts["parameter"]].unit))
        return fmt(value, self.unit(name))

    def conditions(self, rule: Rule, facts: Mapping[str, Any]) -> list[ConditionResult]:
        """Each test of the rule on this plant."""
        results = []
        deciding = {id(leaf) for leaf in deciding_leaves(rule.when, facts)}
        for leaf in leaves(rule.when):
            value = facts.get(leaf.field)
            threshold = leaf.threshold
            if isinstance(threshold, list):
                shown = ", ".join(self.display(leaf.field, v, facts) for v in threshold)
            else:
                shown = self.display(leaf.field, threshold, facts)
            source, evidence = leaf.source, leaf.evidence
            if leaf.benchmark:
                indicator_id, _, band = leaf.benchmark.partition(".")
                bench = getattr(self.sector.indicators[indicator_id].benchmark, band)
                source, evidence = bench.source, bench.evidence
            results.append(ConditionResult(
                field=leaf.field, label=self.label(leaf.field), op=OP_SYMBOLS[leaf.op], value=value,
                value_display=self.display(leaf.field, value, facts), threshold=threshold,
                threshold_display=shown,
                holds=None if value is None else leaf.holds(value), decides=id(leaf) in deciding,
                source=source, evidence=evidence, benchmark=leaf.benchmark))
        return results

    def because(self, rule: Rule, facts: Mapping[str, Any]) -> str:
        """The rule's explanation with this plant's values; sentences about unanswered fields drop out."""
        kept = []
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z(\[{])", " ".join(rule.because.split())):
            names = [name for _, name, _, _ in string.Formatter().parse(sentence) if name]
            if any(facts.get(name) is None for name in names):
                continue  # "The preheater exhaust leaves at not answered" helps no manager
            kept.append(sentence.format(**{name: self.display(name, facts.get(name), facts) for name in names}))
        return " ".join(kept) or rule.title

    def reason(self, rule: Rule, facts: Mapping[str, Any], parameter: str | None = None) -> Reason:
        return Reason(rule_id=rule.id, rule_title=rule.title, explanation=self.because(rule, facts),
                      parameters=[parameter] if parameter else [], conditions=self.conditions(rule, facts),
                      sources=list(rule.sources))

    # -- stages -------------------------------------------------------------------------------

    def infer_cp(self) -> list[Rule]:
        self.add_limit_ratios()
        fired_ids = {rule_id for rule_id, _ in compiled(self.sector, "cp").run([self.facts])}
        fired = []
        for rule in self.sector.rules_for("cp"):
            if rule.id in fired_ids:
                fired.append(rule)
            elif evaluate(rule.when, self.facts) is None:
                for field in _unknown_fields(self.sector, rule.when, self.facts):
                    self._gap(field, "decides whether a measure applies", rule.id,
                              self._potential(rule))
        return fired

    def _potential(self, rule: Rule) -> float | None:
        """What the rule's measures would save a year, if it fired and the data allow pricing."""
        total = None
        for measure_id in rule.recommend:
            saving = self.annual_saving(self.savings(self.sector.measures[measure_id], quiet=True))
            if saving is not None:
                total = (total or 0.0) + saving
        return total

    def savings(self, measure: Measure, quiet: bool = False) -> list[Saving]:
        out = []
        for quantity, effect in sorted(measure.effects.items()):
            resource = self.sector.resources.get(quantity)
            if resource is None:
                continue
            change = effect.expected(self.facts)
            daily_cost = self.sector.formulas[resource.daily_cost](self.facts)
            amount = self.sector.formulas[resource.amount](self.facts) if resource.amount else None
            yearly = None
            if change is None:
                if not quiet and effect.target:
                    for field in missing_inputs(self.sector, {effect.target.indicator}, self.facts):
                        self._gap(field, "needed to size the saving")
            elif daily_cost is not None and self.days is not None:
                yearly = -change * daily_cost * self.days
                if self.currency is None and not quiet:
                    self._gap("currency", "states the savings in the plant's money")
            elif not quiet:
                formula = self.sector.formulas[resource.daily_cost]
                for field in missing_inputs(self.sector, formula.names, self.facts) + \
                        ([] if self.days is not None else ["operating_days_per_year"]):
                    self._gap(field, "needed to put a price on savings")
            out.append(Saving(
                resource=quantity, name=resource.name, change=change,
                change_low=effect.low, change_high=effect.high,
                amount_per_year=None if amount is None or self.days is None or change is None
                else -change * amount * self.days,
                unit=(resource.unit or "").replace("/day", "/year") or None,
                value_per_year=yearly, source=effect.source, evidence=effect.evidence,
                note=effect.note, basis=self._target_note(effect, with_note=False) if effect.target else None))
        return out

    @staticmethod
    def annual_saving(savings: list[Saving]) -> float | None:
        values = [s.value_per_year for s in savings]
        if not values or any(v is None for v in values):
            return None
        return float(sum(v for v in values if v is not None))

    def _target_note(self, effect: Any, with_note: bool = True) -> str:
        target = effect.target
        indicator = self.sector.indicators[target.indicator]
        now = self.facts.get(target.indicator)
        text = (f"{indicator.name} brought from {fmt(now, self.unit(target.indicator))} to "
                f"{fmt(target.value, self.unit(target.indicator))}" if now is not None else
                f"{indicator.name} brought to {fmt(target.value, self.unit(target.indicator))}")
        return f"{text}; {effect.note}" if effect.note and with_note else text

    def quantity_name(self, quantity: str) -> str:
        sector = self.sector
        for table in (sector.streams, sector.limits.parameters, sector.resources):
            if quantity in table:
                return str(table[quantity].name)
        return quantity

    def payback(self, measure_id: str, annual: float | None) -> tuple[Investment | None, Payback]:
        measure = self.sector.measures[measure_id]
        inv = measure.investment
        quote = self.plant.quotes.get(measure_id)
        if quote is not None:  # the plant's own quote beats any figure from elsewhere
            investment = Investment(cost_class=inv.cost_class if inv else "not classed", low=quote,
                                    high=quote, currency=self.currency, note="quote given to the plant")
            if quote == 0:
                return investment, Payback(low_years=0.0, high_years=0.0, note="no investment")
            if annual is None or annual <= 0:
                return investment, Payback(note="treatment: no savings to pay it back" if measure.kind == "eop"
                                           else "annual savings not known")
            return investment, _payback(quote, quote, annual, "simple payback: the plant's quote / annual savings")
        if inv is None:
            return None, Payback(note="investment not known")
        investment = Investment(cost_class=inv.cost_class, low=inv.low, high=inv.high,
                                currency=inv.currency, source=inv.source, evidence=inv.evidence,
                                note=inv.note)
        if measure.kind == "eop" and (annual is None or annual <= 0):
            return investment, Payback(note="treatment: no savings to pay it back")
        if inv.cost_class == "none":
            return investment, Payback(low_years=0.0, high_years=0.0, note="no investment")
        if inv.low is None or inv.high is None:
            return investment, Payback(note="investment known only as a cost class")
        if inv.currency != self.currency:
            return investment, Payback(note=f"investment is known in {inv.currency}, the plant "
                                            f"reports in {self.currency or 'no currency'}")
        if annual is None or annual <= 0:
            return investment, Payback(note="annual savings not known")
        return investment, _payback(inv.low, inv.high, annual, "simple payback: investment / annual savings")

    def current_value(self, parameter: Any) -> tuple[float | None, Any, str | None]:
        """A parameter's value now: measured, else estimated where the estimate applies."""
        current = self.facts.get(parameter.value)
        if current is not None:
            return current, "measured", None
        estimate = parameter.estimate
        if estimate is not None and (estimate.when is None or evaluate(estimate.when, self.facts) is True):
            current = self.sector.formulas[estimate.formula](self.facts)
            if current is not None:
                return current, "estimated", estimate.note or f"estimated: {estimate.formula}"
        return None, "unknown", None

    def add_limit_ratios(self) -> None:
        """Facts `<parameter>_to_limit` (value / applicable maximum) for CP rules that weigh a
        measure by how far the plant is from its own limit, not from another jurisdiction's."""
        candidates = self.candidate_limit_sets()
        for key, parameter in self.sector.limits.parameters.items():
            current = self.current_value(parameter)[0]
            if current is None:
                continue
            # a set without a maximum for it cannot be exceeded: its ratio counts as 0
            ratios = [current / ls.limits[key].max if key in ls.limits and ls.limits[key].max else 0.0
                      for ls in candidates]
            # While it is open which set applies, a ratio is known only where every set agrees
            # on which side of 1 it lies; the value given is then the cautious one.
            if all(r > 1 for r in ratios):
                self.facts[f"{key}_to_limit"] = min(ratios)
            elif all(r <= 1 for r in ratios):
                self.facts[f"{key}_to_limit"] = max(ratios)

    def candidate_limit_sets(self) -> list[Any]:
        """The limit sets that may apply: undecided ones, up to the first that surely does."""
        out = []
        for limit_set in self.sector.limits.limit_sets:
            truth = True if limit_set.when is None else evaluate(limit_set.when, self.facts)
            if truth is not False:
                out.append(limit_set)
            if truth is True:
                break
        return out

    def project(self, measure_ids: list[str]) -> tuple[list[Projection], Any]:
        limit_set, decided = self.limit_set()
        factors: dict[str, float] = {}
        drivers: dict[str, list[str]] = defaultdict(list)
        for measure_id in sorted(set(measure_ids)):
            for quantity, effect in self.sector.measures[measure_id].effects.items():
                change = effect.expected(self.facts)
                if change is not None:  # a target the plant's data cannot place projects nothing
                    factors[quantity] = factors.get(quantity, 1.0) * (1.0 + change)
                    drivers[quantity].append(measure_id)
        out = []
        for key, parameter in self.sector.limits.parameters.items():
            applies = True if parameter.when is None else evaluate(parameter.when, self.facts)
            if applies is False:
                continue  # e.g. cooler dust at a shaft kiln, which has no cooler
            limit = limit_set.limits.get(key)
            current, basis, note = self.current_value(parameter)
            if applies is None and parameter.when is not None:  # ask whether it applies, then its value
                for field in _unknown_fields(self.sector, parameter.when, self.facts):
                    self._gap(field, f"decides whether {parameter.name} applies to this plant")
                if basis != "measured":
                    continue
            # A value only decides something where the applicable limit set has a limit for it.
            if limit is not None and basis != "measured":
                reason = (f"{parameter.name} decides whether end-of-pipe treatment is needed"
                          if basis == "unknown" else f"confirms the estimated {parameter.name}")
                for field in missing_inputs(self.sector, {parameter.value}, self.facts):
                    self._gap(field, reason)
            after, used = self._after_cp(parameter, key, current, factors, drivers)
            projection = Projection(
                parameter=key, name=parameter.name, unit=display_unit(parameter.unit) or "",
                current=current,
                basis=basis, estimate_note=note, after_cp=after,
                change=None if current in (None, 0) or after is None else after / current - 1.0,
                limit_min=limit.min if limit else None, limit_max=limit.max if limit else None,
                limit_source=limit.source if limit else None,
                limit_evidence=limit.evidence if limit else None,
                limit_note=limit.note if limit else None,
                status_now=_status(current, limit), status_after_cp=_status(after, limit),
                drivers=sorted(set(used)))
            if current and after is not None and after > current * 1.0001:
                projection.note = (f"{parameter.name} rises after CP: the measures cut the flow more "
                                   f"than the load, so the same load arrives in less water; the "
                                   f"mass to treat does not grow")
            if projection.status_after_cp == "exceeds" and limit and limit.max is not None \
                    and after is not None and after > limit.max:
                projection.required_removal = 1.0 - limit.max / after
            out.append(projection)
        return out, LimitSetRef(id=limit_set.id, name=limit_set.name, note=limit_set.note,
                                decided=decided)

    def _after_cp(self, parameter: Any, key: str, current: float | None,
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
            amount = self.sector.formulas[part.value](self.facts)
            if amount is None:
                continue  # share unknown: it stays in the remainder, which does not follow it
            remainder -= amount
            parts_after += amount * factor(part.follows)
            used += [m for q in part.follows for m in drivers.get(q, [])]
        flow = factors.get(parameter.stream, 1.0) if parameter.stream else 1.0
        after = (remainder * factor(parameter.follows) + parts_after) * factors.get(key, 1.0)
        return (after / flow if flow > 0 else after), used

    def limit_set(self) -> tuple[Any, bool]:
        """The first limit set whose condition holds; an earlier undecided one leaves a gap."""
        *undecided, chosen = self.candidate_limit_sets()
        for limit_set in undecided:
            for field in _unknown_fields(self.sector, limit_set.when, self.facts):
                self._gap(field, f"decides whether {limit_set.name} applies")
        return chosen, not undecided

    def residuals(self, projections: list[Projection]) -> list[dict[str, Any]]:
        facts = []
        for p in projections:
            if p.status_after_cp != "exceeds" or p.after_cp is None:
                continue
            if p.limit_max is not None and p.after_cp > p.limit_max:
                limit, exceedance = p.limit_max, p.after_cp / p.limit_max if p.limit_max else math.inf
            else:
                limit = p.limit_min or 0.0
                exceedance = limit / p.after_cp if p.after_cp else math.inf
            facts.append({**self.facts, "parameter": p.parameter, "projected": p.after_cp,
                          "limit": limit, "exceedance": min(exceedance, 1e12),
                          "required_removal": p.required_removal or 0.0})
        return facts

    def infer_eop(self, residuals: list[dict[str, Any]]) -> list[tuple[Rule, dict[str, Any]]]:
        fired = compiled(self.sector, "eop").run(residuals)
        out = []
        for rule in self.sector.rules_for("eop"):
            for fact in residuals:
                if (rule.id, fact["parameter"]) in fired:
                    out.append((rule, fact))
                elif evaluate(rule.when, fact) is None:
                    self.undecided_eop.add(fact["parameter"])
                    for field in _unknown_fields(self.sector, rule.when, fact):
                        self._gap(field, "decides which end-of-pipe option fits", rule.id)
        return out

    # -- the whole flow -----------------------------------------------------------------------

    def run(self) -> Assessment:
        sector = self.sector
        cp_rules = self.infer_cp()
        cp_measures: dict[str, list[Reason]] = defaultdict(list)
        rule_ids: dict[str, list[str]] = defaultdict(list)
        for rule in cp_rules:
            for measure_id in rule.recommend:
                cp_measures[measure_id].append(self.reason(rule, self.facts))
                rule_ids[measure_id].append(rule.id)
        projections, limit_ref = self.project(list(cp_measures))
        residuals = self.residuals(projections)
        # An EOP option is the chain of measures a rule recommends; two rules proposing the same
        # chain (for different parameters) make one option with both reasons.
        options: dict[tuple[str, ...], dict[str, Any]] = {}
        by_parameter = {p.parameter: p for p in projections}
        for rule, fact in self.infer_eop(residuals):
            parameter = fact["parameter"]
            option = options.setdefault(tuple(rule.recommend), {"reasons": {}, "rules": [], "targets": {}})
            if rule.id in option["reasons"]:  # one reason per rule, naming every parameter it fired for
                option["reasons"][rule.id].parameters.append(parameter)
            else:
                option["reasons"][rule.id] = self.reason(rule, fact, parameter)
            option["rules"].append(rule.id)
            option["targets"].setdefault(parameter, self._target(rule.recommend, by_parameter[parameter]))
        recommendations = [self._recommendation([m], reasons, rule_ids[m], [])
                           for m, reasons in cp_measures.items()]
        recommendations += [self._recommendation(list(chain), list(o["reasons"].values()), o["rules"],
                                                 list(o["targets"].values()))
                            for chain, o in options.items()]
        for projection in projections:
            if projection.status_after_cp == "exceeds":
                verdicts: list[str] = [t.verdict for r in recommendations for t in r.targets
                                       if t.parameter == projection.parameter]
                if projection.parameter in self.undecided_eop:
                    verdicts.append("undecided")  # an option may still fit once the answers are in
                projection.eop_verdict = min(verdicts, key=VERDICT_ORDER.__getitem__) if verdicts \
                    else "no option"
        recommendations = _first_things_first(sorted(recommendations, key=_rank_key), self.sector)
        recommended = {r.measure_id for r in recommendations}
        for rank, recommendation in enumerate(recommendations, 1):
            recommendation.rank = rank
            measure = self.sector.measures[recommendation.measure_id]
            recommendation.alternatives = [m for m in measure.alternatives if m in recommended]
            recommendation.requires = [m for m in measure.requires if m in recommended]
        indicators = self.indicator_results()
        return Assessment(
            cpassess_version=__version__, sector={"id": sector.id, "name": sector.info.name},
            plant=self.profile(), answers=self.answer_list(), indicators=indicators,
            recommendations=recommendations, limit_set=limit_ref, projections=projections,
            eop_needed=any(p.status_after_cp == "exceeds" for p in projections),
            data_gaps=self.gap_list(), references=self.references(recommendations, projections, indicators),
            evidence_legend=dict(EVIDENCE_LABELS), totals=self.totals(recommendations),
            answers_to_check=self.answers_to_check())

    def _target(self, chain: list[str], projection: Projection) -> EopTarget:
        """Removal the chain must reach for one parameter, against what its stages typically remove."""
        after = projection.after_cp or 0.0
        bound: Any = "max" if projection.limit_max is not None and after > projection.limit_max else "min"
        limit = projection.limit_max if bound == "max" else projection.limit_min
        figures = [self.sector.measures[m].removal.get(projection.parameter) for m in chain]
        low = high = None
        if figures and all(f is not None and f.central is not None for f in figures):
            low = 1.0 - math.prod(1.0 - _end(f, "low") for f in figures if f is not None)
            high = 1.0 - math.prod(1.0 - _end(f, "high") for f in figures if f is not None)
        required = projection.required_removal if bound == "max" else None
        verdict: Any = "not known"
        if required is not None and low is not None and high is not None:
            verdict = "enough" if low >= required else ("not enough" if high < required else "may be enough")
        return EopTarget(
            parameter=projection.parameter, name=projection.name, unit=projection.unit,
            projected=after, limit=limit or 0.0, bound=bound, required_removal=required,
            stage_removals=[_figure(f) if f else None for f in figures],
            removal_low=low, removal_high=high, verdict=verdict)

    def _recommendation(self, measure_ids: list[str], reasons: list[Reason], rules: list[str],
                        targets: list[EopTarget]) -> Recommendation:
        measures = [self.sector.measures[m] for m in measure_ids]
        first = measures[0]
        savings = [saving for measure in measures for saving in self.savings(measure)]
        annual = self.annual_saving(savings)
        # each stage of a chain has its own investment; their sum or highest class is the option's
        stage_investments: list[Investment | None] = (
            [self.payback(m, None)[0] for m in measure_ids] if len(measures) > 1 else [None])
        if len(measures) == 1:
            investment, payback = self.payback(measure_ids[0], annual)
        else:
            investment = self._chain_investment(stage_investments)
            payback = Payback(note="treatment: no savings to pay it back" if annual is None
                              else "see each stage's investment")
        label, level = TECHNIQUES[first.technique]
        effects = [Figure(value=e.expected(self.facts) if e.target else e.change, low=e.low, high=e.high,
                          quantity=q, name=self.quantity_name(q), source=e.source, evidence=e.evidence,
                          note=self._target_note(e) if e.target else e.note)
                   for measure in measures for q, e in sorted(measure.effects.items())]
        evidences: list[str] = [e.evidence for measure in measures for e in measure.effects.values()]
        evidences += [c.evidence for r in reasons for c in r.conditions if c.decides and c.evidence]
        evidences += [f.evidence for t in targets for f in t.stage_removals if f and f.evidence]
        if investment and investment.evidence:
            evidences.append(investment.evidence)
        sources = sorted({s for m in measures for s in m.sources} | {s for r in reasons for s in r.sources}
                         | {e.source for m in measures for e in m.effects.values()})
        stages = [Stage(measure_id=m_id, title=m.title, description=" ".join(m.description.split()),
                        investment=stage_investment)
                  for m_id, m, stage_investment in zip(measure_ids, measures, stage_investments, strict=True)]
        return Recommendation(
            rank=0, measure_id=measure_ids[0], measure_ids=measure_ids, stages=stages,
            title=" → ".join(m.title for m in measures), kind=first.kind,
            technique=first.technique, technique_label=label, hierarchy=level,
            hierarchy_label=HIERARCHY[level], description=" ".join(first.description.split()),
            rule_ids=sorted(set(rules)), reasons=reasons, effects=effects, savings=savings,
            annual_saving=annual, currency=self.currency, investment=investment, payback=payback,
            targets=sorted(targets, key=lambda t: t.parameter), sources=sources,
            evidence=sorted(set(evidences)), unverified=sorted({e for e in evidences if e != "V"}))

    def _chain_investment(self, stages: list[Investment | None]) -> Investment | None:
        classes = [i.cost_class for i in stages if i and i.cost_class in COST_ORDER]
        if not classes:
            return None
        highest = max(classes, key=COST_ORDER.__getitem__)
        if all(i and i.low is not None and i.high is not None and i.currency == self.currency for i in stages):
            return Investment(cost_class=highest, low=sum(i.low or 0.0 for i in stages if i),
                              high=sum(i.high or 0.0 for i in stages if i), currency=self.currency,
                              note="the sum of the stages")
        return Investment(cost_class=highest, note="the highest cost class among the stages")

    # -- the rest of the report ---------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        profile = {key: self.answers.get(key) for key in PROFILE_FIELDS}
        country = self.sector.fields.get("country")
        if country and country.choices and profile.get("country"):
            profile["country_name"] = country.choices.get(str(profile["country"]))
        production = self.sector.info.production
        if production:
            profile["production"] = self.display(production, self.answers.get(production))
            profile["production_label"] = self.label(production)
        return profile

    def answer_list(self) -> list[Answer]:
        return [Answer(field=key, section=self.sector.field_section[key], question=field.question,
                       value=self.answers[key], display=self.display(key, self.answers[key]),
                       unit=self.unit(key))
                for key, field in self.sector.fields.items() if key in self.answers]

    def indicator_results(self) -> list[IndicatorResult]:
        out = []
        for key, indicator in self.sector.indicators.items():
            value = self.facts.get(key)
            bench = indicator.benchmark
            out.append(IndicatorResult(
                id=key, name=indicator.name, unit=self.unit(key) or "", value=value,
                band=_band(value, indicator.better, bench) if bench else None,
                better=indicator.better,
                best=_figure(bench.best) if bench and bench.best else None,
                poor=_figure(bench.poor) if bench and bench.poor else None,
                missing=missing_inputs(self.sector, {key}, self.facts) if value is None else []))
        return out

    def _gate_gaps(self) -> None:
        """A question asked only if another answer says so waits for that answer first."""
        for field in list(self.gaps):
            gate = self.sector.fields[field].asked_if
            if gate is None:
                continue
            truth = evaluate(gate, self.facts)
            if truth is True:
                continue
            gap = self.gaps.pop(field)
            if truth is None:
                for gate_field in _unknown_fields(self.sector, gate, self.facts):
                    for reason in gap["reasons"]:
                        self._gap(gate_field, reason)
                    for rule in gap["rules"]:
                        self._gap(gate_field, gap["reasons"][0], rule, gap["worth"].get(rule))

    def gap_list(self) -> list[Gap]:
        self._gate_gaps()
        order = {key: index for index, key in enumerate(self.sector.fields)}
        gaps = []
        for field, gap in self.gaps.items():
            spec = self.sector.fields[field]
            gaps.append(Gap(field=field, section=self.sector.field_section[field],
                            question=spec.question, unit=self.unit(field), reasons=gap["reasons"],
                            rules=sorted(gap["rules"]),
                            worth=sum(gap["worth"].values()) if gap["worth"] else None,
                            currency=self.currency))
        gaps.sort(key=lambda g: (_gap_priority(g), g.worth is None, -(g.worth or 0.0), -len(g.rules),
                                 order.get(g.field, 0)))
        return gaps

    def references(self, recommendations: list[Recommendation], projections: list[Projection],
                   indicators: list[IndicatorResult]) -> list[Reference]:
        cited: set[str] = set()
        for r in recommendations:
            cited.update(r.sources)
            cited.update(c.source for reason in r.reasons for c in reason.conditions
                         if c.decides and c.source)
            cited.update(f.source for t in r.targets for f in t.stage_removals if f and f.source)
            if r.investment and r.investment.source:
                cited.add(r.investment.source)
        cited.update(p.limit_source for p in projections if p.limit_source)
        for i in indicators:
            cited.update(f.source for f in (i.best, i.poor) if f and f.source)
        for parameter in self.sector.limits.parameters.values():
            if parameter.estimate:
                for name in self.sector.formulas[parameter.estimate.formula].names:
                    if name in self.sector.constants:
                        cited.add(self.sector.constants[name].source)
        return [Reference(id=key, title=self.sector.sources[key].title,
                          url=self.sector.sources[key].url)
                for key in sorted(cited, key=_natural) if key in self.sector.sources]

    def answers_to_check(self) -> list[str]:
        """Answers that look like slips: a fraction typed for a percentage, the sector's checks."""
        out = []
        for key, value in self.answers.items():
            field = self.sector.fields[key]
            if field.unit != "percent" or not 0 < value < 1:
                continue
            if field.max is None or 100 * value <= field.max:  # 0.6 % sulphur is no slip for 60 %
                out.append(f"{self.label(key)}: {fmt(value)}%. If {fmt(100 * value)}% was meant, "
                           f"write {fmt(100 * value)}.")
        for check in self.sector.checks:
            value = self.sector.formulas[check.formula](self.facts)
            if value is not None and compare(check.op, value, check.value):
                out.append(check.message.format(value=fmt(value)))
        return out

    def totals(self, recommendations: list[Recommendation]) -> dict[str, Any]:
        cp = [r for r in recommendations if r.kind == "cp"]
        priced = [r.annual_saving for r in cp if r.annual_saving is not None]
        return {"cp_measures": len(cp), "eop_measures": len(recommendations) - len(cp),
                "cp_priced": len(priced), "cp_annual_saving_sum": sum(priced) if priced else None,
                "currency": self.currency}


def _natural(key: str) -> list[Any]:
    """F2 before F10: numbers inside ids sort as numbers."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", key)]


PRICING_REASONS = ("needed to put a price on savings", "states the savings in the plant's money")


def _gap_priority(gap: Gap) -> int:
    """First what prices every saving, then what decides end-of-pipe treatment, then the rest."""
    if any(reason in PRICING_REASONS for reason in gap.reasons):
        return 0
    if any("end-of-pipe" in reason for reason in gap.reasons):
        return 1
    return 2


def _status(value: float | None, limit: Any) -> Any:
    if limit is None:
        return "no limit"
    if value is None:
        return "unknown"
    if (limit.max is not None and value > limit.max) or (limit.min is not None and value < limit.min):
        return "exceeds"
    return "within"


def _band(value: float | None, better: str | None, bench: Any) -> Any:
    if value is None or better is None:
        return None
    sign = 1.0 if better == "lower" else -1.0
    if bench.best is not None and bench.best.central is not None and sign * value <= sign * bench.best.central:
        return "best"
    if bench.poor is not None and bench.poor.central is not None and sign * value > sign * bench.poor.central:
        return "poor"
    return "typical"


def _figure(sourced: Any) -> Figure:
    return Figure(value=sourced.value, low=sourced.low, high=sourced.high,
                  unit=getattr(sourced, "unit", None), source=sourced.source,
                  evidence=sourced.evidence, note=sourced.note)


def _payback(low: float, high: float, annual: float, note: str) -> Payback:
    years = (low / annual, high / annual)
    if not all(math.isfinite(y) and y < 1000 for y in years):
        return Payback(note="more than 1,000 years: the savings are far too small for the investment")
    return Payback(low_years=years[0], high_years=years[1], note=note)


VERDICT_ORDER = {"enough": 0, "may be enough": 1, "undecided": 2, "not known": 3, "not enough": 4}


COST_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}


def _rank_key(r: Recommendation) -> tuple[Any, ...]:
    """CP hierarchy; for EOP what closes the gap; then cost class (no-cost housekeeping first, as
    advisors do, so a quoted 100-year payback never jumps the queue), payback, savings."""
    payback = r.payback.high_years if r.payback.high_years is not None else r.payback.low_years
    verdict = max((VERDICT_ORDER[t.verdict] for t in r.targets), default=0)
    cost = COST_ORDER.get(r.investment.cost_class, len(COST_ORDER)) if r.investment else len(COST_ORDER)
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


def _end(figure: Any, end: str) -> float:
    """One end of a removal figure (a single value stands for both ends)."""
    value = getattr(figure, end)
    return float(figure.value if value is None else value)


def assess(plant: Plant) -> Assessment:
    return Assessor(plant).run()


def explain(plant: Plant, rule_id: str) -> dict[str, Any]:
    """Why a rule fired, did not, or could not be decided, on this plant."""
    sector = plant.sector
    rule = sector.rules[rule_id]
    assessor = Assessor(plant)
    projections: list[Projection] = []
    if rule.stage == "cp":
        assessor.add_limit_ratios()
        cases = [(None, assessor.facts)]
    else:
        projections, _ = assessor.project([m for r in assessor.infer_cp() for m in r.recommend])
        cases = [(f["parameter"], f) for f in assessor.residuals(projections)]
    outcomes = []
    for parameter, facts in cases:
        truth: Truth = evaluate(rule.when, facts)
        outcomes.append({"parameter": parameter, "truth": truth,
                         "reason": assessor.reason(rule, facts, parameter),
                         "missing": _unknown_fields(sector, rule.when, facts) if truth is None else []})
    return {"rule": rule, "outcomes": outcomes, "assessor": assessor, "projections": projections}
