"""Writing the blank workbook: a plant sheet, a sheet per section, quotes, and the hidden sheet of lists."""

from __future__ import annotations

import io
import math
import re
import zipfile
from typing import Any

from ...kb.schema import QField
from ...kb.sector import Sector
from .actions import actions_sheet, previous_row, status_list
from .words import (
    ACTIONS,
    C_ANSWER,
    C_BASIS,
    C_HELP,
    C_ID,
    C_NOTE,
    C_QUESTION,
    C_UNIT,
    ENGLISH,
    FORMAT,
    HEADER_ROW,
    ID,
    META,
    NOTES,
    SECTOR,
    TITLE_ROW,
    WIDTHS,
    condition_text,
    expect,
    known_lang,
    sheet_names,
    unit_shown,
    words,
)


def blank_workbook(sector: Sector, lang: str = ENGLISH) -> bytes:
    """The blank questionnaire of `sector` as an .xlsx workbook, its texts from the Sector (in the
    language it was loaded in) and the workbook's own words in `lang` (English if unknown)."""
    from openpyxl import Workbook

    lang = known_lang(lang)
    book = Workbook()
    writer = Writer(book, sector, lang)
    writer.write()
    out = io.BytesIO()
    book.save(out)
    return _without_dates(out.getvalue())


_SAVED_AT = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _without_dates(data: bytes) -> bytes:
    """The workbook without the time it was saved (openpyxl stamps each part and the properties):
    the same sector and language give the same bytes."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info)
            if info.filename == "docProps/core.xml":
                part = _SAVED_AT.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", part)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0)), part,
                            compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


class Writer:
    def __init__(self, book: Any, sector: Sector, lang: str) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.book, self.sector, self.lang, self.w = book, sector, lang, words(lang)
        self.names = sheet_names(sector, lang)
        self.lists: dict[str, str] = {}  # field id -> the range of its choice labels on the hidden sheet
        thin = Side(style="thin", color="BFBFBF")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.bold = Font(bold=True)
        self.title_font = Font(bold=True, size=14)
        self.help_font = Font(italic=True, color="595959")
        self.header_fill = PatternFill("solid", fgColor="D9E1F2")
        self.answer_fill = PatternFill("solid", fgColor="FFF2CC")
        self.fixed_fill = PatternFill("solid", fgColor="EDEDED")

    def write(self) -> None:
        first = self.book.active
        meta = self.book.create_sheet(META)  # first, for the lists; it stays the last sheet
        self._meta(meta)
        meta.sheet_state = "hidden"
        for key, name in self.names.items():
            if key == "plant":
                continue  # on the plant sheet
            ws = first if key == "" else self.book.create_sheet(name, len(self.book.sheetnames) - 1)
            ws.title = name
            if key == "":
                self._plant_sheet(ws, self.sector.sections.get("plant"))
            elif key == "quotes":
                self._quotes_sheet(ws)
            elif key == ACTIONS:
                actions_sheet(self, ws)
            else:
                self._section_sheet(ws, key)
        self.book.active = 0

    # The hidden sheet: what the reader needs besides the sheets (language) and the drop-down lists.
    def _meta(self, ws: Any) -> None:
        from openpyxl.utils import get_column_letter

        rows = [("cpassess workbook", FORMAT), ("sector", self.sector.id), ("lang", self.lang),
                ("knowledge_lang", getattr(self.sector, "lang", ENGLISH))]
        for row, (key, value) in enumerate(rows, start=1):
            ws.cell(row, 1, key)
            ws.cell(row, 2, value)
        column = 4
        for key, fld in self.sector.fields.items():
            if fld.type != "choice" or not fld.choices:
                continue
            ws.cell(1, column, key)
            labels = list(fld.choices.values())
            for row, label in enumerate(labels, start=2):
                ws.cell(row, column, label).number_format = "@"
            letter = get_column_letter(column)
            self.lists[key] = f"{META}!${letter}$2:${letter}${len(labels) + 1}"
            column += 1
        status_list(self, ws, column)

    def _start(self, ws: Any, title: str, question_header: str, columns: tuple[int, ...],
               more: dict[int, tuple[str, float]] | None = None) -> int:
        """Title, headers and layout; `more`: column -> header and width besides the question sheets' ones."""
        from openpyxl.utils import get_column_letter

        w, more = self.w, more or {}
        columns = tuple(dict.fromkeys((*columns, *more)))
        ws.cell(TITLE_ROW, C_QUESTION, title).font = self.title_font
        ws.merge_cells(start_row=TITLE_ROW, start_column=C_QUESTION, end_row=TITLE_ROW, end_column=max(columns))
        ws.row_dimensions[TITLE_ROW].height = 22
        headers = {C_ID: ID, C_QUESTION: question_header, C_ANSWER: w["answer"], C_UNIT: w["unit"],
                   C_BASIS: w["basis"], C_NOTE: w["note"], C_HELP: w["help"]}
        widths: dict[int, float] = dict(WIDTHS)
        for column, (header, width) in more.items():
            headers[column], widths[column] = header, width
        for column in columns:
            cell = ws.cell(HEADER_ROW, column, headers[column])
            cell.font, cell.fill, cell.border, cell.alignment = self.bold, self.header_fill, self.border, self.wrap
            ws.column_dimensions[get_column_letter(column)].width = widths[column]
        ws.row_dimensions[HEADER_ROW].height = 30
        ws.column_dimensions["A"].hidden = True
        ws.freeze_panes = ws.cell(HEADER_ROW + 1, 1).coordinate
        ws.print_title_rows = f"{TITLE_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return HEADER_ROW + 1

    def _text_row(self, ws: Any, row: int, text: str, columns: tuple[int, ...], width: float | None = None) -> int:
        cell = ws.cell(row, C_QUESTION, text)
        cell.font, cell.alignment = self.help_font, self.wrap
        ws.merge_cells(start_row=row, start_column=C_QUESTION, end_row=row, end_column=max(columns))
        ws.row_dimensions[row].height = row_height(text, width or sum(WIDTHS[c] for c in columns if c != C_ID))
        return row + 1

    def _plant_sheet(self, ws: Any, plant: Any) -> None:
        columns = (C_ID, C_QUESTION, C_ANSWER, C_UNIT, C_BASIS, C_NOTE, C_HELP)
        row = self._start(ws, self.w["title"].format(sector=self.sector.info.name), self.w["question"], columns)
        row = self._text_row(ws, row, self.w["intro"], columns)
        ws.cell(row, C_ID, SECTOR)
        self._question(ws, row, self.w["sector"], self.sector.info.name)
        answer = ws.cell(row, C_ANSWER, self.sector.id)
        answer.fill, answer.border, answer.font = self.fixed_fill, self.border, self.bold
        row += 1
        if plant is not None:
            if plant.help:
                row = self._text_row(ws, row, plant.help, columns)
            for key, fld in plant.fields.items():
                row = self._field(ws, row, key, fld)
        row = previous_row(self, ws, row)
        self._notes(ws, row, self.w["plant_notes"])

    def _section_sheet(self, ws: Any, key: str) -> None:
        section = self.sector.sections[key]
        columns = (C_ID, C_QUESTION, C_ANSWER, C_UNIT, C_BASIS, C_NOTE, C_HELP)
        row = self._start(ws, section.title, self.w["question"], columns)
        if section.help:
            row = self._text_row(ws, row, section.help, columns)
        if section.asked_if:
            condition = condition_text(section.asked_if, self.sector, self.w)
            row = self._text_row(ws, row, self.w["only_if"].format(condition=condition), columns)
        for field_id, fld in section.fields.items():
            row = self._field(ws, row, field_id, fld)
        self._notes(ws, row, self.w["notes"])

    def _quotes_sheet(self, ws: Any) -> None:
        columns = (C_ID, C_QUESTION, C_ANSWER, C_UNIT, C_HELP)
        for letter in ("E", "F"):  # a quote has no mark or note: the help sits beside the answer
            ws.column_dimensions[letter].hidden = True
        row = self._start(ws, self.w["quotes_title"], self.w["measure"], columns)
        row = self._text_row(ws, row, self.w["quotes_intro"], columns)
        validation = self._validation("decimal", operator="greaterThanOrEqual", formula1="0",
                                      error=self.w["number_error"].format(expect=self.w["number_at_least"]
                                                                          .format(low=0)),
                                      title=self.w["number_error_title"])
        ws.add_data_validation(validation)
        for measure_id, measure in self.sector.measures.items():
            ws.cell(row, C_ID, measure_id)
            self._question(ws, row, measure.title, _first_sentence(measure.description))
            cell = self._answer(ws, row)
            validation.add(cell)
            ws.cell(row, C_UNIT, self.w["plant_currency"]).alignment = self.wrap
            row += 1

    def _question(self, ws: Any, row: int, question: str, help_text: str, bold: bool = False,
                  longest_answer: str = "") -> None:
        cell = ws.cell(row, C_QUESTION, question)
        cell.alignment, cell.border = self.wrap, self.border
        if bold:
            cell.font = self.bold
        helped = ws.cell(row, C_HELP, help_text or None)
        helped.alignment, helped.font = self.wrap, self.help_font
        # Tall enough for the question, its help and the longest choice (a tablet does not fit rows to text)
        ws.row_dimensions[row].height = max(row_height(question, WIDTHS[C_QUESTION]),
                                            row_height(help_text, WIDTHS[C_HELP]),
                                            row_height(longest_answer, WIDTHS[C_ANSWER]))

    def _answer(self, ws: Any, row: int, text: bool = False) -> Any:
        cell = ws.cell(row, C_ANSWER)
        cell.fill, cell.border, cell.alignment = self.answer_fill, self.border, self.wrap
        if text:
            cell.number_format = "@"  # a date or a code stays as written, not turned into a date or number
        return cell

    def _field(self, ws: Any, row: int, key: str, fld: QField) -> int:
        w = self.w
        ws.cell(row, C_ID, key)
        question = f"{fld.question} {w['required']}" if fld.required else fld.question
        helps = [fld.help or ""]
        if fld.asked_if:
            helps.append(w["field_only_if"].format(condition=condition_text(fld.asked_if, self.sector, w)))
        if fld.type in ("number", "integer"):
            helps.append(expect(fld, w))
        labels = list((fld.choices or {}).values())
        if labels:  # the drop-down shows them only once the cell is chosen, and paper not at all
            helps.append(w["choices"].format(choices="; ".join(labels)))
        self._question(ws, row, question, "\n".join(h for h in helps if h), bold=fld.required,
                       longest_answer=max(labels, key=len) if labels else "")
        cell = self._answer(ws, row, text=fld.type in ("text", "date"))
        if fld.type == "choice":
            ws.add_data_validation(validation := self._validation(
                "list", formula1=self.lists[key], error=w["choice_error"], title=w["choice_error_title"]))
            validation.add(cell)
        elif fld.type == "boolean":
            ws.add_data_validation(validation := self._validation(
                "list", formula1=f'"{w["yes"]},{w["no"]}"', error=w["choice_error"],
                title=w["choice_error_title"]))
            validation.add(cell)
        elif fld.type in ("number", "integer") and (fld.min is not None or fld.max is not None):
            kind = "whole" if fld.type == "integer" else "decimal"
            if fld.min is not None and fld.max is not None:
                bounds = {"operator": "between", "formula1": _number(fld.min), "formula2": _number(fld.max)}
            elif fld.min is not None:
                bounds = {"operator": "greaterThanOrEqual", "formula1": _number(fld.min)}
            else:
                bounds = {"operator": "lessThanOrEqual", "formula1": _number(fld.max)}
            ws.add_data_validation(validation := self._validation(
                kind, error=w["number_error"].format(expect=expect(fld, w)), title=w["number_error_title"],
                **bounds))
            validation.add(cell)
        if fld.type in ("number", "integer"):
            unit = ws.cell(row, C_UNIT, unit_shown(fld.unit, w) or None)
            unit.alignment, unit.border = self.wrap, self.border
            basis = ws.cell(row, C_BASIS)
            basis.border, basis.alignment = self.border, self.wrap
            ws.add_data_validation(validation := self._validation(
                "list", formula1=f'"{w["measured"]},{w["estimated"]}"', error=w["choice_error"],
                title=w["choice_error_title"]))
            validation.add(basis)
        note = ws.cell(row, C_NOTE)
        note.border, note.alignment = self.border, self.wrap
        return row + 1

    def _notes(self, ws: Any, row: int, label: str) -> None:
        ws.cell(row, C_ID, NOTES)
        self._question(ws, row, label, "")
        cell = self._answer(ws, row, text=True)
        ws.merge_cells(start_row=row, start_column=C_ANSWER, end_row=row, end_column=C_NOTE)
        cell.alignment = self.wrap
        ws.row_dimensions[row].height = 60

    @staticmethod
    def _validation(kind: str, *, error: str, title: str, **rule: str) -> Any:
        from openpyxl.worksheet.datavalidation import DataValidation

        # A warning, not a stop: a number with its unit, a key instead of a label or ? is still read.
        return DataValidation(type=kind, allow_blank=True, showErrorMessage=True, errorStyle="warning",
                              errorTitle=title[:32], error=error[:255], **rule)


def _number(value: float | None) -> str:
    assert value is not None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def row_height(text: str, width: float) -> float:
    """A row's height in points for `text` wrapped in a column `width` characters wide."""
    if not text:
        return 15
    chars = max(1.0, width * 0.9)  # characters a line of a column `width` holds, with what word wrap loses
    lines = sum(max(1, math.ceil(len(part) / chars)) for part in text.split("\n"))
    return min(409, 15 * lines + 3)


def _first_sentence(text: str) -> str:
    sentence = re.split(r"(?<=[.!?。])\s+", text.strip(), maxsplit=1)[0]
    return sentence if len(sentence) <= 300 else sentence[:299].rsplit(" ", 1)[0] + "…"
