"""The HTML report as a PDF (WeasyPrint): A4, page numbers and running header from templates/print.css.

WeasyPrint is imported here only, so the other formats start as fast as before."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import io
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..model import Assessment

# Scripts that need a font of their own, each with the fontconfig language whose font covers it.
# Han first: Japanese text mixes kanji and kana, and the kana are what make it need a Japanese font.
_SCRIPTS = (
    ("zh", "Chinese", re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")),
    ("ja", "Japanese", re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("ko", "Korean", re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
)
CJK_PACKAGES = "fonts-noto-cjk or fonts-wqy-microhei"  # Debian and Ubuntu package names
_TAG = re.compile(r"<[^>]*>")


def write_pdf(assessment: Assessment, lang: str, templates: Path | None) -> bytes:
    """The report of `assessment` in `lang` as PDF bytes; the same input gives the same bytes."""
    from .templates import render_template

    html = render_template(assessment, "html", lang, templates)
    return html_to_pdf(html, templates)


def write_pdf_languages(reports: list[tuple[str, Assessment]], templates: Path | None) -> bytes:
    """One plant's report in several languages (one assessment each), section after section."""
    from .bilingual import html_side_by_side
    from .templates import render_template

    texts = [(lang, render_template(a, "html", lang, templates)) for lang, a in reports]
    return html_to_pdf(html_side_by_side(texts), templates)


def html_to_pdf(html: str, templates: Path | None = None) -> bytes:
    weasyprint = _weasyprint()
    check_fonts(html)
    if templates is None:
        from ..kb.files import package_root

        templates = package_root() / "templates"
    # base_url: a user's template may name a picture or stylesheet beside it
    document = weasyprint.HTML(string=html, base_url=str(Path(templates).resolve()) + "/")
    # No dates are written unless the HTML names them (it does not), and the file identifier is a
    # hash of the content (pdf_identifier=True), so the same report gives the same bytes.
    data: bytes = document.write_pdf(pdf_identifier=True)
    return data


def _weasyprint() -> Any:
    try:
        # A library missing, WeasyPrint prints a notice to standard output, where the PDF may be going
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except ImportError:
        raise CpError("PDF output needs WeasyPrint: pip install 'cpassess[pdf]'") from None
    except OSError as exc:  # WeasyPrint loads Pango, HarfBuzz and fontconfig when imported
        raise CpError("PDF output needs the Pango library that WeasyPrint uses (Debian and Ubuntu: "
                      f"apt-get install libpango-1.0-0 libpangoft2-1.0-0): {_first_line(exc)}") from None
    return weasyprint


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def scripts_in(html: str) -> list[tuple[str, str]]:
    """(fontconfig language, name) of each CJK script in the text of `html` (its tags left out)."""
    text = _TAG.sub(" ", html)
    return [(code, name) for code, name, pattern in _SCRIPTS if pattern.search(text)]


def check_fonts(html: str) -> None:
    """Refuse, in one line, a report with CJK text and no font on this system that has its glyphs:
    WeasyPrint would draw each character as an empty box."""
    for code, name in scripts_in(html):
        if has_font_for(code) is False:
            raise CpError(f"the report holds {name} text and no font for it is installed: install "
                          f"{CJK_PACKAGES} (Debian and Ubuntu), or a Noto Sans CJK font")


@functools.cache
def has_font_for(lang: str) -> bool | None:
    """Whether a font covering language `lang` (fontconfig's code: zh, ja, ko) is installed; None if
    this cannot be told.

    WeasyPrint lays out text with Pango on fontconfig, on every system it runs on, so fontconfig's
    answer is the one that counts: a font fontconfig lists for `:lang=zh` covers its whole Chinese
    orthography (thousands of characters), which a Latin font with a few stray CJK glyphs does not.
    `fc-list` asks it from the command line; where fontconfig's utilities are not installed (on
    Debian the `fontconfig` package, which WeasyPrint's library does not pull in), the library
    WeasyPrint itself loads is asked directly. Only when neither can be asked is the answer None,
    and the report is made: refusing every CJK report on such a system would be worse than a rare
    box, and a system that runs WeasyPrint has the library."""
    listed = _fc_list(lang)
    return listed if listed is not None else _fontconfig_library(lang)


def _fc_list(lang: str) -> bool | None:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        done = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True,
                              timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return bool(done.stdout.strip()) if done.returncode == 0 else None


class _FcFontSet(ctypes.Structure):
    _fields_ = [("nfont", ctypes.c_int), ("sfont", ctypes.c_int), ("fonts", ctypes.c_void_p)]


def _fontconfig_library(lang: str) -> bool | None:
    names = [ctypes.util.find_library("fontconfig"), "libfontconfig.so.1", "libfontconfig.1.dylib",
             "libfontconfig-1.dll"]
    for name in filter(None, names):
        try:
            fc = ctypes.CDLL(name)
        except OSError:
            continue
        try:
            fc.FcNameParse.restype = ctypes.c_void_p
            fc.FcNameParse.argtypes = [ctypes.c_char_p]
            fc.FcObjectSetCreate.restype = ctypes.c_void_p
            fc.FcObjectSetAdd.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
            fc.FcFontList.restype = ctypes.POINTER(_FcFontSet)
            fc.FcFontList.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
            fc.FcFontSetDestroy.argtypes = [ctypes.POINTER(_FcFontSet)]
            fc.FcPatternDestroy.argtypes = [ctypes.c_void_p]
            fc.FcObjectSetDestroy.argtypes = [ctypes.c_void_p]
            pattern = fc.FcNameParse(f":lang={lang}".encode())
            if not pattern:  # a NULL pattern would list every font
                return None
            objects = fc.FcObjectSetCreate()
            fc.FcObjectSetAdd(objects, b"family")
            fonts = fc.FcFontList(None, pattern, objects)  # None: the default configuration
            count = fonts.contents.nfont if fonts else 0
            if fonts:
                fc.FcFontSetDestroy(fonts)
            fc.FcObjectSetDestroy(objects)
            fc.FcPatternDestroy(pattern)
        except (AttributeError, OSError, ValueError):
            return None
        return count > 0
    return None
