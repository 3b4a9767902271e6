"""Small parts: three-valued conditions, formulas that cannot run code, units, YAML lines."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from cpassess.conditions import Condition, deciding_leaves, evaluate
from cpassess.errors import CpError
from cpassess.formula import Formula, FormulaError
from cpassess.units import convert
from cpassess.yamlio import parse

CONDITION = TypeAdapter(Condition)


def cond(data):
    return CONDITION.validate_python(data)


A_GT_5_AND_B_LT_3 = {"all": [{"field": "a", "op": "gt", "value": 5}, {"field": "b", "op": "lt", "value": 3}]}


@pytest.mark.parametrize("facts,expected", [
    ({"b": 10}, False),          # a unanswered, b = 10: false, not unknown (DESIGN.md, step 6)
    ({"b": 1}, None),            # a unanswered, b = 1: unknown
    ({"a": 6, "b": 1}, True),
    ({}, None),
])
def test_unknown_propagates_as_in_kleene_logic(facts, expected):
    assert evaluate(cond(A_GT_5_AND_B_LT_3), facts) is expected


def test_any_is_true_when_one_branch_is_true_even_if_another_is_unknown():
    c = cond({"any": [{"field": "a", "op": "eq", "value": "x"}, {"field": "b", "op": "in", "value": [1, 2]}]})
    assert evaluate(c, {"b": 2}) is True
    assert evaluate(c, {"b": 3}) is None
    assert evaluate(c, {"a": "y", "b": 3}) is False
    assert [leaf.field for leaf in deciding_leaves(c, {"a": "y", "b": 2})] == ["b"]


@pytest.mark.parametrize("bad", [
    {"field": "a", "op": "gt", "value": "10"},
    {"field": "a", "op": "in", "value": 3},
    {"field": "a", "op": "eq"},
    {"field": "a", "op": "like", "value": 1},
    {"field": "a", "op": "gt", "value": 1, "source": "X"},
])
def test_malformed_conditions_are_rejected(bad):
    with pytest.raises(ValueError):
        cond(bad)


def test_formulas_do_arithmetic_and_nothing_else():
    f = Formula("water * 1000 / max(soy, 1) - -2")
    assert f.names == {"water", "soy"}
    assert f({"water": 2, "soy": 4}) == 502
    assert f({"water": 2}) is None                 # an unanswered input makes it unknown
    assert Formula("a / b")({"a": 1, "b": 0}) is None
    assert Formula("first(a, b * 2)")({"b": 3}) == 6   # the first known of several ways to get it
    assert Formula("first(a, b * 2)")({"a": 1, "b": 3}) == 1
    assert Formula("first(a, b)")({}) is None
    for code in ("__import__('os').system('true')", "a.b", "a if b else c", "a ** 2", "[a]", "open('x')"):
        with pytest.raises(FormulaError):
            Formula(code)


@pytest.mark.parametrize("text,unit,expected", [
    ("12", "m3/day", 12), ("12 m3/day", "m3/day", 12), ("450 L/day", "m3/day", 0.45),
    ("1.2 t/day", "kg/day", 1200), ("85 %", "percent", 85), ("2 m³ / h", "m3/h", 2), ("2 t/d", "kg/day", 2000),
    ("3 L / days", "L/day", 3), ("5000 kg/h", "t/h", 5), ("8 h", "h/day", 8), ("90 min", "h/day", 1.5),
    ("800 kcal/kg", "MJ/t", 800 * 4.1868), ("2900 tpd", "t/day", 2900), ("2 tph", "kg/h", 2000),
    ("1.5e-05 kg/day", "kg/day", 1.5e-05), ("100 mg/Nm3", "mg/Nm3", 100),
    # as the Indonesian and Chinese reports write them
    ("800 L/hari", "m3/day", 0.8), ("8 jam", "h/day", 8), ("850 m3/tahun", "m3/year", 850),
    ("12 m3/天", "m3/day", 12), ("3 t/年", "t/year", 3), ("90 分钟", "h/day", 1.5),
])
def test_quantities_convert_to_the_fields_unit(text, unit, expected):
    assert convert(text, unit) == pytest.approx(expected)


@pytest.mark.parametrize("text,unit,message", [
    ("12 kg/day", "m3/day", "cannot convert"), ("100 mg/m3", "mg/Nm3", "cannot convert"),
    ("1,5", "m3/day", "decimal point"), ("lots", "m3/day", "not a number"),
    ("5 IDR/m3", "currency/m3", "plain number"), ("5 kg", "-", "without a unit"),
    # a rate over another period needs the plant's working hours or days, not the calendar's
    ("12 m3/h", "m3/day", "asks per day"), ("1200 kWh/month", "kWh/day", "asks per day"),
    ("50 kW", "kWh/day", "asks per day"), ("1 t/day", "t/h", "asks per hour"),
    ("12 m3/jam", "m3/day", "asks per day"),
    # a typing slip is said as one, not as a question of periods
    ("3OO", "kg/day", "is not a number, or its unit is not one known here"), ("1 200", "kg/day", "without spaces"),
    ("300 kgs", "kg/day", "is not a number, or its unit"),
    ("1 500 000", "currency", "without spaces"), ("1 200", "-", "without spaces"),
])
def test_quantities_that_do_not_convert_say_why(text, unit, message):
    with pytest.raises(ValueError, match=message):
        convert(text, unit)


def test_yaml_keeps_lines_refuses_duplicates_and_never_builds_objects():
    doc = parse("a:\n  b: 1\n  c:\n    - x\n", "f.yaml")
    assert doc.line(("a", "c", 0)) == 4 and doc.line(("a", "zzz")) == 1
    with pytest.raises(CpError, match="appears twice"):
        parse("a: 1\na: 2\n", "f.yaml")
    with pytest.raises(CpError, match="malformed YAML"):
        parse("!!python/object/apply:os.system ['true']\n", "f.yaml")


def test_an_unknown_alternative_asks_only_for_its_first_route():
    assert Formula("first(heat, fuel * value / output) + extra").primary_names == {"heat", "extra"}
