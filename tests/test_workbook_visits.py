"""A follow-up visit in the Excel workbook: the earlier visit's file on the plant sheet and what became of
each measure on the Actions sheet read back as the YAML's `previous_visit` and `actions`, in every
language of the workbook; a bad row named by sheet, cell and measure; a workbook made before reads as before."""

from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest
import yaml
from test_workbook import TRADITIONAL, as_person, fill, rows_by_id

import cpassess
from cpassess.kb import as_knowledge
from cpassess.plant import load_plant
from cpassess.plant.schema import ACTION_STATUSES
from cpassess.plant.workbook import blank_workbook, sheet_names, words
from cpassess.plant.workbook.vocabulary import WORDS

ACTIONS = {"M-TOF-OKARA-SALE": {"status": "done", "date": "2026-02-01", "realised_saving": 19000000},
           "M-TOF-WHEY-BIOGAS": {"status": "rejected", "date": "2026-01-10",
                                 "reason": "no space for a digester behind the house"}}
# The Actions sheet's columns: C status, D date, E owner, F target date, G reason, H saving, I investment
COLUMN = {"status": 3, "date": 4, "owner": 5, "target_date": 6, "reason": 7, "realised_saving": 8,
          "realised_investment": 9}
LANGS = ["en", "id", "zh"]


def _sector(lang: str):
    return as_knowledge(None, lang).sector("tofu")


def _visits(tmp_path) -> tuple[dict, dict]:
    """The earlier visit written as v1.yaml, and the answers of the later one (without actions)."""
    first = yaml.safe_load(TRADITIONAL.read_text(encoding="utf-8"))
    first["plant"].update(visit_date="2025-11-04", plant_id="SMG-TOF-0142")
    (tmp_path / "v1.yaml").write_text(yaml.safe_dump(first, allow_unicode=True), encoding="utf-8")
    second = yaml.safe_load(yaml.safe_dump(first))
    second["plant"]["visit_date"] = "2026-11-10"
    second["byproducts"].update(okara_destination="sold_feed", okara_recovered_kg_per_day=160)
    return first, second


def _person(lang: str):
    w = words(lang)

    def person(value, fld):  # the labels the drop-downs offer in this language
        if isinstance(value, bool):
            return w["yes"] if value else w["no"]
        return as_person(value, fld)

    return person


def _workbook(tmp_path, answers: dict, lang: str = "en", previous: str | None = "v1.yaml",
              actions: dict | None = None, name: str = "v2.xlsx"):
    """The later visit as a person fills the blank workbook of `lang`: the answers, the earlier visit's
    file on the plant sheet, and each action in its measure's row (statuses in the drop-down's words,
    a date as the spreadsheet makes of a typed one)."""
    sec, w = _sector(lang), words(lang)
    book = openpyxl.load_workbook(io.BytesIO(fill(blank_workbook(sec, lang), answers, sec, _person(lang), lang)))
    names, rows = sheet_names(sec, lang), rows_by_id(book)
    if previous is not None:
        ws, row = rows[(names[""], "previous_visit")]
        ws.cell(row, 3, previous)
    for measure_id, action in (ACTIONS if actions is None else actions).items():
        ws, row = rows[(names["actions"], measure_id)]
        for key, value in action.items():
            if key == "status":
                value = w.get(f"status_{value}", value)
            elif key == "date" and measure_id == "M-TOF-OKARA-SALE":
                value = datetime.date.fromisoformat(value)
            ws.cell(row, COLUMN[key], value)
    path = tmp_path / name
    book.save(path)
    return path


def _yaml(tmp_path, answers: dict, name: str = "v2.yaml", **more):
    path = tmp_path / name
    path.write_text(yaml.safe_dump({**answers, **more}, allow_unicode=True), encoding="utf-8")
    return path


def _json(plant) -> dict:
    return json.loads(cpassess.render(cpassess.assess(plant), "json"))


# -- the blank workbook ----------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_blank_workbook_has_a_row_for_the_earlier_visit_and_a_sheet_of_actions(lang):
    sec, w = _sector(lang), words(lang)
    book = openpyxl.load_workbook(io.BytesIO(blank_workbook(sec, lang)))
    names = sheet_names(sec, lang)
    assert book.sheetnames[-3:] == [names["quotes"], names["actions"], "cpassess"]
    assert names["actions"] == w["actions"]
    ws, row = rows_by_id(book)[(names[""], "previous_visit")]
    assert ws.cell(row, 2).value == w["previous_visit"] and ws.cell(row, 3).number_format == "@"
    assert ws.cell(row + 1, 1).value == "notes"  # just above the plant's notes
    actions = book[names["actions"]]
    assert [actions.cell(2, c).value for c in range(1, 10)] == [
        "id", w["measure"], w["action_status"], w["action_date"], w["action_owner"], w["action_target_date"],
        w["action_reason"], w["action_saving"], w["action_investment"]]
    assert actions.cell(1, 2).value == w["actions_title"] and actions.cell(3, 2).value == w["actions_intro"]
    assert actions.column_dimensions["A"].hidden and actions.freeze_panes == "A3"
    assert [actions.cell(row, 1).value for row in range(4, actions.max_row + 1)] == list(sec.measures)
    assert [actions.cell(row, 2).value for row in range(4, actions.max_row + 1)] == \
        [m.title for m in sec.measures.values()]
    [status] = [v for v in actions.data_validations.dataValidation if "C4" in str(v.sqref)]
    sheet, area = status.formula1.split("!")
    labels = [c.value for line in book[sheet][area.replace("$", "")] for c in line]
    assert labels == [w[f"status_{s}"] for s in ACTION_STATUSES]
    [money] = [v for v in actions.data_validations.dataValidation if "I4" in str(v.sqref)]
    assert money.type == "decimal" and money.formula1 == "0"  # an investment is never negative
    assert not [v for v in actions.data_validations.dataValidation if "H4" in str(v.sqref)], "a saving may be"


def test_every_language_has_every_word_of_a_follow_up_visit():
    new = {"previous_visit", "previous_visit_help", "actions", "actions_title", "actions_intro",
           *(f"action_{k}" for k in ("status", "date", "owner", "target_date", "reason", "saving", "investment")),
           *(f"status_{s}" for s in ACTION_STATUSES)}
    for lang, table in WORDS.items():
        assert new <= set(table), (lang, new - set(table))
        assert set(table) == set(WORDS["en"]), lang
        if lang != "en":
            shown = [table[f"status_{s}"] for s in ACTION_STATUSES]
            assert len(set(shown)) == len(shown) and not set(shown) & set(ACTION_STATUSES)
    assert [WORDS["id"][f"status_{s}"] for s in ACTION_STATUSES] == [
        "direncanakan", "sedang berjalan", "selesai", "dibatalkan", "ditolak"]
    assert [WORDS["zh"][f"status_{s}"] for s in ACTION_STATUSES] == ["计划中", "实施中", "已完成", "已放弃", "已拒绝"]


# -- a follow-up visit read back -------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_follow_up_visit_in_a_workbook_gives_the_report_the_same_plant_in_yaml_gives(tmp_path, cli, lang):
    _, second = _visits(tmp_path)
    book = _workbook(tmp_path, second, lang)
    text = _yaml(tmp_path, second, actions=ACTIONS, previous_visit="v1.yaml")
    from_book, from_yaml = load_plant(book), load_plant(text)
    assert from_book.actions == from_yaml.actions == {
        "M-TOF-OKARA-SALE": {"status": "done", "date": "2026-02-01", "realised_saving": 19000000},
        "M-TOF-WHEY-BIOGAS": {"status": "rejected", "date": "2026-01-10",
                              "reason": "no space for a digester behind the house"}}
    assert from_book.previous is not None and from_book.previous.answers == from_yaml.previous.answers
    assessed = cpassess.assess(book)
    assert assessed.previous is not None and assessed.previous.previous is None
    assert "M-TOF-WHEY-BIOGAS" not in {r.measure_id for r in assessed.recommendations}
    [rejected] = assessed.rejected
    assert rejected.measure_id == "M-TOF-WHEY-BIOGAS" and rejected.reason == "no space for a digester behind the house"
    as_book, as_yaml = _json(book), _json(text)
    assert as_book["actions"]["M-TOF-OKARA-SALE"]["realised_saving"] == 19000000
    assert as_book == as_yaml  # history, rejected measures, every figure: no file names in the JSON
    report = cli("assess", book).stdout
    assert "## Since the visit of 2025-11-04" in report
    assert "- **Collect all okara and sell it as feed or food**: done (2026-02-01); saves 19,000,000 IDR a year" \
        in report
    assert report == cli("assess", text).stdout


def test_statuses_are_read_in_english_in_the_raw_ids_and_whatever_the_case_or_spaces(tmp_path):
    _, second = _visits(tmp_path)
    written = {"M-TOF-OKARA-SALE": {"status": "  In Progress ", "owner": "Bu Sri", "target_date": "2027-03-31"},
               "M-TOF-WHEY-BIOGAS": {"status": "in_progress", "realised_investment": "3000000"},
               "M-TOF-WATER-PER-BATCH": {"status": "planned", "owner": 42}}
    path = _workbook(tmp_path, second, "id", previous=None, actions=written)
    plant = load_plant(path)
    assert plant.actions == {
        "M-TOF-OKARA-SALE": {"status": "in_progress", "owner": "Bu Sri", "target_date": "2027-03-31"},
        "M-TOF-WHEY-BIOGAS": {"status": "in_progress", "realised_investment": 3000000},
        "M-TOF-WATER-PER-BATCH": {"status": "planned", "owner": "42"}}
    assert plant.previous is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_status_not_in_the_list_is_one_line_naming_sheet_cell_and_measure(tmp_path, cli, lang):
    _, second = _visits(tmp_path)
    sec, w = _sector(lang), words(lang)
    path = _workbook(tmp_path, second, lang, actions={"M-TOF-WHEY-BIOGAS": {"status": "finished"}})
    row = 4 + list(sec.measures).index("M-TOF-WHEY-BIOGAS")
    for command in (["validate", path], ["assess", path]):
        result = cli(*command)
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert result.stderr.startswith(f"Error: {path}, sheet {w['actions']}, cell C{row}, "
                                        f"actions.M-TOF-WHEY-BIOGAS.status: 'finished' is not a status: choose "
                                        f"{w['status_planned']}, "), result.stderr
        assert w["status_rejected"] in result.stderr and "Traceback" not in result.output


BAD = [
    # (name, row's measure or None for the first free row below them, column, value, cell's column, message)
    ("unknown measure id", "M-TOF-OKARA-SALE", 1, "M-TOF-OKARA-SAEL", "A",
     "no measure 'M-TOF-OKARA-SAEL' in sector tofu (did you mean 'M-TOF-OKARA-SALE'?)"),
    ("a negative investment", "M-TOF-OKARA-SALE", 9, -5, "I",
     "actions.M-TOF-OKARA-SALE.realised_investment: -5 is out of range: it must be at least 0"),
    ("a saving in words", "M-TOF-OKARA-SALE", 8, "a lot", "H", "actions.M-TOF-OKARA-SALE.realised_saving: "),
    ("an action in a row with no id", None, 3, "done", "C", "an answer in a row with no measure id"),
]


@pytest.mark.parametrize("name,measure,column,value,letter,message", BAD, ids=[case[0] for case in BAD])
def test_a_bad_row_of_actions_is_one_line_naming_its_cell(tmp_path, cli, name, measure, column, value, letter,
                                                            message):
    _, second = _visits(tmp_path)
    path = _workbook(tmp_path, second)
    book = openpyxl.load_workbook(path)
    ws = book["Actions"]
    row = rows_by_id(book)[("Actions", measure)][1] if measure else ws.max_row + 2
    ws.cell(row, column, value)
    book.save(path)
    result = cli("validate", path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    where = f"Error: {path}, sheet Actions, cell {letter}{row}"
    assert result.stderr.startswith(where) and result.stderr[len(where)] in ",:", result.stderr
    assert message in result.stderr


def test_an_earlier_visit_that_is_missing_is_named_in_its_cell(tmp_path, cli):
    _, second = _visits(tmp_path)
    path = _workbook(tmp_path, second, previous="nowhere.xlsx")
    _, row = rows_by_id(openpyxl.load_workbook(path))[("Plant", "previous_visit")]
    result = cli("validate", path)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {path}, sheet Plant, cell C{row}, previous_visit: the earlier visit "
                                    f"nowhere.xlsx: ")


def test_two_workbooks_naming_each_other_are_followed_one_step_back(tmp_path):
    first, second = _visits(tmp_path)
    _workbook(tmp_path, first, previous="v2.xlsx", actions={}, name="v1.xlsx")
    later = load_plant(_workbook(tmp_path, second, previous="v1.xlsx"))
    assert later.previous is not None and later.previous.previous is None
    assert later.previous.answers["visit_date"] == "2025-11-04"


# -- a workbook made before --------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_a_workbook_without_the_actions_sheet_or_the_earlier_visit_row_reads_as_before(tmp_path, lang):
    _, second = _visits(tmp_path)
    path = _workbook(tmp_path, second, lang, previous=None, actions={})
    book = openpyxl.load_workbook(path)
    names = sheet_names(_sector(lang), lang)
    del book[names["actions"]]
    ws, row = rows_by_id(book)[(names[""], "previous_visit")]
    ws.delete_rows(row)
    book.save(path)
    old, text = load_plant(path), load_plant(_yaml(tmp_path, second))
    assert old.actions == {} and old.previous is None
    assert (old.answers, old.notes, old.quotes) == (text.answers, text.notes, text.quotes)
    assert _json(old) == _json(text)
    first_visit = _workbook(tmp_path, second, lang, previous=None, name="v3.xlsx")  # actions, no earlier visit
    assert load_plant(first_visit).actions == load_plant(_yaml(tmp_path, second, actions=ACTIONS)).actions
