"""The built wheel, installed in a fresh virtual environment, runs an assessment on its own data."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def built_wheel(tmp_path: Path) -> Path:
    given = os.environ.get("CPASSESS_WHEEL")  # .ci/run passes the wheel it built
    if given:
        return Path(given)
    if not (REPO / "pyproject.toml").exists():
        pytest.skip("no checkout to build a wheel from")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(REPO)],
                   check=True, capture_output=True)
    return next((tmp_path / "dist").glob("cpassess-*.whl"))


@pytest.mark.timeout(900)
def test_the_wheel_carries_every_data_file_and_runs_an_assessment(tmp_path):
    wheel = built_wheel(tmp_path)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], check=True)
    work = tmp_path / "elsewhere"  # not the checkout: only the installed files are there
    work.mkdir()
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "CPASSESS_KNOWLEDGE")}
    cpassess = str(env_dir / "bin" / "cpassess")

    def run(*args: str) -> str:
        return subprocess.run([cpassess, *args], cwd=work, env=clean_env, check=True,
                              capture_output=True, text=True).stdout

    assert run("check").splitlines()[0] == "knowledge base ok"
    locate = "import cpassess, pathlib; print(pathlib.Path(cpassess.__file__).parent)"
    where = subprocess.run([str(python), "-c", locate], cwd=work, env=clean_env, check=True,
                           capture_output=True, text=True).stdout.strip()
    examples = sorted(Path(where, "data", "sectors", "tofu", "examples").glob("*.yaml"))
    assert examples and str(env_dir) in where
    run("assess", str(examples[0]), "-f", "html", "-o", str(work / "r.html"))
    assert "Cleaner Production assessment" in (work / "r.html").read_text()
    blank = run("questionnaire", "tofu")
    assert blank.startswith("# cpassess questionnaire")
