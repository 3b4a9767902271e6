"""The layering of DESIGN.md, enforced: each layer imports only those below it; one module imports durable_rules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cpassess

PACKAGE = Path(cpassess.__file__).parent
# Lower number = lower layer. A module may import its own layer or lower ones only.
LAYERS = {"errors": 0, "conditions": 0, "formula": 0, "units": 0, "cache": 0, "yamlio": 0, "text": 0,
          "model": 1, "jsonio": 1, "kb": 2, "plant": 3, "engine": 3, "pipeline": 4, "check": 5, "compare": 5,
          "trainer": 5, "batch": 5, "report": 6, "cli": 7}


def imports(path: Path) -> list[str]:
    """The cpassess modules a file imports, as top-level names under cpassess."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                parts = base + (node.module.split(".") if node.module else [])
                if not node.module:
                    parts += [alias.name for alias in node.names]
            else:
                parts = (node.module or "").split(".")
            if parts[0] == "cpassess" and len(parts) > 1:
                out.append(parts[1])
        elif isinstance(node, ast.Import):
            out += [a.name.split(".")[1] for a in node.names if a.name.startswith("cpassess.")]
    return out


def layer_of(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if layer_of(p) in LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_module_imports_only_its_own_layer_or_lower_ones(path):
    own = LAYERS[layer_of(path)]
    higher = [name for name in imports(path) if name in LAYERS and LAYERS[name] > own]
    assert not higher, f"{path.relative_to(PACKAGE)} imports {higher} from a higher layer"


def test_every_module_has_a_layer():
    names = {p.relative_to(PACKAGE).with_suffix("").parts[0] for p in PACKAGE.rglob("*.py")}
    assert names - set(LAYERS) <= {"__init__", "__main__"}


def test_only_the_engine_imports_durable_rules():
    users = [p.relative_to(PACKAGE) for p in PACKAGE.rglob("*.py")
             if "durable" in (t := p.read_text(encoding="utf-8")) and ("import durable" in t or "from durable" in t)]
    assert [str(p) for p in users] == ["engine.py"]


def test_the_pipeline_never_imports_rendering_jinja_or_the_cli():
    for path in (PACKAGE / "pipeline").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "jinja2" not in text and "click" not in text, path
        assert not {"report", "cli"} & set(imports(path)), path


def test_no_module_is_much_above_300_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 320}
    assert not long
