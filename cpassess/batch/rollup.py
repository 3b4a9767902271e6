"""A city's roll-up: one small summary per plant, folded into totals, counts, rankings and clusters
whose size does not grow with the number of plants (only the list of failed files does)."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from .. import __version__
from ..model import Assessment

TOP = 50  # plants kept in each ranking


@dataclass(kw_only=True)
class PlantSummary:
    """One plant's line in the roll-up and in plants.csv: what the office ranks, sums and counts."""

    source: str
    report: str | None = None
    name: str = ""
    plant_id: str | None = None
    visit_date: str | None = None  # which of two visits of one plant is the later
    sector: str = ""
    city: str | None = None
    country: str | None = None
    currency: str | None = None
    eop_needed: bool = False
    worst: str | None = None  # the parameter furthest over its limit now
    times_now: float | None = None  # ... as times its limit, now and after CP
    times_after: float | None = None
    exceeds_after: list[str] = field(default_factory=list)  # parameters still over their limit after CP
    limits_unknown: list[str] = field(default_factory=list)  # parameters whose applicable limit is not known
    loads: dict[str, list[float | None]] = field(default_factory=dict)  # parameter -> [kg/day now, after CP]
    excess: dict[str, list[float]] = field(default_factory=dict)  # parameter -> kg/day over its limit [now, after CP]
    saving: float | None = None  # the combined CP saving a year
    investment_low: float | None = None  # the priced CP measures' investment
    investment_high: float | None = None
    water_m3_day: float | None = None
    electricity_kwh_day: float | None = None
    resources: dict[str, list[float]] = field(default_factory=dict)  # resource -> [a day now, after CP]
    cp: list[str] = field(default_factory=list)  # confirmed CP measures
    eop: list[str] = field(default_factory=list)
    measured: int = 0
    estimated: int = 0
    open_questions: list[str] = field(default_factory=list)
    to_check: int = 0  # answers that disagree with each other (the plant's report names them)
    error: str | None = None
    unchanged: bool = False  # taken from the last run: its input and the program had not changed


def summarise(a: Assessment, source: str, report: str | None) -> PlantSummary:
    # times an upper limit; a range (pH 6-9) has no "times" and is not ranked by one
    ratios = [(p.current / p.limit_max, (p.after_cp if p.after_cp is not None else p.current) / p.limit_max, p)
              for p in a.projections if p.limit_max and p.limit_min is None and p.current is not None]
    worst = max(ratios, key=lambda r: r[0], default=None)
    answers = {x.field: x.value for x in a.answers}
    priced = [r.investment for r in a.recommendations if r.kind == "cp" and r.status == "confirmed"
              and r.investment is not None and r.investment.low is not None]
    return PlantSummary(
        source=source, report=report, name=str(a.plant.get("name") or ""), plant_id=a.plant.get("plant_id"),
        visit_date=a.plant.get("visit_date"),
        sector=a.sector["id"], city=a.plant.get("city"), country=a.plant.get("country"),
        currency=a.totals.get("currency"), eop_needed=a.eop_needed,
        worst=worst[2].parameter if worst else None,
        times_now=round(worst[0], 3) if worst else None, times_after=round(worst[1], 3) if worst else None,
        exceeds_after=[p.parameter for p in a.projections if p.status_after_cp == "exceeds"],
        limits_unknown=[p.parameter for p in a.projections if p.status_now == "limit_unknown"],
        loads={p.parameter: [p.load_now, p.load_after] for p in a.projections if p.load_now is not None},
        excess={p.parameter: [_over(p.load_now, p.current, p.limit_max), _over(p.load_after, p.after_cp, p.limit_max)]
                for p in a.projections if p.load_now and p.limit_max and p.current and p.current > p.limit_max},
        saving=a.totals.get("cp_annual_saving_sum"),
        investment_low=sum(i.low for i in priced) if priced else None,  # type: ignore[misc]
        investment_high=sum(i.high if i.high is not None else i.low for i in priced) if priced else None,  # type: ignore[misc]
        water_m3_day=_number(answers.get("water_m3_per_day")),
        electricity_kwh_day=_number(answers.get("electricity_kwh_per_day")),
        resources={k: [round(now, 4), round(after, 4)] for k, (now, after) in a.totals.get("resources", {}).items()},
        cp=[r.measure_id for r in a.recommendations if r.kind == "cp" and r.status == "confirmed"],
        eop=list(dict.fromkeys(r.measure_id for r in a.recommendations if r.kind == "eop")),
        measured=sum(1 for x in a.answers if x.basis == "measured"),
        estimated=sum(1 for x in a.answers if x.basis == "estimated"),
        open_questions=[g.field for g in a.data_gaps], to_check=len(a.answers_to_check))


def _over(load: float | None, value: float | None, limit: float) -> float:
    """kg/day above what the limit allows at the same flow: load x (value - limit) / value."""
    if not load or not value or value <= limit:
        return 0.0
    return round(load * (value - limit) / value, 4)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@dataclass(kw_only=True)
class Cluster:
    """Plants of one sector in one city that still need end-of-pipe treatment after CP: where a
    shared plant may pay, with the sum of what CP leaves them."""

    sector: str
    city: str
    plants: int = 0
    needing_eop: int = 0
    residual: dict[str, float] = field(default_factory=dict)  # parameter -> kg/day after CP, summed
    options: Counter[str] = field(default_factory=Counter)  # EOP measures recommended, by plant count


@dataclass(kw_only=True)
class Rollup:
    date: str = ""  # the day of the run (ISO): a printed roll-up says when its figures were made
    plants: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, one-line error)
    sectors: Counter[str] = field(default_factory=Counter)
    eop_needed: int = 0
    savings: dict[str, float] = field(default_factory=dict)  # currency -> combined CP saving a year
    savings_unknown: int = 0  # plants whose saving cannot be priced (no prices, no currency)
    investment: dict[str, list[float]] = field(default_factory=dict)  # currency -> [low, high]
    loads: dict[str, list[float]] = field(default_factory=dict)  # parameter -> [kg/day now, after CP]
    water_m3_day: float = 0.0
    electricity_kwh_day: float = 0.0
    # "<sector>|<resource>" -> [plants, a day now, a day after CP]: the programme's resource savings
    resources: dict[str, list[float]] = field(default_factory=dict)
    measures: Counter[str] = field(default_factory=Counter)  # how many plants each CP measure fits
    eop_measures: Counter[str] = field(default_factory=Counter)
    # heap: (times the limit now, name, report, parameter, times after CP)
    worst: list[tuple[float, str, str, str, float]] = field(default_factory=list)
    limits_unknown: int = 0  # plants with a parameter whose limit is not known: not ranked by it
    # how many plants each ranking has in all (its table shows the first SHOWN, the heap keeps TOP)
    over_limit: int = 0
    excess_plants: Counter[str] = field(default_factory=Counter)
    saving_plants: Counter[str] = field(default_factory=Counter)
    # parameter -> kg/day over the limit, summed [now, after CP]; and the plants that put most over it
    excess: dict[str, list[float]] = field(default_factory=dict)
    excess_top: dict[str, list[tuple[float, float, str, str]]] = field(default_factory=dict)
    # currency -> heap of (saving, name, report): savings are ranked within a currency only
    best_savings: dict[str, list[tuple[float, str, str]]] = field(default_factory=dict)
    clusters: dict[str, Cluster] = field(default_factory=dict)
    measured: int = 0
    estimated: int = 0
    open_questions: Counter[str] = field(default_factory=Counter)
    to_check: int = 0  # plants whose answers disagree with each other somewhere
    plant_ids: Counter[str] = field(default_factory=Counter)  # one plant in two files of one visit date: counted twice
    earlier_visits: int = 0  # files of a plant's earlier visit, left out for its later one (see `latest_visits`)

    def add(self, s: PlantSummary) -> None:
        """Fold one plant in: constant work and memory per plant."""
        if s.error is not None:
            self.failed.append((s.source, s.error))
            return
        self.plants += 1
        self.unchanged += s.unchanged
        self.sectors[s.sector] += 1
        self.eop_needed += s.eop_needed
        self.savings_unknown += s.saving is None or not s.currency
        if s.saving is not None and s.currency:
            self.savings[s.currency] = self.savings.get(s.currency, 0.0) + s.saving
            _keep(self.best_savings.setdefault(s.currency, []), (s.saving, s.name, s.report or ""))
            self.saving_plants[s.currency] += 1
        if s.investment_low is not None and s.currency:
            low_high = self.investment.setdefault(s.currency, [0.0, 0.0])
            low_high[0] += s.investment_low
            low_high[1] += s.investment_high or s.investment_low
        for parameter, (now, after) in s.loads.items():
            total = self.loads.setdefault(parameter, [0.0, 0.0])
            total[0] += now or 0.0
            total[1] += after if after is not None else (now or 0.0)
        for parameter, (now_over, after_over) in s.excess.items():
            total_over = self.excess.setdefault(parameter, [0.0, 0.0])
            total_over[0] += now_over
            total_over[1] += after_over
            _keep(self.excess_top.setdefault(parameter, []), (now_over, after_over, s.name, s.report or ""))
            self.excess_plants[parameter] += 1
        self.water_m3_day += s.water_m3_day or 0.0
        self.electricity_kwh_day += s.electricity_kwh_day or 0.0
        for resource, (now, after) in s.resources.items():
            total = self.resources.setdefault(f"{s.sector}|{resource}", [0, 0.0, 0.0])
            total[0] += 1
            total[1] += now
            total[2] += after
        self.measures.update(s.cp)
        self.eop_measures.update(s.eop)
        if s.times_now is not None:
            _keep(self.worst, (s.times_now, s.name, s.report or "", s.worst or "", s.times_after or 0.0))
            self.over_limit += s.times_now > 1
        self.limits_unknown += bool(s.limits_unknown)
        city = (s.city or "").strip()
        if city:
            cluster = self.clusters.setdefault(f"{s.sector}|{city.casefold()}", Cluster(sector=s.sector, city=city))
            cluster.plants += 1
            # a shared plant treats wastewater: only a parameter with a load (kg/day) still over its limit counts
            residual = {p: s.loads[p][1] for p in s.exceeds_after if p in s.loads and s.loads[p][1] is not None}
            if residual:
                cluster.needing_eop += 1
                cluster.options.update(s.eop)
                for parameter, after in residual.items():
                    cluster.residual[parameter] = cluster.residual.get(parameter, 0.0) + (after or 0.0)
        if s.plant_id:
            self.plant_ids[s.plant_id] += 1
        self.measured += s.measured
        self.estimated += s.estimated
        self.open_questions.update(s.open_questions)
        self.to_check += s.to_check > 0

    def repeated(self) -> dict[str, int]:
        """Plant ids given by more than one file: the same plant counted more than once."""
        return {plant_id: n for plant_id, n in sorted(self.plant_ids.items()) if n > 1}

    def shared(self) -> list[Cluster]:
        """Clusters where two or more plants still need end-of-pipe treatment after CP."""
        return sorted((c for c in self.clusters.values() if c.needing_eop >= 2),
                      key=lambda c: (-c.needing_eop, c.sector, c.city))

    def as_data(self) -> dict[str, Any]:
        # Counters by hand: dataclasses.asdict rebuilds a Counter from its (key, count) pairs
        data = {f.name: dict(v) if isinstance(v := getattr(self, f.name), Counter) else v for f in fields(self)}
        data["worst"] = [{"times_limit": t, "name": n, "report": r, "parameter": p, "times_limit_after_cp": a}
                         for t, n, r, p, a in sorted(self.worst, reverse=True)]
        data["best_savings"] = {c: [{"saving": v, "name": n, "report": r} for v, n, r in sorted(top, reverse=True)]
                                for c, top in sorted(self.best_savings.items())}
        data["clusters"] = [{**asdict(c), "options": dict(c.options)} for c in self.shared()]
        data["excess_top"] = {p: [{"over_now": o, "over_after_cp": a, "name": n, "report": r}
                                  for o, a, n, r in sorted(top, reverse=True)] for p, top in self.excess_top.items()}
        data["failed"] = [{"source": s, "error": e} for s, e in self.failed]
        data["plant_ids"] = self.repeated()
        data["cpassess_version"] = __version__
        return data


def latest_visits(first: Rollup, summaries: Callable[[], Iterable[PlantSummary]]) -> Rollup:
    """The roll-up again with each plant counted once, at its latest visit: a city's folder that keeps a
    plant's earlier visit beside its later one must not count the plant twice. Two passes over the
    run's summaries (read back from disk: the parent holds only their names), made only when some
    plant id came twice. One plant is one sector's plant id; a file with no visit date, or two of one
    date, cannot be told earlier: they all stay, and the roll-up says so."""
    repeated = first.repeated()
    latest: dict[tuple[str, str], str] = {}
    for s in summaries():
        if s.plant_id in repeated and s.visit_date:
            key = (s.sector, s.plant_id)
            latest[key] = max(latest.get(key, ""), s.visit_date)
    out = Rollup(date=first.date, failed=first.failed)
    for s in summaries():
        if s.plant_id in repeated and s.visit_date and s.visit_date < latest[(s.sector, s.plant_id)]:
            out.earlier_visits += 1
        else:
            out.add(s)
    return out


def _keep(heap: list[Any], item: Any) -> None:
    """Keep the TOP largest items seen (a min-heap)."""
    if len(heap) < TOP:
        heapq.heappush(heap, item)
    elif item > heap[0]:
        heapq.heapreplace(heap, item)
