"""plants.csv and plants.xlsx: a row per plant, streamed to temporary files and renamed when whole."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from types import TracebackType
from typing import Any

from .rollup import PlantSummary

COLUMNS = ("source", "report", "name", "plant_id", "visit_date", "sector", "city", "country", "currency", "eop_needed",
           "worst", "times_now", "times_after", "exceeds_after", "saving", "investment_low", "investment_high",
           "water_m3_day", "electricity_kwh_day", "cp_measures", "cp", "eop", "measured", "estimated",
           "open_questions", "to_check", "error", "unchanged")


def row(s: PlantSummary) -> list[Any]:
    if s.error is not None:  # a file that could not be assessed: its source and why, nothing else
        return [s.source if c == "source" else s.error if c == "error" else None for c in COLUMNS]
    values = {**s.__dict__, "cp_measures": len(s.cp), "open_questions": len(s.open_questions),
              "exceeds_after": ";".join(s.exceeds_after), "cp": ";".join(s.cp), "eop": ";".join(s.eop)}
    # six significant digits: 36873201973.20369 is an estimate, not a measurement
    return [float(f"{v:.6g}") if isinstance(v, float) else v for v in (values[c] for c in COLUMNS)]


class PlantTables:
    """Writes each plant's row as it comes; `close` makes plants.csv and plants.xlsx appear whole."""

    def __init__(self, folder: Path) -> None:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ERROR_CODES

        self.folder = folder
        # named by the process, not made by mkstemp: a table is as readable as any file (the umask's say)
        self.csv_tmp = folder / f".plants.csv.{os.getpid()}.tmp"
        # with a byte-order mark: Excel on Windows reads UTF-8 (a Chinese plant's name) only with one
        self.csv_file = self.csv_tmp.open("w", encoding="utf-8-sig", newline="")
        self.csv = csv.writer(self.csv_file)
        self.csv.writerow(COLUMNS)
        self.book = Workbook(write_only=True)  # rows go to a temporary file, not memory
        self.sheet = self.book.create_sheet("Plants")
        # an office sorts and filters it: the header stays in view, and each column has a filter
        self.sheet.freeze_panes = "A2"
        for column in ("A", "C"):  # source and name: wide enough to read
            self.sheet.column_dimensions[column].width = 40
        self.sheet.append(list(COLUMNS))
        self.rows = 1
        self.error_codes = ERROR_CODES  # texts openpyxl would write as an Excel error

    def add(self, s: PlantSummary) -> None:
        values = row(s)
        self.csv.writerow(["" if v is None else _text(v) for v in values])
        self.sheet.append([self._cell(v) for v in values])
        self.rows += 1

    def _cell(self, value: Any) -> Any:
        """Text a plant file gave stays text in Excel, even where it starts like a formula or reads as an
        error code (what openpyxl would turn into one; other text goes as it is, without a cell's cost)."""
        if not isinstance(value, str) or not (value.startswith("=") or value in self.error_codes):
            return value
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(self.sheet, value=value)
        cell.data_type = "s"
        return cell

    def close(self) -> None:
        self.csv_file.close()
        os.replace(self.csv_tmp, self.folder / "plants.csv")
        xlsx_tmp = self.folder / f".plants.xlsx.{os.getpid()}.tmp"
        from openpyxl.utils import get_column_letter

        self.sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{self.rows}"
        try:
            self.book.save(xlsx_tmp)
            os.replace(xlsx_tmp, self.folder / "plants.xlsx")
        finally:
            Path(xlsx_tmp).unlink(missing_ok=True)

    def discard(self) -> None:
        self.csv_file.close()
        Path(self.csv_tmp).unlink(missing_ok=True)
        self.sheet.close()  # ends its temporary file now (openpyxl removes it at exit), not in a stray error

    def __enter__(self) -> PlantTables:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:
            self.discard()


def _text(value: Any) -> Any:
    """A CSV cell that a spreadsheet would run as a formula (=, +, -, @ from a plant's name) is
    written with a leading apostrophe, as spreadsheets expect."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
