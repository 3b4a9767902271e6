"""Plausible answers (sectors/common/plausible.yaml): bands, each with its source, that flag slips."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..conditions import STRICT
from ..kb.schema import Source, Sourced
from ..kb.sector import Sector
from ..units import normalise

FILE = "plausible.yaml"


@dataclass(kw_only=True, eq=False)
class Plausible:
    __pydantic_config__ = STRICT
    sources: dict[str, Source] = field(default_factory=dict)
    prices: dict[str, dict[str, Sourced]] = field(default_factory=dict)  # field -> currency -> band


@dataclass(kw_only=True, eq=False)
class Implausible:
    """An answer outside its band."""

    field: str
    value: float
    currency: str
    band: Sourced


def common_folder(sector: Sector) -> Path | None:
    """The knowledge base's sectors/common/: the common questionnaire's sections are merged first."""
    return next((Path(file).parent for (kind, _), (file, _) in sector.origin.items() if kind == "section"), None)


def plausible(sector: Sector) -> Plausible:
    """The bands of the sector's knowledge base (none if it has no plausible.yaml), checked once."""
    folder = common_folder(sector)
    path = folder / FILE if folder else None
    if path is None or not path.is_file():
        return Plausible()
    from ..cache import fingerprint, memoised

    return memoised("plausible", fingerprint([path, *sorted(set(_source_files(sector)))]),
                    lambda: _load(path, sector))


def _source_files(sector: Sector) -> list[Path]:
    return [Path(file) for (kind, _), (file, _) in sector.origin.items() if kind == "source"]


def _load(path: Path, sector: Sector) -> Plausible:
    from ..kb.files import validate
    from ..yamlio import load

    doc = load(path)
    bands: Plausible = validate(Plausible, doc)
    for key, by_currency in bands.prices.items():
        for currency, band in by_currency.items():
            where = ("prices", key, currency)
            if not re.fullmatch(r"[A-Z]{3}", currency):
                raise doc.error(f"{currency!r} is not an ISO 4217 currency code", where, currency)
            if band.source not in bands.sources and band.source not in sector.sources:
                raise doc.error(f"cites unknown source {band.source!r}", where + ("source",), "source")
            if band.low is None or band.high is None:
                raise doc.error("a plausible band gives `low` and `high`", where, currency)
            asked = sector.fields.get(key)
            if asked is not None and (band.unit is None or normalise(band.unit) != normalise(asked.unit or "")):
                raise doc.error(f"the band's unit must be the question's, {asked.unit}", where + ("unit",), "unit")
    return bands


def implausible(sector: Sector, answers: dict[str, Any]) -> list[Implausible]:
    """Prices outside the band usual in the plant's currency."""
    currency = str(answers.get("currency") or "")
    out = []
    for key, by_currency in plausible(sector).prices.items():
        band, value = by_currency.get(currency), answers.get(key)
        if band is None or not isinstance(value, (int, float)) or band.low is None or band.high is None:
            continue
        if not band.low <= value <= band.high:
            out.append(Implausible(field=key, value=float(value), currency=currency, band=band))
    return out
