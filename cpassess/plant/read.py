"""Reading a plant: its questionnaire validated against its sector, problems as one-line errors."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic_core import ValidationError

from ..errors import CpError
from ..kb import KnowledgeBase, as_knowledge
from ..kb.files import data_path
from ..kb.sector import Sector
from ..text import did_you_mean, fmt
from ..yamlio import Document, load, parse
from .blank import describe
from .schema import ACTION_KEYS, plant_validator, stands_rejected
from .written import Recorded, make_plain


class Plant:
    """One plant's validated answers, flat by field id, with where they came from."""

    def __init__(self, sector: Sector, answers: dict[str, Any], source: str,
                 quotes: dict[str, float] | None = None, recorded: dict[str, Recorded] | None = None,
                 notes: dict[str, str] | None = None, actions: dict[str, dict[str, Any]] | None = None) -> None:
        self.sector = sector
        self.answers = answers
        self.source = source
        self.quotes = quotes or {}  # measure id -> investment quoted to the plant
        self.recorded = recorded or {}  # field id -> how its answer was written (range, unit, basis, note)
        self.notes = notes or {}  # the plant's notes: '' on the whole questionnaire, else by section
        self.actions = actions or {}  # measure id -> owner, target date, status decided at an earlier visit
        self.previous: Plant | None = None  # the earlier visit its file names (`previous_visit`), one step back
        self.previous_visit: str | None = None  # that file's name, as this file gives it
        # measures rejected for a reason at the visits before this one that its file does not speak of
        # (set where it is read as a later visit's earlier visit)
        self.standing: dict[str, dict[str, Any]] = {}

    @property
    def name(self) -> str:
        return str(self.answers.get("name", Path(self.source).stem))


def _explain(sector: Sector, error: dict[str, Any], doc: Document) -> CpError:
    loc = data_path(doc.data, error["loc"])
    key = str(loc[-1]) if loc else None
    if loc and loc[0] == "actions":  # "status" alone would not say of which measure
        key = ".".join(str(part) for part in loc)
    kind = error["type"]
    if kind == "extra_forbidden" and key is not None:
        if len(loc) == 1:
            message = f"unknown section {key!r}" + did_you_mean(key, sector.sections)
        elif loc[0] == "actions" and len(loc) == 3:  # a misspelt key of one measure's action
            message = f"unknown key {loc[-1]!r} of an action" + did_you_mean(str(loc[-1]), ACTION_KEYS)
        elif key in sector.field_section:
            message = f"belongs in section {sector.field_section[key]!r}, not {loc[0]!r}"
        else:
            message = f"unknown field {key!r}" + did_you_mean(key, sector.fields)
        return doc.error(message, loc, key)
    blank = error.get("input") is None or kind == "string_too_short"
    if kind == "missing" or (blank and key in sector.fields):
        return doc.error("is required but not answered", loc, key)
    message = error["msg"].removeprefix("Value error, ")
    if kind == "literal_error" and key in sector.fields:
        choices = sector.fields[key].choices or {}
        message = f"{error.get('input')!r} is not one of {', '.join(choices)}"
    elif kind == "literal_error":
        message = f"{error.get('input')!r} is not one of {error.get('ctx', {}).get('expected', '')}"
    elif kind.startswith(("greater_than", "less_than")) and key in sector.fields:
        field = sector.fields[key]
        message = f"{fmt(error.get('input'), field.unit)} is out of range ({describe(field).split(', ', 1)[-1]})"
    elif kind == "string_pattern_mismatch" and key in sector.fields:
        example = sector.fields[key].example
        message = f"{error.get('input')!r} is not in the expected form" + (f", e.g. {example}" if example else "")
    elif kind == "bool_type":
        message = f"{error.get('input')!r}: answer yes or no"
    elif kind == "model_type":
        message = "expected a mapping of fields to answers"
    elif kind in ("dict_type", "typed_dict_type") and loc and loc[0] == "actions":
        message = f"{error.get('input')!r}: an action is a mapping of its keys ({', '.join(ACTION_KEYS)})"
    elif kind.startswith(("greater_than", "less_than")):  # an action's money, a section's own bounds
        bound = error.get("ctx", {})
        limit = next(iter(bound.values()), None)
        said = {"greater_than_equal": "at least", "greater_than": "above", "less_than_equal": "at most",
                "less_than": "below"}.get(kind, kind)
        message = f"{error.get('input')!r} is out of range: it must be {said} {fmt(limit) if limit is not None else ''}"
    return doc.error(message, loc, key)


def read_plant(doc: Document, kb: KnowledgeBase | str | Path | None = None, follow: bool = True) -> Plant:
    """Validate a parsed questionnaire against its sector; the first problem becomes a CpError."""
    kb = as_knowledge(kb)
    if not isinstance(doc.data, dict):
        raise doc.error("expected a questionnaire: a mapping that starts with `sector:`", (), None)
    sector_id = doc.data.get("sector")
    if sector_id is None:
        raise doc.error(f"says which sector it is for, e.g. `sector: tofu` "
                        f"(sectors: {', '.join(kb.sector_ids)})", (), "sector")
    try:
        sector = kb.sector(str(sector_id))
    except CpError as exc:
        if str(sector_id) in kb.sector_ids:
            raise  # a problem in the knowledge base itself, with its own file and line
        raise doc.error(exc.message, ("sector",), "sector") from None
    plant = validate_answers(sector, doc)
    previous = doc.data.get("previous_visit")
    plant.previous_visit = str(previous) if previous else None
    if previous and follow:
        plant.previous = _previous(plant, str(previous), doc, kb)
    return plant


def validate_answers(sector: Sector, doc: Document) -> Plant:
    """Validate a parsed questionnaire whose sector is known."""
    plain = make_plain(sector, doc)
    problems = plain.problems
    try:
        validated = plant_validator(sector).validate_python(plain.data)
    except ValidationError as exc:
        read_as = copy.copy(doc)  # the same kind of document: a workbook's names sheet and cell, not line
        read_as.data = plain.data
        reported = {(problem.line, problem.sheet, problem.cell, problem.field) for problem in problems}
        problems += [problem for problem in (_explain(sector, dict(error), read_as) for error in exc.errors())
                     if (problem.line, problem.sheet, problem.cell, problem.field) not in reported]
    if problems:
        problems.sort(key=lambda problem: problem.line or 0)
        problems[0].others = problems[1:]
        raise problems[0] from None
    answers: dict[str, Any] = {}
    fields = sector.fields
    for name in sector.sections:
        section = validated.get(name)
        if section is not None:
            answers.update({k: v for k, v in section.items() if v is not None and k in fields})
    quotes = validated.get("quotes") or {}
    actions = {measure_id: {k: v for k, v in (action or {}).items() if v is not None}
               for measure_id, action in (validated.get("actions") or {}).items()}
    for key, by_measure in (("quotes", quotes), ("actions", actions)):
        for measure_id in by_measure:
            if measure_id not in sector.measures:
                hint = did_you_mean(measure_id, sector.measures)
                raise doc.error(f"no measure {measure_id!r} in sector {sector.id}{hint}", (key, measure_id),
                                measure_id)
    for measure_id, action in actions.items():  # what became of a measure needs to say how far it got
        told = [k for k in ("date", "reason", "realised_saving", "realised_investment") if k in action]
        if told and "status" not in action:
            raise doc.error(f"{told[0]} given without a status: say whether it is planned, in_progress, done, "
                            f"dropped or rejected", ("actions", measure_id), f"actions.{measure_id}.status")
        if action.get("status") == "rejected" and not action.get("reason"):  # it would only be recommended again
            raise doc.error("rejected without a reason: give the plant's reason (a rejection with one is not "
                            "recommended again while its facts stay as they are)", ("actions", measure_id),
                            f"actions.{measure_id}.reason")
        visited = answers.get("visit_date")
        if action.get("date") and visited and str(action["date"]) > str(visited):
            raise doc.error(f"{action['date']} is after this visit ({visited}): the date it was done, dropped or "
                            f"rejected", ("actions", measure_id, "date"), f"actions.{measure_id}.date")
    return Plant(sector, answers, doc.file, quotes, plain.recorded, plain.notes, actions)


def _previous(plant: Plant, name: str, doc: Document, kb: KnowledgeBase | str | Path | None) -> Plant:
    """The earlier visit a plant file names, read as any plant file (its own earlier visit is not
    followed: one step back is the history a report shows)."""
    here = Path(doc.file).parent if doc.file not in ("-", "<stdin>") else Path.cwd()
    path = (here / name).resolve()
    if str(doc.file) not in ("-", "<stdin>") and path == Path(doc.file).resolve():
        raise doc.error("names this file itself as its earlier visit", ("previous_visit",), "previous_visit")
    try:
        earlier = load_plant(path, kb, follow=False)
    except CpError as exc:
        raise doc.error(f"the earlier visit {name}: {exc.one_line()}", ("previous_visit",), "previous_visit") \
            from None
    differs = not_one_plant(earlier, plant)
    if differs:
        raise doc.error(f"the earlier visit {name} {differs[0]}", ("previous_visit",), "previous_visit")
    return with_standing_rejections(earlier, path, kb)


def with_standing_rejections(earlier: Plant, path: Path, kb: KnowledgeBase | str | Path | None) -> Plant:
    """`earlier` as a later visit's earlier visit, with the rejections that still stand from the
    visits before it."""
    earlier.standing = _older_rejections(earlier, path, kb)
    return earlier


def not_one_plant(earlier: Plant, later: Plant) -> tuple[str, str] | None:
    """Why two files are not two visits to one plant ('is a cement plant, this one a tofu plant') and
    the field that says so, or None: one sector, one plant id where both give one, one currency (an
    estimate in rupiah is not set against a saving in dollars)."""
    for field, what in (("sector", "a {} plant"), ("plant_id", "plant {!r}"), ("currency", "priced in {}")):
        before, after = ((p.sector.id if field == "sector" else p.answers.get(field)) for p in (earlier, later))
        if before and after and before != after:
            return f"is {what.format(before)}, this one {what.format(after)}", field
    return None


VISITS_BACK = 10  # how far back a rejection is looked for: ten years of yearly visits


def _older_rejections(earlier: Plant, path: Path, kb: KnowledgeBase | str | Path | None) -> dict[str, dict[str, Any]]:
    """Measures rejected for a reason at the visits before `earlier` (its own earlier visit, and so on
    back) that no later file speaks of: a rejection stands until a file says otherwise, not for one
    visit only. A file further back that cannot be read, or a loop, ends the search."""
    out: dict[str, dict[str, Any]] = {}
    said = set(earlier.actions)
    seen, at, plant = {path}, path, earlier
    for _ in range(VISITS_BACK):
        if not plant.previous_visit:
            break
        at = (at.parent / plant.previous_visit).resolve()
        if at in seen:
            break
        seen.add(at)
        try:
            plant = load_plant(at, kb, follow=False)
        except CpError:
            break
        out.update({m: a for m, a in plant.actions.items() if m not in said and stands_rejected(a)})
        said |= set(plant.actions)
    return out


# Spreadsheets: .xlsx is read (plant/workbook/, which imports openpyxl); the others are refused clearly.
SPREADSHEETS = (".xlsx", ".xls", ".xlsm", ".xlsb", ".ods")


def load_plant(path: str | Path, kb: KnowledgeBase | str | Path | None = None, follow: bool = True) -> Plant:
    """A plant from a YAML or JSON file (`-` reads standard input) or an .xlsx workbook; `follow`: read
    the earlier visit its file names too."""
    if str(path) != "-" and Path(path).suffix.lower() in SPREADSHEETS:
        from .workbook import read_workbook

        return read_workbook(path, kb, follow)
    return read_plant(load(path), kb, follow)


def parse_plant(text: str, name: str = "<plant>", kb: KnowledgeBase | str | Path | None = None) -> Plant:
    """A plant from questionnaire text; `name` is what error messages call it."""
    return read_plant(parse(text, name), kb)
