"""A city's plants assessed: streamed, spread over the cores, each report written whole, a plant whose
input and program have not changed since the last run taken from it, one bad plant never stopping
the others; the summaries folded into the roll-up as they come."""

from __future__ import annotations

import hashlib
import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path

from ..batch.rollup import PlantSummary, Rollup, summarise
from ..batch.sources import Source, sources
from ..errors import CpError
from ..kb import KnowledgeBase, as_knowledge

STATE = ".cpassess-batch"  # in the output folder: each plant's input key and summary, for a rerun
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
             if p.is_file()] if (kb.root / "templates").is_dir() else \
        [p for part in ("sectors", "rules") for p in sorted((kb.root / part).rglob("*")) if p.is_file()]
    return Options(out=str(out), fmt=fmt, langs=tuple(langs), root=str(kb.root),
                   key=fingerprint(files, fmt, ",".join(langs)))


def assess_chunk(chunk: list[Source], options: Options) -> list[PlantSummary]:
    """Assess plants and write their reports: a pure function of its arguments and the files they
    name, so any pool (multiprocessing, Dask, Ray) can run it."""
    return [_one(source, options) for source in chunk]


def _one(source: Source, options: Options) -> PlantSummary:
    label = source.file if source.line is None else f"{source.file}:{source.line}"
    try:
        raw = source.file.encode() + (json.dumps(source.data.data, sort_keys=True, default=str).encode()
                                       if source.data is not None else Path(source.file).read_bytes())
    except OSError as exc:
        return PlantSummary(source=label, error=CpError(f"cannot read: {exc.strerror}", file=source.file).one_line())
    key = hashlib.sha256(options.key.encode() + b"\0" + raw).hexdigest()
    out = Path(options.out)
    state = out / STATE / f"{source.name}.json"
    report = None if options.fmt == "none" else f"{REPORTS}/{source.name}{_suffix(options.fmt)}"
    earlier = _earlier(state, key, out / report if report else None)
    if earlier is not None:
        return earlier
    try:
        summary = _assess(source, options, label, report)
    except CpError as exc:
        return PlantSummary(source=label, error=exc.one_line())
    except Exception as exc:  # noqa: BLE001 - one plant's bug must not stop a city's batch
        return PlantSummary(source=label, error=f"internal error: {type(exc).__name__}: {exc}")
    from .output import write_whole

    write_whole(state, json.dumps({"key": key, "summary": asdict(summary)}, ensure_ascii=False))
    return summary


def _assess(source: Source, options: Options, label: str, report: str | None) -> PlantSummary:
    from ..pipeline import assess
    from ..plant import load_plant, read_plant

    assessed = []
    for lang in options.langs:
        kb = as_knowledge(options.root, lang)
        plant = read_plant(source.data, kb) if source.data is not None else load_plant(source.file, kb)
        assessed.append((lang, assess(plant)))
    if report is not None:
        from . import render_languages
        from .output import write_whole

        write_whole(Path(options.out) / report, render_languages(assessed, options.fmt))
    return summarise(assessed[0][1], label, report)


def _earlier(state: Path, key: str, report: Path | None) -> PlantSummary | None:
    """The summary the last run left for this plant, if its input and the program are the same and
    its report is still there."""
    try:
        kept = json.loads(state.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if kept.get("key") != key or (report is not None and not report.is_file()):
        return None
    try:
        return PlantSummary(**{**kept["summary"], "unchanged": True})
    except TypeError:  # a summary of another version's shape
        return None


def _suffix(fmt: str) -> str:
    from .formats import FORMATS

    return FORMATS[fmt].suffixes[0]


def run_batch(inputs: list[str], out: Path, *, kb: KnowledgeBase, fmt: str = "html", langs: list[str] | None = None,
              sector: str | None = None, workers: int | None = None,
              each: Callable[[PlantSummary], None] | None = None) -> Rollup:
    """Assess every plant of `inputs` into `out` and fold them into a roll-up; `each` sees every
    plant's summary as it comes (the CLI's progress, plants.csv, plants.xlsx)."""
    for folder in (out, out / STATE, out / REPORTS):
        folder.mkdir(exist_ok=True)
    options = options_for(out, fmt, langs or ["en"], kb)
    rollup = Rollup()
    for summary in _summaries(sources(inputs, kb, sector, skip=out), options, workers or os.cpu_count() or 1):
        rollup.add(summary)
        if each is not None:
            each(summary)
    return rollup


def _summaries(items: Iterable[Source | CpError], options: Options, workers: int) -> Iterator[PlantSummary]:
    """Plant by plant, in input order, at most a few chunks ahead of the roll-up (memory stays flat)."""
    chunks = _chunks(items)
    if workers <= 1:
        for chunk in chunks:
            yield from _worked(chunk, assess_chunk([s for s in chunk if isinstance(s, Source)], options))
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for chunk in chunks:
            plants = [s for s in chunk if isinstance(s, Source)]
            pending.append((chunk, pool.submit(assess_chunk, plants, options)))
            if len(pending) >= 4 * workers:
                done, future = pending.popleft()
                yield from _worked(done, future.result())
        while pending:
            done, future = pending.popleft()
            yield from _worked(done, future.result())


def _worked(chunk: list[Source | CpError], summaries: list[PlantSummary]) -> Iterator[PlantSummary]:
    """A chunk's summaries in input order, a source that could not be read as its error."""
    results = iter(summaries)
    for item in chunk:
        yield next(results) if isinstance(item, Source) else PlantSummary(source=str(item.file or ""),
                                                                           error=item.one_line())


def _chunks(items: Iterable[Source | CpError]) -> Iterator[list[Source | CpError]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk
