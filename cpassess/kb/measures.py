"""Measures: what each CP or EOP option changes, removes and costs (validated by pydantic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ..conditions import STRICT, Condition, Evidence
from .schema import Sourced

# CP-hierarchy level of each technique: 1 prevention at source, 2 reuse and recovery, 3 treatment.
HIERARCHY_LEVEL: dict[str, int] = {
    "good_housekeeping": 1, "input_material_change": 1, "better_process_control": 1,
    "equipment_modification": 1, "technology_change": 1, "product_modification": 1,
    "on_site_recovery_reuse": 2, "by_product": 2, "treatment": 3,
}


@dataclass(kw_only=True, eq=False)
class Target:
    """Bring a lower-is-better indicator down to `value`: the quantity falls in proportion."""

    __pydantic_config__ = STRICT
    indicator: str
    value: float


@dataclass(kw_only=True, eq=False)
class Effect:
    """A measure's change of one quantity: a fraction, a range from the sources, or a target that
    makes the change the plant's own (45 L/kg brought to 20 L/kg is -56 %, 25 L/kg only -20 %)."""

    __pydantic_config__ = STRICT
    change: float | None = None
    low: float | None = None
    high: float | None = None
    target: Target | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        given = [self.change is not None, self.low is not None or self.high is not None, self.target is not None]
        if sum(given) != 1 or (given[1] and (self.low is None or self.high is None)):
            raise ValueError("give one of `change`, `low` and `high` (a range), or `target`")
        if any(n is not None and not -1.0 <= n <= 10.0 for n in (self.change, self.low, self.high)):
            raise ValueError("a change is a fraction from -1 (all of it gone) to 10")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("`low` is above `high`")

    def expected(self, facts: Mapping[str, Any]) -> float | None:
        """The change projections and savings use: for a range its cautious end; for a target,
        this plant's own (none if it is already there; unknown if the indicator is)."""
        if self.target is not None:
            current = facts.get(self.target.indicator)
            if current is None or current <= 0:
                return None
            return min(0.0, self.target.value / current - 1.0)
        if self.change is not None:
            return self.change
        assert self.low is not None and self.high is not None
        return self.low if abs(self.low) <= abs(self.high) else self.high


def _class_alias(name: str) -> str:
    return "class" if name == "cost_class" else name  # `class` is a Python keyword


@dataclass(kw_only=True, eq=False)
class Investment:
    __pydantic_config__ = {**STRICT, "alias_generator": _class_alias, "populate_by_name": True}
    cost_class: Literal["none", "low", "medium", "high"]
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    source: str | None = None
    evidence: Evidence | None = None
    note: str | None = None
    # a specific cost: low and high are per unit of `per`, a formula of the plant's answers (e.g. the
    # kW a waste-heat plant would have), whose unit `per_unit` names
    per: str | None = None
    per_unit: str | None = None
    year: int | None = None  # the year of the price, for converting it at that year's rate

    def __post_init__(self) -> None:
        if (self.per is None) != (self.per_unit is None) or (self.per and self.low is None):
            raise ValueError("a specific cost gives `per` (a formula), `per_unit`, `low` and `high`")
        has_range = self.low is not None or self.high is not None
        if has_range and (self.low is None or self.high is None or not self.currency
                          or not self.source or not self.evidence):
            raise ValueError("an investment range needs low, high, currency, source and evidence")
        if (self.low is not None and self.low < 0) or (self.high is not None and self.high < 0):
            raise ValueError("an investment is not negative")


@dataclass(kw_only=True, eq=False)
class Measure:
    __pydantic_config__ = STRICT
    title: str
    kind: Literal["cp", "eop"]
    technique: str
    description: str
    effects: dict[str, Effect] = field(default_factory=dict)
    removal: dict[str, Sourced] = field(default_factory=dict)
    investment: Investment | None = None
    sources: list[str] = field(default_factory=list)
    note: str | None = None
    alternatives: list[str] = field(default_factory=list)  # ways to the same end: pick one
    requires: list[str] = field(default_factory=list)  # measures that must come first
    # its sourced effect is that of a whole package with these measures in it: where it is recommended
    # with them, their effects on the same quantity are in its own and are not compounded with it
    package_of: list[str] = field(default_factory=list)
    # needs a feasibility study (site, design, permits) before anyone can decide on it
    study: bool = False
    # where it does not hold the measure does not work (a hyacinth pond in a freezing winter)
    works_if: Condition | None = None

    @property
    def hierarchy(self) -> int:
        return HIERARCHY_LEVEL[self.technique]


