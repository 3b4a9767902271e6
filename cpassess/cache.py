"""A per-user disk cache for work that only depends on shipped files: saves start-up time, never needed."""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from . import __version__

T = TypeVar("T")
CACHE_ENV = "CPASSESS_CACHE"  # a folder, or "off"


@functools.lru_cache(maxsize=1)
def cache_dir() -> Path | None:
    """$CPASSESS_CACHE, else $XDG_CACHE_HOME/cpassess or ~/.cache/cpassess; None if unusable or off."""
    setting = os.environ.get(CACHE_ENV)
    if setting == "off":
        return None
    base = Path(setting) if setting else \
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "cpassess"
    try:
        base.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


@functools.lru_cache(maxsize=1)
def _program() -> str:
    """The program's own digest: a changed class or formula must not meet an old entry."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}".encode())
    for path in sorted(Path(__file__).parent.rglob("*.py")):  # every module: moved code must not meet stale data
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(files: Iterable[Path], *extra: str) -> str:
    """Changes whenever the content of any of the files, or the program, changes."""
    # Contents, not modification times: an edit within one clock tick must not reuse a stale entry.
    digest = hashlib.sha256(f"{_program()}|{'|'.join(extra)}".encode())
    for path in sorted(files):
        digest.update(f"{path}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:32]


def write_atomic(path: Path, data: bytes) -> None:
    """Concurrent runs may race to write the same entry: each writes whole, the last rename wins."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)


def memoised(kind: str, key: str, build: Callable[[], T]) -> T:
    """build(), or its pickled result from an earlier run with the same key (written by us only)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own output, in the user's private folder
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError):
        pass
    value = build()
    try:
        write_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
