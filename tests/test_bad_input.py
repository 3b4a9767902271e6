"""Bad input: one line on stderr naming file, line and field; exit 2; no traceback; nothing written."""

from __future__ import annotations

import pytest
from support import FIXTURE_KB

GOOD = """sector: mini
plant:
  name: Fixture plant
  currency: USD
  operating_days_per_year: 300
water:
  water_m3_per_day: 10
production:
  output_t_per_day: 2
"""

CASES = [
    # (name, replace this, with this, expected message part, line, field)
    ("malformed yaml", "  currency: USD\n", "  currency: [USD\n", "malformed YAML", None, None),
    ("wrong type", "water_m3_per_day: 10", "water_m3_per_day: plenty", "'plenty' is not a number", 7,
     "water_m3_per_day"),
    ("misspelled field", "water_m3_per_day: 10", "water_m3_per_dya: 10",
     "unknown field 'water_m3_per_dya' (did you mean 'water_m3_per_day'?)", 7, "water_m3_per_dya"),
    ("field in the wrong section", "  output_t_per_day: 2", "  output_t_per_day: 2\n  currency: USD",
     "belongs in section 'plant'", 10, "currency"),
    ("out of range", "operating_days_per_year: 300", "operating_days_per_year: 400", "out of range", 5,
     "operating_days_per_year"),
    ("unknown sector", "sector: mini", "sector: minni", "unknown sector 'minni' (did you mean 'mini'?)", 1,
     "sector"),
    ("unit that does not convert", "water_m3_per_day: 10", "water_m3_per_day: 10 kg/day",
     "cannot convert 'kg/day' to m3/day", 7, "water_m3_per_day"),
    ("decimal comma", "water_m3_per_day: 10", "water_m3_per_day: '10,5'", "decimal point", 7,
     "water_m3_per_day"),
    ("yes/no for a number", "water_m3_per_day: 10", "water_m3_per_day: yes", "not yes/no", 7,
     "water_m3_per_day"),
    ("required answer missing", "  name: Fixture plant\n", "", "is required", 2, "name"),
    ("duplicate key", "  currency: USD\n", "  currency: USD\n  currency: EUR\n", "appears twice", 5,
     "currency"),
    ("choice not allowed", "  currency: USD\n", "  currency: USD\n  country: XX\n", "'XX' is not one of ID, CN",
     5, "country"),
    ("not a questionnaire", GOOD, "- just\n- a list\n", "expected a questionnaire", None, None),
    ("neither yes nor no", "  output_t_per_day: 2", "  output_t_per_day: 2\n  waste_to_drain: maybe",
     "'maybe': answer yes or no", 10, "waste_to_drain"),
    ("text in the wrong form", "  currency: USD\n", "  currency: usd\n", "'usd' is not in the expected form", 4,
     "currency"),
]


@pytest.mark.parametrize("name,old,new,message,line,field", CASES, ids=[c[0] for c in CASES])
def test_bad_questionnaire_gives_one_clear_line(tmp_path, cli, name, old, new, message, line, field):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD.replace(old, new))
    before = plant.read_bytes()
    out = tmp_path / "report.html"
    for command in (["validate", plant], ["assess", plant, "-f", "html", "-o", out]):
        result = cli(*command, env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
        assert result.exit_code == 2
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"Error: {plant}")
        assert message in lines[0]
        if line:
            assert f"{plant}:{line}:" in lines[0]
        if field:
            assert f" {field}: " in lines[0]
        assert "Traceback" not in result.output
    assert not out.exists()
    assert plant.read_bytes() == before  # inputs are never written to


def test_missing_file(tmp_path, cli):
    result = cli("assess", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.yaml'}: file not found"


def test_unknown_sector_on_the_command_line(cli):
    result = cli("questionnaire", "tofoo")
    assert result.exit_code == 2
    assert "unknown sector 'tofoo' (did you mean 'tofu'?)" in result.stderr


def test_an_output_is_never_half_written_or_the_input(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD)
    env = {"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)}
    result = cli("assess", plant, "-o", plant, env=env)
    assert result.exit_code == 2 and "looks like a questionnaire, not a report" in result.stderr
    same = tmp_path / "plant.md"
    same.write_text(GOOD)
    result = cli("assess", same, "-o", same, env=env)  # a questionnaire may carry any name
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.stderr
    assert plant.read_text() == GOOD and same.read_text() == GOOD
    odd = cli("assess", plant, "-o", tmp_path / "r.docx", env=env)
    assert odd.exit_code == 2 and "cannot tell the format from .docx" in odd.stderr
    assert not (tmp_path / "r.docx").exists()


def test_validate_accepts_a_good_file_with_units(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD.replace("water_m3_per_day: 10", "water_m3_per_day: 450 L/day"))
    result = cli("validate", plant, env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{plant}: ok (mini, 5 answers)\n"


def test_a_blank_questionnaire_never_replaces_a_filled_one(tmp_path, cli):
    filled = tmp_path / "plant.yaml"
    filled.write_text(GOOD)
    result = cli("questionnaire", "tofu", "-o", filled)
    assert result.exit_code == 2 and "already exists" in result.stderr and "--force" in result.stderr
    assert filled.read_text() == GOOD
    assert cli("questionnaire", "tofu", "-o", filled, "--force").exit_code == 0
    assert filled.read_text().startswith("# cpassess questionnaire")


def test_the_output_format_follows_the_file_name_and_a_folder_must_exist(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD)
    env = {"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)}
    assert cli("assess", plant, "-o", tmp_path / "r.html", env=env).exit_code == 0
    assert (tmp_path / "r.html").read_text().startswith("<!DOCTYPE html>")
    clash = cli("assess", plant, "-f", "md", "-o", tmp_path / "r2.html", env=env)
    assert clash.exit_code == 2 and "-f md would write md into a .html file" in clash.stderr
    missing = cli("assess", plant, "-o", f"{tmp_path / 'nowhere'}/", env=env)
    assert missing.exit_code == 2 and "folder to write into does not exist" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    (tmp_path / "out").mkdir()
    assert cli("assess", plant, "-o", f"{tmp_path / 'out'}/", env=env).exit_code == 0
    assert (tmp_path / "out" / "plant.md").exists()


def test_reports_are_readable_by_others_like_any_new_file(tmp_path, cli):
    import os
    import stat

    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD)
    old = os.umask(0o022)
    try:
        cli("assess", plant, "-o", tmp_path / "r.md", env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o644


def test_validate_lists_every_problem_and_batch_names_every_bad_file(tmp_path, cli):
    env = {"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)}
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("water_m3_per_day: 10", "water_m3_per_dya: 10").replace("300", "400"))
    lines = cli("validate", bad, env=env).stderr.strip().splitlines()
    assert len(lines) == 2 and "water_m3_per_dya" in lines[1] and "operating_days_per_year" in lines[0]
    other = tmp_path / "other.yaml"
    other.write_text(GOOD.replace("name: Fixture plant", "name: '   '"))
    (tmp_path / "out").mkdir()
    result = cli("assess", bad, other, "-o", tmp_path / "out", env=env)
    lines = [line for line in result.stderr.strip().splitlines() if line.startswith("Error:")]
    assert result.exit_code == 2 and len(lines) == 2 and "wrote 0 reports" in result.stderr
    assert lines[0].startswith(f"Error: {bad}:") and lines[1].startswith(f"Error: {other}:")
    assert "name: is required" in lines[1] and list((tmp_path / "out").iterdir()) == []


def test_an_impossible_date_is_kept_as_written_not_a_crash(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD.replace("  currency: USD\n", "  currency: USD\n  city: 2024-02-30\n"))
    result = cli("assess", plant, "-f", "json", env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 0 and '"city": "2024-02-30"' in result.stdout


def test_usage_mistakes_are_bad_input_not_internal_errors(tmp_path, cli):
    assert cli("check", "-s", "nope").exit_code == 2
    assert cli("schema", "assessment", "tofu").exit_code == 2
    result = cli("--knowledge", tmp_path, "sectors")
    assert result.exit_code == 2 and "no sectors/ folder" in result.stderr


def test_yes_and_no_may_be_written_as_words(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD + '  waste_to_drain: "Yes"\n')
    result = cli("assess", plant, "-f", "json", env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 0 and '"value": true' in result.stdout
