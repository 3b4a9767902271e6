"""Training cases: a story a trainee works from, its model questionnaire and the trainer's discussion."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..conditions import STRICT
from ..errors import CpError
from ..text import did_you_mean
from ..yamlio import Document, load
from .files import validate
from .translate import ENGLISH

TEXT = str | int | float  # a lab result or a date as the sheet has it; shown as written


@dataclass(kw_only=True, eq=False)
class Step:
    __pydantic_config__ = STRICT
    step: str
    text: str


@dataclass(kw_only=True, eq=False)
class BillRow:
    __pydantic_config__ = STRICT
    item: str
    quantity: float | None = None
    unit: str | None = None
    amount: float | None = None  # in the plant's currency
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Bills:
    __pydantic_config__ = STRICT
    period: str
    rows: list[BillRow]


@dataclass(kw_only=True, eq=False)
class LabRow:
    __pydantic_config__ = STRICT
    parameter: str
    result: TEXT
    unit: str | None = None
    method: str | None = None


@dataclass(kw_only=True, eq=False)
class LabSheet:
    __pydantic_config__ = STRICT
    lab: str
    rows: list[LabRow]
    sample: str | None = None
    date: TEXT | datetime.date | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Price:
    __pydantic_config__ = STRICT
    item: str
    price: float
    unit: str
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class CaseText:
    """What the trainee is handed: nothing in it gives the answer away."""

    __pydantic_config__ = STRICT
    title: str
    level: Literal["beginner", "intermediate", "advanced"]
    language: str
    summary: str
    task: str
    story: str
    walkthrough: list[str] = field(default_factory=list)
    manager: list[str] = field(default_factory=list)
    process_flow: list[Step] = field(default_factory=list)
    bills: Bills | None = None
    lab_sheet: LabSheet | None = None
    prices: list[Price] = field(default_factory=list)
    given: list[str] = field(default_factory=list)  # questionnaire fields the handout fills in


@dataclass(kw_only=True, eq=False)
class Order:
    __pydantic_config__ = STRICT
    first: str
    then: str
    why: str


@dataclass(kw_only=True, eq=False)
class WrongAnswer:
    __pydantic_config__ = STRICT
    answer: str
    cost: str
    measures: list[str] = field(default_factory=list)  # proposing all of these is this wrong answer
    ahead_of_cp: bool = False  # only when they come before every CP measure the trainee proposes


@dataclass(kw_only=True, eq=False)
class Discussion:
    """The trainer's side: why the model answer is what it is, and what trainees get wrong."""

    __pydantic_config__ = STRICT
    main_problem: str
    eop: str
    order: list[Order] = field(default_factory=list)
    wrong_answers: list[WrongAnswer] = field(default_factory=list)
    notes: str | None = None


@dataclass(kw_only=True, eq=False)
class Case:
    id: str
    sector: str
    folder: Path
    lang: str  # the language its text was read in (English where no translation exists)
    text: CaseText
    discussion: Discussion

    @property
    def model(self) -> Path:
        return self.folder / "model.yaml"

    def translated(self, lang: str) -> bool:
        return lang == ENGLISH or (self.folder / f"case.{lang}.yaml").is_file()


def case_folders(root: Path) -> dict[str, Path]:
    """Every case under a knowledge base root, by id (its folder's name), in sector and id order."""
    out: dict[str, Path] = {}
    for path in sorted((root / "sectors").glob("*/cases/*/case.yaml")):
        other = out.setdefault(path.parent.name, path.parent)
        if other != path.parent:
            raise CpError(f"case id {path.parent.name} is also used by {other}", file=path)
    return out


def load_case(root: Path, case_id: str, lang: str = ENGLISH) -> Case:
    """One case with its text in `lang` where translated; an unknown id is a CpError with a hint."""
    folders = case_folders(root)
    if case_id not in folders:
        raise CpError(f"unknown case {case_id!r}{did_you_mean(case_id, folders)}; "
                      "`cpassess cases` lists them", field="case")
    return read_case(folders[case_id], lang)


def read_case(folder: Path, lang: str = ENGLISH) -> Case:
    """The case in `folder` (its id the folder's name), its text in `lang` where translated."""
    return Case(id=folder.name, sector=folder.parent.parent.name, folder=folder, lang=lang,
                text=_read(folder, "case", CaseText, lang), discussion=_read(folder, "discussion", Discussion, lang))


def _read(folder: Path, name: str, shape: Any, lang: str) -> Any:
    base = load(folder / f"{name}.yaml")
    shaped = validate(shape, base)  # the English file alone first, so an error names its own line
    translation = folder / f"{name}.{lang}.yaml"
    if lang == ENGLISH or not translation.is_file():
        return shaped
    other = load(translation)
    merged = overlay(base.data, other.data, other, ())
    return validate(shape, Document(merged, base.lines, base.file))


def overlay(base: Any, text: Any, doc: Document, path: tuple[Any, ...]) -> Any:
    """`base` with the text of a translation laid over it: same keys, same list positions; what the
    translation leaves out (numbers, units) stays as in the English file."""
    if text is None:
        return base
    if isinstance(base, dict):
        if not isinstance(text, dict):
            raise doc.error("expected a mapping, as in the English file", path)
        for key in text:
            if key not in base:
                raise doc.error(f"{key!r} is not in the English file{did_you_mean(str(key), base)}",
                                (*path, key), str(key))
        return {key: overlay(value, text.get(key), doc, (*path, key)) for key, value in base.items()}
    if isinstance(base, list):
        if not isinstance(text, list) or len(text) != len(base):
            raise doc.error(f"expected a list of {len(base)}, as in the English file", path)
        return [overlay(b, t, doc, (*path, i)) for i, (b, t) in enumerate(zip(base, text, strict=True))]
    return text
