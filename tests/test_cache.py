"""The extraction cache: unchanged documents are not read again, and nothing else changes."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from ictgraph import paths
from ictgraph.build import build
from ictgraph import cache as cache_module
from ictgraph.cache import DATABASE_NAME, ExtractionCache, rules_digest


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    directory = tmp_path / "documents"
    shutil.copytree(paths.DOCUMENTS_DIR, directory)
    return directory


def test_a_second_build_reads_every_document_from_the_cache_and_writes_the_same_bytes(
        corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = build(corpus, tmp_path / "first.ttl", cache_dir=cache)
    second = build(corpus, tmp_path / "second.ttl", cache_dir=cache)
    uncached = build(corpus, tmp_path / "uncached.ttl", cache_dir=None)
    assert (first.cached, second.cached) == (0, 5)
    assert (tmp_path / "first.ttl").read_bytes() == (tmp_path / "second.ttl").read_bytes() \
        == (tmp_path / "uncached.ttl").read_bytes()


def test_only_a_new_or_changed_document_is_extracted(corpus: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build(corpus, tmp_path / "a.ttl", cache_dir=cache)
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nسطر جديد.", encoding="utf-8")
    shutil.copy(sorted(corpus.glob("*.txt"))[1], corpus / "copy under a new name.txt")
    report = build(corpus, tmp_path / "b.ttl", cache_dir=cache)
    # The changed file is read again, and so is the copied one: the same bytes under two
    # names are one document recorded under both, and evidence names the file.
    assert (report.documents, report.cached) == (5, 3)
    fresh = build(corpus, tmp_path / "c.ttl", cache_dir=None)
    assert (tmp_path / "b.ttl").read_bytes() == (tmp_path / "c.ttl").read_bytes()
    assert fresh.cached == 0


def _database(cache_dir: Path) -> Path:
    (database,) = cache_dir.glob(f"*/{DATABASE_NAME}")
    return database


def _entries(cache_dir: Path) -> dict[str, bytes]:
    """The cache's entries, read with SQLite itself."""
    with closing(sqlite3.connect(_database(cache_dir))) as connection:
        return dict(connection.execute("SELECT key, data FROM extractions"))


def test_a_damaged_entry_is_read_again_not_an_error(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    build(corpus, tmp_path / "a.ttl", cache_dir=cache_dir)
    keys = sorted(_entries(cache_dir))
    assert len(keys) == 5
    with closing(sqlite3.connect(_database(cache_dir))) as connection, connection:
        connection.execute("UPDATE extractions SET data = ? WHERE key = ?", (b"not a pickle", keys[0]))
        connection.execute("UPDATE extractions SET data = substr(data, 1, 20) WHERE key = ?", (keys[1],))
    report = build(corpus, tmp_path / "b.ttl", cache_dir=cache_dir)
    assert report.cached == 3
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()
    assert len(set(_entries(cache_dir).values())) == 5  # the two written again, whole


def test_a_damaged_database_is_made_again_not_an_error(corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    build(corpus, tmp_path / "a.ttl", cache_dir=cache_dir)
    _database(cache_dir).write_bytes(b"not a database " * 100)
    damaged = build(corpus, tmp_path / "b.ttl", cache_dir=cache_dir)
    again = build(corpus, tmp_path / "c.ttl", cache_dir=cache_dir)
    assert (damaged.cached, again.cached) == (0, 5)
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "c.ttl").read_bytes()


def test_a_database_another_build_holds_costs_the_entries_not_the_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ictgraph.build import extract_all
    from ictgraph.read import read_documents

    documents = read_documents(paths.DOCUMENTS_DIR).documents[:2]
    cache = ExtractionCache(tmp_path / "cache")
    extract_all(documents[:1], cache=cache)  # makes the database
    monkeypatch.setattr(cache_module, "_TIMEOUT", 0.1)
    with closing(sqlite3.connect(cache.path)) as other:
        other.execute("BEGIN EXCLUSIVE")  # another build, writing
        made = extract_all(documents, cache=cache)
        other.rollback()
    assert len(made) == 2 and made[1].document == documents[1]
    assert len(_entries(tmp_path / "cache")) == 1  # the second could not be written
    again = ExtractionCache(tmp_path / "cache")
    extract_all(documents, cache=again)
    assert (again.hits, len(_entries(tmp_path / "cache"))) == (1, 2)


def test_with_workers_the_entries_are_written_before_the_build_returns(
        corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = build(corpus, tmp_path / "a.ttl", cache_dir=cache_dir, jobs=2)
    assert first.cached == 0 and len(_entries(cache_dir)) == 5
    second = build(corpus, tmp_path / "b.ttl", cache_dir=cache_dir, jobs=2)
    assert second.cached == 5
    assert (tmp_path / "a.ttl").read_bytes() == (tmp_path / "b.ttl").read_bytes()


def test_editing_a_pattern_or_the_reference_data_changes_the_rules_digest(tmp_path: Path) -> None:
    resources, reference = tmp_path / "resources", tmp_path / "reference"
    shutil.copytree(paths.RESOURCES_DIR, resources)
    shutil.copytree(paths.REFERENCE_DIR, reference)
    before = rules_digest(resources, reference)
    assert rules_digest(resources, reference) == before  # stable
    pattern = sorted((resources / "patterns").glob("*.json"))[0]
    pattern.write_text(pattern.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    after_pattern = rules_digest(resources, reference)
    assert after_pattern != before
    country = sorted(reference.glob("*.ttl"))[0]
    country.write_text(country.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert rules_digest(resources, reference) not in (before, after_pattern)
    # Another digest is another cache directory: old entries are simply not found.
    assert ExtractionCache(tmp_path, before).directory != ExtractionCache(tmp_path, after_pattern).directory


def test_entries_are_written_as_they_add_up_not_all_held_until_the_end(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ictgraph.build import extract_all
    from ictgraph.read import read_documents

    documents = read_documents(paths.DOCUMENTS_DIR).documents
    made = extract_all(documents[:1])
    cache = ExtractionCache(tmp_path / "cache")
    entry = cache_module.pickled(made[0])
    monkeypatch.setattr(cache_module, "_BATCH_BYTES", 2 * len(entry))
    cache.put_pickled(documents[0], entry)
    assert not cache.path.exists()  # less than a batch: held
    cache.put_pickled(documents[0], entry)
    assert len(_entries(tmp_path / "cache")) == 1  # a batch: written (the same key twice)
    assert ExtractionCache(tmp_path / "cache").get(documents[0]) == made[0]


def test_the_entries_of_the_file_per_document_layout_are_removed_when_the_database_is_made(
        corpus: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    old = ExtractionCache(cache_dir).directory / "ab"
    old.mkdir(parents=True)
    (old / ("ab" + "0" * 62 + ".pickle")).write_bytes(b"an entry of the earlier layout")
    (old / "tmpx1.tmp").write_bytes(b"a write a killed build left")
    other = ExtractionCache(cache_dir).directory / "zz"
    other.mkdir()
    (other / "keep.txt").write_text("not an entry")
    report = build(corpus, tmp_path / "a.ttl", cache_dir=cache_dir)
    assert report.cached == 0 and len(_entries(cache_dir)) == 5
    assert not old.exists()
    assert (other / "keep.txt").is_file()  # only the earlier layout's entries go
