"""Pulp and paper: CP before EOP where it is sharpest, a straw mill that drains its black liquor."""

from __future__ import annotations

import pytest

from cpassess.kb import default_knowledge
from cpassess.pipeline import assess
from cpassess.plant import parse_plant

STRAW_MILL = """
sector: pulp
plant: {name: Straw mill, country: CN, currency: CNY, operating_days_per_year: 300}
mill: {mill_type: nonwood_soda, raw_material: wheat_straw, bleached: true, has_paper_machine: true,
       production_t_per_day: 50, pulp_adt_per_day: 50, paper_t_per_day: 50}
chemical_pulping: {black_liquor_fate: discharged, washing_type: none_or_single}
effluent: {wastewater_m3_per_day: 6000, effluent_treatment: primary, discharge_route: surface_water,
           effluent_cod_mg_l: 3000}
"""


def run(text):
    return assess(parse_plant(text, "plant.yaml", default_knowledge()))


def measures(a):
    return {r.measure_id: r for r in a.recommendations}


def test_recovering_the_black_liquor_removes_most_of_the_cod_and_treatment_is_sized_on_the_rest():
    a = run(STRAW_MILL)
    recovery = measures(a)["M-PUL-CHEMICAL-RECOVERY"]
    assert recovery.kind == "cp" and recovery.status == "confirmed"
    cod = next(p for p in a.projections if p.parameter == "COD")
    assert cod.load_after <= 0.4 * cod.load_now  # at least 60 % of the load gone before any treatment
    assert "M-PUL-CHEMICAL-RECOVERY" in cod.drivers
    assert cod.status_after_cp == "exceeds"  # what is left still needs treatment...
    assert cod.required_removal == pytest.approx(1 - cod.limit_max / cod.after_cp)  # ...sized on it
    eop = [r for r in a.recommendations if r.kind == "eop"]
    assert eop and all(r.rank > recovery.rank for r in eop)
    assert any(t.parameter == "COD" for r in eop for t in r.targets)


def test_a_mill_too_small_for_recovery_keeps_its_liquor_out_of_the_river_another_way():
    a = run(STRAW_MILL.replace("pulp_adt_per_day: 50", "pulp_adt_per_day: 15"))
    assert "M-PUL-CHEMICAL-RECOVERY" in {s.measure_id for s in a.set_aside}
    assert "M-PUL-BL-FERTILISER" in measures(a)
    cod = next(p for p in a.projections if p.parameter == "COD")
    assert cod.load_after <= 0.4 * cod.load_now


def test_a_mill_that_dilutes_is_compared_at_the_reference_flow():
    a = run(STRAW_MILL)
    cod = next(p for p in a.projections if p.parameter == "COD")
    assert cod.at_reference is not None and cod.at_reference.measured_now == 3000
    assert cod.current > 3000  # 120 m3/t against the standard's reference flow


def test_a_recycled_fibre_mill_is_asked_nothing_about_cooking_or_black_liquor():
    a = run("""
sector: pulp
plant: {name: Board mill, country: VN, currency: VND}
mill: {mill_type: recycled_fibre, deinking: false, has_paper_machine: true, production_t_per_day: 150}
""")
    sections = {g.section for g in a.data_gaps}
    assert not sections & {"chemical_pulping", "bleaching"}
    assert not any(r.measure_id in ("M-PUL-CHEMICAL-RECOVERY", "M-PUL-ECF-BLEACHING") for r in a.recommendations)


def test_energy_is_read_against_the_row_of_the_mills_own_pulp_type():
    a = run("""
sector: pulp
plant: {name: Board mill, country: CN, currency: CNY}
mill: {mill_type: recycled_fibre, deinking: false, has_paper_machine: true, production_t_per_day: 150,
       pulp_adt_per_day: 150}
energy: {pulp_energy_kgce_per_adt: 120}
""")
    energy = next(i for i in a.indicators if i.id == "energy_kgce_per_adt")
    assert (energy.band, energy.poor.value, energy.kind) == ("poor", 90, "recycled pulp without deinking")
    assert "M-PUL-AREA-METERING" in measures(a)  # 120 is over the GB 31825 limit of 90 for this pulp


def test_only_the_power_bought_is_priced_at_the_tariff():
    from cpassess.pipeline.facts import plant_facts
    from cpassess.pipeline.plan import annual_costs

    base = STRAW_MILL + "electricity: {electricity_kwh_per_day: 100000, electricity_price_per_kwh: 0.6}\n"
    plant = parse_plant(base, "plant.yaml", default_knowledge())
    bought_all = annual_costs(plant_facts(plant))["electricity"]
    own = base.replace("price_per_kwh: 0.6", "price_per_kwh: 0.6, own_generation_kwh_per_day: 60000")
    bought_part = annual_costs(plant_facts(parse_plant(own, "plant.yaml", default_knowledge())))["electricity"]
    assert bought_all == pytest.approx(100000 * 0.6 * 300) and bought_part == pytest.approx(0.4 * bought_all)


def test_a_ph_outside_its_limit_is_corrected_not_removed():
    from cpassess.report import render

    a = run(STRAW_MILL.replace("effluent_cod_mg_l: 3000", "effluent_cod_mg_l: 3000, effluent_ph: 9.4"))
    ph = next(p for p in a.projections if p.parameter == "pH")
    assert ph.status_after_cp == "exceeds" and ph.required_removal is None
    assert "M-PUL-EOP-NEUTRALISATION" in {m for r in a.recommendations for m in r.measure_ids}
    md = render(a, "md")
    assert "**pH**: it is set by dosing, not removed, so design the dosing on site." in md
    assert "the stages with a known figure remove at least" in md  # the COD chain's known stages


def test_a_ph_over_its_limit_after_cp_needs_adjusting_not_a_removal_share():
    from support import example_files

    from cpassess.plant import load_plant
    from cpassess.report import render

    path = next(p for p in example_files("pulp") if p.stem == "shandong-straw-soda")
    report = render(assess(load_plant(path)), "md")
    assert "pH: 9.4 after CP; above the limit of 9: it needs adjusting, not removal." in report
    assert "not known must be removed" not in report
