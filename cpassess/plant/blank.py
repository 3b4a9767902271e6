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
    if field.type == "text":
        return "text" + (", required" if field.required else "")
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


def blank_questionnaire(sector: Sector, given: dict[str, Any] | None = None) -> str:
    """A commented, empty questionnaire an advisor fills in during the walk-through; `given` answers
    (a training case's handout) are filled in."""
    out = [f"# cpassess questionnaire: {sector.info.name}",
           "# Answer what you can; leave the rest empty or write ? (both mean 'not known yet').",
           '# Quantities may carry a unit ("12 m3/day", "450 L/day"); a bare number means the unit',
           '# given for the question. A range ("10-11 h/day") counts as its middle; "35 kg/batch" or',
           '# "9000 kWh/month" are converted with the plant\'s batches a day or production days. Say',
           "# how an answer was found: {value: 12, basis: estimated, note: from the pump's hours};",
           "# `notes:` in any section takes remarks. Check it with: cpassess validate <this file>",
           f"sector: {sector.id}"]
    for name, section in sector.sections.items():
        out += ["", f"{name}:  # {section.title}"]
        if section.asked_if:
            out.append(f"  # Only if {when(section.asked_if)}; otherwise leave the section out.")
        if section.help:
            out += [f"  # {line}" for line in _wrap(section.help)]
        for key, field in section.fields.items():
            out += [f"  # {line}" for line in _wrap(f"{field.question} [{describe(field)}]")]
            if field.asked_if:
                out.append(f"  #   Only if {when(field.asked_if)}.")
            if field.help:
                out += [f"  #   {line}" for line in _wrap(field.help, 94)]
            out.append(f"  {key}: {json.dumps(given[key], ensure_ascii=False)}" if given and key in given
                       else f"  {key}:")
    out += ["", "# quotes:  # local investment quotes, in the plant's currency, by measure id (the report's",
            "#   annex lists each measure's id): they turn cost classes into simple paybacks. For example:",
            f"#   {next(iter(sector.measures))}: 25000000",
            "", "# actions:  # at a later visit: what the plant decided on a measure, by measure id (the",
            "#   report's annex lists them): owner, target_date, status (planned, in_progress, done or",
            "#   dropped); they fill the action plan's Owner, Target date and Status columns. For example:",
            f"#   {next(iter(sector.measures))}: "
            "{owner: plant manager, target_date: 2027-03-31, status: in_progress}"]
    return "\n".join(out) + "\n"


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
