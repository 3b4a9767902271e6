"""A city's roll-up in the report's language: the plants to visit first, the totals, the programme's
shopping list, where a shared facility may pay, and how good the data are."""

from __future__ import annotations

from collections.abc import Callable

from .. import __version__
from ..batch.rollup import Rollup
from ..kb import KnowledgeBase
from ..text import fmt, number_style
from .document import Block, Version, bars, heading, items, para, render_versions, table
from .numbers import approx
from .rich import Parts
from .words import Words, style

SHOWN = 30  # rows of a long table; the JSON and CSV hold everything


def rollup_document(r: Rollup, languages: list[tuple[KnowledgeBase, Words]], fmt_name: str, title: str
                    ) -> str | bytes:
    """The roll-up in each language (its knowledge base gives the names), side by side where several."""
    versions = []
    for kb, w in languages:
        with number_style(style(w.lang)):
            sectors = w("names_separator").join(f"{kb.sector(s).info.name} ({n})" for s, n in sorted(r.sectors.items()))
            versions.append(Version(w.lang, w("rollup.title", title=title), sectors, rollup_blocks(r, kb, w)))
    return render_versions(versions, fmt_name, running=title)


def rollup_blocks(r: Rollup, kb: KnowledgeBase, w: Words) -> list[Block]:
    names = _names(kb, r)
    tables: Parts = [("", w("rollup.tables"))]
    for index, name in enumerate(("plants.xlsx", "plants.csv", "rollup.json")):  # written beside the roll-up
        tables += [("", w("items_separator"))] if index else []
        tables.append(("file", name, name))
    out: list[Block] = [heading(w("rollup.summary")), items(_summary(r, w)), para(tables)]
    worst = [entry for entry in sorted(r.worst, reverse=True) if entry[0] > 1][:SHOWN]  # over a limit only
    if worst:
        out += [heading(w("rollup.worst")), para(w("rollup.worst_help"), "tag"),
                table(w.entry("rollup.worst_columns"),
                      [[_plant(n, rep), names(p), f"{fmt(t)}×", f"{fmt(a)}×"] for t, n, rep, p, a in worst],
                      numeric=(2, 3)), *_more(len(worst), r.over_limit, w)]
    for parameter, (now_over, after_over) in sorted(r.excess.items(), key=lambda e: -e[1][0]):  # a metal too
        top = sorted(r.excess_top[parameter], reverse=True)[:SHOWN]
        out += [heading(w("rollup.excess", name=names(parameter))),
                para(w("rollup.excess_help", now=fmt(now_over, "kg/day"), after=fmt(after_over, "kg/day")), "tag"),
                table(w.entry("rollup.excess_columns"),
                      [[_plant(n, rep), fmt(o, "kg/day"), fmt(a, "kg/day")] for o, a, n, rep in top], numeric=(1, 2)),
                *_more(len(top), r.excess_plants[parameter], w)]
    for currency, ranked in sorted(r.best_savings.items()):
        best = sorted(ranked, reverse=True)[:SHOWN]
        out += [heading(w("rollup.savings", currency=currency)),
                table(w.entry("rollup.saving_columns"),
                      [[_plant(n, rep), approx(v, currency, w)] for v, n, rep in best], numeric=(1,)),
                *_more(len(best), r.saving_plants[currency], w)]
    out += [heading(w("rollup.totals")), table(w.entry("rollup.total_columns"), _totals(r, names, w), numeric=(1, 2))]
    if r.resources:
        out += [heading(w("rollup.resources")), para(w("rollup.resources_help"), "tag"),
                table(w.entry("rollup.resource_columns"), _resources(r, kb, w), numeric=(2, 3, 4))]
    if r.measures:
        common = r.measures.most_common(SHOWN)
        out += [heading(w("rollup.measures")), para(w("rollup.measures_help"), "tag"),
                bars(w("rollup.measures"), [(names(m), n, str(n)) for m, n in common[:15]]),
                table(w.entry("rollup.measure_columns"),
                      [[names(m), str(n), f"{round(100 * n / max(_fitting(r, kb, m), 1))} %"] for m, n in common],
                      numeric=(1, 2)), *_more(len(common), len(r.measures), w)]
    shared = r.shared()
    if shared:
        out += [heading(w("rollup.shared")), para(w("rollup.shared_help"), "tag"),
                table(w.entry("rollup.shared_columns"),
                      [[kb.sector(c.sector).info.name, [("user", c.city)], f"{c.needing_eop} / {c.plants}",
                        w("items_separator").join(f"{fmt(v, 'kg/day')} {names(p)}"
                                                  for p, v in sorted(c.residual.items())),
                        w("items_separator").join(f"{names(m)} ({n})" for m, n in c.options.most_common())]
                       for c in shared[:SHOWN]], numeric=(2,)), *_more(min(len(shared), SHOWN), len(shared), w)]
    out += [heading(w("rollup.quality")), items(_quality(r, w))]
    if r.open_questions:
        out += [table(w.entry("rollup.question_columns"),
                      [[names(f), str(n)] for f, n in r.open_questions.most_common(15)], numeric=(1,))]
    if r.failed:
        out += [heading(w("rollup.failed", n=len(r.failed))),
                items([[("user", f"{error}")] for _, error in r.failed[:200]])]
        if len(r.failed) > 200:
            out.append(para(w("rollup.more_failed", n=len(r.failed) - 200)))
    return out


def _fitting(r: Rollup, kb: KnowledgeBase, measure_id: str) -> int:
    """The plants whose sector's catalogue has the measure: a tofu measure's share is of tofu makers."""
    return sum(n for sector_id, n in r.sectors.items() if measure_id in kb.sector(sector_id).measures)


def _plant(name: str, report: str) -> Parts:
    return [("file", name or report, report)]


def _more(shown: int, total: int, w: Words) -> list[Block]:
    """Below a table cut short: how many there are, and where they all are."""
    return [para(w("rollup.more", shown=shown, n=total), "tag")] if total > shown else []


def _summary(r: Rollup, w: Words) -> list[str]:
    out = [w("rollup.run", date=w.date(r.date), version=__version__)] if r.date else []
    out.append(w("rollup.assessed", n=r.plants, unchanged=r.unchanged))
    out += [w("rollup.not_assessed", n=len(r.failed))] if r.failed else []
    # one plant counted twice weighs on every total below: said here, not only under data quality
    out += [w("rollup.earlier_visits", n=r.earlier_visits)] if r.earlier_visits else []
    out += [w("rollup.repeated_summary", n=len(r.repeated()))] if r.repeated() else []
    out.append(w("rollup.eop", n=r.eop_needed, of=r.plants))
    out += [w("rollup.limits_unknown", n=r.limits_unknown)] if r.limits_unknown else []
    out += [w("rollup.saving", amount=approx(v, c, w)) for c, v in sorted(r.savings.items())]
    out += [w("rollup.savings_unknown", n=r.savings_unknown)] if r.savings_unknown else []
    out += [w("rollup.investment", low=approx(lo, c, w), high=approx(hi, c, w))
            for c, (lo, hi) in sorted(r.investment.items())]
    return out


def _totals(r: Rollup, names: Callable[[str], str], w: Words) -> list[list[str]]:
    shown = [names(p) for p in r.loads]
    twice = {name for name in shown if shown.count(name) > 1}  # two sectors' parameters of one name
    rows = [[w("rollup.load", name=f"{names(p)} ({p})" if names(p) in twice else names(p)), fmt(now, "kg/day"),
             fmt(after, "kg/day")] for p, (now, after) in sorted(r.loads.items())]
    rows.append([w("rollup.water"), fmt(r.water_m3_day, "m3/day"), ""])
    rows.append([w("rollup.electricity"), fmt(r.electricity_kwh_day, "kWh/day"), ""])
    return rows


def _resources(r: Rollup, kb: KnowledgeBase, w: Words) -> list[list[str]]:
    """Each sector's resources, in the sector's order (a whole before its parts), summed over the
    plants whose answers give them, now and after CP; a resource of several kinds (tofu's cooking
    fuel) a row per kind."""
    rows = []
    for sector_id in sorted({key.split("|", 1)[0] for key in r.resources}):
        sector = kb.sector(sector_id)
        for resource_id, resource in sector.resources.items():
            if resource.kind is None:
                kinds = {"": resource.name}
            else:
                choices = sector.fields[resource.kind].choices or {}
                kinds = {f":{c}": f"{resource.name} ({label})" for c, label in choices.items()}
                kinds[":"] = f"{resource.name} ({w('not_answered')})"
            for suffix, name in kinds.items():
                if f"{sector_id}|{resource_id}{suffix}" in r.resources:
                    plants, now, after = r.resources[f"{sector_id}|{resource_id}{suffix}"]
                    rows.append([sector.info.name, name, str(int(plants)), fmt(now, resource.unit),
                                 fmt(after, resource.unit)])
    return rows


def _quality(r: Rollup, w: Words) -> list[str]:
    repeated = r.repeated()
    return [w("rollup.measured", measured=r.measured, estimated=r.estimated),
            *([w("rollup.to_check", n=r.to_check)] if r.to_check else []),
            *([w("rollup.repeated", n=len(repeated), ids=w("items_separator").join(list(repeated)[:20]))]
              if repeated else [])]


def _names(kb: KnowledgeBase, r: Rollup) -> Callable[[str], str]:
    """A measure, parameter or question by its name in the report's language, from any sector seen."""
    known: dict[str, str] = {}
    for sector_id in r.sectors:
        sector = kb.sector(sector_id)
        known.update({m: x.title for m, x in sector.measures.items()})
        known.update({f: q.label or q.question for f, q in sector.fields.items()})
        known.update({p: x.name for p, x in sector.limits.parameters.items()})

    return lambda key: known.get(key, key)
