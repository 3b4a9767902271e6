"""What the commands share: the knowledge base of this run, completion, the --lang option."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import CpError

if TYPE_CHECKING:
    from ..kb import KnowledgeBase


def kb_of(ctx: click.Context) -> KnowledgeBase:
    """The knowledge base this run uses (--knowledge, or the shipped one); also while completing,
    when the main command has not run."""
    from ..kb import as_knowledge

    return as_knowledge(ctx.find_root().params.get("knowledge"))


def complete_sectors(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        return [s for s in kb_of(ctx).sector_ids if s.startswith(incomplete)]
    except CpError:
        return []


def complete_rules(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
    try:
        return [r for r in kb_of(ctx).rules() if r.startswith(incomplete.upper())]
    except CpError:
        return []


def lang_option(several: bool, what: str = "report") -> Callable[[Any], Any]:
    def languages(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
        from ..report.words import words

        codes = [code.strip() for code in value.split(",") if code.strip()] or ["en"]
        if len(codes) > 1 and not several:
            raise click.BadParameter("one language here")
        for code in codes:
            try:
                words(code)
            except CpError as exc:
                raise click.BadParameter(exc.message) from None
        return codes

    text = f"Language of the {what}: en, id (Bahasa Indonesia), zh (Chinese)" + (
        "; two with a comma (zh,en) put them side by side." if several else ".")
    return click.option("--lang", "langs", default="en", show_default=True, callback=languages, help=text)


def document_format(output: Path | None, fmt: str | None, allowed: tuple[str, ...], example: str) -> str:
    """The format of a document other than a report: --format, else the output's suffix (the report
    formats' own, .htm and .markdown too), else Markdown. A suffix of none of `allowed`, or a PDF to
    standard output, is refused in one line naming an example file."""
    from ..report.formats import format_for_suffix

    suffix = output.suffix.lower() if output is not None and str(output) != "-" else ""
    kind = fmt
    if kind is None:
        by_suffix = format_for_suffix(suffix) if suffix else None
        kind = by_suffix.name if by_suffix else suffix[1:] or "md"
        if kind not in allowed:
            raise CpError(f"cannot tell the format from {suffix}: name it .{', .'.join(allowed)}, or give -f",
                          file=output)
    if kind == "pdf" and (output is None or str(output) == "-"):
        raise CpError(f"a PDF is not written to standard output or a terminal: give a file, -o {example}.pdf")
    return kind
