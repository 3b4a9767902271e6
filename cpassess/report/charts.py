"""Charts as numbers the HTML template draws as inline SVG: each indicator on its best / typical / poor
bands, and each limited parameter now and after CP as times its limit. No plotting library: the
report stays self-contained, byte-stable and cheap to start."""

from __future__ import annotations

from typing import Any

from ..model import Assessment
from ..text import fmt
from .numbers import amount, times
from .words import Words

WIDTH = 600  # the SVG's own units; it scales to the page
ROW = 40  # one indicator or parameter: its name above, its bar below


def _central(figure: Any) -> float | None:
    """As the bands are placed (pipeline.answers): a figure's value, else the middle of its range."""
    if figure is None:
        return None
    if figure.value is not None:
        return float(figure.value)
    return (figure.low + figure.high) / 2 if figure.low is not None and figure.high is not None else None


def _x(value: float, top: float) -> float:
    return round(WIDTH * max(0.0, value) / top, 1)


def indicator_chart(a: Assessment, w: Words) -> dict[str, Any] | None:
    """Each indicator with a value and both bands: the bands as segments, the plant as a marker."""
    rows: list[dict[str, Any]] = []
    for i in a.indicators:
        best, poor = _central(i.best), _central(i.poor)
        if i.value is None or best is None or poor is None or i.better not in ("lower", "higher") or best == poor:
            continue
        top = 1.15 * max(best, poor, i.value)
        low_edge, high_edge = sorted((best, poor))
        names = ("best", "typical", "poor") if i.better == "lower" else ("poor", "typical", "best")
        edges = [0.0, _x(low_edge, top), _x(high_edge, top), float(WIDTH)]
        segments = [{"x": edges[k], "width": round(edges[k + 1] - edges[k], 1), "band": names[k],
                     "label": w(f"band.{names[k]}")} for k in range(3)]
        marker = _x(i.value, top)
        rows.append({"y": len(rows) * ROW, "name": i.name, "segments": segments, "marker": marker,
                     "value": amount(i.value, i.unit, w), "anchor": "end" if marker > WIDTH / 2 else "start",
                     "band": i.band or ""})
    return {"rows": rows, "height": len(rows) * ROW, "width": WIDTH} if rows else None


def limit_chart(a: Assessment, w: Words) -> dict[str, Any] | None:
    """Each parameter with an upper limit and a value: now and after CP as times the limit, the limit a line."""
    rows: list[tuple[Any, float, float]] = []
    for p in a.projections:
        if not p.limit_max or p.current is None or p.status_now in ("no_limit", "limit_unknown"):
            continue
        after = p.after_cp if p.after_cp is not None else p.current
        rows.append((p, p.current / p.limit_max, after / p.limit_max))
    if not rows:
        return None
    top = 1.1 * max(1.0, *(max(now, after) for _, now, after in rows))
    out = []
    for index, (p, now, after) in enumerate(rows):
        out.append({"y": index * (ROW + 8), "name": p.name, "now": _x(now, top), "after": _x(after, top),
                    "now_text": f"{times(now, w)}×", "after_text": f"{times(after, w)}×",
                    "exceeds": p.status_after_cp == "exceeds", "limit_value": fmt(p.limit_max, p.unit)})
    return {"rows": out, "limit_x": _x(1.0, top), "height": len(out) * (ROW + 8), "width": WIDTH}
