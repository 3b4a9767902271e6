"""Everything a reader sees: words per locale, the view, templates, and the registry of formats."""

from __future__ import annotations

from pathlib import Path

from ..errors import CpError
from ..model import Assessment
from .formats import FORMATS, Format, format_for_suffix

__all__ = ["FORMATS", "Format", "format_for_suffix", "render"]


def render(assessment: Assessment, fmt: str = "md", templates: str | Path | None = None,
           lang: str = "en") -> str | bytes:
    """The assessment in format `fmt` (a key of FORMATS): text, or bytes for binary formats."""
    if fmt not in FORMATS:
        raise CpError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}", field="format")
    return FORMATS[fmt].write(assessment, lang, Path(templates) if templates else None)
