"""`cpassess batch`: a city's plants assessed on every core, with a roll-up an environment office reads."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ..errors import CpError
from ..report.formats import FORMATS
from .common import kb_of, lang_option


@click.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder to write into (made if missing): index.html, rollup.md, rollup.json, "
                   "plants.csv, plants.xlsx and reports/; the roll-up and the reports in each --lang.")
@click.option("--sector", "-s", metavar="SECTOR", help="The sector of a survey CSV without a `sector` column.")
@click.option("--format", "-f", "fmt", type=click.Choice([*FORMATS, "none"]), default="html", show_default=True,
              help="Each plant's report; none: the roll-up only (fastest).")
@click.option("--workers", "-j", type=click.IntRange(min=1), help="Processes [default: one per core].")
@click.option("--title", help="The roll-up's title [default: the output folder's name].")
@click.option("--pdf", "pdf", is_flag=True, help="Also write the roll-up as rollup.pdf (needs WeasyPrint).")
@lang_option(several=True)
@click.pass_context
def batch(ctx: click.Context, inputs: tuple[str, ...], output: Path, sector: str | None, fmt: str,
          workers: int | None, title: str | None, pdf: bool, langs: list[str]) -> None:
    """Assess every plant of INPUTS: plant files, folders (searched below for plant files and survey
    CSVs), list files (.txt, a path per line), globs ('plants/**/*.yaml', quoted) or survey CSVs (a
    plant per row, a header of questionnaire field ids). Plants are streamed and spread over the
    cores; a file that cannot be assessed is named on stderr and in the roll-up, and the others go on
    (exit 2 at the end). Ctrl-C keeps the plants finished (exit 130). A rerun into the same folder
    takes each plant whose input and program have not changed from the last run. The roll-up ranks
    the plants by how far they exceed their limits and by savings, sums loads, savings and
    investment, counts how many plants each measure fits, finds where a shared facility may pay, and
    reports the data quality."""
    import json

    from ..batch.tables import PlantTables
    from ..kb import as_knowledge
    from ..report.citywide import clear_rollup, run_batch
    from ..report.output import write_whole
    from ..report.rollup import rollup_document
    from ..report.words import words

    if not output.parent.is_dir():
        raise CpError("the folder to write into is in a folder that does not exist", file=output)
    try:
        output.mkdir(exist_ok=True)
    except OSError as exc:  # a read-only place, or /proc
        raise CpError(f"cannot make the folder to write into: {exc.strerror}", file=output) from None
    kb = as_knowledge(kb_of(ctx), langs[0])
    progress = _Progress()
    try:
        with PlantTables(output) as tables:
            def each(summary):  # type: ignore[no-untyped-def]
                tables.add(summary)
                progress.plant(summary)

            rollup = run_batch(list(inputs), output, kb=kb, fmt=fmt, langs=langs, sector=sector, workers=workers,
                               each=each)
        progress.done()
        languages = [(as_knowledge(kb_of(ctx), lang), words(lang)) for lang in langs]
        name = title or output.resolve().name
        write_whole(output / "rollup.json",
                    json.dumps(rollup.as_data(), indent=1, ensure_ascii=False, default=str) + "\n")
        write_whole(output / "index.html", rollup_document(rollup, languages, "html", name))
        write_whole(output / "rollup.md", rollup_document(rollup, languages, "md", name))
        if pdf:
            write_whole(output / "rollup.pdf", rollup_document(rollup, languages, "pdf", name))
    except KeyboardInterrupt:
        progress.done()
        clear_rollup(output)  # the part written is taken away
        click.echo(f"interrupted after {progress.count:,} plants: the same command run again takes those as done "
                   f"and assesses the rest; the roll-up is written when a run completes", err=True)
        ctx.exit(130)
    failed = (f"; {len(rollup.failed)} {'file or row' if len(rollup.failed) == 1 else 'files or rows'} could not be "
              "assessed") if rollup.failed else ""
    plants = "1 plant" if rollup.plants == 1 else f"{rollup.plants:,} plants"
    click.echo(f"assessed {plants} ({rollup.unchanged:,} unchanged since the last run){failed}, "
               f"in {progress.seconds():.1f} s: {output / 'index.html'}", err=True)
    if rollup.failed:
        ctx.exit(2)


class _Progress:
    """A line on a terminal's stderr, redrawn a few times a second; failures each on a line of their own."""

    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.count = self.failed = 0
        self.shown = 0.0
        self.live = sys.stderr.isatty()

    def plant(self, summary) -> None:  # type: ignore[no-untyped-def]
        self.count += 1
        if summary.error is not None:
            self.failed += 1
            self._clear()
            click.echo(f"Error: {summary.error}", err=True)
        now = time.perf_counter()
        if self.live and now - self.shown > 0.25:
            self.shown = now
            rate = self.count / max(now - self.start, 1e-9)
            click.echo(f"\r{self.count:,} plants, {self.failed:,} failed, {rate:,.0f}/s ", err=True, nl=False)

    def _clear(self) -> None:
        if self.live:
            click.echo("\r\033[K", err=True, nl=False)

    def done(self) -> None:
        self._clear()

    def seconds(self) -> float:
        return time.perf_counter() - self.start
