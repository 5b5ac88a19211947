"""The native SHACL engine (ictgraph.shacl) against pyshacl, the reference implementation.

Both engines validate the same graphs; their results must be the same, one for one:
focus node, path, value, shape, severity and messages.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph

from ictgraph.errors import IctgraphError
from ictgraph.ntriples import triples_from_rdflib
from ictgraph.paths import SHAPES_FILE
from ictgraph.shacl.convert import from_rdflib, parse_file
from ictgraph.shacl.shapes import compile_shapes
from ictgraph.shacl.sparql_process import SparqlProcess, runs_apart
from ictgraph.shacl.terms import has_datatype
from ictgraph.triples import TripleSet
from ictgraph.validate import ShapesError, load_reference, validate, validate_file, validate_triples

from shapes_helpers import CASE_FILES, case_graph, read_case, valid_graph

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"


def _key(result, messages: bool = True) -> tuple:
    return (str(result.focus), result.path or "", result.value.n3() if result.value is not None else "",
            str(result.shape), result.severity,
            tuple(sorted(result.messages.items())) if messages else ())


def _same_results(graph: Graph, messages: bool = True, **kwargs) -> list[tuple]:
    native = sorted(_key(r, messages) for r in validate(graph, engine="native", **kwargs).results)
    reference = sorted(_key(r, messages) for r in validate(graph, engine="pyshacl", **kwargs).results)
    assert native == reference
    return native


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_every_shape_case_gives_the_same_results(path: Path) -> None:
    case = read_case(path)
    results = _same_results(case_graph(case))
    assert {r[3] for r in results} == {str(shape) for shape in case.expected}


def test_valid_graph_with_reference_data_gives_the_same_results() -> None:
    assert _same_results(valid_graph(), reference=load_reference()) == []


def test_bundled_graph_gives_the_same_results(built_graph: Graph) -> None:
    assert _same_results(built_graph, reference=load_reference()) == []


# Features the project's shapes do not use yet, on a graph made to fail each.
FEATURES_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:NodeTarget a sh:NodeShape ; sh:targetNode ex:a , ex:b ;
    sh:property [ sh:path ex:code ; sh:minLength 2 ; sh:maxLength 3 ; sh:in ( "ab" "abc" "abcd" ) ] ;
    sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:maxCount 1 ; sh:node ex:Named ] .
ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:SubjectsTarget a sh:NodeShape ; sh:targetSubjectsOf ex:age ;
    sh:property [ sh:path ex:age ; sh:datatype xsd:nonNegativeInteger ;
                  sh:not [ sh:hasValue 7 ] ] .
ex:ObjectsTarget a sh:NodeShape ; sh:targetObjectsOf ex:knows ;
    sh:and ( [ sh:nodeKind sh:IRI ] [ sh:pattern "^http://example.org/[a-z]$" ] ) ;
    sh:severity sh:Warning .
ex:Dates a sh:NodeShape ; sh:targetSubjectsOf ex:start ;
    sh:property [ sh:path ex:start ; sh:datatype xsd:date ; sh:lessThan ex:end ] .
"""
FEATURES_DATA = """
@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:code "a" , "abcd" , "abcde" .
ex:b ex:code "abc" .
ex:c ex:knows ex:a . ex:d ex:knows ex:a . ex:c ex:name "C" .
ex:e ex:knows ex:b . ex:e ex:knows ex:Bee . ex:e ex:knows _:x .
ex:c ex:age "5"^^xsd:nonNegativeInteger . ex:d ex:age "-1"^^xsd:nonNegativeInteger .
ex:e ex:age "7"^^xsd:integer . ex:f ex:age "x"^^xsd:nonNegativeInteger .
ex:c ex:start "2020-02-30"^^xsd:date ; ex:end "2021-01-01"^^xsd:date .
ex:d ex:start "2020-02-03"^^xsd:date ; ex:end "2020-01-01"^^xsd:date .
"""


def test_other_shacl_features_give_the_same_results() -> None:
    shapes = Graph().parse(data=FEATURES_SHAPES, format="turtle")
    data = Graph().parse(data=FEATURES_DATA, format="turtle")
    # No sh:message here: pyshacl then writes its own, which the native engine does not.
    results = _same_results(data, messages=False, shapes=shapes, ontology=Graph())
    assert len(results) >= 10  # most constraints fail somewhere


def test_a_feature_the_engine_lacks_is_refused_by_name() -> None:
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:closed true .""", format="turtle")
    with pytest.raises(ShapesError, match=r"sh:closed is not implemented.*--engine pyshacl"):
        validate(Graph(), shapes=shapes, ontology=Graph())


@pytest.mark.parametrize("lexical,datatype,ok", [
    ("5", "positiveInteger", True), ("0", "positiveInteger", False), ("+3", "positiveInteger", True),
    ("0", "nonNegativeInteger", True), ("-1", "nonNegativeInteger", False), ("1.0", "integer", False),
    ("2016-02-29", "date", True), ("2015-02-29", "date", False), ("2016-13-01", "date", False),
    ("2016-12-01Z", "date", True), ("true", "boolean", True), ("yes", "boolean", False),
    ("anything", "string", True), ("2016-12", "gYearMonth", True),
])
def test_literals_are_checked_for_their_lexical_form(lexical: str, datatype: str, ok: bool) -> None:
    literal = ox.Literal(lexical, datatype=ox.NamedNode(XSD + datatype))
    assert has_datatype(literal, XSD + datatype) is ok


def test_validate_file_reads_with_oxigraph_and_agrees(built_graph_file: Path, built_graph: Graph) -> None:
    from_file = sorted(map(_key, validate_file(built_graph_file).results))
    assert from_file == sorted(map(_key, validate(built_graph, reference=load_reference()).results))


def _without_blank_nodes(path: Path) -> bool:
    return not any(isinstance(node, BNode) for triple in case_graph(read_case(path)) for node in triple)


# The build makes no blank nodes: the cases about them cannot reach its path.
@pytest.mark.parametrize("path", [p for p in CASE_FILES if _without_blank_nodes(p)], ids=lambda p: p.stem)
def test_the_builds_path_with_sparql_in_another_process_gives_the_same_results(path: Path) -> None:
    """What the build validates: its triple set, the SPARQL constraints checked by another
    interpreter (sparql_process.py) from an N-Triples file."""
    graph = case_graph(read_case(path))
    triples = TripleSet(triples_from_rdflib(graph))
    ours = sorted(_key(r) for r in validate_triples(triples, parallel=True).results)
    assert ours == sorted(_key(r) for r in validate(graph, engine="pyshacl").results)


def test_the_sparql_process_reports_its_failure_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "graph.nt"
    broken.write_text("<not n-triples", encoding="utf-8")
    process = SparqlProcess(SHAPES_FILE, [broken])
    with pytest.raises(IctgraphError, match="the SPARQL constraints could not be checked: .*"):
        process.results()


def test_only_shapes_targeting_classes_have_their_sparql_checked_apart() -> None:
    packaged = compile_shapes(parse_file(SHAPES_FILE))
    assert runs_apart(packaged)  # the build's gate uses the other interpreter
    by_node = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetNode <urn:x> ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o }" ] .
        """, format="turtle")
    assert not runs_apart(compile_shapes(from_rdflib(by_node)))  # needs its focus nodes


# Focus nodes sharing values, good and bad: the engine memoises, per shape, the values (and
# the numbers of values) that pass the constraints reading only those (shacl/engine.py).
SHARED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Items a sh:NodeShape ; sh:targetClass ex:Item ;
    sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:maxCount 1 ] ;
    sh:property [ sh:path ex:tag ; sh:pattern "^[a-z]+$" ; sh:languageIn ( "ar" ) ;
                  sh:in ( "x"@ar "y"@ar "Z"@ar ) ] ;
    sh:property [ sh:path ex:start ; sh:lessThan ex:end ] ;
    sh:property [ sh:path ex:kind ; sh:class ex:Kind ; sh:nodeKind sh:IRI ] .
ex:ShortTags a sh:NodeShape ; sh:targetClass ex:Item ;
    sh:property [ sh:path ex:tag ; sh:maxLength 1 ; sh:pattern "^x$" ] .
"""
SHARED_DATA = """
@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:k1 a ex:Kind .
ex:a a ex:Item ; ex:n 1 ; ex:tag "x"@ar ; ex:start 1 ; ex:end 2 ; ex:kind ex:k1 .
ex:b a ex:Item ; ex:n 1.5 ; ex:tag "x"@ar , "Z"@ar ; ex:start 1 ; ex:end 2 ; ex:kind ex:k2 .
ex:c a ex:Item ; ex:n 1.5 ; ex:tag "Z"@ar ; ex:start 3 ; ex:end 2 ; ex:kind ex:k2 .
ex:d a ex:Item ; ex:n 1 , 2 ; ex:tag "y"@en ; ex:start 3 ; ex:end 2 ; ex:kind "k" .
ex:e a ex:Item ; ex:n 3 , 4 ; ex:tag "x"@ar ; ex:kind ex:k1 .
ex:f a ex:Item ; ex:tag "xy"@ar .
ex:g a ex:Item ; ex:tag "y"@ar .
"""


def test_nodes_sharing_a_bad_value_are_each_reported() -> None:
    shapes = Graph().parse(data=SHARED_SHAPES, format="turtle")
    data = Graph().parse(data=SHARED_DATA, format="turtle")
    results = validate(data, shapes=shapes, ontology=Graph(), engine="native").results
    found = sorted((str(r.focus).rsplit("/", 1)[1], str(r.component).rsplit("#", 1)[1][:-len("ConstraintComponent")],
                    r.value.n3() if r.value is not None else "") for r in results)
    decimal, en = f'"1.5"^^<{XSD}decimal>', '"y"@en'
    assert found == sorted([
        ("b", "Datatype", decimal), ("b", "Pattern", '"Z"@ar'), ("b", "Class", "<http://example.org/k2>"),
        ("c", "Datatype", decimal), ("c", "Pattern", '"Z"@ar'), ("c", "Class", "<http://example.org/k2>"),
        ("c", "LessThan", f'"3"^^<{XSD}integer>'),
        ("d", "MaxCount", ""), ("d", "LanguageIn", en), ("d", "In", en),
        ("d", "LessThan", f'"3"^^<{XSD}integer>'), ("d", "Class", '"k"'), ("d", "NodeKind", '"k"'),
        ("e", "MaxCount", ""),
        ("f", "In", '"xy"@ar'), ("f", "MaxLength", '"xy"@ar'), ("f", "Pattern", '"xy"@ar'),
        ("g", "Pattern", '"y"@ar'),  # passes the first shape's constraints, not the second's
        # ex:ShortTags's pattern, on the other tags but "x"@ar
        ("b", "Pattern", '"Z"@ar'), ("c", "Pattern", '"Z"@ar'), ("d", "Pattern", en),
    ])
    _same_results(data, messages=False, shapes=shapes, ontology=Graph())


def test_memoised_checks_give_each_focus_nodes_results_in_order() -> None:
    """One validator for all focus nodes gives, in the same order, what a fresh validator
    (nothing memoised) gives for each."""
    from ictgraph.shacl.datagraph import DataGraph
    from ictgraph.shacl.engine import Validator

    compiled = compile_shapes(from_rdflib(Graph().parse(data=SHARED_SHAPES, format="turtle")))
    graph = DataGraph(from_rdflib(Graph().parse(data=SHARED_DATA, format="turtle")))
    shared = Validator(graph)
    for shape in compiled.shapes:
        focus_nodes = shared.focus_nodes(shape)
        assert len(focus_nodes) == 7
        together = [r for focus in focus_nodes for r in shared.check(shape, focus)]
        apart = [r for focus in focus_nodes for r in Validator(graph).check(shape, focus)]
        assert together == apart and together
