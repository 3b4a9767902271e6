"""The blank questionnaire an advisor fills in during the walk-through, with each question explained."""

from __future__ import annotations

import json
import re
from typing import Any

from ..conditions import OP_SYMBOLS, AllOf, AnyOf, Leaf
from ..kb.schema import QField
from ..kb.sector import Sector
from ..text import fmt
from ..units import is_currency_unit


def describe(field: QField) -> str:
    if field.type == "choice":
        options = ", ".join(f"{key} ({label})" for key, label in (field.choices or {}).items())
        return f"one of: {options}"
    if field.type == "boolean":
        return "yes or no"
    if field.type in ("text", "date"):
        return ("date, YYYY-MM-DD" if field.type == "date" else "text") + (", required" if field.required else "")
    unit = field.unit or ""
    if is_currency_unit(unit):
        unit = unit.replace("currency", "plant currency")
    bounds = ""
    if field.min is not None and field.max is not None:
        bounds = f", {fmt(field.min)} to {fmt(field.max)}"
    elif field.min is not None:
        bounds = f", at least {fmt(field.min)}"
    elif field.max is not None:
        bounds = f", at most {fmt(field.max)}"
    kind = "whole number" if field.type == "integer" else "number"
    return f"{kind}{', in ' + unit if unit else ''}{bounds}"


def blank_questionnaire(sector: Sector, given: dict[str, Any] | None = None, lang: str = "en") -> str:
    """A commented, empty questionnaire an advisor fills in during the walk-through, its comments in
    `lang` (the questions are in the language `sector` was loaded in); `given` answers (a training
    case's handout) are filled in. The keys and choice codes stay as they are in every language."""
    from .workbook.words import expect, unit_shown, words

    w = words(lang)
    example = next(iter(sector.measures))
    out = [f"# {w['title'].format(sector=sector.info.name)}", *_comment(w["yaml_intro"], "# "),
           f"sector: {sector.id}"]
    for name, section in sector.sections.items():
        out += ["", f"{name}:  # {section.title}"]
        if section.asked_if:
            out += _comment(w["yaml_section_only_if"].format(condition=when(section.asked_if)), "  # ")
        if section.help:
            out += _comment(section.help, "  # ")
        for key, field in section.fields.items():
            out += _comment(f"{field.question} [{_expected(field, w, expect, unit_shown)}]", "  # ")
            if field.asked_if:
                out += _comment(w["field_only_if"].format(condition=when(field.asked_if)), "  #   ")
            if field.help:
                out += _comment(field.help, "  #   ", 94)
            out.append(f"  {key}: {json.dumps(given[key], ensure_ascii=False)}" if given and key in given
                       else f"  {key}:")
    out += ["", *_comment(w["yaml_quotes"], "# "), f"#   {example}: 25000000",
            "", *_comment(w["yaml_actions"], "# "),
            f"#   {example}: {{owner: plant manager, target_date: 2027-03-31, status: in_progress}}",
            "", *_comment(w["yaml_previous"], "# "), "#   previous_visit: visit-2025.yaml"]
    return "\n".join(out) + "\n"


def _expected(field: QField, w: dict[str, str], expect: Any, unit_shown: Any) -> str:
    """What kind of answer a question takes, in the form's words; choices by code, as YAML holds them."""
    if field.type == "choice":
        return w["choices"].format(choices=", ".join(f"{code} ({label})" for code, label in
                                                      (field.choices or {}).items()))
    if field.type == "boolean":
        return f"{w['yes']} / {w['no']}"
    if field.type in ("text", "date"):
        answer = w["date_answer"] if field.type == "date" else w["text_answer"]
        return answer + (f" {w['required']}" if field.required else "")
    unit = unit_shown(field.unit, w)
    return expect(field, w) + (f" {w['in_unit'].format(unit=unit)}" if unit else "")


def _comment(text: str, prefix: str, width: int = 96) -> list[str]:
    return [f"{prefix}{line}" for line in _wrap(text, width)]


def when(condition: AllOf | AnyOf | Leaf) -> str:
    """A condition in the questionnaire's own terms: 'has_eaf is yes or has_induction is yes'."""
    if isinstance(condition, Leaf):
        value = condition.threshold
        shown = {True: "yes", False: "no"}.get(value, value) if isinstance(value, bool) else value
        return f"{condition.field} {OP_SYMBOLS[condition.op]} {shown}"
    joiner = " and " if isinstance(condition, AllOf) else " or "
    children = condition.all if isinstance(condition, AllOf) else condition.any
    return joiner.join(when(child) for child in children)


def _wrap(text: str, width: int = 96) -> list[str]:
    import textwrap

    return textwrap.wrap(re.sub(r"\s+", " ", text), width) or [""]
