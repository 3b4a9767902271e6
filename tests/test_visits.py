"""Follow-up visits: two visits compared, what became of the measures, a rejection respected."""

from __future__ import annotations

import json

import yaml
from support import example_files

from cpassess.compare import compare
from cpassess.pipeline import assess
from cpassess.plant import load_plant

TRADITIONAL = next(p for p in example_files("tofu") if p.stem == "semarang-traditional")
ACTIONS = {"M-TOF-OKARA-SALE": {"status": "done", "date": "2026-02-01", "realised_saving": 19000000},
           "M-TOF-WHEY-BIOGAS": {"status": "rejected", "date": "2026-01-10",
                                 "reason": "no space for a digester behind the house"},
           "M-TOF-WATER-PER-BATCH": {"status": "in_progress", "owner": "Bu Sri"}}


def _visits(tmp_path, change=lambda d: None):
    first = yaml.safe_load(TRADITIONAL.read_text(encoding="utf-8"))
    first["plant"].update(visit_date="2025-11-04", plant_id="SMG-TOF-0142")
    second = yaml.safe_load(yaml.safe_dump(first))
    second["plant"]["visit_date"] = "2026-11-10"
    second["byproducts"].update(okara_destination="sold_feed", okara_recovered_kg_per_day=160)
    second["actions"] = ACTIONS
    change(second)
    paths = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    for path, data in zip(paths, (first, second), strict=True):
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return paths


def test_two_visits_side_by_side_with_what_became_of_each_measure(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    before = v1.read_bytes(), v2.read_bytes()
    result = cli("compare", v1, v2)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Follow-up visit: ")
    assert "| Question | Visit of 2025-11-04 | Visit of 2026-11-10 |" in text
    assert "| Collect all okara and sell it as feed or food | done (2026-02-01) | 21,200,000 IDR | " \
           "19,000,000 IDR |" in text
    assert "rejected (2026-01-10): no space for a digester behind the house" in text
    assert "## Recommended at both visits and not done yet" in text and "| Share of okara sold or used | 0% |" in text
    assert (v1.read_bytes(), v2.read_bytes()) == before
    data = json.loads(cli("compare", v1, v2, "-f", "json").stdout)
    assert {a["measure_id"]: a["status"] for a in data["actions"]} == {m: a["status"] for m, a in ACTIONS.items()}
    pdf = tmp_path / "followup.pdf"
    assert cli("compare", v1, v2, "-o", pdf, "--lang", "id").exit_code == 0 and pdf.read_bytes()[:5] == b"%PDF-"


def test_a_follow_up_in_two_languages_puts_them_side_by_side_as_the_plant_report_does(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    html = tmp_path / "followup.html"
    assert cli("compare", v1, v2, "--lang", "id,en", "-o", html).exit_code == 0
    text = html.read_text(encoding="utf-8")
    assert 'class="pair"' in text and "Follow-up visit: " in text and "Kunjungan lanjutan: " in text
    assert "Sumber Rejeki" in text and text.count("no space for a digester behind the house") == 2
    md = cli("compare", v1, v2, "--lang", "zh,en").stdout
    assert md.startswith("# 回访：") and "\n# Follow-up visit: " in md and "## 修改的回答" in md  # section by section
    refused = cli("compare", "-", v2, "--lang", "zh,en")
    assert refused.exit_code == 2 and "standard input is read once" in refused.stderr


def test_a_measure_rejected_for_a_reason_is_not_recommended_again_nor_counted_on(tmp_path):
    v1, v2 = _visits(tmp_path)
    later = assess(load_plant(v2))
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in later.recommendations}
    [rejected] = later.rejected
    assert rejected.reason == "no space for a digester behind the house" and "whey_destination" in rejected.facts
    without = yaml.safe_load(v2.read_text(encoding="utf-8"))
    del without["actions"]["M-TOF-WHEY-BIOGAS"]
    (tmp_path / "v3.yaml").write_text(yaml.safe_dump(without), encoding="utf-8")
    offered = assess(load_plant(tmp_path / "v3.yaml"))
    assert "M-TOF-WHEY-BIOGAS" in {r.measure_id for r in offered.recommendations}
    assert compare(later, later).reconsider == [], "the same facts: nothing to reconsider"


def test_a_rejection_whose_facts_changed_is_named_to_ask_again(tmp_path):
    def more_whey_to_drain(data):
        data["wastewater"]["existing_treatment"] = "settling_pit"

    v1, v2 = _visits(tmp_path, more_whey_to_drain)
    comparison = compare(assess(load_plant(v1)), assess(load_plant(v2)))
    [again] = comparison.reconsider
    assert again.measure_id == "M-TOF-WHEY-BIOGAS" and again.changed


def test_two_different_plants_are_not_compared(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d["plant"].update(plant_id="SMG-TOF-0999"))
    result = cli("compare", v1, v2)
    assert result.exit_code == 2 and "plant_id" in result.stderr and result.stderr.count("\n") == 1


def test_a_later_visit_names_its_earlier_one_and_its_report_shows_what_became_of_each_measure(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    later = yaml.safe_load(v2.read_text(encoding="utf-8"))
    later["previous_visit"] = "v1.yaml"
    path = tmp_path / "v2-linked.yaml"
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    text = cli("assess", path).stdout
    assert "## Since the visit of 2025-11-04" in text
    assert "- **Collect all okara and sell it as feed or food**: done (2026-02-01); saves 19,000,000 IDR a year " \
           "(estimated 21,200,000 IDR)" in text
    assert "**Fix the water volume per batch (16-20 L per kg soybean)**: in progress" in text
    assert "still recommended (#" in text
    a = assess(load_plant(path))
    assert a.previous is not None and a.previous.previous is None
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in a.recommendations}, "the same facts: not again"
    later["wastewater"]["existing_treatment"] = "settling_pit"
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    again = assess(load_plant(path))
    assert "M-TOF-WHEY-BIOGAS" in {r.measure_id for r in again.recommendations}, "a fact its rule tests changed"
    assert again.rejected[0].changed
    assert "recommended again because " in cli("assess", path).stdout


def test_an_earlier_visit_that_is_missing_or_another_plant_is_one_line(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    later = yaml.safe_load(v2.read_text(encoding="utf-8"))
    for name, message in (("nowhere.yaml", "the earlier visit nowhere.yaml: "),
                          ("v2.yaml", "names this file itself"), ):
        later["previous_visit"] = name
        target = tmp_path / ("v2.yaml" if name == "v2.yaml" else "v3.yaml")
        target.write_text(yaml.safe_dump(later), encoding="utf-8")
        result = cli("assess", target)
        assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
