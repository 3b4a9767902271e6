"""The knowledge base: sector data and rules loaded from YAML, validated and linked."""

from __future__ import annotations

import functools
import math
import os
import re
import string
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from .cache import fingerprint, memoised
from .conditions import NUMERIC_OPS, STRICT, AllOf, AnyOf, Condition, Evidence, Leaf, leaves
from .errors import CpError
from .formula import Formula, FormulaError
from .yamlio import Document, load

TECHNIQUES: dict[str, tuple[str, int]] = {
    # id: (label, CP-hierarchy level: 1 prevention at source, 2 reuse and recovery, 3 treatment)
    "good_housekeeping": ("Good housekeeping", 1),
    "input_material_change": ("Input material change", 1),
    "better_process_control": ("Better process control", 1),
    "equipment_modification": ("Equipment modification", 1),
    "technology_change": ("Technology change", 1),
    "product_modification": ("Product modification", 1),
    "on_site_recovery_reuse": ("On-site recovery and reuse", 2),
    "by_product": ("Production of a useful by-product", 2),
    "treatment": ("End-of-pipe treatment", 3),
}
HIERARCHY = {1: "Prevention at source", 2: "Reuse and recovery", 3: "Treatment"}
EVIDENCE_LABELS = {
    "V": "read in the cited source", "S": "secondary source quoting the original",
    "R": "recalled from the named document, value not confirmed",
    "U": "commonly quoted, not found in any readable source",
    "J": "judgement or derived band", "G": "gap: nothing known",
}
# Names an EOP rule sees besides the plant's answers, one set per parameter above its limit.
RESIDUAL_FIELDS = {"parameter": "choice", "projected": "number", "limit": "number",
                   "exceedance": "number", "required_removal": "number"}
RULE_ID = re.compile(r"^[A-Z]{3}-\d{3}$")
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


# Plain dataclasses, validated by pydantic when the YAML is read (see conditions.STRICT).


@dataclass(kw_only=True, eq=False)
class Sourced:
    """A number from the literature, with where it was read and how sure we are."""

    __pydantic_config__ = STRICT
    value: float | None = None
    low: float | None = None
    high: float | None = None
    unit: str | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        numbers = [n for n in (self.value, self.low, self.high) if n is not None]
        if any(not math.isfinite(n) for n in numbers):
            raise ValueError("numbers must be finite")
        if self.evidence == "G":
            if numbers:
                raise ValueError("evidence G (gap) means no value is known: give none")
        elif self.value is None and (self.low is None or self.high is None):
            raise ValueError("give `value`, or `low` and `high`")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("`low` is above `high`")

    @property
    def central(self) -> float | None:
        """The value, or the conservative (smaller-magnitude) end of a range."""
        if self.value is not None:
            return self.value
        if self.low is None or self.high is None:
            return None
        return self.low if abs(self.low) <= abs(self.high) else self.high


@dataclass(kw_only=True, eq=False)
class Source:
    __pydantic_config__ = STRICT
    title: str
    url: str | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class QField:
    __pydantic_config__ = STRICT
    question: str
    label: str | None = None  # a short name for tables and explanations; else the question
    type: Literal["number", "integer", "boolean", "choice", "text"]
    unit: str | None = None
    min: float | None = None
    max: float | None = None
    choices: dict[str, str] | None = None
    pattern: str | None = None
    required: bool = False
    help: str | None = None
    example: str | None = None  # shown when a text answer does not match `pattern`
    asked_if: Condition | None = None  # e.g. boiler details only where there is a boiler

    def __post_init__(self) -> None:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("`choices` is needed for, and only for, type choice")
        if self.type not in ("number", "integer") and (self.min is not None or self.max is not None
                                                       or self.unit is not None):
            raise ValueError("`unit`, `min` and `max` are for number and integer fields")


@dataclass(kw_only=True, eq=False)
class Section:
    __pydantic_config__ = STRICT
    title: str
    help: str | None = None
    fields: dict[str, QField]


@dataclass(kw_only=True, eq=False)
class Questionnaire:
    __pydantic_config__ = STRICT
    sections: dict[str, Section]


@dataclass(kw_only=True, eq=False)
class Stream:
    __pydantic_config__ = STRICT
    name: str
    flow: str


@dataclass(kw_only=True, eq=False)
class Resource:
    __pydantic_config__ = STRICT
    name: str
    amount: str | None = None
    unit: str | None = None
    daily_cost: str


@dataclass(kw_only=True, eq=False)
class Check:
    """A plausibility check on the answers: when the formula's value passes the test, say so."""

    __pydantic_config__ = STRICT
    formula: str
    op: Literal["gt", "gte", "lt", "lte"]
    value: float
    message: str  # may use {value}, the formula's value


@dataclass(kw_only=True, eq=False)
class SectorInfo:
    __pydantic_config__ = STRICT
    id: str
    name: str
    description: str
    production: str | None = None
    streams: dict[str, Stream] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    constants: dict[str, Sourced] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class Benchmark:
    __pydantic_config__ = STRICT
    best: Sourced | None = None
    poor: Sourced | None = None


@dataclass(kw_only=True, eq=False)
class Indicator:
    __pydantic_config__ = STRICT
    name: str
    unit: str
    formula: str
    better: Literal["lower", "higher"] | None = None
    benchmark: Benchmark | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.benchmark and not self.better:
            raise ValueError("a benchmark needs `better: lower` or `better: higher`")


@dataclass(kw_only=True, eq=False)
class Estimate:
    __pydantic_config__ = STRICT
    formula: str
    when: Condition | None = None
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Part:
    """A share of a parameter that scales with its own quantities (e.g. SO2 from fuel sulphur)."""

    __pydantic_config__ = STRICT
    name: str
    value: str  # formula for this part's current amount, in the parameter's unit
    follows: list[str] = field(default_factory=list)


@dataclass(kw_only=True, eq=False)
class Parameter:
    __pydantic_config__ = STRICT
    name: str
    unit: str
    value: str  # the field or indicator holding the current (measured) value
    when: Condition | None = None  # where it does not hold, the parameter does not apply to the plant
    stream: str | None = None
    follows: list[str] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    estimate: Estimate | None = None


@dataclass(kw_only=True, eq=False)
class Limit:
    __pydantic_config__ = STRICT
    min: float | None = None
    max: float | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        if self.min is None and self.max is None:
            raise ValueError("give `max`, `min` or both")


@dataclass(kw_only=True, eq=False)
class LimitSet:
    __pydantic_config__ = STRICT
    id: str
    name: str
    when: Condition | None = None
    limits: dict[str, Limit]
    note: str | None = None


@dataclass(kw_only=True, eq=False)
class Limits:
    __pydantic_config__ = STRICT
    parameters: dict[str, Parameter]
    limit_sets: list[LimitSet]

    def __post_init__(self) -> None:
        if not self.limit_sets:
            raise ValueError("give at least one limit set")


@dataclass(kw_only=True, eq=False)
class Target:
    """Bring a lower-is-better indicator down to `value`: the quantity falls in proportion."""

    __pydantic_config__ = STRICT
    indicator: str
    value: float


@dataclass(kw_only=True, eq=False)
class Effect:
    """A measure's change of one quantity: a fraction, a range from the sources, or a target that
    makes the change the plant's own (45 L/kg brought to 20 L/kg is -56 %, 25 L/kg only -20 %)."""

    __pydantic_config__ = STRICT
    change: float | None = None
    low: float | None = None
    high: float | None = None
    target: Target | None = None
    source: str
    evidence: Evidence
    note: str | None = None

    def __post_init__(self) -> None:
        given = [self.change is not None, self.low is not None or self.high is not None, self.target is not None]
        if sum(given) != 1 or (given[1] and (self.low is None or self.high is None)):
            raise ValueError("give one of `change`, `low` and `high` (a range), or `target`")
        if any(n is not None and not -1.0 <= n <= 10.0 for n in (self.change, self.low, self.high)):
            raise ValueError("a change is a fraction from -1 (all of it gone) to 10")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise ValueError("`low` is above `high`")

    def expected(self, facts: Mapping[str, Any]) -> float | None:
        """The change projections and savings use: for a range its cautious end; for a target,
        this plant's own (none if it is already there; unknown if the indicator is)."""
        if self.target is not None:
            current = facts.get(self.target.indicator)
            if current is None or current <= 0:
                return None
            return min(0.0, self.target.value / current - 1.0)
        if self.change is not None:
            return self.change
        assert self.low is not None and self.high is not None
        return self.low if abs(self.low) <= abs(self.high) else self.high


def _class_alias(name: str) -> str:
    return "class" if name == "cost_class" else name  # `class` is a Python keyword


@dataclass(kw_only=True, eq=False)
class Investment:
    __pydantic_config__ = {**STRICT, "alias_generator": _class_alias, "populate_by_name": True}
    cost_class: Literal["none", "low", "medium", "high"]
    low: float | None = None
    high: float | None = None
    currency: str | None = None
    source: str | None = None
    evidence: Evidence | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        has_range = self.low is not None or self.high is not None
        if has_range and (self.low is None or self.high is None or not self.currency
                          or not self.source or not self.evidence):
            raise ValueError("an investment range needs low, high, currency, source and evidence")
        if (self.low is not None and self.low < 0) or (self.high is not None and self.high < 0):
            raise ValueError("an investment is not negative")


@dataclass(kw_only=True, eq=False)
class Measure:
    __pydantic_config__ = STRICT
    title: str
    kind: Literal["cp", "eop"]
    technique: str
    description: str
    effects: dict[str, Effect] = field(default_factory=dict)
    removal: dict[str, Sourced] = field(default_factory=dict)
    investment: Investment | None = None
    sources: list[str] = field(default_factory=list)
    note: str | None = None
    alternatives: list[str] = field(default_factory=list)  # ways to the same end: pick one
    requires: list[str] = field(default_factory=list)  # measures that must come first

    @property
    def hierarchy(self) -> int:
        return TECHNIQUES[self.technique][1]


@dataclass(kw_only=True, eq=False)
class Rule:
    __pydantic_config__ = STRICT
    id: str
    title: str
    stage: Literal["cp", "eop"]
    recommend: list[str]
    when: Condition
    because: str
    sources: list[str] = field(default_factory=list)
    note: str | None = None
    file: str = field(default="", init=False)  # set by the loader

    def __post_init__(self) -> None:
        if not self.recommend:
            raise ValueError("`recommend` needs at least one measure")

    def fields(self) -> list[str]:
        """The fields and indicators the rule reads, in order of first use."""
        return list(dict.fromkeys(leaf.field for leaf in leaves(self.when)))


@dataclass(kw_only=True, eq=False)
class Case:
    __pydantic_config__ = STRICT
    name: str
    plant: dict[str, Any]
    residual: dict[str, Any] | None = None
    expect: Literal["fires", "silent", "unknown"]


KNOWLEDGE_ENV = "CPASSESS_KNOWLEDGE"


def package_root() -> Path:
    """Where the shipped sectors/, rules/ and templates/ are: in the wheel, else the checkout."""
    packaged = Path(str(resources.files("cpassess"))) / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent


def data_root() -> Path:
    """The knowledge base in use: $CPASSESS_KNOWLEDGE (a folder with sectors/ and rules/) or the shipped one."""
    override = os.environ.get(KNOWLEDGE_ENV)
    return Path(override) if override else package_root()


@functools.cache
def _adapter(model: Any) -> Any:
    from pydantic import TypeAdapter  # only when the knowledge base is read, not from the cache

    return TypeAdapter(model)


def _validate(model: Any, doc: Document) -> Any:
    """Validate a whole document; the first error names its file, line and field."""
    from pydantic_core import ValidationError

    try:
        return _adapter(model).validate_python(doc.data if doc.data is not None else {})
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = data_path(doc.data, error["loc"])
        field = ".".join(str(part) for part in loc) or None
        message = error["msg"].removeprefix("Value error, ")
        raise CpError(message, file=doc.file, line=doc.line(loc), field=field) from None


def data_path(data: Any, loc: Iterable[Any]) -> tuple[str | int, ...]:
    """Pydantic's error location without its union tags: only the keys present in the data."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(data, (dict, list)) and not path_is_missing_key(data, part):
            continue
        path.append(part)
    return tuple(path)


def path_is_missing_key(data: Any, part: Any) -> bool:
    """A missing required key still belongs in the path; a union tag does not."""
    return isinstance(data, dict) and isinstance(part, str) and part not in ("all", "any", "leaf")


def _load_mapping(path: Path, model: Any) -> tuple[dict[str, Any], Document]:
    doc = load(path)
    if not isinstance(doc.data, dict):
        raise CpError("expected a mapping of ids to entries", file=doc.file, line=1)
    return _validate(dict[str, model], doc), doc


class Sector:
    """Everything known about one sector, common parts included, checked and linked."""

    def __init__(self, sector_dir: Path, common_dir: Path, rules_dirs: list[Path]) -> None:
        self.origin: dict[tuple[str, str], tuple[str, int | None]] = {}  # (kind, id) -> file, line
        info_doc = load(sector_dir / "sector.yaml")
        self.info: SectorInfo = _validate(SectorInfo, info_doc)
        self.id = self.info.id
        if self.id != sector_dir.name:
            raise info_doc.error(f"id {self.id!r} differs from its folder {sector_dir.name!r}",
                                 ("id",), "id")
        common_info: SectorInfo = _validate(SectorInfo, load(common_dir / "sector.yaml"))
        self.sources: dict[str, Source] = {}
        self.sections: dict[str, Section] = {}
        self.fields: dict[str, QField] = {}
        self.field_section: dict[str, str] = {}
        self.indicators: dict[str, Indicator] = {}
        self.measures: dict[str, Measure] = {}
        self.constants: dict[str, Sourced] = {}
        self.streams: dict[str, Stream] = {}
        self.resources: dict[str, Resource] = {}
        self.checks: list[Check] = []
        for folder, info in ((common_dir, common_info), (sector_dir, self.info)):
            self._merge(folder, info)
        limits_doc = load(sector_dir / "limits.yaml")
        self.limits: Limits = _validate(Limits, limits_doc)
        # `COD_to_limit`: a parameter's value now over the limit that applies (see assess)
        self.limit_ratio_names = {f"{key}_to_limit" for key in self.limits.parameters}
        self._limits_file = limits_doc.file
        self.rules: dict[str, Rule] = {}
        for folder in rules_dirs:
            for path in sorted(folder.glob("*.yaml")):
                if not path.name.endswith(".cases.yaml"):
                    self._add_rule(path)
        self.formulas: dict[str, Formula] = {}
        self.problems: list[CpError] = []
        self._link()

    # -- loading -----------------------------------------------------------------------------

    def _unique(self, kind: str, key: str, doc: Document, path: tuple[str | int, ...]) -> None:
        if (kind, key) in self.origin:
            other, line = self.origin[(kind, key)]
            raise doc.error(f"{kind} id {key!r} is already defined in {other}:{line}", path, key)
        self.origin[(kind, key)] = (doc.file, doc.line(path))

    def _merge(self, folder: Path, info: SectorInfo) -> None:
        sources, doc = _load_mapping(folder / "sources.yaml", Source)
        for key, source in sources.items():
            self._unique("source", key, doc, (key,))
            self.sources[key] = source
        q_doc = load(folder / "questionnaire.yaml")
        questionnaire: Questionnaire = _validate(Questionnaire, q_doc)
        for name, section in questionnaire.sections.items():
            self._unique("section", name, q_doc, ("sections", name))
            self.sections[name] = section
            for key, question in section.fields.items():
                path = ("sections", name, "fields", key)
                if not SNAKE.match(key):
                    raise q_doc.error("field ids are snake_case", path, key)
                self._unique("field", key, q_doc, path)
                self.fields[key] = question
                self.field_section[key] = name
        indicator_path = folder / "indicators.yaml"
        if indicator_path.exists():
            indicators, i_doc = _load_mapping(indicator_path, Indicator)
            for key, indicator in indicators.items():
                self._unique("indicator", key, i_doc, (key,))
                self.indicators[key] = indicator
        measures, m_doc = _load_mapping(folder / "measures.yaml", Measure)
        for key, measure in measures.items():
            self._unique("measure", key, m_doc, (key,))
            if measure.technique not in TECHNIQUES:
                raise m_doc.error(f"unknown technique {measure.technique!r}; one of "
                                  f"{', '.join(TECHNIQUES)}", (key, "technique"), "technique")
            if (measure.technique == "treatment") != (measure.kind == "eop"):
                raise m_doc.error("EOP measures, and only they, use technique `treatment`",
                                  (key, "technique"), "technique")
            self.measures[key] = measure
        self.constants.update(info.constants)
        self.checks.extend(info.checks)
        self.streams.update(info.streams)
        self.resources.update(info.resources)

    def _add_rule(self, path: Path) -> None:
        doc = load(path)
        rule: Rule = _validate(Rule, doc)
        if not RULE_ID.match(rule.id):
            raise doc.error("rule ids look like TOF-003", ("id",), "id")
        if path.stem != rule.id:
            raise doc.error(f"the file of rule {rule.id} must be named {rule.id}.yaml", ("id",), "id")
        self._unique("rule", rule.id, doc, ("id",))
        rule.file = doc.file
        self.rules[rule.id] = rule

    # -- linking -----------------------------------------------------------------------------

    def names(self) -> set[str]:
        """Everything a formula or a condition may refer to."""
        return set(self.fields) | set(self.indicators) | set(self.constants) | self.limit_ratio_names

    def quantities(self) -> set[str]:
        return set(self.streams) | set(self.limits.parameters) | set(self.resources)

    def _where(self, kind: str, key: str) -> tuple[str, int | None]:
        return self.origin.get((kind, key), ("?", None))

    def _fail(self, kind: str, key: str, message: str, field: str | None = None) -> CpError:
        file, line = self._where(kind, key)
        if field and field != key and file != "?":
            line = _line_naming(file, field) or line  # the line that says it, not the entry's first
        return CpError(message, file=file, line=line, field=field or key)

    def _formula(self, text: str, kind: str, key: str) -> Formula:
        if text not in self.formulas:
            try:
                formula = Formula(text)
            except FormulaError as exc:
                raise self._fail(kind, key, str(exc)) from None
            unknown = formula.names - (self.names() - self.limit_ratio_names)  # ratios come later
            if unknown:
                raise self._fail(kind, key, f"formula refers to unknown name(s) "
                                            f"{', '.join(sorted(unknown))}{self._suggest(unknown)}")
            self.formulas[text] = formula
        return self.formulas[text]

    def _suggest(self, unknown: Iterable[str]) -> str:
        import difflib

        for name in unknown:
            close = difflib.get_close_matches(name, self.names() | set(RESIDUAL_FIELDS), n=1)
            if close:
                return f" (did you mean {close[0]!r}?)"
        return ""

    def _check_sources(self, ids: Iterable[str | None], kind: str, key: str) -> None:
        for source in ids:
            if source is not None and source not in self.sources:
                raise self._fail(kind, key, f"cites unknown source {source!r}")

    def _link(self) -> None:
        for key, indicator in self.indicators.items():
            self._formula(indicator.formula, "indicator", key)
            bench = indicator.benchmark
            if bench:
                self._check_sources([b.source for b in (bench.best, bench.poor) if b], "indicator", key)
        self.indicator_order = self._indicator_order()
        for key, resource in self.resources.items():
            self._formula(resource.daily_cost, "resource", key)
            if resource.amount:
                self._formula(resource.amount, "resource", key)
        for key, stream in self.streams.items():
            self._formula(stream.flow, "stream", key)
        for check in self.checks:
            self._formula(check.formula, "sector", self.id)
            self._check_placeholders(check.message, {"value"}, "sector", self.id, "message")
        for key, constant in self.constants.items():
            self._check_sources([constant.source], "constant", key)
        self._link_limits()
        for key, measure in self.measures.items():
            self._check_sources(measure.sources, "measure", key)
            self._check_sources([e.source for e in measure.effects.values()], "measure", key)
            self._check_sources([r.source for r in measure.removal.values()], "measure", key)
            if measure.investment:
                self._check_sources([measure.investment.source], "measure", key)
            for quantity, effect in measure.effects.items():
                target = effect.target
                if target and (target.indicator not in self.indicators
                               or self.indicators[target.indicator].better != "lower"):
                    raise self._fail("measure", key, f"target {target.indicator!r} is not a lower-is-better "
                                                     f"indicator", target.indicator)
                if quantity not in self.quantities():
                    raise self._fail("measure", key, f"effect on unknown quantity {quantity!r}; "
                                                     f"known: {', '.join(sorted(self.quantities()))}")
            for parameter in measure.removal:
                if parameter not in self.limits.parameters:
                    raise self._fail("measure", key, f"removal of unknown parameter {parameter!r}")
            if measure.removal and measure.kind != "eop":
                raise self._fail("measure", key, "only EOP measures have `removal`")
            for other in measure.alternatives + measure.requires:
                if other not in self.measures or other == key:
                    raise self._fail("measure", key, f"names unknown measure {other!r}")
        for key, measure in self.measures.items():  # an alternative goes both ways
            for other in measure.alternatives:
                if key not in self.measures[other].alternatives:
                    self.measures[other].alternatives.append(key)
        for rule in self.rules.values():
            try:
                self._link_rule(rule)
            except CpError as problem:  # `cpassess check` lists every rule's problems at once
                self.problems.append(problem)
        if self.problems:
            first = self.problems[0]
            first.others = self.problems[1:]
            raise first
        for key, question in self.fields.items():
            if question.asked_if:
                self._link_condition(question.asked_if, "field", key, eop=False)

    def _indicator_order(self) -> list[str]:
        order: list[str] = []
        state: dict[str, int] = {}

        def visit(key: str) -> None:
            if state.get(key) == 2:
                return
            if state.get(key) == 1:
                raise self._fail("indicator", key, "indicator formulas depend on each other in a cycle")
            state[key] = 1
            for name in self.formulas[self.indicators[key].formula].names:
                if name in self.indicators:
                    visit(name)
            state[key] = 2
            order.append(key)

        for key in self.indicators:
            visit(key)
        return order

    def _link_limits(self) -> None:
        file = self._limits_file
        for key, parameter in self.limits.parameters.items():
            self.origin[("parameter", key)] = (file, None)
            if parameter.value not in self.fields and parameter.value not in self.indicators:
                raise self._fail("parameter", key, f"value {parameter.value!r} is neither a field nor "
                                                   f"an indicator")
            if parameter.stream and parameter.stream not in self.streams:
                raise self._fail("parameter", key, f"unknown stream {parameter.stream!r}")
            for part in parameter.parts:
                self._formula(part.value, "parameter", key)
            if parameter.when:
                self._link_condition(parameter.when, "parameter", key, eop=False)
            for quantity in parameter.follows + [q for part in parameter.parts for q in part.follows]:
                if quantity not in self.quantities():
                    raise self._fail("parameter", key, f"follows unknown quantity {quantity!r}")
            if parameter.estimate:
                self._formula(parameter.estimate.formula, "parameter", key)
                if parameter.estimate.when:
                    self._link_condition(parameter.estimate.when, "parameter", key, eop=False)
        for index, limit_set in enumerate(self.limits.limit_sets):
            self.origin[("limit set", limit_set.id)] = (file, None)
            last = index == len(self.limits.limit_sets) - 1
            if (limit_set.when is None) != last:
                raise self._fail("limit set", limit_set.id, "only the last limit set, the default, "
                                                            "has no `when`", "when")
            if limit_set.when:
                self._link_condition(limit_set.when, "limit set", limit_set.id, eop=False)
            for parameter_id, limit in limit_set.limits.items():
                if parameter_id not in self.limits.parameters:
                    raise self._fail("limit set", limit_set.id, f"limit for unknown parameter "
                                                                f"{parameter_id!r}")
                self._check_sources([limit.source], "limit set", limit_set.id)

    def field_type(self, name: str) -> str:
        if name in self.fields:
            return self.fields[name].type
        return RESIDUAL_FIELDS.get(name, "number")

    def _link_condition(self, condition: AllOf | AnyOf | Leaf, kind: str, key: str, eop: bool) -> None:
        known = self.names() - set(self.constants) | (set(RESIDUAL_FIELDS) if eop else set())
        for leaf in leaves(condition):
            name = leaf.field
            if name not in known:
                raise self._fail(kind, key, f"unknown field {name!r}{self._suggest([name])}", name)
            kind_of = self.field_type(name)
            self._check_sources([leaf.source], kind, key)
            if leaf.benchmark is not None:
                indicator_id, _, band = leaf.benchmark.partition(".")
                indicator = self.indicators.get(indicator_id)
                bound = getattr(indicator.benchmark, band, None) if indicator and indicator.benchmark \
                    and band in ("best", "poor") else None
                if bound is None or bound.central is None:
                    raise self._fail(kind, key, f"benchmark {leaf.benchmark!r} is not an indicator's "
                                                f"best or poor value", leaf.benchmark)
                leaf.linked_threshold = bound.central
                continue
            values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
            if kind_of in ("number", "integer"):
                if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in values):
                    raise self._fail(kind, key, f"{name} is a number: compare it with numbers", name)
                sourced_elsewhere = name in self.limit_ratio_names  # the limit carries its source
                if leaf.op in NUMERIC_OPS and leaf.value != 0 and leaf.source is None and not sourced_elsewhere:
                    raise self._fail(kind, key, f"threshold {leaf.value} on {name} needs `source` "
                                                f"and `evidence` (or a `benchmark`)", name)
            elif kind_of == "boolean":
                if leaf.op not in ("eq", "neq") or not isinstance(leaf.value, bool):
                    raise self._fail(kind, key, f"{name} is yes/no: use eq or neq with true or false",
                                     name)
            elif leaf.op in NUMERIC_OPS:
                raise self._fail(kind, key, f"{name} is not a number: use eq, neq, in or not_in", name)
            elif kind_of == "choice":
                allowed = self._choices(name)
                wrong = [v for v in values if v not in allowed]
                if wrong:
                    raise self._fail(kind, key, f"{wrong[0]!r} is not a choice of {name} "
                                                f"({', '.join(allowed)})", name)

    def _check_placeholders(self, text: str, known: set[str], kind: str, key: str, field: str) -> None:
        """Placeholders are bare names the report fills in: no `{x:.2f}`, no `{}`, no unknown names."""
        try:
            parts = list(string.Formatter().parse(text))
        except ValueError as exc:
            raise self._fail(kind, key, f"`{field}` has a broken placeholder: {exc}", field) from None
        for _, name, spec, conversion in parts:
            if name is None:
                continue
            if not name or spec or conversion:
                raise self._fail(kind, key, f"`{field}` placeholders are bare names such as {{city}}, "
                                            f"not {{{name}{'!' + conversion if conversion else ''}"
                                            f"{':' + spec if spec else ''}}}", field)
            if name not in known:
                raise self._fail(kind, key, f"`{field}` uses unknown name {{{name}}}{self._suggest([name])}",
                                 field)

    def _choices(self, name: str) -> list[str]:
        if name == "parameter":
            return list(self.limits.parameters)
        return list(self.fields[name].choices or {})

    def _link_rule(self, rule: Rule) -> None:
        self._link_condition(rule.when, "rule", rule.id, eop=rule.stage == "eop")
        self._check_sources(rule.sources, "rule", rule.id)
        for measure_id in rule.recommend:
            measure = self.measures.get(measure_id)
            if measure is None:
                raise self._fail("rule", rule.id, f"recommends unknown measure {measure_id!r}",
                                 "recommend")
            if measure.kind != rule.stage:
                raise self._fail("rule", rule.id, f"a {rule.stage} rule cannot recommend the "
                                                  f"{measure.kind} measure {measure_id}", "recommend")
        known = self.names() | set(RESIDUAL_FIELDS)
        self._check_placeholders(rule.because, known, "rule", rule.id, "because")

    # -- helpers for the rest of the program -------------------------------------------------

    def rules_for(self, stage: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.stage == stage]

    def cited_numbers(self) -> Iterator[tuple[str, Sourced | Limit | Effect]]:
        """Every sourced figure, for the knowledge-base checks."""
        for key, constant in self.constants.items():
            yield f"constant {key}", constant
        for key, indicator in self.indicators.items():
            if indicator.benchmark:
                for band in (indicator.benchmark.best, indicator.benchmark.poor):
                    if band:
                        yield f"indicator {key}", band
        for limit_set in self.limits.limit_sets:
            for key, limit in limit_set.limits.items():
                yield f"limit {limit_set.id}/{key}", limit
        for key, measure in self.measures.items():
            for effect in measure.effects.values():
                yield f"measure {key}", effect
            for removal in measure.removal.values():
                yield f"measure {key}", removal


def _line_naming(file: str, name: str) -> int | None:
    """The first line of a knowledge file that mentions `name`, for error messages."""
    try:
        lines = Path(file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])")
    return next((number for number, text in enumerate(lines, 1) if pattern.search(text)), None)


def sector_names(root: Path | None = None) -> list[str]:
    root = root or data_root()
    return sorted(p.name for p in (root / "sectors").iterdir()
                  if p.is_dir() and p.name != "common" and (p / "sector.yaml").exists())


def load_sector(name: str, root: Path | None = None) -> Sector:
    """Load, validate and link one sector with the common parts; cached per process."""
    return _load_sector(name, (root or data_root()).resolve())


@functools.cache
def _load_sector(name: str, root: Path) -> Sector:
    names = sector_names(root)
    if name in names:
        folders = [root / "sectors" / name, root / "sectors" / "common", root / "rules" / "common",
                   root / "rules" / name]
        files = [path for folder in folders if folder.is_dir() for path in folder.rglob("*.yaml")]
        return memoised("sector", fingerprint(files, name, str(root)),
                        lambda: Sector(root / "sectors" / name, root / "sectors" / "common",
                                       [root / "rules" / "common", root / "rules" / name]))
    import difflib

    close = difflib.get_close_matches(name, names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise CpError(f"unknown sector {name!r}{hint}; known sectors: {', '.join(names)}", field="sector")


def load_cases(rule: Rule) -> tuple[list[Case], Document]:
    path = Path(rule.file).with_name(f"{rule.id}.cases.yaml")
    doc = load(path)
    if not isinstance(doc.data, list):
        raise CpError("expected a list of cases", file=doc.file, line=1)
    return _validate(list[Case], doc), doc
