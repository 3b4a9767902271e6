"""Shared fixtures: the shipped knowledge base, the fixture knowledge base, and a CLI runner."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from support import FIXTURE_KB

from cpassess.kb import load_sector


@pytest.fixture(scope="session")
def mini():
    return load_sector("mini", FIXTURE_KB)


@pytest.fixture(scope="session")
def tofu():
    return load_sector("tofu")


@pytest.fixture
def cli():
    from cpassess.cli import main

    runner = CliRunner()

    def invoke(*args: object, env: dict[str, str] | None = None):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, env=env)

    return invoke


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing with it.")
