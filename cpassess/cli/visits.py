"""`cpassess compare`: two visits to one plant side by side, and what became of the measures."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..errors import CpError
from .common import document_format, kb_of, lang_option

FORMATS = ("md", "html", "pdf", "json")


@click.command()
@click.argument("earlier", type=click.Path(path_type=Path))
@click.argument("later", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file (- for stdout), not stdout.")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS),
              help="md, html or pdf: the visits side by side; json: the comparison as data "
                   "[default: from the --output file's extension, else md].")
@lang_option(several=True)
@click.pass_context
def compare(ctx: click.Context, earlier: Path, later: Path, output: Path | None, fmt: str | None,
            langs: list[str]) -> None:
    """Two visits to one plant side by side: answers and indicators that changed, what became of
    each measure (the later file's `actions`: status, date, reason, realised saving and investment,
    against the earlier estimate), measures still open and newly recommended, limits after CP, and
    the questions answered since. A measure rejected for a stated reason whose facts changed since
    is named, to ask again."""
    from ..compare import compare as compare_visits
    from ..kb import as_knowledge
    from ..pipeline import assess
    from ..plant import load_plant
    from ..plant.read import not_one_plant, with_standing_rejections
    from ..report.changes import changes_document
    from ..report.output import write_whole
    from ..report.words import words

    kind = document_format(output, fmt, FORMATS, "followup")
    if len(langs) > 1 and "-" in (str(earlier), str(later)):
        raise CpError("standard input is read once: give the visits as files for a report in several languages")
    languages = []
    for lang in langs:  # each language's assessments carry its knowledge text (titles, names)
        kb = as_knowledge(kb_of(ctx), lang)
        # The visits as given: the later one's earlier visit is the file compared with, whatever its
        # `previous_visit` says (a renamed or mailed file need not be found again).
        first, second = _earlier_visit(earlier, kb), load_plant(later, kb, follow=False)
        differs = not_one_plant(first, second)
        if differs:
            raise CpError(f"the earlier visit {earlier} {differs[0]}: compare two visits to one plant", file=later,
                          field=differs[1])
        second.previous = first if str(earlier) == "-" else with_standing_rejections(first, earlier.resolve(), kb)
        before, after = assess(first), assess(second)
        if lang == langs[0]:
            _in_order(before, after, earlier)
        w = words(lang)
        columns = tuple(w("compare.visit_of", date=w.date(a.plant["visit_date"])) if a.plant.get("visit_date")
                        else path.stem for a, path in ((before, earlier), (after, later)))
        languages.append((compare_visits(before, after), w, (columns[0], columns[1])))
    text = changes_document(languages, str(after.plant.get("name") or later.stem), kind, visits=True)
    write_whole(output or Path("-"), text, frozenset(p.resolve() for p in (earlier, later) if str(p) != "-"))


def _earlier_visit(path: Path, kb: Any) -> Any:
    """The earlier visit assessed as its own report was, with its own earlier visit where that file is
    found; where it is not (a mailed or renamed file), without it."""
    from ..plant import load_plant

    try:
        return load_plant(path, kb)
    except CpError as exc:
        if exc.field != "previous_visit":
            raise
        return load_plant(path, kb, follow=False)


def _in_order(before: Any, after: Any, earlier: Path) -> None:
    """A later file dated before the earlier one is compared as given, with a note."""
    dates = [str(a.plant.get("visit_date") or "") for a in (before, after)]
    if all(dates) and dates[0] > dates[1]:
        click.echo(f"note: {earlier} is the later visit ({dates[0]} after {dates[1]}): the columns read "
                   "right to left", err=True)
