"""Splicing an additive delta into a file the sorted Turtle writer wrote must give the very bytes
the writer gives for the whole graph: splice(write(G), D) == write(G + D), the digest of them, or
a refusal before any byte is written."""

from __future__ import annotations

import hashlib
import io
import math
import random
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictgraph import namespaces as ns
from ictgraph import ntriples as nt
from ictgraph import turtle_splice
from ictgraph.evidence_nodes import EVIDENCE_CLASS, PREDICATES, TYPE, EvidenceNode
from ictgraph.graph_delta import GraphDelta
from ictgraph.namespaces import FOAF, ICT, RDF, RDFS, RES, SCHEMA
from ictgraph.paths import GRAPH_FILE
from ictgraph.serialize import iri_order, serialize_turtle
from ictgraph.triples import TripleSet
from ictgraph.turtle_splice import SpliceRefused, splice_turtle

BUNDLED_GRAPH = GRAPH_FILE


def _iri(namespace, name: str) -> str:
    return nt.iri(str(namespace) + name)


def _splice(old: bytes, delta: GraphDelta, directory: Path) -> tuple[bytes, str]:
    path = directory / "old.ttl"
    path.write_bytes(old)
    stream = io.BytesIO()
    digest = splice_turtle(path, delta, stream)
    return stream.getvalue(), digest


def _split(graph: TripleSet, plain: set, records: set) -> tuple[TripleSet, GraphDelta]:
    """The graph without the chosen triples and records, and the delta that adds them back."""
    rest = TripleSet(t for t in graph.plain_triples() if t not in plain)
    for record in graph.evidence_nodes():
        if record not in records:
            rest.add_evidence(record)
    return rest, GraphDelta(added=set(plain), evidence={r.node: r for r in records})


def _assert_splices(graph: TripleSet, plain: set, records: set, directory: Path) -> None:
    old, delta = _split(graph, plain, records)
    expected = serialize_turtle(graph)
    written, digest = _splice(serialize_turtle(old), delta, directory)
    assert written == expected
    assert digest == hashlib.sha256(expected).hexdigest()


# --------------------------------------------------------------------------- made-up graphs

# Names that compact (res:ab) and that do not (res:a/b, res:-a, Arabic, escaped characters),
# in namespaces that sort before and after each other, so plain subjects and evidence nodes
# interleave; foaf: and schema: are used by few graphs, so a delta may need a new prefix.
_NAME = st.text(alphabet=st.sampled_from("ab/_-{ س"), min_size=1, max_size=4)
_IRIS = st.one_of(
    st.builds(lambda name: _iri(RES, name), _NAME),
    st.builds(lambda name: _iri(RES, "evidence/" + name), _NAME),
    st.builds(lambda name: _iri(ICT, name), _NAME),
    st.builds(lambda name: _iri(RDFS, name), _NAME),
    st.builds(lambda name: _iri("http://example.org/", name), _NAME),
    st.sampled_from([_iri(FOAF, "Person"), _iri(SCHEMA, "Event"),
                     # one IRI spelled twice: the order of blocks is by value, then by term
                     "<http://example.org/ab>", "<http://example.org/a\\u0062>"]),
)
_TEXT = st.text(alphabet=st.sampled_from('ab س"\\\n\r\t%{}\x01.,;'), max_size=8)
_LITERALS = st.one_of(
    st.builds(nt.literal, _TEXT),
    st.builds(nt.literal, _TEXT, st.sampled_from(["ar", "en", "ar-EG"])),
    st.builds(nt.typed, _TEXT, st.sampled_from([str(ns.XSD.string), "http://example.org/type",
                                                str(SCHEMA.Text)])),
    st.builds(lambda n: nt.typed(str(n), str(ns.XSD.nonNegativeInteger)), st.integers(0, 30)),
)
_OBJECTS = st.one_of(_IRIS, _LITERALS)
_PREDICATES = st.sampled_from([nt.iri(str(p)) for p in (
    RDF.type, RDFS.label, ICT.evidence, ICT.quote, RDF.subject, ICT.mentionedIn, FOAF.name,
    "http://example.org/p/q")])


@st.composite
def _graphs_and_deltas(draw) -> tuple[TripleSet, set, set]:
    """A graph, and the triples and records of it a delta brings (chosen at random)."""
    subjects = draw(st.lists(_IRIS, min_size=1, max_size=12, unique=True))
    graph = TripleSet()
    for subject in subjects:
        if draw(st.booleans()):
            graph.add_evidence(EvidenceNode(
                subject, draw(_IRIS), draw(_OBJECTS), draw(_OBJECTS), draw(_LITERALS),
                draw(_LITERALS), draw(_IRIS), draw(_PREDICATES), draw(_OBJECTS)))
        else:
            # Objects may be other subjects, evidence nodes among them (as ict:evidence links).
            objects = st.one_of(_OBJECTS, st.sampled_from(subjects))
            for predicate, obj in draw(st.lists(st.tuples(_PREDICATES, objects), min_size=1,
                                                max_size=5)):
                graph.add((subject, predicate, obj))
    plain = sorted(graph.plain_triples())
    records = sorted(graph.evidence_nodes())
    chosen_plain = {t for t, take in zip(plain, draw(st.lists(
        st.booleans(), min_size=len(plain), max_size=len(plain)))) if take}
    chosen_records = {r for r, take in zip(records, draw(st.lists(
        st.booleans(), min_size=len(records), max_size=len(records)))) if take}
    return graph, chosen_plain, chosen_records


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=_graphs_and_deltas())
def test_made_up_graphs_splice_to_the_writers_bytes(case, tmp_path):
    graph, plain, records = case
    _assert_splices(graph, plain, records, tmp_path)


def _label(subject: str, text: str) -> tuple[str, str, str]:
    return subject, nt.iri(str(RDFS.label)), nt.literal(text, "ar")


def _record(node: str, obj: str = _iri(RES, "committee/c")) -> EvidenceNode:
    count = nt.typed("3", str(ns.XSD.nonNegativeInteger))
    return EvidenceNode(node, _iri(RES, "document/d1"), count, count, nt.literal("نص", "ar"),
                        nt.literal("rule"), _iri(RES, "meeting/m"), _iri(ICT, "ofCommittee"), obj)


# A graph of plain subjects res:b, res:d and evidence nodes res:evidence/c, res:evidence/e
# ("res:b" < ".../evidence/c" < "res:d" < ".../evidence/e" by IRI value).
_B, _D = _iri(RES, "b"), _iri(RES, "d")
_C, _E = _iri(RES, "evidence/c"), _iri(RES, "evidence/e")


def _small_graph() -> TripleSet:
    graph = TripleSet([_label(_B, "ب"), _label(_D, "د"), (_B, _iri(ICT, "evidence"), _C)])
    graph.add_evidence(_record(_C))
    graph.add_evidence(_record(_E))
    return graph


@pytest.mark.parametrize("added, records", [
    ([_label(_iri(RES, "a"), "أ")], []),  # a new block before the first
    ([_label(_iri(RES, "z"), "ي")], []),  # ... after the last (an evidence block)
    ([_label(_iri(RES, "c"), "ج")], []),  # ... between two blocks
    ([_label(_B, "بب"), (_B, _iri(ICT, "evidence"), _E)], []),  # to the first block
    ([], [_record(_iri(RES, "evidence/f"))]),  # a new evidence block after the last
    ([], [_record(_iri(RES, "evidence/a"))]),  # ... between a plain and an evidence block
    ([_label(_iri(RES, "a"), "أ"), _label(_D, "دد"), _label(_iri(RES, "z"), "ي")],
     [_record(_iri(RES, "evidence/a")), _record(_iri(RES, "evidence/z"))]),
    ([], []),
])
def test_blocks_added_and_changed_anywhere(added, records, tmp_path):
    graph = _small_graph()
    old = serialize_turtle(graph)
    for triple in added:
        graph.add(triple)
    for record in records:
        graph.add_evidence(record)
    written, _ = _splice(old, GraphDelta(set(added), {r.node: r for r in records}), tmp_path)
    assert written == serialize_turtle(graph)


def test_added_to_the_last_block(tmp_path):
    graph = TripleSet([_label(_B, "ب"), _label(_D, "د")])
    old = serialize_turtle(graph)
    assert old.endswith('rdfs:label "د"@ar .\n'.encode())  # res:d is the last block
    written, _ = _splice(old, GraphDelta({_label(_D, "دال")}), tmp_path)
    assert written.endswith('rdfs:label "د"@ar ,\n        "دال"@ar .\n'.encode())
    assert written == serialize_turtle(TripleSet([*graph, _label(_D, "دال")]))


@pytest.mark.parametrize("probe", [1, 2, 3, 5, 8, 13])
def test_reads_of_a_few_bytes_find_every_block(probe, tmp_path, monkeypatch):
    # A search reads a few KB and more while it finds no "\n\n"; the one it looks for may
    # straddle two reads: tiny reads put one on every boundary somewhere.
    monkeypatch.setattr(turtle_splice, "_PROBE", probe)
    graph = _small_graph()
    old = serialize_turtle(graph)
    added = {_label(subject, "+") for subject in (_B, _D, *map(_iri, [RES] * 4, "acez"))}
    records = [_record(_iri(RES, f"evidence/{name}")) for name in "adf"]
    for triple in added:
        graph.add(triple)
    for record in records:
        graph.add_evidence(record)
    written, _ = _splice(old, GraphDelta(added, {r.node: r for r in records}), tmp_path)
    assert written == serialize_turtle(graph)


@pytest.mark.parametrize("probe", [1, 2, 3, 4, 7])
@pytest.mark.parametrize("which", ["small", "bundled"])
def test_block_boundaries_are_found_from_any_byte(probe, which, bundled, tmp_path, monkeypatch):
    # The searches' one primitive: the "\n\n" before a block may lie across two reads.
    monkeypatch.setattr(turtle_splice, "_PROBE", probe)
    text = serialize_turtle(_small_graph()) if which == "small" else bundled[1]
    (tmp_path / "old.ttl").write_bytes(text)
    body = text.index(b"\n\n") + 2
    starts = [body] + [at + 2 for at in range(body, len(text)) if text.startswith(b"\n\n", at)]
    ends = [*starts[1:], len(text)]
    assert len(starts) > 3
    # Every byte of the small file; around every block of the bundled one.
    positions = (range(body, len(text) + 1) if which == "small" else
                 {at + step for at in starts for step in range(-3, 4) if body <= at + step})
    with turtle_splice._OldTurtle(tmp_path / "old.ttl") as source:
        for position in positions:
            assert source.block_start(position) == min(
                [start for start in starts if start >= position], default=len(text))
        for before, start in zip([None, *starts], [*starts, len(text)]):
            assert source.block_before(start) == before
        assert [source.block_start(start + 1) for start in starts] == ends


def test_a_prefix_the_old_file_lacks_is_declared(tmp_path):
    graph = TripleSet([_label(_B, "ب")])
    old = serialize_turtle(graph)
    assert b"foaf:" not in old
    person = (_B, nt.iri(str(RDF.type)), _iri(FOAF, "Person"))
    written, _ = _splice(old, GraphDelta({person}), tmp_path)
    assert b"@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n" in written
    assert written == serialize_turtle(TripleSet([*graph, person]))


def test_an_empty_graph_grows(tmp_path):
    graph = _small_graph()
    old = serialize_turtle(TripleSet())
    assert old == b"\n"
    delta = GraphDelta(set(graph.plain_triples()), {r.node: r for r in graph.evidence_nodes()})
    assert _splice(old, delta, tmp_path)[0] == serialize_turtle(graph)


# --------------------------------------------------------------------------- the bundled graph

def _term(term: ox.NamedNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return nt.iri(term.value)
    if term.language:
        return nt.literal(term.value, term.language)
    if term.datatype.value == str(ns.XSD.string):
        return nt.literal(term.value)
    return nt.typed(term.value, term.datatype.value)


def _read_graph(path: Path) -> TripleSet:
    """A writer's Turtle as a TripleSet, each node of the evidence shape as a record."""
    by_subject: defaultdict[str, list] = defaultdict(list)
    with path.open("rb") as handle:
        for quad in ox.parse(handle, format=ox.RdfFormat.TURTLE):
            triple = (_term(quad.subject), _term(quad.predicate), _term(quad.object))
            by_subject[triple[0]].append(triple)
    graph = TripleSet()
    for subject, triples in by_subject.items():
        values = {predicate: obj for _, predicate, obj in triples}
        if len(triples) == len(values) == 1 + len(PREDICATES) and values[TYPE] == EVIDENCE_CLASS:
            graph.add_evidence(EvidenceNode(subject, *(values[p] for p in PREDICATES)))
        else:
            for triple in triples:
                graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def bundled() -> tuple[TripleSet, bytes]:
    graph = _read_graph(BUNDLED_GRAPH)
    written = BUNDLED_GRAPH.read_bytes()
    assert serialize_turtle(graph) == written  # read back exactly: the tests below rely on it
    assert graph.evidence_count > 100 and len(graph.plain_triples()) > 1000
    return graph, written


@pytest.mark.parametrize("seed", range(12))
def test_the_bundled_graph_less_random_triples_and_records_splices_back(bundled, seed, tmp_path):
    graph, written = bundled
    rng = random.Random(seed)
    plain = sorted(graph.plain_triples())
    records = sorted(graph.evidence_nodes())
    removed = set(rng.sample(plain, rng.choice([1, 20, 300])))
    removed_records = set(rng.sample(records, rng.choice([0, 1, 300])))
    old, delta = _split(graph, removed, removed_records)
    spliced, digest = _splice(serialize_turtle(old), delta, tmp_path)
    assert spliced == written
    assert digest == hashlib.sha256(written).hexdigest()


def _blocks(text: bytes) -> list[bytes]:
    return text.rstrip(b"\n").split(b"\n\n")[1:]


def test_the_bundled_graph_without_its_first_and_last_subjects(bundled, tmp_path):
    graph, written = bundled
    subjects = sorted({t[0] for t in graph.plain_triples()}
                      | {r.node for r in graph.evidence_nodes()}, key=iri_order)
    ends = {subjects[0], subjects[-1]}
    plain = {t for t in graph.plain_triples() if t[0] in ends}
    records = {r for r in graph.evidence_nodes() if r.node in ends}
    old = serialize_turtle(_split(graph, plain, records)[0])
    assert _blocks(old)[0] == _blocks(written)[1] and _blocks(old)[-1] == _blocks(written)[-2]
    _assert_splices(graph, plain, records, tmp_path)


def test_the_bundled_graph_from_nothing_and_from_everything(bundled, tmp_path):
    graph, written = bundled
    everything = set(graph.plain_triples()), set(graph.evidence_nodes())
    _assert_splices(graph, *everything, tmp_path)
    _assert_splices(graph, set(), set(), tmp_path)  # the same bytes again


@pytest.mark.parametrize("chunk, probe", [(333, 16), (1000, 40), (100_000, 4096), (8 << 20, 4096)])
def test_files_and_memory_streams_get_the_same_bytes_whatever_the_read_sizes(
        bundled, chunk, probe, tmp_path, monkeypatch):
    # Small copy chunks go through the two buffers many times, hashed by the thread while the
    # other buffer is read into; small probes make a search read a block in several steps.
    monkeypatch.setattr(turtle_splice, "COPY_CHUNK", chunk)
    monkeypatch.setattr(turtle_splice, "_PROBE", probe)
    graph, written = bundled
    rng = random.Random(chunk)
    old, delta = _split(graph, set(rng.sample(sorted(graph.plain_triples()), 50)),
                        set(rng.sample(sorted(graph.evidence_nodes()), 50)))
    path = tmp_path / "old.ttl"
    path.write_bytes(serialize_turtle(old))
    memory = io.BytesIO()
    assert splice_turtle(path, delta, memory) == hashlib.sha256(written).hexdigest()
    assert memory.getvalue() == written
    with (tmp_path / "new.ttl").open("wb") as handle:
        assert splice_turtle(path, delta, handle) == hashlib.sha256(written).hexdigest()
    assert (tmp_path / "new.ttl").read_bytes() == written


def test_a_lookup_reads_a_logarithmic_number_of_pieces(tmp_path, monkeypatch):
    reads = []
    original = turtle_splice._OldTurtle.read

    def counted(self, offset: int, length: int) -> bytes:
        reads.append(length)
        return original(self, offset, length)

    monkeypatch.setattr(turtle_splice._OldTurtle, "read", counted)
    blocks = 20_000
    graph = TripleSet(_label(_iri(RES, f"r{index:05}"), "x") for index in range(0, 2 * blocks, 2))
    old = serialize_turtle(graph)
    delta = GraphDelta({_label(_iri(RES, "r12345"), "y"), _label(_iri(RES, "r20000"), "y")})
    written, _ = _splice(old, delta, tmp_path)
    assert written == serialize_turtle(TripleSet([*graph, *delta.added]))
    # Two lookups (a new block, a changed one): the header, two reads a step, a few more
    # at the end; far from the 20,000 blocks (the copy is not read through `read`).
    assert len(reads) < 2 * (3 * math.log2(blocks) + 8)
    assert sum(reads) < len(old) / 2


# --------------------------------------------------------------------------- refusals

def _refused(old: bytes, delta: GraphDelta, directory: Path, match: str) -> None:
    path = directory / "old.ttl"
    path.write_bytes(old)
    stream = io.BytesIO()
    with pytest.raises(SpliceRefused, match=match):
        splice_turtle(path, delta, stream)
    assert stream.getvalue() == b""  # refused before writing anything


def test_a_file_another_writer_wrote_is_refused(bundled, tmp_path):
    graph, written = bundled
    delta = GraphDelta({_label(_iri(RES, "new"), "جديد")})
    rdflib_text = graph.to_graph().serialize(format="turtle").encode("utf-8")
    _refused(rdflib_text, delta, tmp_path, "no header")
    _refused(graph.ntriples(), delta, tmp_path, "no header")
    _refused(b"", delta, tmp_path, "no header")
    _refused(written.replace(b"@prefix ict:", b"@prefix ict2:"), delta, tmp_path, "no header")
    _refused(written + b"\n", delta, tmp_path, "does not end")


def test_a_changed_block_the_writer_would_lay_out_otherwise_is_refused(tmp_path):
    graph = TripleSet([_label(_B, "ب"), _label(_B, "بب"), _label(_D, "د")])
    old = serialize_turtle(graph)
    in_order, reversed_ = '"ب"@ar ,\n        "بب"@ar', '"بب"@ar ,\n        "ب"@ar'
    swapped = old.replace(in_order.encode(), reversed_.encode())
    assert swapped != old
    delta = GraphDelta({_label(_B, "ببب")})
    _refused(swapped, delta, tmp_path, "would write otherwise")
    _refused(old.replace(b"    rdfs:label", b"  rdfs:label", 1), delta, tmp_path, "block")
    # The same file spliced elsewhere copies the odd block as it is: only what changes is read.
    assert _splice(swapped, GraphDelta({_label(_D, "دد")}), tmp_path)[0].startswith(
        swapped[:swapped.index(b"res:d")])


def test_blocks_out_of_order_where_the_search_looks_are_refused(tmp_path):
    subjects = [_iri(RES, f"r{index}") for index in range(1, 8)]
    old = serialize_turtle(TripleSet((subject, nt.iri(str(RDFS.label)), nt.literal("x"))
                                     for subject in subjects))
    header, *blocks = old[:-1].split(b"\n\n")
    reordered = header + b"\n\n" + b"\n\n".join(blocks[::-1]) + b"\n"
    assert len(reordered) == len(old) and reordered.endswith(b'res:r1\n    rdfs:label "x" .\n')
    _refused(reordered, GraphDelta({_label(subjects[3], "y")}), tmp_path, "out of order")


def test_adding_to_an_evidence_node_is_left_to_the_writer(tmp_path):
    old = serialize_turtle(_small_graph())
    _refused(old, GraphDelta({_label(_C, "x")}), tmp_path, "evidence node")
    _refused(old, GraphDelta(evidence={_D: _record(_D)}), tmp_path, "evidence node")
    _refused(old, GraphDelta(evidence={_C: _record(_C)}), tmp_path, "evidence node")


def test_what_the_writer_refuses_is_refused(tmp_path):
    old = serialize_turtle(_small_graph())
    (tmp_path / "old.ttl").write_bytes(old)
    node = _iri(RES, "evidence/n")
    for delta, match in [
        (GraphDelta({_label(node, "x")}, {node: _record(node)}), "evidence node and the subject"),
        (GraphDelta({("_:b", nt.iri(str(RDFS.label)), nt.literal("x"))}), "not an IRI"),
        (GraphDelta({(_B, nt.iri(str(RDFS.seeAlso)), "_:b")}), "blank nodes"),
    ]:
        stream = io.BytesIO()
        with pytest.raises(ValueError, match=match):
            splice_turtle(tmp_path / "old.ttl", delta, stream)
        assert stream.getvalue() == b""


def test_a_raw_line_break_in_a_delta_term_is_refused(tmp_path):
    # No term ntriples.py makes holds one; a hand-made one would make "\n\n" inside a block.
    old = serialize_turtle(_small_graph())
    _refused(old, GraphDelta({(_B, nt.iri(str(RDFS.label)), '"a\n\nb"')}), tmp_path,
             "raw line break")
