"""The per-sector schema of a filled questionnaire: pydantic core schemas built from the knowledge base."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Mapping
from typing import Any

from ..kb.schema import QField
from ..kb.sector import Sector
from ..units import convert


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


_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _iso_date(value: Any) -> Any:
    """A real date as YYYY-MM-DD: one that YAML or a workbook's date cell gives as a date, or text in
    that form (01-06-2025 could be either of two days; 2026-02-30 is none)."""
    if isinstance(value, datetime.date):
        return value.isoformat()[:10]
    if value is None:
        return None
    text = str(value).strip()
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-05-01") from None
    return text


def _int(bound: float | None) -> int | None:
    return None if bound is None else int(bound)


def _as_written(plain: Any) -> Any:
    """What a questionnaire may hold for a field (plant/written.py makes it plain before validation):
    the answer, 'not known' (empty, ?, unknown, n/a), or {value, basis: measured|estimated, note}."""
    from pydantic_core import core_schema as cs

    answer = cs.union_schema([plain, cs.str_schema()])
    written = cs.typed_dict_schema({
        "value": cs.typed_dict_field(cs.nullable_schema(answer), required=False),
        "basis": cs.typed_dict_field(cs.literal_schema(["measured", "estimated"]), required=False),
        "note": cs.typed_dict_field(cs.str_schema(), required=False)}, extra_behavior="forbid")
    return cs.union_schema([answer, written])


def _field_schema(field: QField) -> Any:
    # Core schemas built directly: pydantic's model machinery would add ~15 ms to every run.
    from pydantic_core import core_schema as cs

    described = {"pydantic_js_updates": {"description": field.question}}
    if field.type in ("number", "integer"):
        inner = cs.float_schema(ge=field.min, le=field.max, allow_inf_nan=False) \
            if field.type == "number" else cs.int_schema(ge=_int(field.min), le=_int(field.max))
        return cs.no_info_before_validator_function(
            _coerce_number(field.unit), inner, metadata=described, json_schema_input_schema=_as_written(inner))
    if field.type == "boolean":
        yes_no = cs.bool_schema(strict=True)
        return cs.no_info_before_validator_function(_yes_no, yes_no, metadata=described,
                                                    json_schema_input_schema=_as_written(yes_no))
    if field.type == "choice":
        codes = cs.literal_schema(list(field.choices or {}))
        return cs.no_info_before_validator_function(_same, codes, metadata=described,
                                                    json_schema_input_schema=_as_written(codes))
    if field.type == "date":
        date = cs.str_schema(min_length=1 if field.required else None)
        return cs.no_info_before_validator_function(_iso_date, date, metadata=described,
                                                    json_schema_input_schema=_as_written(date))
    text = cs.str_schema(pattern=field.pattern, strip_whitespace=True, min_length=1 if field.required else None)
    return cs.no_info_before_validator_function(_text_before, text, metadata=described,
                                                json_schema_input_schema=_as_written(text))


def _same(value: Any) -> Any:
    return value


def _notes() -> Any:
    # The plant's own remarks, on the whole questionnaire or one section: shown, never read as answers.
    from pydantic_core import core_schema as cs

    text = cs.str_schema(metadata={"pydantic_js_updates": {"description": "Notes, as free text."}})
    return cs.typed_dict_field(cs.nullable_schema(text), required=False)


@functools.cache
def plant_schema(sector: Sector) -> Any:
    """The core schema of one sector's filled questionnaire (unknown keys are errors)."""
    from pydantic_core import core_schema as cs

    sections: dict[str, Any] = {"sector": cs.typed_dict_field(cs.literal_schema([sector.id]), required=True)}
    for name, section in sector.sections.items():
        fields = {key: cs.typed_dict_field(_field_schema(f) if f.required else cs.nullable_schema(_field_schema(f)),
                                           required=f.required)
                  for key, f in section.fields.items()}
        fields.setdefault("notes", _notes())
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
    sections["actions"] = cs.typed_dict_field(cs.nullable_schema(cs.dict_schema(cs.str_schema(), _action())),
                                              required=False)
    # The file of the plant's earlier visit, relative to this one: the report shows what became of it.
    sections["previous_visit"] = cs.typed_dict_field(cs.nullable_schema(cs.str_schema(max_length=500)),
                                                     required=False)
    sections.setdefault("notes", _notes())
    return cs.typed_dict_schema(sections, extra_behavior="forbid", metadata={
        "pydantic_js_updates": {"title": f"cpassess questionnaire: {sector.info.name}"}})


ACTION_STATUSES = ("planned", "in_progress", "done", "dropped", "rejected")
UNDER_WAY = ("planned", "in_progress")  # still to finish: who has it in hand and by when matter
FINISHED = ("done", "dropped")  # what a later visit's file need not say again


def stands_rejected(action: Mapping[str, Any]) -> bool:
    """A measure rejected for a stated reason: not recommended again while its facts stay as they are."""
    return action.get("status") == "rejected" and bool(action.get("reason"))
ACTION_KEYS = ("owner", "target_date", "status", "date", "reason", "realised_saving", "realised_investment")


def _action() -> Any:
    """What the plant decided on a measure at an earlier visit: who, by when, how far (the report's
    Owner, Target date and Status columns), and for a follow-up visit when it was done or rejected,
    why it was rejected, and what it saved and cost where known."""
    from pydantic_core import core_schema as cs

    text = cs.nullable_schema(cs.str_schema(max_length=200))
    def money(low: float) -> Any:  # in the plant's currency
        return cs.nullable_schema(cs.no_info_before_validator_function(
            _coerce_number(None), cs.float_schema(ge=low, allow_inf_nan=False, le=1e15)))

    date = cs.no_info_before_validator_function(_iso_date, text)
    schemas = {"owner": text, "target_date": date, "date": date,
               "status": cs.nullable_schema(cs.literal_schema(list(ACTION_STATUSES))),
               "reason": cs.nullable_schema(cs.str_schema(max_length=500)),
               # a year; negative where the measure cost more than it saved
               "realised_saving": money(-1e15), "realised_investment": money(0)}
    fields = {key: cs.typed_dict_field(schemas[key], required=False) for key in ACTION_KEYS}
    return cs.nullable_schema(cs.typed_dict_schema(fields, extra_behavior="forbid", total=False))


@functools.cache
def plant_validator(sector: Sector) -> Any:
    from pydantic_core import SchemaValidator

    return SchemaValidator(plant_schema(sector))


def questionnaire_json_schema(sector: Sector) -> dict[str, Any]:
    from pydantic.json_schema import GenerateJsonSchema

    return GenerateJsonSchema().generate(plant_schema(sector))
