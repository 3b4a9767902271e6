"""Answers as plants record them: not known, ranges, periods, basis and notes, labels, tons, separators."""

from __future__ import annotations

import shutil

import pytest
from support import FIXTURE_KB

from cpassess.errors import CpError
from cpassess.kb import default_knowledge
from cpassess.plant import parse_plant

MINI = """sector: mini
plant:
  name: Fixture plant
  currency: {currency}
  operating_days_per_year: 300
water:
  water_m3_per_day: 10
production:
  output_t_per_day: 2
"""


def mini(extra: str = "", currency: str = "USD", **replace: str):
    text = MINI.format(currency=currency)
    for old, new in replace.items():
        text = text.replace(old, new)
    return parse_plant(text + extra, "plant.yaml", FIXTURE_KB)


def refused(extra: str = "", currency: str = "USD", **replace: str) -> CpError:
    with pytest.raises(CpError) as caught:
        mini(extra, currency, **replace)
    return caught.value


TOFU = """sector: tofu
plant:
  name: Tofu plant
  currency: IDR
  operating_days_per_year: 300
production:
  batches_per_day: 10
"""


def tofu(extra: str):
    return parse_plant(TOFU + extra, "tofu.yaml")


@pytest.mark.parametrize("written", ["", "'?'", "unknown", "not known", "n/a", "N/A", "'-'"])
def test_not_known_leaves_the_question_unanswered(written):
    plant = mini(f"  treatment: {written}\n  fuel_kg_per_day: {written}\n")
    assert "treatment" not in plant.answers and "fuel_kg_per_day" not in plant.answers


def test_a_required_answer_that_is_not_known_is_still_missing():
    problem = refused(**{"name: Fixture plant": "name: unknown"})
    assert (problem.line, problem.field, problem.message) == (3, "name", "is required but not answered")


@pytest.mark.parametrize("written,value,low,high", [
    ("10-11 m3/day", 10.5, 10, 11), ("'10 - 12'", 11, 10, 12), ("10 to 11", 10.5, 10, 11),
    ("10–11 m3/day", 10.5, 10, 11), ("'9.5-10.5 m3/d'", 10, 9.5, 10.5), ("9000-10000 L/day", 9.5, 9, 10),
])
def test_a_range_is_an_answer_and_the_facts_use_its_middle(written, value, low, high):
    plant = mini(**{"water_m3_per_day: 10": f"water_m3_per_day: {written}"})
    recorded = plant.recorded["water_m3_per_day"]
    assert plant.answers["water_m3_per_day"] == pytest.approx(value)
    assert (recorded.low, recorded.high) == pytest.approx((low, high))
    assert recorded.given == written.strip("'")


def test_a_range_from_high_to_low_or_of_whole_numbers_without_a_whole_middle_is_refused():
    assert "from low to high" in refused(**{"water_m3_per_day: 10": "water_m3_per_day: 12-10"}).message
    problem = refused(**{"operating_days_per_year: 300": "operating_days_per_year: 300-301"})
    assert problem.field == "operating_days_per_year" and "whole number" in problem.message


def test_per_batch_uses_batches_per_day_and_says_so():
    plant = tofu("  soybean_kg_per_day: 35 kg/batch\n")
    assert plant.answers["soybean_kg_per_day"] == 350
    assert plant.recorded["soybean_kg_per_day"].converted_with == ["batches_per_day"]
    assert plant.recorded["soybean_kg_per_day"].given == "35 kg/batch"


def test_per_year_month_and_week_use_the_operating_days():
    plant = tofu("electricity:\n  electricity_kwh_per_day: 9000 kWh/month\n"
                 "water:\n  water_m3_per_day: 3000 m3/year\n")
    assert plant.answers["electricity_kwh_per_day"] == pytest.approx(9000 / 25)
    assert plant.recorded["electricity_kwh_per_day"].conversion == "even_months"
    assert plant.answers["water_m3_per_day"] == pytest.approx(10)
    assert plant.recorded["water_m3_per_day"].converted_with == ["operating_days_per_year"]
    weekly = mini(**{"water_m3_per_day: 10": "water_m3_per_day: 60 m3/week"})
    assert weekly.answers["water_m3_per_day"] == pytest.approx(60 / (300 / 52))
    assert weekly.recorded["water_m3_per_day"].conversion == "even_weeks"


def test_a_period_without_the_answer_that_converts_it_says_which_answer_is_needed():
    problem = refused(**{"output_t_per_day: 2": "output_t_per_day: 2 t/batch"})
    assert problem.field == "output_t_per_day"
    assert "no batches_per_day" in problem.message and "give it in t/day" in problem.message
    problem = refused(**{"  operating_days_per_year: 300\n": "",
                         "water_m3_per_day: 10": "water_m3_per_day: 300 m3/month"})
    assert "answer operating_days_per_year (section plant)" in problem.message
    assert "asks per day" in refused(**{"water_m3_per_day: 10": "water_m3_per_day: 2 m3/h"}).message


def test_basis_and_note_as_a_mapping_and_notes_on_sections_and_the_whole():
    plant = mini("notes: Visited in the rainy season.\n",
                 **{"water_m3_per_day: 10": "notes: The meter is broken.\n"
                    "  water_m3_per_day: {value: 12, basis: estimated, note: pump running hours}"})
    recorded = plant.recorded["water_m3_per_day"]
    assert plant.answers["water_m3_per_day"] == 12
    assert (recorded.basis, recorded.note) == ("estimated", "pump running hours")
    assert plant.notes == {"": "Visited in the rainy season.", "water": "The meter is broken."}
    assert "notes" not in plant.answers


@pytest.mark.parametrize("written,basis", [
    ("'12 (estimated)'", "estimated"), ("12 m3/day (measured)", "measured"), ("~12", "estimated"),
    ("about 12 m3/day", "estimated"), ("'12 (approx.)'", "estimated"),
])
def test_a_remark_that_gives_the_basis_is_read(written, basis):
    plant = mini(**{"water_m3_per_day: 10": f"water_m3_per_day: {written}"})
    assert plant.answers["water_m3_per_day"] == 12
    assert plant.recorded["water_m3_per_day"].basis == basis


def test_any_other_remark_or_mapping_key_is_refused_with_the_way_to_write_it():
    problem = refused(**{"water_m3_per_day: 10": "water_m3_per_day: 12 (from the bill)"})
    assert (problem.line, problem.field) == (7, "water_m3_per_day")
    assert "note: 'from the bill'" in problem.message
    problem = refused(**{"water_m3_per_day: 10": "water_m3_per_day: {value: 12, basis: guessed}"})
    assert "measured or estimated" in problem.message
    problem = refused(**{"water_m3_per_day: 10": "water_m3_per_day:\n    value: 12\n    remark: x"})
    assert problem.line == 9 and "only value, basis, note" in problem.message


@pytest.mark.parametrize("written,kg", [
    ("1 ton/day", 1000), ("2 tons/day", 2000), ("1 tonne/day", 1000), ("1 t/day", 1000),
    ("1 metric ton/day", 1000), ("1 short ton/day", 907.18474),
])
def test_a_ton_is_a_metric_tonne_unless_written_short(written, kg):
    plant = mini(**{"output_t_per_day: 2": f"output_t_per_day: {written}"})
    assert plant.answers["output_t_per_day"] * 1000 == pytest.approx(kg)


@pytest.mark.parametrize("written", ["11.500", "'11.500'", "{value: 11.500, note: x}"])
def test_a_dot_between_thousands_in_rupiah_is_never_read_as_a_decimal_point(written):
    problem = refused(f"  fuel_price_per_kg: {written}\n", currency="IDR")
    assert problem.field == "fuel_price_per_kg"
    assert "write 11500 if 11500 is meant, or 11.5 for the decimal number" in problem.message


def test_decimals_stay_decimals_where_the_currency_has_them():
    assert mini("  fuel_price_per_kg: 11.500\n").answers["fuel_price_per_kg"] == 11.5
    assert mini("  fuel_price_per_kg: 1444.70\n", currency="IDR").answers["fuel_price_per_kg"] == 1444.7
    assert "1.4440 for the decimal" in refused("  fuel_price_per_kg: 1.444\n", currency="VND").message


@pytest.mark.parametrize("written,message", [
    ("'1,444.5'", "decimal point"), ("1.250.000", "e.g. 1250000"), ("1_000", "plain number"),
    ("8:30", "plain number"),
])
def test_separators_and_yaml_number_forms_are_refused(written, message):
    assert message in refused(f"  fuel_price_per_kg: {written}\n", currency="IDR").message


def test_a_currency_code_in_the_unit_must_be_the_plants():
    plant = mini("  fuel_price_per_kg: 1444.70 IDR/kg\n", currency="IDR")
    assert plant.answers["fuel_price_per_kg"] == 1444.7
    assert "the plant's currency, IDR" in refused("  fuel_price_per_kg: 1 USD/kg\n", currency="IDR").message


def test_quotes_in_rupiah_refuse_a_dot_between_thousands():
    problem = refused("quotes:\n  M-MINI-WATER: 25.000\n", currency="IDR")
    assert problem.field == "M-MINI-WATER" and "write 25000" in problem.message


@pytest.mark.parametrize("written,code", [
    ("Indonesia", "ID"), ("indonesia", "ID"), ("IDN", "ID"), ("china", "CN"), ("PRC", "CN"),
    ("id", "ID"),
])
def test_countries_by_name_or_code(written, code):
    assert mini(**{"  currency": f"  country: {written}\n  currency"}).answers["country"] == code


def test_a_country_not_listed_is_another_country_and_keeps_its_name():
    plant = parse_plant(TOFU.replace("  currency: IDR", "  country: Pakistan\n  currency: IDR"), "tofu.yaml")
    assert plant.answers["country"] == "other"
    assert plant.recorded["country"].given == "Pakistan"


def test_a_choice_by_its_label():
    plant = mini("  treatment: pond\n  fuel_kg_per_day: 5\n",
                 **{"  output_t_per_day: 2": "  output_t_per_day: 2\n  waste_to_drain: 'Yes'"})
    assert plant.answers["treatment"] == "pond"
    assert mini("  treatment: POND\n").answers["treatment"] == "pond"
    assert "is not one of none, pond" in refused("  treatment: lagoon\n").message


def test_chinese_mg_m3_is_at_standard_state_and_says_why():
    plant = mini("  stack_so2_mg_nm3: 200 mg/m3\n", **{"  currency": "  country: CN\n  currency"})
    assert plant.answers["stack_so2_mg_nm3"] == 200
    assert plant.recorded["stack_so2_mg_nm3"].conversion == "standard_state_cn"
    problem = refused("  stack_so2_mg_nm3: 200 mg/m3\n", **{"  currency": "  country: ID\n  currency"})
    assert "standard state" in problem.message and "write it in mg/Nm3" in problem.message


def test_every_problem_is_listed_in_the_order_of_the_file():
    problem = refused("  fuel_price_per_kg: 12 (from the bill)\n  treatment: lagoon\n",
                      **{"water_m3_per_day: 10": "water_m3_per_day: lots"})
    assert [(p.line, p.field) for p in problem.all()] == [
        (7, "water_m3_per_day"), (10, "fuel_price_per_kg"), (11, "treatment")]


def test_prices_far_from_the_plausible_band_are_answers_to_check(tmp_path):
    from cpassess import assess
    from cpassess.kb import KnowledgeBase

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    (kb / "sectors" / "common" / "plausible.yaml").write_text(
        "sources:\n  PL-X: {title: A tariff}\nprices:\n  water_price_per_m3:\n"
        "    IDR: {low: 1000, high: 30000, unit: currency/m3, source: PL-X, evidence: J}\n")
    knowledge = KnowledgeBase(kb)
    for price, expected in ((6000, []), (6, ["water_price_per_m3"])):
        text = MINI.format(currency="IDR").replace("water:\n", f"water:\n  water_price_per_m3: {price}\n")
        a = assess(parse_plant(text, "plant.yaml", knowledge), knowledge)
        notes = [n for n in a.answers_to_check if n.code == "price_out_of_range"]
        assert [n.args["field"] for n in notes] == expected
    assert notes[0].args == {"field": "water_price_per_m3", "label": "Water price?", "value": 6, "currency": "IDR",
                             "unit": "IDR/m3", "low": 1000, "high": 30000, "source": "PL-X", "evidence": "J"}


def test_a_plausible_band_that_cites_no_known_source_is_a_knowledge_error(tmp_path):
    from cpassess.kb import KnowledgeBase

    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    (kb / "sectors" / "common" / "plausible.yaml").write_text(
        "prices:\n  water_price_per_m3:\n    IDR: {low: 1, high: 3, unit: currency/m3, source: NOPE, evidence: J}\n")
    with pytest.raises(CpError, match="unknown source 'NOPE'") as caught:
        mini_kb = KnowledgeBase(kb)
        from cpassess import assess

        assess(parse_plant(MINI.format(currency="IDR"), "plant.yaml", mini_kb), mini_kb)
    assert caught.value.file.endswith("plausible.yaml") and caught.value.line == 3


def test_the_shipped_plausible_bands_are_sourced_and_in_the_questions_units():
    for sector in default_knowledge().sectors():
        assert sector.prices, "sectors/common/plausible.yaml is shipped"
        for by_currency in sector.prices.values():
            for band in by_currency.values():
                assert band.source in sector.sources
                assert band.evidence in "VSRUJ"


def test_answers_carry_how_they_were_written_into_the_assessment():
    from cpassess import assess

    a = assess(tofu("  soybean_kg_per_day: '30-40 kg/batch (estimated)'\n"))
    answer = next(x for x in a.answers if x.field == "soybean_kg_per_day")
    assert (answer.value, answer.low, answer.high, answer.basis) == (350, 300, 400, "estimated")
    assert answer.converted_with == ("batches_per_day",) and answer.given == "30-40 kg/batch (estimated)"


def test_a_missing_period_says_how_to_write_it():
    problem = refused(**{"water_m3_per_day: 10": "water_m3_per_day: 12 m3"})
    assert problem.message == "'12 m3': this question asks per day; if that is one day's amount, write 12 m3/day"


def test_a_bad_answer_is_one_line_with_file_line_and_field_and_exit_2(tmp_path, cli):
    plant = tmp_path / "plant.yaml"
    plant.write_text(MINI.format(currency="IDR") + "  fuel_price_per_kg: 11.500\n")
    result = cli("validate", plant, env={"CPASSESS_KNOWLEDGE": str(FIXTURE_KB)})
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.strip() == (f"Error: {plant}:10: fuel_price_per_kg: '11.500': in IDR a dot may separate "
                                     "thousands; write 11500 if 11500 is meant, or 11.5 for the decimal number")
