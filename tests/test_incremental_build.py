"""`ictgraph build` adds new articles to the previous graph, with its store, and the result is
the bytes and the store a full build makes; anything else makes the whole graph again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph.build import build
from ictgraph.graph_state import state_file_of
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.store import LIVE, DATABASE, stale_reason, source_files

BUNDLED = sorted(DOCUMENTS_DIR.glob("*.txt"))


def _build(folder: Path, out: Path, **options):
    return build(folder, out / "graph.ttl", store_dir=out / "store", cache_dir=out.parent / "cache",
                 **options)


def _quads(store_dir: Path) -> set:
    store = ox.Store.read_only(str(store_dir / LIVE / DATABASE))
    # (the ontology's blank nodes get new labels at each load)
    return {q for q in store if not isinstance(q.subject, ox.BlankNode)
            and not isinstance(q.object, ox.BlankNode)}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    for path in BUNDLED[:-1]:
        shutil.copy(path, folder / path.name)
    return tmp_path


@pytest.fixture
def built(project: Path) -> Path:
    """The project's documents built once: the folder of the graph and its store."""
    out = project / "out"
    out.mkdir()
    _build(project / "documents", out)
    return out


def _full_build_of(folder: Path, tmp_path: Path) -> Path:
    out = tmp_path / "full"
    out.mkdir(exist_ok=True)
    report = _build(folder, out, incremental=False)
    assert report.added is None
    return out


def test_a_new_article_is_added_with_the_bytes_and_store_of_a_full_build(project: Path):
    out = project / "out"
    out.mkdir()
    first = _build(project / "documents", out)
    assert first.added is None and state_file_of(out / "graph.ttl").is_file()
    shutil.copy(BUNDLED[-1], project / "documents" / BUNDLED[-1].name)

    added = _build(project / "documents", out)

    assert added.added == 1, added.rebuilt_because
    full = _full_build_of(project / "documents", project)
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
    assert _quads(out / "store") == _quads(full / "store")
    assert stale_reason(out / "store", source_files(out / "graph.ttl")) is None
    made = _build(project / "documents", full, incremental=False)
    assert (added.documents, added.triples, added.statements, added.classes, added.warnings) == \
        (made.documents, made.triples, made.statements, made.classes, made.warnings)
    unchanged = _build(project / "documents", full)  # nothing new: nothing made, same figures
    assert unchanged.added == 0
    assert (unchanged.triples, unchanged.classes, unchanged.warnings) == \
        (made.triples, made.classes, made.warnings)


def test_a_second_addition_builds_on_the_first(project: Path):
    out = project / "out"
    out.mkdir()
    for path in BUNDLED[:-1]:
        (project / "documents" / path.name).unlink()
    for path in BUNDLED[:3]:
        shutil.copy(path, project / "documents" / path.name)
    _build(project / "documents", out)
    for path in BUNDLED[3:]:
        shutil.copy(path, project / "documents" / path.name)
        report = _build(project / "documents", out)
        assert report.added == 1, report.rebuilt_because
    full = _full_build_of(project / "documents", project)
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()


def test_a_changed_article_makes_the_whole_graph_again(project: Path, built: Path):
    out = built
    changed = project / "documents" / BUNDLED[0].name
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    report = _build(project / "documents", out)

    assert report.added is None
    assert "changed since the previous build" in report.rebuilt_because
    full = _full_build_of(project / "documents", project)
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()


def test_a_removed_article_makes_the_whole_graph_again(project: Path, built: Path):
    out = built
    (project / "documents" / BUNDLED[0].name).unlink()

    report = _build(project / "documents", out)

    assert report.added is None and "gone" in report.rebuilt_because
    assert report.documents == len(BUNDLED) - 2


def test_a_graph_changed_by_hand_is_not_added_to(project: Path, built: Path):
    out = built
    graph = out / "graph.ttl"
    graph.write_bytes(graph.read_bytes() + b"\n")
    shutil.copy(BUNDLED[-1], project / "documents" / BUNDLED[-1].name)

    report = _build(project / "documents", out)

    assert report.added is None and "not the graph the previous build published" in \
        report.rebuilt_because
    full = _full_build_of(project / "documents", project)
    assert graph.read_bytes() == (full / "graph.ttl").read_bytes()


def test_full_makes_everything_again_even_when_it_could_add(project: Path, built: Path):
    out = built
    shutil.copy(BUNDLED[-1], project / "documents" / BUNDLED[-1].name)
    report = _build(project / "documents", out, incremental=False)
    assert report.added is None and report.rebuilt_because is None


def test_a_failed_addition_leaves_the_graph_store_and_state_as_they_were(project: Path,
                                                                          built: Path,
                                                                          monkeypatch):
    """A failure after the Turtle is staged and the store copied (here: the validation
    raising) publishes nothing, and the next build still adds."""
    out = built
    graph, state = out / "graph.ttl", state_file_of(out / "graph.ttl")
    before = (graph.read_bytes(), state.read_bytes(), _quads(out / "store"))
    shutil.copy(BUNDLED[-1], project / "documents" / BUNDLED[-1].name)
    import ictgraph.validate_delta as validate_delta

    def broken(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(validate_delta, "validate_delta", broken)
    with pytest.raises(OSError, match="disk on fire"):
        _build(project / "documents", out)
    assert (graph.read_bytes(), state.read_bytes(), _quads(out / "store")) == before
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]
    assert not [p for p in os.listdir(out / "store") if p.startswith("build-")]
    monkeypatch.undo()
    assert _build(project / "documents", out).added == 1


def test_several_new_articles_are_added_at_once(tmp_path: Path):
    folder = tmp_path / "documents"
    folder.mkdir()
    for path in BUNDLED[:2]:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    out.mkdir()
    _build(folder, out)
    for path in BUNDLED[2:]:
        shutil.copy(path, folder / path.name)

    report = _build(folder, out, jobs=2)

    assert report.added == len(BUNDLED) - 2, report.rebuilt_because
    full = _full_build_of(folder, tmp_path)
    assert (out / "graph.ttl").read_bytes() == (full / "graph.ttl").read_bytes()
