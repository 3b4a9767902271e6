"""The questionnaire as an Excel workbook: blank per sector, filled and read back to the answers the YAML
gives, and bad workbooks as one line naming file, sheet, cell and field."""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
import yaml
from click.testing import CliRunner
from support import example_files

import cpassess
from cpassess.errors import CpError
from cpassess.kb import default_knowledge
from cpassess.plant import load_plant
from cpassess.plant.workbook import META, blank_workbook, sheet_names, words

SECTORS = default_knowledge().sector_ids
TRADITIONAL = next(p for p in example_files("tofu") if p.stem == "semarang-traditional")


def sector(name: str):
    return default_knowledge().sector(name)


@functools.cache
def blank(name: str) -> bytes:
    return blank_workbook(sector(name))


def rows_by_id(book) -> dict[tuple[str, str], tuple[object, int]]:
    """(sheet, id in column A) -> (sheet, row), as a person finds a question on its sheet."""
    out = {}
    for ws in book.worksheets:
        if ws.title != META:
            for row in range(1, ws.max_row + 1):
                key = ws.cell(row, 1).value
                if key:
                    out[(ws.title, key)] = (ws, row)
    return out


def as_person(value, fld):
    """What a person types or picks for an answer the YAML holds: the label of a choice, yes or no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if fld is not None and fld.type == "choice" and isinstance(value, str) and value in fld.choices:
        return fld.choices[value]
    return value


def fill(blank: bytes, data: dict, sec, person=as_person, lang: str = "en") -> bytes:
    """The blank workbook filled with a YAML plant's answers, each in its row on its sheet."""
    book = openpyxl.load_workbook(io.BytesIO(blank))
    names, rows = sheet_names(sec, lang), rows_by_id(book)
    for section, answers in data.items():
        if section == "sector":
            continue
        if section == "notes":
            ws, row = rows[(names[""], "notes")]
            ws.cell(row, 3, answers)
        elif section == "quotes":
            for measure_id, quote in answers.items():
                ws, row = rows[(names["quotes"], measure_id)]
                ws.cell(row, 3, quote)
        else:
            for key, raw in (answers or {}).items():
                ws, row = rows[(names[section], key)]
                fld = sec.fields.get(key)
                if isinstance(raw, dict):
                    ws.cell(row, 3, person(raw.get("value"), fld))
                    ws.cell(row, 5, raw.get("basis"))
                    ws.cell(row, 6, raw.get("note"))
                else:
                    ws.cell(row, 3, person(raw, fld))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def same_plant(from_yaml, from_book):
    assert from_book.sector.id == from_yaml.sector.id
    assert from_book.answers == from_yaml.answers
    assert {k: type(v) for k, v in from_book.answers.items()} == {k: type(v) for k, v in from_yaml.answers.items()}
    assert from_book.recorded == from_yaml.recorded  # units as written, ranges, measured/estimated, notes
    assert from_book.notes == from_yaml.notes
    assert from_book.quotes == from_yaml.quotes


def json_report(plant) -> str:
    return cpassess.render(cpassess.assess(plant), "json")


# -- the blank workbook ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SECTORS)
def test_the_blank_workbook_has_a_sheet_per_section_with_drop_downs_and_ranges(name):
    sec = sector(name)
    book = openpyxl.load_workbook(io.BytesIO(blank(name)))
    names = sheet_names(sec)
    expected = ([names[""]] + [names[key] for key in sec.sections if key != "plant"]
                + [names["quotes"], names["actions"], META])
    assert book.sheetnames == expected
    assert book[META].sheet_state == "hidden"
    for title in book.sheetnames:
        assert len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)
    rows = rows_by_id(book)
    for key, fld in sec.fields.items():
        section = sec.field_section[key]
        ws, row = rows[(names["" if section == "plant" else section], key)]
        assert ws.cell(row, 2).value.startswith(fld.question)  # the Sector's own text
    seen_choice = seen_number = False
    for title in book.sheetnames[:-1]:
        ws = book[title]
        if title == names["actions"]:
            continue  # statuses, dates and money, not answers: tests/test_workbook_visits.py
        assert [ws.cell(2, c).value for c in (1, 2, 3)][0] == "id"
        assert ws.cell(2, 3).value == "Answer"
        assert ws.freeze_panes == "A3" and ws.column_dimensions["A"].hidden
        for validation in ws.data_validations.dataValidation:
            cells = [str(c) for r in validation.sqref.ranges for c in [r.coord]]
            for coordinate in cells:
                key = ws.cell(int(re.sub(r"\D", "", coordinate)), 1).value
                fld = sec.fields.get(key)
                if fld is None or not coordinate.startswith("C"):
                    continue
                if fld.type == "choice":
                    assert validation.type == "list"
                    sheet, area = validation.formula1.split("!")
                    labels = [c.value for line in book[sheet][area.replace("$", "")] for c in line]
                    assert labels == list(fld.choices.values())
                    seen_choice = True
                elif fld.type == "boolean":
                    assert validation.formula1 == '"yes,no"'
                elif fld.type in ("number", "integer"):
                    assert validation.type == ("whole" if fld.type == "integer" else "decimal")
                    if fld.min is not None and fld.max is not None:
                        assert validation.operator == "between"
                        assert (float(validation.formula1), float(validation.formula2)) == (fld.min, fld.max)
                    assert validation.error and validation.showErrorMessage
                    seen_number = True
    assert seen_choice and seen_number


def test_sheet_names_are_short_unique_and_legal_whatever_the_titles(tofu):
    from cpassess.plant.workbook.words import short as _short
    from cpassess.plant.workbook.words import unique as _unique

    assert _short("Integrated works (coke, sinter, blast furnace, converter)") == "Integrated works"
    assert _short("Water supply and water housekeeping") == "Water supply and water…"
    assert len(_short("四" * 50)) <= 31
    taken: set[str] = set()
    assert [_unique("Boiler", taken), _unique("boiler", taken)] == ["Boiler", "boiler 2"]


def test_words_fall_back_to_english_and_the_workbook_still_reads(tmp_path, tofu):
    assert words("xx") == words("en")
    other = blank_workbook(tofu, lang="xx")
    book = openpyxl.load_workbook(io.BytesIO(other))
    assert book["Plant"].cell(2, 3).value == "Answer"
    path = tmp_path / "plant.xlsx"
    path.write_bytes(fill(other, yaml.safe_load(TRADITIONAL.read_text()), tofu))
    same_plant(load_plant(TRADITIONAL), load_plant(path))


def test_a_workbook_in_the_language_of_its_sector_reads_back_the_same(tmp_path):
    """Questions, choice labels and sheet names come from the Sector: in Indonesian where it is translated."""
    from cpassess.kb import as_knowledge

    translated = as_knowledge(None, "id").sector("tofu")
    book = openpyxl.load_workbook(io.BytesIO(blank_workbook(translated)))
    assert book.sheetnames[1] == sheet_names(translated)["water"]
    path = tmp_path / "plant.xlsx"
    path.write_bytes(fill(blank_workbook(translated), yaml.safe_load(TRADITIONAL.read_text()), translated))
    same_plant(load_plant(TRADITIONAL), load_plant(path))


@pytest.mark.parametrize("lang", ["id", "zh"])
def test_a_workbook_in_the_plants_language_reads_back_the_same(tmp_path, cli, lang):
    """`questionnaire --lang`: sheets, headers, questions, choices, yes and no in the language; the
    answers read are those of the YAML plant."""
    from cpassess.kb import as_knowledge

    blank_path = tmp_path / "blank.xlsx"
    assert cli("questionnaire", "tofu", "--lang", lang, "-o", blank_path).exit_code == 0
    translated, w = as_knowledge(None, lang).sector("tofu"), words(lang)
    book = openpyxl.load_workbook(blank_path)
    assert book.sheetnames[0] == w["plant"] != words("en")["plant"]
    assert book[w["plant"]].cell(2, 3).value == w["answer"]

    def person(value, fld):  # picks the labels the drop-downs offer in this language
        if isinstance(value, bool):
            return w["yes"] if value else w["no"]
        return as_person(value, fld)

    path = tmp_path / "plant.xlsx"
    path.write_bytes(fill(blank_path.read_bytes(), yaml.safe_load(TRADITIONAL.read_text()), translated,
                          person, lang))
    same_plant(load_plant(TRADITIONAL), load_plant(path))
    assert blank_path.read_bytes() != blank("tofu")


def test_the_questionnaire_command_writes_a_workbook_only_to_a_file(tmp_path, cli):
    target = tmp_path / "plant.xlsx"
    assert cli("questionnaire", "tofu", "-o", target).exit_code == 0
    assert zipfile.is_zipfile(target)
    again = cli("questionnaire", "tofu", "-o", target)
    assert again.exit_code == 2 and "already exists" in again.stderr and "--force" in again.stderr
    assert cli("questionnaire", "tofu", "-o", target, "--force").exit_code == 0
    result = cli("validate", target)  # blank: only the plant's name is missing, in its cell
    assert result.exit_code == 2
    assert result.stderr == f"Error: {target}, sheet Plant, cell C6, name: is required but not answered\n"
    for args in (["-f", "xlsx"], ["-f", "xlsx", "-o", "-"]):
        refused = cli("questionnaire", "tofu", *args)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert refused.stderr.count("\n") == 1 and "-o plant.xlsx" in refused.stderr
    for name in ("plant.xls", "plant.xlsm"):
        refused = cli("questionnaire", "tofu", "-o", tmp_path / name)
        assert refused.exit_code == 2 and "plant.xlsx" in refused.stderr and not (tmp_path / name).exists()
    assert cli("questionnaire", "tofu", "-f", "yaml", "-o", tmp_path / "x.xlsx").exit_code == 2
    text = tmp_path / "plant.yaml"
    assert cli("questionnaire", "tofu", "-o", text).exit_code == 0
    assert text.read_text().startswith("# cpassess questionnaire")
    assert cli("questionnaire", "tofu").stdout.startswith("# cpassess questionnaire")


# -- round trip --------------------------------------------------------------------------------------

@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_every_example_filled_in_a_workbook_reads_back_the_same(tmp_path, example):
    data = yaml.safe_load(example.read_text())
    sec = sector(data["sector"])
    path = tmp_path / f"{example.stem}.xlsx"
    path.write_bytes(fill(blank(sec.id), data, sec))
    from_yaml, from_book = load_plant(example), load_plant(path)
    same_plant(from_yaml, from_book)
    assert from_book.source == str(path)
    assert json_report(from_book) == json_report(from_yaml)


def test_everything_an_answer_may_carry_reads_back_as_in_yaml(tmp_path, tofu):
    """Ranges, units in the answer or the Unit column, marks, notes, quotes, keys, TRUE/FALSE, dates."""
    data = yaml.safe_load(TRADITIONAL.read_text())
    data["notes"] = "Visited with the owner's son."
    data["plant"]["visit_date"] = "2024-03-18"
    data["plant"]["operating_hours_per_day"] = "10-11 h/day"
    data["water"]["water_m3_per_day"] = {"value": "3.6 m3/day", "basis": "estimated", "note": "from the pump"}
    data["water"]["notes"] = "Tank overflows at night."
    data["production"]["soybean_kg_per_day"] = "20 kg/batch"
    data["electricity"]["electricity_kwh_per_day"] = {"value": 6, "basis": "measured"}
    data["cooking"]["cooking_fuel_kg_per_day"] = "?"
    data["quotes"] = {"M-TOF-WATER-PER-BATCH": 250000, "M-COM-WATER-LEAKS": 1500000}
    source = tmp_path / "plant.yaml"
    source.write_text(yaml.safe_dump(data))
    path = tmp_path / "plant.xlsx"
    path.write_bytes(fill(blank("tofu"), data, tofu))
    book = openpyxl.load_workbook(path)
    rows = rows_by_id(book)
    ws, row = rows[("Plant", "visit_date")]
    ws.cell(row, 3, datetime.datetime(2024, 3, 18))  # a spreadsheet turns a typed date into a date
    ws, row = rows[("Water use by process step", "water_washing_soaking_m3_per_day")]
    ws.cell(row, 3, 1400)
    ws.cell(row, 4, "L/day")  # the unit changed in the Unit column, as '1400 L/day' in the YAML
    ws, row = rows[("Wastewater", "whey_drain_separate")]
    ws.cell(row, 3, False)  # a spreadsheet's FALSE
    ws, row = rows[("Wastewater", "discharge_route")]
    ws.cell(row, 3, "river_or_canal")  # a key typed instead of the label
    ws, row = rows[("Wastewater", "tofu_makers_nearby")]
    ws.cell(row, 3, "30")  # a number stored as text
    book.save(path)
    from_yaml, from_book = load_plant(source), load_plant(path)
    same_plant(from_yaml, from_book)
    assert from_book.recorded["operating_hours_per_day"].low == 10
    assert from_book.recorded["water_m3_per_day"].basis == "estimated"
    assert from_book.quotes == {"M-TOF-WATER-PER-BATCH": 250000, "M-COM-WATER-LEAKS": 1500000}
    assert from_book.notes == {"": "Visited with the owner's son.", "water": "Tank overflows at night."}
    assert json_report(from_book) == json_report(from_yaml)


def _with_formula(path, cached: str | None) -> None:
    book = openpyxl.load_workbook(path)
    ws, row = rows_by_id(book)[("Wastewater", "tofu_makers_nearby")]
    ws.cell(row, 3, "=10*3")
    book.save(path)
    if cached is not None:  # as a spreadsheet program saves it: the formula and its last value
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        for name, content in parts.items():
            parts[name] = content.replace(b"<f>10*3</f><v />", f"<f>10*3</f><v>{cached}</v>".encode())
        with zipfile.ZipFile(path, "w") as archive:
            for name, content in parts.items():
                archive.writestr(name, content)


def test_a_formula_is_read_by_its_saved_value(tmp_path, tofu):
    path = tmp_path / "plant.xlsx"
    path.write_bytes(fill(blank("tofu"), yaml.safe_load(TRADITIONAL.read_text()), tofu))
    _with_formula(path, "30")
    assert load_plant(path).answers["tofu_makers_nearby"] == 30
    _with_formula(path, None)
    with pytest.raises(CpError) as caught:
        load_plant(path)
    assert caught.value.one_line().startswith(
        f"{path}, sheet Wastewater, cell C16, tofu_makers_nearby: a formula whose value was never calculated")


# -- bad workbooks -----------------------------------------------------------------------------------

def _set(sheet: str, key: str, column: int, value):
    def edit(book):
        ws, row = rows_by_id(book)[(sheet, key)]
        ws.cell(row, column, value)
    return edit


def _quote(measure_id: str, written_as: str, quote: float):
    def edit(book):
        ws, row = rows_by_id(book)[("Quotes", measure_id)]
        ws.cell(row, 1, written_as)
        ws.cell(row, 3, quote)
    return edit


def _rename(book):
    book["Wastewater"].title = "Waste water"


def _without_ids(book):
    book["Wastewater"].delete_cols(1)


BAD = [
    # (name, edit, sheet, cell, field, message part)
    ("text in a number cell", _set("Wastewater", "tofu_makers_nearby", 3, "thirty"), "Wastewater", "C16",
     "tofu_makers_nearby", "'thirty' is not a number"),
    ("unknown choice", _set("Wastewater", "discharge_route", 3, "Into the sea"), "Wastewater", "C5",
     "discharge_route", "'Into the sea' is not one of river_or_canal"),
    ("unknown field id", _set("Wastewater", "discharge_route", 1, "discharge_rute"), "Wastewater", "A5",
     "discharge_rute", "unknown field id 'discharge_rute' in column 'id' (did you mean 'discharge_route'?)"),
    ("deleted id column", _without_ids, "Wastewater", "A2", "wastewater_m3_per_day", "no column headed 'id'"),
    ("renamed sheet", _rename, "Waste water", "A3", "wastewater_m3_per_day",
     "unknown sheet 'Waste water': not a sheet of the tofu questionnaire; its questions belong on sheet "
     "'Wastewater'"),
    ("out of range", _set("Wastewater", "tofu_makers_nearby", 3, 99999), "Wastewater", "C16",
     "tofu_makers_nearby", "out of range (0 to 5,000)"),
    ("unit that does not convert", _set("Wastewater", "wastewater_m3_per_day", 3, "2.9 kg/day"), "Wastewater",
     "C3", "wastewater_m3_per_day", "cannot convert 'kg/day' to m3/day"),
    ("neither yes nor no", _set("Wastewater", "odour_complaints", 3, "maybe"), "Wastewater", "C15",
     "odour_complaints", "'maybe': answer yes or no"),
    ("neither measured nor estimated", _set("Wastewater", "wastewater_m3_per_day", 5, "guessed"), "Wastewater",
     "E3", "wastewater_m3_per_day", "basis 'guessed': write measured or estimated"),
    ("unit twice", _set("Wastewater", "wastewater_m3_per_day", 4, "L/day"), "Wastewater", "C3",
     "wastewater_m3_per_day", "the unit is written twice"),
    ("money in another currency", _set("Water supply and water…", "water_price_per_m3", 3, "2 USD/m3"),
     "Water supply and water…", "C7", "water_price_per_m3", "money answers are in the plant's currency, IDR"),
    ("no measure of that id", _quote("M-COM-WATER-LEAKS", "M-TOF-NOPE", 250000), "Quotes", "C4",
     "M-TOF-NOPE", "no measure 'M-TOF-NOPE' in sector tofu"),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    tofu = sector("tofu")
    path = tmp_path_factory.mktemp("filled") / "plant.xlsx"
    path.write_bytes(fill(blank("tofu"), yaml.safe_load(TRADITIONAL.read_text()), tofu))
    return path


@pytest.mark.parametrize("name,edit,sheet,cell,field,message", BAD, ids=[case[0] for case in BAD])
def test_a_bad_workbook_gives_one_line_naming_file_sheet_cell_and_field(tmp_path, cli, filled, name, edit, sheet,
                                                                     cell, field, message):
    book = openpyxl.load_workbook(filled)
    edit(book)
    path = tmp_path / "plant.xlsx"
    book.save(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    report = tmp_path / "report.html"
    for command in (["validate", path], ["assess", path, "-o", report]):
        result = cli(*command)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith(f"Error: {path}, sheet {sheet}, cell {cell}, {field}: "), lines[0]
        assert message in lines[0]
        assert "Traceback" not in result.output
    assert not report.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("suffix,message", [(".xls", "an Excel 97-2003 workbook (.xls) is not read"),
                                            (".xlsm", "a macro-enabled workbook (.xlsm) is not read")])
def test_other_spreadsheet_files_get_a_clear_line(tmp_path, cli, filled, suffix, message):
    path = tmp_path / f"plant{suffix}"
    path.write_bytes(filled.read_bytes())
    result = cli("validate", path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == f"Error: {path}: {message}: save it as an Excel workbook (.xlsx)\n"


def test_a_file_that_is_no_workbook_and_a_workbook_not_made_by_cpassess(tmp_path, cli):
    text = tmp_path / "plant.xlsx"
    text.write_text("sector: tofu\n")
    result = cli("validate", text)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {text}: not an Excel workbook (.xlsx)")
    other = tmp_path / "other.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active["A1"] = "water"
    book.save(other)
    result = cli("validate", other)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"Error: {other}, sheet Sheet1: no sheet 'Plant': not a cpassess questionnaire")


def test_validate_lists_every_problem_of_a_workbook_in_sheet_order(tmp_path, cli, filled):
    book = openpyxl.load_workbook(filled)
    for edit in (_set("Wastewater", "tofu_makers_nearby", 3, "thirty"), _set("Plant", "employees", 3, "many"),
                 _set("Wastewater", "discharge_route", 3, "Into the sea")):
        edit(book)
    path = tmp_path / "plant.xlsx"
    book.save(path)
    lines = cli("validate", path).stderr.splitlines()
    assert [re.search(r", sheet (\w+), cell (\w+), ", line).groups() for line in lines] == [
        ("Plant", "C16"), ("Wastewater", "C5"), ("Wastewater", "C16")]
    assert "(and 2 more problems)" in cli("assess", path).stderr


def test_an_error_keeps_its_one_line_in_a_text_file_and_names_sheet_and_cell_in_a_workbook():
    assert CpError("m", file="p.yaml", line=3, field="f").one_line() == "p.yaml:3: f: m"
    assert CpError("m", file="p.yaml").one_line() == "p.yaml: m"
    assert CpError("m", file="p.xlsx", sheet="Wastewater", cell="C12", field="f").one_line() == \
        "p.xlsx, sheet Wastewater, cell C12, f: m"
    assert CpError("m", file="p.xlsx", sheet="Plant").one_line() == "p.xlsx, sheet Plant: m"


def test_yaml_json_and_stdin_read_as_before(tmp_path):
    data = yaml.safe_load(TRADITIONAL.read_text())
    as_json = tmp_path / "plant.json"
    as_json.write_text(json.dumps(data))
    same_plant(load_plant(TRADITIONAL), load_plant(as_json))
    from cpassess.cli import main

    result = CliRunner().invoke(main, ["validate", "-"], input=TRADITIONAL.read_text())
    assert result.exit_code == 0 and result.stdout == "-: ok (tofu, 60 answers)\n"


def test_openpyxl_is_imported_only_for_a_workbook():
    code = ("import sys, cpassess, cpassess.cli, cpassess.plant; from cpassess.plant import load_plant; "
            f"load_plant({str(TRADITIONAL)!r}); print('openpyxl' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_an_unknown_sector_in_the_workbook_is_named_in_its_cell(tmp_path, cli, filled):
    book = openpyxl.load_workbook(filled)
    _set("Plant", "sector", 3, "tofoo")(book)
    path = tmp_path / "plant.xlsx"
    book.save(path)
    result = cli("validate", path)
    assert result.stderr.startswith(f"Error: {path}, sheet Plant, cell C4, sector: unknown sector 'tofoo'")
    assert result.exit_code == 2


def test_the_same_sector_gives_the_same_workbook_bytes(monkeypatch):
    """openpyxl stamps the time of saving; the blank workbook carries none."""
    import datetime

    first = blank_workbook(sector("tofu"))

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.datetime(2031, 5, 5, 5, 5, 5, tzinfo=tz)

    monkeypatch.setattr(datetime, "datetime", Later)
    assert blank_workbook(sector("tofu")) == first
    assert b"2031" not in zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml")
