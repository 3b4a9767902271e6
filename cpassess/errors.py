"""The one error type users see: a message that names file, line and field."""

from __future__ import annotations

from pathlib import Path


class CpError(Exception):
    """A problem with the user's input or the knowledge base, printed as one line."""

    def __init__(self, message: str, *, file: str | Path | None = None,
                 line: int | None = None, field: str | None = None) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = ""
        if self.file:
            where = self.file + (f":{self.line}" if self.line else "") + ": "
        what = f"{self.field}: " if self.field else ""
        return f"{where}{what}{self.message}".replace("\n", " ")
