"""Golden files: every shipped example in every format, byte for byte (`pytest --update-golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import example_files

from cpassess.pipeline import assess
from cpassess.plant import load_plant
from cpassess.report import render

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ("md", "html", "json")


@pytest.mark.parametrize("example", example_files(), ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_reports_match_their_golden_files(example, request):
    assessment = assess(load_plant(example))
    for fmt in FORMATS:
        golden = GOLDEN / example.parent.parent.name / f"{example.stem}.{fmt}"
        text = render(assessment, fmt)
        if request.config.getoption("--update-golden"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8", newline="\n")
            continue
        assert golden.exists(), f"no golden file {golden}: run pytest --update-golden"
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} changed (pytest --update-golden)"
