"""The Assessment: one plant's results, and the projections, gaps and references that are not measures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .advice import Problem, Recommendation, Rejected, SetAside
from .values import Answer, IndicatorResult, Note

SCHEMA_VERSION = 3  # 2: reasons, notes and statuses are codes; 3: likely measures and their assumptions


@dataclass(kw_only=True, eq=False)
class AtReference:
    """A concentration compared at the regulation's reference flow: measured x specific / reference
    where the plant discharges more per unit of product than the reference."""
    reference: float
    unit: str
    specific_now: float | None
    specific_after: float | None
    measured_now: float | None
    measured_after: float | None
    source: str
    evidence: str


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
    # unknown: the value is not known; limit_unknown: a limit applies but its value is not known
    status_now: Literal["within", "exceeds", "unknown", "no_limit", "limit_unknown"]
    status_after_cp: Literal["within", "exceeds", "unknown", "no_limit", "limit_unknown"]
    required_removal: float | None = None
    drivers: list[str] = field(default_factory=list)
    load_now: float | None = None  # kg/day, for a concentration in a stream: less water is not less load
    load_after: float | None = None
    at_reference: AtReference | None = None  # current and after_cp are then the compared values
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
    rejected: list[Rejected] = field(default_factory=list)  # pointed to, but the plant said no, and why
    main_problems: list[Problem] = field(default_factory=list)  # what the report opens with
    # measure id -> owner, target_date, status: what the plant decided at an earlier visit (its file's
    # `actions`; with `from_visit`, what the earlier visit's file said was done or dropped)
    actions: dict[str, dict[str, Any]] = field(default_factory=dict)
    previous: Assessment | None = None  # the earlier visit the plant file names, assessed as it was

