"""Paths and helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from cpassess.knowledge import data_root, sector_names

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


def example_files(sector: str | None = None) -> list[Path]:
    sectors = [sector] if sector else sector_names()
    return sorted(p for s in sectors for p in (data_root() / "sectors" / s / "examples").glob("*.yaml"))
