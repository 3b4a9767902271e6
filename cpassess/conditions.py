"""Rule conditions as data, and their three-valued evaluation (true, false, unknown)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

Evidence = Literal["V", "S", "R", "U", "J", "G"]
Op = Literal["eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in"]
Truth = bool | None  # None is "unknown": an answer the condition needs is missing

NUMERIC_OPS = {"gt", "gte", "lt", "lte"}
OP_SYMBOLS = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤",
              "in": "is one of", "not_in": "is none of"}
# Knowledge classes are plain dataclasses that pydantic validates when the YAML is read: a run that
# takes the knowledge base from the cache then never loads pydantic's model machinery.
STRICT = {"extra": "forbid"}


class Partial(str):
    """A choice answered only in part ("chemical pulp mill, process not known"): a test of it holds
    where it holds for every choice it stands for, fails where it fails for all, and is open else."""

    readings: tuple[str, ...]

    def __new__(cls, value: str, readings: Iterator[str] | list[str] | tuple[str, ...]) -> Partial:
        answer = super().__new__(cls, value)
        answer.readings = tuple(readings)
        return answer


@dataclass
class Leaf:
    """One test of one field or indicator against a value, a list, or a benchmark."""

    __pydantic_config__ = STRICT
    field: str
    op: Op
    value: Any = None
    benchmark: str | None = None  # "<indicator>.<best|poor>": the threshold and its evidence
    source: str | None = None
    evidence: Evidence | None = None
    note: str | None = None
    # Set when the knowledge base is linked: the number a benchmark stands for.
    linked_threshold: Any = dataclasses.field(default=None, init=False, repr=False, compare=False)

    @property
    def threshold(self) -> Any:
        return self.value if self.benchmark is None else self.linked_threshold

    def __post_init__(self) -> None:
        if (self.value is None) == (self.benchmark is None):
            raise ValueError("give exactly one of `value` and `benchmark`")
        if self.op in ("in", "not_in"):
            if not isinstance(self.value, list) or not self.value:
                raise ValueError(f"`{self.op}` needs a non-empty list as `value`")
        elif isinstance(self.value, (list, dict)):
            raise ValueError(f"`{self.op}` compares with one value, not a list")
        if self.op in NUMERIC_OPS and self.value is not None and (
                isinstance(self.value, bool) or not isinstance(self.value, (int, float))):
            raise ValueError(f"`{self.op}` needs a number as `value`")
        if self.benchmark is not None and self.op not in NUMERIC_OPS:
            raise ValueError("a `benchmark` threshold needs one of gt, gte, lt, lte")
        if (self.source is None) != (self.evidence is None):
            raise ValueError("give `source` and `evidence` together")

    def holds(self, actual: Any) -> bool:
        return compare(self.op, actual, self.threshold)

    def truth(self, actual: Any) -> Truth:
        """Whether the test holds for an answer: unknown where it is missing, or partial and the
        choices it stands for disagree."""
        if actual is None:
            return None
        if isinstance(actual, Partial):
            truths = {self.holds(reading) for reading in actual.readings}
            return truths.pop() if len(truths) == 1 else None
        return self.holds(actual)


def compare(op: str, actual: Any, threshold: Any) -> bool:
    """`actual <op> threshold` for the operators of conditions and checks."""
    if op == "eq":
        return bool(actual == threshold)
    if op == "neq":
        return bool(actual != threshold)
    if op == "in":
        return actual in threshold
    if op == "not_in":
        return actual not in threshold
    if op == "gt":
        return bool(actual > threshold)
    if op == "gte":
        return bool(actual >= threshold)
    if op == "lt":
        return bool(actual < threshold)
    return bool(actual <= threshold)


@dataclass
class AllOf:
    __pydantic_config__ = STRICT
    all: list[Condition]

    def __post_init__(self) -> None:
        if not self.all:
            raise ValueError("`all` needs at least one condition")


@dataclass
class AnyOf:
    __pydantic_config__ = STRICT
    any: list[Condition]

    def __post_init__(self) -> None:
        if not self.any:
            raise ValueError("`any` needs at least one condition")


def _kind(data: Any) -> str:
    if isinstance(data, dict):
        if "all" in data:
            return "all"
        if "any" in data:
            return "any"
    return "leaf"


class _TaggedByKey:
    """Tells pydantic to pick all/any/leaf by the keys present, for clear errors; imported lazily."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic import Discriminator, Tag

        tagged = Annotated[Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")]
                           | Annotated[Leaf, Tag("leaf")], Discriminator(_kind)]
        return handler.generate_schema(tagged)


Condition = Annotated[AllOf | AnyOf | Leaf, _TaggedByKey]


def leaves(condition: AllOf | AnyOf | Leaf) -> Iterator[Leaf]:
    if isinstance(condition, Leaf):
        yield condition
    else:
        for child in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from leaves(child)


def evaluate(condition: AllOf | AnyOf | Leaf, facts: Mapping[str, Any]) -> Truth:
    """Kleene logic: `all` is false if any child is false, `any` true if any child is true."""
    if isinstance(condition, Leaf):
        return condition.truth(facts.get(condition.field))
    children = condition.all if isinstance(condition, AllOf) else condition.any
    decisive = not isinstance(condition, AllOf)  # the child value that settles the group
    unknown = False
    for child in children:
        truth = evaluate(child, facts)
        if truth is None:
            unknown = True
        elif truth is decisive:
            return decisive
    return None if unknown else not decisive


def deciding_leaves(condition: AllOf | AnyOf | Leaf, facts: Mapping[str, Any]) -> list[Leaf]:
    """The leaves that make a true condition true: every child of `all`, the true branches of `any`."""
    truth, deciding = _deciding(condition, facts)
    return deciding if truth is True else []


def _deciding(condition: AllOf | AnyOf | Leaf, facts: Mapping[str, Any]) -> tuple[Truth, list[Leaf]]:
    if isinstance(condition, Leaf):
        leaf_truth = evaluate(condition, facts)
        return leaf_truth, [condition] if leaf_truth is True else []
    results = [_deciding(child, facts)
               for child in (condition.all if isinstance(condition, AllOf) else condition.any)]
    truths = [truth for truth, _ in results]
    if isinstance(condition, AllOf):
        truth: Truth = False if False in truths else (None if None in truths else True)
    else:
        truth = True if True in truths else (None if None in truths else False)
    return truth, [leaf for child_truth, found in results if child_truth is True for leaf in found]
