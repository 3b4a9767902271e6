"""Recommendations: a measure or EOP chain with its reasons, savings, cost, payback and place in the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .values import ConditionResult, Figure, Reason, TargetChange, Value

HORIZONS = ("do_now", "plan", "study")  # UNEP's order: no- and low-cost first, then investments, then studies


@dataclass(kw_only=True, eq=False)
class Assumption:
    """A typical answer a likely measure rests on, and the question that would confirm it."""

    field: str
    label: str
    value: Value
    question: str
    source: str
    evidence: str
    note: str


@dataclass(kw_only=True, eq=False)
class Saving:
    resource: str
    name: str
    change: float | None  # None: the plant's data do not yet place a target
    target: TargetChange | None = None
    change_low: float | None = None
    change_high: float | None = None
    amount_per_year: float | None
    unit: str | None
    value_per_year: float | None
    source: str
    evidence: str
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Investment:
    cost_class: str  # none, low, medium, high, or not_classed
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    source: str | None = None
    evidence: str | None = None
    # quote; an EOP chain's sum or highest class; `indicative`: a sourced cost scaled to the plant
    # and/or converted into its currency, as `args` say (size, rates and their years)
    basis: Literal["quote", "sum_of_stages", "highest_stage_class", "indicative"] | None = None
    args: dict[str, Any] = field(default_factory=dict)
    note: str | None = None  # the knowledge base's own note


@dataclass(kw_only=True, eq=False)
class Payback:
    low_years: float | None = None
    high_years: float | None = None
    basis: str  # how it was found, or why there is none: see PAYBACK_BASES
    args: dict[str, Any] = field(default_factory=dict)


PAYBACK_BASES = ("quote_over_savings", "investment_over_savings", "no_investment", "treatment_no_savings",
                 "savings_unknown", "investment_unknown", "cost_class_only", "other_currency",
                 "over_1000_years", "see_stages", "size_unknown")


@dataclass(kw_only=True, eq=False)
class Stage:
    """One measure of a recommendation; an EOP option may chain several, in order."""

    measure_id: str
    title: str
    description: str
    investment: Investment | None = None


@dataclass(kw_only=True, eq=False)
class EopTarget:
    """What an EOP option must achieve for one parameter, and what its stages typically remove."""

    parameter: str
    name: str
    unit: str
    projected: float
    limit: float
    bound: Literal["max", "min"]
    required_removal: float | None  # none for a value below a minimum, such as a low pH
    stage_removals: list[Figure | None]
    removal_low: float | None
    removal_high: float | None
    verdict: Literal["enough", "may_be_enough", "not_enough", "not_known"]


@dataclass(kw_only=True, eq=False)
class Recommendation:
    rank: int
    measure_id: str
    measure_ids: list[str]
    stages: list[Stage]
    title: str
    kind: Literal["cp", "eop"]
    technique: str
    hierarchy: int  # 1 prevention at source, 2 reuse and recovery, 3 treatment
    description: str
    rule_ids: list[str]
    reasons: list[Reason]
    effects: list[Figure]
    savings: list[Saving]
    annual_saving: float | None
    annual_saving_low: float | None = None  # where an answer behind it is a range
    annual_saving_high: float | None = None
    currency: str | None
    investment: Investment | None
    payback: Payback
    targets: list[EopTarget] = field(default_factory=list)
    sources: list[str]
    evidence: list[str]
    unverified: list[str]
    alternatives: list[str] = field(default_factory=list)  # recommended measures to choose among
    requires: list[str] = field(default_factory=list)  # recommended measures to do first
    # confirmed: the plant's answers show it applies; likely: it does where the plant is typical
    status: Literal["confirmed", "likely"] = "confirmed"
    assumptions: list[Assumption] = field(default_factory=list)  # what a likely measure rests on
    horizon: Literal["do_now", "plan", "study"] = "plan"  # UNEP: no/low cost now, investments, studies
    addresses: list[str] = field(default_factory=list)  # parameters over their limit it brings down


@dataclass(kw_only=True, eq=False)
class Problem:
    """One of the plant's main problems: a parameter far over its limit, or its largest running cost."""

    kind: Literal["limit", "cost", "indicator"]  # an indicator in its poor band, where nothing else is known
    key: str  # the parameter or resource
    name: str
    value: float | None
    unit: str | None  # the parameter's unit, or the plant's currency for a cost (a year)
    limit: float | None = None  # the limit, or for an indicator the edge of its poor band
    times: float | None = None  # value / limit (how far into the poor band, for an indicator)
    ranks: list[int] = field(default_factory=list)  # the recommendations that address it, by rank


@dataclass(kw_only=True, eq=False)
class Rejected:
    """A measure the rules point to that the plant rejected at an earlier visit for a stated reason:
    not recommended again, and the answers and indicators its rules test, to tell whether they changed."""

    measure_id: str
    title: str
    reason: str
    date: str | None = None
    facts: list[str] = field(default_factory=list)
    # the names of those facts that changed since the earlier visit: it is recommended again
    changed: list[str] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class SetAside:
    """A measure a rule pointed to that does not work at this plant, and the tests it fails."""

    measure_id: str
    title: str
    conditions: list[ConditionResult]
