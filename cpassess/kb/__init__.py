"""The knowledge base: every sector's files, loaded once, validated, linked and read-only after."""

from __future__ import annotations

import functools
from pathlib import Path

from ..cache import fingerprint, memoised
from ..errors import CpError
from ..text import did_you_mean
from .files import package_root
from .rules import Rule
from .sector import Sector, rule_prefix
from .translate import ENGLISH

__all__ = ["KnowledgeBase", "Rule", "Sector", "as_knowledge", "default_knowledge", "load_sector", "rule_prefix"]


class KnowledgeBase:
    """The sectors under one root (a folder with sectors/ and rules/), each loaded at first use."""

    def __init__(self, root: str | Path | None = None, lang: str = ENGLISH) -> None:
        self.root = Path(root).resolve() if root is not None else package_root()
        self.lang = lang  # the language of the knowledge text (questions, titles, `because`)
        for part in ("sectors", "rules"):
            if not (self.root / part).is_dir():
                raise CpError(f"is not a knowledge base: it has no {part}/ folder", file=self.root)
        self.sector_ids = sorted(p.name for p in (self.root / "sectors").iterdir()
                                 if p.is_dir() and p.name != "common" and (p / "sector.yaml").exists())
        self._sectors: dict[str, Sector] = {}

    def sector(self, name: str) -> Sector:
        """One sector with the common part; an unknown name is a CpError with a suggestion."""
        if name not in self._sectors:
            if name not in self.sector_ids:
                hint = did_you_mean(name, self.sector_ids)
                raise CpError(f"unknown sector {name!r}{hint}; known sectors: {', '.join(self.sector_ids)}",
                              field="sector")
            self._sectors[name] = _load_sector(self.root, name, self.lang)
        return self._sectors[name]

    def sectors(self) -> list[Sector]:
        return [self.sector(name) for name in self.sector_ids]

    def rules(self) -> dict[str, Rule]:
        """Every rule once, common rules included, by id; an id used in two folders is an error."""
        out: dict[str, Rule] = {}
        for sector in self.sectors():
            for rule_id, rule in sector.rules.items():
                other = out.setdefault(rule_id, rule)
                if other.file != rule.file:
                    raise CpError(f"rule id {rule_id} is also used by {other.file}", file=rule.file,
                                  field="id")
        return dict(sorted(out.items()))

    def sector_of_rule(self, rule_id: str) -> Sector | None:
        """The sector whose folder holds the rule (a common rule: the first sector)."""
        for sector in self.sectors():
            if rule_id in sector.rules:
                return sector
        return None


def _load_sector(root: Path, name: str, lang: str) -> Sector:
    folders = [root / "sectors" / name, root / "sectors" / "common", root / "rules" / "common",
               root / "rules" / name]
    files = [path for folder in folders if folder.is_dir() for path in folder.rglob("*.yaml")]
    for path in files:  # a shared knowledge base is data: anything but plain files is refused
        if not path.is_file():
            raise CpError("is not a regular file (a folder or a device named like a knowledge file)",
                          file=str(path))
    return memoised("sector", fingerprint(files, name, str(root), lang),
                    lambda: Sector(root / "sectors" / name, root / "sectors" / "common",
                                   [root / "rules" / "common", root / "rules" / name], lang))


def default_knowledge(lang: str = ENGLISH) -> KnowledgeBase:
    """The knowledge base shipped with cpassess (one per language and process)."""
    return _at(package_root().resolve(), lang)


def as_knowledge(kb: KnowledgeBase | str | Path | None, lang: str | None = None) -> KnowledgeBase:
    """A knowledge base from an object, a folder (one per folder, language and process) or None (the
    shipped one); `lang` the language of its text (None: the object's own, else English)."""
    if isinstance(kb, KnowledgeBase):
        return kb if lang in (None, kb.lang) else _at(kb.root, lang)
    root = _shipped_root() if kb is None else Path(kb).resolve()
    return _at(root, lang or ENGLISH)


@functools.cache
def _shipped_root() -> Path:
    """Found once: a batch asks for the shipped knowledge base once per plant."""
    return package_root().resolve()


@functools.cache
def _at(root: Path, lang: str) -> KnowledgeBase:
    return KnowledgeBase(root, lang)


def load_sector(name: str, kb: KnowledgeBase | str | Path | None = None) -> Sector:
    return as_knowledge(kb).sector(name)
