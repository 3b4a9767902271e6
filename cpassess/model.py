"""The Assessment: one plant's results as plain data, serialised to JSON and fed to templates."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = 1
# Plain dataclasses: reports are rendered without loading pydantic's model machinery; the JSON
# schema (`cpassess schema assessment`) and the tests' round trip go through pydantic.


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


@dataclass(kw_only=True, eq=False)
class Answer:
    field: str
    section: str
    question: str
    value: Any
    display: str
    unit: str | None = None


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
    op: str
    value: Any
    value_display: str
    threshold: Any
    threshold_display: str
    holds: bool | None
    decides: bool = False  # part of what made the rule fire (a true branch of an `any`)
    source: str | None = None
    evidence: str | None = None
    benchmark: str | None = None


@dataclass(kw_only=True, eq=False)
class Reason:
    rule_id: str
    rule_title: str
    explanation: str
    parameters: list[str] = field(default_factory=list)  # EOP: the parameters this rule fired for
    conditions: list[ConditionResult]
    sources: list[str]


@dataclass(kw_only=True, eq=False)
class Saving:
    resource: str
    name: str
    change: float | None  # None: the plant's data do not yet place a target
    basis: str | None = None  # for a target: "water per kg brought from 45 L/kg to 20 L/kg"
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
    cost_class: str
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    source: str | None = None
    evidence: str | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Payback:
    low_years: float | None = None
    high_years: float | None = None
    note: str


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
    verdict: Literal["enough", "may be enough", "not enough", "not known"]


@dataclass(kw_only=True, eq=False)
class Recommendation:
    rank: int
    measure_id: str
    measure_ids: list[str]
    stages: list[Stage]
    title: str
    kind: Literal["cp", "eop"]
    technique: str
    technique_label: str
    hierarchy: int
    hierarchy_label: str
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


@dataclass(kw_only=True, eq=False)
class Projection:
    parameter: str
    name: str
    unit: str
    current: float | None
    basis: Literal["measured", "estimated", "unknown"]
    estimate_note: str | None = None
    after_cp: float | None
    change: float | None
    limit_min: float | None = None
    limit_max: float | None = None
    limit_source: str | None = None
    limit_evidence: str | None = None
    limit_note: str | None = None
    status_now: Literal["within", "exceeds", "unknown", "no limit"]
    status_after_cp: Literal["within", "exceeds", "unknown", "no limit"]
    required_removal: float | None = None
    drivers: list[str] = field(default_factory=list)
    note: str | None = None
    eop_verdict: str | None = None  # the best any EOP option reaches: enough, may be enough, ...


@dataclass(kw_only=True, eq=False)
class Gap:
    field: str
    section: str
    question: str
    unit: str | None
    reasons: list[str]
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
    evidence_legend: dict[str, str]
    totals: dict[str, Any]
    answers_to_check: list[str] = field(default_factory=list)  # implausible answers, to confirm


@functools.lru_cache(maxsize=1)
def _adapter() -> Any:
    from pydantic import TypeAdapter  # built once, only by runs that write JSON or a schema

    return TypeAdapter(Assessment)


def to_json(assessment: Assessment) -> str:
    """The assessment as JSON: keys in model order, UTF-8 text, the same bytes for the same input."""
    return str(_adapter().dump_json(assessment, indent=2).decode()) + "\n"


def json_schema() -> dict[str, Any]:
    return dict(_adapter().json_schema())
