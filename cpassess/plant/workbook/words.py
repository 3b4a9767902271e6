"""The workbook's own words by language, its constants, and the names and texts writing and reading share."""

from __future__ import annotations

import re
from typing import Any

from ...conditions import OP_SYMBOLS, AllOf, AnyOf, Leaf
from ...kb.schema import QField
from ...kb.sector import Sector
from ...text import fmt
from ...units import is_currency_unit

# The workbook's own words (not knowledge text, which comes from the Sector), by language code.
WORDS: dict[str, dict[str, str]] = {"en": {
    "plant": "Plant",
    "quotes": "Quotes",
    "title": "cpassess questionnaire: {sector}",
    "question": "Question",
    "measure": "Measure",
    "answer": "Answer",
    "unit": "Unit",
    "basis": "Measured or estimated",
    "note": "Note",
    "help": "Help",
    "yes": "yes",
    "no": "no",
    "measured": "measured",
    "estimated": "estimated",
    "plant_currency": "plant currency",
    "required": "(required)",
    "intro": "Answer what you can; leave the rest empty or write ? (both mean 'not known yet'). "
             "A number is in the unit of its row; a number with its unit (\"450 L/day\"), a range "
             "(\"10-11\") or another unit in the Unit column is read too. Say how a figure was found "
             "in 'Measured or estimated' and add a note where it helps. Check the workbook with: "
             "cpassess validate <this file>",
    "sector": "Sector of this questionnaire (keep as it is: the sheets are this sector's)",
    "plant_notes": "Notes on the plant and the visit",
    "notes": "Notes on this sheet",
    "only_if": "Only if {condition}; otherwise leave this sheet empty.",
    "field_only_if": "Only if {condition}.",
    "is_one_of": "is one of",
    "is_none_of": "is none of",
    "and": "and",
    "or": "or",
    "quotes_title": "Local investment quotes",
    "quotes_intro": "The plant's own quotes for a measure's investment, in the plant's currency: they turn "
                    "the cost classes of the report into simple paybacks. Leave a measure empty if there "
                    "is no quote.",
    "choices": "Answers: {choices}.",
    "number": "A number.",
    "number_between": "A number from {low} to {high}.",
    "number_at_least": "A number, at least {low}.",
    "number_at_most": "A number, at most {high}.",
    "integer": "A whole number.",
    "integer_between": "A whole number from {low} to {high}.",
    "integer_at_least": "A whole number, at least {low}.",
    "integer_at_most": "A whole number, at most {high}.",
    "number_error_title": "Check the answer",
    "number_error": "{expect} Keep what you wrote only for a number with its unit (450 L/day), a "
                    "range (10-11) or ? for not known.",
    "choice_error_title": "Not in the list",
    "choice_error": "Choose an answer from the list, or write ? if it is not known.",
}, "id": {
    "plant": "Pabrik",
    "quotes": "Penawaran harga",
    "title": "Kuesioner cpassess: {sector}",
    "question": "Pertanyaan",
    "measure": "Langkah",
    "answer": "Jawaban",
    "unit": "Satuan",
    "basis": "Diukur atau diperkirakan",
    "note": "Catatan",
    "help": "Bantuan",
    "yes": "ya",
    "no": "tidak",
    "measured": "diukur",
    "estimated": "diperkirakan",
    "plant_currency": "mata uang pabrik",
    "required": "(wajib)",
    "intro": "Jawab yang Anda ketahui; biarkan sisanya kosong atau tulis ? (keduanya berarti 'belum "
             "diketahui'). Angka ditulis dalam satuan barisnya; angka dengan satuannya (\"450 L/day\"), "
             "kisaran (\"10-11\") atau satuan lain di kolom Satuan juga dibaca. Desimal ditulis dengan titik "
             "(0.82). Sebutkan cara angka diperoleh di kolom 'Diukur atau diperkirakan' dan tambahkan "
             "catatan bila membantu. Periksa buku kerja ini dengan: cpassess validate <file ini>",
    "sector": "Sektor kuesioner ini (jangan diubah: lembar-lembarnya milik sektor ini)",
    "plant_notes": "Catatan tentang pabrik dan kunjungan",
    "notes": "Catatan untuk lembar ini",
    "only_if": "Hanya jika {condition}; jika tidak, biarkan lembar ini kosong.",
    "field_only_if": "Hanya jika {condition}.",
    "is_one_of": "salah satu dari",
    "is_none_of": "bukan salah satu dari",
    "and": "dan",
    "or": "atau",
    "quotes_title": "Penawaran harga investasi setempat",
    "quotes_intro": "Penawaran harga yang diterima pabrik untuk investasi suatu langkah, dalam mata uang "
                    "pabrik: dengan itu kelas biaya dalam laporan menjadi periode pengembalian modal. "
                    "Biarkan kosong bila belum ada penawaran.",
    "choices": "Jawaban: {choices}.",
    "number": "Sebuah angka.",
    "number_between": "Angka dari {low} sampai {high}.",
    "number_at_least": "Angka, paling sedikit {low}.",
    "number_at_most": "Angka, paling banyak {high}.",
    "integer": "Bilangan bulat.",
    "integer_between": "Bilangan bulat dari {low} sampai {high}.",
    "integer_at_least": "Bilangan bulat, paling sedikit {low}.",
    "integer_at_most": "Bilangan bulat, paling banyak {high}.",
    "number_error_title": "Periksa jawaban",
    "number_error": "{expect} Pertahankan isian Anda hanya bila berupa angka dengan satuannya (450 L/day), "
                    "kisaran (10-11) atau ? untuk belum diketahui.",
    "choice_error_title": "Tidak ada dalam daftar",
    "choice_error": "Pilih jawaban dari daftar, atau tulis ? bila belum diketahui.",
}, "zh": {
    "plant": "工厂",
    "quotes": "报价",
    "title": "cpassess 调查问卷：{sector}",
    "question": "问题",
    "measure": "方案",
    "answer": "回答",
    "unit": "单位",
    "basis": "实测或估计",
    "note": "备注",
    "help": "说明",
    "yes": "是",
    "no": "否",
    "measured": "实测",
    "estimated": "估计",
    "plant_currency": "工厂所用货币",
    "required": "（必填）",
    "intro": "能回答的请填写；其余留空或填 ?（均表示“尚不知道”）。数字按该行的单位填写；也可填写带单位的数字"
             "（“450 L/day”）、范围（“10-11”），或在“单位”列填写其他单位。小数点用英文句点（0.82）。"
             "请在“实测或估计”列注明数据来源，必要时加备注。用以下命令检查本工作簿：cpassess validate <本文件>",
    "sector": "本问卷所属行业（请勿修改：各工作表属于该行业）",
    "plant_notes": "关于工厂和本次走访的备注",
    "notes": "本工作表的备注",
    "only_if": "仅当{condition}时填写；否则本工作表留空。",
    "field_only_if": "仅当{condition}时填写。",
    "is_one_of": "为以下之一：",
    "is_none_of": "不是以下任何一项：",
    "and": "且",
    "or": "或",
    "quotes_title": "当地投资报价",
    "quotes_intro": "工厂为某项方案取得的投资报价，以工厂所用货币计：报告据此把费用等级换算为静态投资回收期。"
                    "没有报价的方案请留空。",
    "choices": "可选回答：{choices}。",
    "number": "一个数字。",
    "number_between": "{low}至{high}之间的数字。",
    "number_at_least": "数字，不小于{low}。",
    "number_at_most": "数字，不大于{high}。",
    "integer": "整数。",
    "integer_between": "{low}至{high}之间的整数。",
    "integer_at_least": "整数，不小于{low}。",
    "integer_at_most": "整数，不大于{high}。",
    "number_error_title": "请检查回答",
    "number_error": "{expect}只有带单位的数字（450 L/day）、范围（10-11）或表示未知的 ? 才可保留原样。",
    "choice_error_title": "不在列表中",
    "choice_error": "请从列表中选择回答；如不知道，请填 ?。",
}}
ENGLISH = "en"
META = "cpassess"  # the hidden sheet: the workbook's language and the drop-down lists
ID = "id"  # the header of the id column, in every language
NOTES = "notes"
SECTOR = "sector"
FORMAT = 1
MAX_BYTES = 20_000_000  # a filled questionnaire is a few tens of kB
MAX_UNPACKED = 200_000_000  # the parts of the workbook together, unpacked
MAX_ROWS = 5_000  # rows read per sheet (the largest sheet has about a hundred)
MAX_COLUMNS = 30
OTHER_FORMATS = {
    ".xls": "an Excel 97-2003 workbook (.xls) is not read: save it as an Excel workbook (.xlsx)",
    ".xlsm": "a macro-enabled workbook (.xlsm) is not read: save it as an Excel workbook (.xlsx)",
    ".xlsb": "a binary Excel workbook (.xlsb) is not read: save it as an Excel workbook (.xlsx)",
    ".ods": "an OpenDocument spreadsheet (.ods) is not read: save it as an Excel workbook (.xlsx)",
}
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                           "#GETTING_DATA", "#SPILL!", "#CALC!"})
PLAIN = re.compile(r"^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$")
_COORDINATE = re.compile(r"^([A-Z]+)(\d+)$")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
_RESERVED = frozenset({"history"})  # Excel keeps this sheet name for itself
LANG_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")

# Columns of a question sheet
C_ID, C_QUESTION, C_ANSWER, C_UNIT, C_BASIS, C_NOTE, C_HELP = range(1, 8)
WIDTHS = {C_ID: 18, C_QUESTION: 55, C_ANSWER: 28, C_UNIT: 14, C_BASIS: 14, C_NOTE: 30, C_HELP: 60}
TITLE_ROW, HEADER_ROW = 1, 2


def words(lang: str = ENGLISH) -> dict[str, str]:
    """The workbook's own words in `lang`, English where a word (or the language) is missing."""
    return {**WORDS[ENGLISH], **WORDS.get(lang, {})}


def known_lang(lang: str) -> str:
    return lang if lang in WORDS else ENGLISH


# -- names and texts shared by writing and reading ---------------------------------------------------

def sheet_names(sector: Sector, lang: str = ENGLISH) -> dict[str, str]:
    """Section id -> its sheet's name (the plant section is on the plant sheet), in workbook order;
    '' is the plant sheet itself and 'quotes' the sheet of quotes."""
    w = words(lang)
    taken = {META.casefold(), *_RESERVED}
    names = {"": unique(_clean(w["plant"]) or "Plant", taken)}
    for key, section in sector.sections.items():
        if key == "plant":
            names[key] = names[""]
            continue
        names[key] = unique(short(_clean(section.title)) or key[:31], taken)
    names["quotes"] = unique(_clean(w["quotes"]) or "Quotes", taken)
    return names


def _clean(text: str) -> str:
    return " ".join(_NOT_IN_SHEET_NAME.sub(" ", text).split()).strip("'")


def short(text: str) -> str:
    """A title cut to a sheet name's 31 characters: the part before a bracket, else whole words."""
    if len(text) <= 31:
        return text
    head = text.split("(")[0].strip(" ,;-–—")
    if 3 <= len(head) <= 31:
        return head
    cut = text[:30]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;-–—") + "…"


def unique(name: str, taken: set[str]) -> str:
    candidate, number = name[:31], 1
    while candidate.casefold() in taken:
        number += 1
        candidate = f"{name[:31 - len(str(number)) - 1]} {number}"
    taken.add(candidate.casefold())
    return candidate


def unit_shown(unit: str | None, w: dict[str, str]) -> str:
    if not unit:
        return ""
    shown = unit.replace("percent", "%").replace("degC", "°C")
    return shown.replace("currency", w["plant_currency"]) if is_currency_unit(unit) else shown


def expect(fld: QField, w: dict[str, str]) -> str:
    kind = "integer" if fld.type == "integer" else "number"
    low = fmt(fld.min) if fld.min is not None else None
    high = fmt(fld.max) if fld.max is not None else None
    if low is not None and high is not None:
        return w[f"{kind}_between"].format(low=low, high=high)
    if low is not None:
        return w[f"{kind}_at_least"].format(low=low)
    if high is not None:
        return w[f"{kind}_at_most"].format(high=high)
    return w[kind]


def condition_text(condition: AllOf | AnyOf | Leaf, sector: Sector, w: dict[str, str]) -> str:
    """A section's or question's condition in the workbook's words: questions by their label,
    choices by their label, yes and no."""
    if isinstance(condition, Leaf):
        fld = sector.fields.get(condition.field)
        name = (fld.label or fld.question) if fld else condition.field
        values = condition.threshold if isinstance(condition.threshold, list) else [condition.threshold]
        shown = [_shown(value, fld, w) for value in values]
        op = {"in": w["is_one_of"], "not_in": w["is_none_of"]}.get(condition.op, OP_SYMBOLS[condition.op])
        return f"“{name}” {op} {', '.join(shown)}"
    joiner = f" {w['and']} " if isinstance(condition, AllOf) else f" {w['or']} "
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return joiner.join(condition_text(child, sector, w) for child in children)


def _shown(value: Any, fld: QField | None, w: dict[str, str]) -> str:
    if isinstance(value, bool):
        return w["yes"] if value else w["no"]
    if fld is not None and fld.choices and str(value) in fld.choices:
        return fld.choices[str(value)]
    return fmt(value)
