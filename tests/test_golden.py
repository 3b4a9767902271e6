"""Golden files: every shipped example in every format, byte for byte (`pytest --update-golden`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import example_files

from cpassess.kb import as_knowledge
from cpassess.pipeline import assess
from cpassess.plant import load_plant
from cpassess.report import render
from cpassess.report.words import report_languages

GOLDEN = Path(__file__).parent / "golden"
FORMATS = ("md", "html", "json")
# Each example also in the language of its country, where cpassess has that language
PLANT_LANGUAGE = {"ID": "id", "CN": "zh"}


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


def _in_own_language(example: Path) -> str | None:
    lang = PLANT_LANGUAGE.get(str(load_plant(example).answers.get("country", "")))
    return lang if lang in report_languages() else None


@pytest.mark.parametrize("example", [p for p in example_files() if _in_own_language(p)],
                         ids=lambda p: f"{p.parent.parent.name}-{p.stem}")
def test_reports_in_the_plants_language_match_their_golden_files(example, request):
    lang = _in_own_language(example)
    assessment = assess(load_plant(example, as_knowledge(None, lang)))
    for fmt in ("md", "html"):
        golden = GOLDEN / example.parent.parent.name / f"{example.stem}.{lang}.{fmt}"
        text = render(assessment, fmt, lang=lang)
        if request.config.getoption("--update-golden"):
            golden.write_text(text, encoding="utf-8", newline="\n")
            continue
        assert golden.exists(), f"no golden file {golden}: run pytest --update-golden"
        assert text == golden.read_text(encoding="utf-8"), f"{golden.name} changed (pytest --update-golden)"
