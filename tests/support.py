"""Paths and helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from cpassess.kb import default_knowledge
from cpassess.kb.files import package_root as data_root

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


def example_files(sector: str | None = None) -> list[Path]:
    sectors = [sector] if sector else default_knowledge().sector_ids
    return sorted(p for s in sectors for p in (data_root() / "sectors" / s / "examples").glob("*.yaml"))
