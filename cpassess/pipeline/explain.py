"""Explanation: each test of a rule on this plant, and the values its `because` text refers to."""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from typing import Any

from ..conditions import AllOf, AnyOf, Leaf, deciding_leaves, leaves
from ..kb.rules import Rule
from ..model import ConditionResult, Reason
from ..text import one_line
from .facts import Facts


def conditions(facts: Facts, when: AllOf | AnyOf | Leaf, values: Mapping[str, Any]) -> list[ConditionResult]:
    """Each test of a condition on this plant, marked where it decided the outcome."""
    results = []
    deciding = {id(leaf) for leaf in deciding_leaves(when, values)}
    for leaf in leaves(when):
        value = values.get(leaf.field)
        threshold = leaf.threshold if isinstance(leaf.threshold, list) else [leaf.threshold]
        source, evidence = leaf.source, leaf.evidence
        if leaf.benchmark:
            indicator_id, _, band = leaf.benchmark.partition(".")
            bench = getattr(facts.sector.indicators[indicator_id].benchmark, band)
            source, evidence = bench.source, bench.evidence
        results.append(ConditionResult(
            field=leaf.field, label=facts.label(leaf.field), op=leaf.op,
            value=facts.value(leaf.field, value, values),
            threshold=[facts.value(leaf.field, v, values) for v in threshold],
            holds=leaf.truth(value), decides=id(leaf) in deciding,
            source=source, evidence=evidence, benchmark=leaf.benchmark))
    return results


@functools.lru_cache(maxsize=4096)
def _because(text: str) -> tuple[str, tuple[str, ...]]:
    """A rule's `because` on one line and the names it fills in: the same for every plant."""
    because = one_line(text)
    return because, tuple(dict.fromkeys(name for _, name, _, _ in string.Formatter().parse(because) if name))


def reason(facts: Facts, rule: Rule, values: Mapping[str, Any], parameter: str | None = None) -> Reason:
    """Why the rule fired here: its `because` template with this plant's values, and its tests."""
    because, names = _because(rule.because)
    return Reason(rule_id=rule.id, rule_title=rule.title, because=because,
                  values={name: facts.value(name, values.get(name), values) for name in names},
                  parameters=[parameter] if parameter else [], conditions=conditions(facts, rule.when, values),
                  sources=list(rule.sources))
