"""Reports in the plant's language: knowledge text translated as it is read, report words per locale,
numbers as the language writes them, a visible English fallback, and two languages side by side."""

from __future__ import annotations

import json
import re

import pytest
from support import example_files

import cpassess.kb.sector as sector_module
from cpassess.errors import CpError
from cpassess.jsonio import to_json
from cpassess.kb import KnowledgeBase
from cpassess.kb.files import package_root
from cpassess.kb.translate import FALLBACK_MARK, load_table, text_keys, texts, translatable, untranslated
from cpassess.pipeline import assess
from cpassess.plant import load_plant
from cpassess.report import render, render_languages
from cpassess.report.bilingual import html_side_by_side
from cpassess.report.words import Words, locale_coverage, report_languages, style
from cpassess.text import fmt, number_style, number_text
from cpassess.yamlio import load

WRAP = re.compile(r"⟪([^⟪⟫]*)⟫")  # innermost first: a text may name another (a measure's title)


class Pseudo(dict):
    """A 'language' in which every text is the English wrapped in ⟪⟫: what is not wrapped escaped."""

    def get(self, key, default=None):
        return f"⟪{key}⟫"


@pytest.fixture(scope="module")
def pseudo():
    """The shipped knowledge base in the pseudo-language `qps`; every other language is as shipped
    (the fixture lives for the module: its other tests load id and zh), and nothing of it reaches
    the disk cache."""
    from cpassess.cache import cache_dir

    real = sector_module.load_table
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CPASSESS_CACHE", "off")
        cache_dir.cache_clear()
        patch.setattr(sector_module, "load_table",
                      lambda folders, lang: Pseudo() if lang == "qps" else real(folders, lang))
        yield KnowledgeBase(None, "qps")
    cache_dir.cache_clear()


def _unwrapped(text: str, keep: str = r"\1") -> str:
    while WRAP.search(text):
        text = WRAP.sub(keep, text)
    return text


def _knowledge_texts() -> set[str]:
    root = package_root()
    found = set()
    for path in [*root.glob("sectors/*/*.yaml"), *root.glob("rules/*/*.yaml")]:
        if translatable(path):
            found.update(" ".join(text.split()) for _, text in texts(load(path).data, text_keys(path)))
    return {text for text in found if len(text) > 25 and "{" not in text}


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_a_translation_changes_words_never_results(pseudo, path):
    english = to_json(assess(load_plant(path)))
    translated = to_json(assess(load_plant(path, pseudo)))
    assert translated != english
    assert _unwrapped(translated) == english


def test_every_knowledge_text_in_a_report_goes_through_the_translation(pseudo):
    knowledge = _knowledge_texts()
    for path in example_files():
        report = render(assess(load_plant(path, pseudo)), "md")
        left = " ".join(_unwrapped(report, "").split())
        assert not [text for text in knowledge if text in left], path


def test_untranslated_text_shows_in_english_marked(tmp_path, monkeypatch):
    monkeypatch.setattr(sector_module, "load_table", load_table)  # not the pseudo language of other tests
    root = tmp_path / "kb"
    import shutil

    shutil.copytree(package_root() / "sectors", root / "sectors")
    shutil.copytree(package_root() / "rules", root / "rules")
    folder = root / "sectors" / "tofu" / "translations"
    folder.mkdir(exist_ok=True)
    (folder / "xx.yaml").write_text("- en: Process water per kg soybean\n  xx: Air proses per kg kedelai\n",
                                    encoding="utf-8")
    sector = KnowledgeBase(root, "xx").sector("tofu")
    assert sector.indicators["water_l_per_kg_soy"].name == "Air proses per kg kedelai"
    assert sector.indicators["wastewater_l_per_kg_soy"].name == FALLBACK_MARK + "Wastewater per kg soybean"
    assert all(field.question for field in sector.fields.values())  # never blank
    missing, total = untranslated(root, "tofu", "xx")
    assert total - len(missing) == 1


def test_a_translation_must_keep_the_placeholders(tmp_path):
    folder = tmp_path / "tofu"
    (folder / "translations").mkdir(parents=True)
    (folder / "translations" / "xx.yaml").write_text(
        "- en: COD is {projected} against {limit}\n  xx: COD {projected} terhadap {batas}\n", encoding="utf-8")
    with pytest.raises(CpError) as caught:
        load_table([folder], "xx")
    assert "xx.yaml:2" in caught.value.one_line() and "placeholders" in caught.value.one_line()


def test_the_skeleton_for_translators_reads_back(cli, tmp_path):
    result = cli("translations", "tofu", "xx", "-o", tmp_path / "xx.yaml")
    assert result.exit_code == 0
    text = (tmp_path / "xx.yaml").read_text(encoding="utf-8")
    assert text.count("\n- en: ") + text.startswith("- en: ") > 300
    assert "# sectors/tofu/questionnaire.yaml" in text  # where each text is used
    assert load_table([tmp_path.parent / "nothing"], "xx") == {}
    folder = tmp_path / "sector" / "translations"
    folder.mkdir(parents=True)
    (folder / "xx.yaml").write_text(text, encoding="utf-8")
    assert load_table([tmp_path / "sector"], "xx") == {}  # empty entries: nothing translated yet


def test_numbers_and_units_in_the_language_of_the_report():
    with number_style(style("id")):
        assert number_text(9_360_000) == "9.360.000"
        assert number_text(12.5) == "12,5"
        assert fmt(500, "kg/day") == "500 kg/hari" and fmt(12, "h/day") == "12 jam/hari"
        assert fmt(850, "m3/year") == "850 m3/tahun" and fmt(3, "kWh/t") == "3 kWh/t"  # symbols stay
    with number_style(style("zh")):
        assert fmt(500, "kg/day") == "500 kg/天" and fmt(1200, "CNY/year") == "1,200 CNY/年"
    assert number_text(12.5) == "12.5" and fmt(500, "kg/day") == "500 kg/day"  # and back to English after


@pytest.mark.parametrize("lang", ["id", "zh"])
@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_a_translated_report_writes_no_english_unit_words(path, lang):
    from cpassess.report.words import words

    text = render(assess(load_plant(path, KnowledgeBase(lang=lang))), "md", lang=lang)
    text = text.split(f"## {words(lang)('references.heading')}")[0]  # titles stay as published
    text = re.sub(re.escape(words(lang)("answer.as_written", given="")) + r"[^)]*", "", text)  # the plant's words
    assert not re.findall(r"\d[\d.,]* [A-Za-z0-9]*/(?:day|year)\b", text)
    assert "degC" not in text
    assert "/day)" not in text and "(day)" not in text


@pytest.mark.parametrize(("lang", "shown"), [("en", "-20 to -30%"), ("id", "-20 sampai -30%"), ("zh", "-20至-30%")])
def test_a_range_with_a_negative_end_is_written_in_words_of_the_language(lang, shown):
    from cpassess.report.numbers import percent_range
    from cpassess.report.words import words

    assert percent_range(-0.3, -0.2, words(lang)) == shown
    assert percent_range(0.2, 0.3, words(lang)) == "20–30%"


def test_a_missing_report_word_falls_back_to_english_marked():
    w = Words({"title": "Penilaian"}, "xx", {"title": "Assessment", "gaps": {"heading": "Data to collect"},
                                             "n": {"one": "{n} question", "other": "{n} questions"}})
    assert w("title") == "Penilaian"
    assert w("gaps.heading") == FALLBACK_MARK + "Data to collect"
    assert w("n", n=3) == FALLBACK_MARK + "3 questions"


def test_unknown_language_is_one_line(cli):
    result = cli("assess", example_files("tofu")[0], "--lang", "fr")
    assert result.exit_code == 2
    assert "no report in language 'fr'" in result.output and "Traceback" not in result.output


def test_two_languages_side_by_side_keep_sections_and_links_apart():
    path = example_files("tofu")[0]
    reports = [("en", assess(load_plant(path))), ("en", assess(load_plant(path)))]
    html = render_languages(reports, "html")
    single = render(reports[0][1], "html")
    assert html.count('<div class="pair">') == single.count("<h2") + 1
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # the second column's anchors are its own
    assert html_side_by_side([("en", "no body here")]) == "no body here"
    markdown = render_languages(reports, "md")
    assert markdown.count("## ") == 2 * render(reports[0][1], "md").count("## ")
    with pytest.raises(CpError):
        render_languages(reports, "json")


@pytest.mark.parametrize("lang", [code for code in report_languages() if code != "en"])
def test_shipped_locales_keep_every_placeholder(lang):
    english, own = _locale("en"), _locale(lang)
    for key, text in _leaves(own):
        assert _fields(text) == _fields(dict(_leaves(english)).get(key, text)), (lang, key)
    have, need = locale_coverage(lang).split("/")
    assert have == need, f"{lang}: a report word is not translated (plural forms the language lacks aside)"


@pytest.mark.parametrize("lang", [code for code in report_languages() if code != "en"])
def test_an_example_in_each_language(lang):
    path = example_files("tofu")[0]
    from cpassess.kb import as_knowledge

    report = render(assess(load_plant(path, as_knowledge(None, lang))), "md", lang=lang)
    assert report.count(FALLBACK_MARK) < 50, "most of the report is still in English"
    data = json.loads(to_json(assess(load_plant(path, as_knowledge(None, lang)))))
    assert data["recommendations"]


def _locale(code):
    from cpassess.report.words import _entries

    return _entries(code)


def _leaves(node, prefix=""):
    from cpassess.report.words import _leaves as leaves

    return leaves(node, prefix)


def _fields(text):
    import string

    if not isinstance(text, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_what_the_program_adds_takes_the_languages_punctuation_and_names():
    tirupur = next(p for p in example_files("dyeing") if p.stem == "tirupur-softflow-zld")
    zh = render(assess(load_plant(tirupur, KnowledgeBase(lang="zh"))), "md", lang="zh")
    assert "- **关于“供水与用水管理”的备注**：" in zh  # the section's title, not its key; a full-width colon
    assert "**投资：** 无费（" in zh and "；判断为" in zh
    assert not re.search(r"[\u4e00-\u9fff] \(", zh), "no half-width bracket after Chinese text"
    en = render(assess(load_plant(tirupur)), "md")
    assert "- **Notes on Water supply and water housekeeping**: " in en and "**Investment:** none (" in en
    assert "0% (Alkali" not in en, "a resource already at the measure's target is no saving line"


@pytest.mark.parametrize("path", example_files(), ids=lambda p: p.stem)
def test_a_report_writes_degrees_as_degrees(path):
    assert "degC" not in render(assess(load_plant(path)), "md")  # the unit's code is for files, °C for readers
