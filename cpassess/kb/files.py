"""Reading knowledge files: where they are, and validating each against its shape."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import CpError
from ..yamlio import Document, load


def package_root() -> Path:
    """Where the shipped sectors/, rules/ and templates/ are: in the wheel, else the checkout."""
    packaged = Path(str(resources.files("cpassess"))) / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2]


@functools.cache
def _adapter(model: Any) -> Any:
    from pydantic import TypeAdapter  # only when the knowledge base is read, not from the cache

    return TypeAdapter(model)


def validate(model: Any, doc: Document) -> Any:
    """Validate a whole document; the first error names its file, line and field."""
    from pydantic_core import ValidationError

    try:
        return _adapter(model).validate_python(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = data_path(doc.data, error["loc"])
        field = ".".join(str(part) for part in loc) or None
        message = error["msg"].removeprefix("Value error, ")
        raise CpError(message, file=doc.file, line=doc.line(loc), field=field) from None


def data_path(data: Any, loc: Iterable[Any]) -> tuple[str | int, ...]:
    """Pydantic's error location without its union tags: only the keys present in the data."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(data, (dict, list)) and not path_is_missing_key(data, part):
            continue
        path.append(part)
    return tuple(path)


def path_is_missing_key(data: Any, part: Any) -> bool:
    """A missing required key still belongs in the path; a union tag does not."""
    return isinstance(data, dict) and isinstance(part, str) and part not in ("all", "any", "leaf")


def load_mapping(path: Path, model: Any, read: Callable[[Path], Document] = load) -> tuple[dict[str, Any], Document]:
    doc = read(path)
    if not isinstance(doc.data, dict):
        raise CpError("expected a mapping of ids to entries", file=doc.file, line=1)
    return validate(dict[str, model], doc), doc


def line_naming(file: str, name: str) -> int | None:
    """The first line of a knowledge file that mentions `name`, for error messages."""
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return next((number for number, text in enumerate(lines, 1) if pattern.search(text)), None)
