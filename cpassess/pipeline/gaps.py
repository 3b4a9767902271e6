"""Data gaps: what each stage could not decide, gathered in one place into the next visit's questions."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..conditions import evaluate
from ..kb.sector import Sector
from ..model import Gap, Note
from .facts import Facts, unknown_fields

# What an answer is needed for; the first two price every saving, the next two decide EOP.
PRICING = ("prices_savings", "currency_for_savings")
DECIDES_EOP = ("decides_eop_need", "decides_eop_option")


@dataclass(kw_only=True, eq=False)
class Need:
    """One answer a stage missed: the field, what it is needed for, and the rule waiting on it."""

    field: str
    code: str
    args: dict[str, Any] = dataclasses.field(default_factory=dict)
    rule: str | None = None


def needs_for(fields: Iterable[str], code: str, rule: str | None = None, **args: Any) -> list[Need]:
    return [Need(field=f, code=code, args=args, rule=rule) for f in fields]


def collect(facts: Facts, needs: Iterable[Need], worth: Mapping[str, float | None]) -> list[Gap]:
    """The questions for the next visit, each once, ranked: first what prices every saving, then
    what decides end-of-pipe treatment, then by what the answer could be worth a year."""
    sector = facts.sector
    grouped: dict[str, dict[str, Any]] = {}
    for need in _gated(sector, list(needs), facts.values):
        gap = grouped.setdefault(need.field, {"reasons": [], "rules": []})
        if all((n.code, n.args) != (need.code, need.args) for n in gap["reasons"]):
            gap["reasons"].append(Note(code=need.code, args=need.args))
        if need.rule and need.rule not in gap["rules"]:
            gap["rules"].append(need.rule)
    order = sector.field_order
    gaps = []
    for name, gap in grouped.items():
        known = [worth[rule] for rule in gap["rules"] if worth.get(rule) is not None]
        gaps.append(Gap(field=name, section=sector.field_section[name], question=sector.fields[name].question,
                        unit=facts.unit(name), reasons=gap["reasons"], rules=sorted(gap["rules"]),
                        # per rule: a rule waiting on two answers counts once for each
                        worth=float(sum(w for w in known if w is not None)) if known else None,
                        currency=facts.currency))
    gaps.sort(key=lambda g: (_priority(g), g.worth is None, -(g.worth or 0.0), -len(g.rules),
                             order.get(g.field, 0)))
    return gaps


def _gated(sector: Sector, needs: list[Need], values: Mapping[str, Any]) -> list[Need]:
    """A question asked only if another answer says so waits for that answer first."""
    direct, waiting = [], []
    for need in needs:
        gate = sector.gate(need.field)
        truth = True if gate is None else evaluate(gate, values)
        if truth is True:
            direct.append(need)
        elif truth is None and gate is not None:
            waiting += [Need(field=f, code=need.code, args=need.args, rule=need.rule)
                        for f in unknown_fields(sector, gate, values)]
    return direct + waiting


def _priority(gap: Gap) -> int:
    codes = {reason.code for reason in gap.reasons}
    if codes & set(PRICING):
        return 0
    if codes & set(DECIDES_EOP):
        return 1
    return 2
