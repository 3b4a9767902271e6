"""A plant's filled questionnaire: its pydantic model per sector, loading, and the blank form."""

from __future__ import annotations

import datetime
import difflib
import functools
import re
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model

from .errors import CpError
from .knowledge import QField, Sector, data_path, load_sector, sector_names
from .units import convert, is_currency_unit
from .yamlio import Document, load, parse


def _number_before(unit: str | None) -> BeforeValidator:
    def coerce(value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("expected a number, not yes/no")
        if isinstance(value, str):
            return convert(value, unit)
        return value

    return BeforeValidator(coerce, json_schema_input_type=Union[float, str])


def _text_before(value: Any) -> Any:
    # YAML reads 2026-11-20 as a date and 12 as a number; a text answer keeps what was written.
    if isinstance(value, (datetime.date, int, float)) and not isinstance(value, bool):
        return value.isoformat() if isinstance(value, datetime.date) else str(value)
    return value


def _annotation(field: QField) -> Any:
    extra: dict[str, Any] = {"description": field.question}
    if field.type in ("number", "integer"):
        base: Any = float if field.type == "number" else int
        bounds = {"ge": field.min, "le": field.max, "allow_inf_nan": False} if base is float else \
            {"ge": field.min, "le": field.max}
        return Annotated[base, _number_before(field.unit), Field(strict=False, **bounds, **extra)]
    if field.type == "boolean":
        return Annotated[bool, Field(strict=True, **extra)]
    if field.type == "choice":
        return Annotated[Literal[tuple(field.choices or {})], Field(**extra)]  # type: ignore[misc]
    return Annotated[str, BeforeValidator(_text_before), Field(pattern=field.pattern, **extra)]


@functools.lru_cache(maxsize=None)
def plant_model(sector: Sector) -> type[BaseModel]:
    """The pydantic model of one sector's filled questionnaire (unknown keys are errors)."""
    section_models: dict[str, Any] = {}
    for name, section in sector.sections.items():
        fields: dict[str, Any] = {}
        for key, field in section.fields.items():
            annotation = _annotation(field)
            fields[key] = (annotation, ...) if field.required else (annotation | None, None)
        model = create_model(f"{sector.id.title()}_{name}", __config__=ConfigDict(extra="forbid"),
                             __doc__=section.title, **fields)
        required = any(f.required for f in section.fields.values())
        section_models[name] = (model, ...) if required else (model | None, None)
    return create_model(f"{sector.id.title()}Questionnaire", __config__=ConfigDict(extra="forbid"),
                        __doc__=f"Questionnaire for {sector.info.name}",
                        sector=(Literal[sector.id], ...), **section_models)


class Plant:
    """One plant's validated answers, flat by field id, with where they came from."""

    def __init__(self, sector: Sector, answers: dict[str, Any], source: str) -> None:
        self.sector = sector
        self.answers = answers
        self.source = source

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
    if kind == "missing" or (error.get("input") is None and key in sector.fields):
        return doc.error("is required but not answered", loc, key)
    message = error["msg"].removeprefix("Value error, ")
    if kind == "literal_error" and key in sector.fields:
        choices = sector.fields[key].choices or {}
        message = f"{error.get('input')!r} is not one of {', '.join(choices)}"
    elif kind.startswith(("greater_than", "less_than")) and key in sector.fields:
        field = sector.fields[key]
        unit = f" {field.unit}" if field.unit else ""
        message = f"{error.get('input')}{unit} is out of range ({field.min} to {field.max}{unit})"
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
    try:
        sector = load_sector(str(sector_id), root)
    except CpError as exc:
        raise doc.error(exc.message, ("sector",), "sector") from None
    return validate_answers(sector, doc)


def validate_answers(sector: Sector, doc: Document) -> Plant:
    """Validate a parsed questionnaire whose sector is known."""
    try:
        validated = plant_model(sector).model_validate(doc.data)
    except ValidationError as exc:
        errors = exc.errors()
        first = _explain(sector, dict(errors[0]), doc)
        if len(errors) > 1:
            first.message += f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})"
        raise CpError(first.message, file=first.file, line=first.line, field=first.field) from None
    answers: dict[str, Any] = {}
    for name in sector.sections:
        section = getattr(validated, name)
        if section is not None:
            answers.update({k: v for k, v in section.model_dump().items() if v is not None})
    return Plant(sector, answers, doc.file)


def load_plant(path: str | Path, root: Path | None = None) -> Plant:
    return read_plant(load(path), root)


def parse_plant(text: str, name: str = "<plant>", root: Path | None = None) -> Plant:
    return read_plant(parse(text, name), root)


def _describe(field: QField) -> str:
    if field.type == "choice":
        options = ", ".join(f"{key} ({label})" for key, label in (field.choices or {}).items())
        return f"one of: {options}"
    if field.type == "boolean":
        return "yes/no: true or false"
    if field.type == "text":
        return "text" + (", required" if field.required else "")
    unit = field.unit or ""
    if is_currency_unit(unit):
        unit = unit.replace("currency", "plant currency")
    bounds = ""
    if field.min is not None or field.max is not None:
        low = "" if field.min is None else f"{field.min:g}"
        high = "" if field.max is None else f"{field.max:g}"
        bounds = f", {low} to {high}"
    return f"{field.type}{', in ' + unit if unit else ''}{bounds}"


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
    return "\n".join(out) + "\n"


def _wrap(text: str, width: int = 96) -> list[str]:
    import textwrap

    return textwrap.wrap(re.sub(r"\s+", " ", text), width) or [""]
