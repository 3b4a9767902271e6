"""Facts of one plant: its answers, the indicators derived from them, and how far it is from its limits."""

from __future__ import annotations

import dataclasses
import functools
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions import AllOf, AnyOf, Leaf, Partial, evaluate, leaves
from ..kb.limits import LimitSet, Parameter
from ..kb.rules import RESIDUAL_FIELDS
from ..kb.schema import Typical
from ..kb.sector import Sector
from ..model import Value
from ..plant import Plant
from ..text import display_unit
from .typical import partial_answers, readings, typical_answers


@dataclass(kw_only=True, eq=False)
class Facts:
    """What every stage reads: the plant, its sector, and the values rules and formulas see."""

    plant: Plant
    sector: Sector
    values: dict[str, Any]  # answers, constants, indicators and `<parameter>_to_limit` ratios
    # the values once per reading of the plant's partial answers; [values] where there are none
    readings: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    assumed: dict[str, Typical] = dataclasses.field(default_factory=dict)  # typical answers taken
    absent: set[str] = dataclasses.field(default_factory=set)  # questions of units the plant lacks
    _worked_out: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)

    def formula(self, name: str) -> Any:
        """A formula of the knowledge base on these values, worked out once (a resource's daily cost is
        read by every measure that saves it)."""
        if name not in self._worked_out:
            self._worked_out[name] = self.sector.formulas[name](self.values)
        return self._worked_out[name]

    @property
    def currency(self) -> str | None:
        return self.values.get("currency")

    @property
    def days(self) -> float | None:
        return self.values.get("operating_days_per_year")

    def unit(self, name: str) -> str | None:
        """The unit as a reader sees it: the plant's currency, % and °C."""
        return reader_unit(self.sector, name, self.currency)

    def value(self, name: str, value: Any, values: Mapping[str, Any] | None = None) -> Value:
        """`value` of field or indicator `name` as a reader sees it (a choice keeps its label)."""
        field = self.sector.fields.get(name)
        if field and field.choices and isinstance(value, str):
            return Value(value=value, label=field.choices.get(value, value))
        if name == "parameter" and value in self.sector.limits.parameters:  # a rule about one parameter
            return Value(value=value, label=self.sector.limits.parameters[value].name)
        if name in self.sector.limit_ratio_names and value == 0:  # no limit applies: "0 times" says nothing
            return Value(value=None)
        if name == "required_removal":
            return Value(value=value, percent=True)
        parameter = (values or {}).get("parameter")
        if name in ("projected", "limit") and parameter in self.sector.limits.parameters:
            return Value(value=value, unit=display_unit(self.sector.limits.parameters[parameter].unit))
        if isinstance(value, bool) or value is None:
            return Value(value=value)
        return Value(value=value, unit=self.unit(name) if not isinstance(value, str) else None)

    def label(self, name: str) -> str:
        """A field's or indicator's short name, from the knowledge base."""
        return label(self.sector, name)


@functools.lru_cache(maxsize=8192)
def label(sector: Sector, name: str) -> str:
    if name in sector.indicators:
        return sector.indicators[name].name
    if name in sector.fields:
        return sector.fields[name].label or sector.fields[name].question
    if name in sector.limit_ratio_names:
        return sector.limits.parameters[name.removesuffix("_to_limit")].name
    return name


@functools.lru_cache(maxsize=4096)
def reader_unit(sector: Sector, name: str, currency: str | None) -> str | None:
    unit = None
    if name in sector.indicators:
        unit = sector.indicators[name].unit
    elif name in sector.fields:
        unit = sector.fields[name].unit
    return display_unit(unit, currency)


def plant_facts(plant: Plant) -> Facts:
    """The one way every caller (assess, explain, check) gets a plant's facts."""
    sector = plant.sector
    values = _values(sector, plant.answers)
    ways = readings(sector, plant.answers)
    return Facts(plant=plant, sector=sector, values=values,
                 readings=[values] if len(ways) == 1 else [_values(sector, way) for way in ways],
                 absent=inapplicable(sector, values))


def typical_facts(facts: Facts) -> Facts | None:
    """The plant's facts with what plants like it typically answer where it has not (None if nothing
    typical is known): the facts a likely measure rests on."""
    assumed = typical_answers(facts.sector, facts.values)
    if not assumed:
        return None
    values = _values(facts.sector, {**facts.plant.answers, **{k: t.value for k, t in assumed.items()}})
    return Facts(plant=facts.plant, sector=facts.sector, values=values, readings=[values], assumed=assumed)


MAX_RANGED = 6  # corners grow as 2^n; past six ranged answers only the first six are spread


def corner_facts(facts: Facts) -> list[Facts]:
    """The plant's facts at each corner of its ranged answers ('10-11 h/day' once at 10, once at 11),
    so that what follows from a range is a range; none where no answer is a range."""
    ranged = {key: (r.low, r.high) for key, r in facts.plant.recorded.items()
              if r.low is not None and r.high is not None and r.low != r.high}
    if not ranged:
        return []
    keys = sorted(ranged)[:MAX_RANGED]
    corners = []
    for ends in itertools.product(*(ranged[key] for key in keys)):
        values = _values(facts.sector, {**facts.plant.answers, **dict(zip(keys, ends, strict=True))})
        corners.append(Facts(plant=facts.plant, sector=facts.sector, values=values, readings=[values]))
    return corners


def spread(values: list[float | None]) -> tuple[float | None, float | None]:
    """The lowest and highest of what the corners give (none if any corner gives nothing)."""
    if not values or any(v is None for v in values):
        return None, None
    known = [float(v) for v in values if v is not None]
    return (min(known), max(known)) if min(known) != max(known) else (None, None)


def _values(sector: Sector, answers: Mapping[str, Any]) -> dict[str, Any]:
    partial = partial_answers(sector, answers)  # read each way wherever a condition tests them
    values = derive(sector, {**answers, **{key: Partial(answers[key], meant) for key, meant in partial.items()}})
    values.update(limit_ratios(sector, values))
    return values


def derive(sector: Sector, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers plus every indicator and constant that can be computed from them."""
    values: dict[str, Any] = {key: c.central for key, c in sector.constants.items()}
    values.update(answers)
    for key in sector.indicator_order:
        value = sector.formulas[sector.indicators[key].formula](values)
        if value is not None:
            values[key] = float(f"{value:.12g}")  # 7344.000000000001 is 7344
    return values


def inapplicable(sector: Sector, values: Mapping[str, Any]) -> set[str]:
    """Unanswered fields that do not apply to this plant: the questions of a unit it does not have."""
    return {name for name in sector.gates if values.get(name) is None and sector.not_asked(name, values)}


def missing_inputs(sector: Sector, names: set[str], values: Mapping[str, Any]) -> list[str]:
    """The unanswered questionnaire fields behind names (fields or indicators)."""
    out: list[str] = []
    for name in sorted(names):
        if values.get(name) is not None:
            continue
        if name in sector.indicators:
            formula = sector.formulas[sector.indicators[name].formula]
            out += missing_inputs(sector, formula.primary_names, values)
        elif name in sector.limit_ratio_names:
            parameter = sector.limits.parameters[name.removesuffix("_to_limit")]
            # the questions that decide which of the limit sets that may still apply does
            gates = {leaf.field for ls in candidate_limit_sets(sector, values) if ls.when for leaf in leaves(ls.when)}
            out += missing_inputs(sector, {parameter.value} | gates, values)
        elif name in sector.fields:
            out.append(name)
    return list(dict.fromkeys(out))


def unknown_fields(sector: Sector, condition: AllOf | AnyOf | Leaf, values: Mapping[str, Any]) -> list[str]:
    """Fields whose answers would decide an undecided condition."""
    names = {leaf.field for leaf in leaves(condition)
             if values.get(leaf.field) is None and leaf.field not in RESIDUAL_FIELDS}
    return missing_inputs(sector, names, values)


def current_value(sector: Sector, parameter: Parameter,
                  values: Mapping[str, Any]) -> tuple[float | None, Any, str | None]:
    """A parameter's value now: measured, else estimated where the estimate applies (with its formula)."""
    current = values.get(parameter.value)
    if current is not None:
        return current, "measured", None
    for estimate in parameter.estimates:  # the first that applies and can be worked out
        if estimate.when is None or evaluate(estimate.when, values) is True:
            current = sector.formulas[estimate.formula](values)
            if current is not None:
                return current, "estimated", estimate.formula
    return None, "unknown", None


def reference_factor(sector: Sector, limit_set: LimitSet, parameter: Parameter, values: Mapping[str, Any],
                     flow_factor: float = 1.0) -> tuple[float, float | None]:
    """How many times its reference flow the plant discharges per unit of product (flow_factor: what CP
    leaves of the stream), with the specific flow: 1 at or below the reference, or where the set has
    none for the parameter's stream; 1 and None where the plant's specific flow is not known."""
    reference = limit_set.reference_flow
    if reference is None or parameter.stream != reference.stream or display_unit(parameter.unit) != "mg/L":
        return 1.0, None
    specific = sector.formulas[reference.specific](values)
    if specific is None:
        return 1.0, None
    specific *= flow_factor
    return max(1.0, specific / reference.value), specific


def candidate_limit_sets(sector: Sector, values: Mapping[str, Any]) -> list[LimitSet]:
    """The limit sets that may apply: undecided ones, up to the first that surely does."""
    out = []
    for limit_set in sector.limits.limit_sets:
        truth = True if limit_set.when is None else evaluate(limit_set.when, values)
        if truth is not False:
            out.append(limit_set)
        if truth is True:
            break
    return out


def limit_ratios(sector: Sector, values: Mapping[str, Any]) -> dict[str, float]:
    """`<parameter>_to_limit` (value / applicable maximum), for CP rules that weigh a measure by how
    far the plant is from its own limit, not from another jurisdiction's."""
    candidates = candidate_limit_sets(sector, values)
    out = {}
    for key, parameter in sector.limits.parameters.items():
        if parameter.when is not None and evaluate(parameter.when, values) is False:
            out[f"{key}_to_limit"] = 0.0  # not discharged (zero liquid discharge), so over no limit
            continue
        if any(key in ls.limits and not ls.limits[key].known for ls in candidates):
            continue  # a limit whose value is not known: how far the plant is from it is not known
        # a set without a maximum for it cannot be exceeded: its ratio counts as 0
        maxima = [ls.limits[key].max if key in ls.limits else None for ls in candidates]
        if not any(maxima):
            out[f"{key}_to_limit"] = 0.0  # no limit that may apply caps it: over none, whatever it measures
            continue
        current = current_value(sector, parameter, values)[0]
        if current is None:
            continue
        ratios = [current * reference_factor(sector, ls, parameter, values)[0] / maximum if maximum else 0.0
                  for ls, maximum in zip(candidates, maxima, strict=True)]
        # While it is open which set applies, a ratio is known only where every set agrees
        # on which side of 1 it lies; the value given is then the cautious one.
        if all(r > 1 for r in ratios):
            out[f"{key}_to_limit"] = min(ratios)
        elif all(r <= 1 for r in ratios):
            out[f"{key}_to_limit"] = max(ratios)
    return out
