"""The native evaluations of SPARQL constraints (ictgraph.shacl.native) against their queries.

The shapes name a native implementation for the constraints every build pays most for;
the query stays the definition. Each native evaluation must give the results the query
gives on Oxigraph, on the shape cases (made to break one constraint each), on the
bundled graph and on graphs made to reach the corners of the queries.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from ictgraph.paths import ONTOLOGY_FILE, SHAPES_FILE
from ictgraph.shacl import native
from ictgraph.shacl.convert import from_rdflib, parse_file
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.engine import Validator
from ictgraph.shacl.shapes import NATIVE_IMPLEMENTATION, ShapesError, compile_shapes
from ictgraph.shacl.sparql_process import runs_apart, sparql_results_on

from shapes_helpers import CASE_FILES, case_graph, read_case, valid_graph

ICT = Namespace("https://w3id.org/ictgraph/ontology#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SHAPES = compile_shapes(parse_file(SHAPES_FILE))
NATIVE = [(shape, c) for shape in SHAPES.shapes for c in shape.sparql if c.native is not None]


def _results(graph: Graph, *, natively: bool) -> set[tuple]:
    """The results of the natively implemented constraints, evaluated natively or by query."""
    triples = list(from_rdflib(graph)) + list(parse_file(ONTOLOGY_FILE))
    validator = Validator(DataGraph(triples, reverse=SHAPES.reverse_predicates), native=natively)
    found = set()
    for shape, constraint in NATIVE:
        for r in validator.constraint(shape, constraint, validator.focus_nodes(shape)):
            found.add((str(r.focus), str(r.path), str(r.value), str(r.shape), str(r.constraint),
                       tuple(sorted(map(str, r.messages)))))
    return found


def _same(graph: Graph) -> set[tuple]:
    by_query = _results(graph, natively=False)
    assert _results(graph, natively=True) == by_query
    return by_query


def test_the_costly_evidence_constraints_are_the_native_ones() -> None:
    assert sorted(c.native for _, c in NATIVE) == sorted(native.IMPLEMENTATIONS)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_each_shape_case_gives_the_results_of_the_queries(path: Path) -> None:
    _same(case_graph(read_case(path)))


def test_cases_of_the_evidence_constraints_do_fail_them() -> None:
    """The comparison above is not between two empty answers."""
    names = ("statement_without_evidence", "evidence_of_absent_statement", "evidence_not_linked",
             "evidence_beyond_document", "reference_statement_without_evidence")
    failing = {path.stem: _same(case_graph(read_case(path)))
               for path in CASE_FILES if path.stem in names}
    assert sorted(failing) == sorted(names)
    assert all(failing.values()), [name for name, found in failing.items() if not found]


def test_the_bundled_graph_gives_the_results_of_the_queries(built_graph: Graph) -> None:
    assert _same(built_graph) == set()


def _evidence_of(graph: Graph) -> tuple[URIRef, URIRef]:
    """An evidence node of the graph and its document."""
    evidence = next(graph.subjects(RDF.type, ICT.Evidence))
    return evidence, next(graph.objects(evidence, ICT.inDocument))


@pytest.mark.parametrize("end", [
    Literal("99999999", datatype=XSD.integer),       # beyond the text
    Literal("1e9", datatype=XSD.double),             # a double beyond it
    Literal("99999999.5", datatype=XSD.decimal),
    Literal("not a number", datatype=XSD.integer),   # ill-formed: not numeric for SPARQL
    Literal("99999999"),                             # a string: not numeric
    Literal("1", datatype=XSD.nonNegativeInteger),   # within
])
def test_span_ends_compare_as_sparql_compares_numbers(end: Literal) -> None:
    graph = valid_graph()
    evidence, _document = _evidence_of(graph)
    graph.set((evidence, ICT.charEnd, end))
    _same(graph)


def test_an_evidence_node_with_two_subjects_is_checked_for_each() -> None:
    graph = valid_graph()
    evidence, _document = _evidence_of(graph)
    stranger = URIRef("https://w3id.org/ictgraph/resource/stranger")
    graph.add((evidence, RDF.subject, stranger))
    failed = {r[4] for r in _same(graph) if r[2] == f"<{evidence}>"}
    assert failed == {"<https://w3id.org/ictgraph/shapes#EvidenceStatementQuery>",
                      "<https://w3id.org/ictgraph/shapes#EvidenceBacklinkQuery>"}


def test_a_statement_on_a_reference_resource_needs_evidence_unless_curated() -> None:
    graph = valid_graph()
    country = next(s for s in graph.subjects(RDF.type, ICT.Country))
    graph.add((country, URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"),
               URIRef("https://w3id.org/ictgraph/resource/reference")))
    graph.add((country, ICT.isoCode, Literal("ZZ")))           # curated: exempt
    graph.add((country, ICT.abbreviation, Literal("ZZ")))      # curated: exempt
    graph.add((country, ICT.hosted, URIRef("https://w3id.org/ictgraph/resource/somewhere")))
    found = _same(graph)
    assert {r[1] for r in found if r[0] == f"<{country}>"} == {f"<{ICT.hosted}>"}


def test_the_exemptions_are_those_the_query_lists() -> None:
    query = next(c for _, c in NATIVE if c.native == "statement-evidence").body
    listed = [set(re.findall(r"ict:(\w+)", group))
              for group in re.findall(r"NOT IN \(([^)]*)\)", query)]
    assert listed == [{t.value.split("#")[1] for t in native.PROVENANCE},
                      {t.value.split("#")[1] for t in native.CURATED}]


def test_the_sparql_side_leaves_the_native_constraints_to_the_core_side() -> None:
    graph = case_graph(read_case(next(p for p in CASE_FILES if p.stem == "evidence_not_linked")))
    store = ox.Store()
    store.bulk_extend(ox.Quad(*t, ox.DefaultGraph()) for t in from_rdflib(graph))
    assert runs_apart(SHAPES)
    assert sparql_results_on(SHAPES, store) == []
    assert _results(graph, natively=True)


def test_an_unknown_native_implementation_is_refused() -> None:
    triples = list(parse_file(SHAPES_FILE))
    renamed = [(s, p, ox.Literal("no-such-check") if p == NATIVE_IMPLEMENTATION else o)
               for s, p, o in triples]
    with pytest.raises(ShapesError, match="nativeImplementation must be one of"):
        compile_shapes(renamed)


def test_a_missing_link_of_a_subject_with_many_evidence_nodes_is_found() -> None:
    """A subject linking to many evidence nodes is looked up in a set (DataGraph.has)."""
    graph = valid_graph()
    evidence, _document = _evidence_of(graph)
    subject = next(graph.objects(evidence, RDF.subject))
    copies = [URIRef(f"{evidence}-copy-{n}") for n in range(20)]
    for copy in copies:
        for predicate, obj in graph.predicate_objects(evidence):
            graph.add((copy, predicate, obj))
        graph.add((subject, ICT.evidence, copy))
    graph.remove((subject, ICT.evidence, copies[7]))
    backlinks = {r[2] for r in _same(graph) if r[4].endswith("#EvidenceBacklinkQuery>")}
    assert backlinks == {f"<{copies[7]}>"}
