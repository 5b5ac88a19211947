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
from ictgraph.store import LIVE, LOCK, MANIFEST, StoreBuild, open_store, source_files, stale_reason

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


def staged_ntriples(sources: dict[str, Path], write) -> Path:
    """A graph file for StoreBuild, N-Triples written by `write(stream)` beside the sources."""
    path = sources["graph_file"].with_name("staged.nt")
    with open(path, "wb") as stream:
        write(stream)
    return path


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


# --------------------------------------------------------------------------- loaded while the graph is written

NTRIPLES = ("<https://w3id.org/ictgraph/resource/meeting/x-{n}> "
            "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/ictgraph/ontology#Meeting> .\n"
            "<https://w3id.org/ictgraph/resource/meeting/x-{n}> <https://w3id.org/ictgraph/ontology#ordinal> "
            "\"{n}\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n")


def _files(sources) -> list[Path]:
    return source_files(sources["graph_file"], sources["ontology_file"], sources["reference_dir"],
                        graph_written=False)


def test_a_store_loaded_while_the_graph_is_written_is_current_and_equal(sources) -> None:
    open_(sources)  # the live store of meeting 1
    sources["graph_file"].unlink()  # the build writes the graph while another process loads
    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, lambda stream: stream.write(NTRIPLES.format(n=2).encode())))
    sources["graph_file"].write_text(GRAPH.format(n=2), encoding="utf-8")
    loading.finish()
    live = sources["store_dir"] / LIVE
    assert stale_reason(sources["store_dir"], _files(sources)) is None  # no rebuild at the next query
    store = open_(sources)
    assert ordinals(store) == [2]
    # The same store build_store makes from the written file.
    other = dict(sources, store_dir=sources["store_dir"].parent / "other")
    assert len(open_(other)) == len(store) == json.loads((live / MANIFEST).read_text())["triples"]
    assert not list(sources["store_dir"].glob("build-*.tmp"))


def test_an_abandoned_store_build_keeps_the_live_store_and_leaves_nothing(sources) -> None:
    open_(sources)
    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, lambda stream: stream.write(NTRIPLES.format(n=3).encode())))
    loading.abandon()  # what the build does when writing the graph failed
    assert ordinals(open_(sources)) == [1]
    assert not list(sources["store_dir"].glob("build-*.tmp"))
    StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, lambda stream: None)).abandon()  # the lock was released


def test_a_store_load_that_fails_is_reported_and_the_live_store_kept(sources) -> None:
    open_(sources)
    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, lambda stream: stream.write(b"<not n-triples")))
    with pytest.raises(InputError, match="the new store could not be loaded: .*N-Triples"):
        loading.finish()
    assert ordinals(open_(sources)) == [1]
    assert not list(sources["store_dir"].glob("build-*.tmp"))


# ----- the loader checks the gate's SPARQL constraints on the new store ------------------

def _bundled_graph():
    from ictgraph.build import extract_all, graph_of
    from ictgraph.paths import DOCUMENTS_DIR
    from ictgraph.read import read_documents

    return graph_of(extract_all(read_documents(DOCUMENTS_DIR).documents))


def _shapes():
    from ictgraph.paths import SHAPES_FILE
    from ictgraph.shacl.convert import parse_file
    from ictgraph.shacl.shapes import compile_shapes

    return compile_shapes(parse_file(SHAPES_FILE))


def test_the_loader_checks_the_sparql_constraints_on_the_graph_and_ontology_only(sources) -> None:
    from ictgraph.paths import SHAPES_FILE
    from ictgraph.shacl.sparql_process import sparql_results_on

    graph = _bundled_graph()
    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, graph.write_ntriples), shapes=SHAPES_FILE)
    assert loading.sparql_results() == []  # the bundled graph passes the gate
    sources["graph_file"].write_bytes(b"")  # (the build publishes the graph file here)
    loading.finish()
    # The full reference data, loaded after the checks, would have changed them: it states
    # what the graph copies only in part.
    store = ox.Store.read_only(str(sources["store_dir"] / LIVE / "oxigraph"))
    statement_evidence = next(c for shape in _shapes().shapes for c in shape.sparql
                              if c.node.value.endswith("#StatementEvidenceQuery"))
    assert list(store.query(statement_evidence.select))


def test_the_loader_reports_a_violated_sparql_constraint(sources) -> None:
    from ictgraph.paths import SHAPES_FILE
    from ictgraph.ntriples import iri, typed
    from ictgraph.namespaces import ICT, RDF

    graph = _bundled_graph()
    date = iri(str(ICT.date))
    meetings = {t[0] for t in graph if t[1] == iri(str(RDF.type)) and t[2] == iri(str(ICT.Meeting))}
    meeting, _, start = next(t for t in graph if t[1] == date and t[0] in meetings
                             and "XMLSchema#date>" in t[2])
    year = int(start[1:5])
    # An end date a year before the start: the SPARQL constraint ictsh:DateOrderQuery.
    ended = (meeting, iri(str(ICT.endDate)), typed(f"{year - 1}", "http://www.w3.org/2001/XMLSchema#gYear"))

    def write(stream) -> None:
        stream.write("".join(f"{s} {p} {o} .\n" for s, p, o in [*graph, ended]).encode("utf-8"))

    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, write), shapes=SHAPES_FILE)
    results = loading.sparql_results()
    loading.abandon()
    assert {(r.shape.value.rsplit("#", 1)[-1], r.focus.value) for r in results} == {
        ("DateOrderShape", meeting[1:-1])}
    assert not list(sources["store_dir"].glob("build-*.tmp"))


def test_the_builds_own_graph_loads_to_the_same_store_as_a_strict_parse(sources) -> None:
    """The build's loader parses its own Turtle leniently (StoreBuild own_graph), in pieces
    loaded side by side: the store holds the same quads as one made from the same file by
    the strict parser."""
    from ictgraph.paths import GRAPH_FILE

    shutil.copy(GRAPH_FILE, sources["graph_file"])
    files = _files(sources)
    StoreBuild(sources["store_dir"], files, sources["graph_file"], own_graph=True).finish()
    built = open_(sources)  # the store just built: current, not rebuilt
    strict = ox.Store()
    for path in files:
        strict.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)

    def default_graph(store: ox.Store) -> tuple[set, int]:
        """The quads without blank nodes (the ontology's lists get new labels each load),
        and how many there are with them."""
        quads = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        return ({q for q in quads if not isinstance(q.subject, ox.BlankNode)
                 and not isinstance(q.object, ox.BlankNode)}, len(quads))

    assert len(default_graph(strict)[0]) > 4000
    assert default_graph(built) == default_graph(strict)


def test_the_sparql_results_come_before_the_loader_ends(sources) -> None:
    """The loader hands over its checks' results, then builds the name index and compacts the
    store: the build reads them meanwhile. Here the loader has still all that to do when
    they come (a graph of 4,000 statements)."""
    from ictgraph.paths import SHAPES_FILE

    def write(stream) -> None:
        for n in range(1, 4001):
            stream.write(f"<https://w3id.org/ictgraph/resource/meeting/x-{n}> "
                         f"<https://w3id.org/ictgraph/ontology#ordinal> \"{n}\" .\n".encode())

    loading = StoreBuild(sources["store_dir"], _files(sources), staged_ntriples(sources, write), shapes=SHAPES_FILE)
    try:
        results = loading.sparql_results()
        assert loading._process.poll() is None, "the results came only when the loader ended"
        assert results == []
    finally:
        loading.abandon()


def test_the_sparql_results_of_a_loader_that_failed_are_its_error(sources) -> None:
    from ictgraph.paths import SHAPES_FILE

    loading = StoreBuild(sources["store_dir"], _files(sources),
                         staged_ntriples(sources, lambda stream: stream.write(b"<not n-triples")),
                         shapes=SHAPES_FILE)
    with pytest.raises(InputError, match="could not be loaded"):
        loading.sparql_results()
    loading.abandon()


def test_a_graph_stamped_before_it_is_moved_has_its_digest_in_the_manifest(sources) -> None:
    """stamp_graph takes the digest of the staged Turtle while the loader works; moved in
    place unchanged, the manifest has that digest; changed after, its own."""
    import hashlib

    for changed in (False, True):
        staged = sources["graph_file"].with_name(".graph.ttl.staged.tmp")
        staged.write_text(GRAPH.format(n=7), encoding="utf-8")
        loading = StoreBuild(sources["store_dir"], _files(sources), staged, own_graph=True)
        loading.stamp_graph(staged)
        loading.wait()
        os.replace(staged, sources["graph_file"])
        if changed:
            rewrite(sources["graph_file"], GRAPH.format(n=8) + "# changed after the stamp\n")
        loading.finish()
        manifest = json.loads((sources["store_dir"] / LIVE / MANIFEST).read_text(encoding="utf-8"))
        stamp = manifest["sources"][0]
        assert stamp["path"] == str(sources["graph_file"].resolve())
        assert stamp["sha256"] == hashlib.sha256(sources["graph_file"].read_bytes()).hexdigest()
        assert stamp["size"] == sources["graph_file"].stat().st_size


def test_the_builds_own_graph_in_pieces_is_the_same_turtle(tmp_path: Path) -> None:
    """The loader reads the build's own Turtle a piece of whole blocks at a time: each piece
    parses on its own, strictly, and together they hold the file's triples, whatever the
    piece size (a piece smaller than a block included)."""
    import io

    from ictgraph.paths import GRAPH_FILE
    from ictgraph.store import _pieces

    data = GRAPH_FILE.read_bytes()
    whole = set(ox.parse(input=data, format=ox.RdfFormat.TURTLE))
    assert len(whole) > 1000
    for size in (10, 4096, 100_000, len(data) * 2):
        pieces = list(_pieces(io.BytesIO(data), size))
        together: set = set()
        for start, piece in pieces:
            together.update(ox.parse(input=piece, format=ox.RdfFormat.TURTLE))
            header = data[:data.index(b"\n\n") + 1]
            assert piece.startswith(header)
            assert data[start:].startswith(piece[len(header):])  # where its blocks are
        assert together == whole
        if size > len(data):
            assert len(pieces) == 1
        if size == 100_000:  # about a piece per 100 kB
            assert len(data) // 100_000 - 1 <= len(pieces) <= len(data) // 100_000 + 2


@pytest.mark.parametrize("at_once", [1, 2, 3])
def test_the_builds_own_graph_loaded_in_pieces_fills_the_same_store(sources, at_once) -> None:
    """Pieces loaded side by side (at_once of them) into one store, as pieces loaded one
    after the other: the store of the whole file."""
    from ictgraph.paths import GRAPH_FILE
    from ictgraph.store import _load_in_pieces

    in_pieces, whole = ox.Store(), ox.Store()
    _load_in_pieces(in_pieces, GRAPH_FILE, size=50_000, at_once=at_once)
    whole.bulk_load(path=str(GRAPH_FILE), format=ox.RdfFormat.TURTLE)
    assert len(in_pieces) == len(whole) > 1000
    assert set(in_pieces) == set(whole)


@pytest.mark.parametrize("at_once", [1, 2])
def test_a_piece_that_does_not_parse_names_the_graph_file(tmp_path: Path, at_once: int) -> None:
    """The error names the file and where the first piece that does not parse starts, also
    when a later piece, loading beside it, fails too."""
    import re

    from ictgraph.store import _load_in_pieces

    header = b"@prefix ict: <https://w3id.org/ictgraph/ontology#> .\n\n"
    good, bad = b"<urn:a> a ict:Meeting .\n\n", b"<urn:b> a ict:Meeting ; ict:ordinal .\n\n"
    data = header + good * 1000 + bad + good * 1000 + bad + good * 10
    graph = tmp_path / "graph.ttl"
    graph.write_bytes(data)
    with pytest.raises(InputError, match=r"graph\.ttl: invalid Turtle.* \(in the part from byte [1-9]") as caught:
        _load_in_pieces(ox.Store(), graph, size=1000, at_once=at_once)
    start = int(re.search(r"from byte (\d+)", str(caught.value)).group(1))
    first_bad = data.index(bad)
    assert start <= first_bad < start + 2000  # the piece of the first bad block, not the last
