"""A city's plants assessed: streamed, spread over the cores, each report written whole, a plant whose
input and program have not changed since the last run taken from it, one bad plant never stopping
the others; the summaries folded into the roll-up as they come."""

from __future__ import annotations

import datetime
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

from ..batch.rollup import PlantSummary, Rollup, latest_visits, summarise
from ..batch.sources import STATE, NothingFound, Source, sources
from ..batch.state import State
from ..errors import CpError
from ..kb import KnowledgeBase, as_knowledge

ROLLUP_FILES = ("index.html", "rollup.md", "rollup.json", "rollup.pdf", "plants.csv", "plants.xlsx")
REPORTS = "reports"
CHUNK = 16  # plants a worker takes at once: fewer round trips, still an even spread


@dataclass(frozen=True)
class Options:
    """What every worker needs: a plain, picklable value (a process pool, Dask or Ray can ship it)."""

    out: str
    fmt: str  # the per-plant report's format, or "none"
    langs: tuple[str, ...]
    root: str  # the knowledge base
    key: str  # the program, the knowledge base and the report options: a change in any reruns every plant


def options_for(out: Path, fmt: str, langs: list[str], kb: KnowledgeBase) -> Options:
    from ..cache import fingerprint

    files = [p for part in ("sectors", "rules", "templates") for p in sorted((kb.root / part).rglob("*"))
             if p.is_file()]  # a knowledge base without templates/ finds none there
    return Options(out=str(out), fmt=fmt, langs=tuple(langs), root=str(kb.root),
                   key=fingerprint(files, fmt, ",".join(langs)))


def assess_chunk(chunk: list[Source], options: Options) -> list[PlantSummary]:
    """Assess plants and write their reports: a pure function of its arguments and the files they
    name, so any pool (multiprocessing, Dask, Ray) can run it."""
    return [_one(source, options) for source in chunk]


def _one(source: Source, options: Options) -> PlantSummary:
    label = source.label
    try:
        return _assess(source, options, label, _report(source, options))
    except CpError as exc:
        return PlantSummary(source=label, error=exc.one_line())
    except Exception as exc:  # noqa: BLE001 - one plant's bug must not stop a city's batch
        return PlantSummary(source=label, error=f"internal error: {type(exc).__name__}: {exc}")


def _report(source: Source, options: Options) -> str | None:
    return None if options.fmt == "none" else f"{REPORTS}/{source.name}{_suffix(options.fmt)}"


def _report_path(source: Source, options: Options) -> Path | None:
    report = _report(source, options)
    return None if report is None else Path(options.out) / report


def _assess(source: Source, options: Options, label: str, report: str | None) -> PlantSummary:
    from ..pipeline import assess
    from ..plant import load_plant, read_plant

    assessed = []
    for lang in options.langs:
        kb = as_knowledge(options.root, lang)
        plant = read_plant(source.data, kb) if source.data is not None else load_plant(source.file, kb)
        assessed.append((lang, assess(plant)))
    if report is not None:
        from ..jsonio import to_json
        from . import render_languages
        from .output import replace_whole

        text = to_json(assessed[0][1], compact=True) if options.fmt == "json" and len(assessed) == 1 \
            else render_languages(assessed, options.fmt)
        replace_whole(Path(options.out) / report, text)  # run_batch made the folder; names are unique
    return summarise(assessed[0][1], label, report)


def _suffix(fmt: str) -> str:
    from .formats import FORMATS

    return FORMATS[fmt].suffixes[0]


def run_batch(inputs: list[str], out: Path, *, kb: KnowledgeBase, fmt: str = "html", langs: list[str] | None = None,
              sector: str | None = None, workers: int | None = None,
              each: Callable[[PlantSummary], None] | None = None) -> Rollup:
    """Assess every plant of `inputs` into `out` and fold them into a roll-up; `each` sees every
    plant's summary as it comes (the CLI's progress, plants.csv, plants.xlsx). Inputs with no plant
    at all are an error that leaves `out` as it was (a mistyped glob must not empty a city's folder)."""
    from .formats import check_languages

    # what would fail every plant fails before the folder is touched
    check_languages(fmt, langs or ["en"])
    if sector is not None:
        kb.sector(sector)  # an unknown or broken sector: its one error
    for given in inputs:
        if Path(given).resolve() == out.resolve():
            raise CpError("is the folder to write into as well as an input: write into another folder", file=given)
    items = sources(inputs, kb, sector, skip=out)
    head: list[Source | CpError] = []  # up to the first input that holds a plant (or a plant's error)
    for item in items:
        head.append(item)
        if not isinstance(item, NothingFound):
            break
    else:
        raise CpError(f"no plant files or survey rows in {', '.join(inputs)}: nothing assessed, nothing in "
                      f"{out} changed")
    for folder in (out, out / REPORTS):
        folder.mkdir(exist_ok=True)
    clear_rollup(out)  # an interrupted run must not leave the last run's roll-up beside its reports
    options = options_for(out, fmt, langs or ["en"], kb)
    rollup = Rollup(date=datetime.date.today().isoformat())
    written: set[str] = set()
    empty: list[str] = []  # inputs that held no plant

    def noting_empty(stream: Iterable[Source | CpError]) -> Iterator[Source | CpError]:
        for item in stream:
            if isinstance(item, NothingFound):
                empty.append(str(item.file))
            yield item

    with State(out / STATE, options.key, lambda source: _report_path(source, options)) as state:
        for summary in _summaries(noting_empty(chain(head, items)), options, workers or os.cpu_count() or 1, state):
            rollup.add(summary)
            if summary.report:
                written.add(Path(summary.report).name)
            if each is not None:
                each(summary)
        if rollup.repeated():  # a plant's two visits in the inputs: each plant once, at its latest
            rollup = latest_visits(rollup, state.this_run)
    if not empty:  # a mistyped glob or a renamed folder must not take a district's last reports with it
        _prune(out / REPORTS, written)
    return rollup


def clear_rollup(out: Path) -> None:
    """The roll-up's files taken away: it is whole, for the reports beside it, or absent."""
    for name in ROLLUP_FILES:
        (out / name).unlink(missing_ok=True)


def _prune(folder: Path, written: set[str]) -> None:
    """Reports an earlier run left for plants no longer in the batch, or in another format: the
    folder holds this run's reports only (it is the batch's own; nothing else is touched)."""
    from .formats import FORMATS

    suffixes = {suffix for f in FORMATS.values() for suffix in f.suffixes}
    for path in folder.iterdir():
        if path.is_file() and path.suffix.lower() in suffixes and path.name not in written:
            path.unlink()


def _summaries(items: Iterable[Source | CpError], options: Options, workers: int, state: State
               ) -> Iterator[PlantSummary]:
    """Plant by plant, in input order, at most a few chunks ahead of the roll-up (memory stays flat);
    a plant the last run left unchanged is not assessed again."""
    pool = None
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=workers, initializer=_leave_interrupt_to_parent)
    pending: deque[tuple[list[Any], Any]] = deque()
    try:
        for chunk in _chunks(items):
            planned = [_plan(item, state) for item in chunk]
            todo = [item[0] for item in planned if isinstance(item, tuple)]
            work = pool.submit(assess_chunk, todo, options) if pool else assess_chunk(todo, options)
            pending.append((planned, work))
            if pool is None or len(pending) >= 4 * workers:
                yield from _done(*pending.popleft(), state)
        while pending:
            yield from _done(*pending.popleft(), state)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _leave_interrupt_to_parent() -> None:
    """Ctrl-C reaches every process of the terminal: the parent stops the batch, keeping what is done;
    a worker going down with its own traceback would only bury that message."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _plan(item: Source | CpError, state: State) -> PlantSummary | tuple[Source, str]:
    """A plant's summary if it needs no work (an unreadable input, an unchanged plant), else the plant
    and its key, to assess."""
    if isinstance(item, CpError):
        return PlantSummary(source=str(item.file or ""), error=item.one_line())
    key = state.key(item)
    if isinstance(key, PlantSummary):
        return key
    return state.earlier(item, key) or (item, key)


def _done(planned: list[PlantSummary | tuple[Source, str]], work: Any, state: State) -> Iterator[PlantSummary]:
    """A chunk's summaries in input order; the new ones kept for the next run."""
    results = iter(work.result() if hasattr(work, "result") else work)
    for item in planned:
        if isinstance(item, PlantSummary):
            yield item
            continue
        summary = next(results)
        state.keep(item[0], item[1], summary)
        yield summary
    state.db.commit()


def _chunks(items: Iterable[Source | CpError]) -> Iterator[list[Source | CpError]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
