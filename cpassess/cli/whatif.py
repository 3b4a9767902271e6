"""`cpassess whatif`: a plant's assessment with some answers changed, against the one as answered."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CpError
from .common import document_format, kb_of, lang_option


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--set", "settings", multiple=True, required=True, metavar="FIELD=VALUE",
              help="An answer to change (repeat for more); FIELD= with nothing unanswers it.")
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "html", "pdf", "json"]),
              help="md, html or pdf: the two side by side; json: the comparison as data "
                   "[default: from the --output file's extension, else md].")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file (- for stdout), not stdout.")
@lang_option(several=True)
@click.pass_context
def whatif(ctx: click.Context, file: Path, settings: tuple[str, ...], fmt: str, output: Path | None,
           langs: list[str]) -> None:
    """What changes in the recommendations, the limits after CP, the end-of-pipe need and the
    savings if some answers of FILE were different, e.g. `--set whey_destination=biogas`.
    FILE itself is not changed."""
    from ..compare import compare
    from ..kb import as_knowledge
    from ..pipeline import assess
    from ..plant import read_plant
    from ..plant.changed import with_changes
    from ..plant.read import SPREADSHEETS
    from ..report.changes import changes_document
    from ..report.output import write_whole
    from ..report.words import words
    from ..yamlio import load

    if file.suffix.lower() in SPREADSHEETS:
        raise CpError("whatif reads a YAML questionnaire: change the answers of a workbook in a copy and "
                      "assess both", file=file)
    kind = document_format(output, fmt, ("md", "html", "pdf", "json"), "whatif")
    doc = load(file)  # read once: standard input cannot be read again for another language
    languages = []
    for lang in langs:  # each language's assessments carry its knowledge text (titles, names)
        kb = as_knowledge(kb_of(ctx), lang)
        before = assess(read_plant(doc, kb))
        after = assess(with_changes(doc, list(settings), kb))
        w = words(lang)
        languages.append((compare(before, after), w, (w("compare.as_answered"), w("compare.with_changes"))))
    text = changes_document(languages, str(before.plant.get("name") or file.stem), kind)
    write_whole(output or Path("-"), text, frozenset([file.resolve()]) if str(file) != "-" else frozenset())
