"""Turn answers such as "450 L/day" into the field's canonical unit; pint loads only when needed."""

from __future__ import annotations

import functools
import re
from typing import Any

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*?)\s*$")
_POWER = re.compile(r"(?<![A-Za-z])(mm|cm|km|m)([23])(?![0-9])")


_ABBREVIATIONS = {"tpd": "t/day", "tph": "t/h", "tpa": "t/year", "m3pd": "m3/day"}
# The period words of the Indonesian and Chinese reports (kg/hari, m3/天): a figure copied from a
# report into a questionnaire reads back.
_PERIODS = {"hari": "day", "tahun": "year", "jam": "h", "bulan": "month", "minggu": "week", "menit": "min",
            "天": "day", "日": "day", "年": "year", "小时": "h", "月": "month", "周": "week", "分钟": "min"}
_PERIOD_WORD = re.compile(r"(?<![A-Za-z])(?:hari|tahun|jam|bulan|minggu|menit)(?![A-Za-z])|小时|分钟|[天日年月周]")
# In this field a ton is a metric tonne (pint's `ton` is the US short ton, 907 kg): the short and
# long tons count only where they are written so.
_TONS = [(re.compile(r"(?<![A-Za-z_])(short|long)[ _]tons?(?![A-Za-z_])"), r"\1_ton"),
         (re.compile(r"(?<![A-Za-z_])(metric )?(tonnes?|tons?)(?![A-Za-z_])"), "t")]


@functools.lru_cache(maxsize=1024)  # a questionnaire repeats a few dozen unit strings
def normalise(unit: str) -> str:
    """Spelling variants of one unit collapse to one string: 'm³ / day' -> 'm3/day', 'tpd' -> 't/day'."""
    text = _ABBREVIATIONS.get(unit.strip(), unit)
    text = text.replace("³", "3").replace("²", "2").replace("%", "percent")
    text = _PERIOD_WORD.sub(lambda match: _PERIODS[match.group(0)], text)
    text = re.sub(r"\s*/\s*|\s+per\s+", "/", text.strip())
    for pattern, replacement in _TONS:
        text = pattern.sub(replacement, text)
    return re.sub(r"\s+", " ", text)


_TIME = {"s": "second", "sec": "second", "second": "second", "min": "minute", "minute": "minute",
         "h": "hour", "hr": "hour", "hour": "hour", "d": "day", "day": "day", "week": "week",
         "wk": "week", "month": "month", "mo": "month", "year": "year", "yr": "year", "a": "year",
         "annum": "year", "batch": "batch", "batche": "batch"}


def _time_basis(unit: str) -> str | None:
    """'m3/day' -> 'day': the period a rate is counted over (kWh/day, t/h, kg/batch); None if none."""
    return next((_TIME[w] for w in _below(unit) if w in _TIME), None)


def _below(unit: str) -> list[str]:
    _, _, below = normalise(unit).partition("/")
    return [w.strip().rstrip("s") if len(w.strip()) > 3 else w.strip() for w in below.split("/")]


def period(unit: str | None) -> str | None:
    """The period a rate is counted over: 'kg/batch' -> 'batch', 'kWh/month' -> 'month'."""
    return _time_basis(unit) if unit else None


def with_period(unit: str, basis: str) -> str:
    """The same unit over another period: ('kg/batch', 'day') -> 'kg/day'."""
    top, *below = normalise(unit).split("/")
    words = _below(unit)
    return "/".join([top, *(basis if _TIME.get(w) else part for w, part in zip(words, below, strict=True))])


def _pint_syntax(unit: str) -> str:
    # Plant engineers' kcal is the International Table calorie (4.1868 J), not pint's 4.184 J.
    text = re.sub(r"(?<![A-Za-z_])kcal(?![A-Za-z_])", "kcal_it", normalise(unit))
    return _POWER.sub(r"\1**\2", text)


@functools.lru_cache(maxsize=1)
def _registry() -> Any:
    import pint  # about 0.3-0.8 s to import and build: only runs that convert pay for it

    registry: Any = pint.UnitRegistry(autoconvert_offset_to_baseunit=True)
    # Normal cubic metres are gas at reference conditions: never silently equal to m3.
    registry.define("normal_cubic_meter = [normal_volume] = Nm3")
    return registry


def known_unit(unit: str) -> bool:
    """True if pint understands the canonical unit (used by the knowledge-base checks)."""
    try:
        _registry().Unit(_pint_syntax(unit))
    except Exception:  # noqa: BLE001 - pint raises several unrelated types
        return False
    return True


def _known(unit: str) -> bool:
    """known_unit, kept in the cache: a run that converts nothing new does not load pint for it."""
    from .cache import fingerprint, memoised

    return memoised("known-unit", fingerprint([], normalise(unit)), lambda: known_unit(unit))


def is_currency_unit(unit: str | None) -> bool:
    return bool(unit) and normalise(unit or "").split("/")[0] == "currency"


def convert(text: str, unit: str | None) -> float:
    """Parse '12 m3/day' (or '12') into a number in `unit`; ValueError says what is wrong."""
    if re.match(r"^\s*[-+]?\d{1,3}([.,])\d{3}(\1\d{3})+(?!\d)", text):  # 1.250.000 or 1,250,000
        raise ValueError(f"{text!r}: write numbers without a thousands separator, e.g. "
                         f"{re.sub(r'[.,]', '', text.split()[0])}")
    if re.match(r"^\s*[-+]?\d*[.,]?\d+,\d", text):
        raise ValueError(f"{text!r}: write numbers with a decimal point and no thousands "
                         f"separator, e.g. 1200.5")
    match = _QUANTITY.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a number (with an optional unit)")
    number, given = float(match.group(1)), match.group(2)
    if not given or (unit and normalise(given) == normalise(unit)):
        return number
    if given[:1].isdigit():  # "1 200", "1 500 000": spaces inside the number
        raise ValueError(f"{text!r}: write the number without spaces, e.g. {''.join(text.split())}")
    if not unit or unit == "-":
        raise ValueError(f"{text!r}: this answer takes a plain number without a unit")
    if is_currency_unit(unit):
        raise ValueError(f"{text!r}: give a plain number in the plant's currency "
                         f"({unit.replace('currency', 'currency units')})")
    if _time_basis(given) is None and not _known(given):  # "3OO" (letters O), "300 kgs"
        raise ValueError(f"{text!r} is not a number, or its unit is not one known here: write the number in "
                         f"digits, then a unit such as {unit}")
    basis = _time_basis(unit)
    numerator = normalise(unit).partition("/")[0]
    if basis and "/" not in given and _TIME.get(numerator) and _TIME.get(normalise(given).rstrip("s")):
        given = f"{given}/{basis}"  # "8 h" for hours a day: the question's period is understood
    if basis and _time_basis(given) is None and _conversion(normalise(given), numerator)[0] is not None:
        raise ValueError(f"{text!r}: this question asks per {basis}; if that is one {basis}'s amount, "
                         f"write {match.group(1)} {given}/{basis}")
    if basis and _time_basis(given) != basis:
        # 12 m3/h is not 288 m3/day in a plant that works 8 hours: the calendar would lie.
        raise ValueError(f"{text!r}: this question asks per {basis}; convert it with the plant's own "
                         f"working hours or days and give it in {unit}")
    scale, offset = _conversion(normalise(given), normalise(unit))
    if scale is None:
        raise ValueError(f"{text!r}: cannot convert {given!r} to {unit}")
    return float(f"{number * scale + offset:.12g}")  # drop binary noise such as 0.45000000000000001


@functools.cache
def _conversion(given: str, unit: str) -> tuple[float | None, float]:
    """Scale and offset from one unit to another; pint works them out once, the cache keeps them."""
    from .cache import fingerprint, memoised

    def with_pint() -> tuple[float | None, float]:
        registry = _registry()
        try:
            at_zero = float(registry.Quantity(0.0, _pint_syntax(given)).to(_pint_syntax(unit)).magnitude)
            at_one = float(registry.Quantity(1.0, _pint_syntax(given)).to(_pint_syntax(unit)).magnitude)
        except Exception:  # noqa: BLE001 - pint raises several unrelated types
            return None, 0.0
        return at_one - at_zero, at_zero

    return memoised("unit", fingerprint([], given, unit), with_pint)
