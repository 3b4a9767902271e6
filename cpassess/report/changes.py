"""Two assessments of one plant side by side (a what-if, or two visits), in the report's language."""

from __future__ import annotations

import dataclasses
import json

from ..compare import Comparison, MeasureChange, ParameterChange
from ..model import Answer, Value
from ..text import number_style
from .document import Block, Text, Version, heading, items, para, render_versions, table
from .limits import status_of
from .measures import action_status
from .numbers import amount, approx, shown
from .words import Words, style


def answer_text(answer: Answer | None, w: Words) -> str:
    if answer is None:
        return w("compare.not_answered")
    return shown(Value(value=answer.value, unit=answer.unit, label=answer.label), w)


def changes_document(languages: list[tuple[Comparison, Words, tuple[str, str]]], name: str, fmt_name: str,
                     visits: bool = False) -> str | bytes:
    """What changes, section by section, the two assessments in two columns headed by the given
    pair; for two visits (`visits`) also the indicators, what became of the measures and the
    questions answered since; one comparison per language (each made with the knowledge text in
    it), side by side where there are several; `json` the first comparison as data."""
    if fmt_name == "json":
        return json.dumps(dataclasses.asdict(languages[0][0]), indent=2, ensure_ascii=False, default=str) + "\n"
    versions = []
    for c, w, columns in languages:
        with number_style(style(w.lang)):
            blocks = changes_blocks(c, w, columns) + (history_blocks(c, w, columns) if visits else [])
            versions.append(Version(w.lang, w("compare.followup" if visits else "compare.heading", name=name), "",
                                    blocks))
    return render_versions(versions, fmt_name, running=name)


def history_blocks(c: Comparison, w: Words, columns: tuple[str, str]) -> list[Block]:
    out: list[Block] = []
    if c.actions:
        rows: list[list[Text]] = [
            [a.title, action_status(a.status, a.date, a.reason, w, a.owner, a.target_date),
             approx(a.estimated_saving, c.currency, w),
             approx(a.realised_saving, c.currency, w) if a.realised_saving is not None else "",
             approx(a.realised_investment, c.currency, w) if a.realised_investment is not None else ""]
            for a in c.actions]
        if c.realised_saving is not None:
            # beside it the estimates of the same measures, where every one of them had one
            estimates = [a.estimated_saving for a in c.actions if a.realised_saving is not None]
            estimated = approx(sum(e for e in estimates if e is not None), c.currency, w) \
                if all(e is not None for e in estimates) else ""
            rows.append([w("compare.realised_total"), "", estimated, approx(c.realised_saving, c.currency, w), ""])
        out += [heading(w("compare.actions")), table(w.entry("compare.action_columns"), rows, numeric=(2, 3, 4))]
    if c.reconsider:
        out += [heading(w("compare.reconsider")),
                items([w("compare.reconsider_line", title=r.title, reason=r.reason,
                         changed=w("names_separator").join(r.changed)) for r in c.reconsider])]
    if c.still_open:
        out += [heading(w("compare.still_open")), items([m.name for m in c.still_open])]
    if c.indicators:
        out += [heading(w("compare.indicators")),
                table([w("compare.indicator"), *columns],
                      [[i.name, amount(i.before, i.unit, w), amount(i.after, i.unit, w)] for i in c.indicators],
                      numeric=(1, 2))]
    if c.answered:
        out += [heading(w("compare.answered")), items([q.name for q in c.answered])]
    return out


def changes_blocks(c: Comparison, w: Words, columns: tuple[str, str]) -> list[Block]:
    out: list[Block] = []
    if c.answers:
        out += [heading(w("compare.answers")),
                table([w("compare.question"), *columns],
                      [[a.name, answer_text(a.before, w), answer_text(a.after, w)] for a in c.answers])]
    if c.unchanged:
        return [*out, para(w("compare.nothing"))]
    if c.measures:
        out += [heading(w("compare.measures")),
                table([w("compare.measure"), *columns],
                      [[m.title, _measure(m, True, c, w), _measure(m, False, c, w)] for m in c.measures])]
    if c.parameters:
        out += [heading(w("compare.parameters")),
                table([w("compare.parameter"), *columns],
                      [[p.name, _parameter(p, True, w), _parameter(p, False, w)] for p in c.parameters])]
    yes_no = {True: w("answer_yes"), False: w("answer_no")}
    out += [heading(w("compare.overall")),
            table(["", *columns],
                  [[w("compare.eop_needed"), yes_no[c.eop_before], yes_no[c.eop_after]],
                   [w("compare.saving_total"), approx(c.saving_before, c.currency, w),
                    approx(c.saving_after, c.currency, w)]], numeric=(1, 2))]
    return out


def _measure(m: MeasureChange, before: bool, c: Comparison, w: Words) -> str:
    rank, status, saving = ((m.rank_before, m.status_before, m.saving_before) if before
                            else (m.rank_after, m.status_after, m.saving_after))
    if rank is None:
        # not recommended now, and the plant says what became of it: its word, not as if the advice had changed
        acted = None if before else next((a.status for a in c.actions if a.measure_id == m.measure_id), None)
        return w(f"actions.action_status.{acted}") if acted else w("compare.not_recommended")
    said = w("compare.ranked", rank=rank)
    if status == "likely":
        said += w("items_separator") + w("actions.likely_tag")
    if saving is not None:
        said += w("items_separator") + w("compare.saving_of", saving=approx(saving, c.currency, w))
    return said


def _parameter(p: ParameterChange, before: bool, w: Words) -> str:
    now, after, status, basis = ((p.now_before, p.after_cp_before, p.status_before, p.basis_before) if before
                                 else (p.now_after, p.after_cp_after, p.status_after, p.basis_after))
    estimated = w("limits.estimated") if basis == "estimated" and now is not None else ""
    return w("compare.parameter_cell", now=amount(now, p.unit, w) + estimated, after=amount(after, p.unit, w),
             status=w(f"status.{status_of(status, after, p.limit_min)}"))
