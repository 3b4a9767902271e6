"""Reading a sheet's rows into the answers a YAML questionnaire would hold, each path with its cell."""

from __future__ import annotations

import datetime
from typing import Any

from ...errors import CpError
from ...kb import KnowledgeBase
from ...kb.schema import QField
from ...kb.sector import Sector
from ...text import did_you_mean
from ...units import normalise
from ...yamlio import Path_
from ..given import AnswerError, take_apart
from .book import Sheet, letter, number_text
from .words import (
    ENGLISH,
    EXCEL_ERRORS,
    ID,
    MAX_COLUMNS,
    MAX_ROWS,
    NOTES,
    PLAIN,
    PREVIOUS,
    SECTOR,
    sheet_names,
    unit_shown,
    words,
)


class Rows:
    """A workbook's answers as they are read, and the problems found on the way."""

    def __init__(self, book: Any, formulas: set[tuple[str, str]], file: str, kb: KnowledgeBase) -> None:
        self.book, self.formulas, self.file, self.kb = book, formulas, file, kb
        self.problems: list[CpError] = []
        self.unreadable = False  # a sheet could not be read at all: answers are not validated
        self.cells: dict[Path_, tuple[str, str | None]] = {}
        self.numbers: dict[Path_, str] = {}
        self.order = {ws.title: index for index, ws in enumerate(book.worksheets)}
        self.seen: dict[str, tuple[str, str]] = {}  # field id -> sheet and cell it was first read from
        self.lang = ENGLISH
        self.w = self.english = words(ENGLISH)
        self.sectors: list[Sector] = []  # the sector as the workbook shows it, then as it is read

    def problem(self, message: str, sheet: str | None, cell: str | None = None, field_id: str | None = None,
                unreadable: bool = False) -> None:
        self.problems.append(CpError(message, file=self.file, sheet=sheet, cell=cell, field=field_id))
        self.unreadable = self.unreadable or unreadable

    def _sheet(self, ws: Any) -> Sheet:
        ws.reset_dimensions()
        rows = []
        for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
            if number > MAX_ROWS:
                if any(value is not None for value in row):
                    self.problem(f"more than {MAX_ROWS:,} rows: not a questionnaire sheet", ws.title,
                                 f"A{number}", unreadable=True)
                break
            rows.append(tuple(row))
        while rows and all(value is None for value in rows[-1]):
            rows.pop()
        return Sheet(ws.title, rows)


    def _cell(self, sheet: Sheet, row: int, column: int | None, field_id: str | None = None) -> Any:
        """A cell's value as a YAML answer would hold it: None if empty, dates as YYYY-MM-DD."""
        if column is None:
            return None
        value = sheet.value(row, column)
        coordinate = f"{letter(column)}{row}"
        formula = (sheet.name, coordinate) in self.formulas
        if formula and value is None:
            self.problem("a formula whose value was never calculated: open and save the workbook in a "
                         "spreadsheet program, or type the value", sheet.name, coordinate, field_id)
            return None
        if formula and isinstance(value, str) and value.strip() in EXCEL_ERRORS:
            self.problem(f"the formula gives an error ({value.strip()})", sheet.name, coordinate, field_id)
            return None
        if isinstance(value, datetime.datetime):
            return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
        if isinstance(value, (datetime.date, datetime.time)):
            return value.isoformat()
        if isinstance(value, datetime.timedelta):
            return str(value)
        if isinstance(value, str):
            value = value.strip()
            return value or None
        return value

    def _rows(self, sheet: Sheet, sector: Sector, section: str, data: dict[str, Any], plant_sheet: bool) -> None:
        assert sheet.header is not None
        columns = sheet.columns
        answers: dict[str, Any] = {}
        self.cells[(section,)] = (sheet.name, None)
        for row in range(sheet.header + 1, len(sheet.rows) + 1):
            id_cell = f"{letter(columns['id'])}{row}"
            raw_id = sheet.value(row, columns["id"])
            key = str(raw_id).strip() if raw_id is not None else ""
            if not key:
                self._stray(sheet, row)
                continue
            if plant_sheet and key == SECTOR:
                continue
            if plant_sheet and key == PREVIOUS:
                self._previous_visit(sheet, row, data)
                continue
            answer_cell = f"{letter(columns['answer'])}{row}"
            if key == NOTES:
                note = self._cell(sheet, row, columns["answer"], NOTES)
                path: Path_ = (NOTES,) if plant_sheet else (section, NOTES)
                self.cells[path] = (sheet.name, answer_cell)
                if note is not None:
                    if plant_sheet:
                        data[NOTES] = str(note)
                    else:
                        answers[NOTES] = str(note)
                continue
            if key not in sector.fields:
                hint = did_you_mean(key, sector.fields)
                self.problem(f"unknown field id {key!r} in column {ID!r}{hint}", sheet.name, id_cell, key)
                continue
            if sector.field_section[key] != section:
                belongs = sheet_names(self.sectors[0], self.lang).get(sector.field_section[key])
                self.problem(f"belongs on sheet {belongs!r}, not here", sheet.name, id_cell, key)
                continue
            if key in self.seen:
                first_sheet, first_cell = self.seen[key]
                self.problem(f"appears twice (also sheet {first_sheet}, cell {first_cell})", sheet.name, id_cell,
                             key)
                continue
            self.seen[key] = (sheet.name, id_cell)
            raw = self._answer(sheet, row, section, key, sector.fields[key])
            if raw is not None:
                answers[key] = raw
        if answers or section in data:
            data.setdefault(section, {}).update(answers)

    def _previous_visit(self, sheet: Sheet, row: int, data: dict[str, Any]) -> None:
        coordinate = f"{letter(sheet.columns['answer'])}{row}"
        if PREVIOUS in self.seen:
            first_sheet, first_cell = self.seen[PREVIOUS]
            self.problem(f"appears twice (also sheet {first_sheet}, cell {first_cell})", sheet.name,
                         f"{letter(sheet.columns['id'])}{row}", PREVIOUS)
            return
        self.seen[PREVIOUS] = (sheet.name, coordinate)
        self.cells[(PREVIOUS,)] = (sheet.name, coordinate)
        value = self._cell(sheet, row, sheet.columns["answer"], PREVIOUS)
        if value is not None:
            data[PREVIOUS] = value if isinstance(value, str) else number_text(value)

    def _stray(self, sheet: Sheet, row: int) -> None:
        """An answer in a row with no field id: it would be lost, so it is a problem."""
        for role in ("answer", "basis", "note"):
            column = sheet.columns.get(role)
            if column is not None and sheet.value(row, column) is not None:
                self.problem(f"an answer in a row with no field id in column {ID!r}: the row was added or its "
                             f"id deleted", sheet.name, f"{letter(column)}{row}")
                return

    def _answer(self, sheet: Sheet, row: int, section: str, key: str, fld: QField) -> Any:
        """One question's answer as the YAML would carry it: the value, or {value, basis, note}."""
        columns = sheet.columns
        path: Path_ = (section, key)
        places = {"answer": (), "basis": ("basis",), "note": ("note",)}
        for role, below in places.items():
            if role in columns:
                self.cells[path + below] = (sheet.name, f"{letter(columns[role])}{row}")
        self.cells[path + ("value",)] = self.cells[path]
        value = self._cell(sheet, row, columns["answer"], key)
        basis = self._cell(sheet, row, columns.get("basis"), key)
        note = self._cell(sheet, row, columns.get("note"), key)
        unit = self._cell(sheet, row, columns.get("unit"), key)
        wrapped = basis is not None or note is not None
        at = path + ("value",) if wrapped else path
        value = self._plain(value, fld, unit, at, sheet.name, f"{letter(columns['answer'])}{row}", key)
        if not wrapped:
            return value
        out: dict[str, Any] = {"value": value}
        if basis is not None:
            text = str(basis).strip().lower()
            out["basis"] = next((b for b in ("measured", "estimated")
                                 if text in (self.w[b].lower(), self.english[b].lower())), basis)
        if note is not None:
            out["note"] = str(note)
        return out

    def _plain(self, value: Any, fld: QField, unit: Any, path: Path_, sheet: str, cell: str, key: str) -> Any:
        if value is None:
            return None
        if fld.type == "choice" and isinstance(value, str):
            text = " ".join(value.split()).casefold()
            for each in self.sectors:
                for code, label in ((each.fields[key].choices if key in each.fields else None) or {}).items():
                    if text in (code.casefold(), " ".join(label.split()).casefold()):
                        return code
            return value  # not a choice: the YAML path says which there are (or reads a country's name)
        if fld.type == "boolean" and isinstance(value, str):
            text = value.casefold()
            if text == self.w["yes"].casefold():
                return True
            if text == self.w["no"].casefold():
                return False
            return value  # yes/no in English and the error for anything else are the YAML path's
        if fld.type not in ("number", "integer"):
            return value
        if isinstance(value, str) and PLAIN.match(value):
            self.numbers[path] = value  # as written, as YAML keeps an unquoted number's text
            value = float(value) if any(c in value for c in ".eE") else int(value)
        unit_text = self._other_unit(unit, fld)
        if unit_text is None:
            return value
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)):
            return f"{self.numbers.pop(path, None) or number_text(value)} {unit_text}"
        try:
            written = take_apart(str(value))
        except AnswerError:
            return value  # the YAML path says what is wrong with it
        if written.unit:
            self.problem(f"the unit is written twice, in the answer ({written.unit}) and in the {self.w['unit']} "
                         f"column ({unit_text}): keep one", sheet, cell, key)
            return None
        return f"{value} {unit_text}"

    def _other_unit(self, unit: Any, fld: QField) -> str | None:
        """The Unit column when it says other than the question's own unit (which it shows)."""
        if unit is None:
            return None
        text = str(unit).strip()
        shown = {unit_shown(fld.unit, w) for w in (self.w, self.english)}
        if not text or text in shown or (fld.unit and normalise(text) == normalise(fld.unit)):
            return None
        return text

    def _quotes(self, sheet: Sheet, data: dict[str, Any]) -> None:
        assert sheet.header is not None
        quotes: dict[str, Any] = {}
        self.cells[("quotes",)] = (sheet.name, None)
        for row in range(sheet.header + 1, len(sheet.rows) + 1):
            raw_id = sheet.value(row, sheet.columns["id"])
            measure_id = str(raw_id).strip() if raw_id is not None else ""
            if not measure_id:
                self._stray(sheet, row)
                continue
            coordinate = f"{letter(sheet.columns['answer'])}{row}"
            value = self._cell(sheet, row, sheet.columns["answer"], measure_id)
            self.cells[("quotes", measure_id)] = (sheet.name, coordinate)
            if value is not None:
                if measure_id in quotes:
                    self.problem("appears twice", sheet.name, f"{letter(sheet.columns['id'])}{row}", measure_id)
                quotes[measure_id] = value
        if quotes:
            data["quotes"] = quotes
