"""Every regulated parameter that can still exceed its limit after CP has an end-of-pipe rule that can
fire for it: a plant over a limit is never met with silence.

The residual facts are built the way the pipeline builds them (cpassess/pipeline/project.py
`project` and `residuals`): a parameter gets a residual only where the applicable limit set has a
limit for it with a value (a limit marked G, "not known", never makes one); it then carries
`parameter`, `projected`, `limit`, `exceedance` and a `required_removal` that is a fraction for a
load (a parameter with a stream or a unit) and 0 otherwise (a pH is corrected, not removed). The
plant's answers are what the limit set itself says about the plant (its `eq` tests as answers, its
`in` tests as partial answers standing for each listed value); everything else is unanswered. A rule
counts where its condition is true or still undecided (None) for one of these residuals - the
pipeline then asks the questions that decide it - and where at least one measure of its chain is not
ruled out by its `works_if`.
"""

from __future__ import annotations

from typing import Any

import pytest

from cpassess.conditions import AllOf, AnyOf, Leaf, Partial, evaluate
from cpassess.kb import default_knowledge, load_sector
from cpassess.kb.limits import LimitSet, Parameter
from cpassess.text import display_unit

SECTORS = default_knowledge().sector_ids
REMOVALS = (0.1, 0.3, 0.5, 0.7, 0.9, 0.99)  # spans the required_removal thresholds rules test

# Parameters that can exceed a limit but have no EOP rule yet: documented gaps, one reason each.
# Remove an entry when its rule is added; a parameter not listed here and not covered fails the test.
KNOWN_GAPS: dict[tuple[str, str], str] = {
    # Volumes per unit of product (Indonesia): treatment does not make less water; only the CP water
    # measures (and reuse) cut them, so no EOP rule is written for them.
    ("dyeing", "wastewater_volume"): "wastewater per tonne (Indonesia): a volume, cut by the CP water measures; "
                                     "no EOP rule",
    ("steel", "galv_wastewater_per_m2"): "wastewater per m2 galvanised (Indonesia): a volume, cut by CP rinse-water "
                                         "measures; no EOP rule",
}


def _answers(condition: AllOf | AnyOf | Leaf | None) -> dict[str, Any]:
    """The answers a limit set's `when` settles: each `eq` as the answer, each `in` as a partial
    answer standing for every value listed. Only tests every plant under the set must pass count
    (the leaves of nested `all`s), not the branches of an `any`."""
    if condition is None or isinstance(condition, AnyOf):
        return {}
    if isinstance(condition, Leaf):
        if condition.op == "eq":
            return {condition.field: condition.value}
        if condition.op == "in":
            values = [str(v) for v in condition.value]
            return {condition.field: values[0] if len(values) == 1 else Partial(values[0], values)}
        return {}
    out: dict[str, Any] = {}
    for child in condition.all:
        out.update(_answers(child))
    return out


def _residuals(parameter_id: str, parameter: Parameter, limit_set: LimitSet) -> list[dict[str, Any]]:
    """The residual facts the pipeline can hand the EOP rules for one parameter under one limit set."""
    limit = limit_set.limits.get(parameter_id)
    if limit is None or not limit.known:
        return []
    plant = _answers(limit_set.when)
    is_load = parameter.stream is not None or display_unit(parameter.unit) is not None
    out = []
    if limit.max is not None and limit.max > 0:
        for removal in REMOVALS:
            projected = limit.max / (1.0 - removal)
            out.append({**plant, "parameter": parameter_id, "projected": projected, "limit": limit.max,
                        "exceedance": projected / limit.max, "required_removal": removal if is_load else 0.0})
    if limit.min is not None and limit.min > 0:
        projected = limit.min / 2.0
        out.append({**plant, "parameter": parameter_id, "projected": projected, "limit": limit.min,
                    "exceedance": limit.min / projected, "required_removal": 0.0})
    return out


def _covering_rules(sector: Any, residuals: list[dict[str, Any]]) -> list[str]:
    found = []
    for rule in sector.rules_for("eop"):
        for residual in residuals:
            if evaluate(rule.when, residual) is False:
                continue
            works = [m for m in rule.recommend
                     if sector.measures[m].works_if is None
                     or evaluate(sector.measures[m].works_if, residual) is not False]
            if works:
                found.append(rule.id)
                break
    return found


def coverage(sector_id: str) -> tuple[dict[str, list[str]], set[str]]:
    """Per parameter that some limit set limits with a value: the EOP rules that can fire for it.
    And the parameters no limit set limits with a value (they never leave a residual)."""
    sector = load_sector(sector_id)
    covered: dict[str, list[str]] = {}
    never = set()
    for key, parameter in sector.limits.parameters.items():
        residuals = [r for ls in sector.limits.limit_sets for r in _residuals(key, parameter, ls)]
        if not residuals:
            never.add(key)
            continue
        covered[key] = _covering_rules(sector, residuals)
    return covered, never


@pytest.mark.parametrize("sector_id", SECTORS)
def test_every_parameter_that_can_exceed_has_an_eop_rule_or_is_a_known_gap(sector_id):
    covered, _ = coverage(sector_id)
    uncovered = {key for key, rules in covered.items() if not rules}
    known = {key for (sector, key) in KNOWN_GAPS if sector == sector_id}
    assert uncovered - known == set(), (
        f"{sector_id}: no EOP rule can fire for {sorted(uncovered - known)}; add a rule (or, with a reason, "
        f"an entry in KNOWN_GAPS)")


@pytest.mark.parametrize("sector_id", SECTORS)
def test_known_gaps_are_still_gaps(sector_id):
    """A gap closed by a new rule must leave the list, so the list stays true."""
    covered, never = coverage(sector_id)
    for (sector, key), reason in KNOWN_GAPS.items():
        if sector != sector_id:
            continue
        assert key in covered or key in never, f"{sector_id}/{key} is not a regulated parameter ({reason})"
        assert key not in never, f"{sector_id}/{key} has no limit with a value any more: drop it from KNOWN_GAPS"
        assert not covered[key], f"{sector_id}/{key} is covered by {covered[key]}: drop it from KNOWN_GAPS"


def test_known_gaps_name_known_sectors():
    assert {sector for sector, _ in KNOWN_GAPS} <= set(SECTORS)


@pytest.mark.parametrize("sector_id,parameter,rule_id", [
    ("dyeing", "total_p", "DYE-039"),
    ("pulp", "total_p", "PUL-037"),
])
def test_total_phosphorus_has_its_precipitation_rule(sector_id, parameter, rule_id):
    covered, _ = coverage(sector_id)
    assert rule_id in covered[parameter]


def test_a_parameter_limited_only_by_unknown_values_leaves_no_residual():
    """The pipeline makes no residual where the limit is G ("not known"); neither does this test."""
    sector = load_sector("steel")
    covered, never = coverage("steel")
    for key in never:
        assert all(not (ls.limits.get(key) and ls.limits[key].known) for ls in sector.limits.limit_sets)
