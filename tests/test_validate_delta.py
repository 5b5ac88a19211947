"""validate_delta (validate_delta.py) gives the whole graph's report from the nodes a delta affects.

Each test grows a graph that conforms (the bundled documents' graph, or that graph with some
statements taken out) by a delta, puts the grown graph into the store the build would have
(store.open_store in memory: the graph, the ontology, the reference data), and compares
validate_delta's report with validate_triples' on the grown graph: the same results, in the
same order, explained by the same documents. The deltas bring each kind of violation: on a
node the delta names, on one it does not (an inverse path, a nested shape), in a document's
evidence, and in a SPARQL constraint.
"""

from __future__ import annotations

import random
from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph import ntriples as nt
from ictgraph.build import extract_all, graph_of
from ictgraph.evidence_nodes import EvidenceNode
from ictgraph.graph_delta import GraphDelta
from ictgraph.namespaces import ICT, RDF, RDFS, RES
from ictgraph.paths import DOCUMENTS_DIR, SHAPES_FILE
from ictgraph.read import read_documents
from ictgraph.shacl.convert import from_ntriples, parse_file
from ictgraph.shacl.shapes import compile_shapes
from ictgraph.shacl.sparql_process import sparql_results_on
from ictgraph.store import open_store
from ictgraph.store_view import StoreView
from ictgraph.triples import TripleSet
from ictgraph.validate import ValidationReport, load_graph, validate, validate_triples
from ictgraph.validate_delta import NotLocal, affected_focus_nodes, validate_delta

_EVIDENCE = nt.iri(str(ICT.evidence))
_MENTIONED_IN = nt.iri(str(ICT.mentionedIn))
_TYPE = nt.iri(str(RDF.type))
_PROVENANCE = {_EVIDENCE, _MENTIONED_IN}
_XSD = "http://www.w3.org/2001/XMLSchema#"  # rdflib's XSD namespace warns when pytest inspects it


@pytest.fixture(scope="module")
def bundled() -> TripleSet:
    graph = graph_of(extract_all(read_documents(DOCUMENTS_DIR).documents))
    assert validate_triples(graph).conforms
    return graph


@pytest.fixture(scope="module")
def packaged():
    return compile_shapes(parse_file(SHAPES_FILE))


# --------------------------------------------------------------------------- helpers

def _grown(graph: TripleSet, delta: GraphDelta, without: GraphDelta | None = None) -> TripleSet:
    """The graph with the delta's triples (and without those of `without`)."""
    drop = without.added if without else set()
    grown = TripleSet(t for t in graph.plain_triples() if t not in drop)
    for triple in delta.added:
        grown.add(triple)
    for record in graph.evidence_nodes():
        if without is None or record.node not in without.evidence:
            grown.add_evidence(record)
    for record in delta.evidence.values():
        grown.add_evidence(record)
    return grown


def _store(graph: TripleSet, directory: Path) -> ox.Store:
    path = directory / "graph.nt"
    path.write_bytes(graph.ntriples())
    return open_store(path, store_dir=None)


def _described(report: ValidationReport) -> list[tuple]:
    return [(r.focus, r.focus_label, r.path, r.value, r.severity, r.shape, r.component,
             sorted(r.messages.items()), sorted(report.documents_of(r))) for r in report.results]


def _compared(grown: TripleSet, delta: GraphDelta, directory: Path, shapes) -> ValidationReport:
    """validate_delta's report on the grown graph, checked equal to the whole graph's."""
    store = _store(grown, directory)
    report = validate_delta(store, delta, sparql=sparql_results_on(shapes, store))
    assert _described(report) == _described(validate_triples(grown))
    return report


def _shapes_of(report: ValidationReport) -> set[tuple[str, str]]:
    return {(str(r.shape).rsplit("#", 1)[-1], str(r.component).rsplit("#", 1)[-1])
            for r in report.results}


def _subjects_of(graph: TripleSet, cls: str) -> list[str]:
    return sorted(s for s, p, o in graph.plain_triples() if p == _TYPE and o == nt.iri(str(ICT[cls])))


def _objects(graph: TripleSet, subject: str, predicate) -> list[str]:
    predicate = nt.iri(str(predicate))
    return sorted(o for s, p, o in graph.plain_triples() if s == subject and p == predicate)


def _supported(graph: TripleSet, triples: list[tuple[str, str, str]], name: str) -> GraphDelta:
    """A delta of statements, each with an evidence record in the first document that
    mentions its subject, and the subject's link to it (as the build writes them)."""
    delta = GraphDelta()
    for number, (s, p, o) in enumerate(triples):
        document = _objects(graph, s, ICT.mentionedIn)[0]
        record = EvidenceNode(nt.iri(str(RES[f"evidence/{name}-{number}"])), document,
                              nt.typed("0", _XSD + "nonNegativeInteger"),
                              nt.typed("4", _XSD + "nonNegativeInteger"),
                              nt.literal("نص", "ar"), nt.literal("test"), s, p, o)
        delta.added.update({(s, p, o), (s, _EVIDENCE, record.node)})
        delta.add_evidence(record)
    return delta


def _without_statements(graph: TripleSet, rng: random.Random, share: float) -> GraphDelta:
    """A share of the graph's statements (each its triple, its evidence records and its
    subject's links to them), as a delta that adds them."""
    records = sorted(graph.evidence_nodes())
    statements = sorted({(r.subject, r.predicate, r.obj) for r in records})
    chosen = set(rng.sample(statements, int(len(statements) * share)))
    delta = GraphDelta()
    for record in records:
        statement = (record.subject, record.predicate, record.obj)
        if statement in chosen:
            delta.add_evidence(record)
            delta.added.add((record.subject, _EVIDENCE, record.node))
            if statement in graph.plain_triples():
                delta.added.add(statement)
    return delta


# --------------------------------------------------------------------------- the store

def test_the_bundled_graph_reads_back_from_its_store_as_written(bundled, tmp_path):
    # Oxigraph keeps "4"^^xsd:positiveInteger as "4"^^xsd:integer; the ranges restore it.
    store = _store(bundled, tmp_path)
    view = StoreView(store)
    triples = list(from_ntriples(bundled))
    assert view.unfaithful(triples) == []
    ordinals = [t for t in triples if t[1].value == str(ICT.ordinal)]
    assert ordinals and all(t[2].datatype.value == _XSD + "positiveInteger" for t in ordinals)
    assert {q.object.datatype.value for q in store.quads_for_pattern(
        None, ox.NamedNode(str(ICT.ordinal)), None)} == {_XSD + "integer"}
    by_subject: dict = {}
    for s, p, o in triples:
        by_subject.setdefault(s, set()).add((p, o))
    for subject, described in by_subject.items():  # the reference data adds to its resources
        read = {(p, o) for p, objects in view.description(subject).items() for o in objects}
        assert described <= read
        assert described == read or any(p.value == str(RDFS.isDefinedBy) for p, _ in described)


def test_a_literal_the_store_would_change_is_refused(bundled, tmp_path):
    meeting = _subjects_of(bundled, "Meeting")[0]
    store = _store(bundled, tmp_path)
    for predicate, value in ((ICT.ordinal, nt.typed("07", _XSD + "positiveInteger")),
                             (ICT.isVirtual, nt.typed("1", _XSD + "boolean"))):
        delta = _supported(bundled, [(meeting, nt.iri(str(predicate)), value)], "odd")
        with pytest.raises(NotLocal, match="read back"):
            validate_delta(store, delta, sparql=[])


def test_a_delta_that_changes_the_class_hierarchy_is_refused(bundled, tmp_path):
    delta = GraphDelta({(nt.iri(str(ICT.Delegation)), nt.iri(str(RDFS.subClassOf)),
                         nt.iri(str(ICT.Meeting)))})
    with pytest.raises(NotLocal, match="subClassOf"):
        validate_delta(_store(bundled, tmp_path), delta, sparql=[])


# --------------------------------------------------------------------------- soundness

@pytest.mark.parametrize("seed", range(4))
def test_statements_taken_out_and_added_back(bundled, packaged, tmp_path, seed):
    delta = _without_statements(bundled, random.Random(seed), 0.3)
    assert delta.added and delta.evidence
    report = _compared(_grown(bundled, GraphDelta(), without=None), delta, tmp_path, packaged)
    assert report.conforms and report.results == []
    store = _store(bundled, tmp_path)
    focus = affected_focus_nodes(store, delta)
    subjects = {s for s, p, _ in delta.added if p not in _PROVENANCE}
    # Every subject of a statement is checked again; not every resource of the graph.
    assert {nt.iri_value(s) for s in subjects} <= {n.value for n in focus}
    resources = {s for s, p, _ in bundled.plain_triples() if p == _MENTIONED_IN}
    assert len(focus) < len(resources)


def _random_delta(graph: TripleSet, rng: random.Random, size: int) -> GraphDelta:
    """Triples the graph lacks between its own nodes and values (a predicate's object taken
    from that predicate's, or any node; a fifth of them types), some with evidence records
    at random spans."""
    plain = sorted(graph.plain_triples())
    subjects = sorted({s for s, _, _ in plain})
    by_predicate: dict[str, list[str]] = {}
    for _, p, o in plain:
        by_predicate.setdefault(p, []).append(o)
    predicates = sorted(by_predicate)
    records = sorted(graph.evidence_nodes())
    delta = GraphDelta()
    while len(delta.added) < size:
        p = _TYPE if rng.random() < 0.2 else rng.choice(predicates)  # new focus nodes too
        o = rng.choice(by_predicate[p] if rng.random() < 0.7 else subjects)
        triple = (rng.choice(subjects), p, o)
        if triple in graph.plain_triples():
            continue
        delta.added.add(triple)
        if rng.random() < 0.5:
            like = rng.choice(records)
            end = rng.randrange(0, 6000)
            record = like._replace(node=nt.iri(str(RES[f"evidence/random-{len(delta.added)}"])),
                                   start=nt.typed(str(rng.randrange(0, 6000)), _XSD + "nonNegativeInteger"),
                                   end=nt.typed(str(end), _XSD + "nonNegativeInteger"),
                                   subject=triple[0], predicate=p, obj=o)
            delta.added.add((triple[0], _EVIDENCE, record.node))
            delta.add_evidence(record)
    return delta


@pytest.mark.parametrize("seed", range(12))
def test_random_triples_added(bundled, packaged, tmp_path, seed):
    delta = _random_delta(bundled, random.Random(seed), 12)
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert not report.conforms  # the faults are found, as the whole graph's check finds them


def test_a_second_ordinal_of_a_meeting(bundled, packaged, tmp_path):
    # sh:maxCount on a node of the delta; its old ordinal is read back from the store.
    meeting = next(m for m in _subjects_of(bundled, "Meeting") if _objects(bundled, m, ICT.ordinal))
    delta = _supported(bundled, [(meeting, nt.iri(str(ICT.ordinal)),
                                  nt.typed("99", _XSD + "positiveInteger"))], "ordinal")
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert ("MeetingOrdinalShape", "MaxCountConstraintComponent") in _shapes_of(report)
    assert {r.focus for r in report.violations} == {nt.to_rdflib(meeting)}


def test_a_value_of_the_wrong_class(bundled, packaged, tmp_path):
    meeting = _subjects_of(bundled, "Meeting")[0]
    person = _subjects_of(bundled, "Person")[0]
    delta = _supported(bundled, [(meeting, nt.iri(str(ICT.hostedBy)), person)], "host")
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert [(r.focus, r.value) for r in report.violations] == [(nt.to_rdflib(meeting),
                                                               nt.to_rdflib(person))]
    assert _shapes_of(report) == {("HostShape", "ClassConstraintComponent")}


def test_a_delegation_claimed_by_a_second_meeting(bundled, packaged, tmp_path):
    # The violation is on the delegation (^ict:hasDelegation), the object of the delta's triple.
    delegation = _subjects_of(bundled, "Delegation")[0]
    meetings = _subjects_of(bundled, "Meeting")
    owner = next(m for m in meetings if delegation in _objects(bundled, m, ICT.hasDelegation))
    other = next(m for m in meetings if m != owner)
    delta = _supported(bundled, [(other, nt.iri(str(ICT.hasDelegation)), delegation)], "claim")
    assert delegation not in {s for s, _, _ in delta.added}
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert ("DelegationMeetingShape", "MaxCountConstraintComponent") in _shapes_of(report)
    assert nt.to_rdflib(delegation) in {r.focus for r in report.violations}


_NESTED_SHAPE = """
@prefix ict: <https://w3id.org/ictgraph/ontology#> .
@prefix ictsh: <https://w3id.org/ictgraph/shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
ictsh:DelegationCountryCodeShape a sh:NodeShape ;
    sh:targetClass ict:Delegation ;
    sh:property ictsh:DelegationCountryCodeLinkShape .
ictsh:DelegationCountryCodeLinkShape a sh:PropertyShape ;
    sh:path ict:delegationOf ;
    sh:node [ sh:property [ sh:path ict:isoCode ; sh:maxCount 1 ] ] ;
    sh:message "A delegation's country has one ISO code."@en .
"""


def test_a_violation_through_a_nested_shape(bundled, tmp_path):
    # A second ISO code of a country breaks the nested shape of each of its delegations,
    # none of which the delta names.
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(_NESTED_SHAPE, encoding="utf-8")
    delegation = _subjects_of(bundled, "Delegation")[0]
    country = _objects(bundled, delegation, ICT.delegationOf)[0]
    delta = GraphDelta({(country, nt.iri(str(ICT.isoCode)), nt.literal("ZZ"))})
    grown = _grown(bundled, delta)
    store = _store(grown, tmp_path)
    report = validate_delta(store, delta, shapes=shapes_file, sparql=[])
    whole = validate(grown.to_graph(), shapes=load_graph(shapes_file))
    assert _described(report) == _described(whole)
    delegations = {s for s, p, o in bundled.plain_triples()
                   if p == nt.iri(str(ICT.delegationOf)) and o == country}
    assert {r.focus for r in report.results} == {nt.to_rdflib(d) for d in delegations}
    assert delegation in delegations and country not in delegations


def test_what_a_mention_reaches_and_what_a_type_does(bundled, tmp_path):
    # A delegation's check reads its country's type (sh:class), not its mentions.
    store = _store(bundled, tmp_path)
    delegation = _subjects_of(bundled, "Delegation")[0]
    country = _objects(bundled, delegation, ICT.delegationOf)[0]
    document = _subjects_of(bundled, "SourceDocument")[0]
    mention = GraphDelta({(country, _MENTIONED_IN, document)})
    assert {n.value for n in affected_focus_nodes(store, mention)} == {nt.iri_value(country)}
    typed = GraphDelta({(country, _TYPE, nt.iri(str(ICT.Place)))})
    assert nt.iri_value(delegation) in {n.value for n in affected_focus_nodes(store, typed)}


def test_a_statement_without_evidence(bundled, packaged, tmp_path):
    # The statement-evidence rows of a hub's added triple (its old ones are not checked again).
    country = next(c for c in _subjects_of(bundled, "Country") if _objects(bundled, c, ICT.mentionedIn))
    delta = GraphDelta({(country, nt.iri(str(ICT.statedCount)),
                         nt.typed("3", _XSD + "positiveInteger"))})
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert _shapes_of(report) == {("StatementEvidenceShape", "SPARQLConstraintComponent")}


def test_a_statement_whose_evidence_the_graph_has(bundled, packaged, tmp_path):
    # The graph had the record and its link but not the statement; the delta adds the
    # statement alone: the old record supports it, and the record's document is whole again.
    record = next(r for r in sorted(bundled.evidence_nodes()) if r.predicate == nt.iri(str(ICT.ofCommittee)))
    statement = (record.subject, record.predicate, record.obj)
    delta = GraphDelta({statement})
    old = _grown(bundled, GraphDelta(), without=GraphDelta({statement}))
    assert not validate_triples(old).conforms
    report = _compared(_grown(old, delta), delta, tmp_path, packaged)
    assert report.conforms and report.results == []


# --------------------------------------------------------------------------- per document

def test_a_span_past_the_end_of_its_document(bundled, packaged, tmp_path):
    # The document's check (not a subject of the delta) and the new record's.
    old = sorted(bundled.evidence_nodes())[0]
    bad = old._replace(node=nt.iri(str(RES["evidence/past-the-end"])),
                       start=nt.typed("900000", _XSD + "nonNegativeInteger"),
                       end=nt.typed("800000", _XSD + "nonNegativeInteger"))
    delta = GraphDelta({(bad.subject, _EVIDENCE, bad.node)})
    delta.add_evidence(bad)
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert _shapes_of(report) == {("EvidenceWithinDocumentShape", "SPARQLConstraintComponent"),
                                  ("EvidenceSpanOrderShape", "LessThanConstraintComponent")}
    assert {str(r.focus) for r in report.violations} == {nt.iri_value(bad.node),
                                                         nt.iri_value(bad.document)}


def test_a_document_that_gets_shorter(bundled, packaged, tmp_path):
    # A second length of a document: its own count, and its old evidence now past its end
    # (their offsets read back from the store).
    document = _subjects_of(bundled, "SourceDocument")[0]
    delta = GraphDelta({(document, nt.iri(str(ICT.textLength)),
                         nt.typed("10", _XSD + "nonNegativeInteger"))})
    report = _compared(_grown(bundled, delta), delta, tmp_path, packaged)
    assert _shapes_of(report) == {("DocumentLengthShape", "MaxCountConstraintComponent"),
                                  ("EvidenceWithinDocumentShape", "SPARQLConstraintComponent")}
    assert len(report.violations) > 2


# --------------------------------------------------------------------------- SPARQL

def test_a_meeting_described_twice(bundled, packaged, tmp_path):
    # ictsh:UniqueMeetingQuery, run on the whole store, with the core checks of the new meeting.
    meeting = next(m for m in _subjects_of(bundled, "Meeting") if _objects(bundled, m, ICT.ordinal))
    twin = nt.iri(nt.iri_value(meeting) + "-twin")
    document = _objects(bundled, meeting, ICT.mentionedIn)[0]
    statements = [(twin, _TYPE, nt.iri(str(ICT.Meeting))),
                  (twin, nt.iri(str(RDFS.label)), nt.literal("اجتماع", "ar"))]
    statements += [(twin, nt.iri(str(p)), o) for p in (ICT.ofCommittee, ICT.ordinal)
                   for o in _objects(bundled, meeting, p)]
    delta = GraphDelta({(twin, _MENTIONED_IN, document)})
    grown_delta = _supported(_grown(bundled, delta), statements, "twin")
    grown_delta.added |= delta.added
    grown = _grown(bundled, grown_delta)
    report = _compared(grown, grown_delta, tmp_path, packaged)
    assert _shapes_of(report) == {("UniqueMeetingShape", "SPARQLConstraintComponent")}
    assert {str(r.focus) for r in report.violations} == {nt.iri_value(meeting), nt.iri_value(twin)}
    again = validate_delta(_store(grown, tmp_path), grown_delta)  # the constraints run here
    assert _described(again) == _described(report)
