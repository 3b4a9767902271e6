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
