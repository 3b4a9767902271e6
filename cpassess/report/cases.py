"""Trainer documents in the report's language: a case's handout, its model answer, a grade, a class summary."""

from __future__ import annotations

from typing import Any

from ..compare import Comparison
from ..kb.cases import Case
from ..kb.sector import Sector
from ..model import Answer, Assessment
from ..text import fmt, number_style
from ..trainer import POINTS, AnswerGrade, ClassSummary, Grade, ModelAnswer
from ..units import is_currency_unit
from .changes import answer_text
from .document import Block, form, heading, html_blocks, items, para, quote, render_document, table, written
from .numbers import approx
from .rich import Parts
from .words import Words, style


def _meta(case: Case, sector: Sector, w: Words) -> str:
    return w("case.meta", sector=sector.info.name, level=w(f"case.levels.{case.text.level}"), id=case.id)


def handout(case: Case, sector: Sector, model: Assessment, fmt_name: str, w: Words) -> str | bytes:
    """The brief a trainee works from: the story, the evidence and the questionnaire; no answers."""
    with number_style(style(w.lang)):
        return render_document(case.text.title, _meta(case, sector, w), handout_blocks(case, sector, model, w),
                               fmt_name, w.lang, running=case.id)


def handout_blocks(case: Case, sector: Sector, model: Assessment, w: Words) -> list[Block]:
    text = case.text
    currency = str(model.plant.get("currency") or "")
    out: list[Block] = []
    if not case.translated(w.lang):
        out.append(para(w("case.not_translated"), "bad"))
    out += [heading(w("case.task")), para(written(text.task)), heading(w("case.story"))]
    out += [para(written(p)) for p in _paragraphs(text.story)]
    if text.walkthrough:
        out += [heading(w("case.walkthrough")), items([written(x) for x in text.walkthrough])]
    if text.manager:
        out += [heading(w("case.manager")), *(quote(written(x)) for x in text.manager)]
    if text.process_flow:
        out += [heading(w("case.process")),
                items([_labelled(s.step, s.text, w) for s in text.process_flow], ordered=True)]
    if text.bills:
        out += [heading(w("case.bills", period=text.bills.period)),
                table(w.entry("case.bill_columns"),
                      [[written(r.item), fmt(r.quantity, r.unit) if r.quantity is not None else "",
                        fmt(r.amount, currency) if r.amount is not None else "", written(r.note or "")]
                       for r in text.bills.rows], numeric=(1, 2))]
    if text.lab_sheet:
        lab = text.lab_sheet
        said = [x for x in (lab.lab, lab.sample, str(lab.date) if lab.date is not None else None) if x]
        out += [heading(w("case.lab")), para(written(" · ".join(said))),
                table(w.entry("case.lab_columns"),
                      [[written(r.parameter), written(str(r.result)), written(r.unit or ""), written(r.method or "")]
                       for r in lab.rows], numeric=(1,))]
        if lab.note:
            out.append(para(written(lab.note), "tag"))
    if text.prices:
        out += [heading(w("case.prices")),
                table(w.entry("case.price_columns"),
                      [[written(p.item), fmt(p.price, p.unit), written(p.note or "")] for p in text.prices],
                      numeric=(1,))]
    out += [heading(w("case.questionnaire")), para(w("case.questionnaire_help", id=case.id))]
    out += questionnaire_blocks(sector, {a.field: a for a in model.answers if a.field in text.given}, currency, w)
    return out


def _labelled(label: str, text: str, w: Words) -> Parts:
    """`label: text`, the label strong, both as the case's author wrote them."""
    return [("b", label), ("", w("colon")), ("user", text)]


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]


def questionnaire_blocks(sector: Sector, given: dict[str, Answer], currency: str, w: Words) -> list[Block]:
    """The sector's questions to answer on paper, those the handout gives already filled in."""
    out: list[Block] = []
    for section in sector.sections.values():
        rows = []
        for key, question in section.fields.items():
            answer = given.get(key)
            rows.append((question.question, _kind(question, currency, w), answer_text(answer, w) if answer else ""))
        out += [heading(section.title, 3), form(rows)]
    return out


def _kind(question: Any, currency: str, w: Words) -> str:
    if question.type == "choice":
        return " / ".join((question.choices or {}).values())
    if question.type == "boolean":
        return f"{w('answer_yes')} / {w('answer_no')}"
    if question.type == "text":
        return w("case.kind_text")
    if question.type == "date":
        return "YYYY-MM-DD"
    if question.unit and is_currency_unit(question.unit) and currency:
        return str(question.unit).replace("currency", currency)
    return question.unit or w("case.kind_number")


def answer_document(case: Case, model: ModelAnswer, sector: Sector, fmt_name: str, w: Words,
                    report: Any) -> str | bytes:
    """The model answer: the discussion written for the case, then the model assessment's report
    (`report(fmt, preface)` renders it; the preface goes before its summary)."""
    with number_style(style(w.lang)):
        blocks = discussion_blocks(case, sector, model.assessment, w)
        if fmt_name == "md":
            from .document import markdown

            return markdown(w("case.answer_title", title=case.text.title), _meta(case, sector, w), blocks) \
                + "\n" + str(report("md", ""))
        preface = html_blocks([heading(w("case.answer_title", title=case.text.title), 1),
                               para(_meta(case, sector, w), "meta"), *blocks])
        return report(fmt_name, preface)  # type: ignore[no-any-return]


def discussion_blocks(case: Case, sector: Sector, model: Assessment, w: Words) -> list[Block]:
    d = case.discussion
    title = _titles(sector)
    out: list[Block] = []
    if not case.translated(w.lang):
        out.append(para(w("case.not_translated"), "bad"))
    out += [heading(w("case.main_problem")), para(written(d.main_problem))]
    if d.order:
        out += [heading(w("case.order")),
                items([[("b", w("case.before", first=title(o.first), then=title(o.then))),
                        ("", " "), ("user", o.why)] for o in d.order])]
    out += [heading(w("case.eop")), para(written(d.eop))]
    if d.wrong_answers:
        out += [heading(w("case.wrong_answers")),
                items([_labelled(wrong.answer, wrong.cost, w) for wrong in d.wrong_answers])]
    if d.notes:
        out += [heading(w("case.notes")), *(para(written(p)) for p in _paragraphs(d.notes))]
    return out


def _titles(sector: Sector) -> Any:
    def title(measure_id: str) -> str:
        measure = sector.measures.get(measure_id)
        return measure.title if measure else measure_id

    return title


def grade_document(grade: Grade, model: ModelAnswer, sector: Sector, fmt_name: str, w: Words) -> str | bytes:
    with number_style(style(w.lang)):
        score = w("grade.no_score") if grade.score is None else w("grade.score", score=grade.score)
        return render_document(w("grade.title", trainee=grade.trainee, title=model.case.text.title),
                               f"{score} · {_meta(model.case, sector, w)}",
                               grade_blocks(grade, model, sector, w), fmt_name, w.lang, running=grade.trainee)


def grade_blocks(grade: Grade, model: ModelAnswer, sector: Sector, w: Words) -> list[Block]:
    title = _titles(sector)
    out: list[Block] = [heading(w("grade.parts")),
                        table(w.entry("grade.part_columns"),
                              [[w(f"grade.part.{p.name}"), fmt(round(p.points, 1)), str(p.possible),
                                _finding(p.finding, p.values, title, w)] for p in grade.parts], numeric=(1, 2)),
                        para(w("grade.rubric", **{k: v for k, v in POINTS.items()}), "tag")]
    right = _right(grade, title, w)
    if right:
        out += [heading(w("grade.right")), items(right)]
    if grade.picks:
        out += [heading(w("grade.proposal")),
                table(w.entry("grade.pick_columns"),
                      [[str(p.place), title(p.measure_id), w(f"grade.pick.{p.verdict}", rank=p.model_rank or "–")]
                       for p in grade.picks], numeric=(0,))]
    if grade.unknown:
        out += [heading(w("grade.unknown")),
                items([[("user", text), ("", w("grade.unknown_near", title=title(near)) if near else "")]
                       for _, text, near in grade.unknown])]
    if grade.missed:
        ranks = {r.measure_id: r for r in model.assessment.recommendations}
        out += [heading(w("grade.missed")),
                items([w("grade.missed_line", title=title(m), rank=ranks[m].rank,
                         saving=approx(ranks[m].annual_saving, model.assessment.totals.get("currency"), w))
                       for m in grade.missed])]
    wrong = [model.case.discussion.wrong_answers[i] for i in grade.wrong_answers]
    if wrong:
        out += [heading(w("grade.wrong_answers")),
                items([_labelled(x.answer, x.cost, w) for x in wrong])]
    slips = [a for a in grade.answers if a.verdict != "right"]
    if slips:
        out += [heading(w("grade.answers")),
                table(w.entry("grade.answer_columns"),
                      [[a.name, answer_text(a.model, w), answer_text(a.trainee, w), _verdict(a, w),
                        _matters(a, title, w)] for a in sorted(slips, key=lambda a: -a.weight)])]
    if grade.effect is not None and not grade.effect.unchanged:
        out += [heading(w("grade.effect")), items(_effect_lines(grade.effect, title, w))]
    return out


def _verdict(a: AnswerGrade, w: Words) -> str:
    said = w(f"grade.verdict.{a.verdict}")
    return w("grade.slip_factor", verdict=said, factor=fmt(a.factor)) if a.factor else said


def _finding(code: str, values: dict[str, Any], title: Any, w: Words) -> str:
    shown = dict(values)
    for key in ("first", "proposed", "model", "model_first"):
        value = shown.get(key)
        if isinstance(value, list):
            shown[key] = w("items_separator").join(title(m) for m in value) or w("grade.nothing")
        elif isinstance(value, str):
            shown[key] = title(value)
    return w(f"grade.finding.{code}", **shown)


def _right(grade: Grade, title: Any, w: Words) -> list[str]:
    out = [w("grade.right_measure", title=title(p.measure_id), rank=p.model_rank)
           for p in grade.picks if p.verdict == "found"]
    out += [_finding(p.finding, p.values, title, w) for p in grade.parts
            if p.name == "cp_before_eop" and p.points == p.possible]
    right = [a for a in grade.answers if a.verdict == "right"]
    if right:
        out.append(w("grade.right_answers", n=len(right), of=len(grade.answers)))
    return out


def _matters(a: AnswerGrade, title: Any, w: Words) -> str:
    if a.effect is None:
        return w("grade.no_effect")
    return w("items_separator").join(_effect_lines(a.effect, title, w)) or w("grade.changes_what_is_asked")


def _effect_lines(c: Comparison, title: Any, w: Words) -> list[str]:
    out = []
    added = [title(m.measure_id) for m in c.measures if m.rank_before is None]
    dropped = [title(m.measure_id) for m in c.measures if m.rank_after is None]
    if dropped:
        out.append(w("grade.effect_dropped", names=w("items_separator").join(dropped)))
    if added:
        out.append(w("grade.effect_added", names=w("items_separator").join(added)))
    for p in c.parameters:
        if p.status_before != p.status_after:
            out.append(w("grade.effect_status", name=p.name, before=w(f"status.{p.status_before}"),
                         after=w(f"status.{p.status_after}")))
    if c.eop_before != c.eop_after:
        out.append(w("grade.effect_eop_needed" if c.eop_after else "grade.effect_eop_not_needed"))
    if c.saving_before != c.saving_after and not out:
        out.append(w("compare.total", before=approx(c.saving_before, c.currency, w),
                     after=approx(c.saving_after, c.currency, w)))
    return out


def class_document(summary: ClassSummary, model: ModelAnswer, sector: Sector, fmt_name: str, w: Words) -> str | bytes:
    with number_style(style(w.lang)):
        scores = [g.score for g in summary.grades if g.score is not None]
        mean = round(sum(scores) / len(scores)) if scores else None
        meta = w("grade.class_meta", n=len(summary.grades), mean="–" if mean is None else mean)
        return render_document(w("grade.class_title", title=model.case.text.title),
                               f"{meta} · {_meta(model.case, sector, w)}",
                               class_blocks(summary, model, sector, w), fmt_name, w.lang, running=model.case.id)


def class_blocks(summary: ClassSummary, model: ModelAnswer, sector: Sector, w: Words) -> list[Block]:
    title = _titles(sector)
    n = len(summary.grades)
    parts = list(POINTS)
    head: list[str | Parts] = [w("grade.trainee"), w("grade.total"), *(w(f"grade.part.{p}") for p in parts)]
    rows: list[list[str | Parts]] = []
    for g in sorted(summary.grades, key=lambda g: (-(g.score or 0), g.trainee)):
        got = {p.name: p for p in g.parts}
        rows.append([written(g.trainee), "–" if g.score is None else str(g.score),
                     *(f"{fmt(round(got[p].points, 1))} / {got[p].possible}" if p in got else "–" for p in parts)])
    out: list[Block] = [heading(w("grade.class_scores")), table(head, rows, numeric=tuple(range(1, len(head))))]
    if summary.missed:
        out += [heading(w("grade.class_missed")),
                table(w.entry("grade.class_missed_columns"),
                      [[title(m), str(count), f"{round(100 * count / n)} %"]
                       for m, count in summary.missed.most_common()],
                      numeric=(1, 2))]
    if summary.errors:
        names = {a.field: a.name for g in summary.grades for a in g.answers}
        out += [heading(w("grade.class_errors")),
                table(w.entry("grade.class_error_columns"),
                      [[names[f], w(f"grade.verdict.{v}"), str(count)]
                       for (f, v), count in summary.errors.most_common(15)], numeric=(2,))]
    if summary.findings:
        out += [heading(w("grade.class_findings")),
                items([w("grade.class_finding", finding=w(f"grade.short.{code}"), n=count)
                       for code, count in summary.findings.most_common()])]
    if summary.wrong_answers:
        wrong = model.case.discussion.wrong_answers
        out += [heading(w("grade.class_wrong")),
                items([w("grade.class_finding", finding=wrong[i].answer, n=count)
                       for i, count in summary.wrong_answers.most_common()])]
    if summary.problems:
        out += [heading(w("grade.class_problems")), items([written(p.one_line()) for p in summary.problems])]
    return out
