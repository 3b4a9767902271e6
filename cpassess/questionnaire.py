"""A plant's filled questionnaire: its pydantic schema per sector, loading, and the blank form."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from .errors import CpError
from .knowledge import QField, Sector, data_path, load_sector, sector_names
from .text import fmt
from .units import convert, is_currency_unit
from .yamlio import Document, load, parse


def _coerce_number(unit: str | None) -> Any:
    def coerce(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, not yes/no")
        if isinstance(value, str):
            return convert(value, unit)
        return value

    return coerce


def _yes_no(value: Any) -> Any:
    # YAML reads yes/no as booleans; quoted "no" or "Yes" mean the same to an advisor.
    if isinstance(value, str):
        answer = {"yes": True, "true": True, "no": False, "false": False}.get(value.strip().lower())
        if answer is None:
            raise ValueError(f"{value!r}: answer yes or no")
        return answer
    return value


def _text_before(value: Any) -> Any:
    # YAML reads 2026-11-20 as a date and 12 as a number; a text answer keeps what was written.
    if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _int(bound: float | None) -> int | None:
    return None if bound is None else int(bound)


def _field_schema(field: QField) -> Any:
    # Core schemas built directly: pydantic's model machinery would add ~15 ms to every run.
    from pydantic_core import core_schema as cs

    described = {"pydantic_js_updates": {"description": field.question}}
    if field.type in ("number", "integer"):
        inner = cs.float_schema(ge=field.min, le=field.max, allow_inf_nan=False) \
            if field.type == "number" else cs.int_schema(ge=_int(field.min), le=_int(field.max))
        return cs.no_info_before_validator_function(
            _coerce_number(field.unit), inner, metadata=described,
            json_schema_input_schema=cs.union_schema([inner, cs.str_schema()]))
    if field.type == "boolean":
        return cs.no_info_before_validator_function(_yes_no, cs.bool_schema(strict=True), metadata=described)
    if field.type == "choice":
        return cs.literal_schema(list(field.choices or {}), metadata=described)
    text = cs.str_schema(pattern=field.pattern, strip_whitespace=True, min_length=1 if field.required else None)
    return cs.no_info_before_validator_function(_text_before, text, metadata=described)


@functools.cache
def plant_schema(sector: Sector) -> Any:
    """The core schema of one sector's filled questionnaire (unknown keys are errors)."""
    from pydantic_core import core_schema as cs

    sections: dict[str, Any] = {"sector": cs.typed_dict_field(cs.literal_schema([sector.id]), required=True)}
    for name, section in sector.sections.items():
        fields = {key: cs.typed_dict_field(_field_schema(f) if f.required else cs.nullable_schema(_field_schema(f)),
                                           required=f.required)
                  for key, f in section.fields.items()}
        required = any(f.required for f in section.fields.values())
        schema = cs.typed_dict_schema(fields, extra_behavior="forbid", total=False,
                                      metadata={"pydantic_js_updates": {"title": section.title}})
        sections[name] = cs.typed_dict_field(schema if required else cs.nullable_schema(schema),
                                             required=required)
    # Local investment quotes, by measure id, in the plant's currency: they turn cost classes into paybacks.
    quote = cs.no_info_before_validator_function(
        _coerce_number(None), cs.float_schema(ge=0, allow_inf_nan=False, le=1e15))
    sections["quotes"] = cs.typed_dict_field(cs.nullable_schema(cs.dict_schema(cs.str_schema(), quote)),
                                             required=False)
    return cs.typed_dict_schema(sections, extra_behavior="forbid", metadata={
        "pydantic_js_updates": {"title": f"cpassess questionnaire: {sector.info.name}"}})


@functools.cache
def plant_validator(sector: Sector) -> Any:
    from pydantic_core import SchemaValidator

    return SchemaValidator(plant_schema(sector))


def questionnaire_json_schema(sector: Sector) -> dict[str, Any]:
    from pydantic.json_schema import GenerateJsonSchema

    return GenerateJsonSchema().generate(plant_schema(sector))


class Plant:
    """One plant's validated answers, flat by field id, with where they came from."""

    def __init__(self, sector: Sector, answers: dict[str, Any], source: str,
                 quotes: dict[str, float] | None = None) -> None:
        self.sector = sector
        self.answers = answers
        self.source = source
        self.quotes = quotes or {}  # measure id -> investment quoted to the plant

    @property
    def name(self) -> str:
        return str(self.answers.get("name", Path(self.source).stem))


def _explain(sector: Sector, error: dict[str, Any], doc: Document) -> CpError:
    loc = data_path(doc.data, error["loc"])
    key = str(loc[-1]) if loc else None
    kind = error["type"]
    if kind == "extra_forbidden" and key is not None:
        if len(loc) == 1:
            message = f"unknown section {key!r}"
            close = difflib.get_close_matches(key, list(sector.sections), n=1)
        elif key in sector.field_section:
            message = f"belongs in section {sector.field_section[key]!r}, not {loc[0]!r}"
            close = []
        else:
            message = f"unknown field {key!r}"
            close = difflib.get_close_matches(key, list(sector.fields), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return doc.error(message + hint, loc, key)
    blank = error.get("input") is None or kind == "string_too_short"
    if kind == "missing" or (blank and key in sector.fields):
        return doc.error("is required but not answered", loc, key)
    message = error["msg"].removeprefix("Value error, ")
    if kind == "literal_error" and key in sector.fields:
        choices = sector.fields[key].choices or {}
        message = f"{error.get('input')!r} is not one of {', '.join(choices)}"
    elif kind.startswith(("greater_than", "less_than")) and key in sector.fields:
        field = sector.fields[key]
        message = f"{fmt(error.get('input'), field.unit)} is out of range ({_describe(field).split(', ', 1)[-1]})"
    elif kind == "string_pattern_mismatch" and key in sector.fields:
        example = sector.fields[key].example
        message = f"{error.get('input')!r} is not in the expected form" + (f", e.g. {example}" if example else "")
    elif kind == "bool_type":
        message = f"{error.get('input')!r}: answer yes or no"
    elif kind == "model_type":
        message = "expected a mapping of fields to answers"
    return doc.error(message, loc, key)


def read_plant(doc: Document, root: Path | None = None) -> Plant:
    """Validate a parsed questionnaire against its sector; the first problem becomes a CpError."""
    if not isinstance(doc.data, dict):
        raise doc.error("expected a questionnaire: a mapping that starts with `sector:`", (), None)
    sector_id = doc.data.get("sector")
    if sector_id is None:
        raise doc.error(f"says which sector it is for, e.g. `sector: tofu` "
                        f"(sectors: {', '.join(sector_names(root))})", (), "sector")
    if str(sector_id) not in sector_names(root):
        try:
            load_sector(str(sector_id), root)  # raises the message with suggestions
        except CpError as exc:
            raise doc.error(exc.message, ("sector",), "sector") from None
    sector = load_sector(str(sector_id), root)
    return validate_answers(sector, doc)


def validate_answers(sector: Sector, doc: Document) -> Plant:
    """Validate a parsed questionnaire whose sector is known."""
    try:
        validated = plant_validator(sector).validate_python(doc.data)
    except ValidationError as exc:
        problems = [_explain(sector, dict(error), doc) for error in exc.errors()]
        problems[0].others = problems[1:]
        raise problems[0] from None
    answers: dict[str, Any] = {}
    for name in sector.sections:
        section = validated.get(name)
        if section is not None:
            answers.update({k: v for k, v in section.items() if v is not None})
    quotes = validated.get("quotes") or {}
    for measure_id in quotes:
        if measure_id not in sector.measures:
            close = difflib.get_close_matches(measure_id, list(sector.measures), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise doc.error(f"no measure {measure_id!r} in sector {sector.id}{hint}", ("quotes", measure_id),
                            measure_id)
    return Plant(sector, answers, doc.file, quotes)


def load_plant(path: str | Path, root: Path | None = None) -> Plant:
    return read_plant(load(path), root)


def parse_plant(text: str, name: str = "<plant>", root: Path | None = None) -> Plant:
    return read_plant(parse(text, name), root)


def _describe(field: QField) -> str:
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


def blank_questionnaire(sector: Sector) -> str:
    """A commented, empty questionnaire an advisor fills in during the walk-through."""
    out = [f"# cpassess questionnaire: {sector.info.name}",
           "# Answer what you can; leave the rest empty (an empty answer means 'not known yet').",
           '# Quantities may carry a unit ("12 m3/day", "450 L/day"); a bare number means the unit',
           "# given for the question. Check it with: cpassess validate <this file>",
           f"sector: {sector.id}"]
    for name, section in sector.sections.items():
        out += ["", f"{name}:  # {section.title}"]
        if section.help:
            out += [f"  # {line}" for line in _wrap(section.help)]
        for key, field in section.fields.items():
            out += [f"  # {line}" for line in _wrap(f"{field.question} [{_describe(field)}]")]
            if field.help:
                out += [f"  #   {line}" for line in _wrap(field.help, 94)]
            out.append(f"  {key}:")
    out += ["", "# quotes:  # local investment quotes, in the plant's currency, by measure id (the report",
            "#   names each measure's id): they turn cost classes into simple paybacks. For example:",
            f"#   {next(iter(sector.measures))}: 25000000"]
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    import textwrap

    return textwrap.wrap(re.sub(r"\s+", " ", text), width) or [""]
