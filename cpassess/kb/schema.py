"""The knowledge files' shapes: questionnaire, sector and indicators (validated by pydantic; limits in limits.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from ..conditions import STRICT, Condition, Evidence

# Plain dataclasses, validated by pydantic when the YAML is read (see conditions.STRICT).

@dataclass(kw_only=True, eq=False)
class Sourced:
    """A number from the literature, with where it was read and how sure we are."""

    __pydantic_config__ = STRICT
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        numbers = [n for n in (self.value, self.low, self.high) if n is not None]
        if any(not math.isfinite(n) for n in numbers):
            raise ValueError("numbers must be finite")
        if self.evidence == "G":
            if numbers:
                raise ValueError("evidence G (gap) means no value is known: give none")
        elif self.value is None and (self.low is None or self.high is None):
            raise ValueError("give `value`, or `low` and `high`")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("`low` is above `high`")

    @property
    def central(self) -> float | None:
        """The value, or the conservative (smaller-magnitude) end of a range."""
        if self.value is not None:
            return self.value
        if self.low is None or self.high is None:
            return None
        return self.low if abs(self.low) <= abs(self.high) else self.high


@dataclass(kw_only=True, eq=False)
class Source:
    __pydantic_config__ = STRICT
    title: str
    url: str | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class QField:
    __pydantic_config__ = STRICT
    question: str
    label: str | None = None  # a short name for tables and explanations; else the question
    type: Literal["number", "integer", "boolean", "choice", "text", "date"]  # a date: YYYY-MM-DD, a real one
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: dict[str, str] | None = None
    pattern: str | None = None
    required: bool = False
    help: str | None = None
    example: str | None = None  # shown when a text answer does not match `pattern`
    asked_if: Condition | None = None  # e.g. boiler details only where there is a boiler
    # A choice that narrows the answer without settling it ("dry rotary kiln, type not known")
    # names the choices it may stand for; rules then see each of them in turn.
    one_of: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("`choices` is needed for, and only for, type choice")
        for partial, meant in self.one_of.items():
            choices = self.choices or {}
            if partial not in choices or len(meant) < 2 or any(
                    m not in choices or m in self.one_of for m in meant):
                raise ValueError(f"`one_of` maps a choice ({partial!r}) to two or more of the other "
                                 f"choices")
        if self.type not in ("number", "integer") and (self.min is not None or self.max is not None
                                                       or self.unit is not None):
            raise ValueError("`unit`, `min` and `max` are for number and integer fields")


@dataclass(kw_only=True, eq=False)
class Typical:
    """What plants like this one usually answer (where `when` holds), for a plant that has not
    answered: a rule that fires on it recommends its measure as likely, never as confirmed."""

    __pydantic_config__ = STRICT
    value: str | bool | float
    when: Condition | None = None
    source: str
    evidence: Evidence
    note: str


@dataclass(kw_only=True, eq=False)
class Rate:
    """Units of a currency per US dollar, the annual average of one year."""

    __pydantic_config__ = STRICT
    year: int
    per_usd: float
    source: str
    evidence: Evidence

    def __post_init__(self) -> None:
        if not (math.isfinite(self.per_usd) and self.per_usd > 0):
            raise ValueError("a rate is a positive number of units per US dollar")


@dataclass(kw_only=True, eq=False)
class Plausible:
    """sectors/common/plausible.yaml: bands of answers usual per currency, to flag slips."""

    __pydantic_config__ = STRICT
    sources: dict[str, Source] = field(default_factory=dict)
    prices: dict[str, dict[str, Sourced]] = field(default_factory=dict)  # field -> currency -> band


@dataclass(kw_only=True, eq=False)
class Section:
    __pydantic_config__ = STRICT
    title: str
    help: str | None = None
    # a process unit's questions: asked only where the plant has the unit; where it has not, the
    # fields do not apply and rules on them are silent, not undecided
    asked_if: Condition | None = None
    fields: dict[str, QField]


@dataclass(kw_only=True, eq=False)
class Questionnaire:
    __pydantic_config__ = STRICT
    sections: dict[str, Section]


@dataclass(kw_only=True, eq=False)
class Stream:
    __pydantic_config__ = STRICT
    name: str
    flow: str


@dataclass(kw_only=True, eq=False)
class Resource:
    __pydantic_config__ = STRICT
    name: str
    amount: str | None = None
    unit: str | None = None
    daily_cost: str
    # a share of another resource kept apart for the measures that act on it (compressed-air
    # electricity is part of the plant's electricity): saving it saves the whole
    part_of: str | None = None
    # the choice question that says what the amount is of (tofu's main cooking fuel: kilograms of
    # firewood and of LPG are not one amount): a city's roll-up sums plants of one kind together
    kind: str | None = None


@dataclass(kw_only=True, eq=False)
class Check:
    """A plausibility check on the answers: when the formula's value passes the test, say so."""

    __pydantic_config__ = STRICT
    formula: str
    op: Literal["gt", "gte", "lt", "lte"]
    value: float
    message: str  # may use {value}, the formula's value
    # a bound other than a whole (0, 1, 100 %: parts above their whole) is a figure: it cites its source
    source: str | None = None
    evidence: Evidence | None = None

    def __post_init__(self) -> None:
        if (self.source is None) != (self.evidence is None):
            raise ValueError("give `source` and `evidence` together")
        if self.value not in (0, 1, 100) and self.source is None:
            raise ValueError(f"the bound {self.value} needs `source` and `evidence`")


@dataclass(kw_only=True, eq=False)
class SectorInfo:
    __pydantic_config__ = STRICT
    id: str
    name: str
    description: str
    production: str | None = None
    streams: dict[str, Stream] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    constants: dict[str, Sourced] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class Benchmark:
    __pydantic_config__ = STRICT
    best: Sourced | None = None
    poor: Sourced | None = None


@dataclass(kw_only=True, eq=False)
class TypedBenchmark:
    """The bands for one kind of plant (a pulp type, a kiln size class): the first whose `when`
    holds is the plant's; the indicator's plain `benchmark` stands for plants of no listed kind."""
    __pydantic_config__ = STRICT
    name: str  # the kind, as the report names it: "bleached non-wood chemical pulp"
    when: Condition
    best: Sourced | None = None
    poor: Sourced | None = None


@dataclass(kw_only=True, eq=False)
class Indicator:
    __pydantic_config__ = STRICT
    name: str
    unit: str
    formula: str
    better: Literal["lower", "higher"] | None = None
    benchmark: Benchmark | None = None
    benchmarks: list[TypedBenchmark] = field(default_factory=list)
    note: str | None = None

    def __post_init__(self) -> None:
        if (self.benchmark or self.benchmarks) and not self.better:
            raise ValueError("a benchmark needs `better: lower` or `better: higher`")


