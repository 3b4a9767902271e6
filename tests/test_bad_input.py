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
    result = cli("assess", plant, "-o", plant, env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 2 and "refusing to overwrite an input file" in result.stderr
    assert plant.read_text() == GOOD


def test_validate_accepts_a_good_file_with_units(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(GOOD.replace("water_m3_per_day: 10", "water_m3_per_day: 450 L/day"))
    result = cli("validate", plant, env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{plant}: ok (mini, 5 answers)\n"
