"""Reports: escaped user text, self-contained HTML, flagged evidence, overridable strict templates."""

from __future__ import annotations

import re

import pytest
from support import FIXTURE_KB, example_files

from cpassess.errors import CpError
from cpassess.pipeline import assess
from cpassess.plant import load_plant, parse_plant
from cpassess.report import render

HOSTILE = "<script>alert('x')</script> & Sons | *Tofu*"


def hostile_plant():
    text = (f"sector: mini\nplant: {{name: \"{HOSTILE}\", city: \"<b>Semarang</b>\", currency: USD,"
            f" operating_days_per_year: 300}}\nwater: {{water_m3_per_day: 10, water_price_per_m3: 2}}\n"
            "production: {output_t_per_day: 0.5, waste_to_drain: true, wastewater_m3_per_day: 8,"
            " effluent_cod_mg_l: 400}\n")
    return assess(parse_plant(text, "hostile.yaml", FIXTURE_KB))


def test_a_plant_name_holding_html_renders_as_text_in_html():
    html = render(hostile_plant(), "html")
    assert "<script>" not in html and "<b>Semarang" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Sons" in html


def test_a_plant_name_holding_html_renders_as_text_in_markdown():
    md = render(hostile_plant(), "md")
    assert "<script>" not in md and "<b>" not in md
    assert "# Cleaner Production assessment: &lt;script&gt;alert('x')&lt;/script&gt; & Sons \\| \\*Tofu\\*" in md


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_html_needs_no_network(example):
    html = render(assess(load_plant(example)), "html")
    assert not re.search(r"<(link|script|img|iframe)\b", html)
    assert "@import" not in html and "url(" not in html


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_unverified_figures_stay_flagged_in_the_report(example):
    a = assess(load_plant(example))
    md = render(a, "md")
    for r in a.recommendations:
        if r.unverified:
            assert f"({', '.join(r.unverified)}): check before quoting" in md
    for p in a.projections:
        if p.limit_evidence and p.limit_evidence != "V":
            assert f"[{p.limit_source}, {p.limit_evidence}]" in md


def test_user_templates_override_and_undefined_variables_fail_loudly(tmp_path):
    a = hostile_plant()
    (tmp_path / "report.md.j2").write_text("{{ a.plant.name | md }} saves {{ a.totals.cp_annual_saving_sum | num }}\n")
    assert render(a, "md", tmp_path).endswith("saves 1,800\n")
    (tmp_path / "report.md.j2").write_text("{{ a.no_such_thing }}\n")
    with pytest.raises(CpError, match="template error"):
        render(a, "md", tmp_path)
    (tmp_path / "report.md.j2").write_text("{% if %}\n")
    with pytest.raises(CpError, match="template error"):
        render(a, "md", tmp_path)


def test_a_user_template_can_extend_the_shipped_one(tmp_path):
    a = hostile_plant()
    (tmp_path / "report.html.j2").write_text(
        '{% extends "default/report.html.j2" %}{% block footer %}<p>Kitakyushu training course</p>{% endblock %}')
    html = render(a, "html", tmp_path)
    assert html.startswith("<!DOCTYPE html>") and "<p>Kitakyushu training course</p>" in html
    assert "cpassess 0." not in html
    (tmp_path / "report.md.j2").write_text('{% extends "report.md.j2" %}')
    with pytest.raises(CpError, match="default/report.md.j2"):
        render(a, "md", tmp_path)


def test_an_unanswered_production_figure_is_left_out_of_the_header():
    text = ("sector: mini\nplant: {name: Half, currency: USD, operating_days_per_year: 300}\n"
            "water: {water_m3_per_day: 10, water_price_per_m3: 2}\n")
    a = assess(parse_plant(text, "half.yaml", FIXTURE_KB))
    assert a.plant["production"]["value"] is None
    for fmt in ("md", "html"):
        assert "not answered" not in render(a, fmt).split("Summary")[0]


RECORDED = """
sector: tofu
notes: Visited in the rainy season; the owner's son answered.
plant: {name: Tahu Test, country: Indonesia, currency: IDR, operating_days_per_year: 300}
production:
  soybean_kg_per_day: 35 kg/batch
  batches_per_day: 4
water:
  water_m3_per_day: {value: 3, basis: estimated, note: "tank filled twice a day"}
electricity:
  electricity_price_per_kwh: 14.44
"""


def test_the_report_says_how_answers_were_written_and_which_prices_look_wrong():
    md = render(assess(parse_plant(RECORDED, "plant.yaml")), "md")
    recorded = md.split("## Answers as written", 1)[1].split("\n## ", 1)[0]
    assert "**Notes of the plant**: Visited in the rainy season" in recorded
    assert "140 kg/day (written as 35 kg/batch; converted with the answers to Batches per day)" in recorded
    assert "3 m3/day (estimated; note: tank filled twice a day)" in recorded
    assert "Indonesia" not in recorded  # a country written by name is no news
    assert "14.4 IDR/kWh is far from what plants pay in IDR (400 to 2,500" in md


def test_answers_beyond_the_physical_bounds_of_the_bean_are_to_check():
    md = render(assess(parse_plant(
        "sector: tofu\nplant: {name: B, country: ID}\n"
        "production: {soybean_kg_per_day: 100, tofu_output_kg_per_day: 800}\n"
        "byproducts: {okara_kg_per_day: 400, okara_recovered_kg_per_day: 500}\n", "plant.yaml")), "md")
    checks = md.split("**Answers to check before trusting this report:**", 1)[1].split("##", 1)[0]
    assert "8 kg of tofu per kg of soybean is more than the bean can give" in checks and "[R43, J]" in checks
    assert "4 kg of wet okara per kg of soybean is far above the 2.0-2.2 kg/kg" in checks
    assert "More okara is reported sold or used than produced (1.25 times)" in checks


def test_the_plants_notes_are_escaped_in_html():
    html = render(assess(parse_plant('sector: tofu\nnotes: "<script>alert(1)</script>"\nplant: {name: X}\n'
                                     'water:\n  water_m3_per_day: {value: 3, note: "<b>x</b>"}\n', "p.yaml")), "html")
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "(note: &lt;b&gt;x&lt;/b&gt;)" in html
