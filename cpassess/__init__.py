"""cpassess: a Cleaner Production plant assessment expert system.

    import cpassess
    assessment = cpassess.assess("plant.yaml")          # or a dict, or a loaded Plant
    print(cpassess.render(assessment, "md"))             # md, html or json (cpassess.FORMATS)

Imports are lazy so that the command line starts fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .kb import KnowledgeBase
    from .model import Assessment
    from .plant import Plant

__all__ = ["__version__", "assess", "knowledge_base", "load_plant", "render"]


def knowledge_base(root: str | Path | None = None) -> KnowledgeBase:
    """The knowledge base in folder `root` (with sectors/ and rules/), or the shipped one."""
    from .kb import KnowledgeBase, default_knowledge

    return KnowledgeBase(root) if root is not None else default_knowledge()


def load_plant(plant: str | Path | dict[str, Any], knowledge: KnowledgeBase | None = None) -> Plant:
    """A validated plant from a questionnaire file (YAML or JSON; `-` is stdin) or a dict of answers
    by section, as in the file. Bad answers raise CpError naming the file, line and field."""
    from .plant import load_plant as load_file
    from .plant import read_plant
    from .yamlio import Document

    if isinstance(plant, dict):
        return read_plant(Document(plant, {}, "<dict>"), knowledge)
    return load_file(plant, knowledge)


def assess(plant: str | Path | dict[str, Any] | Plant, knowledge: KnowledgeBase | None = None) -> Assessment:
    """Assess a plant (a path, a dict or a loaded Plant): CP measures first, EOP for what is left."""
    from .pipeline import assess as run
    from .plant import Plant

    return run(plant if isinstance(plant, Plant) else load_plant(plant, knowledge))


def render(assessment: Assessment, fmt: str = "md", templates: str | Path | None = None) -> str | bytes:
    """The assessment as a report: `md`, `html` or `json` (the registry is cpassess.render.FORMATS)."""
    from .report import render as render_format

    return render_format(assessment, fmt, templates)
