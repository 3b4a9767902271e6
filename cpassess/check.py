"""Knowledge-base checks beyond loading: units, and every rule's cases run through the engine."""

from __future__ import annotations

from typing import Any

from .conditions import evaluate
from .errors import CpError
from .kb import KnowledgeBase, default_knowledge
from .kb.rules import Case, Rule, load_cases
from .kb.sector import Sector
from .kb.translate import languages, load_table
from .pipeline import plant_facts
from .pipeline.infer import compiled
from .plant import validate_answers
from .units import is_currency_unit, known_unit
from .yamlio import Document

EXPECT = {True: "fires", False: "silent", None: "unknown"}


def case_facts(sector: Sector, rule: Rule, case: Case, doc: Document, index: int) -> list[dict[str, Any]]:
    """A case's flat answers, validated like a questionnaire, plus indicators and residual: once per
    reading of its partial answers (one reading if it has none)."""
    nested: dict[str, Any] = {"sector": sector.id}
    for key, value in case.plant.items():
        section = sector.field_section.get(key)
        if section is None:
            raise doc.error(f"unknown field {key!r}", (index, "plant", key), key)
        nested.setdefault(section, {})[key] = value
    nested.setdefault("plant", {}).setdefault("name", f"case {case.name}")
    plant = validate_answers(sector, Document(nested, {(): doc.line((index, "plant")) or 1}, doc.file))
    readings = plant_facts(plant).readings
    for facts in readings:
        facts.update(case.residual or {})
    return readings


def run_case(sector: Sector, rule: Rule, case: Case, doc: Document, index: int) -> str | None:
    """None if the case behaves as expected, else a one-line problem. A case with a partial answer
    ("dry rotary kiln, type not known") fires where the rule fires on every reading of it."""
    readings = case_facts(sector, rule, case, doc, index)
    where = f"{doc.file}:{doc.line((index,))}: {rule.id} case {case.name!r}"
    if rule.stage == "eop" and "parameter" not in readings[0]:
        return f"{where}: an eop case needs `residual` with at least `parameter`"
    fired = {i for rule_id, i in compiled(sector, rule.stage).run(readings) if rule_id == rule.id}
    truths = [evaluate(rule.when, facts) for facts in readings]
    for i, truth in enumerate(truths):
        engine_says = "fires" if i in fired else ("unknown" if truth is None else "silent")
        if engine_says == "fires" and truth is not True or engine_says != "fires" and truth is True:
            return f"{where}: the engine and the evaluator disagree ({engine_says} vs {EXPECT[truth]})"
    truth = True if all(t is True for t in truths) else False if all(t is False for t in truths) else None
    if EXPECT[truth] != case.expect:
        return f"{where}: expected {case.expect}, got {EXPECT[truth]}"
    return None


def check_sector(sector: Sector) -> list[str]:
    problems: list[str] = []
    units = [(f"field {k}", f.unit) for k, f in sector.fields.items() if f.unit]
    units += [(f"indicator {k}", i.unit) for k, i in sector.indicators.items()]
    units += [(f"parameter {k}", p.unit) for k, p in sector.limits.parameters.items()]
    units += [(f"reference flow of {ls.id}", ls.reference_flow.unit) for ls in sector.limits.limit_sets
              if ls.reference_flow]
    for what, unit in units:
        if unit and unit != "-" and not is_currency_unit(unit) and not known_unit(unit):
            problems.append(f"{sector.id}: {what}: unit {unit!r} is not a unit pint knows")
    for rule in sorted(sector.rules.values(), key=lambda r: r.id):
        try:
            cases, doc = load_cases(rule)
        except CpError as exc:
            problems.append(exc.one_line())
            continue
        kinds = {case.expect for case in cases}
        for needed in ("fires", "silent"):
            if needed not in kinds:
                problems.append(f"{doc.file}: {rule.id} needs a case with `expect: {needed}`")
        for index, case in enumerate(cases):
            try:
                problem = run_case(sector, rule, case, doc, index)
            except CpError as exc:
                problem = exc.one_line()
            if problem:
                problems.append(problem)
    return problems


def check_knowledge(sectors: list[str] | None = None, kb: KnowledgeBase | None = None) -> list[str]:
    """Every problem in the knowledge base, one line each; empty when all is well."""
    kb = kb or default_knowledge()
    problems: list[str] = []
    checked_common = False
    for name in sectors or kb.sector_ids:
        try:
            sector = kb.sector(name)
        except CpError as exc:
            problems += [problem.one_line(count_others=False) for problem in exc.all()]
            continue
        found = check_sector(sector)
        if checked_common:  # common rules are part of every sector; report them once
            found = [p for p in found if "/rules/common/" not in p and "rules/common/" not in p]
        problems += found
        checked_common = True
    for lang in languages(kb.root):  # a translation that drops a placeholder would break a report
        for folder in ["common", *(sectors or kb.sector_ids)]:
            try:
                load_table([kb.root / "sectors" / folder], lang)
            except CpError as exc:
                problems.append(exc.one_line())
    from .kb.cases import case_folders
    from .trainer import case_problems

    for case_id, case_folder in case_folders(kb.root).items():
        if case_folder.parent.parent.name in (sectors or kb.sector_ids):
            problems += case_problems(kb.root, case_id, kb)
    if not sectors and not problems:
        try:
            kb.rules()  # rule ids unique across every sector's folder
        except CpError as exc:
            problems.append(exc.one_line())
    return list(dict.fromkeys(problems))
