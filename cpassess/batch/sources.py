"""Where a city's plants come from, one at a time: files, folders, list files, globs and survey CSVs."""

from __future__ import annotations

import csv
import glob
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..kb import KnowledgeBase
from ..kb.sector import Sector
from ..yamlio import Document

PLANT_SUFFIXES = (".yaml", ".yml", ".json", ".xlsx")
# other spreadsheets in a folder are plants too, refused one by one with what to do ("save it as .xlsx")
FOUND_SUFFIXES = (*PLANT_SUFFIXES, ".xls", ".xlsm", ".xlsb", ".ods", ".csv")
LIST_SUFFIXES = (".txt", ".lst")
STATE = ".cpassess-batch.sqlite"  # the state file that marks a batch's output folder
_GLOB = re.compile(r"[*?\[]")
NOT_UTF8 = "is not UTF-8 text: in Excel, save it as \"CSV UTF-8\" (Excel's plain CSV uses the computer's own code page)"


class NothingFound(CpError):
    """An input that holds no plant: an empty folder or survey, a glob that matches nothing."""


@dataclass(frozen=True)
class Source:
    """One plant to assess: a file, or a row of a survey CSV (its answers, already split by section)."""

    name: str  # unique in the batch: the report's file name without suffix
    file: str
    line: int | None = None  # a CSV row's line
    data: Any = None  # a CSV row as a questionnaire

    @property
    def label(self) -> str:
        """How a message names it: the file, or the file and the CSV row's line."""
        return self.file if self.line is None else f"{self.file}:{self.line}"


def sources(inputs: list[str], kb: KnowledgeBase, sector: str | None = None,
            skip: Path | None = None) -> Iterator[Source | CpError]:
    """Every plant of the inputs in order, streamed (a folder is listed, never read ahead); a CSV row or
    a list entry that cannot be read is yielded as its CpError, so the others still run. `skip` (the
    batch's own output folder) is never searched: its JSON reports are not plants."""
    names: set[str] = set()
    taken: set[tuple[str, int | None]] = set()  # a file (or CSV row) reached by two inputs counts once
    for given in inputs:
        found = False
        for item in _expand(given, kb, sector, skip.resolve() if skip else None):
            found = True
            if isinstance(item, Source):
                where = (os.path.realpath(item.file), item.line)
                if where in taken:
                    continue
                taken.add(where)
                name = _unique(item.name, names)
                yield item if name == item.name else Source(name=name, file=item.file, line=item.line,
                                                            data=item.data)
            else:
                yield item
        if not found:  # a mistyped glob beside good inputs must not drop a district in silence
            yield NothingFound("no plant files or survey rows here", file=given)


def _expand(given: str, kb: KnowledgeBase, sector: str | None, skip: Path | None) -> Iterator[Source | CpError]:
    path = Path(given)
    if path.is_dir():
        for found in _walk(path, skip):
            if found.suffix.lower() == ".csv":
                yield from _survey(found, kb, sector)
            else:
                yield Source(name=_slug(found.relative_to(path).with_suffix("")), file=str(found))
    elif _GLOB.search(given) and not path.exists():
        for match in sorted(glob.iglob(given, recursive=True)):
            if Path(match).suffix.lower() in PLANT_SUFFIXES:
                yield Source(name=_slug(Path(match).with_suffix("")), file=match)
    elif path.suffix.lower() == ".csv":
        yield from _survey(path, kb, sector)
    elif path.suffix.lower() in LIST_SUFFIXES:
        try:
            with path.open(encoding="utf-8-sig") as listed:  # Notepad may save it with a BOM
                for line in listed:
                    entry = line.split(" #", 1)[0].strip()  # a path, then perhaps a comment
                    if entry and not entry.startswith("#"):
                        yield from _expand(str(path.parent / entry), kb, sector, skip)
        except (OSError, UnicodeDecodeError) as exc:
            yield CpError(f"cannot read the list of plant files: {exc}", file=path)
    elif not path.exists():  # a folder renamed, a path mistyped: like an input that holds no plant
        yield NothingFound("no such file or folder", file=given)
    else:
        yield Source(name=_slug(path.with_suffix("")), file=given)


def _walk(folder: Path, skip: Path | None) -> Iterator[Path]:
    """Plant files and survey CSVs under a folder, in name order, hidden files and folders left out,
    and a batch's output folder (this run's, or an earlier one's: its reports are not plants)."""
    if (skip is not None and folder.resolve() == skip) or (folder / STATE).is_file():
        return
    entries = sorted(os.scandir(folder), key=lambda e: e.name)
    for entry in entries:
        if entry.name.startswith((".", "~$")):  # hidden, or the lock file Excel keeps beside an open workbook
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path), skip)
        elif Path(entry.name).suffix.lower() in FOUND_SUFFIXES:
            yield Path(entry.path)


def _survey(path: Path, kb: KnowledgeBase, sector_id: str | None) -> Iterator[Source | CpError]:
    """One plant per row, as survey teams keep them: a header row of questionnaire field ids (a
    `sector` column, or --sector for all rows); an empty cell is not answered."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        yield CpError(f"cannot read: {exc.strerror}", file=path)
        return
    with handle:
        try:
            first = handle.readline()
            # a spreadsheet saved as CSV in many locales separates with semicolons
            delimiter = max(",;\t", key=first.count)
            header = [h.strip() for h in next(csv.reader([first], delimiter=delimiter))]
        except UnicodeDecodeError:
            yield CpError(NOT_UTF8, file=path)  # text is decoded a block at a time: the line is not known
            return
        except (StopIteration, csv.Error):
            yield CpError("expected a header row of questionnaire field ids", file=path, line=1)
            return
        rows = csv.reader(handle, delimiter=delimiter)
        checked: set[str] = set()  # the sectors whose questions the header was checked against
        for row in _rows(rows, path):
            number = rows.line_num + 1  # the header was read apart; a quoted cell may span lines
            if isinstance(row, CpError):
                yield row
                return
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                yield CpError(f"{len(row)} values in a row under a header of {len(header)} columns",
                              file=path, line=number)
                continue
            cells = {key: cell.strip() for key, cell in zip(header, row, strict=False) if key and cell.strip()}
            sector_name = cells.pop("sector", None) or sector_id
            if not sector_name:
                yield CpError("no sector: give a `sector` column or --sector", file=path, line=number)
                continue
            try:
                sector = kb.sector(sector_name)
            except CpError as exc:
                yield CpError(exc.message, file=path, line=number, field="sector")
                continue
            if sector.id not in checked:
                checked.add(sector.id)
                left_out, mistyped = _unknown_columns(header, sector, path)
                if mistyped is not None:
                    yield mistyped
                    return
                yield from left_out
            cells = {key: cell for key, cell in cells.items() if key in sector.field_section or key == "notes"}
            if delimiter == ";":  # a locale that writes 4,5 for four and a half, and 1.200 for twelve hundred
                numbers = {key for key in cells if key in sector.fields and sector.fields[key].type in NUMERIC}
                dotted = next((key for key in numbers if _decimal(cells[key]) is None), None)
                if dotted is not None:
                    yield CpError(f"{cells[dotted]!r}: a survey separated by semicolons writes decimals with a "
                                  f"comma (4,5) and thousands with a dot (1.200)", file=path, line=number, field=dotted)
                    continue
                cells.update({key: _decimal(cells[key]) or cells[key] for key in numbers})
            data: dict[str, Any] = {"sector": sector.id}
            if "notes" in cells:  # a survey's remarks column: the plant's notes
                data["notes"] = cells.pop("notes")
            lines: dict[tuple[Any, ...], int] = {(): number, ("sector",): number}
            for key, cell in cells.items():
                section = sector.field_section[key]
                data.setdefault(section, {})[key] = cell
                lines[(section,)] = lines[(section, key)] = number
            label = cells.get("plant_id") or cells.get("name") or f"row{number}"
            yield Source(name=_slug(Path(f"{path.stem}-{label}")), file=str(path), line=number,
                         data=Document(data, lines, str(path)))


NUMERIC = ("number", "integer")


def _unknown_columns(header: list[str], sector: Sector, path: Path) -> tuple[list[CpError], CpError | None]:
    """The header's columns that no question of the sector has: those of the survey's own (remarks,
    GPS), each named once and left out of every row; and a question's id mistyped (a close match),
    which stops the survey, for every row would lose that answer without a word."""
    import difflib

    left_out: list[CpError] = []
    for key in header:
        if not key or key in ("sector", "notes") or key in sector.field_section:
            continue
        close = difflib.get_close_matches(key, list(sector.field_section), n=1, cutoff=0.85)
        if close:
            return left_out, CpError(f"no question {key!r} in sector {sector.id} (did you mean {close[0]!r}?): "
                                     f"correct the header; the survey is read no further", file=path, line=1, field=key)
        left_out.append(CpError(f"no question {key!r} in sector {sector.id}: the column is left out of every row",
                                file=path, line=1, field=key))
    return left_out, None


_DECIMAL_COMMA = re.compile(r"^[-+]?\d+,\d+$")
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_DOTTED = re.compile(r"^[-+]?\d*\.\d+$")


def _decimal(cell: str) -> str | None:
    """A number of a decimal-comma locale as a questionnaire writes it (4,5 -> 4.5; 1.200,5 -> 1200.5);
    None for a number with a decimal point, which such a locale does not write (12.5: a decimal, or
    a thousand written short? it is refused rather than guessed). Other text is left as it is."""
    if _DECIMAL_COMMA.match(cell):
        return cell.replace(",", ".")
    if _GROUPED.match(cell):
        return cell.replace(".", "").replace(",", ".")
    return None if _DOTTED.match(cell) else cell


def _rows(rows: Any, path: Path) -> Iterator[list[str] | CpError]:
    while True:
        try:
            yield next(rows)
        except StopIteration:
            return
        except UnicodeDecodeError:
            yield CpError(NOT_UTF8, file=path)
            return
        except csv.Error as exc:
            yield CpError(f"cannot read the CSV: {exc}", file=path, line=getattr(rows, "line_num", None))
            return


def _slug(path: Path) -> str:
    """A file name for a plant's report from where it came from (sub/folder/plant -> sub__folder__plant)."""
    text = "__".join(path.parts)
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.") or "plant"


def _unique(name: str, seen: set[str]) -> str:
    out, n = name, 1
    while out.lower() in seen:  # case-insensitive file systems
        n += 1
        out = f"{name}-{n}"
    seen.add(out.lower())
    return out
