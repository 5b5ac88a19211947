"""The embedded store: built when missing, rebuilt when a source changes, swapped in atomically."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph.errors import InputError
from ictgraph.paths import ONTOLOGY_FILE, REFERENCE_DIR
from ictgraph.store import LIVE, LOCK, MANIFEST, open_store

GRAPH = """@prefix ict: <https://w3id.org/ictgraph/ontology#> .
<https://w3id.org/ictgraph/resource/meeting/x-{n}> a ict:Meeting ; ict:ordinal {n} .
"""
ORDINALS = "PREFIX ict: <https://w3id.org/ictgraph/ontology#> SELECT ?n WHERE { ?m a ict:Meeting ; ict:ordinal ?n }"


def ordinals(store: ox.Store) -> list[int]:
    return sorted(int(row["n"].value) for row in store.query(ORDINALS))


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    """A one-meeting graph, and copies of the ontology and reference data that tests may edit."""
    graph = tmp_path / "graph.ttl"
    graph.write_text(GRAPH.format(n=1), encoding="utf-8")
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    ontology = tmp_path / "ictgraph.ttl"
    shutil.copy(ONTOLOGY_FILE, ontology)
    return {"graph_file": graph, "ontology_file": ontology, "reference_dir": reference,
            "store_dir": tmp_path / "store"}


def open_(sources: dict[str, Path]) -> ox.Store:
    return open_store(**sources)


def rewrite(path: Path, text: str) -> None:
    """Change a file and make sure its modification time moves on."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_missing_store_is_built_with_graph_ontology_and_reference(sources) -> None:
    store = open_(sources)
    assert ordinals(store) == [1]
    assert store.query("ASK { <https://w3id.org/ictgraph/resource/country/qa> ?p ?o }")  # reference
    assert store.query("ASK { <https://w3id.org/ictgraph/ontology#Meeting> ?p ?o }")  # ontology
    manifest = json.loads((sources["store_dir"] / LIVE / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sources"][0]["path"] == str(sources["graph_file"].resolve())
    assert manifest["triples"] == len(store)


def test_current_store_is_reused(sources) -> None:
    open_(sources)
    live = sources["store_dir"] / LIVE
    inode = live.stat().st_ino
    open_(sources)
    assert live.stat().st_ino == inode


def test_newer_graph_rebuilds(sources) -> None:
    assert ordinals(open_(sources)) == [1]
    rewrite(sources["graph_file"], GRAPH.format(n=2))
    assert ordinals(open_(sources)) == [2]


def test_changed_reference_data_rebuilds(sources) -> None:
    open_(sources)
    extra = sources["reference_dir"] / "places.ttl"
    rewrite(extra, extra.read_text(encoding="utf-8") + "\n<urn:new> <urn:p> <urn:o> .\n")
    assert open_(sources).query("ASK { <urn:new> <urn:p> <urn:o> }")


def test_removed_reference_file_rebuilds(sources) -> None:
    assert open_(sources).query("ASK { <https://w3id.org/ictgraph/resource/topic/pki> ?p ?o }")
    (sources["reference_dir"] / "topics.ttl").unlink()
    assert not open_(sources).query("ASK { <https://w3id.org/ictgraph/resource/topic/pki> ?p ?o }")


def test_changed_ontology_rebuilds(sources) -> None:
    open_(sources)
    ontology = sources["ontology_file"]
    rewrite(ontology, ontology.read_text(encoding="utf-8") + "\n<urn:term> <urn:p> <urn:o> .\n")
    assert open_(sources).query("ASK { <urn:term> <urn:p> <urn:o> }")


def test_failed_rebuild_keeps_the_old_store_and_leaves_no_debris(sources) -> None:
    open_(sources)
    rewrite(sources["graph_file"], "this is not turtle {")
    with pytest.raises(InputError, match=r"graph\.ttl: invalid Turtle"):
        open_(sources)
    store_dir = sources["store_dir"]
    assert sorted(p.name for p in store_dir.iterdir()) == [LOCK, LIVE]  # the lock file stays
    assert ordinals(ox.Store.read_only(str(store_dir / LIVE / "oxigraph"))) == [1]


def test_store_lost_between_the_two_renames_is_rebuilt(sources) -> None:
    open_(sources)
    live = sources["store_dir"] / LIVE
    live.rename(live.with_name("old-crash.tmp"))  # a crash after moving the old store aside
    assert ordinals(open_(sources)) == [1]


def test_half_written_store_is_not_used(sources) -> None:
    open_(sources)
    (sources["store_dir"] / LIVE / MANIFEST).write_text("{", encoding="utf-8")
    rewrite(sources["graph_file"], GRAPH.format(n=3))
    assert ordinals(open_(sources)) == [3]


def test_readers_share_the_store(sources) -> None:
    first, second = open_(sources), open_(sources)
    assert ordinals(first) == ordinals(second) == [1]


def test_missing_graph_says_to_build_first(sources) -> None:
    sources["graph_file"].unlink()
    with pytest.raises(InputError, match="run `ictgraph build` first"):
        open_(sources)


def test_in_memory_store_for_another_graph(sources) -> None:
    sources["store_dir"] = None
    assert ordinals(open_(sources)) == [1]
