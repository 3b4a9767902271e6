"""A comparison of two assessments of one plant as Markdown, in the report's language."""

from __future__ import annotations

from ..compare import Comparison
from ..model import Answer
from ..text import fmt, number_style
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


def _status(status: str | None, w: Words) -> str:
    return w("actions.likely_tag") if status == "likely" else w("compare.confirmed")


def changes_markdown(c: Comparison, name: str, w: Words) -> str:
    """What changes, section by section: answers, measures, limits after CP, EOP need, savings."""
    with number_style(*separators(w.lang)):
        return _markdown(c, name, w)


def _markdown(c: Comparison, name: str, w: Words) -> str:
    lines = [f"# {w('compare.heading', name=name)}", ""]
    if c.answers:
        lines += [f"## {w('compare.answers')}", ""]
        lines += [f"- {w('compare.answer_line', name=a.name, before=answer_text(a.before, w), after=answer_text(a.after, w))}"  # noqa: E501
                  for a in c.answers] + [""]
    if c.unchanged:
        return "\n".join(lines + [w("compare.nothing"), ""])
    if c.measures:
        lines += [f"## {w('compare.measures')}", ""]
        for m in c.measures:
            if m.rank_before is None:
                said = w("compare.new", rank=m.rank_after)
            elif m.rank_after is None:
                said = w("compare.dropped", rank=m.rank_before)
            else:
                parts = []
                if m.status_before != m.status_after:
                    parts.append(w("compare.status", before=_status(m.status_before, w),
                                   after=_status(m.status_after, w)))
                if m.saving_before != m.saving_after:
                    parts.append(w("compare.saving", before=approx(m.saving_before, c.currency, w),
                                   after=approx(m.saving_after, c.currency, w)))
                said = w("items_separator").join(parts)
            lines.append(f"- **{m.title}**: {said}")
        lines.append("")
    if c.parameters:
        lines += [f"## {w('compare.parameters')}", ""]
        lines += [f"- {w('compare.parameter_line', name=p.name, now_before=amount(p.now_before, p.unit, w), now_after=amount(p.now_after, p.unit, w), after_before=amount(p.after_cp_before, p.unit, w), after_after=amount(p.after_cp_after, p.unit, w), status_before=w(f'status.{p.status_before}'), status_after=w(f'status.{p.status_after}'))}"  # noqa: E501
                  for p in c.parameters] + [""]
    yes_no = {True: w("answer_yes"), False: w("answer_no")}
    lines += [w("compare.eop", before=yes_no[c.eop_before], after=yes_no[c.eop_after]),
              "", w("compare.total", before=approx(c.saving_before, c.currency, w),
                                   after=approx(c.saving_after, c.currency, w)), ""]
    return "\n".join(lines)
