"""Advice from incomplete answers: typical answers make likely measures, partial answers are read each way."""

from __future__ import annotations

import json
import shutil

import pytest
from support import FIXTURE_KB, MINI_PLANT

from cpassess.errors import CpError
from cpassess.kb import KnowledgeBase
from cpassess.pipeline import assess
from cpassess.plant import parse_plant
from cpassess.report import render

PLANT = MINI_PLANT.replace("  waste_to_drain: true\n", "")  # whether waste is drained: not answered

TYPICAL = """
waste_to_drain:
  - value: true
    when: {all: [{field: country, op: eq, value: ID}]}
    source: FIX-2
    evidence: J
    note: small makers here drain their waste
treatment:
  - {value: pond, source: FIX-2, evidence: S, note: most have a pond}
"""

PARTIAL = """      treatment:
        question: Treatment?
        type: choice
        choices: {none: None, pond: Pond, reactor: Reactor, some: "Some treatment, kind not known"}
        one_of: {some: [pond, reactor]}
"""

RULES = {
    "MIN-008": {"recommend": ["M-MINI-KILN"], "when": {"all": [{"field": "treatment", "op": "in",
                                                                "value": ["pond", "reactor"]}]}},
    "MIN-009": {"recommend": ["M-MINI-FUEL"], "when": {"all": [{"field": "treatment", "op": "eq",
                                                                "value": "pond"}]}},
}


@pytest.fixture
def kb(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    sector = root / "sectors" / "mini"
    (sector / "typical.yaml").write_text(TYPICAL)
    questionnaire = sector / "questionnaire.yaml"
    text = questionnaire.read_text()
    old = "      treatment: {question: Treatment?, type: choice, choices: {none: None, pond: Pond}}\n"
    assert old in text
    questionnaire.write_text(text.replace(old, PARTIAL))
    for rule_id, body in RULES.items():
        rule = {"id": rule_id, "title": f"Rule {rule_id}", "stage": "cp", "because": "Because.", **body}
        (root / "rules" / "mini" / f"{rule_id}.yaml").write_text(json.dumps(rule))
    return KnowledgeBase(root)


def run(kb, text=PLANT):
    return assess(parse_plant(text, "plant.yaml", kb))


def by_id(a):
    return {r.measure_id: r for r in a.recommendations}


def test_a_rule_waiting_on_a_missing_answer_recommends_its_measure_as_likely(kb):
    a = run(kb)
    drain = by_id(a)["M-MINI-DRAIN"]
    assert drain.status == "likely"
    assert [(x.field, x.value.value, x.source, x.evidence) for x in drain.assumptions] == [
        ("waste_to_drain", True, "FIX-2", "J")]
    assert drain.assumptions[0].question == "Does waste go to the drain?"
    assert by_id(a)["M-MINI-WATER"].status == "confirmed"
    # the question that would confirm it is asked, and says so
    gap = next(g for g in a.data_gaps if g.field == "waste_to_drain")
    assert [n.code for n in gap.reasons] == ["confirms_likely"] and gap.rules == ["MIN-002"]


def test_likely_measures_never_drive_the_projection_or_the_confirmed_total(kb):
    a = run(kb)
    cod = a.projections[0]
    assert "M-MINI-DRAIN" not in cod.drivers
    assert cod.after_cp == pytest.approx(400 / 0.7)  # the confirmed water measure only; no -50 % load
    assert a.totals["cp_measures"] == 1 and a.totals["likely_measures"] >= 1
    answered = run(kb, PLANT + "  waste_to_drain: true\n")
    assert by_id(answered)["M-MINI-DRAIN"].status == "confirmed"
    assert answered.projections[0].after_cp == pytest.approx(400 * 0.5 / 0.7)


def test_no_typical_answer_where_it_is_not_known_which_plants_this_one_is_like(kb):
    a = run(kb, PLANT.replace("country: ID, ", ""))
    assert "M-MINI-DRAIN" not in by_id(a)
    gap = next(g for g in a.data_gaps if g.field == "waste_to_drain")
    assert [n.code for n in gap.reasons] == ["decides_measure"]


def test_a_partial_answer_confirms_what_holds_for_every_reading_and_leaves_the_rest_likely(kb):
    a = run(kb, PLANT + "  treatment: some\n")
    assert by_id(a)["M-MINI-KILN"].status == "confirmed"  # pond or reactor: MIN-008 holds either way
    fuel = by_id(a)["M-MINI-FUEL"]  # only a pond fires MIN-009; a pond is typical
    assert fuel.status == "likely" and [x.field for x in fuel.assumptions] == ["treatment"]
    assert any(g.field == "treatment" and g.rules == ["MIN-009"] for g in a.data_gaps)
    reactor = run(kb, PLANT + "  treatment: reactor\n")
    assert "M-MINI-FUEL" not in by_id(reactor)


def test_every_condition_reads_a_partial_answer_each_way_not_only_the_rules(kb):
    measures = kb.root / "sectors" / "mini" / "measures.yaml"
    works_if = "  works_if: {all: [{field: treatment, op: in, value: [pond, reactor]}]}\n"
    measures.write_text(measures.read_text().replace("  description: Old kilns lose heat.\n",
                                                     "  description: Old kilns lose heat.\n" + works_if))
    kb = KnowledgeBase(kb.root)
    a = run(kb, PLANT + "  treatment: some\n")  # pond or reactor: the kiln works either way
    assert "M-MINI-KILN" in by_id(a) and not a.set_aside
    measures.write_text(measures.read_text().replace("value: [pond, reactor]}", "value: [pond]}"))
    a = run(KnowledgeBase(kb.root), PLANT + "  treatment: some\n")  # open: kept, and its question asked
    assert "M-MINI-KILN" in by_id(a) and not a.set_aside
    assert any(g.field == "treatment" for g in a.data_gaps)


def test_the_report_marks_likely_measures_with_their_assumption_and_question(kb):
    a = run(kb)
    md = render(a, "md")
    assert "*likely*" in md and "To confirm: Does waste go to the drain?" in md
    assert "small makers here drain their waste" in md
    data = json.loads(render(a, "json"))
    drain = next(r for r in data["recommendations"] if r["measure_id"] == "M-MINI-DRAIN")
    assert drain["status"] == "likely" and drain["assumptions"][0]["field"] == "waste_to_drain"


@pytest.mark.parametrize(("typical", "message"), [
    ("treatment:\n  - {value: lagoon, source: FIX-2, evidence: J, note: x}\n", "'lagoon' is not a valid answer"),
    ("treatment:\n  - {value: some, source: FIX-2, evidence: J, note: x}\n", "'some' is not a valid answer"),
    ("no_such_field:\n  - {value: 1, source: FIX-2, evidence: J, note: x}\n", "unknown field 'no_such_field'"),
    ("treatment:\n  - {value: pond, source: NOPE, evidence: J, note: x}\n", "cites unknown source 'NOPE'"),
])
def test_a_wrong_typical_answer_is_refused_naming_its_file_and_field(kb, typical, message):
    (kb.root / "sectors" / "mini" / "typical.yaml").write_text(typical)
    with pytest.raises(CpError, match=message) as caught:
        KnowledgeBase(kb.root).sector("mini")
    assert str(caught.value.file).endswith("typical.yaml")


def test_a_measure_that_does_not_work_here_is_set_aside_with_the_reason(kb):
    measures = kb.root / "sectors" / "mini" / "measures.yaml"
    measures.write_text(measures.read_text().replace(
        "  description: Fix leaks.\n",
        "  description: Fix leaks.\n  works_if: {all: [{field: country, op: neq, value: ID}]}\n"))
    a = run(KnowledgeBase(kb.root))
    assert "M-MINI-WATER" not in by_id(a)
    assert [(s.measure_id, [c.field for c in s.conditions]) for s in a.set_aside] == [("M-MINI-WATER", ["country"])]
    assert "**Cut water use** does not work here: Country?: Indonesia (it needs ≠ Indonesia)." in render(a, "md")
    unknown = run(KnowledgeBase(kb.root), PLANT.replace("country: ID, ", ""))
    assert "M-MINI-WATER" in by_id(unknown)
    assert any(n.code == "decides_measure_works" for g in unknown.data_gaps for n in g.reasons)


def test_a_range_answered_carries_through_to_indicators_and_savings():
    text = PLANT.replace("water_m3_per_day: 10 m3/day", "water_m3_per_day: 8-12 m3/day") + (
        "  fuel_kg_per_day: 90-110\n  fuel_price_per_kg: 2\n")
    a = assess(parse_plant(text, "plant.yaml", FIXTURE_KB))
    water = next(i for i in a.indicators if i.id == "water_m3_per_t")
    assert (water.value, water.low, water.high) == (pytest.approx(20), pytest.approx(16), pytest.approx(24))
    fuel = by_id(a)["M-MINI-FUEL"]  # -20 % (the cautious end) of 90-110 kg/day at 2 USD, 300 days
    assert fuel.annual_saving == pytest.approx(0.2 * 100 * 2 * 300)
    assert (fuel.annual_saving_low, fuel.annual_saving_high) == (pytest.approx(0.2 * 90 * 600),
                                                                 pytest.approx(0.2 * 110 * 600))
    md = render(a, "md")
    assert "20 m3/t (16–24 m3/t from the ranges answered)" in md
    assert "| 10,800–13,200 USD |" in md


def test_a_limit_whose_value_was_not_read_is_not_taken_for_no_limit(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    limits = root / "sectors" / "mini" / "limits.yaml"
    old = "      COD: {max: 100, source: FIX-2, evidence: U}"
    assert old in limits.read_text()
    limits.write_text(limits.read_text().replace(old, "      COD: {source: FIX-2, evidence: G, note: not read}"))
    a = run(KnowledgeBase(root), PLANT + "  waste_to_drain: true\n")
    cod = a.projections[0]
    assert (cod.status_now, cod.status_after_cp, cod.limit_max) == ("limit_unknown", "limit_unknown", None)
    assert not a.eop_needed and "M-MINI-TREAT" not in by_id(a)
    md = render(a, "md")
    assert "| not known [FIX-2, G] | limit not known |" in md
    assert "End-of-pipe need cannot be decided yet for COD: Default set sets limits for them" in md
    limits.write_text(limits.read_text().replace("evidence: G, note: not read}", "evidence: G, max: 5}"))
    with pytest.raises(CpError, match="evidence G"):
        KnowledgeBase(root).sector("mini")


def test_the_summary_total_is_a_range_where_a_price_behind_it_was_answered_as_one():
    text = PLANT + "  fuel_kg_per_day: 100\n  fuel_price_per_kg: 2-3\n"
    a = assess(parse_plant(text, "plant.yaml", FIXTURE_KB))
    fuel = 0.2 * 100 * 300  # -20 % of 100 kg/day, 300 days, at 2-3 USD/kg
    water = 0.3 * 10 * 2 * 300
    assert (a.totals["cp_annual_saving_low"], a.totals["cp_annual_saving_high"]) == (
        pytest.approx(fuel * 2 + water), pytest.approx(fuel * 3 + water))
    assert "save about **13,800–19,800 USD a year**" in render(a, "md")


def test_a_unit_the_plant_does_not_have_makes_its_rules_silent_not_undecided(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    questionnaire = root / "sectors" / "mini" / "questionnaire.yaml"
    text = questionnaire.read_text()
    unit = """      kiln_age_years:
        question: How old is the kiln?
        type: number
        unit: year
        min: 0
        asked_if: {all: [{field: has_kiln, op: eq, value: true}]}
"""
    assert unit in text
    questionnaire.write_text(text.replace(unit, "") + """  kiln:
    title: Kiln
    asked_if: {all: [{field: has_kiln, op: eq, value: true}]}
    fields:
      kiln_age_years: {question: How old is the kiln?, type: number, unit: year, min: 0}
      kiln_shell_c: {question: Kiln shell temperature?, type: number, unit: degC, min: 0, max: 600}
""")
    rule = {"id": "MIN-096", "title": "Hot shell", "stage": "cp", "recommend": ["M-MINI-KILN"], "because": "b",
            "when": {"all": [{"field": "kiln_shell_c", "op": "gt", "value": 300, "source": "FIX-2",
                              "evidence": "J"}]}}
    (root / "rules" / "mini" / "MIN-096.yaml").write_text(json.dumps(rule))
    kb = KnowledgeBase(root)
    without = run(kb, PLANT + "  has_kiln: false\n")
    assert not any(g.field.startswith("kiln_") for g in without.data_gaps)  # nothing asked of a kiln it lacks
    assert "M-MINI-KILN" not in by_id(without)
    unknown = run(kb, PLANT)
    asked = {g.field for g in unknown.data_gaps}
    assert "has_kiln" in asked and "kiln_shell_c" not in asked  # first whether there is a kiln
    hot = run(kb, PLANT + "  has_kiln: true\nkiln: {kiln_shell_c: 350}\n")
    assert "M-MINI-KILN" in by_id(hot)


def test_the_indicators_of_a_unit_the_plant_does_not_have_are_left_out(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    questionnaire = root / "sectors" / "mini" / "questionnaire.yaml"
    questionnaire.write_text(questionnaire.read_text() + """  kiln:
    title: Kiln
    asked_if: {all: [{field: has_kiln, op: eq, value: true}]}
    fields:
      kiln_fuel_kg_per_t: {question: Kiln fuel per tonne?, type: number, unit: kg/t, min: 0}
""")
    indicators = root / "sectors" / "mini" / "indicators.yaml"
    indicators.write_text(indicators.read_text() + """kiln_fuel:
  name: Kiln fuel
  unit: kg/t
  formula: "kiln_fuel_kg_per_t"
""")
    kb = KnowledgeBase(root)
    assert "kiln_fuel" not in {i.id for i in run(kb, PLANT + "  has_kiln: false\n").indicators}
    assert "kiln_fuel" in {i.id for i in run(kb, PLANT).indicators}  # whether there is a kiln: not known


def test_a_typical_answer_may_rest_on_another_but_never_on_what_the_plant_said_otherwise(kb):
    from cpassess.pipeline.typical import typical_answers

    typical = kb.root / "sectors" / "mini" / "typical.yaml"
    typical.write_text(typical.read_text() + """has_kiln:
  - value: true
    when: {all: [{field: treatment, op: eq, value: pond}]}
    source: FIX-2
    evidence: J
    note: plants with a pond have a kiln
""")
    sector = KnowledgeBase(kb.root).sector("mini")
    chained = typical_answers(sector, {"country": "ID"})  # treatment typical (pond), so a kiln too
    assert chained["treatment"].value == "pond" and chained["has_kiln"].value is True
    answered = typical_answers(sector, {"country": "ID", "treatment": "reactor"})
    assert "has_kiln" not in answered and "treatment" not in answered


def test_a_parameter_that_does_not_apply_is_over_no_limit_and_asks_nothing(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    rule = {"id": "MIN-095", "title": "SO2 over", "stage": "cp", "recommend": ["M-MINI-KILN"], "because": "b",
            "when": {"all": [{"field": "SO2_to_limit", "op": "gt", "value": 1}]}}
    (root / "rules" / "mini" / "MIN-095.yaml").write_text(json.dumps(rule))
    kb = KnowledgeBase(root)
    a = run(kb, PLANT + "  fuel_kg_per_day: 0\n")  # SO2 applies only where fuel is burnt: none is
    assert "MIN-095" not in {g for gap in a.data_gaps for g in gap.rules}
    assert not any(g.field in ("stack_so2_mg_nm3", "fuel_sulphur_percent") for g in a.data_gaps)


def test_a_plant_is_not_asked_another_countrys_question():
    from support import example_files

    from cpassess.plant import load_plant

    java = next(p for p in example_files("cement") if p.stem == "java-four-stage")  # Indonesia
    asked = {gap.field for gap in assess(load_plant(java)).data_gaps}
    assert "cn_key_region" not in asked, "a Chinese key-region question does not decide an Indonesian limit"
    jharkhand = next(p for p in example_files("steel") if p.stem == "jharkhand-integrated-bf-bof")  # India
    assert "cn_ultra_low" not in {gap.field for gap in assess(load_plant(jharkhand)).data_gaps}
