"""The per-user cache only saves time: a changed knowledge file is always read afresh."""

from __future__ import annotations

import os
import shutil

from support import FIXTURE_KB

from cpassess import cache
from cpassess.kb import KnowledgeBase


def test_an_edited_rule_is_seen_even_with_the_same_size_and_time(tmp_path, monkeypatch):
    kb = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, kb)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    cache.cache_dir.cache_clear()
    try:
        first = KnowledgeBase(kb).sector("mini")
        assert first.rules["MIN-002"].because == "Waste goes to the drain."
        assert list((tmp_path / "cache").glob("sector-*.pickle"))
        rule = kb / "rules" / "mini" / "MIN-002.yaml"
        stat = rule.stat()
        rule.write_text(rule.read_text().replace("Waste goes to the drain.", "Waste goes to the drian."))
        os.utime(rule, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the content differs
        assert KnowledgeBase(kb).sector("mini").rules["MIN-002"].because == "Waste goes to the drian."
    finally:
        cache.cache_dir.cache_clear()


def test_the_cache_can_be_switched_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    cache.cache_dir.cache_clear()
    try:
        assert cache.cache_dir() is None
        assert cache.memoised("x", "key", lambda: 42) == 42
    finally:
        cache.cache_dir.cache_clear()


class _Planted:
    def __reduce__(self):
        return (os.system, ("touch planted-ran",))


def test_a_planted_or_foreign_cache_entry_is_never_unpickled(tmp_path, monkeypatch):
    import pickle

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    cache.cache_dir.cache_clear()
    cache._key.cache_clear()
    try:
        assert cache.memoised("x", "k", lambda: 41) == 41  # written and signed
        assert cache.memoised("x", "k", lambda: 0) == 41  # read back: the signature holds
        entry = tmp_path / "cache" / "x-k.pickle"
        entry.write_bytes(pickle.dumps(_Planted()))  # unsigned: someone else's pickle
        assert cache.memoised("x", "k", lambda: 42) == 42
        assert not (tmp_path / "planted-ran").exists()
        entry.write_bytes(b"\0" * 32 + pickle.dumps(_Planted()))  # a forged signature
        assert cache.memoised("x", "k", lambda: 43) == 43
        entry.write_bytes(b"garbage")  # truncated or from another version
        assert cache.memoised("x", "k", lambda: 44) == 44
        assert not (tmp_path / "planted-ran").exists()
        assert (tmp_path / "cache" / "key").stat().st_mode & 0o077 == 0
    finally:
        cache.cache_dir.cache_clear()
        cache._key.cache_clear()
