"""A case checked: its files, its translations, its model questionnaire and its discussion's claims."""

from __future__ import annotations

from pathlib import Path

from ..errors import CpError
from ..kb import KnowledgeBase
from ..pipeline import assess
from ..plant import read_plant
from ..text import did_you_mean
from ..yamlio import load


def case_problems(root: Path, case_id: str, kb: KnowledgeBase) -> list[str]:
    """What is wrong with a case, one line each: its files' shapes and translations, its model
    questionnaire, and a discussion that names unknown measures or an order the model does not keep."""
    from ..kb import as_knowledge
    from ..kb.cases import case_folders, read_case

    folder = case_folders(root)[case_id]
    langs = ["en", *sorted({p.name.split(".")[1] for p in folder.glob("*.*.yaml")})]
    try:
        cases = [read_case(folder, lang) for lang in langs]
        case = cases[0]
        model = assess(read_plant(load(case.model), kb))
    except CpError as exc:
        return [exc.one_line()]
    if str(model.sector.get("id")) != case.sector:
        return [f"{case.model}: a {model.sector.get('id')} plant in the {case.sector} cases"]
    sector = as_knowledge(kb, "en").sector(case.sector)
    where = str(folder / "discussion.yaml")
    problems = [f"{folder / 'case.yaml'}: given: no question {key!r} in sector {case.sector}"
                for key in case.text.given if key not in sector.fields]
    named = [*(m for o in case.discussion.order for m in (o.first, o.then)),
             *(m for wrong in case.discussion.wrong_answers for m in wrong.measures)]
    problems += [f"{where}: no measure {m!r} in sector {case.sector}{did_you_mean(m, sector.measures)}"
                 for m in dict.fromkeys(named) if m not in sector.measures]
    ranks: dict[str, int] = {}
    for r in model.recommendations:  # an end-of-pipe chain may be listed twice: its first place counts
        ranks.setdefault(r.measure_id, r.rank)
    for o in case.discussion.order:
        if o.first in sector.measures and o.then in sector.measures and \
                not (o.first in ranks and o.then in ranks and ranks[o.first] < ranks[o.then]):
            problems.append(f"{where}: says {o.first} comes before {o.then}, but the model's plan ranks them "
                            f"{ranks.get(o.first, 'not at all')} and {ranks.get(o.then, 'not at all')}")
    return problems
