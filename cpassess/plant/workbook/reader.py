"""Reading a filled workbook: find the plant sheet, the sector, each section's sheet and columns, then
validate the answers through the YAML questionnaire's path (plant/read.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import CpError
from ...kb import KnowledgeBase, as_knowledge
from ...kb.sector import Sector
from .actions import ActionRows
from .book import Sheet, WorkbookDocument, in_order, letter, open_book, read_bytes
from .words import (
    ACTIONS,
    ENGLISH,
    HEADER_ROW,
    ID,
    LANG_CODE,
    META,
    OTHER_FORMATS,
    SECTOR,
    known_lang,
    sheet_names,
    words,
)

if TYPE_CHECKING:
    from ..read import Plant


def read_workbook(path: str | Path, kb: KnowledgeBase | str | Path | None = None, follow: bool = True) -> Plant:
    """A plant from a filled .xlsx questionnaire; problems are CpErrors naming file, sheet, cell and field;
    `follow`: read the earlier visit its `previous_visit` names too."""
    from ..read import read_plant

    name = str(path)
    suffix = Path(name).suffix.lower()
    if suffix in OTHER_FORMATS:
        raise CpError(OTHER_FORMATS[suffix], file=name)
    data = read_bytes(path, name)
    values, formulas = open_book(data, name)
    try:
        reader = Reader(values, formulas, name, as_knowledge(kb))
        doc = reader.document()
    finally:
        values.close()
    problems = list(reader.problems)
    plant = None
    if not reader.unreadable:
        try:
            plant = read_plant(doc, kb, follow)
        except CpError as exc:
            problems += exc.all()
    if problems or plant is None:
        raise in_order(problems, reader.order) from None
    return plant


class Reader(ActionRows):
    """Finds the sheets of a workbook and reads each into the document."""

    def document(self) -> WorkbookDocument:
        sheets = {ws.title: ws for ws in self.book.worksheets}
        meta = self._meta(sheets.get(META) or next((ws for name, ws in sheets.items()
                                                    if name.casefold() == META), None))
        lang = self.lang = known_lang(meta.get("lang", ENGLISH))
        self.w = words(lang)
        plant_name = next((name for name in sheets if name.casefold() in (
            self.w["plant"].casefold(), self.english["plant"].casefold())), None)
        first = next((name for name in sheets if name.casefold() != META), None)
        if plant_name is None:
            self.problem(f"no sheet {self.w['plant']!r}: not a cpassess questionnaire, or its first sheet "
                         f"was renamed (make a workbook with `cpassess questionnaire SECTOR -o plant.xlsx`)",
                         first, unreadable=True)
            return WorkbookDocument({}, self.file, {})
        plant = self._sheet(sheets[plant_name])
        self._find_columns(plant, None)
        sector_id = self._sector(plant)
        if sector_id is None or self.unreadable:
            self.unreadable = True
            return WorkbookDocument({}, self.file, {})
        if sector_id not in self.kb.sector_ids:  # read_plant names the sectors there are
            return WorkbookDocument({SECTOR: sector_id}, self.file, dict(self.cells))
        sector = self.kb.sector(sector_id)
        shown = self._shown_sector(sector, str(meta.get("knowledge_lang", ENGLISH)))
        self.sectors = [shown, sector] if shown is not sector else [sector]
        names = sheet_names(shown, lang)
        by_name = {name.casefold(): key for key, name in names.items() if key != "plant"}
        if lang != ENGLISH:  # a workbook whose words were English-only in its time still reads
            by_name.update({name.casefold(): key for key, name in sheet_names(shown, ENGLISH).items()
                            if name.casefold() not in by_name and key != "plant"})
        data: dict[str, Any] = {SECTOR: sector_id}
        self.cells[()] = (plant_name, None)
        for name, ws in sheets.items():
            if name.casefold() == META:
                continue
            key = by_name.get(name.casefold())
            sheet = plant if name == plant_name else self._sheet(ws)
            if key is None:
                self._unknown_sheet(sheet, sector, names)
                continue
            if key == ACTIONS:
                self._actions(sheet, data)
                continue
            if name != plant_name and not self._find_columns(sheet, sector):
                continue
            if key == "quotes":
                self._quotes(sheet, data)
            else:
                self._rows(sheet, sector, key or "plant", data, plant_sheet=key == "")
        for key, section in sector.sections.items():  # a required answer is named where it belongs
            if any(f.required for f in section.fields.values()):
                data.setdefault(key, {})
        return WorkbookDocument(data, self.file, self.cells, self.numbers)

    def _meta(self, ws: Any) -> dict[str, str]:
        if ws is None:
            return {}
        out = {}
        for row in ws.iter_rows(min_row=1, max_row=10, max_col=2, values_only=True):
            if row and row[0] is not None and len(row) > 1 and row[1] is not None:
                out[str(row[0]).strip()] = str(row[1]).strip()
        return out

    def _shown_sector(self, sector: Sector, lang: str) -> Sector:
        """The sector in the language the workbook's questions were written in (its labels, its sheet names)."""
        if lang == sector.lang or not LANG_CODE.match(lang):
            return sector
        try:
            return as_knowledge(self.kb, lang).sector(sector.id)
        except CpError:
            return sector

    # -- columns and the rows of one sheet -------------------------------------------------------

    def _find_columns(self, sheet: Sheet, sector: Sector | None) -> bool:
        """Find the header row (the one with `id`) and the columns; False and a problem if it has none."""
        roles = {ID: "id"}
        for w in (self.english, self.w):
            roles.update({w["answer"].casefold(): "answer", w["unit"].casefold(): "unit",
                          w["basis"].casefold(): "basis", w["note"].casefold(): "note",
                          w["question"].casefold(): "question", w["measure"].casefold(): "question"})
        for row in range(1, min(len(sheet.rows), 12) + 1):
            found: dict[str, int] = {}
            for column, value in enumerate(sheet.rows[row - 1], start=1):
                if isinstance(value, str) and value.strip().casefold() in roles:
                    found.setdefault(roles[value.strip().casefold()], column)
            if "id" in found or "answer" in found:
                sheet.header, sheet.columns = row, found
                break
        if "id" in sheet.columns and "answer" in sheet.columns:
            return True
        row = sheet.header or HEADER_ROW
        if "id" not in sheet.columns:
            guess = self._guess_field(sheet, sector)
            self.problem(f"no column headed {ID!r} with the questions' field ids (it is column A, hidden; was "
                         f"it deleted?): the answers cannot be told apart; fill a workbook made by "
                         f"`cpassess questionnaire`", sheet.name, f"A{row}", guess, unreadable=True)
        else:
            self.problem(f"no column headed {self.w['answer']!r}", sheet.name,
                         f"{letter(sheet.columns['id'])}{row}", unreadable=True)
        return False

    def _guess_field(self, sheet: Sheet, sector: Sector | None) -> str | None:
        """The field of the first question on a sheet without ids, found by its question's text."""
        sectors = self.sectors or ([sector] if sector else [])
        questions: dict[str, str] = {}
        for each in sectors:
            for key, fld in each.fields.items():
                questions.setdefault(" ".join(fld.question.split()).casefold(), key)
                questions.setdefault(" ".join(f"{fld.question} {self.w['required']}".split()).casefold(), key)
        for cells in sheet.rows:
            for value in cells:
                if isinstance(value, str) and " ".join(value.split()).casefold() in questions:
                    return questions[" ".join(value.split()).casefold()]
        return None

    def _unknown_sheet(self, sheet: Sheet, sector: Sector, names: dict[str, str]) -> None:
        if not sheet.columns:
            self._find_columns(sheet, sector)
            self.problems = [p for p in self.problems if p.sheet != sheet.name]  # said once, below
        field_id, cell, belongs = None, "A1", None
        id_column = sheet.columns.get("id")
        if id_column and sheet.header:
            for row in range(sheet.header + 1, len(sheet.rows) + 1):
                value = sheet.value(row, id_column)
                if isinstance(value, str) and value.strip():
                    field_id, cell = value.strip(), f"{letter(id_column)}{row}"
                    break
        if field_id is None:
            field_id = self._guess_field(sheet, sector)
        if field_id in sector.field_section:
            belongs = names[sector.field_section[field_id]]
        elif field_id in sector.measures:
            belongs = names["quotes"]
        hint = f"; its questions belong on sheet {belongs!r} (was it renamed?)" if belongs else ""
        self.problem(f"unknown sheet {sheet.name!r}: not a sheet of the {sector.id} questionnaire{hint}",
                     sheet.name, cell, field_id, unreadable=True)

    def _sector(self, sheet: Sheet) -> str | None:
        id_column, answer = sheet.columns.get("id"), sheet.columns.get("answer")
        if id_column is None or answer is None or sheet.header is None:
            return None
        for row in range(sheet.header + 1, len(sheet.rows) + 1):
            if str(sheet.value(row, id_column) or "").strip() == SECTOR:
                coordinate = f"{letter(answer)}{row}"
                self.cells[(SECTOR,)] = (sheet.name, coordinate)
                value = self._cell(sheet, row, answer, SECTOR)
                if value is None:
                    self.problem("no sector: write the sector's id, e.g. tofu", sheet.name, coordinate,
                                 SECTOR, unreadable=True)
                    return None
                return str(value).strip()
        self.problem(f"no row with id {SECTOR!r}: not a cpassess questionnaire", sheet.name,
                     f"{letter(id_column)}{sheet.header}", SECTOR, unreadable=True)
        return None
