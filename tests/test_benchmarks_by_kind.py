"""Bands by kind of plant: an indicator is read against the bands of the kind of plant it is (a pulp
type, a size class), the plain bands where it is of no listed kind, and none while that is open."""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURE_KB, MINI_PLANT

from cpassess.errors import CpError
from cpassess.kb import KnowledgeBase
from cpassess.pipeline import assess
from cpassess.plant import parse_plant
from cpassess.report import render

BY_KIND = """  benchmarks:
    - name: plants with a pond
      when: {all: [{field: treatment, op: eq, value: pond}]}
      best: {value: 1, source: FIX-2, evidence: V}
      poor: {value: 2, source: FIX-2, evidence: V}
"""


@pytest.fixture
def kb(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    indicators = root / "sectors" / "mini" / "indicators.yaml"
    indicators.write_text(indicators.read_text() + BY_KIND)
    return KnowledgeBase(root)


def water(kb, treatment):  # 10 m3/day over 0.5 t/day: 20 m3/t
    text = MINI_PLANT + (f"  treatment: {treatment}\n" if treatment else "")
    a = assess(parse_plant(text, "plant.yaml", kb))
    return a, next(i for i in a.indicators if i.id == "water_m3_per_t")


def test_a_plant_of_a_listed_kind_is_read_against_its_own_bands(kb):
    a, result = water(kb, "pond")
    assert (result.band, result.kind, result.poor.value) == ("poor", "plants with a pond", 2)
    assert "| poor (for plants with a pond) |" in render(a, "md")


def test_a_plant_of_no_listed_kind_is_read_against_the_plain_bands(kb):
    _, result = water(kb, "none")
    assert (result.band, result.kind, result.poor.value) == ("poor", None, 10)


def test_no_band_while_it_is_open_which_kind_the_plant_is(kb):
    _, result = water(kb, None)
    assert (result.value, result.band, result.poor) == (20, None, None)


def test_a_kind_whose_condition_names_an_unknown_field_is_refused(kb):
    indicators = kb.root / "sectors" / "mini" / "indicators.yaml"
    indicators.write_text(indicators.read_text().replace("field: treatment", "field: treatmnet"))
    with pytest.raises(CpError, match="unknown field 'treatmnet'"):
        KnowledgeBase(kb.root).sector("mini")
