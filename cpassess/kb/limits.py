"""The shape of a sector's limits.yaml: regulated parameters and the limit sets by jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..conditions import STRICT, Condition, Evidence


@dataclass(kw_only=True, eq=False)
class Estimate:
    __pydantic_config__ = STRICT
    formula: str
    when: Condition | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Part:
    """A share of a parameter that scales with its own quantities (e.g. SO2 from fuel sulphur)."""

    __pydantic_config__ = STRICT
    name: str
    value: str  # formula for this part's current amount, in the parameter's unit
    follows: list[str] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class Parameter:
    __pydantic_config__ = STRICT
    name: str
    unit: str
    value: str  # the field or indicator holding the current (measured) value
    when: Condition | None = None  # where it does not hold, the parameter does not apply to the plant
    stream: str | None = None
    follows: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    # how to estimate it where nothing is measured: one estimate, or several, the first whose `when`
    # holds (the whey still drained, or kept out of the drain)
    estimate: Estimate | list[Estimate] | None = None

    @property
    def estimates(self) -> list[Estimate]:
        return self.estimate if isinstance(self.estimate, list) else [self.estimate] if self.estimate else []


@dataclass(kw_only=True, eq=False)
class Limit:
    __pydantic_config__ = STRICT
    min: float | None = None
    max: float | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        if self.evidence == "G":  # the regulation sets a limit whose value could not be read
            if self.min is not None or self.max is not None:
                raise ValueError("evidence G (gap) means the value is not known: give no `min` or `max`")
        elif self.min is None and self.max is None:
            raise ValueError("give `max`, `min` or both (or evidence G where the value is not known)")

    @property
    def known(self) -> bool:
        return self.evidence != "G"


@dataclass(kw_only=True, eq=False)
class ReferenceFlow:
    """A regulation's reference (benchmark) volume of a stream per unit of product. Where a plant
    discharges more per unit, its concentrations are compared as measured x actual / reference, so
    dilution does not pass for treatment (China's GB 3544 and GB 4287 work so)."""
    __pydantic_config__ = STRICT
    stream: str
    specific: str  # formula: the plant's volume of the stream per unit of product
    value: float
    unit: str
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        if self.evidence == "G" or not self.value > 0:
            raise ValueError("a reference flow needs a positive `value` that was read (evidence other than G)")


@dataclass(kw_only=True, eq=False)
class LimitSet:
    __pydantic_config__ = STRICT
    id: str
    name: str
    when: Condition | None = None
    limits: dict[str, Limit]
    reference_flow: ReferenceFlow | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Limits:
    __pydantic_config__ = STRICT
    parameters: dict[str, Parameter]
    limit_sets: list[LimitSet]

    def __post_init__(self) -> None:
        if not self.limit_sets:
            raise ValueError("give at least one limit set")
