"""What the pipeline says of a plant: values, notes, figures, answers, indicators and the reasons of rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal


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
    name: str | None = None  # the field's short name, for lists
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
    low: float | None = None  # where an answer behind it is a range: what its ends give
    high: float | None = None
    band: Literal["best", "typical", "poor"] | None = None
    better: str | None = None
    best: Figure | None = None
    poor: Figure | None = None
    kind: str | None = None  # the kind of plant whose bands these are, where they depend on it
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
