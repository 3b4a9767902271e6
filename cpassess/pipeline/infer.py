"""Inference: the CP rules on a plant's facts, the EOP rules on each parameter still over its limit."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..conditions import evaluate
from ..engine import CompiledStage
from ..kb.rules import Rule
from ..kb.sector import Sector
from .facts import Facts, unknown_fields
from .gaps import Need, needs_for
from .typical import inputs, partial_answers


@functools.cache
def compiled(sector: Sector, stage: str) -> CompiledStage:
    return CompiledStage(sector.rules_for(stage), "plant" if stage == "cp" else "residual",
                         f"{sector.id}.{stage}")


@dataclass(kw_only=True, eq=False)
class CpFindings:
    """The CP rules on one plant: confirmed, likely (they fire on what plants like it typically do),
    and undecided (likely ones included), with the answers that would decide them."""

    fired: list[Rule] = field(default_factory=list)
    likely: list[Rule] = field(default_factory=list)
    undecided: list[Rule] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)


def infer_cp(facts: Facts, typical: Facts | None = None) -> CpFindings:
    """A rule is confirmed where it fires on every reading of the plant's answers; undecided where
    an answer it needs is missing or a partial answer leaves it open; likely where it is undecided
    but fires on the typical facts."""
    sector = facts.sector
    scenarios = facts.readings + ([typical.values] if typical else [])
    hits: dict[str, set[int]] = {}
    for rule_id, index in compiled(sector, "cp").run(scenarios):
        hits.setdefault(rule_id, set()).add(index)
    readings = range(len(facts.readings))
    partial = partial_answers(sector, facts.values)
    absent = facts.absent
    found = CpFindings()
    for rule in sector.rules_for("cp"):
        fired = hits.get(rule.id, set())
        if all(i in fired for i in readings):
            found.fired.append(rule)
            continue
        open_in = [r for r in facts.readings if evaluate(rule.when, r) is None]
        if not open_in and not any(i in fired for i in readings):
            continue  # silent on every reading
        unknown = [f for r in open_in for f in unknown_fields(sector, rule.when, r)]
        unknown += [f for f in partial if f in inputs(sector, rule.when)]
        if unknown and all(f in absent for f in unknown) and not any(i in fired for i in readings):
            continue  # it waits only on a unit the plant does not have: silent, not undecided
        found.undecided.append(rule)
        likely = typical is not None and len(facts.readings) in fired
        if likely:
            found.likely.append(rule)
        found.needs += needs_for(dict.fromkeys(unknown), "confirms_likely" if likely else "decides_measure",
                                 rule.id)
    return found


def infer_eop(facts: Facts, residuals: list[dict[str, Any]]
              ) -> tuple[list[tuple[Rule, dict[str, Any]]], set[str], list[Need]]:
    """The EOP rules that fire per residual, the parameters whose options wait on answers, and those answers."""
    sector = facts.sector
    fired = compiled(sector, "eop").run(residuals)
    out, waiting, needs = [], set(), []
    for rule in sector.rules_for("eop"):
        for index, residual in enumerate(residuals):
            if (rule.id, index) in fired:
                out.append((rule, residual))
            elif evaluate(rule.when, residual) is None:
                waiting.add(residual["parameter"])
                needs += needs_for(unknown_fields(sector, rule.when, residual), "decides_eop_option", rule.id)
    return out, waiting, needs
