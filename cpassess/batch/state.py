"""What the last run into a batch's folder left: each plant's input key and summary, so a rerun
takes the plants whose input and program have not changed, and the roll-up can be folded again."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import orjson

from ..errors import CpError
from ..plant.read import VISITS_BACK
from .rollup import PlantSummary
from .sources import Source

_PREVIOUS = re.compile(rb"^previous_visit:[ \t]*[\"']?([^\"'#\r\n]+?)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def _earlier_visits(path: Path, raw: bytes) -> bytes:
    """The files of a plant's earlier visits that its YAML names (`previous_visit`, and theirs in turn):
    what they say is part of its assessment, so a change in one reruns it. A workbook's is not read."""
    out = b""
    for _ in range(VISITS_BACK):
        found = _PREVIOUS.search(raw)
        if found is None:
            break
        path = path.parent / found.group(1).decode("utf-8", "replace").strip()
        try:
            raw = path.read_bytes()
        except OSError:
            return out + b"\0missing"
        out += b"\0" + raw
    return out


class State:
    """What the last run into the folder left: each plant's input key and summary, in one SQLite file
    (a file per plant would cost a file system create each), committed chunk by chunk, so a run that
    is interrupted keeps what it finished."""

    def __init__(self, path: Path, program: str, report_of: Callable[[Source], Path | None]) -> None:
        """`program`: the key of the program, knowledge base and options (a change reruns every plant);
        `report_of`: where a plant's report is, if one is written."""
        import sqlite3

        self.program = program
        self.report_of = report_of
        self.db = sqlite3.connect(path)
        # a cache of work done, not a record: a power cut may lose the last chunks, never corrupt the file
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("CREATE TABLE IF NOT EXISTS plants (name TEXT PRIMARY KEY, key TEXT, summary TEXT)")
        # this run's plants (the file keeps earlier runs' too), each with whether it was taken from the last
        # run: a name a plant, as `written` holds a name a report
        self.seen: dict[str, bool] = {}

    def this_run(self) -> Iterator[PlantSummary]:
        """The summaries of this run's plants that were assessed, read back from the file."""
        self.db.commit()
        for name, summary in self.db.execute("SELECT name, summary FROM plants"):
            if name in self.seen:
                yield PlantSummary(**{**json.loads(summary), "unchanged": self.seen[name]})

    def key(self, source: Source) -> str | PlantSummary:
        """The plant's input key (its content, the program, the knowledge base and the options), or
        the error of an input that cannot be read."""
        self.seen[source.name] = False
        try:
            raw = (json.dumps(source.data.data, sort_keys=True, default=str).encode() if source.data is not None
                   else Path(source.file).read_bytes())
        except OSError as exc:
            self.forget(source.name)
            return PlantSummary(source=source.label,
                                error=CpError(f"cannot read: {exc.strerror}", file=source.file).one_line())
        if source.data is None:
            raw += _earlier_visits(Path(source.file), raw)
        return hashlib.sha256(f"{self.program}\0{source.file}\0".encode() + raw).hexdigest()

    def earlier(self, source: Source, key: str) -> PlantSummary | None:
        """The last run's summary, if the input, the program and the options are the same and the
        report is still there."""
        row = self.db.execute("SELECT key, summary FROM plants WHERE name = ?", (source.name,)).fetchone()
        report = self.report_of(source)
        if row is None or row[0] != key or (report is not None and not report.is_file()):
            return None
        try:
            summary = PlantSummary(**{**json.loads(row[1]), "unchanged": True})
        except (TypeError, ValueError):  # another version's summary
            return None
        self.seen[source.name] = True
        return summary

    def keep(self, source: Source, key: str, summary: PlantSummary) -> None:
        if summary.error is None:
            self.db.execute("INSERT OR REPLACE INTO plants VALUES (?, ?, ?)",
                            (source.name, key, orjson.dumps(summary).decode()))  # a dataclass of plain values
        else:  # its last good summary is no longer this plant's
            self.forget(source.name)

    def forget(self, name: str) -> None:
        self.db.execute("DELETE FROM plants WHERE name = ?", (name,))

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.commit()
        self.db.close()
