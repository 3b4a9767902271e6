"""One sector's knowledge, the common part merged in: loaded from its files, then linked."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..conditions import AllOf, AnyOf, Leaf, evaluate
from ..errors import CpError
from ..formula import Formula
from ..yamlio import Document, load
from .files import load_mapping, validate
from .limits import Limit, Limits
from .link import link
from .measures import HIERARCHY_LEVEL, Effect, Measure
from .rules import RESIDUAL_FIELDS, RULE_ID, Rule
from .schema import (
    Benchmark,
    Check,
    Indicator,
    Plausible,
    QField,
    Questionnaire,
    Rate,
    Resource,
    Section,
    SectorInfo,
    Source,
    Sourced,
    Stream,
    TypedBenchmark,
    Typical,
)
from .translate import ENGLISH, load_table, text_keys, translatable, translated

SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
REFERENCE = re.compile(r"\b(?:M-[A-Z]{3}-[A-Z0-9-]*[A-Z0-9]|[A-Z]{3}-\d{3})\b")  # a measure's or rule's id


def rule_prefix(folder: str) -> str:
    """The id prefix of the rules in rules/<folder>/: TOF for tofu, CEM for cement, COM for common."""
    return folder[:3].upper()


class Sector:
    """Everything known about one sector, common parts included, checked and linked."""

    def __init__(self, sector_dir: Path, common_dir: Path, rules_dirs: list[Path], lang: str = ENGLISH) -> None:
        self.origin: dict[tuple[str, str], tuple[str, int | None]] = {}  # (kind, id) -> file, line
        self.lang = lang
        # The knowledge text in `lang`: each file's texts are translated as it is read, so every
        # question, title and `because` downstream is in that language, or marked English
        self._table = load_table([sector_dir, common_dir], lang) if lang != ENGLISH else None
        info_doc = self._read(sector_dir / "sector.yaml")
        self.info: SectorInfo = validate(SectorInfo, info_doc)
        self.id = self.info.id
        if self.id != sector_dir.name:
            raise info_doc.error(f"id {self.id!r} differs from its folder {sector_dir.name!r}",
                                 ("id",), "id")
        common_info: SectorInfo = validate(SectorInfo, self._read(common_dir / "sector.yaml"))
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
        self.typical: dict[str, list[Typical]] = {}  # field -> what plants usually answer, in order
        for folder, info in ((common_dir, common_info), (sector_dir, self.info)):
            self._merge(folder, info)
        for folder in (sector_dir, common_dir):  # the sector's own defaults are tried first
            self._add_typical(folder / "typical.yaml")
        self.rates: dict[str, list[Rate]] = {}  # currency -> its yearly rates to the US dollar
        self.prices: dict[str, dict[str, Sourced]] = {}  # field -> currency -> plausible band
        if (common_dir / "plausible.yaml").exists():
            doc = self._read(common_dir / "plausible.yaml")
            bands: Plausible = validate(Plausible, doc)
            for key, source in bands.sources.items():
                self._unique("source", key, doc, ("sources", key))
                self.sources[key] = source
            for key, by_currency in bands.prices.items():
                self.origin[("plausible", key)] = (doc.file, doc.line(("prices", key)))
                for currency in by_currency:
                    self.origin[("plausible", f"{key}/{currency}")] = (doc.file, doc.line(("prices", key, currency)))
            self.prices = bands.prices
        if (common_dir / "currencies.yaml").exists():
            rates, doc = load_mapping(common_dir / "currencies.yaml", list[Rate], self._read)
            for key, entries in rates.items():
                self.origin[("currency", key)] = (doc.file, doc.line((key,)))
                self.rates[key] = sorted(entries, key=lambda rate: rate.year)
        limits_doc = self._read(sector_dir / "limits.yaml")
        self.limits: Limits = validate(Limits, limits_doc)
        # `COD_to_limit`: a parameter's value now over the limit that applies (see assess)
        self.limit_ratio_names = {f"{key}_to_limit" for key in self.limits.parameters}
        self._limits_file = limits_doc.file
        self.rules: dict[str, Rule] = {}
        for folder in rules_dirs:
            for path in sorted(folder.glob("*.yaml")):
                if not path.name.endswith(".cases.yaml"):
                    self._add_rule(path)
        self.formulas: dict[str, Formula] = {}
        self.indicator_order: list[str] = []
        self.problems: list[CpError] = []
        self._name_references()
        link(self)
        self._table = None  # read; not carried into the cache

    # -- loading -----------------------------------------------------------------------------

    def _read(self, path: Path) -> Document:
        doc = load(path)
        if self._table is not None and translatable(path):
            doc.data = translated(doc.data, self._table, text_keys(path))
        return doc

    def _name_references(self) -> None:
        """A text that points at another measure or rule by its id names it by its title instead: a
        plant manager reads titles (the ids stay in the files, the annex and the JSON)."""
        def title(match: re.Match[str], template: bool) -> str:
            target = self.measures.get(match.group(0)) or self.rules.get(match.group(0))
            if target is None:
                return match.group(0)
            named = f"“{target.title}”"
            return named.replace("{", "{{").replace("}", "}}") if template else named

        for measure in self.measures.values():
            _retitle(measure, lambda text: REFERENCE.sub(lambda m: title(m, False), text))
        for rule in self.rules.values():
            rule.because = REFERENCE.sub(lambda m: title(m, True), rule.because)

    def _unique(self, kind: str, key: str, doc: Document, path: tuple[str | int, ...]) -> None:
        if (kind, key) in self.origin:
            other, line = self.origin[(kind, key)]
            raise doc.error(f"{kind} id {key!r} is already defined in {other}:{line}", path, key)
        self.origin[(kind, key)] = (doc.file, doc.line(path))

    def _merge(self, folder: Path, info: SectorInfo) -> None:
        sources, doc = load_mapping(folder / "sources.yaml", Source, self._read)
        for key, source in sources.items():
            self._unique("source", key, doc, (key,))
            self.sources[key] = source
        q_doc = self._read(folder / "questionnaire.yaml")
        questionnaire: Questionnaire = validate(Questionnaire, q_doc)
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
            indicators, i_doc = load_mapping(indicator_path, Indicator, self._read)
            for key, indicator in indicators.items():
                self._unique("indicator", key, i_doc, (key,))
                self.indicators[key] = indicator
        measures, m_doc = load_mapping(folder / "measures.yaml", Measure, self._read)
        for key, measure in measures.items():
            self._unique("measure", key, m_doc, (key,))
            if measure.technique not in HIERARCHY_LEVEL:
                raise m_doc.error(f"unknown technique {measure.technique!r}; one of "
                                  f"{', '.join(HIERARCHY_LEVEL)}", (key, "technique"), "technique")
            if (measure.technique == "treatment") != (measure.kind == "eop"):
                raise m_doc.error("EOP measures, and only they, use technique `treatment`",
                                  (key, "technique"), "technique")
            self.measures[key] = measure
        self.constants.update(info.constants)
        self.checks.extend(info.checks)
        self.streams.update(info.streams)
        self.resources.update(info.resources)

    def _add_typical(self, path: Path) -> None:
        if not path.exists():
            return
        typical, doc = load_mapping(path, list[Typical], self._read)
        for key, entries in typical.items():
            self.origin.setdefault(("typical", key), (doc.file, doc.line((key,))))
            self.typical.setdefault(key, []).extend(entries)

    def _add_rule(self, path: Path) -> None:
        doc = self._read(path)
        rule: Rule = validate(Rule, doc)
        if not RULE_ID.match(rule.id):
            raise doc.error("rule ids look like TOF-003", ("id",), "id")
        prefix = rule_prefix(path.parent.name)
        if not rule.id.startswith(prefix + "-"):
            raise doc.error(f"rules in {path.parent.name}/ have ids starting with {prefix}-", ("id",), "id")
        if path.stem != rule.id:
            raise doc.error(f"the file of rule {rule.id} must be named {rule.id}.yaml", ("id",), "id")
        self._unique("rule", rule.id, doc, ("id",))
        rule.file = doc.file
        self.rules[rule.id] = rule

    # -- what the rest of the program asks ---------------------------------------------------

    def names(self) -> set[str]:
        """Everything a formula or a condition may refer to."""
        return set(self.fields) | set(self.indicators) | set(self.constants) | self.limit_ratio_names

    def quantities(self) -> set[str]:
        return set(self.streams) | set(self.limits.parameters) | set(self.resources)

    @functools.cached_property
    def field_order(self) -> dict[str, int]:
        """Each field's place in the questionnaire."""
        return {key: index for index, key in enumerate(self.fields)}

    @functools.cached_property
    def partial_fields(self) -> tuple[str, ...]:
        """The choice questions that take a partial answer ("dry rotary kiln, type not known")."""
        return tuple(name for name, question in self.fields.items() if question.one_of)

    @functools.cached_property
    def gates(self) -> dict[str, AllOf | AnyOf | Leaf]:
        """The fields asked only where a condition holds, each with it: its section's condition and
        its own, together. Worked out once: every plant asks it of every question."""
        out: dict[str, AllOf | AnyOf | Leaf] = {}
        for name, question in self.fields.items():
            section = self.sections[self.field_section[name]].asked_if if name in self.field_section else None
            conditions = [c for c in (section, question.asked_if) if c is not None]
            if conditions:
                out[name] = conditions[0] if len(conditions) == 1 else AllOf(all=conditions)
        return out

    def gate(self, name: str) -> AllOf | AnyOf | Leaf | None:
        """When a field is asked (None: always)."""
        return self.gates.get(name)

    def benchmark_for(self, key: str, values: Mapping[str, Any]) -> Benchmark | TypedBenchmark | None:
        """The bands an indicator of this plant is read against: those of the first kind of plant it
        is, else the plain ones; none while it is open whether the plant is of a listed kind."""
        indicator = self.indicators[key]
        for typed in indicator.benchmarks:
            truth = evaluate(typed.when, values)
            if truth is not False:
                return typed if truth else None
        return indicator.benchmark

    def not_asked(self, name: str, values: Mapping[str, Any]) -> bool:
        """True where the field's section or own condition is false: a question that does not apply."""
        gate = self.gate(name)
        return gate is not None and evaluate(gate, values) is False

    def field_type(self, name: str) -> str:
        if name in self.fields:
            return self.fields[name].type
        return RESIDUAL_FIELDS.get(name, "number")

    def choices(self, name: str) -> list[str]:
        if name == "parameter":
            return list(self.limits.parameters)
        return list(self.fields[name].choices or {})

    def rules_for(self, stage: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.stage == stage]

    def cited_numbers(self) -> Iterator[tuple[str, Sourced | Limit | Effect]]:
        """Every sourced figure, for the knowledge-base checks."""
        for key, constant in self.constants.items():
            yield f"constant {key}", constant
        for key, indicator in self.indicators.items():
            for bench in [indicator.benchmark, *indicator.benchmarks]:
                for band in (bench.best, bench.poor) if bench else ():
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


def _retitle(node: Any, retitled: Any) -> None:
    """Every description and note in a measure (its effects' and investment's too) through `retitled`."""
    if dataclasses.is_dataclass(node):
        for field in dataclasses.fields(node):
            value = getattr(node, field.name)
            if field.name in ("description", "note") and isinstance(value, str):
                setattr(node, field.name, retitled(value))
            else:
                _retitle(value, retitled)
    elif isinstance(node, (list, tuple)):
        for item in node:
            _retitle(item, retitled)
    elif isinstance(node, dict):
        for item in node.values():
            _retitle(item, retitled)
