"""A later visit's report: what became of each measure recommended at the earlier visit its file names."""

from __future__ import annotations

from typing import Any

from ..model import Assessment, Payback, Recommendation
from ..plant.schema import UNDER_WAY
from .measures import action_status
from .numbers import approx, rough_span, years
from .rich import Parts
from .words import Words


def history(a: Assessment, w: Words) -> dict[str, Any] | None:
    """The earlier visit's measures, each with what the plant says became of it (its file's
    `actions`) or whether the rules still recommend it; rejections recommended again; what is new."""
    before = a.previous
    if before is None:
        return None
    now = {r.measure_id: r for r in a.recommendations}
    currency = a.totals.get("currency")
    lines: list[Parts] = []
    back = {x.measure_id for x in a.rejected if x.changed}  # said once, below, with what changed
    for r in sorted({r.measure_id: r for r in reversed(before.recommendations)}.values(), key=lambda r: r.rank):
        if r.measure_id in back:
            continue
        action = a.actions.get(r.measure_id) or {}
        if action.get("status"):
            parts: Parts = action_status(action["status"], action.get("date"), action.get("reason"), w,
                                         action.get("owner"), action.get("target_date"))
            if action.get("from_visit"):  # this file is silent: the earlier file said so
                parts.append(("", w("items_separator") + w("history.said_before", date=w.date(action["from_visit"]))))
            else:
                parts += _realised(action, r, currency, w)
            if r.measure_id in now:  # done, yet a rule still finds what it was for: the advisor checks
                said = "history.done_still" if action["status"] == "done" else "history.still_recommended"
                parts += [("", w("items_separator") + w(said, rank=now[r.measure_id].rank))]
            elif action["status"] in UNDER_WAY:
                parts += [("", w("items_separator") + w("history.dropped"))]
        elif r.measure_id in now:
            parts = [("", w("history.still", rank=now[r.measure_id].rank))]
        else:
            parts = [("", w("history.dropped"))]
        lines.append([("b", r.title), ("", w("colon")), *parts])
    again = [[("b", x.title), ("", w("colon")),
              ("", w("history.again", changed=w("names_separator").join(x.changed))), ("user", x.reason)]
             for x in a.rejected if x.changed]
    earlier = {r.measure_id for r in before.recommendations}
    new = [r.title for r in a.recommendations if r.measure_id not in earlier]
    date = before.plant.get("visit_date")
    return {"heading": w("history.heading", date=w.date(date)) if date else w("history.heading_undated"),
            "lines": lines + again,
            "new": [("", w("history.new", names=w("items_separator").join(new)))] if new else None}


def _realised(action: dict[str, Any], r: Recommendation, currency: str | None, w: Words) -> Parts:
    """What a measure done saved and cost, as the plant reports it, beside the earlier estimates; and
    the payback those two give."""
    said = []
    saving, investment = action.get("realised_saving"), action.get("realised_investment")
    if saving is not None:
        key = "history.realised" if saving >= 0 else "history.lost"  # a measure may cost more than it saves
        realised = approx(abs(saving), currency, w)
        said.append(w(key, saving=realised, estimate=approx(r.annual_saving, currency, w))
                    if r.annual_saving is not None else w(f"{key}_only", saving=realised))
    if investment is not None:
        spent, estimate = approx(investment, currency, w), r.investment
        # a measure still under way has spent this much so far, not its whole cost
        key = "history.spent_so_far" if action.get("status") in UNDER_WAY else "history.invested"
        if estimate is not None and estimate.low is not None:
            high = estimate.high if estimate.high is not None else estimate.low
            said.append(w(key, investment=spent,
                          estimate=rough_span(estimate.low, high, estimate.currency or currency, w)))
        else:
            said.append(w(f"{key}_only", investment=spent))
        if saving is not None and saving > 0 and key == "history.invested":
            paid_back = Payback(low_years=investment / saving, high_years=investment / saving,
                                basis="investment_over_savings")
            said.append(w("history.paid_back", payback=years(paid_back, w)))
    return [("", w("items_separator") + text) for text in said]
