"""Incomplete answers: the readings a partial answer allows, and what plants like this one typically do."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

from ..conditions import AllOf, AnyOf, Leaf, evaluate, leaves
from ..kb.schema import Typical
from ..kb.sector import Sector


def partial_answers(sector: Sector, answers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Answers that narrow without settling ("dry rotary kiln, type not known"): what each may mean."""
    out = {}
    for key in sector.partial_fields:  # few questions take a partial answer: only those are looked at
        value = answers.get(key)
        if isinstance(value, str) and value in sector.fields[key].one_of:
            out[key] = sector.fields[key].one_of[value]
    return out


def readings(sector: Sector, answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The answers once for each way their partial answers can be read (one reading if none)."""
    partial = partial_answers(sector, answers)
    if not partial:
        return [dict(answers)]
    return [{**answers, **dict(zip(partial, meant, strict=True))}
            for meant in itertools.product(*partial.values())]


def typical_answers(sector: Sector, values: Mapping[str, Any]) -> dict[str, Typical]:
    """For each field not (or only partly) answered, what plants like this one typically answer.

    A field's entries are tried in order; the first whose `when` holds is taken. A `when` may rest on
    the plant's answers or on another typical answer (a small galvaniser is typically a batch line,
    and a batch line typically has mild-steel jigs), never overriding an answer the plant gave.
    Where a `when` cannot be decided the field gets none: which plants this one is like is itself
    not known."""
    partial = partial_answers(sector, values)
    chosen: dict[str, Typical] = {}
    for _ in range(len(sector.typical) + 1):  # each pass may settle what the next one needs
        seen = {**values, **{key: entry.value for key, entry in chosen.items()}}
        before = len(chosen)
        for key, entries in sector.typical.items():
            if key in chosen or (values.get(key) is not None and key not in partial):
                continue
            if sector.not_asked(key, seen):
                continue  # a question of a unit the plant does not have
            for entry in entries:
                if key in partial and entry.value not in partial[key]:
                    continue  # a partial answer rules this reading out
                truth = True if entry.when is None else evaluate(entry.when, seen)
                if truth is True:
                    chosen[key] = entry
                if truth is not False:
                    break
        if len(chosen) == before:
            break
    return chosen


def inputs(sector: Sector, condition: AllOf | AnyOf | Leaf) -> set[str]:
    """Every questionnaire field a condition reads, through the indicators it tests."""
    out: set[str] = set()
    for leaf in leaves(condition):
        out |= inputs_of(sector, leaf.field)
    return out


def inputs_of(sector: Sector, name: str) -> set[str]:
    """The questionnaire fields behind a field, indicator or limit ratio."""
    out: set[str] = set()
    pending = [name]
    while pending:
        name = pending.pop()
        if name in out:
            continue
        out.add(name)
        if name in sector.indicators:
            pending += sector.formulas[sector.indicators[name].formula].names
        elif name in sector.limit_ratio_names:
            parameter = sector.limits.parameters[name.removesuffix("_to_limit")]
            pending.append(parameter.value)
            for estimate in parameter.estimates:
                pending += sector.formulas[estimate.formula].names
    return out & set(sector.fields)
