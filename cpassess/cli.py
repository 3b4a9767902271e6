"""The command line: parse arguments, call the library, print; errors are one line on stderr."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# The command line is a process of its own: it needs no pydantic plugins, and looking for them
# (importlib.metadata over every installed package) costs more than the rest of the start-up.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click  # noqa: E402

from . import __version__  # noqa: E402
from .errors import CpError  # noqa: E402

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
EXIT_PROBLEMS, EXIT_ERROR = 1, 2


def write_whole(path: Path, text: str, inputs: list[Path], overwrite: bool = True) -> None:
    """Write all of `text` or nothing: a temporary file beside the target, then a rename."""
    target = path.resolve()
    if any(target == p.resolve() for p in inputs):
        raise CpError("refusing to overwrite an input file", file=path)
    if not target.parent.is_dir():
        raise CpError("the folder to write into does not exist", file=path)
    if target.is_dir():
        raise CpError("is a folder; give a file name", file=path)
    if not overwrite and target.exists():
        raise CpError("already exists; it may hold answers (use --force to replace it)", file=path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is as readable as any file
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def emit(text: str, output: Path | None, inputs: list[Path], overwrite: bool = True) -> None:
    if output is None:
        click.echo(text, nl=False)
    else:
        write_whole(output, text, inputs, overwrite)


class Cli(click.Group):
    """Turns CpError into `Error: ...` on stderr with exit code 2, and hides tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
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
        from .knowledge import KNOWLEDGE_ENV

        for part in ("sectors", "rules"):
            if not (knowledge / part).is_dir():
                raise CpError(f"is not a knowledge base: it has no {part}/ folder", file=knowledge)
        os.environ[KNOWLEDGE_ENV] = str(knowledge.resolve())


def _sector_option(required: bool) -> Callable[[Any], Any]:
    return click.option("--sector", "-s", required=required, metavar="SECTOR",
                        help="A sector id, as listed by `cpassess sectors`.")


@main.command()
def sectors() -> None:
    """List the sectors, one line each."""
    from .knowledge import load_sector, sector_names

    for name in sector_names():
        sector = load_sector(name)
        click.echo(f"{name:10} {sector.info.name} ({len(sector.rules)} rules incl. common, "
                   f"{len(sector.fields)} questions)")


@main.command()
@click.argument("sector")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file, not stdout.")
@click.option("--force", is_flag=True, help="Replace --output if it exists (it may hold answers).")
def questionnaire(sector: str, output: Path | None, force: bool) -> None:
    """Print a blank, commented questionnaire for SECTOR."""
    from .knowledge import load_sector
    from .questionnaire import blank_questionnaire

    emit(blank_questionnaire(load_sector(sector)), output, [], overwrite=force)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check filled questionnaires: `ok`, or errors naming file, line and field."""
    from .questionnaire import load_plant

    failed = 0
    for path in files:
        try:
            plant = load_plant(path)
        except CpError as exc:
            for problem in exc.all():
                click.echo(f"Error: {problem.one_line(count_others=False)}", err=True)
            failed += 1
            continue
        count = len(plant.answers)
        click.echo(f"{path}: ok ({plant.sector.id}, {count} answer{'s' if count != 1 else ''})")
    if failed:
        sys.exit(EXIT_ERROR)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "html", "json"]),
              help="Report format [default: from the --output file's extension, else md].")
@click.option("--output", "-o", "output_arg", type=click.Path(),
              help="Output file; with several plants (or a name ending in /), an existing folder "
                   "that gets one report each.")
@click.option("--templates", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of templates (report.md.j2, report.html.j2) overriding the shipped ones.")
def assess(files: tuple[Path, ...], fmt: str | None, output_arg: str | None, templates: Path | None) -> None:
    """Assess plants and print or write the advisor's report.

    Several FILES (a city's plants) need --output to be an existing folder. Every questionnaire
    is checked before anything is written (one line per bad file; `validate` lists every problem).
    """
    from .assess import assess as run_assessment
    from .questionnaire import load_plant
    from .report import FORMATS, render

    inputs = list(files)
    output = Path(output_arg) if output_arg else None  # the raw text keeps a trailing /
    to_folder = output is not None and (output.is_dir() or str(output_arg).endswith(("/", os.sep)))
    if output is not None and to_folder and not output.is_dir():
        raise CpError("the folder to write into does not exist", file=output)
    if len(inputs) > 1 and not to_folder:
        raise click.UsageError("several plants need --output to be an existing folder")
    suffix = output.suffix.lstrip(".").lower() if output and not to_folder else ""
    suffix = {"htm": "html", "markdown": "md"}.get(suffix, suffix)
    if suffix in ("yaml", "yml"):
        raise CpError("looks like a questionnaire, not a report: name the report .md, .html or .json",
                      file=output)
    if fmt is None:
        if suffix and suffix not in FORMATS:
            raise CpError(f"cannot tell the format from .{suffix}: name it .md, .html or .json, or give -f",
                          file=output)
        fmt = suffix or "md"
    elif suffix in FORMATS and suffix != fmt:
        raise CpError(f"-f {fmt} would write {fmt} into a .{suffix} file", file=output)
    plants, problems = [], []
    for path in inputs:
        try:
            plants.append(load_plant(path))
        except CpError as exc:
            problems.append(exc)  # one line per bad file, then nothing is written
    if problems:
        for problem in problems[:-1]:
            click.echo(f"Error: {problem.one_line()}", err=True)
        raise problems[-1]
    reports = [render(run_assessment(plant), fmt, templates) for plant in plants]
    if not to_folder:
        emit(reports[0], output, inputs)
        return
    assert output is not None
    names = [f"{path.stem}.{fmt}" for path in inputs]
    clashes = sorted({str(p) for p in inputs if names.count(f"{p.stem}.{fmt}") > 1})
    if clashes:
        raise CpError(f"plants whose reports would have the same name: {', '.join(clashes)}")
    for name, report in zip(names, reports, strict=True):
        write_whole(output / name, report, inputs)
    click.echo(f"wrote {len(names)} report{'s' if len(names) != 1 else ''} to {output}", err=True)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.argument("rule_id")
def explain(file: Path, rule_id: str) -> None:
    """Why rule RULE_ID fired, did not, or could not be decided for the plant in FILE."""
    from .assess import explain as explain_rule
    from .questionnaire import load_plant

    plant = load_plant(file)
    if rule_id not in plant.sector.rules:
        import difflib

        close = difflib.get_close_matches(rule_id.upper(), list(plant.sector.rules), n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise CpError(f"no rule {rule_id!r} in sector {plant.sector.id}{hint}")
    result = explain_rule(plant, rule_id)
    rule = result["rule"]
    measures = ", ".join(f"{m} ({plant.sector.measures[m].title})" for m in rule.recommend)
    click.echo(f"{rule.id}: {rule.title}  [{rule.stage}]")
    click.echo(f"recommends: {measures}")
    unknown = [p.name for p in result["projections"] if p.status_after_cp == "unknown"]
    if not result["outcomes"] and unknown:
        click.echo(f"not evaluated yet: {', '.join(unknown)} not known, so it is open whether any "
                   f"parameter is above its limit after CP")
    elif not result["outcomes"]:
        click.echo("not evaluated: no regulated parameter is above its limit after CP, so no "
                   "end-of-pipe rule applies")
    for outcome in result["outcomes"]:
        verdict = {True: "FIRES", False: "does not fire", None: "UNDECIDED"}[outcome["truth"]]
        prefix = f"{outcome['parameter']}: " if outcome["parameter"] else ""
        click.echo(f"\n{prefix}{verdict}")
        for c in outcome["reason"].conditions:
            mark = {True: "true ", False: "false", None: "?    "}[c.holds]
            cite = f"  [{c.source}, {c.evidence}]" if c.source else ""
            click.echo(f"  {mark} {c.label}: {c.value_display} {c.op} {c.threshold_display}{cite}")
        if outcome["truth"] is True:
            click.echo(f"because: {outcome['reason'].explanation}")
        if outcome["missing"]:
            click.echo("to decide it, answer: " + ", ".join(outcome["missing"]))
    click.echo(f"\nsources: {', '.join(rule.sources) or '–'}   rule file: {rule.file}")


@main.group()
def rules() -> None:
    """Inspect the rules of the knowledge base."""


@rules.command("list")
@_sector_option(required=False)
def rules_list(sector: str | None) -> None:
    """Id, stage, title and CP technique of each rule."""
    from .knowledge import TECHNIQUES, load_sector, sector_names

    seen: set[str] = set()
    for name in [sector] if sector else sector_names():
        kb = load_sector(name)
        for rule in sorted(kb.rules.values(), key=lambda r: r.id):
            if rule.id in seen:
                continue
            seen.add(rule.id)
            technique = TECHNIQUES[kb.measures[rule.recommend[0]].technique][0]
            click.echo(f"{rule.id}  {rule.stage:3}  {rule.title}  [{technique}]")


@main.command()
@click.argument("what", type=click.Choice(["questionnaire", "assessment"]))
@click.argument("sector", required=False)
def schema(what: str, sector: str | None) -> None:
    """Print the JSON schema of a SECTOR's questionnaire, or of the assessment JSON."""
    if what == "assessment" and sector:
        raise click.UsageError("`schema assessment` takes no SECTOR: it is the same for all sectors")
    if what == "assessment":
        from .model import json_schema

        document = json_schema()
    else:
        if not sector:
            raise click.UsageError("`schema questionnaire` needs a SECTOR")
        from .knowledge import load_sector
        from .questionnaire import questionnaire_json_schema

        document = questionnaire_json_schema(load_sector(sector))
    click.echo(json.dumps(document, indent=2, sort_keys=True))


@main.command()
@_sector_option(required=False)
def check(sector: str | None) -> None:
    """Check the knowledge base: every link, every unit, and every rule's cases."""
    from .check import check_knowledge
    from .knowledge import load_sector

    if sector:
        load_sector(sector)  # an unknown sector is bad input, not a problem in the knowledge base
    problems = check_knowledge([sector] if sector else None)
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        sys.exit(EXIT_PROBLEMS)
    click.echo("knowledge base ok")
