"""Everything a reader sees: words per locale, the view, templates, and the registry of formats."""

from __future__ import annotations

from pathlib import Path

from ..errors import CpError
from ..model import Assessment
from .formats import FORMATS, Format, check_languages, format_for_suffix

__all__ = ["FORMATS", "Format", "format_for_suffix", "render", "render_languages"]


def render(assessment: Assessment, fmt: str = "md", templates: str | Path | None = None,
           lang: str = "en") -> str | bytes:
    """The assessment in format `fmt` (a key of FORMATS): text, or bytes for binary formats."""
    if fmt not in FORMATS:
        raise CpError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="format")
    return FORMATS[fmt].write(assessment, lang, Path(templates) if templates else None)


def render_languages(reports: list[tuple[str, Assessment]], fmt: str = "md",
                     templates: str | Path | None = None) -> str | bytes:
    """One plant's assessments, one per language (each made with the knowledge text in its language),
    as one report: a single language as `render`, several side by side where the format can."""
    if len(reports) == 1:
        lang, assessment = reports[0]
        return render(assessment, fmt, templates, lang)
    if fmt not in FORMATS:
        raise CpError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="format")
    check_languages(fmt, [lang for lang, _ in reports])
    side_by_side = FORMATS[fmt].languages
    assert side_by_side is not None
    return side_by_side(reports, Path(templates) if templates else None)
