"""`cpassess translations`: how much of the knowledge text is translated, and what is left to do."""

from __future__ import annotations

from pathlib import Path

import click

from .common import complete_sectors, kb_of


@click.command()
@click.argument("folder", required=False, metavar="[SECTOR]", shell_complete=complete_sectors)
@click.argument("lang", required=False)
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write to a file (- for stdout), not stdout.")
@click.pass_context
def translations(ctx: click.Context, folder: str | None, lang: str | None, output: Path | None) -> None:
    """How much of the knowledge text is translated, per language and sector; with SECTOR (or
    `common`) and LANG, the untranslated texts as entries to fill in and add to
    sectors/SECTOR/translations/LANG.yaml."""
    from ..kb.translate import blank_entries, untranslated
    from ..report.output import write_whole

    root = kb_of(ctx).root
    folders = ["common", *kb_of(ctx).sector_ids]
    if folder is None or lang is None:
        for line in coverage(root, folders) or ["no translations yet: `cpassess translations SECTOR LANG` "
                                                "lists what to translate"]:
            click.echo(line)
        return
    if folder not in folders:
        kb_of(ctx).sector(folder)  # the error names the known sectors
    missing, total = untranslated(root, folder, lang)
    head = (f"# {folder}: {len(missing)} of {total} texts not yet in {lang!r}. Fill in `{lang}:` (keep every "
            "{placeholder}); an empty one keeps the English, marked [EN].\n")
    write_whole(output or Path("-"), head + blank_entries(missing, lang))


def coverage(root: Path, folders: list[str]) -> list[str]:
    """One line per language: how many report words and knowledge texts per folder are translated."""
    from ..kb.translate import languages, untranslated
    from ..report.words import locale_coverage, report_languages

    lines = []
    for code in sorted(set(languages(root)) | set(report_languages()) - {"en"}):
        counts = []
        for name in folders:
            missing, total = untranslated(root, name, code)
            counts.append(f"{name} {total - len(missing)}/{total}")
        lines.append(f"{code}: report words {locale_coverage(code)}; knowledge text: {', '.join(counts)}")
    return lines
