"""PDF reports (WeasyPrint): A4 pages, page numbers and running header, the summary on a page of its
own, tables within the page, the same bytes for the same plant, CJK glyphs or a clear error."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
import yaml
from support import data_root

from cpassess.errors import CpError
from cpassess.pipeline import assess
from cpassess.plant import load_plant
from cpassess.report import pdf as pdf_module
from cpassess.report import render
from cpassess.report.words import words

EXAMPLES = data_root() / "sectors"
A4 = (595.28, 841.89)  # points
RIGHT_MARGIN = 14 / 25.4 * 72  # templates/print.css: 14 mm at the sides
HEADER_BOTTOM = A4[1] - 17 / 25.4 * 72  # the running header is in the 17 mm top margin

# One example of each sector, with the pages each takes now (fonts differ between systems, so a range)
PAGES = {
    "tofu/semarang-midsize": (10, 24),
    "cement/java-four-stage": (10, 22),
    "steel/changzhou-eaf-best-practice": (2, 7),  # best practice: nothing to recommend
    "dyeing/majalaya-polyester-jet": (18, 34),
    "pulp/kraft-mill-with-recovery": (6, 14),
}
w = words("en")


class Pdf:
    """A rendered report: its pages, the text of each, and the text in each page's top margin."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.reader = pypdf.PdfReader(io.BytesIO(data))
        self.pages = list(self.reader.pages)
        self.texts: list[str] = []
        self.headers: list[str] = []
        self.rightmost = 0.0  # where the rightmost piece of text starts
        for page in self.pages:
            header: list[str] = []

            def visit(text, cm, tm, font, size, header=header):
                if not text.strip():
                    return
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                self.rightmost = max(self.rightmost, x)
                if y > HEADER_BOTTOM:
                    header.append(text)

            self.texts.append(page.extract_text(visitor_text=visit))
            self.headers.append(" ".join(header))

    def fonts(self) -> set[str]:
        return {str(font.get_object()["/BaseFont"]) for page in self.pages
                for font in page["/Resources"].get("/Font", {}).values()}

    def page_of(self, text: str) -> int:
        """The first page (from 1) whose text holds `text`."""
        return next(i for i, page in enumerate(self.texts, 1) if text in page)


def _render(path: Path) -> Pdf:
    data = render(assess(load_plant(path)), "pdf")
    assert isinstance(data, bytes) and data.startswith(b"%PDF-")
    return Pdf(data)


@pytest.fixture(scope="module")
def examples() -> dict[str, tuple[Path, Pdf]]:
    paths = {name: EXAMPLES / name.split("/")[0] / "examples" / f"{name.split('/')[1]}.yaml" for name in PAGES}
    return {name: (path, _render(path)) for name, path in paths.items()}


@pytest.fixture(scope="module")
def with_checks(tmp_path_factory) -> Pdf:
    """A plant with an answer to check: the summary and the box of answers to check on page 1."""
    text = (EXAMPLES / "steel" / "examples" / "changzhou-eaf-best-practice.yaml").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("checks") / "plant.yaml"  # a price per MWh given per kWh
    path.write_text(text.replace("electricity_price_per_kwh: 0.64", "electricity_price_per_kwh: 640"),
                    encoding="utf-8")
    return _render(path)


@pytest.fixture(scope="module")
def chinese_name(tmp_path_factory) -> tuple[Path, Pdf]:
    data = yaml.safe_load((EXAMPLES / "cement" / "examples" / "saraburi-precalciner-modern.yaml").read_text("utf-8"))
    data["plant"]["name"] = "大连水泥厂"
    path = tmp_path_factory.mktemp("cjk") / "plant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if pdf_module.has_font_for("zh") is False and not os.environ.get("CPASSESS_WHEEL"):  # CI installs one
        pytest.skip("no font with Chinese glyphs (Debian: apt-get install fonts-noto-cjk)")
    return path, _render(path)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_is_a4_with_its_number_and_the_plant_in_the_header(examples, name):
    path, pdf = examples[name]
    count = len(pdf.pages)
    low, high = PAGES[name]
    assert low <= count <= high, f"{name}: {count} pages"
    for page in pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(A4[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4[1], abs=1)
    assert f"1 / {count}" in pdf.texts[0]
    assert f"{count} / {count}" in pdf.texts[-1]
    plant = load_plant(path)
    name_of_plant = str(plant.answers["name"])
    assert all(name_of_plant in header for header in pdf.headers), pdf.headers
    visit = plant.answers.get("visit_date")
    if visit:
        assert all(str(visit) in header for header in pdf.headers)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_summary_has_page_one_and_the_action_plan_starts_the_next(examples, name):
    _, pdf = examples[name]
    assert w("summary.heading") in pdf.texts[0]
    assert w("actions.heading") not in pdf.texts[0]
    assert pdf.page_of(w("actions.heading")) == 2


def test_the_answers_to_check_stay_with_the_summary(with_checks):
    check = w("summary.answers_to_check")
    assert with_checks.page_of(check) == 1
    assert w("actions.heading") not in with_checks.texts[0]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_no_text_starts_beyond_the_right_margin(examples, name):
    """A table wider than the page would push its last columns past the margin (or off the page)."""
    _, pdf = examples[name]
    assert pdf.rightmost < A4[0] - RIGHT_MARGIN, f"{name}: text starts at x={pdf.rightmost:.0f}"


def test_a_long_plan_repeats_its_header_row_on_the_next_page(examples):
    _, pdf = examples["dyeing/majalaya-polyester-jet"]
    header = w.entry("actions.columns")[1]  # "Measure"
    plan = pdf.page_of(w("actions.heading"))
    details = pdf.page_of(w("actions.details"))
    assert details > plan + 1, "the plan of this example spans pages"
    for number in range(plan + 1, details):  # the pages the plan continues on
        assert header in pdf.texts[number - 1], f"page {number} has no header row"


def test_the_same_plant_gives_the_same_bytes(examples):
    path, pdf = examples["steel/changzhou-eaf-best-practice"]
    assert render(assess(load_plant(path)), "pdf") == pdf.data
    assert b"/CreationDate" not in pdf.data and b"/ModDate" not in pdf.data


def test_a_chinese_plant_name_is_drawn_with_a_cjk_font(chinese_name):
    _, pdf = chinese_name
    assert "大连水泥厂" in pdf.texts[0]
    assert all("大连水泥厂" in header for header in pdf.headers)
    assert any(re.search(r"CJK|WenQuanYi|WQY|Source-?Han|Droid-?Sans-?Fallback", font, re.I)
               for font in pdf.fonts()), pdf.fonts()


def test_cjk_text_without_a_font_is_one_line_naming_the_packages(chinese_name, monkeypatch):
    monkeypatch.setattr(pdf_module, "has_font_for", lambda lang: False)
    with pytest.raises(CpError) as raised:
        render(assess(load_plant(chinese_name[0])), "pdf")
    line = raised.value.one_line()
    assert "\n" not in line and "fonts-noto-cjk" in line and "Chinese" in line


def test_the_scripts_that_need_a_cjk_font():
    assert pdf_module.scripts_in("<p>Plain <b>Latin</b> text, 10 m³ · é</p>") == []
    assert [code for code, _ in pdf_module.scripts_in("<h1>大连水泥厂</h1>")] == ["zh"]
    assert [code for code, _ in pdf_module.scripts_in("<p>東京セメント</p>")] == ["zh", "ja"]
    assert [code for code, _ in pdf_module.scripts_in("<p>ひらがな</p>")] == ["ja"]
    assert pdf_module.scripts_in('<p title="大连">tag attributes are no text</p>') == []


def test_a_report_without_cjk_text_asks_for_no_font(monkeypatch):
    def refuse(lang):
        raise AssertionError("asked for a CJK font")

    monkeypatch.setattr(pdf_module, "has_font_for", refuse)
    pdf_module.check_fonts("<html><body><h1>Tahu Sumber Rejeki</h1></body></html>")


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is not installed")
def test_the_fontconfig_library_agrees_with_fc_list():
    """Where fc-list is missing, the library WeasyPrint loads is asked: the same answer."""
    for lang in ("zh", "ja", "en"):
        assert pdf_module._fontconfig_library(lang) == pdf_module._fc_list(lang)


def test_without_weasyprint_the_error_says_how_to_install_it(examples, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint raises ImportError
    path, _ = examples["steel/changzhou-eaf-best-practice"]
    with pytest.raises(CpError, match=r"PDF output needs WeasyPrint: pip install 'cpassess\[pdf\]'"):
        render(assess(load_plant(path)), "pdf")


def test_without_pango_the_error_names_the_system_packages(examples, monkeypatch, capsys):
    class NoPango:
        def find_spec(self, name, path=None, target=None):
            if name == "weasyprint":
                print("a notice WeasyPrint prints")
                raise OSError("cannot load library 'libpango-1.0-0': No such file\nmore")
            return None

    monkeypatch.delitem(sys.modules, "weasyprint")
    monkeypatch.setattr(sys, "meta_path", [NoPango(), *sys.meta_path])
    path, _ = examples["steel/changzhou-eaf-best-practice"]
    with pytest.raises(CpError) as raised:
        render(assess(load_plant(path)), "pdf")
    line = raised.value.one_line()
    assert "libpango-1.0-0" in line and "\n" not in line and "cannot load library" in line
    assert capsys.readouterr().out == ""  # nothing on standard output, where the PDF goes


def test_the_cli_writes_a_pdf_to_a_file_to_stdout_and_into_a_folder(cli, examples, tmp_path):
    path, pdf = examples["steel/changzhou-eaf-best-practice"]
    result = cli("assess", path, "-o", tmp_path / "report.pdf")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "report.pdf").read_bytes() == pdf.data
    result = cli("assess", path, "-f", "pdf", "-o", "-")
    assert result.exit_code == 0 and result.stdout_bytes == pdf.data
    other = EXAMPLES / "tofu" / "examples" / "semarang-good-practice.yaml"
    (tmp_path / "out").mkdir()
    result = cli("assess", path, other, "-o", tmp_path / "out", "-f", "pdf")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["changzhou-eaf-best-practice.pdf", "semarang-good-practice.pdf"]
    assert (tmp_path / "out" / "changzhou-eaf-best-practice.pdf").read_bytes() == pdf.data


def test_markdown_and_html_do_not_import_weasyprint():
    example = EXAMPLES / "tofu" / "examples" / "semarang-good-practice.yaml"
    code = ("import sys; from cpassess.cli import main\n"
            "for fmt in ('md', 'html'):\n"
            "    try: main(['assess', sys.argv[1], '-f', fmt, '-o', '-'])\n"
            "    except SystemExit as exit: assert not exit.code, exit.code\n"
            "print('weasyprint' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(example)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stderr.strip().splitlines()[-1] == "False"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_poppler_draws_the_first_page(examples, tmp_path):
    _, pdf = examples["cement/java-four-stage"]
    (tmp_path / "report.pdf").write_bytes(pdf.data)
    subprocess.run(["pdftoppm", "-r", "20", "-png", "-f", "1", "-l", "1", str(tmp_path / "report.pdf"),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    assert list(tmp_path.glob("page*.png"))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_poppler_reads_the_running_header_and_page_numbers(examples, tmp_path):
    path, pdf = examples["cement/java-four-stage"]
    (tmp_path / "report.pdf").write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    pages = text.split("\f")
    assert str(load_plant(path).answers["name"]) in pages[1]
    assert f"2 / {len(pdf.pages)}" in pages[1]


def test_a_report_in_chinese_and_one_side_by_side_with_english(chinese_name, tmp_path, cli):
    """--lang zh: the Chinese words on page 1 in a CJK font; --lang zh,en: both languages, section
    after section, in one PDF."""
    path, _ = chinese_name
    result = cli("assess", path, "--lang", "zh", "-o", tmp_path / "zh.pdf")
    assert result.exit_code == 0, result.output
    chinese = Pdf((tmp_path / "zh.pdf").read_bytes())
    assert words("zh")("summary.heading") in chinese.texts[0]
    assert any("CJK" in font or "WenQuanYi" in font for font in chinese.fonts())
    result = cli("assess", path, "--lang", "zh,en", "-o", tmp_path / "both.pdf")
    assert result.exit_code == 0, result.output
    both = Pdf((tmp_path / "both.pdf").read_bytes())
    text = "\n".join(both.texts)
    assert words("zh")("actions.heading") in text and w("actions.heading") in text
    assert len(both.pages) > len(chinese.pages)


def test_a_report_in_indonesian(examples, cli, tmp_path):
    path, _ = examples["tofu/semarang-midsize"]
    result = cli("assess", path, "--lang", "id", "-o", tmp_path / "id.pdf")
    assert result.exit_code == 0, result.output
    indonesian = Pdf((tmp_path / "id.pdf").read_bytes())
    assert words("id")("summary.heading") in indonesian.texts[0]
    assert words("id")("actions.heading") in indonesian.texts[1]
    assert "[EN]" not in "".join(indonesian.texts)
