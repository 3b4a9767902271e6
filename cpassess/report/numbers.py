"""Numbers as a report shows them: significant figures, ranges, money, percentages, paybacks."""

from __future__ import annotations

import re
from typing import Any

from ..model import Payback, Value
from ..text import fmt, number_text
from .words import Words

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def amount(value: float | None, unit: str | None, w: Words) -> str:
    """A measured or derived value with its unit, as the plant gave it."""
    return w("not_known") if value is None else fmt(value, unit)


def approx(value: float | None, unit: str | None, w: Words) -> str:
    """Three significant figures: projected savings rest on judged and secondary figures."""
    if value is None:
        return w("not_known")
    return fmt(float(f"{value:.3g}") if value else 0.0, unit)


def times(value: float | None, w: Words) -> str:
    """How many times a limit: two figures ('2.0', '10', '150'); a ratio is no finer than that."""
    if value is None:
        return w("not_known")
    return fmt(round(value, 1) if value < 10 else float(f"{value:.2g}") if value < 100 else round(value))


def percent(fraction: float | None, w: Words) -> str:
    return w("not_known") if fraction is None else f"{fmt(100 * fraction)}%"


def number_range(low: float, high: float, w: Words) -> str:
    if low == high:
        return fmt(low)
    if low < 0 or high < 0:  # "-36–-20" reads badly: "-20 to -36", the nearer end first
        near, far = (high, low) if abs(high) < abs(low) else (low, high)
        return w("signed_range", low=fmt(near), high=fmt(far))
    return f"{fmt(low)}–{fmt(high)}"


def span(low: float | None, high: float | None, unit: str | None, w: Words) -> str:
    """'8,000,000 IDR' for a single figure, '100–200 USD' for a range."""
    if low is None or high is None:
        return w("not_known")
    return f"{number_range(low, high, w)} {unit or ''}".rstrip()


def rough_span(low: float | None, high: float | None, unit: str | None, w: Words, figures: int = 2) -> str:
    """A range no finer than what it rests on: an indicative cost scaled and converted from elsewhere
    to two figures ('34,000,000,000–110,000,000,000 IDR'), a projected saving to three."""
    if low is None or high is None:
        return w("not_known")
    return span(float(f"{low:.{figures}g}"), float(f"{high:.{figures}g}"), unit, w)


def percent_range(low: float | None, high: float | None, w: Words) -> str:
    if low is None or high is None:
        return w("not_known")
    return f"{number_range(100 * low, 100 * high, w)}%"


def figure(item: Any, unit: str, w: Words, scale: float = 1.0) -> str:
    if item is None:
        return "–"
    if item.value is not None:
        text = fmt(scale * item.value)
    elif item.low is not None:
        text = number_range(scale * item.low, scale * item.high, w)
    else:
        return w("not_known")
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}".rstrip()


def years(payback: Payback, w: Words) -> str:
    low, high = payback.low_years, payback.high_years
    if low is None or high is None:
        args = dict(payback.args)
        if payback.basis == "other_currency" and not args.get("plant_currency"):
            args["plant_currency"] = w("payback.no_currency")
        return w(f"payback.{payback.basis}", **args)
    if high == 0:
        return w("payback.immediate")
    if high < 1:  # months read better than 0.59 years; a payback is no finer than a month
        low_m, high_m = max(1, round(12 * low)), max(1, round(12 * high))
        return w("payback.months", months=f"{low_m}–{high_m}" if low_m != high_m else str(high_m),
                 n=2 if low_m != high_m else high_m)
    low_y, high_y = _two_figures(low), _two_figures(high)
    return w("payback.years", years=fmt(high_y) if low_y == high_y else f"{fmt(low_y)}–{fmt(high_y)}")


def _two_figures(value: float) -> float:
    """1.3, 4.5, 12, 150: a payback rests on judged costs and savings, so two figures at most."""
    return round(value, 1) if value < 10 else float(f"{value:.2g}")


def shown(value: Value, w: Words) -> str:
    """A value as the reader sees it: 'not answered', a choice's label, yes/no, a number with its unit."""
    if value.value is None:
        return w("not_answered")
    if value.label is not None:
        return value.label
    if value.percent and isinstance(value.value, (int, float)):
        return f"{number_text(100 * value.value)}%"
    if isinstance(value.value, bool):
        return w("answer_yes") if value.value else w("answer_no")
    if isinstance(value.value, str) and ISO_DATE.fullmatch(value.value):  # a visit's date
        return w.date(value.value)
    return fmt(value.value, value.unit)
