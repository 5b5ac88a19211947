"""The Turtle writer's evidence records: written from a template, merged into the sorted
subjects, they must give the very bytes the generic writer gives on their nine triples each
(`serialize_turtle(list(graph))`: a plain iterable of triples takes the generic path)."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from ictgraph import namespaces as ns
from ictgraph import ntriples as nt
from ictgraph.evidence_nodes import EvidenceNode
from ictgraph.namespaces import FOAF, ICT, RDF, RDFS, RES, SCHEMA
from ictgraph.ntriples import triples_from_rdflib
from ictgraph.serialize import serialize_turtle, write_turtle
from ictgraph.triples import TripleSet


def _iri(namespace, name: str) -> str:
    return nt.iri(str(namespace) + name)


def _count(value: int) -> str:
    return nt.typed(str(value), str(ns.XSD.nonNegativeInteger))


def _record(node: str, *, quote: str = '"نص"@ar', obj: str | None = None) -> EvidenceNode:
    return EvidenceNode(node, _iri(RES, "document/d1"), _count(3), _count(12), quote, '"rule"',
                        _iri(RES, "meeting/m"), _iri(ICT, "ofCommittee"),
                        obj or _iri(RES, "committee/c"))


def _turtle(graph: TripleSet, chunk: int = 4096) -> bytes:
    stream = io.BytesIO()
    write_turtle(graph, stream, chunk=chunk)
    return stream.getvalue()


class _Unexpandable(EvidenceNode):
    """A record whose triples cannot be asked for: the writer must print it from its fields."""

    def triples(self):
        raise AssertionError("the writer expanded an evidence record into triples")


# --------------------------------------------------------------------------- the bundled graph

@pytest.fixture(scope="module")
def bundled() -> TripleSet:
    from ictgraph.build import extract_all, graph_of
    from ictgraph.paths import DOCUMENTS_DIR
    from ictgraph.read import read_documents

    return graph_of(extract_all(read_documents(DOCUMENTS_DIR).documents))


@pytest.mark.parametrize("chunk", [1, 7, 4096])
def test_bundled_graph_is_written_as_its_triples_would_be(bundled, chunk):
    assert bundled.evidence_count > 100  # the records are what this test is about
    assert _turtle(bundled, chunk) == serialize_turtle(list(bundled))


def test_records_are_never_expanded_into_triples(bundled):
    # Byte equality alone would hold if the writer iterated the records' triples: it must not.
    graph = TripleSet(bundled.plain_triples())
    for record in bundled.evidence_nodes():
        graph.add_evidence(_Unexpandable(*record))
    expected = TripleSet(bundled.plain_triples())
    for record in bundled.evidence_nodes():
        expected.add_evidence(record)
    assert serialize_turtle(graph) == serialize_turtle(list(expected))


# --------------------------------------------------------------------------- made-up graphs

# Names that compact (res:ab) and that do not (res:a/b, res:-a, escaped characters), in
# namespaces that sort before and after each other, so plain subjects and evidence nodes
# interleave.
_NAME = st.text(alphabet=st.sampled_from("ab/_-{ "), min_size=1, max_size=4)
_IRIS = st.one_of(
    st.builds(lambda name: _iri(RES, name), _NAME),
    st.builds(lambda name: _iri(ICT, name), _NAME),
    st.builds(lambda name: _iri("http://example.org/", name), _NAME),
    st.sampled_from([_iri(FOAF, "Person"), _iri(SCHEMA, "Event")]),  # prefixes only some use
)
_TEXT = st.text(alphabet=st.sampled_from('ab س"\\\n\r\t%{}\x01'), max_size=8)
_LITERALS = st.one_of(
    st.builds(nt.literal, _TEXT),
    st.builds(nt.literal, _TEXT, st.sampled_from(["ar", "en", "ar-EG"])),
    st.builds(nt.typed, _TEXT, st.sampled_from([str(ns.XSD.string), "http://example.org/type"])),
    st.builds(_count, st.integers(0, 30)),
)
_OBJECTS = st.one_of(_IRIS, _LITERALS)
_PREDICATES = st.sampled_from([nt.iri(str(p)) for p in (
    RDF.type, RDFS.label, ICT.evidence, ICT.quote, RDF.subject, ICT.mentionedIn,
    "http://example.org/p/q")])


@st.composite
def _graphs(draw) -> TripleSet:
    subjects = draw(st.lists(_IRIS, min_size=1, max_size=10, unique=True))
    evidence = draw(st.lists(st.booleans(), min_size=len(subjects), max_size=len(subjects)))
    graph = TripleSet()
    for subject, is_evidence in zip(subjects, evidence):
        if is_evidence:
            graph.add_evidence(EvidenceNode(
                subject, draw(_IRIS), draw(_OBJECTS), draw(_OBJECTS), draw(_LITERALS),
                draw(_LITERALS), draw(_IRIS), draw(_PREDICATES), draw(_OBJECTS)))
        else:
            # Objects may be other subjects, evidence nodes among them (as ict:evidence links).
            objects = st.one_of(_OBJECTS, st.sampled_from(subjects))
            pairs = draw(st.lists(st.tuples(_PREDICATES, objects), min_size=1, max_size=4))
            for predicate, obj in pairs:
                graph.add((subject, predicate, obj))
    return graph


@settings(max_examples=300, deadline=None)
@given(graph=_graphs(), chunk=st.integers(1, 4))
def test_made_up_graphs_are_written_as_their_triples_would_be(graph, chunk):
    assert _turtle(graph, chunk) == serialize_turtle(list(graph))


def test_plain_subjects_before_between_and_after_evidence_nodes():
    graph = TripleSet()
    names = ["a", "b", "b/1", "c", "d", "e"]  # "b" before "b/1", whose term sorts the other way
    for name in names[::2]:
        graph.add((_iri(RES, name), _iri(RDFS, "label"), nt.literal(name)))
    for name in names[1::2]:
        graph.add_evidence(_record(_iri(RES, name)))
    text = serialize_turtle(graph)
    assert text == serialize_turtle(list(graph))
    subjects = [line for line in text.decode("utf-8").split("\n")
                if line and not line.startswith((" ", "@"))]
    assert subjects == ["res:a", "res:b", "<https://w3id.org/ictgraph/resource/b/1>",
                        "res:c", "res:d", "res:e"]


def test_only_records():
    graph = TripleSet()
    for name in ["evidence/2", "evidence/10", "evidence/1"]:
        graph.add_evidence(_record(_iri(RES, name), obj=_iri(FOAF, "Person")))
    text = serialize_turtle(graph)
    assert text == serialize_turtle(list(graph))
    assert b"@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n" in text  # used by records only
    assert Graph().parse(data=text.decode("utf-8"), format="turtle").isomorphic(
        nt.to_rdflib_graph(list(graph)))


def test_one_record_written_by_hand():
    # rdf:type first as "a", then by IRI value: the rdf: predicates ("http://www.w3.org/...")
    # before the ict: ones ("https://..."); node and document IRIs with a "/" stay whole.
    graph = TripleSet()
    graph.add_evidence(_record(_iri(RES, "evidence/e1"), quote=nt.literal('قال "نعم"\n%s', "ar")))
    expected = """\
@prefix ict: <https://w3id.org/ictgraph/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/ictgraph/resource/evidence/e1>
    a ict:Evidence ;
    rdf:object <https://w3id.org/ictgraph/resource/committee/c> ;
    rdf:predicate ict:ofCommittee ;
    rdf:subject <https://w3id.org/ictgraph/resource/meeting/m> ;
    ict:charEnd "12"^^xsd:nonNegativeInteger ;
    ict:charStart "3"^^xsd:nonNegativeInteger ;
    ict:inDocument <https://w3id.org/ictgraph/resource/document/d1> ;
    ict:quote "قال \\"نعم\\"\\n%s"@ar ;
    ict:rule "rule" .
"""
    assert serialize_turtle(graph).decode("utf-8") == expected
    assert serialize_turtle(list(graph)).decode("utf-8") == expected


def test_an_empty_triple_set_is_only_an_empty_line():
    assert serialize_turtle(TripleSet()) == b"\n" == serialize_turtle([])


# --------------------------------------------------------------------------- refusals

def test_a_node_that_is_also_a_plain_subject_is_refused():
    node = _iri(RES, "evidence/e1")
    graph = TripleSet()
    graph.add((node, _iri(RDFS, "comment"), nt.literal("x")))
    graph.add_evidence(_record(node))  # TripleSet refuses only the other order
    with pytest.raises(ValueError, match="evidence node and the subject of other triples"):
        serialize_turtle(graph)


@pytest.mark.parametrize("record", [
    _record("_:b"),
    _record(_iri(RES, "evidence/e1"), obj="_:b"),
])
def test_blank_nodes_in_records_are_refused(record):
    graph = TripleSet([(_iri(RES, "a"), _iri(RDFS, "label"), nt.literal("a"))])
    graph.add_evidence(record)
    with pytest.raises(ValueError, match="blank nodes"):
        serialize_turtle(graph)
    with pytest.raises(ValueError, match="blank nodes"):
        serialize_turtle(list(graph))  # as the generic path does


def test_rdflib_reads_back_the_bundled_graph(bundled):
    parsed = Graph().parse(data=serialize_turtle(bundled).decode("utf-8"), format="turtle")
    assert set(triples_from_rdflib(parsed)) == set(bundled)


# --------------------------------------------------------------------------- odd terms

# One IRI spelled twice: plain, and with an escape (the writer's fast sort key is a term's
# inside, which holds only for terms without escapes).
_PLAIN_SPELLING = "<http://example.org/ab>"
_ESCAPED_SPELLING = "<http://example.org/a\\u0062>"


def test_two_spellings_of_one_iri_are_ordered_by_their_terms_whatever_the_input_order():
    label = nt.iri(str(RDFS.label))
    before = "<http://example.org/aa>"  # before both by value, after the escaped one by term
    triples = [(before, label, nt.literal("before")),
               (_PLAIN_SPELLING, label, nt.literal("plain")),
               (_ESCAPED_SPELLING, label, nt.literal("escaped")),
               (_iri(RES, "x"), _iri(ICT, "link"), _PLAIN_SPELLING),
               (_iri(RES, "x"), _iri(ICT, "link"), _ESCAPED_SPELLING)]
    text = serialize_turtle(triples)
    assert serialize_turtle(triples[::-1]) == text
    # By value first; then "\\" (0x5C) sorts before "b" (0x62): the escaped spelling first,
    # as subject and object.
    body = text.decode("utf-8")
    assert (body.index(before + "\n") < body.index(_ESCAPED_SPELLING + "\n")
            < body.index(_PLAIN_SPELLING + "\n"))
    assert f"ict:link {_ESCAPED_SPELLING} ,\n        {_PLAIN_SPELLING} ." in body


def test_a_record_and_a_plain_subject_spelling_one_iri_are_written_as_the_generic_path_does():
    graph = TripleSet([(_PLAIN_SPELLING, nt.iri(str(RDFS.label)), nt.literal("plain"))])
    graph.add_evidence(_record(_ESCAPED_SPELLING))
    assert serialize_turtle(graph) == serialize_turtle(list(graph))


def test_an_iri_term_without_its_closing_bracket_is_refused():
    graph = TripleSet([(_iri(RES, "a"), _iri(ICT, "link"), "<http://example.org/b")])
    with pytest.raises(ValueError, match="not an IRI term"):
        serialize_turtle(graph)
