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
