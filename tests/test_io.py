"""Atomic output files."""

from __future__ import annotations

import os
import stat

import pytest

from ictgraph.io import write_atomic


def test_write_creates_and_replaces_without_leftovers(tmp_path):
    target = tmp_path / "graph.ttl"
    write_atomic(target, b"first")
    assert target.read_bytes() == b"first"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.chmod(target, 0o600)
    write_atomic(target, "ثانٍ".encode("utf-8"))
    assert target.read_bytes().decode("utf-8") == "ثانٍ"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # the file keeps its permissions
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_failed_write_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_missing_directory_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "absent" / "graph.ttl", b"x")
