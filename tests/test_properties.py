"""Plants generated from each sector's questionnaire: what holds for every plant, whatever its answers."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpassess.jsonio import to_json
from cpassess.kb import default_knowledge
from cpassess.kb.schema import QField
from cpassess.kb.sector import Sector
from cpassess.pipeline import assess
from cpassess.plant import read_plant
from cpassess.plant.given import not_known
from cpassess.report import render
from cpassess.yamlio import Document

CURRENCIES = ["IDR", "CNY", "VND", "USD", "THB", "INR"]
EXAMPLES = 25  # a small sample in CI; bench/fuzz.py runs thousands


def answer(field: QField) -> st.SearchStrategy[Any]:
    """Any answer the question allows: edges of its range included."""
    if field.type == "boolean":
        return st.booleans()
    if field.type == "choice":
        return st.sampled_from(list(field.choices or {}))
    if field.type in ("number", "integer"):
        low = field.min if field.min is not None else 0.0
        high = field.max if field.max is not None else 1e9
        if field.type == "integer":
            return st.integers(min_value=math.ceil(low), max_value=math.floor(high))
        return st.one_of(st.sampled_from([low, high]),
                         st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False))
    if field.type == "date":
        return st.dates().map(lambda day: day.isoformat())
    return st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


@st.composite
def plants(draw: Any, sector: Sector) -> dict[str, Any]:
    plant: dict[str, Any] = {"sector": sector.id}
    for key, field in sector.fields.items():
        if key == "currency":
            value: Any = draw(st.sampled_from(CURRENCIES))
        elif key == "name":  # a name that says "not known" is an unanswered name, rightly refused
            value = draw(st.text(min_size=1, max_size=30).filter(lambda text: not not_known(text)))
        elif field.pattern or not draw(st.booleans()):
            continue  # half the questions unanswered, as on a walk-through
        else:
            value = draw(answer(field))
        plant.setdefault(sector.field_section[key], {})[key] = value
    return plant


def check_invariants(data: dict[str, Any]) -> None:
    plant = read_plant(Document(data, {}, "generated.yaml"))
    a = assess(plant)
    text = to_json(a)
    json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in the JSON"))  # no NaN, no Infinity
    assert text == to_json(assess(read_plant(Document(data, {}, "generated.yaml"))))  # same bytes twice
    status = {p.parameter: p for p in a.projections}
    for p in a.projections:
        if p.status_now == "exceeds" or p.status_after_cp == "exceeds":
            assert p.current is not None  # nothing exceeds without a value
    for r in a.recommendations:
        if r.kind == "eop":  # EOP only for what is over its limit after CP
            assert r.targets and all(status[t.parameter].status_after_cp == "exceeds" for t in r.targets)
        assert r.status == "confirmed" or not r.targets
        for years in (r.payback.low_years, r.payback.high_years):
            assert years is None or (math.isfinite(years) and years >= 0)
        if r.annual_saving is not None:
            assert math.isfinite(r.annual_saving)
    total = a.totals.get("cp_annual_saving_sum")
    assert total is None or math.isfinite(total)
    for fmt in ("md", "html"):
        assert render(a, fmt)


@pytest.mark.parametrize("sector_id", default_knowledge().sector_ids)
def test_every_generated_plant_is_assessed_and_keeps_the_invariants(sector_id):
    sector = default_knowledge().sector(sector_id)

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(plants(sector))
    def run(data: dict[str, Any]) -> None:
        check_invariants(data)

    run()
