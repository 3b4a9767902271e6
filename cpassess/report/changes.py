"""Two assessments of one plant side by side (a what-if, or two visits), in the report's language."""

from __future__ import annotations

from ..compare import Comparison, MeasureChange, ParameterChange
from ..model import Answer
from ..text import fmt, number_style
from .document import Block, heading, para, render_document, table
from .numbers import amount, approx
from .words import Words, separators


def answer_text(answer: Answer | None, w: Words) -> str:
    if answer is None:
        return w("compare.not_answered")
    if answer.label is not None:
        return answer.label
    if isinstance(answer.value, bool):
        return w("answer_yes") if answer.value else w("answer_no")
    return fmt(answer.value, answer.unit) if isinstance(answer.value, (int, float)) else str(answer.value)


def changes_document(c: Comparison, name: str, fmt_name: str, w: Words, columns: tuple[str, str],
                     title_key: str = "compare.heading") -> str | bytes:
    """What changes, section by section, the two assessments in two columns headed `columns`."""
    with number_style(*separators(w.lang)):
        return render_document(w(title_key, name=name), "", changes_blocks(c, w, columns), fmt_name, w.lang,
                               running=name)


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
        return w("compare.not_recommended")
    said = w("compare.ranked", rank=rank)
    if status == "likely":
        said += w("items_separator") + w("actions.likely_tag")
    if saving is not None:
        said += w("items_separator") + w("compare.saving_of", saving=approx(saving, c.currency, w))
    return said


def _parameter(p: ParameterChange, before: bool, w: Words) -> str:
    now, after, status = ((p.now_before, p.after_cp_before, p.status_before) if before
                          else (p.now_after, p.after_cp_after, p.status_after))
    return w("compare.parameter_cell", now=amount(now, p.unit, w), after=amount(after, p.unit, w),
             status=w(f"status.{status}"))
