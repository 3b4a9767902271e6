"""Hostile input: each class of attack or accident ends in one line naming the file, and fast."""

from __future__ import annotations

import os
import re

import pytest
from support import FIXTURE_KB

BOMB = "sector: tofu\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9))
CASES = {
    "alias bomb": (BOMB, "anchors and aliases (& and *) are not accepted"),
    "one alias": ("sector: tofu\nplant: &p {name: x}\nwater: *p\n", "anchors and aliases"),
    "deep nesting": ("sector: tofu\nx: " + "[" * 5000 + "]" * 5000 + "\n", "nest"),
    "long number": ("sector: tofu\nplant: {name: x}\nwater: {water_m3_per_day: " + "9" * 1_000_000 + "}\n",
                    "a value of 1,000,000 characters"),
    "huge file": ("sector: tofu\n# " + "x" * 4_100_000 + "\n", "too large"),
    "integer beyond any float": ("sector: tofu\nplant: {name: x}\nwater: {water_m3_per_day: 1" + "0" * 400 + "}\n",
                                 "water_m3_per_day"),
    "infinity": ("sector: tofu\nplant: {name: x}\nwater: {water_m3_per_day: .inf}\n", "water_m3_per_day"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_questionnaires_are_refused_in_one_line(cli, tmp_path, name):
    text, message = CASES[name]
    path = tmp_path / "plant.yaml"
    path.write_text(text)
    for command in ("validate", "assess"):
        result = cli(command, path)
        assert result.exit_code == 2, result.output
        line = result.output.strip()
        assert "\n" not in line and str(path) in line and message in line, line
        assert "Traceback" not in result.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_instead_of_waited_on(cli, tmp_path):
    fifo = tmp_path / "plant.yaml"
    os.mkfifo(fifo)
    result = cli("assess", fifo)
    assert result.exit_code == 2 and "not a regular file" in result.output


def test_user_text_cannot_make_markdown_structure_or_links():
    from cpassess import assess, render
    from cpassess.plant import parse_plant

    name = "X\\r# Injected heading\\u2028- item [click](javascript:alert(1)) <javascript:alert(2)> _em_"
    md = render(assess(parse_plant(f'sector: mini\nplant: {{name: "{name}"}}\n', "p.yaml", FIXTURE_KB)), "md")
    assert not any(line.startswith(("# Injected", "- item")) for line in md.splitlines())
    assert not re.search(r"(?<!\\)\]\(javascript:", md) and "<javascript:" not in md  # escaped: no link
    assert "\\[click\\]" in md and "\\_em\\_" in md


def mini_plant(tmp_path):
    path = tmp_path / "plant.yaml"
    path.write_text("sector: mini\nplant: {name: P}\nproduction: {output_t_per_day: 1}\n")
    return path


@pytest.mark.parametrize(("template", "message"), [
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "template error"),  # reaching Python's internals
    ("{{ a.__init__.__globals__ }}", "template error"),
    ("{{ 1 / 0 }}", "template error: ZeroDivisionError"),
])
def test_a_users_template_runs_sandboxed_and_its_errors_are_one_line(cli, tmp_path, template, message):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(template)
    result = cli("--knowledge", FIXTURE_KB, "assess", mini_plant(tmp_path), "--templates", folder)
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_a_template_that_is_not_utf8_is_a_one_line_error(cli, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_bytes(b"\xff\xfe{{ x }}")
    result = cli("--knowledge", FIXTURE_KB, "assess", mini_plant(tmp_path), "--templates", folder)
    assert result.exit_code == 2 and "not a UTF-8 text file" in result.output


def test_a_planted_compiled_template_in_the_cache_is_not_run(cli, tmp_path, monkeypatch):
    from cpassess import cache
    from cpassess.report import templates

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    cache.cache_dir.cache_clear()
    cache._key.cache_clear()
    templates._shipped_environment.cache_clear()
    try:
        assert cli("--knowledge", FIXTURE_KB, "assess", mini_plant(tmp_path)).exit_code == 0
        entries = list((tmp_path / "cache").glob("template-*.cache"))
        assert entries  # compiled and signed
        import marshal

        code = compile("import os; os.system('touch planted-ran')", "x", "exec")
        for entry in entries:  # jinja's own header and checksum, but no signature of ours
            entry.write_bytes(b"j2" + marshal.dumps(code))
        templates._shipped_environment.cache_clear()
        assert cli("--knowledge", FIXTURE_KB, "assess", mini_plant(tmp_path)).exit_code == 0
        assert not (tmp_path / "planted-ran").exists()
    finally:
        cache.cache_dir.cache_clear()
        cache._key.cache_clear()
        templates._shipped_environment.cache_clear()


def _hostile_kb(tmp_path):
    import shutil

    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    return root


def test_a_knowledge_file_that_is_a_folder_is_a_one_line_error(cli, tmp_path):
    root = _hostile_kb(tmp_path)
    (root / "rules" / "mini" / "MIN-099.yaml").mkdir()
    result = cli("--knowledge", root, "assess", mini_plant(tmp_path))
    assert result.exit_code == 2 and "MIN-099.yaml: is not a regular file" in result.output


def test_a_deeply_nested_or_huge_formula_is_a_one_line_error(cli, tmp_path):
    root = _hostile_kb(tmp_path)
    indicators = root / "sectors" / "mini" / "indicators.yaml"
    for formula, message in (("-" * 900 + "output_t_per_day", "nested too deeply"),
                             ("(" * 600 + "output_t_per_day" + ")" * 600, "longer than 1000 characters")):
        indicators.write_text(indicators.read_text().split("deep:")[0]
                              + f'deep:\n  name: Deep\n  unit: t/day\n  formula: "{formula}"\n')
        result = cli("--knowledge", root, "assess", mini_plant(tmp_path))
        assert result.exit_code == 2 and message in result.output and len(result.output) < 300


def test_a_rule_with_a_hundred_branches_that_all_hold_fires_once(tmp_path):
    import json

    from cpassess.kb import KnowledgeBase
    from cpassess.pipeline import assess
    from cpassess.plant import parse_plant

    root = _hostile_kb(tmp_path)
    branches = [{"field": "output_t_per_day", "op": "gt", "value": 0}] * 100
    rule = {"id": "MIN-097", "title": "Wide", "stage": "cp", "recommend": ["M-MINI-KILN"], "because": "b",
            "when": {"any": branches}}
    (root / "rules" / "mini" / "MIN-097.yaml").write_text(json.dumps(rule))
    a = assess(parse_plant("sector: mini\nplant: {name: P}\nproduction: {output_t_per_day: 1}\n", "p.yaml",
                           KnowledgeBase(root)))
    assert [r.rule_ids for r in a.recommendations if r.measure_id == "M-MINI-KILN"] == [["MIN-097"]]


def test_a_rule_whose_alternatives_multiply_past_a_ruleset_still_decides_right():
    from cpassess.conditions import AllOf, AnyOf, Leaf, evaluate
    from cpassess.engine import CompiledStage
    from cpassess.kb.rules import Rule

    def side(field: str) -> AnyOf:
        return AnyOf(any=[Leaf(field=field, op="eq", value=v) for v in range(10)])

    when = AllOf(all=[side("a"), side("b")])  # 10 x 10 = 100 alternatives
    rule = Rule(id="TST-001", title="t", stage="cp", recommend=["M"], because="b", when=when)
    stage = CompiledStage([rule], "plant", "wide-and")
    facts = [{"a": 3, "b": 9}, {"a": 3, "b": 10}, {"a": 11, "b": 0}, {"a": 0, "b": 0}]
    assert stage.run(facts) == {("TST-001", i) for i, f in enumerate(facts) if evaluate(when, f)} == {
        ("TST-001", 0), ("TST-001", 3)}


def test_a_number_that_overflows_is_shown_as_a_dash_not_a_crash():
    from cpassess.text import fmt

    assert fmt(float("inf"), "IDR") == "– IDR" and fmt(float("nan")) == "–"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("target", ["/dev/null", "fifo"])  # (/dev/stdout is a file under pytest)
def test_a_report_is_never_written_onto_a_device_or_a_pipe(cli, tmp_path, target):
    if target == "fifo":
        target = str(tmp_path / "out.md")
        os.mkfifo(target)
    result = cli("--knowledge", FIXTURE_KB, "assess", mini_plant(tmp_path), "-o", target)
    assert result.exit_code == 2 and "not a regular file" in result.output
