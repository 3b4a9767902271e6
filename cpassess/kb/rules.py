"""Rules and their cases: when a measure is recommended, and the plants that show it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..conditions import STRICT, Condition, leaves
from ..errors import CpError
from ..yamlio import Document, load
from .files import validate

RULE_ID = re.compile(r"^[A-Z]{3}-\d{3}$")
# Names an EOP rule sees besides the plant's answers, one set per parameter above its limit.
RESIDUAL_FIELDS = {"parameter": "choice", "projected": "number", "limit": "number",
                   "exceedance": "number", "required_removal": "number"}


@dataclass(kw_only=True, eq=False)
class Rule:
    __pydantic_config__ = STRICT
    id: str
    title: str
    stage: Literal["cp", "eop"]
    recommend: list[str]
    when: Condition
    because: str
    sources: list[str] = field(default_factory=list)
    note: str | None = None
    file: str = field(default="", init=False)  # set by the loader

    def __post_init__(self) -> None:
        if not self.recommend:
            raise ValueError("`recommend` needs at least one measure")

    def fields(self) -> list[str]:
        """The fields and indicators the rule reads, in order of first use."""
        return list(dict.fromkeys(leaf.field for leaf in leaves(self.when)))


@dataclass(kw_only=True, eq=False)
class Case:
    __pydantic_config__ = STRICT
    name: str
    plant: dict[str, Any]
    residual: dict[str, Any] | None = None
    expect: Literal["fires", "silent", "unknown"]



def load_cases(rule: Rule) -> tuple[list[Case], Document]:
    path = Path(rule.file).with_name(f"{rule.id}.cases.yaml")
    doc = load(path)
    if not isinstance(doc.data, list):
        raise CpError("expected a list of cases", file=doc.file, line=1)
    return validate(list[Case], doc), doc
