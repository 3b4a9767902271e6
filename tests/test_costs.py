"""Indicative investments: a sourced specific cost scaled to the plant and converted into its currency."""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURE_KB

from cpassess.errors import CpError
from cpassess.kb import KnowledgeBase
from cpassess.model import Payback
from cpassess.pipeline import assess
from cpassess.plant import parse_plant
from cpassess.report import render
from cpassess.report.numbers import years
from cpassess.report.words import words

PLANT = """
sector: mini
plant: {name: Fixture plant, country: ID, currency: IDR, operating_days_per_year: 300}
production:
  output_t_per_day: 200
  fuel_kg_per_day: 1000
  fuel_price_per_kg: 5000
"""

RATES = """
IDR:
  - {year: 2016, per_usd: 13000, source: FIX-2, evidence: V}
  - {year: 2021, per_usd: 14000, source: FIX-2, evidence: V}
EUR:
  - {year: 2016, per_usd: 0.9, source: FIX-2, evidence: V}
"""


@pytest.fixture
def kb(tmp_path):
    root = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, root)
    (root / "sectors" / "common" / "currencies.yaml").write_text(RATES)
    return root


def fuel_measure(kb, investment: str, plant: str = PLANT):
    measures = kb / "sectors" / "mini" / "measures.yaml"
    text = measures.read_text()
    block = text.split("M-MINI-FUEL:", 1)[1].split("\nM-", 1)[0]
    measures.write_text(text.replace(block, block.replace("  investment: {class: low}", f"  investment: {investment}")))
    a = assess(parse_plant(plant, "plant.yaml", KnowledgeBase(kb)))
    return next(r for r in a.recommendations if r.measure_id == "M-MINI-FUEL"), a


def test_a_specific_cost_in_dollars_is_scaled_to_the_plant_and_converted_at_the_latest_rate(kb):
    r, a = fuel_measure(kb, "{class: medium, low: 10, high: 20, currency: USD, per: output_t_per_day, "
                            "per_unit: t/day, year: 2016, source: FIX-2, evidence: J}")
    assert (r.investment.low, r.investment.high) == pytest.approx((10 * 200 * 14000, 20 * 200 * 14000))
    assert r.investment.currency == "IDR" and r.investment.basis == "indicative"
    saving = 0.2 * 1000 * 5000 * 300  # the cautious end of -20 to -30 % of the fuel bill
    assert r.annual_saving == pytest.approx(saving)
    assert r.payback.low_years == pytest.approx(28e6 / saving)
    md = render(a, "md")
    assert "indicative: 10–20 USD per t/day × 200 t/day; converted at 14,000 IDR per US$ (2021)" in md


def test_a_cost_in_another_currency_goes_through_the_dollar_at_its_own_year(kb):
    r, _ = fuel_measure(kb, "{class: low, low: 900, high: 900, currency: EUR, year: 2016, source: FIX-2, "
                            "evidence: V}")
    assert r.investment.low == pytest.approx(900 / 0.9 * 14000)
    assert r.investment.args["from_rate_year"] == 2016 and r.investment.args["to_rate_year"] == 2021


def test_without_a_rate_for_the_plants_currency_the_cost_stays_as_sourced(kb):
    r, _ = fuel_measure(kb, "{class: low, low: 900, high: 900, currency: EUR, source: FIX-2, evidence: V}",
                        PLANT.replace("currency: IDR", "currency: THB"))
    assert r.investment.currency == "EUR" and r.payback.basis == "other_currency"


def test_a_quote_still_beats_an_indicative_cost(kb):
    r, _ = fuel_measure(kb, "{class: medium, low: 10, high: 20, currency: USD, per: output_t_per_day, "
                            "per_unit: t/day, source: FIX-2, evidence: J}", PLANT + "quotes: {M-MINI-FUEL: 1000000}\n")
    assert r.investment.basis == "quote" and r.investment.low == 1_000_000


def test_a_specific_cost_needs_its_unit_and_a_range(kb):
    with pytest.raises(CpError, match="a specific cost gives"):
        fuel_measure(kb, "{class: low, per: output_t_per_day, source: FIX-2, evidence: J}")


@pytest.mark.parametrize(("low", "high", "said"), [
    (0.418, 0.418, "5 months"), (0.2, 0.45, "2–5 months"), (3.04, 3.04, "3 years"),
    (2.26, 4.71, "2.3–4.7 years"), (12.4, 31.0, "12–31 years"), (0.01, 0.01, "1 month"),
])
def test_paybacks_are_given_to_two_figures_at_most(low, high, said):
    assert years(Payback(low_years=low, high_years=high, basis="investment_over_savings"), words()) == said


def test_a_price_from_another_national_market_is_not_made_this_plants(kb):
    # an Indonesian price (in IDR) for a Vietnamese plant: no conversion, a local quote is asked for
    (kb / "sectors" / "common" / "currencies.yaml").write_text(RATES + "VND:\n  - {year: 2021, per_usd: 23000, "
                                                                       "source: FIX-2, evidence: V}\n")
    r, a = fuel_measure(kb, "{class: low, low: 8000000, high: 8000000, currency: IDR, year: 2016, source: FIX-2, "
                            "evidence: V}", PLANT.replace("currency: IDR", "currency: VND"))
    assert r.investment.low is None and r.investment.cost_class == "low"  # no IDR amount in a VND report
    assert r.payback.basis == "other_currency"
    assert "from another market than this plant's (VND); get a local quote" in render(a, "md")


def test_a_specific_cost_without_the_plants_size_asks_for_the_size(kb):
    r, a = fuel_measure(kb, "{class: medium, low: 10, high: 20, currency: USD, per: output_t_per_day, "
                            "per_unit: t/day, year: 2016, source: FIX-2, evidence: J}",
                        PLANT.replace("  output_t_per_day: 200\n", ""))
    assert r.investment.low is None and r.payback.basis == "size_unknown"
    assert "the investment is known per t/day: answer the plant's size to price it" in render(a, "md")
    gap = next(g for g in a.data_gaps if g.field == "output_t_per_day")
    assert "sizes_investment" in [n.code for n in gap.reasons]
