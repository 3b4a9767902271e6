"""What a trainee hands in: a questionnaire, a proposal of measures, or both; and the blank proposal."""

from __future__ import annotations

import difflib
import re
import textwrap
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
from ..yamlio import Document, load


@dataclass(kw_only=True, eq=False)
class Proposal:
    """What a trainee proposes: CP measures most important first, and end-of-pipe treatment."""

    __pydantic_config__ = STRICT
    trainee: str | None = None
    measures: list[str | None] = field(default_factory=list)  # an empty `-` line (the blank's) is skipped
    eop: list[str | None] | Literal["none"] | None = None


@dataclass(kw_only=True)
class Work:
    """One trainee's hand-in: a questionnaire, a proposal, or both."""

    file: str
    trainee: str
    plant: Plant | None  # the questionnaire part, as read
    measures: list[str] = field(default_factory=list)  # resolved measure ids, in the trainee's order
    eop: list[str] = field(default_factory=list)
    proposed: bool = False
    # what could not be told apart as a measure: (line of the file, the text, the nearest measure or None)
    unknown: list[tuple[int | None, str, str | None]] = field(default_factory=list)


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
        eop = [] if proposal.eop in (None, "none") else list(proposal.eop)  # type: ignore[arg-type]
        for key, given, into in (("measures", proposal.measures, work.measures), ("eop", eop, work.eop)):
            for i, text in enumerate(given):
                if text is None:
                    continue
                found, near = names.resolve(str(text))
                if found is not None:
                    into.append(found)
                else:  # graded without it, and shown: a loose title must not lose the whole hand-in
                    work.unknown.append((doc.line(("proposal", key, i)), str(text), near))
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
    """A measure named by a trainee: its id, or its title in any language of the knowledge base,
    written out, shortened (the start of one title) or with its main words in another order."""

    def __init__(self, kb: KnowledgeBase, sector_id: str) -> None:
        from ..kb import as_knowledge
        from ..kb.translate import languages

        langs = dict.fromkeys(["en", kb.lang, *languages(kb.root)])
        sectors = [as_knowledge(kb, lang).sector(sector_id) for lang in langs]
        self.ids = {m: m for m in sectors[0].measures}
        self.titles = {_plain(m.title): mid for sector in sectors for mid, m in sector.measures.items()}

    def resolve(self, said: str) -> tuple[str | None, str | None]:
        """(the measure id, None), or (None, the nearest measure id or None)."""
        said = said.strip()
        if said.upper() in self.ids:
            return said.upper(), None
        plain = _plain(said)
        if plain in self.titles:
            return self.titles[plain], None
        starting = {m for title, m in self.titles.items() if len(plain) >= 12 and title.startswith(plain)}
        if len(starting) == 1:
            return starting.pop(), None
        words = _words(plain)
        if len(words) >= 2:
            holding = {m for title, m in self.titles.items() if words <= _words(title)}
            if len(holding) == 1:
                return holding.pop(), None
        near = difflib.get_close_matches(plain, list(self.titles), n=1, cutoff=0.8)
        if near:
            return self.titles[near[0]], None
        loose = difflib.get_close_matches(plain, list(self.titles), n=1, cutoff=0.5)
        return None, self.titles[loose[0]] if loose else None


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text) if len(w) > 2}


def _plain(title: str) -> str:
    return " ".join(title.lower().split())


def blank_proposal(case: Case, sector: Any, lang: str = "en") -> str:
    """The proposal a trainee fills in, its comments in `lang`, with the sector's measures listed
    (in the language `sector` was loaded in) to name them by."""
    from ..plant.workbook.words import words

    w = words(lang)
    out = ["# " + w["proposal_title"].format(id=case.id, title=case.text.title),
           *(f"# {line}" for line in textwrap.wrap(w["proposal_intro"].format(id=case.id), 96)),
           "proposal:",
           f"  trainee:        # {w['proposal_trainee']}",
           f"  measures:       # {w['proposal_measures']}",
           "    -",
           f"  eop: []         # {w['proposal_eop']}",
           ""]
    for kind in ("cp", "eop"):
        out.append("# " + w[f"proposal_{kind}_list"].format(sector=sector.info.name))
        out += [f"#   {mid}: {m.title}" for mid, m in sector.measures.items() if m.kind == kind]
        out.append("")
    return "\n".join(out)
