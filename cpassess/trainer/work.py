"""What a trainee hands in: a questionnaire, a proposal of measures, or both; and the blank proposal."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..conditions import STRICT
from ..errors import CpError
from ..kb import KnowledgeBase
from ..kb.cases import Case
from ..kb.files import validate
from ..plant import Plant, load_plant, read_plant
from ..plant.read import SPREADSHEETS
from ..text import did_you_mean
from ..yamlio import Document, load


@dataclass(kw_only=True, eq=False)
class Proposal:
    """What a trainee proposes: CP measures most important first, and end-of-pipe treatment."""

    __pydantic_config__ = STRICT
    trainee: str | None = None
    measures: list[str] = field(default_factory=list)
    eop: list[str] | Literal["none"] | None = None


@dataclass(kw_only=True)
class Work:
    """One trainee's hand-in: a questionnaire, a proposal, or both."""

    file: str
    trainee: str
    plant: Plant | None  # the questionnaire part, as read
    measures: list[str] = field(default_factory=list)  # resolved measure ids, in the trainee's order
    eop: list[str] = field(default_factory=list)
    proposed: bool = False



def read_work(path: Path, case: Case, kb: KnowledgeBase) -> Work:
    """A trainee's file: a questionnaire of the case's sector, a `proposal:` section, or both (a
    workbook: the questionnaire only)."""
    if path.suffix.lower() in SPREADSHEETS:
        return _checked(Work(file=str(path), trainee=path.stem, plant=load_plant(path, kb)), case)
    doc = load(path)
    if not isinstance(doc.data, dict):
        raise doc.error("expected a questionnaire and/or a `proposal:` section (docs/cases.md)")
    data = dict(doc.data)
    raw = data.pop("proposal", None)
    work = Work(file=str(path), trainee=path.stem, plant=None)
    if data:
        work.plant = read_plant(Document(data, doc.lines, doc.file, doc.numbers), kb)
        _checked(work, case)
    if raw is not None:
        proposal: Proposal = validate(Proposal, Document(raw, _under(doc, "proposal"), doc.file))
        work.proposed = True
        work.trainee = proposal.trainee or work.trainee
        names = Names(kb, case.sector)
        work.measures = [names.resolve(text, doc, ("proposal", "measures", i))
                         for i, text in enumerate(proposal.measures)]
        eop = [] if proposal.eop in (None, "none") else list(proposal.eop)  # type: ignore[arg-type]
        work.eop = [names.resolve(text, doc, ("proposal", "eop", i)) for i, text in enumerate(eop)]
    if work.plant is None and not work.proposed:
        raise doc.error("holds neither questionnaire answers nor a `proposal:` section (docs/cases.md)")
    return work


def _checked(work: Work, case: Case) -> Work:
    if work.plant is not None and work.plant.sector.id != case.sector:
        raise CpError(f"case {case.id} is a {case.sector} plant: the questionnaire is for {work.plant.sector.id}",
                      file=work.file, field="sector")
    return work


def _under(doc: Document, key: str) -> dict[Any, int]:
    return {path[1:]: line for path, line in doc.lines.items() if path[:1] == (key,)}


class Names:
    """A measure named by a trainee: its id, or its title in English or the report's language."""

    def __init__(self, kb: KnowledgeBase, sector_id: str) -> None:
        from ..kb import as_knowledge

        sectors = [kb.sector(sector_id), as_knowledge(kb, "en").sector(sector_id)]
        self.ids = {m: m for m in sectors[0].measures}
        self.titles = {_plain(m.title): mid for sector in sectors for mid, m in sector.measures.items()}

    def resolve(self, text: Any, doc: Document, path: tuple[Any, ...]) -> str:
        said = str(text).strip()
        if said.upper() in self.ids:
            return said.upper()
        plain = _plain(said)
        if plain in self.titles:
            return self.titles[plain]
        near = difflib.get_close_matches(plain, list(self.titles), n=1, cutoff=0.8)
        if near:
            return self.titles[near[0]]
        hint = did_you_mean(said.upper(), self.ids) or did_you_mean(plain, self.titles)
        raise doc.error(f"no measure {said!r} in this sector{hint}: give a measure id or title "
                        "(`cpassess case proposal` lists them)", path, "proposal")


def _plain(title: str) -> str:
    return " ".join(title.lower().split())



def blank_proposal(case: Case, sector: Any) -> str:
    """The proposal a trainee fills in, with the sector's measures listed to name them by."""
    out = [f"# Proposal for case {case.id}: {case.text.title}",
           "# Name the measures by id or title (near spellings are matched). Hand it in alone, or as the",
           "# `proposal:` section of your questionnaire. Graded by: cpassess grade " + case.id + " <this file>",
           "proposal:",
           "  trainee:        # your name",
           "  measures:       # Cleaner Production measures, the most important first, one per line:",
           "    -",
           "  eop: []         # end-of-pipe treatment still needed after CP, by id or title; [] for none",
           ""]
    for kind, heading in (("cp", "Cleaner Production measures"), ("eop", "End-of-pipe treatment")):
        out.append(f"# {heading} of the {sector.info.name} catalogue:")
        out += [f"#   {mid}: {m.title}" for mid, m in sector.measures.items() if m.kind == kind]
        out.append("")
    return "\n".join(out)


