"""Follow-up visits: two visits compared, what became of the measures, a rejection respected."""

from __future__ import annotations

import json

import pytest
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
    assert "| Fix the water volume per batch (16-20 L per kg soybean) | in progress (Bu Sri) |" in text
    assert "## Recommended at both visits and not done yet" in text and "| Share of okara sold or used | 0% |" in text
    # done since: the plant's word in the measures table, not "not recommended" as if the advice changed
    assert "| Collect all okara and sell it as feed or food | #1; saving 21,200,000 IDR a year | done |" in text
    assert (v1.read_bytes(), v2.read_bytes()) == before
    data = json.loads(cli("compare", v1, v2, "-f", "json").stdout)
    assert {a["measure_id"]: a["status"] for a in data["actions"]} == {m: a["status"] for m, a in ACTIONS.items()}
    # what a programme's database joins on: ids beside the names
    assert "M-TOF-WATER-PER-BATCH" in {m["id"] for m in data["still_open"]}
    assert all(m["name"] and m["id"].startswith("M-") for m in data["still_open"])
    assert all(q["id"] and q["name"] for q in data["answered"])
    pdf = tmp_path / "followup.pdf"
    assert cli("compare", v1, v2, "-o", pdf, "--lang", "id").exit_code == 0 and pdf.read_bytes()[:5] == b"%PDF-"


def test_a_follow_up_in_indonesian_writes_the_visit_dates_as_indonesian_does(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    text = cli("compare", v1, v2, "--lang", "id").stdout
    assert "| Pada tanggal berapa pabrik dikunjungi? | 4 November 2025 | 10 November 2026 |" in text


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
        data["previous_visit"] = "v1.yaml"  # what changed is told against the earlier visit the file names
        # rejected at the first visit, and not spoken of since
        data["actions"] = {m: a for m, a in data["actions"].items() if m != "M-TOF-WHEY-BIOGAS"}

    v1, v2 = _visits(tmp_path, more_whey_to_drain)
    first = yaml.safe_load(v1.read_text(encoding="utf-8"))
    first["actions"] = {"M-TOF-WHEY-BIOGAS": {**ACTIONS["M-TOF-WHEY-BIOGAS"], "date": "2025-11-04"}}
    v1.write_text(yaml.safe_dump(first, allow_unicode=True), encoding="utf-8")
    comparison = compare(assess(load_plant(v1)), assess(load_plant(v2)))
    [again] = comparison.reconsider
    assert again.measure_id == "M-TOF-WHEY-BIOGAS" and again.changed


def test_a_rejection_stands_while_its_facts_are_unchanged_even_limit_ratios_and_at_the_next_visit(tmp_path):
    """A rule testing how far a value is from its limit (`<parameter>_to_limit`) sees the same ratio
    at both visits; a third visit that says nothing of the measure keeps the earlier rejection."""
    source = next(p for p in example_files("dyeing") if p.stem == "majalaya-polyester-jet")
    first = yaml.safe_load(source.read_text(encoding="utf-8"))
    plain = assess(load_plant(source))
    ratio_rules = [r for r in plain.recommendations
                   if any(c.field.endswith("_to_limit") for reason in r.reasons for c in reason.conditions)]
    assert ratio_rules, "the example has a measure whose rule tests a limit ratio"
    measure = ratio_rules[0].measure_id
    second = {**first, "previous_visit": "v1.yaml",
              "actions": {measure: {"status": "rejected", "reason": "no space beside the jets"}}}
    third = {**first, "previous_visit": "v2.yaml"}
    for name, data in (("v1.yaml", first), ("v2.yaml", second), ("v3.yaml", third)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for name in ("v2.yaml", "v3.yaml"):
        a = assess(load_plant(tmp_path / name))
        assert measure not in {r.measure_id for r in a.recommendations}, name
        assert [r.changed for r in a.rejected if r.measure_id == measure] == [[]], name


def test_the_history_says_when_a_measure_done_is_still_called_for_or_a_planned_one_no_longer_is(cli, tmp_path):
    def follow_up(data):
        data["previous_visit"] = "v1.yaml"
        data["actions"] = {"M-TOF-WATER-PER-BATCH": {"status": "done", "date": "2026-03-01"},  # answers unchanged
                           "M-TOF-OKARA-SALE": {"status": "planned", "owner": "Bu Sri"}}  # okara now sold

    v1, v2 = _visits(tmp_path, follow_up)
    text = cli("assess", v2).stdout
    assert "done (2026-03-01); yet the answers still show what it was for: check it on site (#" in text
    assert "Collect all okara and sell it as feed or food**: planned (Bu Sri); no longer recommended" in text


def test_a_what_if_shows_no_realised_saving_and_compare_needs_only_the_files_given(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d.update(previous_visit="mailed-and-renamed.yaml"))
    whatif = cli("whatif", v1, "--set", "water_price_per_m3=3000")
    assert whatif.exit_code == 0 and "Realised saving" not in whatif.stdout
    result = cli("compare", v1, v2)
    assert result.exit_code == 0, result.stderr
    assert "| Realised saving a year, as the plant reports it |  | 21,200,000 IDR | 19,000,000 IDR |  |" \
        in result.stdout


@pytest.mark.parametrize("date", ["2026-02-30", "01-06-2025", "2026-13-01"])
def test_an_action_date_that_is_no_date_is_one_line(cli, tmp_path, date):
    v1, v2 = _visits(tmp_path, lambda d: d.update(
        actions={**ACTIONS, "M-TOF-OKARA-SALE": {**ACTIONS["M-TOF-OKARA-SALE"], "date": date}}))
    result = cli("validate", v2)
    assert result.exit_code == 2 and f"actions.M-TOF-OKARA-SALE.date: '{date}' is not a date: write it as " \
        "YYYY-MM-DD" in result.stderr and "Traceback" not in result.stderr


def test_a_realised_saving_without_a_status_is_one_line_but_an_action_plan_needs_none(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d.update(actions={
        "M-TOF-OKARA-SALE": {"owner": "Pak Joko", "realised_saving": 200000},
        "M-TOF-WATER-PER-BATCH": {"owner": "Bu Sri", "target_date": "2027-01-01"}}))
    result = cli("validate", v2)
    assert result.exit_code == 2 and "actions.M-TOF-OKARA-SALE.status: realised_saving given without a status" \
        in result.stderr
    v1, v2 = _visits(tmp_path, lambda d: d.update(actions={"M-TOF-WATER-PER-BATCH": {"owner": "Bu Sri"}}))
    assert cli("validate", v2).exit_code == 0


@pytest.mark.parametrize("date", ["2026-02-30", "17.03.2026"])
def test_a_visit_date_that_is_no_date_is_one_line(cli, tmp_path, date):
    v1, _ = _visits(tmp_path, lambda d: None)
    data = yaml.safe_load(v1.read_text(encoding="utf-8"))
    data["plant"]["visit_date"] = date
    v1.write_text(yaml.safe_dump(data), encoding="utf-8")
    result = cli("validate", v1)
    assert result.exit_code == 2 and f"visit_date: '{date}' is not a date: write it as YYYY-MM-DD" in result.stderr


def test_a_misspelt_key_of_an_action_gets_a_did_you_mean(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d.update(actions={"M-TOF-OKARA-SALE": {"ownr": "Pak Joko",
                                                                               "status": "planned"}}))
    result = cli("validate", v2)
    assert result.exit_code == 2 and "actions.M-TOF-OKARA-SALE.ownr: unknown key 'ownr' of an action (did you " \
        "mean 'owner'?)" in result.stderr


def test_two_different_plants_are_not_compared(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d["plant"].update(plant_id="SMG-TOF-0999"))
    result = cli("compare", v1, v2)
    assert result.exit_code == 2 and "plant_id" in result.stderr and result.stderr.count("\n") == 1


def test_a_later_visit_names_its_earlier_one_and_its_report_shows_what_became_of_each_measure(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    later = yaml.safe_load(v2.read_text(encoding="utf-8"))
    later["previous_visit"] = "v1.yaml"
    later["actions"]["M-TOF-OKARA-SALE"]["realised_investment"] = 4_000_000
    later["actions"]["M-TOF-WATER-PER-BATCH"]["realised_investment"] = 50_000  # under way: spent so far
    path = tmp_path / "v2-linked.yaml"
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    text = cli("assess", path).stdout
    assert "## Since the visit of 2025-11-04" in text
    assert "- **Collect all okara and sell it as feed or food**: done (2026-02-01); saves 19,000,000 IDR a year " \
           "(estimated 21,200,000 IDR); cost 4,000,000 IDR" in text
    assert "; pays back in 3 months at that saving" in text
    assert "**Fix the water volume per batch (16-20 L per kg soybean)**: in progress (Bu Sri); spent so far " \
           "50,000 IDR" in text
    assert "still recommended (#" in text
    a = assess(load_plant(path))
    assert a.previous is not None and a.previous.previous is None
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in a.recommendations}, "the same facts: not again"
    later["wastewater"]["existing_treatment"] = "settling_pit"
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    decided_now = assess(load_plant(path))  # this file records the rejection: made knowing these facts
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in decided_now.recommendations}
    assert not decided_now.rejected[0].changed
    # the next visit's file says nothing of it: the rejection stands while the facts stay as they were then
    third = yaml.safe_load(yaml.safe_dump(later))
    third.update(previous_visit="v2-linked.yaml", actions={})
    third["plant"]["visit_date"] = "2027-11-10"
    (tmp_path / "v3.yaml").write_text(yaml.safe_dump(third), encoding="utf-8")
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in assess(load_plant(tmp_path / "v3.yaml")).recommendations}
    third["wastewater"]["existing_treatment"] = "none"  # and comes back once a fact its rule tests changes
    (tmp_path / "v3.yaml").write_text(yaml.safe_dump(third), encoding="utf-8")
    again = assess(load_plant(tmp_path / "v3.yaml"))
    assert "M-TOF-WHEY-BIOGAS" in {r.measure_id for r in again.recommendations}, "a fact its rule tests changed"
    assert again.rejected[0].changed
    assert "recommended again because " in cli("assess", tmp_path / "v3.yaml").stdout


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


def test_a_measure_that_cost_more_than_it_saved_is_said_so_with_no_payback(cli, tmp_path):
    v1, v2 = _visits(tmp_path)
    later = yaml.safe_load(v2.read_text(encoding="utf-8"))
    later["previous_visit"] = "v1.yaml"
    later["actions"]["M-TOF-OKARA-SALE"].update(realised_saving=-500_000, realised_investment=2_000_000)
    path = tmp_path / "v2-loss.yaml"
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    text = cli("assess", path).stdout
    assert "done (2026-02-01); costs 500,000 IDR a year more than before (a saving of 21,200,000 IDR was " \
           "estimated); cost 2,000,000 IDR" in text
    assert "pays back" not in text
    later["actions"]["M-TOF-OKARA-SALE"]["realised_investment"] = -1
    path.write_text(yaml.safe_dump(later), encoding="utf-8")
    result = cli("assess", path)
    assert result.exit_code == 2 and "realised_investment" in result.stderr and result.stderr.count("\n") == 1


@pytest.mark.parametrize(("second_says", "rejected_at_third"), [
    (None, True),  # the second visit's file says nothing of it: the first visit's rejection stands
    ({"status": "planned", "owner": "Bu Sri"}, False),  # the plant changed its mind at the second visit
])
def test_a_rejection_stands_over_several_visits_until_a_later_file_says_otherwise(tmp_path, second_says,
                                                                                rejected_at_third):
    first = yaml.safe_load(TRADITIONAL.read_text(encoding="utf-8"))
    first["plant"].update(visit_date="2024-11-04", plant_id="SMG-TOF-0142")
    first["actions"] = {"M-TOF-WHEY-BIOGAS": {"status": "rejected", "reason": "no space behind the house"}}
    second = yaml.safe_load(yaml.safe_dump(first))
    second["plant"]["visit_date"] = "2025-11-04"
    second["previous_visit"] = "v1.yaml"
    second["actions"] = {}
    if second_says:
        second["actions"]["M-TOF-WHEY-BIOGAS"] = second_says
    third = yaml.safe_load(yaml.safe_dump(second))
    third["plant"]["visit_date"] = "2026-11-04"
    third["previous_visit"] = "v2.yaml"
    third["actions"] = {}
    for name, data in (("v1", first), ("v2", second), ("v3", third)):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    later = assess(load_plant(tmp_path / "v3.yaml"))
    recommended = {r.measure_id for r in later.recommendations}
    assert ("M-TOF-WHEY-BIOGAS" not in recommended) is rejected_at_third
    assert [r.reason for r in later.rejected] == (["no space behind the house"] if rejected_at_third else [])


def test_two_visits_priced_in_two_currencies_are_not_set_side_by_side(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d["plant"].update(currency="USD"))
    result = cli("compare", v1, v2)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "v2.yaml: currency: the earlier visit" in result.stderr and "is priced in IDR, this one priced in USD" \
        in result.stderr
    later = yaml.safe_load(v2.read_text(encoding="utf-8"))
    later["previous_visit"] = "v1.yaml"
    v2.write_text(yaml.safe_dump(later), encoding="utf-8")
    result = cli("assess", v2)
    assert result.exit_code == 2 and "is priced in IDR, this one priced in USD" in result.stderr


def test_what_the_last_visits_file_said_was_done_is_not_forgotten_when_the_next_file_is_silent(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d.update(previous_visit="v1.yaml"))
    third = yaml.safe_load(v2.read_text(encoding="utf-8"))
    third.update(previous_visit="v2.yaml", actions={})
    third["plant"]["visit_date"] = "2027-11-10"
    path = tmp_path / "v3.yaml"
    path.write_text(yaml.safe_dump(third), encoding="utf-8")
    a = assess(load_plant(path))
    assert a.actions["M-TOF-OKARA-SALE"]["status"] == "done"
    assert a.actions["M-TOF-OKARA-SALE"]["from_visit"] == "2026-11-10"
    assert "M-TOF-WATER-PER-BATCH" not in a.actions, "what was only in progress is for this visit to say"
    comparison = compare(assess(load_plant(v2)), a)
    assert "M-TOF-OKARA-SALE" not in {m.id for m in comparison.still_open}
    # the earlier file's word is not news of this interval: not among its outcomes, nor its realised saving
    assert "M-TOF-OKARA-SALE" not in {x.measure_id for x in comparison.actions}
    assert comparison.realised_saving is None


@pytest.mark.parametrize(("action", "said"), [
    ({"status": "rejected"}, "actions.M-TOF-WHEY-BIOGAS.reason: rejected without a reason"),
    ({"status": "done", "date": "2027-01-01"}, "actions.M-TOF-WHEY-BIOGAS.date: 2027-01-01 is after this visit"),
])
def test_an_action_that_cannot_stand_as_written_is_one_line(cli, tmp_path, action, said):
    v1, v2 = _visits(tmp_path, lambda d: d.update(actions={"M-TOF-WHEY-BIOGAS": action}))
    result = cli("assess", v2)
    assert result.exit_code == 2 and said in result.stderr and result.stderr.count("\n") == 1


def test_compare_assesses_the_earlier_visit_as_its_own_report_did(cli, tmp_path):
    first = yaml.safe_load(TRADITIONAL.read_text(encoding="utf-8"))
    first["plant"].update(visit_date="2024-11-04", plant_id="SMG-TOF-0142")
    first["actions"] = {"M-TOF-WHEY-BIOGAS": {"status": "rejected", "reason": "no space behind the house"}}
    second = yaml.safe_load(yaml.safe_dump(first))
    second.update(previous_visit="v1.yaml", actions={})
    second["plant"]["visit_date"] = "2025-11-04"
    second["wastewater"]["existing_treatment"] = "settling_pit"  # its report asks again about the digester
    third = yaml.safe_load(yaml.safe_dump(second))
    third.update(previous_visit="v2.yaml")
    third["plant"]["visit_date"] = "2026-11-04"
    for name, data in (("v1", first), ("v2", second), ("v3", third)):
        (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    own = assess(load_plant(tmp_path / "v2.yaml"))
    assert "M-TOF-WHEY-BIOGAS" in {r.measure_id for r in own.recommendations}
    data = json.loads(cli("compare", tmp_path / "v2.yaml", tmp_path / "v3.yaml", "-f", "json").stdout)
    assert data["saving_before"] == own.totals["cp_annual_saving_sum"]
    (tmp_path / "v1.yaml").unlink()  # a mailed file without its own earlier visit is still compared
    assert cli("compare", tmp_path / "v2.yaml", tmp_path / "v3.yaml").exit_code == 0


def test_an_action_written_as_a_word_is_told_what_an_action_is(cli, tmp_path):
    v1, v2 = _visits(tmp_path, lambda d: d.update(actions={"M-TOF-WHEY-BIOGAS": "dropped"}))
    result = cli("assess", v2)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "actions.M-TOF-WHEY-BIOGAS: 'dropped': an action is a mapping of its keys (owner, target_date, status" \
        in result.stderr
