"""The graph file and the store are published together, after the gate, or not at all.

With several jobs the store is loaded by another process while the gate runs, and the
gate's SPARQL constraints read the same N-Triples file; these builds go through the
library with a store directory of their own, as `ictgraph build` does for data/graph.ttl.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph.build import BuildFailed, build
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.store import LIVE, open_store, source_files, stale_reason

ONE_ARTICLE = sorted(DOCUMENTS_DIR.glob("*.txt"))[0]
MEETING = "عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها السابع في 5 مارس 2020.\n"
# One meeting with two dates read in one article: a core constraint (at most one ict:date).
SELF_CONTRADICTING = MEETING + "وكان الاجتماع السابع للجنة التنفيذية للحكومة الإلكترونية قد عقد في 9 يونيو 2021.\n"
# An end date before the start date another article gives: a SHACL-SPARQL constraint that
# no single article explains.
ENDS_BEFORE = ("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها السابع "
               "خلال الفترة من 9 إلى 10 مارس 2019.\n")
MEETING_IRI = "https://w3id.org/ictgraph/resource/meeting/"


def _debris(tmp_path: Path) -> list[str]:
    return sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.tmp"))


def _documents_in(store_dir: Path, graph: Path) -> set[str]:
    store = open_store(graph, store_dir)
    try:
        return {row[0].value for row in store.query(
            "SELECT ?name WHERE { ?d a <https://w3id.org/ictgraph/ontology#SourceDocument> ; "
            "<https://w3id.org/ictgraph/ontology#sourceFile> ?name }")}
    finally:
        del store


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_quarantine_publishes_the_rest_to_the_graph_and_the_store(tmp_path: Path, jobs: int) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ONE_ARTICLE, docs / ONE_ARTICLE.name)
    (docs / "zz_contradicts.txt").write_text(SELF_CONTRADICTING, encoding="utf-8")
    graph, store_dir = tmp_path / "out" / "graph.ttl", tmp_path / "out" / "store"
    report = build(docs, graph, jobs=jobs, cache_dir=None, store_dir=store_dir)
    assert [q.name for q in report.quarantined] == ["zz_contradicts.txt"]
    assert stale_reason(store_dir, source_files(graph)) is None
    assert _documents_in(store_dir, graph) == {ONE_ARTICLE.name}
    assert "zz_contradicts.txt" not in graph.read_text(encoding="utf-8")
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_sparql_violation_keeps_the_previous_graph_and_store(tmp_path: Path, jobs: int) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(MEETING, encoding="utf-8")
    graph, store_dir = tmp_path / "out" / "graph.ttl", tmp_path / "out" / "store"
    build(docs, graph, jobs=jobs, cache_dir=None, store_dir=store_dir)
    before = graph.read_bytes()
    database = sorted(p.name for p in (store_dir / LIVE).rglob("*"))

    (docs / "b.txt").write_text(ENDS_BEFORE, encoding="utf-8")
    with pytest.raises(BuildFailed, match="no single document.*ict:endDate"):
        build(docs, graph, jobs=jobs, cache_dir=None, store_dir=store_dir)
    assert graph.read_bytes() == before
    assert sorted(p.name for p in (store_dir / LIVE).rglob("*")) == database
    assert _documents_in(store_dir, graph) == {"a.txt"}
    assert _debris(tmp_path) == []
    assert sorted(p.name for p in store_dir.iterdir() if p.name.startswith("build-")) == []


def test_several_jobs_give_the_same_graph_and_store_as_one(tmp_path: Path) -> None:
    built = {}
    for jobs in (1, 2):
        graph, store_dir = tmp_path / f"j{jobs}" / "graph.ttl", tmp_path / f"j{jobs}" / "store"
        build(DOCUMENTS_DIR, graph, jobs=jobs, cache_dir=None, store_dir=store_dir)
        store = open_store(graph, store_dir)
        # The ontology's blank nodes get new names at each load: the rest must be equal.
        built[jobs] = (graph.read_bytes(), sorted(str(q) for q in store if "_:" not in str(q)))
        del store
    assert built[1] == built[2]
    assert any(MEETING_IRI in quad for quad in built[2][1])
