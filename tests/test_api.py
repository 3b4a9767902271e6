"""The library as a notebook uses it, and the command-line conventions: `-` is stdin or stdout."""

from __future__ import annotations

import json

import pytest
from support import example_files

import cpassess
from cpassess.errors import CpError
from cpassess.report import FORMATS, render


def test_a_plant_given_as_a_dict_or_a_path_assesses_the_same():
    import yaml

    path = example_files("tofu")[0]
    by_path = cpassess.assess(path)
    by_dict = cpassess.assess(yaml.safe_load(path.read_text()))
    assert cpassess.render(by_path, "json") == cpassess.render(by_dict, "json")


def test_a_bad_dict_is_a_one_line_error_naming_the_field():
    with pytest.raises(CpError) as caught:
        cpassess.assess({"sector": "tofu", "production": {"soybean_kg_per_dya": 3}})
    lines = [problem.one_line(count_others=False) for problem in caught.value.all()]
    assert "<dict>: soybean_kg_per_dya: unknown field 'soybean_kg_per_dya' (did you mean " \
           "'soybean_kg_per_day'?)" in lines


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_registered_format_renders_every_example(fmt):
    for path in example_files():
        out = render(cpassess.assess(path), fmt)
        assert isinstance(out, bytes if FORMATS[fmt].binary else str) and out


def test_json_is_byte_for_byte_what_the_schema_model_writes(tmp_path):
    """orjson writes the report's dataclasses; pydantic, which owns the schema, would write the same."""
    import yaml
    from pydantic import TypeAdapter

    from cpassess.jsonio import to_json
    from cpassess.model import Assessment

    first = example_files("tofu")[0]
    earlier, later = tmp_path / "v1.yaml", tmp_path / "v2.yaml"
    earlier.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    data["previous_visit"] = "v1.yaml"
    later.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    adapter = TypeAdapter(Assessment)
    for path in [*example_files(), later]:  # every sector's examples, and one that holds its earlier visit
        assessment = cpassess.assess(path)
        for compact, indent in ((False, 2), (True, None)):
            assert to_json(assessment, compact=compact) == adapter.dump_json(assessment, indent=indent).decode() + "\n"


def test_json_carries_codes_not_sentences():
    data = json.loads(cpassess.render(cpassess.assess(example_files("tofu")[-1]), "json"))
    assert data["schema_version"] == 3
    assert all({"code", "args"} == set(note) for gap in data["data_gaps"] for note in gap["reasons"])
    assert all("basis" in r["payback"] and "note" not in r["payback"] for r in data["recommendations"])


def test_dash_reads_stdin_and_dash_output_writes_stdout(cli, tmp_path, monkeypatch):
    text = example_files("tofu")[0].read_text()
    from click.testing import CliRunner

    from cpassess.cli import main

    result = CliRunner().invoke(main, ["assess", "-", "-o", "-", "-f", "json"], input=text)
    assert result.exit_code == 0 and json.loads(result.stdout)["sector"]["id"] == "tofu"
    assert not (tmp_path / "-").exists()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["assess", str(example_files("tofu")[0]), "-o", "-"])
    assert result.exit_code == 0
    assert "# Cleaner Production assessment" in result.stdout and not (tmp_path / "-").exists()


def test_sector_names_and_rule_ids_complete():
    from click.shell_completion import ShellComplete

    from cpassess.cli import main

    def complete(args: list[str], incomplete: str) -> list[str]:
        return [c.value for c in ShellComplete(main, {}, "cpassess", "_C").get_completions(args, incomplete)]

    assert complete(["questionnaire"], "to") == ["tofu"]
    assert "TOF-003" in complete(["explain", "plant.yaml"], "TOF-00")


def test_a_rule_whose_id_does_not_match_its_folder_is_refused(tmp_path):
    import shutil

    from support import FIXTURE_KB

    from cpassess.kb import KnowledgeBase

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    rule = kb / "rules" / "mini" / "MIN-002.yaml"
    rule.rename(kb / "rules" / "mini" / "CEM-002.yaml")
    moved = kb / "rules" / "mini" / "CEM-002.yaml"
    moved.write_text(moved.read_text().replace("id: MIN-002", "id: CEM-002"))
    (kb / "rules" / "mini" / "MIN-002.cases.yaml").rename(kb / "rules" / "mini" / "CEM-002.cases.yaml")
    with pytest.raises(CpError, match="rules in mini/ have ids starting with MIN-"):
        KnowledgeBase(kb).sector("mini")
