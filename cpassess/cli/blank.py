"""`cpassess questionnaire`: a blank questionnaire as commented YAML or as an Excel workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CpError
from .common import complete_sectors, kb_of, lang_option


@click.command()
@click.argument("sector", shell_complete=complete_sectors)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file (- for stdout), not stdout.")
@click.option("--force", is_flag=True, help="Replace --output if it exists (it may hold answers).")
@click.option("--format", "-f", "fmt", type=click.Choice(["yaml", "xlsx"]),
              help="yaml (commented text) or xlsx (an Excel workbook, written to a file only) "
                   "[default: from the --output file's extension, else yaml].")
@lang_option(several=False, what="questions")
@click.pass_context
def questionnaire(ctx: click.Context, sector: str, output: Path | None, force: bool, fmt: str | None,
                  langs: list[str]) -> None:
    """Print a blank, commented questionnaire for SECTOR, or write it as an Excel workbook
    to fill on a tablet or laptop (-o plant.xlsx). Its answers are the same in every language."""
    from ..kb import as_knowledge
    from ..plant.blank import blank_questionnaire
    from ..plant.read import SPREADSHEETS
    from ..report.output import write_whole

    [lang] = langs
    blank = as_knowledge(kb_of(ctx), lang).sector(sector)
    target = output if output is not None and str(output) != "-" else None  # None: standard output
    suffix = target.suffix.lower() if target is not None else ""
    kind = fmt or ("xlsx" if suffix == ".xlsx" else "yaml")
    if kind == "xlsx" and target is None:
        raise CpError("a workbook is not written to standard output or a terminal: give a file, -o plant.xlsx")
    other_sheet = suffix in SPREADSHEETS and suffix != ".xlsx"
    if target is not None and (other_sheet or (suffix == ".xlsx") != (kind == "xlsx")):
        raise CpError(f"a workbook is written as .xlsx, YAML as .yaml: name the file "
                      f"{target.stem}{'.xlsx' if kind == 'xlsx' or other_sheet else '.yaml'}", file=target)
    if kind == "xlsx":
        from ..plant.workbook import blank_workbook

        write_whole(output or Path("-"), blank_workbook(blank, lang), overwrite=force)
        return
    write_whole(output or Path("-"), blank_questionnaire(blank, lang=lang), overwrite=force)
