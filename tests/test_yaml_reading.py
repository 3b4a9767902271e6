"""The plain reading of a questionnaire (libyaml's events straight to data) against the full one
(compose, check, construct): the same data, lines and numbers, or it leaves the text to the full one."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cpassess.errors import CpError
from cpassess.kb.files import package_root
from cpassess.yamlio import _read_fully, _read_plainly, parse

ROOT = package_root()
SHIPPED = sorted(p for folder in ("sectors", "rules", "tests") for p in (ROOT / folder).rglob("*")
                 if p.suffix in (".yaml", ".yml", ".json") and "golden" not in p.parts)


def _same(a, b):
    """Equal data, types and key order alike; NaN equal to NaN."""
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return type(b) is list and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def _agree(text: str, name: str = "t.yaml") -> bool:
    """Whether the plain reading agrees with the full one, or leaves the text to it; True if it read it."""
    plain = _read_plainly(text, name)
    if plain is None:
        return False
    full = _read_fully(text, name)
    assert _same(plain.data, full.data), name
    assert plain.lines == full.lines and plain.numbers == full.numbers, name
    return True


def test_every_shipped_file_reads_the_same_both_ways():
    assert len(SHIPPED) > 300
    read = sum(_agree(path.read_text(encoding="utf-8"), str(path)) for path in SHIPPED)
    assert read > 0.9 * len(SHIPPED), "nearly every shipped file is plain"


@pytest.mark.parametrize("text", [
    "a: yes\nb: No\nc: on\nd: OFF\ne: true\nf: ~\ng: null\nh:\n",
    "a: 0x1F\nb: 0o17\nc: 1_000\nd: 1:30\ne: +12\nf: -0\ng: 007\nh: 12345678901234567890\n",
    "a: .inf\nb: -.Inf\nc: .nan\nd: 1e5\ne: 1.5e+3\nf: 2.\ng: .5\nh: 1.0e-05\n",
    "a: '12'\nb: \"1.5\"\nc: 2024-02-30\nd: 2026-05-01T10:00:00\ne: |\n  text\n  more\nf: >-\n  folded\n",
    "plant:\n  name: Tahu\n  list: [1, 2.5, x, {k: v}]\n  nested:\n    - a: 1\n    - [b, c]\n",
    "{a: 1, b: [x, y]}",
    "[1, 2, 3]",
    "just text",
    "",
    "# only a comment\n",
    "a: !!str 12\nb: !!float 3\n",
])
def test_scalars_and_shapes_read_as_the_constructor_reads_them(text):
    assert _agree(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # an alias
    "a: 1\na: 2\n",  # a key twice: the full reading names its line
    "a: !custom 12\n",  # a tag of no questionnaire
    "base: &b {x: 1}\nc:\n  <<: *b\n",  # a merge key
    "? [a, b]\n: 1\n",  # a key that is a list
    "a: 1\n---\nb: 2\n",  # two documents
])
def test_what_a_questionnaire_never_holds_is_left_to_the_full_reading(text):
    assert _read_plainly(text, "t.yaml") is None


@pytest.mark.parametrize("text, message", [
    ("a: 1\na: 2\n", "key 'a' appears twice"),
    ("a: &x 1\nb: *x\n", "anchors and aliases"),
    ("a: [1, 2\n", "malformed YAML"),
])
def test_the_errors_are_those_of_the_full_reading(text, message):
    with pytest.raises(CpError) as caught:
        parse(text, "t.yaml")
    assert message in caught.value.one_line()


def test_a_document_nested_past_the_limit_is_refused_as_before():
    deep = "a: " + "[" * 70 + "]" * 70 + "\n"
    with pytest.raises(CpError, match="nested more than"):
        parse(deep, str(Path("t.yaml")))
