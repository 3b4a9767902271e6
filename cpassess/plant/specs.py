"""What reading each of a sector's fields needs, worked out once per sector rather than once per answer."""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

from ..kb.schema import QField
from ..kb.sector import Sector
from ..units import is_currency_unit

# The answers per-batch, per-week and per-month figures are converted with: read before other numbers.
PERIOD_FIELDS = ("batches_per_day", "operating_days_per_year")


@dataclass(frozen=True)
class FieldSpec:
    """What reading one field needs, worked out once per sector."""

    key: str
    section: str
    path: tuple[str, str]  # (section, key): where the questionnaire has the answer
    question: QField
    number: bool  # a number or an integer
    money: bool  # in the plant's currency
    choice_codes: dict[str, str]  # a choice's code or label, lowercase -> its code (the first that has it)


@functools.cache
def reading_order(sector: Sector) -> tuple[tuple[str, tuple[FieldSpec, ...]], ...]:
    """The sector's fields in the order they are read, in runs of one section each: answers other
    answers are converted with come first (the currency, the country, the periods), numbers last;
    else as the questionnaire has them."""
    specs = []
    for name, section in sector.sections.items():
        for key in section.fields:
            fld = sector.fields[key]
            codes: dict[str, str] = {}
            for code, label in (fld.choices or {}).items():
                codes.setdefault(code.lower(), code)
                codes.setdefault(label.lower(), code)
            specs.append(FieldSpec(key, name, (name, key), fld, fld.type in ("number", "integer"),
                                   is_currency_unit(fld.unit), codes))
    specs.sort(key=lambda spec: (spec.number, spec.key not in PERIOD_FIELDS))
    return tuple((name, tuple(run)) for name, run in itertools.groupby(specs, key=lambda spec: spec.section))
