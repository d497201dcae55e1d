"""Parsed data files are cached by the hash of their text: a second read gives
the same value, a changed file is parsed afresh, and an unwritable or corrupt
cache only costs a parse."""

from __future__ import annotations

from ldncare import datafile


def test_the_same_text_gives_the_same_value_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LDNCARE_CACHE_DIR", str(tmp_path))
    first = datafile.load_yaml("dose_mg: '4.5'\nstarts: 2026-12-01\n")
    assert list(tmp_path.iterdir())
    assert datafile.load_yaml("dose_mg: '4.5'\nstarts: 2026-12-01\n") == first


def test_changed_text_is_never_served_from_an_older_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LDNCARE_CACHE_DIR", str(tmp_path))
    assert datafile.load_yaml("ceiling_mg: '4.5'") == {"ceiling_mg": "4.5"}
    assert datafile.load_yaml("ceiling_mg: '3'") == {"ceiling_mg": "3"}


def test_a_corrupt_or_unwritable_cache_only_costs_a_parse(tmp_path, monkeypatch):
    monkeypatch.setenv("LDNCARE_CACHE_DIR", str(tmp_path))
    datafile.load_yaml("a: 1")
    for cached in tmp_path.iterdir():
        cached.write_bytes(b"not a pickle")
    assert datafile.load_yaml("a: 1") == {"a": 1}
    monkeypatch.setenv("LDNCARE_CACHE_DIR", "/proc/not-writable")
    assert datafile.load_yaml("b: 2") == {"b": 2}
