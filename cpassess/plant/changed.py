"""A plant with some answers changed on the command line (`--set field=value`), checked as a file is."""

from __future__ import annotations

import yaml

from ..errors import CpError
from ..kb import KnowledgeBase, as_knowledge
from ..text import did_you_mean
from ..yamlio import Document
from .read import Plant, read_plant
from .written import copy_parsed

SETTING = "--set"


def with_changes(doc: Document, settings: list[str], kb: KnowledgeBase | None = None) -> Plant:
    """The plant of `doc` with each `field=value` of `settings` answered anew (`field=` unanswers it).
    A value is read as in the questionnaire: `yes`, `12`, `"450 L/day"`, `10-11`, a choice's code."""
    sector_id = doc.data.get("sector") if isinstance(doc.data, dict) else None
    sector = as_knowledge(kb).sector(str(sector_id)) if sector_id else read_plant(doc, kb).sector
    data = copy_parsed(doc.data)
    changed = set()
    for setting in settings:
        key, equals, text = setting.partition("=")
        key = key.strip()
        if not equals or not key:
            raise CpError(f"{setting!r}: write field=value, e.g. {next(iter(sector.fields))}=12", file=SETTING)
        if key not in sector.field_section:
            raise CpError(f"no question {key!r} in sector {sector.id}{did_you_mean(key, sector.fields)}",
                          file=SETTING, field=key)
        section = data.setdefault(sector.field_section[key], {})
        if section is None:
            section = data[sector.field_section[key]] = {}
        try:  # a YAML scalar, read safely: nothing written is evaluated
            section[key] = yaml.safe_load(text) if text.strip() else None
        except yaml.YAMLError:
            section[key] = text
        changed.add(key)
    try:
        # a number as written in the file no longer describes a changed answer
        numbers = {path: text for path, text in doc.numbers.items() if not set(path) & changed}
        return read_plant(Document(data, doc.lines, doc.file, numbers), kb)
    except CpError as exc:
        if exc.field in changed:
            raise CpError(exc.message, file=SETTING, field=exc.field) from None
        raise
