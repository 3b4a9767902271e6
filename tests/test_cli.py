"""The command line as a user meets it: every command, its help, and the shipped examples."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml
from pydantic import TypeAdapter
from support import FIXTURE_KB, example_files

from cpassess import __version__
from cpassess.kb import default_knowledge
from cpassess.model import Assessment

COMMANDS = [[], ["sectors"], ["questionnaire"], ["validate"], ["assess"], ["explain"], ["rules"],
            ["rules", "list"], ["schema"], ["check"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) or "main" for c in COMMANDS])
def test_every_command_has_help(cli, command):
    for flag in ("-h", "--help"):
        result = cli(*command, flag)
        assert result.exit_code == 0
        assert "Usage:" in result.stdout


def test_version(cli):
    assert cli("--version").stdout.strip() == f"cpassess, version {__version__}"


def test_sectors_lists_one_line_each(cli):
    lines = cli("sectors").stdout.splitlines()
    assert [line.split()[0] for line in lines] == default_knowledge().sector_ids


def test_rules_list_shows_id_stage_title_and_technique(cli):
    lines = cli("rules", "list", "--sector", "tofu").stdout.splitlines()
    assert any(line.startswith("TOF-001 ") for line in lines)
    assert any(line.startswith("COM-001 ") for line in lines)
    assert all(line.rstrip().endswith("]") for line in lines)


@pytest.mark.parametrize("sector", default_knowledge().sector_ids)
def test_the_blank_questionnaire_is_valid_yaml_and_validates_once_named(tmp_path, cli, sector):
    text = cli("questionnaire", sector).stdout
    data = yaml.safe_load(text)
    assert data["sector"] == sector
    assert "# " in text  # every question is there as a comment
    blank = tmp_path / "blank.yaml"
    blank.write_text(text)
    result = cli("validate", blank)
    assert result.exit_code == 2 and "name: is required" in result.stderr
    blank.write_text(text.replace("  name:\n", "  name: Test plant\n", 1))
    assert cli("validate", blank).exit_code == 0


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_every_example_assesses_in_every_format(tmp_path, cli, example):
    assert cli("validate", example).exit_code == 0
    md = cli("assess", example)
    assert md.exit_code == 0 and md.stdout.startswith("# Cleaner Production assessment")
    out = tmp_path / "report.html"
    assert cli("assess", example, "-f", "html", "-o", out).exit_code == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    text = cli("assess", example, "-f", "json").stdout
    TypeAdapter(Assessment).validate_json(text)  # the JSON keeps its documented shape and types
    data = json.loads(text)
    for key in ("sector", "plant", "recommendations", "projections", "data_gaps"):
        assert key in data
    for r in data["recommendations"]:
        assert {"rule_ids", "measure_id", "title", "kind", "technique", "reasons", "sources",
                "savings", "payback"} <= set(r)


def test_batch_assessment_writes_one_report_per_plant(tmp_path, cli):
    examples = example_files("tofu")
    result = cli("assess", *examples, "-f", "md", "-o", tmp_path)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{p.stem}.md" for p in examples)


def test_a_bad_plant_never_stops_the_good_ones_in_a_batch(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("sector: tofu\nplant: {name: x, operating_days_per_year: 999}\n")
    out = tmp_path / "out"
    out.mkdir()
    examples = example_files("tofu")
    result = cli("assess", *examples, bad, "-o", out)
    assert result.exit_code == 2 and f"Error: {bad}:" in result.stderr and "operating_days_per_year" in result.stderr
    assert f"wrote {len(examples)} reports to {out}" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.md" for p in examples)  # no stray file


def test_an_interrupted_batch_is_reported_by_the_next_run(tmp_path, cli):
    from cpassess.report.output import MANIFEST

    out = tmp_path / "out"
    out.mkdir()
    examples = example_files("tofu")[:2]
    (out / MANIFEST).write_text(f"{examples[0].stem}.md\n{examples[1].stem}.md\n")  # as a killed run leaves it
    (out / f"{examples[0].stem}.md").write_text("written before the run was killed")
    result = cli("assess", *examples, "-o", out)
    assert result.exit_code == 0
    assert f"stopped before writing 1 report: {examples[1].stem}.md" in result.stderr
    assert not (out / MANIFEST).exists()
    assert "stopped before" not in cli("assess", *examples, "-o", out).stderr


def test_a_json_report_never_lands_on_a_json_plant(tmp_path, cli):
    plant = tmp_path / "plant.json"
    plant.write_text('{"sector": "tofu", "plant": {"name": "J"}}')
    other = tmp_path / "other.yaml"
    other.write_text("sector: tofu\nplant: {name: O}\n")
    result = cli("assess", plant, other, "-f", "json", "-o", tmp_path)
    assert result.exit_code == 2 and "would replace it" in result.stderr
    assert plant.read_text() == '{"sector": "tofu", "plant": {"name": "J"}}'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.yaml", "plant.json"]  # nothing written


def test_explain_says_why_a_rule_fired_did_not_or_is_undecided(tmp_path, cli):
    plant = tmp_path / "p.yaml"
    plant.write_text("sector: mini\nplant: {name: P}\nwater: {water_m3_per_day: 10}\n"
                     "production: {output_t_per_day: 0.5, waste_to_drain: false}\n")
    env = {"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)}
    fires = cli("explain", plant, "MIN-001", env=env).stdout
    assert "FIRES" in fires and "20 m3/t > 10 m3/t  [FIX-2, J]" in fires
    silent = cli("explain", plant, "MIN-002", env=env).stdout
    assert "does not fire" in silent and "false Does waste go to the drain?: no = yes" in silent
    plant.write_text("sector: mini\nplant: {name: P}\nproduction: {waste_to_drain: true}\n")
    undecided = cli("explain", plant, "MIN-002", env=env).stdout
    assert "UNDECIDED" in undecided and "to decide it, answer: output_t_per_day" in undecided
    wrong = cli("explain", plant, "min-02", env=env)
    assert wrong.exit_code == 2 and "did you mean MIN-002?" in wrong.stderr


def test_schemas_are_json(cli):
    assessment = json.loads(cli("schema", "assessment").stdout)
    assert "recommendations" in assessment["properties"]
    questionnaire = json.loads(cli("schema", "questionnaire", "tofu").stdout)
    assert "plant" in questionnaire["properties"]


def test_the_knowledge_option_and_check_command(cli, monkeypatch):
    monkeypatch.setenv("CPASSESS_KNOWLEDGE", str(FIXTURE_KB))  # restored after the test
    result = cli("--knowledge", FIXTURE_KB, "check")
    assert result.exit_code == 0 and result.stdout.splitlines()[0] == "knowledge base ok"
    assert all(line.startswith("translated: ") for line in result.stdout.splitlines()[1:])


def test_the_same_input_gives_the_same_bytes_across_processes():
    example = example_files("tofu")[0]
    outputs = [subprocess.run([sys.executable, "-m", "cpassess", "assess", str(example), "-f", fmt],
                              capture_output=True, check=True).stdout
               for fmt in ("json", "json", "html", "html")]
    assert outputs[0] == outputs[1] and outputs[2] == outputs[3]


def test_explain_says_when_an_undecided_rule_is_likely_and_on_which_typical_answer(cli, tmp_path):
    plant = tmp_path / "plant.yaml"
    plant.write_text("sector: tofu\nplant: {name: T, country: ID}\n")
    out = cli("explain", plant, "TOF-008").output
    assert "UNDECIDED" in out
    assert "LIKELY where the plant does what plants like it typically do:" in out
    assert "  Cooking fuel: Firewood or wood waste  [R1, J]" in out
    plant.write_text("sector: tofu\nplant: {name: T}\n")  # no country: nothing is typical
    assert "LIKELY" not in cli("explain", plant, "TOF-008").output
