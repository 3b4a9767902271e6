"""Limits at a reference flow: a plant that discharges more water per tonne than the standard's
reference is compared as if diluted only to the reference, so dilution does not pass for treatment."""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURE_KB, MINI_PLANT

from cpassess.errors import CpError
from cpassess.kb import KnowledgeBase
from cpassess.pipeline import assess
from cpassess.plant import parse_plant
from cpassess.report import render

CN_PLANT = MINI_PLANT.replace("country: ID", "country: CN")  # 8 m3 per 0.5 t: 16 m3/t


def kb_with_reference(tmp_path, value, evidence="V"):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    limits = root / "sectors" / "mini" / "limits.yaml"
    old = "    when: {all: [{field: country, op: eq, value: CN}]}\n"
    assert old in limits.read_text()
    limits.write_text(limits.read_text().replace(old, old + (
        "    reference_flow: {stream: wastewater, specific: \"wastewater_m3_per_day / output_t_per_day\", "
        f"value: {value}, unit: m3/t, source: FIX-2, evidence: {evidence}}}\n")))
    return KnowledgeBase(root)


def cod(a):
    return next(p for p in a.projections if p.parameter == "COD")


def test_a_plant_over_the_reference_flow_is_compared_as_if_diluted_only_to_it(tmp_path):
    a = assess(parse_plant(CN_PLANT, "plant.yaml", kb_with_reference(tmp_path, 8)))
    p = cod(a)
    assert p.at_reference.specific_now == pytest.approx(16)
    assert (p.at_reference.measured_now, p.current) == (pytest.approx(400), pytest.approx(800))
    # the water measure cuts the flow 30 %: the concentration rises, the compared value stays with the load
    assert "M-MINI-WATER" in {r.measure_id for r in a.recommendations}
    assert p.at_reference.specific_after == pytest.approx(16 * 0.7)
    assert p.after_cp == pytest.approx(p.at_reference.measured_after * 1.4)  # 11.2 / 8
    assert p.after_cp == pytest.approx(800 * p.load_after / p.load_now)  # the compared value follows the load
    assert p.required_removal == pytest.approx(1 - 50 / p.after_cp)
    assert p.load_now == pytest.approx(3.2)  # loads are of what is discharged, not of the compared value
    md = render(a, "md")
    assert "800 mg/L (measured 400 mg/L)" in md
    assert "reference flow of 8 m3/t [FIX-2, V]: the plant discharges 16 m3/t, so each measured " \
           "concentration counts 2 times" in md
    assert "after CP 11.2 m3/t, so 1.4 times" in md


def test_a_plant_under_the_reference_flow_is_compared_as_measured(tmp_path):
    a = assess(parse_plant(CN_PLANT, "plant.yaml", kb_with_reference(tmp_path, 20)))
    p = cod(a)
    assert p.current == pytest.approx(400) and p.at_reference.specific_now == pytest.approx(16)
    assert "counts" not in render(a, "md")


def test_the_limit_ratio_rules_read_is_at_the_reference_flow_too(tmp_path):
    from cpassess.pipeline.facts import limit_ratios

    kb = kb_with_reference(tmp_path, 8)
    sector = kb.sector("mini")
    values = {"country": "CN", "effluent_cod_mg_l": 400, "wastewater_m3_per_day": 8, "output_t_per_day": 0.5}
    assert limit_ratios(sector, values)["COD_to_limit"] == pytest.approx(16)
    del values["output_t_per_day"]  # specific flow unknown: compared as measured
    assert limit_ratios(sector, values)["COD_to_limit"] == pytest.approx(8)


def test_a_reference_flow_whose_value_was_not_read_is_refused(tmp_path):
    root = kb_with_reference(tmp_path, 8, evidence="G").root
    with pytest.raises(CpError, match="reference flow needs a positive"):
        KnowledgeBase(root).sector("mini")
