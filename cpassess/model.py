"""The Assessment: one plant's results as ids, numbers, codes and knowledge-given text; never a made sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 3  # 2: reasons, notes and statuses are codes; 3: likely measures and their assumptions
# Plain dataclasses: reports are rendered without loading pydantic's model machinery; the JSON
# schema (`cpassess schema assessment`) and the tests' round trip go through pydantic.


HORIZONS = ("do_now", "plan", "study")  # UNEP's order: no- and low-cost first, then investments, then studies


@dataclass(kw_only=True, eq=False)
class Note:
    """Something the program says, as a code and its arguments; render/ turns it into words."""

    code: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass(kw_only=True, eq=False)
class Value:
    """A value as a reader sees it: a number with its unit, a choice with its label, yes/no, text."""

    value: Any
    unit: str | None = None
    label: str | None = None  # a choice's label from the questionnaire
    percent: bool = False  # a 0-1 fraction shown in percent


@dataclass(kw_only=True, eq=False)
class TargetChange:
    """A measure that brings an indicator to a value: the change follows this plant's own gap."""

    indicator: str
    name: str
    now: float | None
    value: float
    unit: str | None


@dataclass(kw_only=True, eq=False)
class Figure:
    """A number from the knowledge base with its source and evidence mark."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str | None = None
    evidence: str | None = None
    note: str | None = None
    quantity: str | None = None  # for a measure's effect: the stream, parameter or resource it changes
    name: str | None = None  # and that quantity's name
    target: TargetChange | None = None  # an effect given as a target (note: the knowledge's own note)


@dataclass(kw_only=True, eq=False)
class Answer:
    field: str
    section: str
    question: str
    value: Any  # for a range, its middle
    label: str | None = None  # a choice's label
    unit: str | None = None
    given: str | None = None  # the text as written, where it is not the bare value ("35 kg/batch", "Indonesia")
    low: float | None = None  # the ends of a range ("10-11 h/day"), in `unit`
    high: float | None = None
    basis: Literal["measured", "estimated"] | None = None  # as the plant said
    note: str | None = None  # the plant's own note on the answer
    converted_with: tuple[str, ...] = ()  # fields whose answers converted it
    conversion: str | None = None  # code of what the conversion assumed ("even_months", "standard_state_cn")


@dataclass(kw_only=True, eq=False)
class IndicatorResult:
    id: str
    name: str
    unit: str
    value: float | None
    band: Literal["best", "typical", "poor"] | None = None
    better: str | None = None
    best: Figure | None = None
    poor: Figure | None = None
    missing: list[str] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class ConditionResult:
    """One test of a rule, as evaluated on this plant."""

    field: str
    label: str
    op: str  # eq, neq, gt, gte, lt, lte, in, not_in
    value: Value
    threshold: list[Value]  # one value, or the list of `in` / `not_in`
    holds: bool | None
    decides: bool = False  # part of what made the rule fire (a true branch of an `any`)
    source: str | None = None
    evidence: str | None = None
    benchmark: str | None = None
    assumed: bool = False  # the value is what plants like this one typically have, not an answer


@dataclass(kw_only=True, eq=False)
class Reason:
    rule_id: str
    rule_title: str
    because: str  # the rule's template; sentences naming an unanswered value are left out when worded
    values: dict[str, Value] = field(default_factory=dict)  # what its placeholders stand for
    parameters: list[str] = field(default_factory=list)  # EOP: the parameters this rule fired for
    conditions: list[ConditionResult]
    sources: list[str]


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
                 "over_1000_years", "see_stages")


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

    kind: Literal["limit", "cost"]
    key: str  # the parameter or resource
    name: str
    value: float | None
    unit: str | None  # the parameter's unit, or the plant's currency for a cost (a year)
    limit: float | None = None
    times: float | None = None  # value / limit
    measures: list[str] = field(default_factory=list)  # the recommendations that address it


@dataclass(kw_only=True, eq=False)
class SetAside:
    """A measure a rule pointed to that does not work at this plant, and the tests it fails."""

    measure_id: str
    title: str
    conditions: list[ConditionResult]


@dataclass(kw_only=True, eq=False)
class Projection:
    parameter: str
    name: str
    unit: str
    current: float | None
    basis: Literal["measured", "estimated", "unknown"]
    estimate_formula: str | None = None
    estimate_note: str | None = None  # the knowledge base's note on the estimate
    after_cp: float | None
    change: float | None
    limit_min: float | None = None
    limit_max: float | None = None
    limit_source: str | None = None
    limit_evidence: str | None = None
    limit_note: str | None = None
    status_now: Literal["within", "exceeds", "unknown", "no_limit"]
    status_after_cp: Literal["within", "exceeds", "unknown", "no_limit"]
    required_removal: float | None = None
    drivers: list[str] = field(default_factory=list)
    load_now: float | None = None  # kg/day, for a concentration in a stream: less water is not less load
    load_after: float | None = None
    notes: list[Note] = field(default_factory=list)
    # the best any EOP option reaches: enough, may_be_enough, undecided, not_known, not_enough, no_option
    eop_verdict: str | None = None


@dataclass(kw_only=True, eq=False)
class Gap:
    field: str
    section: str
    question: str
    unit: str | None
    reasons: list[Note]
    rules: list[str]
    worth: float | None
    currency: str | None


@dataclass(kw_only=True, eq=False)
class Reference:
    id: str
    title: str
    url: str | None


@dataclass(kw_only=True, eq=False)
class LimitSetRef:
    id: str
    name: str
    note: str | None = None
    decided: bool


@dataclass(kw_only=True, eq=False)
class Assessment:
    schema_version: int = SCHEMA_VERSION
    cpassess_version: str
    sector: dict[str, str]
    plant: dict[str, Any]
    answers: list[Answer]
    indicators: list[IndicatorResult]
    recommendations: list[Recommendation]
    limit_set: LimitSetRef
    projections: list[Projection]
    eop_needed: bool
    data_gaps: list[Gap]
    references: list[Reference]
    totals: dict[str, Any]
    answers_to_check: list[Note] = field(default_factory=list)  # implausible answers, to confirm
    set_aside: list[SetAside] = field(default_factory=list)  # pointed to, but it does not work here
    main_problems: list[Problem] = field(default_factory=list)  # what the report opens with
