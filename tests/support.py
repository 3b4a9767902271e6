"""Paths and helpers shared by the tests."""

from __future__ import annotations

from pathlib import Path

from cpassess.kb import default_knowledge
from cpassess.kb.files import package_root as data_root

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"
# A fixture plant whose numbers are easy to follow: 10 m3 of water at 2 USD, 0.5 t a day, 300 days.
MINI_PLANT = """
sector: mini
plant: {name: Fixture plant, country: ID, currency: USD, operating_days_per_year: 300}
water: {water_m3_per_day: 10 m3/day, water_price_per_m3: 2}
production:
  output_t_per_day: 500 kg/day
  waste_to_drain: true
  wastewater_m3_per_day: 8
  effluent_cod_mg_l: 400
"""


def example_files(sector: str | None = None) -> list[Path]:
    sectors = [sector] if sector else default_knowledge().sector_ids
    return sorted(p for s in sectors for p in (data_root() / "sectors" / s / "examples").glob("*.yaml"))
