"""The output formats: one entry each (name, file suffixes, text or bytes, writer), read by the CLI and tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..jsonio import to_json
from ..model import Assessment


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]  # the first is the one written
    binary: bool
    write: Callable[[Assessment, str, Path | None], str | bytes]  # (assessment, language, templates)
    description: str
    # the same report in several languages, section by section (None: one language only)
    languages: Callable[[list[tuple[str, Assessment]], Path | None], str | bytes] | None = None


def _templated(name: str) -> Callable[[Assessment, str, Path | None], str]:
    def write(assessment: Assessment, lang: str, templates: Path | None) -> str:
        from .templates import render_template

        return render_template(assessment, name, lang, templates)

    return write


def _pdf(assessment: Assessment, lang: str, templates: Path | None) -> bytes:
    from .pdf import write_pdf  # WeasyPrint takes about a second to import: only for a PDF

    return write_pdf(assessment, lang, templates)


def _pdf_languages(reports: list[tuple[str, Assessment]], templates: Path | None) -> bytes:
    from .pdf import write_pdf_languages

    return write_pdf_languages(reports, templates)


def _side_by_side(name: str) -> Callable[[list[tuple[str, Assessment]], Path | None], str]:
    def write(reports: list[tuple[str, Assessment]], templates: Path | None) -> str:
        from .bilingual import html_side_by_side, markdown_one_after_other
        from .templates import render_template

        texts = [(lang, render_template(a, name, lang, templates)) for lang, a in reports]
        return html_side_by_side(texts) if name == "html" else markdown_one_after_other(texts)

    return write


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", (".md", ".markdown"), False, _templated("md"), "the advisor's report in Markdown",
           _side_by_side("md")),
    Format("html", (".html", ".htm"), False, _templated("html"),
           "a self-contained, printable HTML report", _side_by_side("html")),
    Format("json", (".json",), False, lambda a, lang, templates: to_json(a), "the assessment as data"),
    Format("pdf", (".pdf",), True, _pdf,
           "the HTML report as an A4 PDF to print or hand over (needs WeasyPrint)", _pdf_languages),
)}


def check_languages(fmt: str, langs: list[str] | tuple[str, ...]) -> None:
    """A format given several languages must be able to put them side by side (checked before a
    batch touches its folder, as well as for one report)."""
    if len(langs) > 1 and fmt in FORMATS and FORMATS[fmt].languages is None:
        from ..errors import CpError

        raise CpError(f"a {fmt} report has one language; give one with --lang", field="lang")


def format_for_suffix(suffix: str) -> Format | None:
    suffix = suffix.lower()
    return next((f for f in FORMATS.values() if suffix in f.suffixes), None)
