"""The report as a plant manager reads it: a first page that says what to do, titles not ids, a plan
to print and fill in, charts, tables with header rows, and a page that fits a phone."""

from __future__ import annotations

import html as markup
import os
import re
import shutil
import subprocess

import pytest
from support import example_files

from cpassess.pipeline import assess
from cpassess.plant import load_plant
from cpassess.report import render

IDS = re.compile(r"\b(?:M-[A-Z]{3}-[A-Z0-9-]+|[A-Z]{3}-\d{3})\b")


@pytest.fixture(scope="module")
def reports():
    out = {}
    for path in example_files():
        a = assess(load_plant(path))
        out[path.stem] = (a, render(a, "md"), render(a, "html"))
    return out


def test_ids_and_field_names_only_in_the_annex(reports):
    for name, (a, markdown, html) in reports.items():
        if not a.recommendations:
            continue
        body, annex = markdown.split("## Annex", 1)
        assert not IDS.findall(body), name
        for r in a.recommendations:
            assert all(measure_id in annex for measure_id in r.measure_ids), name
        for gap in a.data_gaps:
            assert f"{gap.section}.{gap.field}" not in body and f"{gap.section}.{gap.field}" in annex, name
        html_body = re.sub(r'(?:id|href)="[^"]*"', "", html.split('<h2>Annex', 1)[0])
        assert not IDS.findall(re.sub(r"<style>.*?</style>", "", html_body, flags=re.S)), name


def test_the_first_page_says_what_to_do_and_what_to_ask(reports):
    a, markdown, _ = reports["semarang-traditional"]
    summary = markdown.split("## Summary", 1)[1].split("\n## ", 1)[0]
    assert "Main problem" in summary
    for horizon, word in (("do_now", "**Do now:**"), ("plan", "**Plan:**"), ("study", "**Study first:**")):
        if any(r.horizon == horizon for r in a.recommendations):
            assert word in summary
    first = sorted(a.recommendations, key=lambda r: r.rank)[0]
    assert f"{first.title} (#{first.rank})" in summary
    assert "**Ask first on the next visit:** " + a.data_gaps[0].question in summary


def test_the_plan_has_columns_to_fill_in(reports):
    _, markdown, html = reports["semarang-traditional"]
    assert "| Owner | Target date | Status |" in markdown
    assert html.count('<th class="track">') == 3 * html.count('<table class="plan cards">')


def test_every_html_table_has_a_header_row_that_repeats(reports):
    for name, (_, _, html) in reports.items():
        assert html.count("<table") == html.count("<thead>") == html.count("<tbody>"), name
        assert "@media print" in html and "@page" in html


def test_charts_are_inline_svg_and_the_html_stays_self_contained(reports):
    _, _, html = reports["semarang-traditional"]
    assert html.count("<svg") == 2
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html.split("<h2>References", 1)[0])
    a, _, _ = reports["semarang-traditional"]
    assert render(a, "html") == html  # byte-stable


def test_charts_show_each_indicator_with_bands_and_each_limit(reports):
    a, _, html = reports["semarang-traditional"]
    banded = [i for i in a.indicators if i.value is not None and i.best and i.poor]
    limited = [p for p in a.projections if p.limit_max and p.current is not None and p.status_now == "exceeds"]
    chart = html.split("<svg", 2)
    for i in banded:
        assert f"{i.name}: " in chart[1]
    for p in limited:
        assert p.name in chart[2]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _chromium(args, tmp_path):
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CPASSESS_WHEEL"),  # in CI, a missing one fails
                    reason="Chromium is not installed (.ci/run installs it on Debian)")
@pytest.mark.parametrize("width", [400, 1100])
def test_the_page_fits_a_phone_and_a_desktop_without_sideways_scrolling(reports, tmp_path, width):
    # Headless Chromium's window is at least 500 px wide: a phone's 400 px is a frame of that width,
    # whose page (same origin through srcdoc) reports how wide its content is.
    pages = {name: reports[name][2] for name in ("semarang-traditional", "shandong-straw-soda", "tangshan-key-region")}
    pages |= {f"{name}-{lang}": _in_language(name, lang) for name, lang in (
        ("semarang-traditional", "id"), ("shandong-straw-soda", "zh"), ("tangshan-key-region", "zh,en"))}
    for name, report in pages.items():
        page = tmp_path / f"{name}-{width}.html"
        page.write_text(
            f'<!DOCTYPE html><html><body style="margin:0"><iframe id="f" width="{width}" height="900" '
            f'style="border:0" srcdoc="{markup.escape(report, quote=True)}"></iframe><script>'
            "const f = document.getElementById('f'); f.onload = () => document.body.setAttribute("
            "'data-scroll', f.contentDocument.documentElement.scrollWidth);</script></body></html>",
            encoding="utf-8")
        dom = _chromium([f"--window-size={width + 100},1000", "--virtual-time-budget=10000", "--dump-dom",
                         page.as_uri()], tmp_path).stdout
        scroll = re.search(r'data-scroll="(\d+)"', dom)
        assert scroll, dom[-300:]
        assert int(scroll.group(1)) <= width, (name, width, scroll.group(1))
        shot = tmp_path / f"{name}-{width}.png"
        _chromium([f"--window-size={width + 100},2000", "--virtual-time-budget=10000", f"--screenshot={shot}",
                   page.as_uri()], tmp_path)
        assert shot.stat().st_size > 10_000  # a page was drawn, not a blank


def _in_language(stem: str, langs: str) -> str:
    """An example's HTML report in a language, or two side by side ('zh,en')."""
    from cpassess.report import render_languages
    from cpassess.report.output import assessed

    path = next(p for p in example_files() if p.stem == stem)
    report = render_languages(assessed(path, None, langs.split(",")), "html")
    assert isinstance(report, str)
    return report


def _later_visit(tmp_path, actions: str):
    text = next(p for p in example_files("tofu") if p.stem == "semarang-midsize").read_text(encoding="utf-8")
    path = tmp_path / "plant.yaml"
    path.write_text(text + "actions:\n" + actions, encoding="utf-8")
    return path


def test_a_later_visit_fills_owner_target_date_and_status_from_the_plant_file(tmp_path):
    path = _later_visit(tmp_path,
                        "  M-TOF-WHEY-BIOGAS: {owner: Pak Budi, target_date: 2027-03-31, status: in_progress}\n"
                        "  M-TOF-PAN-LIDS: {owner: Bu Sri, status: done}\n")
    a = assess(load_plant(path))
    assert "M-TOF-PAN-LIDS" not in {r.measure_id for r in a.recommendations}  # done: not recommended again
    biogas = next(r for r in a.recommendations if r.measure_id == "M-TOF-WHEY-BIOGAS")
    markdown = render(a, "md")
    row = next(line for line in markdown.splitlines() if line.startswith(f"| {biogas.rank} | "))
    assert row.endswith("| Pak Budi | 2027-03-31 | in progress |")
    lids = a.actions["M-TOF-PAN-LIDS"]["title"]
    assert f"**Acted on since an earlier visit, not recommended this time:** **{lids}** (done)" in markdown
    assert '<table class="plan cards tracked">' in render(a, "html")  # shown on screen too, not only printed
    from cpassess.kb import as_knowledge

    indonesian = render(assess(load_plant(path, as_knowledge(None, "id"))), "md", lang="id")
    assert "| Pak Budi | 31 Maret 2027 | sedang berjalan |" in indonesian


def test_a_first_visit_prints_the_columns_empty_and_hides_them_on_screen(reports):
    a, markdown, html = reports["semarang-midsize"]
    assert not a.actions and '<table class="plan cards">' in html
    assert all(line.endswith("|  |  |  |") for line in markdown.splitlines()
               if re.match(r"\| \d+ \| ", line))


@pytest.mark.parametrize(("actions", "message"), [
    ("  M-TOF-WHEY-BIOGA: {status: done}\n",
     r":\d+: .*no measure 'M-TOF-WHEY-BIOGA' in sector tofu \(did you mean 'M-TOF-WHEY-BIOGAS'"),
    ("  M-TOF-WHEY-BIOGAS: {status: finished}\n",
     r":\d+: actions\.M-TOF-WHEY-BIOGAS\.status: 'finished' is not one of 'planned', 'in_progress'"),
    ("  M-TOF-WHEY-BIOGAS: {owner: Budi, budget: 5}\n", r":\d+: .*budget"),
])
def test_a_wrong_action_is_one_line_naming_line_and_field(tmp_path, cli, actions, message):
    result = cli("validate", _later_visit(tmp_path, actions))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.output
    assert re.search(message, result.stderr), result.stderr
