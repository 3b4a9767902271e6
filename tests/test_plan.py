"""The action plan: the main problems first, do now / plan / study, and savings never counted twice."""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURE_KB, MINI_PLANT, example_files

from cpassess.kb import KnowledgeBase
from cpassess.pipeline import assess
from cpassess.plant import load_plant, parse_plant
from cpassess.report import render

PLANT = MINI_PLANT + "  fuel_kg_per_day: 100\n  fuel_price_per_kg: 1\n"


def run(text: str = PLANT, kb=FIXTURE_KB):
    return assess(parse_plant(text, "plant.yaml", kb))


def with_measures(tmp_path, *edits: tuple[str, str]) -> KnowledgeBase:
    """The fixture knowledge base with its measures.yaml edited (old text, new text)."""
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    measures = kb / "sectors" / "mini" / "measures.yaml"
    text = measures.read_text()
    for old, new in edits:
        assert old in text
        text = text.replace(old, new)
    measures.write_text(text)
    return KnowledgeBase(kb)

COD_EFFECT = "    COD: {change: -0.5, source: FIX-2, evidence: J, note: fixture}"


def test_no_and_low_cost_cp_is_done_now_and_treatment_is_planned_after_it():
    a = run()
    horizons = {r.measure_id: r.horizon for r in a.recommendations}
    assert horizons == {"M-MINI-WATER": "do_now", "M-MINI-DRAIN": "do_now", "M-MINI-FUEL": "do_now",
                        "M-MINI-TREAT": "plan"}
    order = [r.measure_id for r in a.recommendations]
    # within "do now", the measure that brings COD (4 times its limit) down comes first
    assert order.index("M-MINI-DRAIN") < order.index("M-MINI-FUEL")
    assert order[-1] == "M-MINI-TREAT"


def test_the_report_opens_with_the_parameter_furthest_over_its_limit_and_the_largest_cost():
    a = run()
    limit, cost = a.main_problems
    assert (limit.kind, limit.key, limit.times) == ("limit", "COD", pytest.approx(4.0))
    assert [a.recommendations[rank - 1].measure_id for rank in limit.ranks] == ["M-MINI-DRAIN", "M-MINI-TREAT"]
    assert (cost.kind, cost.key, cost.value) == ("cost", "fuel", pytest.approx(100 * 300))
    assert [a.recommendations[rank - 1].measure_id for rank in cost.ranks] == ["M-MINI-FUEL"]
    md = render(a, "md")
    summary = md.split("## Summary", 1)[1]
    assert summary.lstrip().startswith("- Main problem: **COD is 4 times its limit (400 mg/L against 100 mg/L)**")
    assert "Largest running cost: **Fuel, about 30,000 USD a year**" in summary
    assert "### Do now: no or low cost" in md and "### Plan: investments that pay back" in md


def test_a_measure_marked_for_study_is_studied_first(tmp_path):
    kb = with_measures(tmp_path, ("  description: Tune the burner.\n",
                                  "  description: Tune the burner.\n  study: true\n"))
    a = run(kb=kb)
    assert {r.measure_id: r.horizon for r in a.recommendations}["M-MINI-FUEL"] == "study"
    assert "### Study first: needs a feasibility check" in render(a, "md")


def test_savings_on_the_same_resource_compound_instead_of_adding_up(tmp_path):
    # the drain measure now also saves half the water: with the water measure's 30 %, 65 % in all
    kb = with_measures(tmp_path, (COD_EFFECT, COD_EFFECT + "\n    water: {change: -0.5, source: FIX-2, evidence: J}"))
    a = run(PLANT.replace("  fuel_kg_per_day: 100\n", ""), kb)
    water_cost = 10 * 2 * 300
    assert a.totals["cp_annual_saving_sum"] == pytest.approx(0.65 * water_cost)  # not 0.8
    assert a.totals["overlaps"][0]["resource"] == "water"
    assert sorted(a.totals["overlaps"][0]["measures"]) == ["M-MINI-DRAIN", "M-MINI-WATER"]
    assert "(measures acting on the same resource are combined, not added: Fresh water: #1, #2)" in render(a, "md")


def test_loads_stand_beside_concentrations_so_less_water_is_not_read_as_worse():
    a = run(PLANT.replace("  waste_to_drain: true\n", "  waste_to_drain: false\n"))
    cod = a.projections[0]
    assert cod.after_cp > cod.current  # 30 % less water, same load: the concentration rises...
    assert cod.load_now == pytest.approx(400 * 8 / 1000)  # ...but the load, 3.2 kg/day, does not
    assert cod.load_after == pytest.approx(cod.load_now)
    assert "| COD | 400 mg/L (3.2 kg/day) | 571 mg/L (3.2 kg/day) |" in render(a, "md")


def test_a_package_effect_is_not_compounded_with_the_measures_inside_it(tmp_path):
    # the drain measure's sourced effect is that of a package that contains the water measure
    kb = with_measures(tmp_path, (COD_EFFECT, COD_EFFECT + "\n    water: {change: -0.5, source: FIX-2, evidence: J}"
                                              "\n  package_of: [M-MINI-WATER]"))
    a = run(PLANT.replace("  fuel_kg_per_day: 100\n", ""), kb)
    assert a.totals["cp_annual_saving_sum"] == pytest.approx(0.5 * 10 * 2 * 300)  # the package's 50 %, alone


def test_alternatives_are_not_both_counted_in_the_projection(tmp_path):
    # the drain measure and the water measure become ways to the same end, both cutting COD
    wastewater = "    wastewater: {change: -0.3, source: FIX-2, evidence: V}"
    leaks = "  description: Fix leaks.\n"
    kb = with_measures(tmp_path, (leaks, leaks + "  alternatives: [M-MINI-DRAIN]\n"),
                       (wastewater, wastewater + "\n    COD: {change: -0.2, source: FIX-2, evidence: J}"))
    a = run(PLANT, kb)
    cod = a.projections[0]
    # the cautious one of the two (-20 %, not -50 % nor both): 400 * 0.8 / 0.7
    assert cod.after_cp == pytest.approx(400 * 0.8 / 0.7)


def test_with_no_limit_or_cost_known_the_worst_indicator_is_the_main_problem():
    a = run("sector: mini\nplant: {name: P}\nwater: {water_m3_per_day: 10}\nproduction: {output_t_per_day: 0.5}\n")
    (problem,) = a.main_problems
    assert (problem.kind, problem.key, problem.value, problem.limit) == ("indicator", "water_m3_per_t", 20, 10)
    assert [a.recommendations[rank - 1].measure_id for rank in problem.ranks] == ["M-MINI-WATER"]
    assert ("Main problem: **Water per tonne is 20 m3/t, in the poor band (worse than 10 m3/t); limits and costs "
            "are not known yet**. Addressed by: Cut water use (#1).") in render(a, "md")


def test_a_measure_that_costs_money_every_year_says_so_instead_of_a_negative_saving(tmp_path):
    kb = with_measures(tmp_path, ("    fuel: {low: -0.3, high: -0.2, source: FIX-2, evidence: V}",
                                  "    fuel: {change: 0.5, source: FIX-2, evidence: J}"))
    a = run(PLANT.replace("  waste_to_drain: true\n", "").replace(
        "water: {water_m3_per_day: 10 m3/day, water_price_per_m3: 2}", "water: {water_m3_per_day: 4 m3/day}"), kb)
    fuel = next(r for r in a.recommendations if r.measure_id == "M-MINI-FUEL")
    assert fuel.annual_saving == pytest.approx(-0.5 * 100 * 300)
    md = render(a, "md")
    assert "| costs 15,000 USD a year |" in md and "-15,000" not in md
    assert "the one that can be priced costs, net, about **15,000 USD a year**" in md


def test_saving_a_part_of_a_resource_addresses_the_whole_and_a_part_is_never_the_largest_cost(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    fuel = ('  fuel: {name: Fuel, amount: fuel_kg_per_day, unit: kg/day, '
            'daily_cost: "fuel_kg_per_day * fuel_price_per_kg"}')
    sector = root / "sectors" / "mini" / "sector.yaml"
    sector.write_text(sector.read_text().replace(fuel, fuel + (
        '\n  kiln_fuel: {name: Kiln fuel, part_of: fuel, amount: fuel_kg_per_day, unit: kg/day,\n'
        '              daily_cost: "fuel_kg_per_day * fuel_price_per_kg * 2"}')))
    effect = "fuel: {low: -0.3, high: -0.2, source: FIX-2, evidence: V}"
    measures = root / "sectors" / "mini" / "measures.yaml"
    measures.write_text(measures.read_text().replace(f"    {effect}", f"    kiln_{effect}"))
    a = run(PLANT, KnowledgeBase(root))
    cost = next(p for p in a.main_problems if p.kind == "cost")
    assert cost.key == "fuel"  # the part (costed at twice the whole here) is not a cost of its own
    assert [a.recommendations[rank - 1].measure_id for rank in cost.ranks] == ["M-MINI-FUEL"]


@pytest.mark.parametrize("example", example_files(), ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_within_each_part_of_the_plan_cp_comes_before_end_of_pipe(example):
    a = assess(load_plant(example))
    for horizon in {r.horizon for r in a.recommendations}:
        kinds = [r.kind for r in sorted(a.recommendations, key=lambda r: r.rank) if r.horizon == horizon]
        assert kinds == sorted(kinds, key=lambda k: k == "eop"), f"{horizon}: {kinds}"
