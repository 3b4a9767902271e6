"""The one error type users see: a message that names file, line (or sheet and cell) and field."""

from __future__ import annotations

from pathlib import Path


class CpError(Exception):
    """A problem with the user's input or the knowledge base, printed as one line."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, field: str | None = None, sheet: str | None = None,
                 cell: str | None = None) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.sheet = sheet  # in a workbook: the sheet and cell, where a text file has its line
        self.cell = cell
        self.others: list[CpError] = []  # further problems found in the same input
        super().__init__(self.one_line())

    def all(self) -> list[CpError]:
        return [self, *self.others]

    def one_line(self, count_others: bool = True) -> str:
        where = ""
        what = f"{self.field}: " if self.field else ""
        if self.sheet:  # plant.xlsx, sheet Wastewater, cell C12, whey_destination: ...
            place = [self.file] if self.file else []
            place += [f"sheet {self.sheet}"] + ([f"cell {self.cell}"] if self.cell else [])
            where, what = ", ".join(place + ([self.field] if self.field else [])) + ": ", ""
        elif self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        more = ""
        if count_others and self.others:  # `validate` lists them; elsewhere the line says they exist
            more = f" (and {len(self.others)} more problem{'s' if len(self.others) > 1 else ''})"
        return f"{where}{what}{self.message}{more}".replace("\n", " ")


class CpErrors(CpError):
    """Problems in several inputs at once (a batch of plants): each keeps its own one line."""

    def __init__(self, problems: list[CpError]) -> None:
        self.problems = problems
        last = problems[-1]
        super().__init__(last.message, file=last.file, line=last.line, field=last.field, sheet=last.sheet,
                         cell=last.cell)
        self.others = last.others
