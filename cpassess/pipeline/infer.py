"""Inference: the CP rules on a plant's facts, the EOP rules on each parameter still over its limit."""

from __future__ import annotations

import functools
from typing import Any

from ..conditions import evaluate
from ..engine import CompiledStage
from ..kb.rules import Rule
from ..kb.sector import Sector
from .facts import Facts, unknown_fields
from .gaps import Need, needs_for


@functools.cache
def compiled(sector: Sector, stage: str) -> CompiledStage:
    return CompiledStage(sector.rules_for(stage), "plant" if stage == "cp" else "residual",
                         f"{sector.id}.{stage}")


def infer_cp(facts: Facts) -> tuple[list[Rule], list[Rule], list[Need]]:
    """The CP rules that fire, those undecided for want of answers, and the answers they wait on."""
    sector = facts.sector
    fired_ids = {rule_id for rule_id, _ in compiled(sector, "cp").run([facts.values])}
    fired, undecided, needs = [], [], []
    for rule in sector.rules_for("cp"):
        if rule.id in fired_ids:
            fired.append(rule)
        elif evaluate(rule.when, facts.values) is None:
            undecided.append(rule)
            needs += needs_for(unknown_fields(sector, rule.when, facts.values), "decides_measure", rule.id)
    return fired, undecided, needs


def infer_eop(facts: Facts, residuals: list[dict[str, Any]]
              ) -> tuple[list[tuple[Rule, dict[str, Any]]], set[str], list[Need]]:
    """The EOP rules that fire per residual, the parameters whose options wait on answers, and those answers."""
    sector = facts.sector
    fired = compiled(sector, "eop").run(residuals)
    out, waiting, needs = [], set(), []
    for rule in sector.rules_for("eop"):
        for residual in residuals:
            if (rule.id, residual["parameter"]) in fired:
                out.append((rule, residual))
            elif evaluate(rule.when, residual) is None:
                waiting.add(residual["parameter"])
                needs += needs_for(unknown_fields(sector, rule.when, residual), "decides_eop_option", rule.id)
    return out, waiting, needs
