"""The workbook's own words by language, its constants, and the names and texts writing and reading share."""

from __future__ import annotations

import re
from typing import Any

from ...conditions import OP_SYMBOLS, AllOf, AnyOf, Leaf
from ...kb.schema import QField
from ...kb.sector import Sector
from ...text import fmt
from ...units import is_currency_unit
from .vocabulary import WORDS

ENGLISH = "en"
META = "cpassess"  # the hidden sheet: the workbook's language and the drop-down lists
ID = "id"  # the header of the id column, in every language
NOTES = "notes"
SECTOR = "sector"
PREVIOUS = "previous_visit"  # the plant sheet's row naming the file of the earlier visit
ACTIONS = "actions"  # the sheet of what the plant decided on each measure since then
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
    '' is the plant sheet itself, 'quotes' the sheet of quotes and 'actions' that of a follow-up visit."""
    w = words(lang)
    taken = {META.casefold(), *_RESERVED}
    names = {"": unique(_clean(w["plant"]) or "Plant", taken)}
    for key, section in sector.sections.items():
        if key == "plant":
            names[key] = names[""]
            continue
        names[key] = unique(short(_clean(section.title)) or key[:31], taken)
    names["quotes"] = unique(_clean(w["quotes"]) or "Quotes", taken)
    names[ACTIONS] = unique(_clean(w["actions"]) or "Actions", taken)
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
