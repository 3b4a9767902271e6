"""The view: an Assessment as the sections and sentences a reader sees, in one language, for every format."""

from __future__ import annotations

from typing import Any

from ..model import HORIZONS, Assessment, Problem, Projection, SetAside, Value
from ..text import fmt, unit_text
from .charts import indicator_chart, limit_chart
from .glance import first_steps
from .history import history
from .limits import limits
from .measures import action_status, anchor, cite, condition_label, recommendation, tracking
from .numbers import amount, approx, figure, percent, rough_span, shown, times
from .rich import Parts
from .words import Words


def view(a: Assessment, w: Words) -> dict[str, Any]:
    """What a template lays out: words `w`, the header, summary, measures, tables and references."""
    named = {r.measure_id: w("actions.named", title=r.title, rank=r.rank) for r in a.recommendations}
    parameter_names = {p.parameter: p.name for p in a.projections}
    measures = [recommendation(r, named, w, parameter_names) | {"tracking": tracking(a.actions.get(r.measure_id), w)}
                for r in a.recommendations]
    earlier = [[("b", action["title"]), ("", w("bracket_open")),
                *action_status(action.get("status"), None, action.get("reason"), w), ("", w("bracket_close"))]
               for measure_id, action in a.actions.items() if measure_id not in named and a.previous is None]
    return {"w": w, "version": a.cpassess_version, "lang": w.lang, "name": a.plant.get("name"),
            "html_title": w("html_title", name=a.plant.get("name")), **header(a, w),
            "problems": [problem(p, a, w) for p in a.main_problems],
            "summary": summary(a, w) + first_steps(a, w), "checks": [check(note, w) for note in a.answers_to_check],
            "measures": measures, "plan": plan(measures, w), "tracked": bool(a.actions), "earlier": earlier,
            "set_aside": [set_aside(s, w) for s in a.set_aside], "history": history(a, w),
            "indicators": indicators(a, w), "recorded": recorded(a, w), **limits(a, w), "eop": eop(a, w),
            "gaps": gaps(a, w), "annex": annex(a, w), "references": references(a, w),
            "indicator_chart": indicator_chart(a, w), "limit_chart": limit_chart(a, w)}


def header(a: Assessment, w: Words) -> dict[str, Any]:
    p = a.plant
    meta: Parts = [("", a.sector["name"])]
    if p.get("city"):
        meta += [("", " · "), ("user", p["city"])]
    if p.get("country_name"):
        meta.append(("", f" · {p['country_name']}"))
    if p.get("visit_date"):
        meta += [("", " · "), ("user", w("visit_of", date=w.date(p["visit_date"])))]
    if p.get("advisor"):
        meta += [("", " · "), ("user", w("advisor", name=p["advisor"]))]
    production = p.get("production")
    shown_production = None
    if production and production["value"] is not None:  # "Soybean processed: not answered" tells no one anything
        value = Value(value=production["value"], unit=production["unit"], label=production["choice"])
        shown_production = w("label_value", label=production["label"], value=shown(value, w))
    return {"title": [("", w("title")), ("user", p.get("name") or "")], "meta": meta,
            "production": shown_production}


def _names(projections: list[Projection], w: Words) -> str:
    return w("names_separator").join(p.name for p in projections)


def problem(p: Problem, a: Assessment, w: Words) -> Parts:
    """'Main problem: Kiln dust is 10 times its limit (...). Addressed by: ...'"""
    if p.kind == "limit":
        said = w("problem.limit", name=p.name, times=times(p.times, w), value=fmt(p.value, p.unit),
                 limit=fmt(p.limit, p.unit))
        at = next((q.at_reference for q in a.projections if q.parameter == p.key and q.at_reference), None)
        if at and at.measured_now is not None and p.value is not None and p.value > at.measured_now:
            said += w("problem.at_reference", measured=fmt(at.measured_now, p.unit))
        parts: Parts = [("", w("problem.limit_intro")), ("bad", said)]
    elif p.kind == "indicator":
        parts = [("", w("problem.limit_intro")), ("bad", w("problem.indicator", name=p.name,
                                                          value=fmt(p.value, p.unit), poor=fmt(p.limit, p.unit)))]
    else:
        parts = [("", w("problem.cost_intro")), ("b", w("problem.cost", name=p.name,
                                                      amount=approx(p.value, p.unit, w)))]
    if not p.ranks:
        return parts + [("", w("problem.nothing_addresses"))]
    parts.append(("", w("problem.addressed_by")))
    by_rank = {r.rank: r for r in a.recommendations}
    for index, rank in enumerate(p.ranks):
        r = by_rank[rank]
        parts += [("", w("items_separator"))] if index else []
        parts.append(("link", w("actions.named", title=r.title, rank=rank), anchor(r)))
    return parts + [("", w("full_stop"))]


def plan(measures: list[dict[str, Any]], w: Words) -> list[dict[str, Any]]:
    """The measures by horizon (do now, plan, study), in their ranked order."""
    return [{"horizon": h, "heading": w(f"plan.{h}"), "measures": [m for m in measures if m["horizon"] == h]}
            for h in HORIZONS if any(m["horizon"] == h for m in measures)]


def set_aside(s: SetAside, w: Words) -> Parts:
    """'Water-hyacinth pond does not work here: coldest-month mean -4 °C (it needs ≥ 10 °C).'"""
    parts: Parts = [("b", s.title), ("", w("set_aside.because"))]
    for index, c in enumerate(s.conditions):
        parts += [("", w("items_separator"))] if index else []
        needs = " ".join([w(f"op.{c.op}"), w("names_separator").join(shown(t, w) for t in c.threshold)])
        parts += [("", f"{condition_label(c, w)}: "), ("user", shown(c.value, w)),
                  ("", w("set_aside.needs", needs=needs)), *(cite(c.source, c.evidence) if c.source else [])]
    return parts + [("", w("full_stop"))]


def summary(a: Assessment, w: Words) -> list[dict[str, Any]]:
    cp = [r for r in a.recommendations if r.kind == "cp" and r.status == "confirmed"]
    likely = [r for r in a.recommendations if r.status == "likely"]
    eop_options = [r for r in a.recommendations if r.kind == "eop"]
    exceeding = [p for p in a.projections if p.status_after_cp == "exceeds"]
    unknown = [p for p in a.projections if p.status_after_cp in ("unknown", "limit_unknown")]
    limits = a.limit_set.name
    items: list[dict[str, Any]] = []
    currency = a.totals.get("currency")
    if cp:
        first: Parts = [("b", w("summary.cp_count", n=len(cp))), ("", w("summary.recommended"))]
        total = a.totals.get("cp_annual_saving_sum")
        if total is not None:
            low, high = a.totals.get("cp_annual_saving_low"), a.totals.get("cp_annual_saving_high")
            amount_said = (rough_span(low, high, currency, w, figures=3) if low is not None
                           else approx(total, currency, w))
            if total < 0:  # the measures cost more to run than they save: say so, not "save -X"
                amount_said = approx(-total, currency, w)
                first += [("", w("summary.priced_cost", n=a.totals["cp_priced"])),
                          ("b", w("summary.a_year", amount=amount_said))]
            else:
                first += [("", w("summary.priced", n=a.totals["cp_priced"])),
                          ("b", w("summary.a_year", amount=amount_said))]
            overlaps = a.totals.get("overlaps") or []
            if overlaps:
                rank = {r.measure_id: r.rank for r in a.recommendations}
                numbers = [w("names_separator").join(f"#{rank[m]}" for m in o["measures"] if m in rank)
                           for o in overlaps]
                said = w("items_separator").join(w("label_value", label=o["name"], value=n)
                                                 for o, n in zip(overlaps, numbers, strict=True))
                first.append(("", w("summary.combined", resources=said)))
        items.append({"parts": first + [("", w("full_stop"))]})
    else:
        items.append({"parts": [("", w("summary.no_cp"))]})
    if likely:
        parts_likely: Parts = [("caution", w("summary.likely_count", n=len(likely))), ("", w("summary.likely"))]
        extra = a.totals.get("likely_annual_saving_extra")
        if extra:
            parts_likely.append(("", w("summary.likely_extra", amount=approx(extra, currency, w))))
        items.append({"parts": parts_likely + [("", w("full_stop"))]})
    if a.eop_needed:
        parts: Parts = [("", w("summary.after_cp")), ("bad", _names(exceeding, w)),
                        ("", w("summary.still_exceed", n=len(exceeding), limits=limits))]
        if eop_options:
            parts.append(("", w("summary.options_below", n=len(eop_options))))
        parts.append(("", w("full_stop")))
        unconfirmed = list(dict.fromkeys(p.limit_evidence for p in exceeding if p.limit_evidence != "V"))
        if unconfirmed:
            parts += [("", " "), ("caution", w("summary.limits_unconfirmed", n=len(exceeding),
                                                marks=w("names_separator").join(str(m) for m in unconfirmed)))]
        estimated = [p for p in exceeding if p.basis == "estimated"]
        if estimated:
            parts += [("", " "), ("caution", w("summary.estimates", names=_names(estimated, w)))]
        items.append({"parts": parts})
    elif unknown:
        values = [p for p in unknown if p.status_after_cp == "unknown"]
        unread = [p for p in unknown if p.status_after_cp == "limit_unknown"]
        if values:
            items.append({"parts": [("", w("summary.eop_undecided", names=_names(values, w)))], "kind": "unknown"})
        if unread:
            items.append({"parts": [("caution", w("summary.limits_not_read", names=_names(unread, w),
                                                  limits=limits))], "kind": "unknown"})
    else:
        within = "summary.all_within_after_cp" if cp else "summary.all_within"
        items.append({"parts": [("good", w("summary.no_eop")), ("", w(within, limits=limits))]})
    if not a.limit_set.decided:
        items.append({"parts": [("", w("summary.limits_open", limits=limits))], "kind": "unknown"})

    if a.data_gaps:
        items.append({"parts": [("", w("summary.questions", n=len(a.data_gaps)))]})
    return [{"kind": "", **item} for item in items]


def check(note: Any, w: Words) -> Parts:
    """An answer to check, as a sentence (with the source of the bound it breaks)."""
    if note.code == "check":
        said = str(note.args["message"]).format(value=fmt(note.args["value"]))
        source = note.args.get("source")
        return [("", said), *(cite(source, note.args.get("evidence")) if source else [])]
    return [("", _check_text(note, w))]


def _check_text(note: Any, w: Words) -> str:
    value = note.args["value"]
    if note.code == "price_out_of_range":
        a = note.args
        return w("check.price_out_of_range", label=a["label"], value=fmt(value), unit=a["unit"] or "",
                 currency=a["currency"], low=fmt(a["low"]), high=fmt(a["high"]), source=a["source"],
                 evidence=a["evidence"])
    return w("check.fraction_for_percent", label=note.args["label"], value=fmt(value), percent=fmt(100 * value))


def recorded(a: Assessment, w: Words) -> list[Parts]:
    """The plant's notes, then each answer that was more than a bare value: written otherwise,
    a range, measured or estimated, converted, or with a note of its own."""
    lines: list[Parts] = []
    names = {x.field: x.name or x.field for x in a.answers}
    titles = a.plant.get("note_sections") or {}
    for section, text in (a.plant.get("notes") or {}).items():
        title = w("answer.notes") if not section else w("answer.notes_section", section=titles.get(section, section))
        lines.append([("b", title), ("", w("colon")), ("user", text)])
    for x in a.answers:
        said: list[str] = []
        value = shown(Value(value=x.value, unit=x.unit, label=x.label), w)
        if x.given and x.given.strip().lower() not in (value.lower(), str(x.value).lower()):
            said.append(w("answer.as_written", given=x.given))
        if x.low is not None and x.high is not None:
            said.append(w("answer.range", low=fmt(x.low, x.unit), high=fmt(x.high, x.unit)))
        if x.basis:
            said.append(w(f"answer.basis.{x.basis}"))
        if x.converted_with:
            said.append(w("answer.converted_with",
                          fields=w("names_separator").join(names.get(f, f) for f in x.converted_with)))
        if x.conversion:
            said.append(w(f"answer.conversion.{x.conversion}"))
        if x.note:
            said.append(w("answer.note", note=x.note))
        if said:
            lines.append([("b", x.name or x.question), ("", w("colon")), ("user", value),
                          ("", w.bracketed(w("items_separator").join(said)))])
    return lines


def indicators(a: Assessment, w: Words) -> list[list[Any]]:
    rows = []
    for i in a.indicators:
        now = amount(i.value, i.unit, w)
        if i.low is not None and i.high is not None:  # an answer behind it is a range
            now += w("answer.from_range", span=rough_span(i.low, i.high, i.unit, w))
        cells: list[Any] = [i.name, now]
        for band in (i.best, i.poor):
            cells.append([("", figure(band, i.unit, w)), *(cite(band.source, band.evidence) if band else [])])
        cells.append((w(f"band.{i.band}") + (w("band.for_kind", kind=i.kind) if i.kind else "")) if i.band else "–")
        rows.append(cells)
    return rows


def eop(a: Assessment, w: Words) -> dict[str, Any]:
    options = [r for r in a.recommendations if r.kind == "eop"]
    unknown = [p for p in a.projections if p.status_after_cp in ("unknown", "limit_unknown")]
    lines: list[Parts] = []
    for r in options:
        lines.append([("link", r.title, r.measure_id), ("", w("eop.option_for") + w("names_separator").join(
            f"{t.name} ({w(f'verdict.{t.verdict}')})" for t in r.targets))])
    open_parameters: list[Parts] = []
    for p in a.projections:
        if p.eop_verdict in ("not_enough", "not_known", "no_option", "undecided"):
            designed = p.eop_verdict == "undecided" or p.required_removal is None  # a pH is dosed, not designed
            text = w("colon") + _open_verdict(p, options, w) + ("" if designed else w("eop.specialist"))
            open_parameters.append([("b", p.name), ("", text + w("full_stop"))])
    if options:
        state = "options"
    elif a.eop_needed:
        state = "no_rule"
    else:
        state = "none"
    judged = w("eop.could_not_judge", names=_names(unknown, w)) if unknown else ""
    none_needed = w("eop.none_needed") + judged + w("full_stop")
    return {"state": state, "options": lines, "open": open_parameters, "none_needed": none_needed}


def _open_verdict(p: Projection, options: list[Any], w: Words) -> str:
    """Why EOP for a parameter is open: what the known stages reach, or that a pH is set, not removed."""
    if p.eop_verdict == "not_known":
        if p.required_removal is None and p.status_after_cp == "exceeds":
            return w("eop.set_not_removed")
        lows = [t.removal_low for r in options for t in r.targets
                if t.parameter == p.parameter and t.removal_low is not None]
        if lows and p.required_removal is not None:
            return w("eop.known_stages", low=percent(max(lows), w), needed=percent(p.required_removal, w))
    return w(f"eop.{p.eop_verdict}")


def gaps(a: Assessment, w: Words) -> list[list[Any]]:
    rows = []
    for g in a.data_gaps:
        why = w("items_separator").join(w(f"gap.{n.code}", **n.args) for n in g.reasons)
        rows.append([g.question + (w.bracketed(unit_text(g.unit)) if g.unit else ""), why,
                     approx(g.worth, g.currency, w) if g.worth is not None else "–"])
    return rows


def annex(a: Assessment, w: Words) -> list[Parts]:
    """The ids behind the report (measures, rules, questionnaire fields): the advisor's, not the manager's."""
    lines: list[Parts] = []
    for r in a.recommendations:
        rules = list(dict.fromkeys(reason.rule_id for reason in r.reasons))
        ids = ("code", " + ".join(r.measure_ids))
        lines.append([("", f"#{r.rank} {r.title}: "), *w.parts("annex.measure", ids=ids),
                      *(w.parts("annex.rules", len(rules), rules=("code", ", ".join(rules))) if rules else [])])
    for g in a.data_gaps:
        lines.append([("", f"{g.question}: "), *w.parts("annex.field", field=("code", f"{g.section}.{g.field}")),
                      *(w.parts("annex.rules", len(g.rules), rules=("code", ", ".join(g.rules))) if g.rules else [])])
    return lines


def references(a: Assessment, w: Words) -> dict[str, Any]:
    items: list[Parts] = []
    for ref in a.references:
        parts: Parts = [("b", ref.id), ("", f" {ref.title}")]
        if ref.url:
            parts += [("", " "), ("url", ref.url)]
        items.append(parts)
    legend: Parts = [("", w("references.marks"))]
    for index, (mark, label) in enumerate(w.entry("evidence").items()):
        legend += [("", w("items_separator"))] if index else []
        legend += [("b", mark), ("", f" {label}")]
    return {"list": items, "legend": legend + [("", w("references.unverified"))]}
