"""What-if: a plant with answers changed on the command line, compared with the plant as answered."""

from __future__ import annotations

import json

import pytest
from support import example_files

from cpassess.compare import compare
from cpassess.pipeline import assess
from cpassess.plant import load_plant

TRADITIONAL = next(p for p in example_files("tofu") if p.stem == "semarang-traditional")
BIOGAS = ("--set", "whey_destination=biogas", "--set", "okara_destination=sold_feed")


def test_changed_answers_show_what_changes_and_leave_the_file_as_it_was(cli):
    before = TRADITIONAL.read_bytes()
    result = cli("whatif", TRADITIONAL, *BIOGAS)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# What changes: ")
    assert "| Whey destination | Into the drain with the other wastewater | Into a biogas digester |" in text
    assert "| Feed whey (and surplus okara) to a biogas digester; cook with the gas | #16; saving 6,120,000 IDR " \
           "a year | not recommended |" in text
    assert "## Limits after CP" in text and "| End-of-pipe treatment needed after CP | yes | yes |" in text
    assert "| Chemical oxygen demand | now " in text and "mg/L (estimated); after CP" in text  # not measured: said
    assert TRADITIONAL.read_bytes() == before


def test_the_comparison_as_data_agrees_with_the_two_assessments(cli):
    data = json.loads(cli("whatif", TRADITIONAL, *BIOGAS, "-f", "json").stdout)
    plain = assess(load_plant(TRADITIONAL))
    dropped = {m["measure_id"] for m in data["measures"] if m["rank_after"] is None}
    assert "M-TOF-WHEY-BIOGAS" in dropped
    assert dropped <= {r.measure_id for r in plain.recommendations}
    assert data["saving_before"] == plain.totals["cp_annual_saving_sum"]
    assert {a["field"] for a in data["answers"]} == {"whey_destination", "okara_destination"}


def test_the_same_answer_changes_nothing(cli):
    result = cli("whatif", TRADITIONAL, "--set", "whey_destination=drain")
    assert result.exit_code == 0
    assert "Nothing in the recommendations, limits or savings changes." in result.stdout
    a = assess(load_plant(TRADITIONAL))
    assert compare(a, a).unchanged


def test_a_number_set_replaces_the_number_as_written(cli):
    result = cli("whatif", TRADITIONAL, "--set", "soybean_kg_per_day=700", "-f", "json")
    changed = json.loads(result.stdout)["answers"]
    assert [(a["field"], a["after"]["value"]) for a in changed] == [("soybean_kg_per_day", 700)]
    said = cli("whatif", TRADITIONAL, "--set", "soybean_kg_per_day=1200", "--lang", "id").stdout
    assert "| 1.200 kg/hari |" in said


def test_in_the_plants_language(cli):
    result = cli("whatif", TRADITIONAL, *BIOGAS, "--lang", "id")
    assert result.exit_code == 0 and result.stdout.startswith("# Apa yang berubah: ")
    assert "[EN]" not in result.stdout


def test_in_two_languages_side_by_side(cli, tmp_path):
    html = tmp_path / "whatif.html"
    assert cli("whatif", TRADITIONAL, *BIOGAS, "--lang", "zh,en", "-o", html).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert 'class="pair"' in text and 'lang="zh"' in text and "What changes: " in text


def test_a_wrong_setting_is_one_line_naming_the_setting(cli):
    for args, message in (
            (("--set", "whey_destinaton=biogas"), "Error: --set: whey_destinaton: no question 'whey_destinaton' "
                                                  "in sector tofu (did you mean 'whey_destination'?)"),
            (("--set", "whey_destination=lake"), "Error: --set: whey_destination: 'lake' is not one of "),
            (("--set", "whey_destination"), "Error: --set: 'whey_destination': write field=value")):
        result = cli("whatif", TRADITIONAL, *args)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
        assert result.stderr.startswith(message), result.stderr


def test_side_by_side_in_html_and_pdf_with_the_input_untouched(cli, tmp_path):
    before = TRADITIONAL.read_bytes()
    html = tmp_path / "whatif.html"
    assert cli("whatif", TRADITIONAL, *BIOGAS, "-o", html).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert "<th>As answered</th><th>With the changes</th>" in text and "Into a biogas digester" in text
    pdf = tmp_path / "whatif.pdf"
    assert cli("whatif", TRADITIONAL, *BIOGAS, "-o", pdf, "--lang", "zh").exit_code == 0
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert cli("whatif", TRADITIONAL, *BIOGAS, "-f", "pdf").exit_code == 2
    assert TRADITIONAL.read_bytes() == before


def test_keeping_whey_or_okara_out_of_the_drain_lowers_the_estimated_effluent_now(tmp_path):
    """An estimated effluent follows where the whey and the okara go, not only the soybean processed."""
    from cpassess.plant.changed import with_changes
    from cpassess.yamlio import load

    doc = load(TRADITIONAL)
    plain = assess(load_plant(TRADITIONAL))
    now = {p.parameter: p.current for p in plain.projections}
    sold = assess(with_changes(doc, ["whey_destination=sold"]))
    digested = assess(with_changes(doc, ["whey_destination=biogas"]))
    cod = {a.parameter: a.current for a in sold.projections}["COD"]
    assert cod == pytest.approx(now["COD"] * (1 - 0.6)), "the whey's cautious 60 % share leaves with it"
    assert cod < {a.parameter: a.current for a in digested.projections}["COD"] < now["COD"]
    drained = assess(with_changes(doc, ["okara_drained_kg_per_day=150"]))
    tss = {p.parameter: p for p in drained.projections}["TSS"]
    assert tss.current == pytest.approx(now["TSS"] + 150 * 0.12 * 1000 / 2.9)
    assert tss.after_cp < tss.current, "collecting the okara takes its solids out again"


def test_a_ph_under_its_range_is_below_its_minimum_not_over_it(cli):
    said = cli("whatif", TRADITIONAL, "--set", "effluent_ph=4.3").stdout
    assert "| pH | now not known; after CP not known (unknown) | now 4.3; after CP 4.3 (below its minimum) |" in said
