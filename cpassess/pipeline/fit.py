"""Where a measure works: one whose `works_if` fails on this plant is set aside, with the tests that failed."""

from __future__ import annotations

from ..conditions import evaluate
from ..model import SetAside
from .explain import conditions
from .facts import Facts, unknown_fields
from .gaps import Need, needs_for


def fitting(facts: Facts, measure_ids: list[str]) -> tuple[list[str], list[SetAside], list[Need]]:
    """The measures that may work here, those that do not, and the answers that would tell."""
    keep, aside, needs = [], [], []
    for measure_id in measure_ids:
        measure = facts.sector.measures[measure_id]
        truth = True if measure.works_if is None else evaluate(measure.works_if, facts.values)
        if truth is False:
            assert measure.works_if is not None
            failed = [c for c in conditions(facts, measure.works_if, facts.values) if c.holds is False]
            aside.append(SetAside(measure_id=measure_id, title=measure.title, conditions=failed))
            continue
        if truth is None:
            assert measure.works_if is not None
            needs += needs_for(unknown_fields(facts.sector, measure.works_if, facts.values),
                               "decides_measure_works", title=measure.title)
        keep.append(measure_id)
    return keep, aside, needs
