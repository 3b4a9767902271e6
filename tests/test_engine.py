"""The durable_rules adapter: every trap of DURABLE_RULES.md is guarded and tested here."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

from cpassess import engine
from cpassess.conditions import evaluate
from cpassess.engine import CompiledStage, InferenceError, safe_number
from cpassess.kb.rules import Rule


def rule(rule_id: str, when: dict, stage: str = "cp") -> Rule:
    return TypeAdapter(Rule).validate_python({"id": rule_id, "title": rule_id, "stage": stage, "recommend": ["M"],
                                "when": when, "because": "test"})


def threshold_rules(n: int) -> list[Rule]:
    return [rule(f"TST-{i:03d}", {"all": [{"field": "x", "op": "gt", "value": i, "source": "S",
                                           "evidence": "J"}]}) for i in range(n)]


def fired(stage: CompiledStage, facts: dict) -> set[str]:
    return {rule_id for rule_id, _ in stage.run([facts])}


@pytest.mark.parametrize("value", [1e-05, 1e-9, -1e-09, 1.5e-05, 1e16, 1e+21, 2**60, 123.456, 0.0, -0.0])
def test_tiny_and_huge_numbers_reach_the_engine_and_compare_as_in_python(value):
    stage = CompiledStage([rule("TST-001", {"all": [{"field": "x", "op": "gt", "value": 1e-05,
                                                     "source": "S", "evidence": "J"}]}),
                           rule("TST-002", {"all": [{"field": "x", "op": "lt", "value": 1e16,
                                                     "source": "S", "evidence": "J"}]})], "plant", "t")
    expected = {r.id for r in stage.rules if evaluate(r.when, {"x": value})}
    assert fired(stage, {"x": value}) == expected


def test_safe_number_keeps_the_value_within_one_ulp():
    for value in (1e-05, 1e16, -1e-09, 3e300):
        safe = safe_number(value)
        assert "e" not in repr(safe) or "." in repr(safe).split("e")[0]
        assert math.isclose(safe, value, rel_tol=1e-15)
    with pytest.raises(ValueError):
        safe_number(math.inf)


def test_more_sessions_than_a_ruleset_can_hold_are_freed_after_each_assessment():
    stage = CompiledStage(threshold_rules(3), "plant", "sessions")
    for n in range(1500):  # the C core holds at most 1,024 live sessions per ruleset
        assert fired(stage, {"x": n % 5}) == {f"TST-{i:03d}" for i in range(min(n % 5, 3))}


def test_a_fact_no_rule_matches_is_handled_without_crashing():
    stage = CompiledStage(threshold_rules(2), "plant", "nomatch")
    assert fired(stage, {"y": "unrelated"}) == set()
    assert fired(stage, {}) == set()


def test_wide_rulesets_are_split_so_that_a_hundred_matching_rules_all_fire():
    stage = CompiledStage(threshold_rules(100), "plant", "wide")
    assert all(len(chunk) <= engine.MAX_RULES_PER_RULESET for chunk in stage._chunks)
    assert fired(stage, {"x": 1000}) == {f"TST-{i:03d}" for i in range(100)}


def test_any_fires_once_however_many_branches_hold():
    stage = CompiledStage([rule("TST-001", {"any": [{"field": "a", "op": "eq", "value": True},
                                                    {"field": "b", "op": "in", "value": ["p", "q"]}]})],
                          "plant", "anyonce")
    assert stage.run([{"a": True, "b": "p"}]) == {("TST-001", 0)}


def test_no_python_action_runs_inside_the_engine():
    # Activations are read from the core, so no action can fail in the engine and be swallowed.
    stage = CompiledStage(threshold_rules(3), "plant", "noaction")
    assert fired(stage, {"x": 10}) == {"TST-000", "TST-001", "TST-002"}
    ruleset = engine._current_host()[0].get_ruleset(f"{stage.label}.0")
    assert all(action.root._func is engine._never_run for action in ruleset._actions.values())


def test_a_failed_assert_replaces_the_host_and_later_runs_work(monkeypatch):
    stage = CompiledStage(threshold_rules(2), "plant", "recover")
    assert fired(stage, {"x": 5}) == {"TST-000", "TST-001"}
    host = engine._current_host()[0]

    def broken(*args, **kwargs):
        raise Exception("Could not assert fact, error code: 303")

    monkeypatch.setattr(engine._core, "assert_facts", broken)
    with pytest.raises(InferenceError, match="303"):
        stage.run([{"x": 5}])
    monkeypatch.undo()
    assert engine._current_host()[0] is not host
    assert fired(stage, {"x": 5}) == {"TST-000", "TST-001"}


def test_eop_facts_fire_once_per_parameter():
    stage = CompiledStage([rule("TST-001", {"all": [{"field": "required_removal", "op": "gt", "value": 0}]},
                                "eop")], "residual", "eop")
    result = stage.run([{"parameter": "COD", "required_removal": 0.9},
                        {"parameter": "TSS", "required_removal": 0.0},
                        {"parameter": "BOD5", "required_removal": 0.5}])
    assert result == {("TST-001", 0), ("TST-001", 2)}  # the COD and BOD5 facts


FIELDS = st.fixed_dictionaries({}, optional={
    "x": st.one_of(st.floats(-1e20, 1e20, allow_nan=False), st.integers(-10**6, 10**6)),
    "y": st.floats(0, 100),
    "c": st.sampled_from(["a", "b", "c"]),
    "flag": st.booleans(),
})
MIXED = [
    rule("TST-001", {"all": [{"field": "x", "op": "gte", "value": 1e-05, "source": "S", "evidence": "J"},
                             {"field": "c", "op": "not_in", "value": ["a"]}]}),
    rule("TST-002", {"any": [{"field": "flag", "op": "eq", "value": True},
                             {"all": [{"field": "y", "op": "lt", "value": 50, "source": "S", "evidence": "J"},
                                      {"field": "c", "op": "neq", "value": "b"}]}]}),
    rule("TST-003", {"all": [{"field": "x", "op": "lte", "value": -3.5, "source": "S", "evidence": "J"}]}),
    rule("TST-004", {"any": [{"field": "c", "op": "in", "value": ["a", "b"]},
                             {"field": "x", "op": "gt", "value": 1e16, "source": "S", "evidence": "J"}]}),
]


@settings(max_examples=300, deadline=None)
@given(FIELDS)
def test_the_engine_fires_exactly_the_rules_the_three_valued_evaluator_finds_true(facts):
    stage = _mixed_stage()
    assert fired(stage, facts) == {r.id for r in MIXED if evaluate(r.when, facts) is True}


_STAGES: dict[str, CompiledStage] = {}


def _mixed_stage() -> CompiledStage:
    if "mixed" not in _STAGES:
        _STAGES["mixed"] = CompiledStage(MIXED, "plant", "mixed")
    return _STAGES["mixed"]
