"""TripleSet: evidence nodes kept as records are triples like the others to every reader."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ictgraph import ntriples as nt
from ictgraph.evidence_nodes import EVIDENCE_CLASS, TYPE, EvidenceNode
from ictgraph.namespaces import ICT, RDF, RDFS
from ictgraph.triples import TripleSet

_NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
_RES = "https://w3id.org/ictgraph/resource/"


def _record(n: int, quote: str = 'قال "الوزير"\nثم') -> EvidenceNode:
    return EvidenceNode(
        node=nt.iri(f"{_RES}evidence/{n:016x}"), document=nt.iri(f"{_RES}document/d"),
        start=nt.typed(str(n), _NON_NEGATIVE), end=nt.typed(str(n + 5), _NON_NEGATIVE),
        quote=nt.literal(quote, "ar"), rule=nt.literal("meeting-ordinal"),
        subject=nt.iri(f"{_RES}meeting/m"), predicate=nt.iri(str(ICT.ordinal)),
        obj=nt.typed(str(n + 1), "http://www.w3.org/2001/XMLSchema#positiveInteger"))


def _graph() -> TripleSet:
    graph = TripleSet(indexed=(TYPE,))
    graph.add((nt.iri(f"{_RES}meeting/m"), TYPE, nt.iri(str(ICT.Meeting))))
    graph.add((nt.iri(f"{_RES}meeting/m"), nt.iri(str(RDFS.label)), nt.literal("الاجتماع", "ar")))
    graph.add_evidence(_record(1))
    graph.add_evidence(_record(2))
    return graph


def test_a_record_reads_as_its_nine_triples():
    graph = _graph()
    record = _record(1)
    expected = {
        (record.node, TYPE, EVIDENCE_CLASS),
        (record.node, nt.iri(str(ICT.inDocument)), record.document),
        (record.node, nt.iri(str(ICT.charStart)), '"1"^^<%s>' % _NON_NEGATIVE),
        (record.node, nt.iri(str(ICT.charEnd)), '"6"^^<%s>' % _NON_NEGATIVE),
        (record.node, nt.iri(str(ICT.quote)), record.quote),
        (record.node, nt.iri(str(ICT.rule)), '"meeting-ordinal"'),
        (record.node, nt.iri(str(RDF.subject)), record.subject),
        (record.node, nt.iri(str(RDF.predicate)), record.predicate),
        (record.node, nt.iri(str(RDF.object)), record.obj),
    }
    assert set(record.triples()) == expected
    assert expected <= set(graph)
    assert len(graph) == len(set(graph)) == 2 + 2 * 9
    for triple in expected:
        assert triple in graph
    assert (record.node, nt.iri(str(ICT.charStart)), '"2"^^<%s>' % _NON_NEGATIVE) not in graph
    assert (record.node, TYPE, None) in graph
    assert (nt.iri(f"{_RES}evidence/none"), TYPE, None) not in graph


def test_both_writers_and_rdflib_see_the_records():
    graph = _graph()
    # N-Triples read back by Oxigraph: the same triples.
    parsed = {(q.subject, q.predicate, q.object)
              for q in ox.parse(graph.ntriples(), format=ox.RdfFormat.N_TRIPLES)}
    assert len(parsed) == len(graph)
    assert ox.NamedNode(nt.iri_value(_record(2).node)) in {s for s, _, _ in parsed}
    rdflib_graph = graph.to_graph()
    assert len(rdflib_graph) == len(graph)
    quotes = {str(o) for o in rdflib_graph.objects(predicate=ICT.quote)}
    assert quotes == {'قال "الوزير"\nثم'}


def test_the_same_record_twice_is_one_node_and_a_different_one_is_refused():
    graph = _graph()
    graph.add_evidence(_record(1))
    assert len(graph) == 20
    with pytest.raises(ValueError, match="share the IRI"):
        graph.add_evidence(_record(1, quote="غير ذلك"))


def test_a_triple_about_an_evidence_node_must_come_in_its_record():
    graph = _graph()
    with pytest.raises(ValueError, match="evidence node"):
        graph.add((_record(1).node, nt.iri(str(RDFS.label)), nt.literal("x")))
    assert len(graph) == 20
