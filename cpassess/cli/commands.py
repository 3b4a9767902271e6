"""The commands: parse arguments, call the library, print; every error is one line on stderr."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import CpError, CpErrors
from ..report.formats import FORMATS
from .common import complete_rules, complete_sectors, kb_of, lang_option

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_PROBLEMS, EXIT_ERROR = 1, 2


class Cli(click.Group):
    """Turns CpError into `Error: ...` on stderr with exit code 2, and hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CpErrors as exc:
            for problem in exc.problems:
                click.echo(f"Error: {problem.one_line()}", err=True)
            ctx.exit(EXIT_ERROR)
        except CpError as exc:
            click.echo(f"Error: {exc.one_line()}", err=True)
            ctx.exit(EXIT_ERROR)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except BrokenPipeError:  # `cpassess assess x.yaml | head`: the reader left, which is fine
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - keeps the exit-time flush quiet
            ctx.exit(0)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                       f"(run with --debug for the traceback)", err=True)
            ctx.exit(3)


@click.group(cls=Cli, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="cpassess")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.option("--knowledge", envvar="CPASSESS_KNOWLEDGE", metavar="DIR",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Use the knowledge base in DIR (with sectors/ and rules/) instead of the shipped "
                   "one [env: CPASSESS_KNOWLEDGE].")
@click.pass_context
def main(ctx: click.Context, debug: bool, knowledge: Path | None) -> None:
    """Cleaner Production plant assessment: recommend CP measures before end-of-pipe.

    Fill in a sector questionnaire during a walk-through, then `cpassess assess plant.yaml`
    for the advisor's report. Exit codes: 0 ok, 1 problems found (check), 2 bad input,
    3 internal error (a bug: please report it with the --debug output).
    """
    ctx.obj = {"debug": debug}
    if knowledge is not None:
        kb_of(ctx)  # checked now: a folder that is no knowledge base is a clear error


def _sector_option(required: bool) -> Callable[[Any], Any]:
    return click.option("--sector", "-s", required=required, metavar="SECTOR", shell_complete=complete_sectors,
                        help="A sector id, as listed by `cpassess sectors`.")


@main.command()
@click.pass_context
def sectors(ctx: click.Context) -> None:
    """List the sectors, one line each."""
    for sector in kb_of(ctx).sectors():
        name = sector.id
        click.echo(f"{name:10} {sector.info.name} ({len(sector.rules)} rules incl. common, "
                   f"{len(sector.fields)} questions)")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def validate(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """Check filled questionnaires (- reads stdin): `ok`, or errors naming file, line and field."""
    from ..plant import load_plant

    failed = 0
    for path in files:
        try:
            plant = load_plant(path, kb_of(ctx))
        except CpError as exc:
            for problem in exc.all():
                click.echo(f"Error: {problem.one_line(count_others=False)}", err=True)
            failed += 1
            continue
        count = len(plant.answers)
        click.echo(f"{path}: ok ({plant.sector.id}, {count} answer{'s' if count != 1 else ''})")
    if failed:
        sys.exit(EXIT_ERROR)


def _suffixes() -> str:
    names = [f.suffixes[0] for f in FORMATS.values()]
    return ", ".join(names[:-1]) + f" or {names[-1]}"


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(list(FORMATS)),
              help="Report format [default: from the --output file's extension, else md].")
@click.option("--output", "-o", "output_arg", type=click.Path(),
              help="Output file (- for stdout); with several plants (or a name ending in /), an existing "
                   "folder that gets one report each.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates (report.md.j2, report.html.j2) overriding the shipped ones.")
@lang_option(several=True)
@click.pass_context
def assess(ctx: click.Context, files: tuple[Path, ...], fmt: str | None, output_arg: str | None,
           templates: Path | None, langs: list[str]) -> None:
    """Assess plants (- reads one from stdin) and print or write the advisor's report.

    Several FILES (a city's plants) need --output to be an existing folder. A bad questionnaire
    never stops the good ones: their reports are written and each bad file gets one line (exit 2;
    `validate` lists every problem). A run that is interrupted is reported by the next run into
    the same folder.
    """
    from ..report import format_for_suffix, render_languages
    from ..report.output import assessed, unfinished, write_reports, write_whole

    inputs = list(files)
    output = Path(output_arg) if output_arg else None  # the raw text keeps a trailing /
    to_folder = output is not None and output_arg != "-" and (
        output.is_dir() or str(output_arg).endswith(("/", os.sep)))
    if len(inputs) > 1 and not to_folder:
        raise click.UsageError("several plants need --output to be an existing folder")
    suffix = output.suffix.lower() if output is not None and not to_folder else ""  # `-` has none
    if suffix in (".yaml", ".yml"):
        raise CpError(f"looks like a questionnaire, not a report: name the report {_suffixes()}",
                      file=output)
    by_suffix = format_for_suffix(suffix) if suffix else None
    if fmt is None:
        if suffix and by_suffix is None:
            raise CpError(f"cannot tell the format from {suffix}: name it {_suffixes()}, or give -f",
                          file=output)
        fmt = by_suffix.name if by_suffix else "md"
    elif by_suffix is not None and by_suffix.name != fmt:
        raise CpError(f"-f {fmt} would write {fmt} into a {suffix} file", file=output)
    if to_folder:
        assert output is not None
        missing = unfinished(output) if output.is_dir() else []
        if missing:
            click.echo(f"note: an earlier run into {output} stopped before writing {len(missing)} report"
                       f"{'s' if len(missing) != 1 else ''}: {', '.join(missing)}", err=True)
        written = 0
        try:
            for _ in write_reports(inputs, output, fmt, kb=kb_of(ctx), templates=templates, langs=langs):
                written += 1
        finally:
            click.echo(f"wrote {written} report{'s' if written != 1 else ''} to {output}", err=True)
        return
    report = render_languages(assessed(inputs[0], kb_of(ctx), langs), fmt, templates)
    write_whole(output or Path("-"), report,
                frozenset(p.resolve() for p in inputs if str(p) != "-"))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("rule_id", shell_complete=complete_rules)
@click.pass_context
def explain(ctx: click.Context, file: Path, rule_id: str) -> None:
    """Why rule RULE_ID fired, did not, or could not be decided for the plant in FILE."""
    from ..pipeline import explain as explain_rule
    from ..plant import load_plant
    from ..report.measures import condition_label
    from ..report.numbers import shown
    from ..report.words import words

    w = words()
    plant = load_plant(file, kb_of(ctx))
    if rule_id not in plant.sector.rules:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), list(plant.sector.rules), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise CpError(f"no rule {rule_id!r} in sector {plant.sector.id}{hint}")
    result = explain_rule(plant, rule_id)
    rule = result.rule
    measures = ", ".join(f"{m} ({plant.sector.measures[m].title})" for m in rule.recommend)
    click.echo(f"{rule.id}: {rule.title}  [{rule.stage}]")
    click.echo(f"recommends: {measures}")
    unknown = [p.name for p in result.projections if p.status_after_cp == "unknown"]
    if not result.outcomes and unknown:
        click.echo(f"not evaluated yet: {', '.join(unknown)} not known, so it is open whether any "
                   f"parameter is above its limit after CP")
    elif not result.outcomes:
        click.echo("not evaluated: no regulated parameter is above its limit after CP, so no "
                   "end-of-pipe rule applies")
    from ..report.measures import because

    for outcome in result.outcomes:
        verdict = {True: "FIRES", False: "does not fire", None: "UNDECIDED"}[outcome.truth]
        prefix = f"{outcome.parameter}: " if outcome.parameter else ""
        click.echo(f"\n{prefix}{verdict}")
        for c in outcome.reason.conditions:
            mark = {True: "true ", False: "false", None: "?    "}[c.holds]
            cite = f"  [{c.source}, {c.evidence}]" if c.source else ""
            threshold = ", ".join(shown(t, w) for t in c.threshold)
            click.echo(f"  {mark} {condition_label(c, w)}: {shown(c.value, w)} {w(f'op.{c.op}')} {threshold}{cite}")
        if outcome.truth is True:
            click.echo(f"because: {because(outcome.reason, w)}")
        if outcome.likely:
            click.echo("LIKELY where the plant does what plants like it typically do:")
            for a in outcome.likely:
                click.echo(f"  {a.label}: {shown(a.value, w)}  [{a.source}, {a.evidence}]")
        if outcome.missing:
            click.echo("to decide it, answer: " + ", ".join(outcome.missing))
    click.echo(f"\nsources: {', '.join(rule.sources) or '–'}   rule file: {rule.file}")


@main.group()
def rules() -> None:
    """Inspect the rules of the knowledge base."""


@rules.command("list")
@_sector_option(required=False)
@click.pass_context
def rules_list(ctx: click.Context, sector: str | None) -> None:
    """Id, stage, title and CP technique of each rule."""
    from ..report.words import words

    kb = kb_of(ctx)
    rules = kb.sector(sector).rules if sector else kb.rules()
    for rule in sorted(rules.values(), key=lambda r: r.id):
        owner = kb.sector(sector) if sector else kb.sector_of_rule(rule.id)
        assert owner is not None
        technique = words()(f"techniques.{owner.measures[rule.recommend[0]].technique}")
        click.echo(f"{rule.id}  {rule.stage:3}  {rule.title}  [{technique}]")


@main.command()
@click.argument("what", type=click.Choice(["questionnaire", "assessment"]))
@click.argument("sector", required=False, shell_complete=complete_sectors)
@click.pass_context
def schema(ctx: click.Context, what: str, sector: str | None) -> None:
    """Print the JSON schema of a SECTOR's questionnaire, or of the assessment JSON."""
    if what == "assessment" and sector:
        raise click.UsageError("`schema assessment` takes no SECTOR: it is the same for all sectors")
    if what == "assessment":
        from ..jsonio import json_schema

        document = json_schema()
    else:
        if not sector:
            raise click.UsageError("`schema questionnaire` needs a SECTOR")
        from ..plant.schema import questionnaire_json_schema

        document = questionnaire_json_schema(kb_of(ctx).sector(sector))
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@main.command()
@_sector_option(required=False)
@click.pass_context
def check(ctx: click.Context, sector: str | None) -> None:
    """Check the knowledge base: every link, every unit, and every rule's cases."""
    from ..check import check_knowledge

    kb = kb_of(ctx)
    if sector and sector not in kb.sector_ids:
        kb.sector(sector)  # an unknown sector is bad input, not a problem in the knowledge base
    problems = check_knowledge([sector] if sector else None, kb)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(EXIT_PROBLEMS)
    click.echo("knowledge base ok")
    from .languages import coverage

    for line in coverage(kb.root, ["common", *([sector] if sector else kb.sector_ids)]):
        click.echo(f"translated: {line}")

