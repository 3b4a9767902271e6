"""The Assessment as JSON, and its JSON schema, through pydantic (loaded only by runs that need them)."""

from __future__ import annotations

import functools
from typing import Any

from .model import Assessment


@functools.lru_cache(maxsize=1)
def _adapter() -> Any:
    from pydantic import TypeAdapter  # built once, only by runs that write JSON or a schema

    return TypeAdapter(Assessment)


def to_json(assessment: Assessment, compact: bool = False) -> str:
    """The assessment as JSON: keys in model order, UTF-8 text, the same bytes for the same input;
    `compact` without indentation (a city batch: a third less to write). orjson writes the model's
    dataclasses directly, byte for byte as pydantic would (a test holds them to it), in half the time."""
    import orjson

    return orjson.dumps(assessment, option=0 if compact else orjson.OPT_INDENT_2).decode() + "\n"


def json_schema() -> dict[str, Any]:
    """The assessment's JSON schema, its own properties at the top (an assessment holds its earlier
    visit's, so pydantic puts it among the definitions and refers to it)."""
    schema = dict(_adapter().json_schema())
    ref = schema.pop("$ref", None)
    if ref is not None:
        schema = {**schema["$defs"][ref.rsplit("/", 1)[-1]], **schema}
    return schema
