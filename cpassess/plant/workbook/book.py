"""The workbook as read: its bytes, opened with openpyxl (values and where formulas are), its sheets'
rows, and the document that maps each answer's path to its sheet and cell."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import CpError
from ...yamlio import Document, Path_
from .words import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")  # a formula element in a sheet's XML
_COORDINATE = re.compile(r"^([A-Z]+)(\d+)$")


class WorkbookDocument(Document):
    """A plant read from a workbook, as the YAML reader's Document: the data, and for each path the
    sheet and cell it came from, which errors name instead of a line."""

    def __init__(self, data: Any, file: str, cells: dict[Path_, tuple[str, str | None]],
                 numbers: dict[Path_, str] | None = None) -> None:
        super().__init__(data, {}, file, numbers)
        self.cells = cells

    def place(self, path: Path_) -> tuple[str | None, str | None]:
        """Sheet and cell of the deepest known prefix of `path`."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.cells:
                return self.cells[path[:end]]
        return None, None

    def error(self, message: str, path: Path_ = (), field: str | None = None) -> CpError:
        sheet, cell = self.place(path)
        return CpError(message, file=self.file, sheet=sheet, cell=cell, field=field)



def read_bytes(path: str | Path, name: str) -> bytes:
    target = Path(path)
    try:
        if target.exists() and not target.is_dir() and not target.is_file():
            raise CpError("not a regular file (a pipe or a device): save the workbook as a file", file=name)
        with open(target, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise CpError("file not found", file=name) from None
    except IsADirectoryError:
        raise CpError("is a directory, not a file", file=name) from None
    except OSError as exc:
        raise CpError(f"cannot read: {exc.strerror}", file=name) from None
    if len(data) > MAX_BYTES:
        raise CpError(f"larger than {MAX_BYTES:,} bytes: too large for a questionnaire", file=name)
    return data


def open_book(data: bytes, name: str) -> tuple[Any, set[tuple[str, str]]]:
    """The workbook with the values of formulas as last saved, and the cells that hold a formula."""
    import warnings

    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            parts = set(archive.namelist())
            if unpacked > MAX_UNPACKED:
                raise CpError(f"unpacks to more than {MAX_UNPACKED:,} bytes: too large for a questionnaire",
                              file=name)
            has_formulas = any(_FORMULA.search(archive.read(part)) for part in parts
                               if part.startswith("xl/worksheets/") and part.endswith(".xml"))
    except zipfile.BadZipFile:
        raise CpError("not an Excel workbook (.xlsx); a password-protected workbook is not read either",
                      file=name) from None
    if "xl/workbook.xml" not in parts:
        raise CpError("not an Excel workbook (.xlsx): it has no workbook part", file=name)
    formulas: set[tuple[str, str]] = set()
    try:
        with warnings.catch_warnings():  # e.g. "Data Validation extension is not supported"
            warnings.simplefilter("ignore")
            if has_formulas:  # read twice: where the formulas are, then the values they had when saved
                formulas_book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
                for ws in formulas_book.worksheets:
                    ws.reset_dimensions()
                    for number, row in enumerate(ws.iter_rows(max_col=MAX_COLUMNS), start=1):
                        if number > MAX_ROWS:
                            break
                        formulas.update((ws.title, cell.coordinate) for cell in row
                                        if getattr(cell, "data_type", None) == "f")
                formulas_book.close()
            values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except CpError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise CpError(f"cannot read the workbook: {type(exc).__name__}: {exc}", file=name) from None
    return values, formulas


def in_order(problems: list[CpError], order: dict[str, int]) -> CpError:
    """The problems in the workbook's order (sheet by sheet, row by row); the first carries the rest."""
    def position(problem: CpError) -> tuple[int, int, int]:
        if problem.sheet is None:
            return (-1, 0, 0)
        match = _COORDINATE.match(problem.cell or "")
        row = int(match.group(2)) if match else 0
        column = _column_number(match.group(1)) if match else 0
        return (order.get(problem.sheet, len(order)), row, column)

    ordered = sorted(problems, key=position)
    for problem in ordered:
        problem.others = []
    ordered[0].others = ordered[1:]
    return ordered[0]


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


@dataclass
class Sheet:
    """One sheet's rows as read: values by (row, column), and where its columns are."""

    name: str
    rows: list[tuple[Any, ...]]
    header: int | None = None  # the header row, 1-based
    columns: dict[str, int] = field(default_factory=dict)  # id, answer, unit, basis, note -> column

    def value(self, row: int, column: int | None) -> Any:
        if column is None or row < 1 or row > len(self.rows):
            return None
        cells = self.rows[row - 1]
        return cells[column - 1] if column <= len(cells) else None



def number_text(value: float) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))
