"""A per-user disk cache for work that only depends on shipped files: saves start-up time, never needed."""

from __future__ import annotations

import functools
import hashlib
import hmac
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


_SIGNATURE = 32  # bytes of HMAC-SHA256 before each pickle


@functools.lru_cache(maxsize=1)
def _key(folder: Path) -> bytes | None:
    """This user's secret for signing cache entries, made once in the private cache folder (0600)."""
    path = folder / "key"
    try:
        key = path.read_bytes()
        if len(key) == 32 and (os.name != "posix" or path.stat().st_mode & 0o077 == 0):
            return key
    except OSError:
        pass
    key = os.urandom(32)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:  # mkstemp makes it 0600
            handle.write(key)
        os.replace(tmp, path)
    except OSError:
        return None
    return key


def _secret() -> bytes | None:
    """This user's signing key, or None where there is no usable cache."""
    folder = cache_dir()
    return _key(folder) if folder is not None else None


def signed(body: bytes) -> bytes | None:
    """`body` with this user's signature in front (None where there is no usable cache)."""
    secret = _secret()
    return None if secret is None else hmac.new(secret, body, hashlib.sha256).digest() + body


def verified(blob: bytes) -> bytes | None:
    """The body of a signed blob if the signature is this user's, else None."""
    secret = _secret()
    signature, body = blob[:_SIGNATURE], blob[_SIGNATURE:]
    if secret is None or not hmac.compare_digest(signature, hmac.new(secret, body, hashlib.sha256).digest()):
        return None
    return body


def memoised(kind: str, key: str, build: Callable[[], T]) -> T:
    """build(), or its pickled result from an earlier run with the same key. An entry is unpickled
    only if it carries this user's signature: a planted or foreign file is ignored and rebuilt."""
    folder = cache_dir()
    if folder is None or _secret() is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        body = verified(path.read_bytes())
        if body is not None:
            return pickle.loads(body)  # noqa: S301 - signed by this program with this user's key
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError,
            IndexError, MemoryError):
        pass
    value = build()
    try:
        data = signed(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        if data is not None:
            write_atomic(path, data)
    except (pickle.PicklingError, TypeError, AttributeError):
        pass
    return value
