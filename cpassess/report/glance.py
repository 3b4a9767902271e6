"""The summary's last lines, for a plant manager who reads one page: the first measures of each part
of the plan, and the questions to ask first on the next visit."""

from __future__ import annotations

from typing import Any

from ..model import HORIZONS, Assessment
from .measures import anchor
from .rich import Parts
from .words import Words

FIRST = 3  # measures named per part of the plan, and questions named, on the first page


def first_steps(a: Assessment, w: Words) -> list[dict[str, Any]]:
    items = []
    for horizon in HORIZONS:
        ranked = sorted((r for r in a.recommendations if r.horizon == horizon), key=lambda r: r.rank)
        if not ranked:
            continue
        parts: Parts = [("b", w(f"glance.{horizon}")), ("", " ")]
        for index, r in enumerate(ranked[:FIRST]):
            parts += [("", w("items_separator"))] if index else []
            parts.append(("link", w("actions.named", title=r.title, rank=r.rank), anchor(r)))
        if len(ranked) > FIRST:
            parts.append(("", w("glance.more", n=len(ranked) - FIRST)))
        items.append({"kind": "", "parts": parts + [("", w("full_stop"))]})
    if a.data_gaps:
        asked = w("items_separator").join(gap.question for gap in a.data_gaps[:FIRST])
        items.append({"kind": "", "parts": [("b", w("glance.ask_first")), ("", f" {asked}")]})
    return items
