"""`cpassess cases`, `cpassess case handout|answer|proposal` and `cpassess grade`: trainer mode."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import CpError, CpErrors
from .common import document_format, kb_of, lang_option

if TYPE_CHECKING:
    from ..kb import KnowledgeBase
    from ..kb.cases import Case

DOCUMENTS = ("md", "html", "pdf")
QUESTIONNAIRES = ("yaml", "xlsx")


def _complete_cases(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    from ..kb.cases import case_folders

    try:
        return [c for c in case_folders(kb_of(ctx).root) if c.startswith(incomplete)]
    except CpError:
        return []


def _case_argument() -> Any:
    return click.argument("case_id", metavar="CASE", shell_complete=_complete_cases)


def _output() -> Any:
    return click.option("--output", "-o", type=click.Path(path_type=Path),
                        help="Write to a file (- for stdout), not stdout.")


def _format(choices: tuple[str, ...]) -> Any:
    return click.option("--format", "-f", "fmt", type=click.Choice(choices),
                        help="[default: from the --output file's extension, else md]")


def _open(ctx: click.Context, case_id: str, lang: str) -> tuple[KnowledgeBase, Case]:
    from ..kb import as_knowledge
    from ..kb.cases import load_case

    kb = as_knowledge(kb_of(ctx), lang)
    return kb, load_case(kb.root, case_id, lang)


@click.command()
@click.option("--sector", "-s", metavar="SECTOR", help="Only the cases of one sector.")
@lang_option(several=False, what="titles")
@click.pass_context
def cases(ctx: click.Context, sector: str | None, langs: list[str]) -> None:
    """List the training cases: id, sector, level, the plant's language and title."""
    from ..kb.cases import case_folders, read_case

    [lang] = langs
    root = kb_of(ctx).root
    for case_id, folder in case_folders(root).items():
        if sector and folder.parent.parent.name != sector:
            continue
        case = read_case(folder, lang)
        click.echo(f"{case_id:28} {case.sector:8} {case.text.level:13} {case.text.language:3} {case.text.title}")


@click.group()
def case() -> None:
    """A training case: the trainee's handout, the model answer, a blank proposal."""


@case.command()
@_case_argument()
@_output()
@_format(DOCUMENTS + QUESTIONNAIRES)
@click.option("--force", is_flag=True, help="Replace a questionnaire (.yaml, .xlsx) --output that exists.")
@lang_option(several=False, what="handout")
@click.pass_context
def handout(ctx: click.Context, case_id: str, output: Path | None, fmt: str | None, force: bool,
            langs: list[str]) -> None:
    """The brief a trainee gets: the story, the walk-through, the manager's words, the bills, the lab
    sheet, the prices and the questionnaire, with no answers and no hints (.md, .html, .pdf);
    -o trainee.yaml writes the questionnaire to fill in, with the handout's answers in it (-o
    trainee.xlsx: as a blank Excel workbook)."""
    from ..pipeline import assess
    from ..plant import load_plant
    from ..plant.blank import blank_questionnaire
    from ..report.cases import handout as handout_document
    from ..report.output import write_whole
    from ..report.words import words
    from ..yamlio import load

    [lang] = langs
    kb, the_case = _open(ctx, case_id, lang)
    sector = kb.sector(the_case.sector)
    kind = document_format(output, fmt, DOCUMENTS + QUESTIONNAIRES, "handout")
    if kind == "xlsx":  # the workbook to fill on a laptop: blank, the trainee types the plant's name
        from ..plant.workbook import blank_workbook

        if output is None or str(output) == "-":
            raise CpError("a workbook is not written to standard output: give a file, -o trainee.xlsx")
        write_whole(output, blank_workbook(sector, lang), overwrite=force)
        return
    if kind == "yaml":
        model = load(the_case.model).data
        given = {key: section[key] for section in model.values() if isinstance(section, dict)
                 for key in the_case.text.given if key in section}
        header = f"# Case {the_case.id}: {the_case.text.title}\n"
        write_whole(output or Path("-"), header + blank_questionnaire(sector, given, lang), overwrite=force)
        return
    model_assessment = assess(load_plant(the_case.model, kb))
    write_whole(output or Path("-"), handout_document(the_case, sector, model_assessment, kind, words(lang)))


@case.command()
@_case_argument()
@_output()
@_format(DOCUMENTS)
@lang_option(several=False, what="model answer")
@click.pass_context
def answer(ctx: click.Context, case_id: str, output: Path | None, fmt: str | None, langs: list[str]) -> None:
    """The model answer for the trainer: the discussion written for the case (why one measure comes
    before another, why end-of-pipe is or is not needed, the common wrong answers and what they
    cost), then the model assessment's full report."""
    from ..report import render
    from ..report.cases import answer_document
    from ..report.output import write_whole
    from ..report.templates import render_template
    from ..report.words import words
    from ..trainer import model_answer

    [lang] = langs
    kb, the_case = _open(ctx, case_id, lang)
    kind = document_format(output, fmt, DOCUMENTS, "answer")
    model = model_answer(the_case, kb)

    def report(fmt_name: str, preface: str) -> str | bytes:
        if fmt_name == "md":
            return render(model.assessment, "md", lang=lang)
        html = render_template(model.assessment, "html", lang, preface=preface)
        if fmt_name == "pdf":
            from ..report.pdf import html_to_pdf

            return html_to_pdf(html)
        return html

    text = answer_document(the_case, model, kb.sector(the_case.sector), kind, words(lang), report)
    write_whole(output or Path("-"), text)


@case.command()
@_case_argument()
@_output()
@click.option("--force", is_flag=True, help="Replace --output if it exists (it may hold a proposal).")
@lang_option(several=False, what="measure titles")
@click.pass_context
def proposal(ctx: click.Context, case_id: str, output: Path | None, force: bool, langs: list[str]) -> None:
    """A blank proposal for a trainee to fill in: the measures they propose, the most important
    first, and the end-of-pipe treatment they would add; the sector's measures are listed in it."""
    from ..report.output import write_whole
    from ..trainer import blank_proposal

    [lang] = langs
    kb, the_case = _open(ctx, case_id, lang)
    write_whole(output or Path("-"), blank_proposal(the_case, kb.sector(the_case.sector), lang), overwrite=force)


@click.command()
@_case_argument()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_output()
@_format(DOCUMENTS)
@lang_option(several=False, what="grade")
@click.pass_context
def grade(ctx: click.Context, case_id: str, files: tuple[Path, ...], output: Path | None, fmt: str | None,
          langs: list[str]) -> None:
    """Grade what trainees handed in for CASE: each FILE a questionnaire filled in from the handout,
    a `proposal:` section (`cpassess case proposal`), or both (docs/cases.md has the rubric). One file
    gives its grade; several give a class summary: scores, the measures most missed, the errors most
    made. A file that cannot be read is named and the others are graded (exit 2)."""
    from ..report.cases import class_document, grade_document
    from ..report.output import write_whole
    from ..report.words import words
    from ..trainer import ClassSummary, model_answer, read_work
    from ..trainer import grade as grade_work

    [lang] = langs
    kb, the_case = _open(ctx, case_id, lang)
    kind = document_format(output, fmt, DOCUMENTS, "grade")
    sector = kb.sector(the_case.sector)
    model = model_answer(the_case, kb)
    protected = frozenset(p.resolve() for p in files)
    if len(files) == 1:
        done = grade_work(model, read_work(files[0], the_case, kb), kb)
        write_whole(output or Path("-"), grade_document(done, model, sector, kind, words(lang)), protected)
        return
    summary = ClassSummary(case_id=the_case.id, grades=[])
    for path in files:
        try:
            summary.grades.append(grade_work(model, read_work(path, the_case, kb), kb))
        except CpError as exc:
            summary.problems.append(exc)
    write_whole(output or Path("-"), class_document(summary, model, sector, kind, words(lang)), protected)
    if summary.problems:
        raise CpErrors(summary.problems)
