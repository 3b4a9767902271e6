"""The view of one recommendation: why, what it removes, saves and costs, in sentences of parts."""

from __future__ import annotations

import re
import string
from typing import Any

from ..model import ConditionResult, EopTarget, Investment, Reason, Recommendation, Saving, TargetChange
from ..plant.schema import UNDER_WAY
from ..text import fmt
from .numbers import approx, figure, percent, percent_range, rough_span, shown, span, years
from .rich import Parts
from .words import Words


def cite(source: str | None, evidence: str | None) -> Parts:
    return [("", " "), ("mark", f"[{source}, {evidence}]")]


# A sentence ends at ". " before a capital (English, Indonesian) or at a full-width stop (Chinese,
# Japanese), which is followed by no space.
_FULL_STOPS = ("。", "！", "？")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[{])|(?<=[。！？])(?=.)")


def because(reason: Reason, w: Words) -> str:
    """The rule's explanation with this plant's values; sentences about unanswered values drop out."""
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(reason.because):
        names = [name for _, name, _, _ in string.Formatter().parse(sentence) if name]
        if any(reason.values[name].value is None for name in names):
            continue  # "The preheater exhaust leaves at not answered" helps no manager
        text = sentence.format(**{name: shown(reason.values[name], w) for name in names})
        kept.append(text if not kept or kept[-1].endswith(_FULL_STOPS) else " " + text)
    return "".join(kept) or reason.rule_title


def condition_label(c: ConditionResult, w: Words) -> str:
    if c.field.endswith("_to_limit"):
        return w("over_limit", name=c.label)
    if c.label == c.field and c.field in w.entry("residual"):
        return w(f"residual.{c.field}")
    return c.label


def condition(c: ConditionResult, w: Words) -> Parts:
    parts: Parts = [("", condition_label(c, w) + w("colon")), ("user", shown(c.value, w))]
    if c.assumed:
        parts += [("", " "), ("caution", w("actions.assumed"))]
    if c.op not in ("eq", "in"):
        parts += [("", f" {w(f'op.{c.op}')} "), ("user", w("names_separator").join(shown(t, w) for t in c.threshold))]
    return parts + (cite(c.source, c.evidence) if c.source else [])


def cost(investment: Investment | None, w: Words) -> str:
    if investment is None:
        return w("not_known")
    text = w(f"cost_class.{investment.cost_class}")
    if investment.low is not None:
        text += w("colon") + money(investment, w)
    return text


def anchor(r: Recommendation) -> str:
    """The recommendation's place in an HTML report: its measure, or its chain of stages."""
    return "--".join(r.measure_ids)


def saving_cell(r: Recommendation, w: Words) -> str:
    """A CP measure's saving a year; a range where an answer behind it is one; a net cost said as one."""
    if r.kind != "cp":
        return "–"
    low, high = r.annual_saving_low, r.annual_saving_high
    if low is not None and high is not None:
        if high < 0:
            return w("actions.net_cost", amount=rough_span(-high, -low, r.currency, w, figures=3))
        return rough_span(low, high, r.currency, w, figures=3)
    if r.annual_saving is not None and r.annual_saving < 0:
        return w("actions.net_cost", amount=approx(-r.annual_saving, r.currency, w))
    return approx(r.annual_saving, r.currency, w)


def money(inv: Investment, w: Words) -> str:
    """An investment's amount: as quoted or sourced, or to two figures where it was scaled or converted."""
    return (rough_span if inv.basis == "indicative" else span)(inv.low, inv.high, inv.currency, w)


def indicative(inv: Investment, w: Words) -> str:
    """How a sourced cost became this plant's: the specific cost times its size, the rates used."""
    a = inv.args
    said = []
    if "size" in a:
        unit_cost = span(a["unit_low"], a["unit_high"], a.get("from_currency") or inv.currency, w)
        said.append(w("investment_basis.scaled", unit_cost=unit_cost, per_unit=a["per_unit"],
                      size=approx(a["size"], None, w)))
    if "from_rate" in a:
        if "size" not in a:
            said.append(w("investment_basis.from", cost=span(a["from_low"], a["from_high"], a["from_currency"], w)))
        rates = {"to_rate": fmt(a["to_rate"]), "to_currency": inv.currency, "to_year": a["to_rate_year"]}
        if a["from_currency"] == "USD":
            said.append(w("investment_basis.converted_usd", **rates))
        else:
            said.append(w("investment_basis.converted", from_rate=fmt(a["from_rate"]),
                          from_currency=a["from_currency"], from_year=a["from_rate_year"], **rates))
    return w("investment_basis.indicative") + w("items_separator").join(said)


def target_text(target: TargetChange, w: Words) -> str:
    if target.now is None:
        return w("actions.target_to", name=target.name, value=fmt(target.value, target.unit))
    return w("actions.target_from", name=target.name, now=fmt(target.now, target.unit),
             value=fmt(target.value, target.unit))


def saving(s: Saving, currency: str | None, w: Words) -> Parts:
    text = s.name + w("colon") + percent(s.change, w)
    if s.target:
        text += w.bracketed(target_text(s.target, w))
    if s.change_low is not None:
        text += w("actions.cautious_end", range=percent_range(s.change_low, s.change_high, w))
    if s.amount_per_year is not None and s.change is not None:
        amount = approx(abs(s.amount_per_year), s.unit, w)
        text += w("actions.about_less" if s.change < 0 else "actions.about_more", amount=amount)
    if s.value_per_year is None:
        text += w("actions.value_not_known")
    elif s.value_per_year < 0:
        text += w("actions.extra_cost", amount=approx(-s.value_per_year, currency, w))
    else:
        text += w("actions.worth", amount=approx(s.value_per_year, currency, w))
    return [("", text), *cite(s.source, s.evidence)]


def removal(t: EopTarget, r: Recommendation, w: Words) -> Parts:
    corrected = (t.required_removal is None and t.projected is not None and t.limit is not None
                 and t.projected > t.limit)  # a pH over its limit is corrected, not removed by a share
    if t.bound != "max" or corrected:
        key = "actions.after_cp_minimum" if t.bound != "max" else "actions.after_cp_adjust"
        return [("", w(key, name=t.name, projected=fmt(t.projected, t.unit), limit=fmt(t.limit, t.unit))),
                ("", w("actions.no_adjustment_figure"))]
    parts: Parts = [("", w("actions.after_cp_limit", name=t.name, projected=fmt(t.projected, t.unit),
                           limit=fmt(t.limit, t.unit), removal=percent(t.required_removal, w))),
                    ("", w("actions.typical_removal"))]
    for index, f in enumerate(t.stage_removals):
        parts.append(("", f"{r.stages[index].title} {figure(f, '%', w, 100.0) if f else w('not_known')}"))
        if f:
            parts += cite(f.source, f.evidence)
        if index < len(t.stage_removals) - 1:
            parts.append(("", " → "))
    if len(t.stage_removals) > 1 and t.removal_low is not None:
        parts.append(("", w("actions.together", range=percent_range(t.removal_low, t.removal_high, w))
                      if t.removal_high is not None else w("actions.together_at_least", low=percent(t.removal_low, w))))
    return parts + [("", w("colon")), ("good" if t.verdict == "enough" else "bad", w(f"verdict.{t.verdict}")),
                    ("", w("full_stop"))]


def recommendation(r: Recommendation, named: dict[str, str], w: Words,
                   parameter_names: dict[str, str] | None = None) -> dict[str, Any]:
    """Everything the reports say about one recommendation."""
    savings_of = {s.resource for s in r.savings}
    other: Parts = []
    for e in r.effects:
        if e.quantity in savings_of:
            continue
        if other:
            other.append(("", w("items_separator")))
        other += [("", f"{e.name} {figure(e, '%', w, 100.0)}"), *cite(e.source, e.evidence)]
    investment: Parts = [("b", w("actions.investment")), ("", " ")]
    inv = r.investment
    if inv:
        investment.append(("", w(f"cost_class.{inv.cost_class}")))
        if inv.low is not None:
            investment += [("", w("comma") + money(inv, w)), *cite(inv.source, inv.evidence)]
        note = indicative(inv, w) if inv.basis == "indicative" else (
            w(f"investment_basis.{inv.basis}") if inv.basis else inv.note)
        if note:
            investment.append(("", w.bracketed(note)))
    else:
        investment.append(("", w("not_known")))
    investment += [("", w("next_sentence")), ("b", w("actions.payback")),
                   ("", f" {years(r.payback, w)}{w('full_stop')}")]
    technique = w(f"techniques.{r.technique}")
    return {
        "rank": r.rank, "id": anchor(r), "kind": r.kind, "title": r.title,
        "horizon": r.horizon, "likely": r.status == "likely", "assumptions": likely(r, w),
        "tag": " · ".join([w(f"hierarchy.{r.hierarchy}"), technique, w(f"kind.{r.kind}")]),
        "technique": technique,
        "saving": saving_cell(r, w),
        "cost": cost(r.investment, w), "payback": years(r.payback, w),
        "evidence": [("flag", ", ".join(r.unverified))] if r.unverified else [("", "V" if r.evidence else "–")],
        "stages": [[("b", st.title), ("", (f" ({w('actions.stage_investment', cost_class=cost(st.investment, w))})"
                                          if st.investment else "") + f": {st.description}")]
                   for st in r.stages] if len(r.stages) > 1 else [],
        "description": r.description,
        "reasons": [{"text": [("user", because(reason, w)), *_parameters(reason, parameter_names or {})],
                     "conditions": [condition(c, w) for c in reason.conditions if c.decides]}
                    for reason in r.reasons],
        "targets": [removal(t, r, w) for t in r.targets],
        # a resource already at the measure's target here changes by nothing: not worth a line
        "savings": [saving(s, r.currency, w) for s in r.savings if not (s.change == 0 and s.target)],
        "other": [("b", w("actions.other_effects")), ("", " "), *other] if other else [],
        "alternatives": _named_list("actions.alternatives", r.alternatives, named, w, "actions.not_additive"),
        "requires": _named_list("actions.do_first", r.requires, named, w, None),
        "investment": investment,
        "unverified": w("actions.unverified", marks=", ".join(r.unverified)) if r.unverified else "",
        "sources": w("actions.sources", sources=", ".join(r.sources)),
    }


def _parameters(reason: Reason, names: dict[str, str]) -> Parts:
    """' (Chemical oxygen demand)': the parameter a reason is about, after it where its text does
    not name it."""
    if not reason.parameters or "{parameter}" in reason.because:
        return []
    return [("", " "), ("mark", f"({', '.join(names.get(p, p) for p in reason.parameters)})")]


def likely(r: Recommendation, w: Words) -> list[Parts]:
    """What a likely measure rests on: each typical answer, where it comes from, and what confirms it."""
    if r.status != "likely":
        return []
    lines: list[Parts] = [[("caution", w("actions.likely")), ("", w("actions.likely_rests_on"))]]
    for a in r.assumptions:
        lines.append([("", f"{a.label}: "), ("user", shown(a.value, w)), ("", f" ({a.note})"),
                      *cite(a.source, a.evidence), ("", w("actions.confirm")), ("user", a.question)])
    return lines


def _named_list(intro: str, ids: list[str], named: dict[str, str], w: Words, outro: str | None) -> Parts:
    if not ids:
        return []
    parts: Parts = [("", w(intro))]
    for index, measure_id in enumerate(ids):
        parts.append(("link", named[measure_id], measure_id))
        if index < len(ids) - 1:
            parts.append(("", w("items_separator")))
    return parts + [("", w(outro) if outro else w("full_stop"))]


def action_status(status: str | None, date: str | None, reason: str | None, w: Words,
                  owner: str | None = None, target_date: str | None = None) -> Parts:
    """What the plant says became of a measure: its status, since when, and why, in its own words;
    for a measure still to finish, who has it in hand and by when ('in progress (Bu Sri, by 31 March
    2027)')."""
    parts: Parts = [("", w(f"actions.action_status.{status}") if status else "–")]
    if date:
        parts.append(("", w.bracketed(w.date(date))))
    if status in UNDER_WAY and (owner or target_date):
        parts.append(("", w("bracket_open")))
        if owner:
            parts.append(("user", str(owner)))
        if target_date:
            parts.append(("", w("history.by" if owner else "history.by_alone", date=w.date(target_date))))
        parts.append(("", w("bracket_close")))
    if reason:
        parts += [("", w("colon")), ("user", reason)]
    return parts


def tracking(action: dict[str, str] | None, w: Words) -> list[str]:
    """Owner, target date and status of a measure, as the plant decided at an earlier visit (its
    file's `actions`); empty in a first visit's report, for the plant to fill in as it acts."""
    action = action or {}
    status = action.get("status")
    return [action.get("owner", ""), w.date(action["target_date"]) if action.get("target_date") else "",
            w(f"actions.action_status.{status}") if status else ""]
