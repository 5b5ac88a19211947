"""The store updated with a delta: the same quads as a full load of the new graph, the live
store untouched until the swap, and refused when the live store is not the delta's base."""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ictgraph import ntriples as nt
from ictgraph.errors import InputError
from ictgraph.evidence_nodes import PREDICATES as EVIDENCE_PREDICATES
from ictgraph.evidence_nodes import EVIDENCE_CLASS, TYPE, EvidenceNode
from ictgraph.graph_delta import GraphDelta
from ictgraph.lock import BuildLocked, build_lock
from ictgraph.name_index import NAMES_GRAPH
from ictgraph.ntriples import Triple
from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR, SHAPES_FILE
from ictgraph.serialize import serialize_turtle
from ictgraph.store import (DATABASE, LIVE, LOCK, MANIFEST, StoreBuild, build_store, open_store,
                            source_files, stale_reason)
from ictgraph.store_update import StoreUpdate, StoreUpdateRefused, _snapshot

ICT = "https://w3id.org/ictgraph/ontology#"
RES = "https://w3id.org/ictgraph/resource/"
RDF_TYPE = nt.iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = nt.iri("http://www.w3.org/2000/01/rdf-schema#label")
ALT_LABEL = nt.iri("http://www.w3.org/2004/02/skos/core#altLabel")
XSD = "http://www.w3.org/2001/XMLSchema#"


def ict(name: str) -> str:
    return nt.iri(ICT + name)


def res(name: str) -> str:
    return nt.iri(RES + name)


# --------------------------------------------------------------------------- helpers

@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    """Copies of the ontology and reference data that tests may edit, and where the graph goes."""
    reference = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, reference)
    ontology = tmp_path / "ictgraph.ttl"
    shutil.copy(ONTOLOGY_FILE, ontology)
    return {"graph": tmp_path / "graph.ttl", "ontology": ontology, "reference": reference,
            "store": tmp_path / "store"}


def files_of(sources: dict[str, Path]) -> list[Path]:
    return source_files(sources["graph"], sources["ontology"], sources["reference"],
                        graph_written=False)


def write_graph(path: Path, triples: set[Triple]) -> str:
    """Write the graph as the build does (its Turtle writer, put in place by a rename); the
    SHA-256 of the bytes, as the build has it from writing them."""
    data = serialize_turtle(triples)
    staged = path.with_name(path.name + ".tmp")
    staged.write_bytes(data)
    os.replace(staged, path)
    return hashlib.sha256(data).hexdigest()


def live_quads(store_dir: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(store_dir / LIVE / DATABASE)))


def assert_same_quads(updated: set[ox.Quad], loaded: set[ox.Quad]) -> None:
    """Equal, but for the labels of the blank nodes (the ontology's): each load makes new ones."""
    def blank(quad: ox.Quad) -> bool:
        return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)

    def graph(quads: set[ox.Quad]) -> Graph:
        return Graph().parse(data="".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads),
                             format="nt")
    plain_updated = {q for q in updated if not blank(q)}
    plain_loaded = {q for q in loaded if not blank(q)}
    assert plain_updated - plain_loaded == set()
    assert plain_loaded - plain_updated == set()
    assert isomorphic(graph(updated - plain_updated), graph(loaded - plain_loaded))


def index_of(quads: set[ox.Quad]) -> set[ox.Quad]:
    return {q for q in quads if q.graph_name == NAMES_GRAPH}


def full_load(tmp_path: Path, files: list[Path]) -> tuple[set[ox.Quad], int]:
    """The quads and the triple count of a store loaded from scratch from the files."""
    store_dir = tmp_path / "full"
    triples = build_store(store_dir, files)
    return live_quads(store_dir), triples


def snapshot(store_dir: Path) -> tuple:
    """What must not change when an update fails: the manifest, the quads, the database's
    files (but RocksDB's info logs), the store directory."""
    database = {p.name: (p.stat().st_ino, p.stat().st_size, p.stat().st_mtime_ns)
                for p in (store_dir / LIVE / DATABASE).iterdir() if not p.name.startswith(("LOG", "LOCK"))}
    return ((store_dir / LIVE / MANIFEST).read_bytes(), live_quads(store_dir), database,
            sorted(p.name for p in store_dir.iterdir()))


def lock_is_free(store_dir: Path) -> bool:
    try:
        with build_lock(store_dir / LOCK):
            return True
    except BuildLocked:
        return False


def country_label() -> Triple:
    """A label the reference data gives a country: a triple the store has before any graph."""
    store = ox.Store()
    store.load(path=str(REFERENCE_DIR / "countries.ttl"), format=ox.RdfFormat.TURTLE)
    quad = min((q for q in store.quads_for_pattern(None, ox.NamedNode(LABEL[1:-1]), None)), key=str)
    return term(quad.subject), LABEL, term(quad.object)


def term(value: ox.NamedNode | ox.Literal) -> str:
    """An Oxigraph term as the build writes it (ntriples.py)."""
    if isinstance(value, ox.NamedNode):
        return nt.iri(value.value)
    if value.language:
        return nt.literal(value.value, value.language)
    if value.datatype.value == XSD + "string":
        return nt.literal(value.value)
    return nt.typed(value.value, value.datatype.value)


# --------------------------------------------------------------------------- a small graph

OLD_GRAPH = {
    (res("committee/ict"), RDF_TYPE, ict("Committee")),
    (res("committee/ict"), LABEL, nt.literal("لجنة الاتصالات", "ar")),
    (res("person/known"), RDF_TYPE, ict("Person")),  # typed, a label comes with the delta
    (res("place/unnamed"), LABEL, nt.literal("مسقط", "ar")),  # named, its type comes with the delta
    (res("meeting/ict-1"), RDF_TYPE, ict("Meeting")),
    (res("meeting/ict-1"), ict("ofCommittee"), res("committee/ict")),
    (res("meeting/ict-1"), ict("ordinal"), nt.typed("1", XSD + "positiveInteger")),
}
EVIDENCE = EvidenceNode(res("evidence/0001"), res("document/0001"),
                        nt.typed("0", XSD + "nonNegativeInteger"), nt.typed("12", XSD + "nonNegativeInteger"),
                        nt.literal("اجتمعت اللجنة", "ar"), nt.literal("meeting"),
                        res("meeting/ict-2"), RDF_TYPE, ict("Meeting"))


def small_delta() -> GraphDelta:
    delta = GraphDelta(added={
        (res("meeting/ict-2"), RDF_TYPE, ict("Meeting")),
        (res("meeting/ict-2"), LABEL, nt.literal("الاجتماع الثاني", "ar")),
        (res("meeting/ict-2"), ALT_LABEL, nt.literal("Second ICT meeting", "en")),
        (res("meeting/ict-2"), ict("ofCommittee"), res("committee/ict")),
        (res("meeting/ict-2"), ict("evidence"), res("evidence/0001")),
        (res("person/known"), LABEL, nt.literal("أحمد", "ar")),
        (res("place/unnamed"), RDF_TYPE, ict("Place")),
        # One value written twice, as the store holds it once: counted once.
        (res("meeting/ict-2"), ict("ordinal"), nt.typed("2", XSD + "positiveInteger")),
        (res("meeting/ict-2"), ict("ordinal"), nt.typed("2", XSD + "integer")),
        country_label(),  # already in the store, from the reference data
    })
    delta.add_evidence(EVIDENCE)
    return delta


def new_graph(old: set[Triple], delta: GraphDelta) -> set[Triple]:
    return old | set(delta.triples())


def test_update_gives_the_store_a_full_load_of_the_new_graph_gives(sources, tmp_path) -> None:
    files = files_of(sources)
    write_graph(sources["graph"], OLD_GRAPH)
    build_store(sources["store"], files)
    old_index = index_of(live_quads(sources["store"]))
    delta = small_delta()

    update = StoreUpdate(sources["store"], files, delta)
    digest = write_graph(sources["graph"], new_graph(OLD_GRAPH, delta))
    triples = update.finish(graph_sha256=digest)

    updated = live_quads(sources["store"])
    loaded, loaded_triples = full_load(tmp_path, files)
    assert_same_quads(updated, loaded)
    assert triples == loaded_triples == len(updated)
    # The index got the new meeting's names, the newly typed place's and the new label.
    new_entries = {q.subject.value[len(RES):] for q in index_of(updated) - old_index}
    assert new_entries == {"meeting/ict-2", "place/unnamed", "person/known"}
    manifest = json.loads((sources["store"] / LIVE / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["triples"] == triples
    assert manifest["sources"][0]["sha256"] == digest
    assert stale_reason(sources["store"], files) is None  # current, and the database stamps hold


def test_update_of_the_bundled_graph_equals_a_full_load_and_its_sparql_checks(sources, tmp_path) -> None:
    """data/graph.ttl without a part of it (whole resources, types, names, evidence records and
    other triples at random), then that part added back with triples that break SPARQL
    constraints, also for meetings already in the graph."""
    everything = {(term(q.subject), term(q.predicate), term(q.object))
                  for q in ox.parse(path=str(GRAPH_FILE), format=ox.RdfFormat.TURTLE)}
    choose = random.Random(7)
    typed = sorted({s for s, p, _ in everything if p == RDF_TYPE})
    named = sorted({s for s, p, _ in everything if p == LABEL} & set(typed))
    evidence = sorted({s for s, p, o in everything if p == TYPE and o == EVIDENCE_CLASS})
    new_resources = set(choose.sample([s for s in named if s not in evidence], 15))
    untyped = set(choose.sample(sorted(set(named) - new_resources), 10))
    unnamed = set(choose.sample(sorted(set(named) - new_resources - untyped), 10))
    records = choose.sample(evidence, 40)
    removed = {t for t in everything
               if t[0] in new_resources or (t[0] in untyped and t[1] == RDF_TYPE)
               or (t[0] in unnamed and t[1] == LABEL)
               or (t[0] not in evidence and choose.random() < 0.05)}
    delta = GraphDelta(added=removed)
    for node in records:
        values = {p: o for s, p, o in everything if s == node}
        delta.add_evidence(EvidenceNode(node, *(values[p] for p in EVIDENCE_PREDICATES)))
    delta.added |= constraint_breaking(everything)
    old = everything - set(delta.triples())
    assert len(old) < len(everything) - 500

    files = files_of(sources)
    base = write_graph(sources["graph"], old)
    build_store(sources["store"], files)
    new = new_graph(old, delta)
    digest = write_graph(sources["graph"], new)  # replaced before the update: its base is given
    update = StoreUpdate(sources["store"], files, delta, shapes=SHAPES_FILE, base_sha256=base)
    found = update.sparql_results()
    triples = update.finish(graph_sha256=digest)

    updated = live_quads(sources["store"])
    loaded, loaded_triples = full_load(tmp_path, files)
    assert_same_quads(updated, loaded)
    assert index_of(updated) == index_of(loaded)
    assert triples == loaded_triples
    assert stale_reason(sources["store"], files) is None

    loader = StoreBuild(tmp_path / "checked", files, sources["graph"], shapes=SHAPES_FILE)
    try:
        expected = loader.sparql_results()
    finally:
        loader.abandon()
    shapes = {r.shape.value.rpartition("#")[2] for r in found}
    assert {"UniqueMeetingShape", "OrdinalChronologyShape", "DateOrderShape"} <= shapes, shapes
    # Also for a meeting that was there before the delta: checking the new resources is not enough.
    assert any(r.focus.value != r.value.value and r.value.value.endswith("test-twin") for r in found)
    assert sorted(map(repr, found)) == sorted(map(repr, expected))


def constraint_breaking(graph: set[Triple]) -> set[Triple]:
    """A meeting of the graph described twice (a new resource with its committee and ordinal),
    and a later-numbered meeting dated before it, ending before it starts."""
    ordinal, committee = ict("ordinal"), ict("ofCommittee")
    meeting = min(s for s, p, o in graph if p == RDF_TYPE and o == ict("Meeting")
                  and any(t[0] == s and t[1] == committee for t in graph)
                  and any(t[0] == s and t[1] == ordinal for t in graph))
    of = next(o for s, p, o in graph if s == meeting and p == committee)
    number = int(nt.value(next(o for s, p, o in graph if s == meeting and p == ordinal)))
    has_date = any(t[0] == meeting and t[1] == ict("date") for t in graph)
    dated = set() if has_date else {(meeting, ict("date"), nt.typed("2020-05-01", XSD + "date"))}
    twin, later = res("meeting/test-twin"), res("meeting/test-later")
    return dated | {
        (twin, RDF_TYPE, ict("Meeting")), (twin, committee, of),
        (twin, ordinal, nt.typed(str(number), XSD + "positiveInteger")),
        (later, RDF_TYPE, ict("Meeting")), (later, committee, of),
        (later, ordinal, nt.typed(str(number + 50), XSD + "positiveInteger")),
        (later, ict("date"), nt.typed("1990-03-02", XSD + "date")),
        (later, ict("endDate"), nt.typed("1990-03-01", XSD + "date")),
    }


# --------------------------------------------------------------------------- refusals and failures

@pytest.fixture
def built(sources) -> dict[str, Path]:
    """A live store of the small graph."""
    write_graph(sources["graph"], OLD_GRAPH)
    build_store(sources["store"], files_of(sources))
    return sources


def edit_format(sources) -> None:
    manifest_file = sources["store"] / LIVE / MANIFEST
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest_file.write_text(json.dumps({**manifest, "format": manifest["format"] - 1}), encoding="utf-8")


def touch_database(sources) -> None:
    database_file = min((sources["store"] / LIVE / DATABASE).glob("*.sst"))
    os.utime(database_file, ns=(0, 0))


def change_ontology(sources) -> None:
    with open(sources["ontology"], "a", encoding="utf-8") as stream:
        stream.write("\n# edited\n")


def replace_graph(sources) -> None:
    write_graph(sources["graph"], OLD_GRAPH | {(res("x"), LABEL, nt.literal("x"))})


@pytest.mark.parametrize("spoil, files, base, reason", [
    pytest.param(lambda s: shutil.rmtree(s["store"]), None, None, "there is none", id="no store"),
    pytest.param(edit_format, None, None, "older format", id="old format"),
    pytest.param(touch_database, None, None, "damaged", id="damaged"),
    pytest.param(change_ontology, None, None, "ictgraph.ttl changed", id="ontology changed"),
    pytest.param(replace_graph, None, None, "graph.ttl changed", id="graph replaced"),
    pytest.param(lambda s: None, None, "0" * 64, "another graph", id="other base"),
    pytest.param(lambda s: None, lambda files: files[:-1], None, "source files are not the same",
                 id="other files"),
])
def test_refused_when_the_live_store_is_not_the_delta_base(built, spoil, files, base, reason) -> None:
    all_files = files_of(built)
    spoil(built)
    before = snapshot(built["store"]) if (built["store"] / LIVE).exists() else None
    with pytest.raises(StoreUpdateRefused, match=reason):
        StoreUpdate(built["store"], files(all_files) if files else all_files, small_delta(),
                    base_sha256=base)
    if before is not None:
        assert snapshot(built["store"]) == before
    assert lock_is_free(built["store"])


def test_a_file_touched_but_unchanged_is_no_reason_to_refuse(built) -> None:
    files = files_of(built)
    os.utime(files[2], ns=(10**18, 10**18))
    update = StoreUpdate(built["store"], files, small_delta())
    write_graph(built["graph"], new_graph(OLD_GRAPH, small_delta()))
    update.finish()
    assert stale_reason(built["store"], files) is None


def assert_untouched(sources, before) -> None:
    assert snapshot(sources["store"]) == before  # no build directory left, either
    assert lock_is_free(sources["store"])


def test_an_invalid_delta_leaves_the_live_store_as_it_was(built) -> None:
    before = snapshot(built["store"])
    delta = small_delta()
    delta.added.add((res("meeting/ict-2"), LABEL, '"unterminated'))
    with pytest.raises(InputError, match="invalid triple"):
        StoreUpdate(built["store"], files_of(built), delta)
    assert_untouched(built, before)


def test_abandon_leaves_the_live_store_as_it_was(built) -> None:
    before = snapshot(built["store"])
    update = StoreUpdate(built["store"], files_of(built), small_delta())
    assert len(update.store) > len(before[1])  # the copy has the delta
    update.abandon()
    assert_untouched(built, before)


def test_finish_without_the_new_graph_file_leaves_the_live_store_as_it_was(built) -> None:
    before = snapshot(built["store"])
    update = StoreUpdate(built["store"], files_of(built), small_delta())
    built["graph"].unlink()
    with pytest.raises(InputError, match="file missing"):
        update.finish()
    assert_untouched(built, before)


def test_finish_refuses_while_the_caller_still_reads_the_copy(built) -> None:
    before = snapshot(built["store"])
    update = StoreUpdate(built["store"], files_of(built), small_delta())
    rows = update.store.query("SELECT * WHERE { ?s ?p ?o }")  # unread results hold the store
    write_graph(built["graph"], new_graph(OLD_GRAPH, small_delta()))
    with pytest.raises(RuntimeError, match="still open"):
        update.finish()
    del rows
    assert_untouched(built, before)


# --------------------------------------------------------------------------- readers and builders

def test_readers_keep_reading_the_live_store_while_it_is_updated(built) -> None:
    files = files_of(built)
    reader = open_store(built["graph"], built["store"], ontology_file=built["ontology"],
                        reference_dir=built["reference"])
    before = len(reader)
    update = StoreUpdate(built["store"], files, small_delta())
    with pytest.raises(BuildLocked):  # no other builder meanwhile
        with build_lock(built["store"] / LOCK):
            pass
    assert len(reader) == before < len(update.store)
    write_graph(built["graph"], new_graph(OLD_GRAPH, small_delta()))
    triples = update.finish()
    assert len(reader) == before  # its database files are still there for it
    rebuilds: list[str] = []
    after = open_store(built["graph"], built["store"], ontology_file=built["ontology"],
                       reference_dir=built["reference"], on_rebuild=rebuilds.append)
    assert len(after) == triples and rebuilds == []
    assert lock_is_free(built["store"])


def test_the_copy_has_what_the_live_database_holds_only_in_its_log(tmp_path) -> None:
    """A database closed without a flush has its last writes in its write-ahead log only
    (Store.backup of a store opened read-only leaves them out)."""
    database = tmp_path / "database"
    quads = {ox.Quad(ox.NamedNode(f"{RES}x/{i}"), ox.NamedNode(f"{ICT}ordinal"), ox.Literal(str(i)))
             for i in range(5)}
    store = ox.Store(str(database))
    store.extend(quads)
    del store
    _snapshot(database, tmp_path / "copy")
    assert set(ox.Store.read_only(str(tmp_path / "copy"))) == quads
