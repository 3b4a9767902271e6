"""The only door to durable_rules: compiles rules to rulesets and runs one session per assessment.

durable_rules 2.0.28 crashes where one would expect errors (see DURABLE_RULES.md); this module
owns every guard: a quiet host, a catch-all rule per ruleset, small rulesets, safe numbers and
one short-lived session per assessment. The agenda is read straight from the C core: each
activation names the rule that fired, and no Python action runs inside the engine, so none can
fail there and be swallowed, and none pays the Python layer's per-activation bookkeeping
(about half of the inference time).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as _core
import orjson
from durable import engine as _durable

from .conditions import AllOf, AnyOf, Leaf, leaves
from .errors import CpError
from .kb.rules import Rule

MAX_RULES_PER_RULESET = 40  # the C core fails (error 303) past ~63 rules matching one fact
MAX_BRANCHES_PER_RULESET = 48
CATCH_ALL = "~seen"  # fires last for every fact, so no fact is ever "not handled"
FACT_INDEX = "~fact"  # which of the facts asserted together an activation matched
_COMPARISONS = {"neq": "$neq", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


class InferenceError(CpError):
    """The rule engine failed; the process-wide host is replaced before the next run."""


class _QuietHost(_durable.Host):  # type: ignore[misc]
    """A host without the background dispatch and timer threads, which can segfault."""

    def _run(self) -> None:
        pass


_host: _QuietHost | None = None
_host_generation = 0
_session_ids = itertools.count()


def _current_host() -> tuple[_QuietHost, int]:
    global _host, _host_generation
    if _host is None:
        _host = _QuietHost()
        _host_generation += 1
    return _host, _host_generation


def _discard_host() -> None:
    # After a failed assert the session may be half built and deleting it can crash the
    # process, so the whole host is dropped and the rules re-registered on a fresh one.
    global _host
    _host = None


def safe_number(value: float | int) -> float | int:
    """A number the engine's JSON parser accepts: it rejects exponents without a fraction digit."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        if abs(value) < 2**53:
            return value
        value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{value} is not a finite number")
    if value == 0 or 1e-4 <= abs(value) < 1e16:  # repr writes these without an exponent: no repr needed
        return value
    while "e" in (text := repr(value)) and "." not in text.split("e")[0]:
        value = math.nextafter(value, math.inf)  # one ulp: the same comparisons, a parseable repr
    return value


def _safe(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return safe_number(value)
    if isinstance(value, list):
        return [_safe(item) for item in value]
    return value


def to_durable(condition: AllOf | AnyOf | Leaf) -> dict[str, Any]:
    """A condition tree as the engine's JSON expression on one fact."""
    if isinstance(condition, AllOf):
        return {"$and": [to_durable(child) for child in condition.all]}
    if isinstance(condition, AnyOf):
        return {"$or": [to_durable(child) for child in condition.any]}
    field, op, threshold = condition.field, condition.op, _safe(condition.threshold)
    if op == "eq":
        return {field: threshold}
    if op == "in":
        return {"$or": [{field: value} for value in threshold]}
    if op == "not_in":
        return {"$and": [{"$neq": {field: value}} for value in threshold]}
    return {_COMPARISONS[op]: {field: threshold}}


def branches(condition: AllOf | AnyOf | Leaf) -> int:
    """How many alternatives the engine expands a condition into (its DNF terms)."""
    if isinstance(condition, Leaf):
        return len(condition.threshold) if condition.op == "in" else 1
    if isinstance(condition, AnyOf):
        return sum(branches(child) for child in condition.any)
    return math.prod(branches(child) for child in condition.all)


MAX_TERMS = 10_000  # alternatives one rule may expand into before it is refused as too wide
# Measured: the core refuses to build (error 113) one rule of 14 alternatives of two tests each,
# though it takes 48 of one test or 12 of three; rules wider than 8 alternatives are cut in slices.
MAX_ALTERNATIVES_PER_PART = 8


@dataclass(frozen=True)
class _Part:
    """What the engine is given for a rule: the rule itself, or a slice of a rule too wide for one
    ruleset (its alternatives split across several; the rule fires where any slice does)."""

    id: str
    when: AllOf | AnyOf | Leaf
    rule_id: str


def _terms(condition: AllOf | AnyOf | Leaf) -> list[list[Leaf]]:
    """The condition's alternatives (disjunctive normal form), each a list of tests that must all hold."""
    if isinstance(condition, Leaf):
        if condition.op == "in":
            return [[Leaf(field=condition.field, op="eq", value=value)] for value in condition.threshold]
        return [[condition]]
    if isinstance(condition, AnyOf):
        return [term for child in condition.any for term in _terms(child)]
    out: list[list[Leaf]] = [[]]
    for child in condition.all:
        out = [left + right for left in out for right in _terms(child)]
        if len(out) > MAX_TERMS:
            break
    return out


def parts(rule: Rule) -> list[_Part]:
    """The rule as one part, or, past what one ruleset holds, as slices of its alternatives."""
    if branches(rule.when) <= MAX_ALTERNATIVES_PER_PART:
        return [_Part(id=rule.id, when=rule.when, rule_id=rule.id)]
    terms = _terms(rule.when)
    if len(terms) > MAX_TERMS:
        raise CpError(f"rule {rule.id} expands into more than {MAX_TERMS:,} alternatives; split it",
                      file=rule.file, field="when")
    size = MAX_ALTERNATIVES_PER_PART
    return [_Part(id=f"{rule.id}~{k}", rule_id=rule.id,
                  when=AnyOf(any=[term[0] if len(term) == 1 else AllOf(all=list(term))
                                  for term in terms[start:start + size]]))
            for k, start in enumerate(range(0, len(terms), size))]


def _chunks(rules: list[Any]) -> list[list[Any]]:
    chunks: list[list[Rule]] = [[]]
    weight = 0
    for rule in rules:
        cost = branches(rule.when)
        if chunks[-1] and (len(chunks[-1]) >= MAX_RULES_PER_RULESET
                           or weight + cost > MAX_BRANCHES_PER_RULESET):
            chunks.append([])
            weight = 0
        chunks[-1].append(rule)
        weight += cost
    return [chunk for chunk in chunks if chunk]


def _never_run(c: Any) -> None:
    # The host wants an action per rule; activations are read from the core instead (run()).
    raise AssertionError("durable_rules ran an action: activations must be read by CompiledStage.run")


class CompiledStage:
    """The rules of one stage (cp or eop) as durable_rules rulesets, ready to run on facts."""

    _labels = itertools.count()

    def __init__(self, rules: Iterable[Rule], kind: str, label: str) -> None:
        self.kind = kind  # the `kind` of the facts this stage reads: plant or residual
        self.rules = sorted(rules, key=lambda rule: rule.id)
        self.label = f"{label}#{next(self._labels)}"
        self._parts = [part for rule in self.rules for part in parts(rule)]
        self._owner = {part.id: part.rule_id for part in self._parts}
        self._chunks = _chunks(self._parts)
        # Each ruleset sees only the fields its rules read: the engine re-parses the whole
        # fact for every activation, so a small fact is a fast fact.
        self._fields = [sorted({leaf.field for rule in chunk for leaf in leaves(rule.when)})
                        for chunk in self._chunks]
        self._registered_in = 0

    def _handles(self) -> list[int]:
        """The C handles of this stage's rulesets, registered on the current host."""
        host, generation = _current_host()
        names = [f"{self.label}.{index}" for index in range(len(self._chunks))]
        if self._registered_in != generation:
            definitions: dict[str, Any] = {}
            for name, chunk in zip(names, self._chunks, strict=True):
                definition: dict[str, Any] = {
                    rule.id: {"all": [{"m": {"$and": [{"kind": self.kind}, to_durable(rule.when)]}}],
                              "run": _never_run}
                    for rule in chunk}
                definition[CATCH_ALL] = {"all": [{"m": {"kind": self.kind}}], "pri": 1_000_000,
                                         "run": _never_run}
                definitions[name] = definition
            host.set_rulesets(definitions)  # it mutates what it is given: built fresh each time
            self._registered_in = generation
        return [host.get_ruleset(name)._handle for name in names]

    def run(self, facts: Sequence[Mapping[str, Any]]) -> set[tuple[str, Any]]:
        """The (rule id, index of the fact) pairs that fired."""
        if not self.rules or not facts:
            return set()
        fired: set[tuple[str, Any]] = set()
        for handle, fields in zip(self._handles(), self._fields, strict=True):
            sid = f"s{next(_session_ids)}"
            batch = [{"sid": sid, "kind": self.kind, FACT_INDEX: index,
                      **{f: _safe(fact[f]) for f in fields if fact.get(f) is not None}}
                     for index, fact in enumerate(facts)]
            try:
                fired.update((self._owner[part_id], index) for part_id, index in _activations(handle, batch))
            except Exception as exc:  # noqa: BLE001 - the C core raises bare Exception
                # The session may be half built, and deleting it can crash the process.
                _discard_host()
                raise InferenceError(f"rule engine failed on ruleset {self.label}: {exc}") from None
            _core.delete_state(handle, sid)  # at once: a ruleset holds at most 1,024 sessions
        return fired


def _activations(handle: int, batch: list[dict[str, Any]]) -> set[tuple[str, Any]]:
    """Assert one session's facts and walk its agenda; `any` branches that fire twice count once."""
    code, state = _core.assert_facts(handle, json.dumps(batch, ensure_ascii=False))
    if code != 0:  # 1 not handled, 2 already observed: the catch-all and fresh sids rule both out
        raise RuntimeError(f"facts refused with code {code}")
    fired: set[tuple[str, Any]] = set()
    result = _core.start_action_for_state(handle, state)
    message = result[1] if result else None
    while message:
        for rule_id, match in orjson.loads(message).items():  # the engine's output: parsed, never sent back
            if rule_id != CATCH_ALL:
                fired.add((rule_id, match["m"][FACT_INDEX]))
        message = _core.complete_and_start_action(handle, state)
    return fired
