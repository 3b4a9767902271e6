"""Linking a sector: every name, source, measure and formula a knowledge file refers to must exist."""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..conditions import NUMERIC_OPS, AllOf, AnyOf, Leaf, leaves
from ..errors import CpError
from ..formula import Formula, FormulaError
from ..text import did_you_mean
from ..units import normalise
from .files import line_naming
from .rules import RESIDUAL_FIELDS, Rule

if TYPE_CHECKING:
    from .schema import Sourced, Typical
    from .sector import Sector


def _where(s: Sector, kind: str, key: str) -> tuple[str, int | None]:
    return s.origin.get((kind, key), ("?", None))


def _fail(s: Sector, kind: str, key: str, message: str, field: str | None = None) -> CpError:
    file, line = _where(s, kind, key)
    if field and field != key and file != "?":
        line = line_naming(file, field) or line  # the line that says it, not the entry's first
    return CpError(message, file=file, line=line, field=field or key)


def _formula(s: Sector, text: str, kind: str, key: str) -> Formula:
    if text not in s.formulas:
        try:
            formula = Formula(text)
        except FormulaError as exc:
            raise _fail(s, kind, key, str(exc)) from None
        unknown = formula.names - (s.names() - s.limit_ratio_names)  # ratios come later
        if unknown:
            raise _fail(s, kind, key, f"formula refers to unknown name(s) "
                                        f"{', '.join(sorted(unknown))}{_suggest(s, unknown)}")
        s.formulas[text] = formula
    return s.formulas[text]


def _suggest(s: Sector, unknown: Iterable[str]) -> str:
    for name in unknown:
        hint = did_you_mean(name, s.names() | set(RESIDUAL_FIELDS))
        if hint:
            return hint
    return ""


def _check_sources(s: Sector, ids: Iterable[str | None], kind: str, key: str) -> None:
    for source in ids:
        if source is not None and source not in s.sources:
            raise _fail(s, kind, key, f"cites unknown source {source!r}")


def link(s: Sector) -> None:
    """Check every reference between the sector's parts; compile formulas; order indicators."""
    for key, indicator in s.indicators.items():
        _formula(s, indicator.formula, "indicator", key)
        for bench in [indicator.benchmark, *indicator.benchmarks]:
            if bench:
                _check_sources(s, [b.source for b in (bench.best, bench.poor) if b], "indicator", key)
        for typed in indicator.benchmarks:
            _link_condition(s, typed.when, "indicator", key, eop=False)
    s.indicator_order = _indicator_order(s)
    for key, resource in s.resources.items():
        _formula(s, resource.daily_cost, "resource", key)
        if resource.part_of is not None and (resource.part_of not in s.resources or resource.part_of == key
                                             or s.resources[resource.part_of].part_of is not None):
            raise _fail(s, "resource", key, f"part_of {resource.part_of!r} is not a whole resource of the sector",
                        "part_of")
        if resource.kind is not None and not (resource.kind in s.fields and s.fields[resource.kind].choices):
            raise _fail(s, "resource", key, f"kind {resource.kind!r} is not a choice question of the sector", "kind")
        if resource.amount:
            _formula(s, resource.amount, "resource", key)
    for key, stream in s.streams.items():
        _formula(s, stream.flow, "stream", key)
    for check in s.checks:
        _formula(s, check.formula, "sector", s.id)
        _check_placeholders(s, check.message, {"value"}, "sector", s.id, "message")
        _check_sources(s, [check.source], "sector", s.id)
    for key, constant in s.constants.items():
        _check_sources(s, [constant.source], "constant", key)
    _link_limits(s)
    for key, measure in s.measures.items():
        _check_sources(s, measure.sources, "measure", key)
        if measure.works_if:
            _link_condition(s, measure.works_if, "measure", key, eop=False)
        _check_sources(s, [e.source for e in measure.effects.values()], "measure", key)
        _check_sources(s, [r.source for r in measure.removal.values()], "measure", key)
        if measure.investment:
            _check_sources(s, [measure.investment.source], "measure", key)
            if measure.investment.per:
                _formula(s, measure.investment.per, "measure", key)
        for quantity, effect in measure.effects.items():
            target = effect.target
            if target and (target.indicator not in s.indicators
                           or s.indicators[target.indicator].better != "lower"):
                raise _fail(s, "measure", key, f"target {target.indicator!r} is not a lower-is-better "
                                                 f"indicator", target.indicator)
            if quantity not in s.quantities():
                raise _fail(s, "measure", key, f"effect on unknown quantity {quantity!r}; "
                                                 f"known: {', '.join(sorted(s.quantities()))}")
        for parameter in measure.removal:
            if parameter not in s.limits.parameters:
                raise _fail(s, "measure", key, f"removal of unknown parameter {parameter!r}")
        if measure.removal and measure.kind != "eop":
            raise _fail(s, "measure", key, "only EOP measures have `removal`")
        for other in measure.alternatives + measure.requires + measure.package_of:
            if other not in s.measures or other == key:
                raise _fail(s, "measure", key, f"names unknown measure {other!r}")
    for key, measure in s.measures.items():  # an alternative goes both ways
        for other in measure.alternatives:
            if key not in s.measures[other].alternatives:
                s.measures[other].alternatives.append(key)
    for rule in s.rules.values():
        try:
            _link_rule(s, rule)
        except CpError as problem:  # `cpassess check` lists every rule's problems at once
            s.problems.append(problem)
    if s.problems:
        first = s.problems[0]
        first.others = s.problems[1:]
        raise first
    for key, question in s.fields.items():
        if question.asked_if:
            _link_condition(s, question.asked_if, "field", key, eop=False)
    for name, section in s.sections.items():
        if section.asked_if:
            _link_condition(s, section.asked_if, "section", name, eop=False)
            if set(section.fields) & {leaf.field for leaf in leaves(section.asked_if)}:
                raise _fail(s, "section", name, "a section cannot be asked depending on its own answers")
    for key, entries in s.typical.items():
        _link_typical(s, key, entries)
    for key, rates in s.rates.items():
        _check_sources(s, [rate.source for rate in rates], "currency", key)
    for key, by_currency in s.prices.items():
        _link_band(s, key, by_currency)


def _link_band(s: Sector, key: str, by_currency: dict[str, Sourced]) -> None:
    question = s.fields.get(key)
    if question is None:
        raise _fail(s, "plausible", key, f"unknown field {key!r}{_suggest(s, [key])}")
    for currency, band in by_currency.items():
        file, line = _where(s, "plausible", f"{key}/{currency}")  # the band's own line
        problem = None
        if not re.fullmatch(r"[A-Z]{3}", currency):
            problem = f"{currency!r} is not an ISO 4217 currency code"
        elif band.source not in s.sources:
            problem = f"cites unknown source {band.source!r}"
        elif band.low is None or band.high is None:
            problem = "a plausible band gives `low` and `high`"
        elif band.unit is None or normalise(band.unit) != normalise(question.unit or ""):
            problem = f"the band's unit must be the question's, {question.unit}"
        if problem:
            raise CpError(problem, file=file, line=line, field=key)


def _link_typical(s: Sector, key: str, entries: list[Typical]) -> None:
    question = s.fields.get(key)
    if question is None:
        raise _fail(s, "typical", key, f"unknown field {key!r}{_suggest(s, [key])}")
    for entry in entries:
        _check_sources(s, [entry.source], "typical", key)
        if entry.when:
            _link_condition(s, entry.when, "typical", key, eop=False)
            if key in {leaf.field for leaf in leaves(entry.when)}:
                raise _fail(s, "typical", key, "a typical answer cannot depend on the answer itself")
        value = entry.value
        if question.type == "choice":
            ok = isinstance(value, str) and value in (question.choices or {}) and value not in question.one_of
        elif question.type == "boolean":
            ok = isinstance(value, bool)
        elif question.type in ("number", "integer"):
            ok = (not isinstance(value, (bool, str)) and (question.min is None or value >= question.min)
                  and (question.max is None or value <= question.max))
        else:
            ok = isinstance(value, str)
        if not ok:
            raise _fail(s, "typical", key, f"typical value {value!r} is not a valid answer to {key}")


def _indicator_order(s: Sector) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}

    def visit(key: str) -> None:
        if state.get(key) == 2:
            return
        if state.get(key) == 1:
            raise _fail(s, "indicator", key, "indicator formulas depend on each other in a cycle")
        state[key] = 1
        for name in s.formulas[s.indicators[key].formula].names:
            if name in s.indicators:
                visit(name)
        state[key] = 2
        order.append(key)

    for key in s.indicators:
        visit(key)
    return order


def _link_limits(s: Sector) -> None:
    file = s._limits_file
    for key, parameter in s.limits.parameters.items():
        s.origin[("parameter", key)] = (file, None)
        if parameter.value not in s.fields and parameter.value not in s.indicators:
            raise _fail(s, "parameter", key, f"value {parameter.value!r} is neither a field nor "
                                               f"an indicator")
        if parameter.stream and parameter.stream not in s.streams:
            raise _fail(s, "parameter", key, f"unknown stream {parameter.stream!r}")
        for part in parameter.parts:
            _formula(s, part.value, "parameter", key)
        if parameter.when:
            _link_condition(s, parameter.when, "parameter", key, eop=False)
        for quantity in parameter.follows + [q for part in parameter.parts for q in part.follows]:
            if quantity not in s.quantities():
                raise _fail(s, "parameter", key, f"follows unknown quantity {quantity!r}")
        for estimate in parameter.estimates:
            _formula(s, estimate.formula, "parameter", key)
            if estimate.when:
                _link_condition(s, estimate.when, "parameter", key, eop=False)
    for index, limit_set in enumerate(s.limits.limit_sets):
        s.origin[("limit set", limit_set.id)] = (file, None)
        last = index == len(s.limits.limit_sets) - 1
        if (limit_set.when is None) != last:
            raise _fail(s, "limit set", limit_set.id, "only the last limit set, the default, "
                                                        "has no `when`", "when")
        if limit_set.when:
            _link_condition(s, limit_set.when, "limit set", limit_set.id, eop=False)
        if reference := limit_set.reference_flow:
            if reference.stream not in s.streams:
                raise _fail(s, "limit set", limit_set.id, f"reference flow of unknown stream {reference.stream!r}",
                            "reference_flow")
            _formula(s, reference.specific, "limit set", limit_set.id)
            _check_sources(s, [reference.source], "limit set", limit_set.id)
        for parameter_id, limit in limit_set.limits.items():
            if parameter_id not in s.limits.parameters:
                raise _fail(s, "limit set", limit_set.id, f"limit for unknown parameter "
                                                            f"{parameter_id!r}")
            _check_sources(s, [limit.source], "limit set", limit_set.id)


def _link_condition(s: Sector, condition: AllOf | AnyOf | Leaf, kind: str, key: str, eop: bool) -> None:
    known = s.names() - set(s.constants) | (set(RESIDUAL_FIELDS) if eop else set())
    for leaf in leaves(condition):
        name = leaf.field
        if name not in known:
            raise _fail(s, kind, key, f"unknown field {name!r}{_suggest(s, [name])}", name)
        kind_of = s.field_type(name)
        _check_sources(s, [leaf.source], kind, key)
        if leaf.benchmark is not None:
            indicator_id, _, band = leaf.benchmark.partition(".")
            indicator = s.indicators.get(indicator_id)
            bound = getattr(indicator.benchmark, band, None) if indicator and indicator.benchmark \
                and band in ("best", "poor") else None
            if bound is None or bound.central is None:
                raise _fail(s, kind, key, f"benchmark {leaf.benchmark!r} is not an indicator's "
                                            f"best or poor value", leaf.benchmark)
            leaf.linked_threshold = bound.central
            continue
        values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
        if kind_of in ("number", "integer"):
            if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
                raise _fail(s, kind, key, f"{name} is a number: compare it with numbers", name)
            sourced_elsewhere = name in s.limit_ratio_names  # the limit carries its source
            if leaf.op in NUMERIC_OPS and leaf.value != 0 and leaf.source is None and not sourced_elsewhere:
                raise _fail(s, kind, key, f"threshold {leaf.value} on {name} needs `source` "
                                            f"and `evidence` (or a `benchmark`)", name)
        elif kind_of == "boolean":
            if leaf.op not in ("eq", "neq") or not isinstance(leaf.value, bool):
                raise _fail(s, kind, key, f"{name} is yes/no: use eq or neq with true or false", name)
        elif leaf.op in NUMERIC_OPS:
            raise _fail(s, kind, key, f"{name} is not a number: use eq, neq, in or not_in", name)
        elif kind_of == "choice":
            allowed = s.choices(name)
            wrong = [v for v in values if v not in allowed]
            if wrong:
                raise _fail(s, kind, key, f"{wrong[0]!r} is not a choice of {name} "
                                            f"({', '.join(allowed)})", name)


def _check_placeholders(s: Sector, text: str, known: set[str], kind: str, key: str, field: str) -> None:
    """Placeholders are bare names the report fills in: no `{x:.2f}`, no `{}`, no unknown names."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise _fail(s, kind, key, f"`{field}` has a broken placeholder: {exc}", field) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if not name or spec or conversion:
            raise _fail(s, kind, key, f"`{field}` placeholders are bare names such as {{city}}, "
                                        f"not {{{name}{'!' + conversion if conversion else ''}"
                                        f"{':' + spec if spec else ''}}}", field)
        if name not in known:
            raise _fail(s, kind, key, f"`{field}` uses unknown name {{{name}}}{_suggest(s, [name])}", field)


def _link_rule(s: Sector, rule: Rule) -> None:
    _link_condition(s, rule.when, "rule", rule.id, eop=rule.stage == "eop")
    _check_sources(s, rule.sources, "rule", rule.id)
    for measure_id in rule.recommend:
        measure = s.measures.get(measure_id)
        if measure is None:
            raise _fail(s, "rule", rule.id, f"recommends unknown measure {measure_id!r}", "recommend")
        if measure.kind != rule.stage:
            raise _fail(s, "rule", rule.id, f"a {rule.stage} rule cannot recommend the "
                                              f"{measure.kind} measure {measure_id}", "recommend")
    known = s.names() | set(RESIDUAL_FIELDS)
    _check_placeholders(s, rule.because, known, "rule", rule.id, "because")

