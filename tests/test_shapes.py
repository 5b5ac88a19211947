"""ontology/shapes.ttl: a valid graph conforms, and each rule catches its own mistake.

The cases are data: tests/shapes_cases/*.ttl (see shapes_helpers.py for the format).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from ictgraph import namespaces as ns
from ictgraph.namespaces import ICT, RDF, RDFS, RES, SH
from ictgraph.validate import load_reference, load_shapes, validate
from ictgraph.validate_render import render_text

from shapes_helpers import CASE_FILES, add_evidence, case_graph, read_case, valid_graph

ARABIC = re.compile(r"[\u0600-\u06FF]")
SHAPES = load_shapes()
DOCUMENT = RES["document/231a1a933335aeb0"]


def _case(name: str):
    return read_case(next(p for p in CASE_FILES if p.stem == name))


def _results_of(report, shape_name: str):
    return [r for r in report.results if str(r.shape).endswith("#" + shape_name)]


# --------------------------------------------------------------------------- the valid graph

def test_valid_graph_conforms_without_any_result() -> None:
    report = validate(valid_graph())
    assert report.conforms, render_text(report)
    assert report.results == []


def test_valid_graph_conforms_with_the_reference_data_mixed_in() -> None:
    # Also checks the curated reference data itself against the shapes.
    report = validate(valid_graph(), reference=load_reference())
    assert report.conforms, render_text(report)
    assert report.results == []


def test_bundled_graph_conforms(built_graph: Graph) -> None:
    report = validate(built_graph)
    assert report.conforms, render_text(report)


# --------------------------------------------------------------------------- one case per rule

@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_fails_with_its_shape_and_message(path: Path) -> None:
    case = read_case(path)
    report = validate(case_graph(case))
    assert {r.shape for r in report.results} == set(case.expected), render_text(report)
    for shape, fragment in case.expected.items():
        results = [r for r in report.results if r.shape == shape]
        assert any(fragment in r.messages.get("en", "") for r in results), render_text(report)
        assert all(ARABIC.search(r.messages.get("ar", "")) for r in results), render_text(report)
    only_warnings = all(SHAPES.value(s, SH.severity) != SH.Violation for s in case.expected)
    assert report.conforms == only_warnings


def _reportable_shapes() -> set[URIRef]:
    """Every named shape that reports results under its own name: property shapes, and node
    shapes with a target and a constraint of their own (not only sh:property)."""
    own_constraints = {SH.sparql, SH.nodeKind, SH["or"], SH["and"], SH["not"], SH.xone, SH["class"],
                       SH.datatype, SH.closed}
    shapes = {s for s in SHAPES.subjects(RDF.type, SH.PropertyShape) if isinstance(s, URIRef)}
    for shape in SHAPES.subjects(SH.targetClass, None):
        if any((shape, p, None) in SHAPES for p in own_constraints):
            shapes.add(shape)
    return shapes


def test_every_shape_has_a_failing_case() -> None:
    covered = {shape for path in CASE_FILES for shape in read_case(path).expected}
    assert not _reportable_shapes() - covered
    assert len(_reportable_shapes()) >= 50  # the helper found the shapes at all


def test_every_shape_and_sparql_constraint_has_english_and_arabic_messages_and_a_severity() -> None:
    shapes = set(SHAPES.subjects(RDF.type, SH.NodeShape)) | set(SHAPES.subjects(RDF.type, SH.PropertyShape))
    constraints = set(SHAPES.subjects(RDF.type, SH.SPARQLConstraint))
    assert len(constraints) == 8
    for node in shapes | constraints:
        languages = sorted(m.language for m in SHAPES.objects(node, SH.message) if isinstance(m, Literal))
        assert languages == ["ar", "en"], node
    for shape in shapes:
        assert SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning), shape
    for constraint in constraints:  # severity is the shape's, in SHACL: one shape per query
        (shape,) = SHAPES.subjects(SH.sparql, constraint)
        assert SHAPES.value(shape, SH.severity) in (SH.Violation, SH.Warning)
        assert set(SHAPES.objects(shape, SH.message)) == set(SHAPES.objects(constraint, SH.message))


# --------------------------------------------------------------------------- results and documents

def test_result_names_focus_by_arabic_label_and_gives_path_value_and_both_messages() -> None:
    report = validate(case_graph(_case("meeting_ordinal_zero")))
    (result,) = [r for r in _results_of(report, "MeetingOrdinalShape") if r.value is not None]
    assert result.focus == RES["meeting/gcc-ministerial-egov-5"]
    assert result.focus_label == "الاجتماع الخامس للجنة الوزارية للحكومة الإلكترونية"
    assert result.path == "ict:ordinal"
    assert result.value == Literal("0", datatype=ns.XSD.integer)
    assert result.severity == "Violation"
    assert set(result.messages) == {"en", "ar"}


def test_sparql_messages_keep_their_language_tags_in_the_report_graph() -> None:
    report = validate(case_graph(_case("meeting_duplicate")))
    messages = set(report.report_graph.objects(None, SH.resultMessage))
    assert messages and all(m.language in ("en", "ar") for m in messages)


def test_an_unlabelled_focus_is_named_by_its_iri() -> None:
    report = validate(case_graph(_case("evidence_without_rule")))
    (result,) = report.results
    assert result.focus_label == "res:evidence/a9efb245430118c4"


def test_documents_of_a_resource_violation_is_the_document_it_is_mentioned_in() -> None:
    report = validate(case_graph(_case("meeting_ordinal_zero")))
    assert {d for r in report.violations for d in report.documents_of(r)} == {str(DOCUMENT)}


def test_documents_of_an_evidence_violation_is_its_document() -> None:
    for name in ("evidence_without_rule", "evidence_beyond_document"):
        report = validate(case_graph(_case(name)))
        (result,) = report.results
        assert report.documents_of(result) == {str(DOCUMENT)}, name


def test_documents_of_a_reference_resource_without_mentions_is_empty_hence_global() -> None:
    report = validate(case_graph(_case("country_without_iso_code")))
    (result,) = report.results
    assert result.focus == RES["country/kw"]
    assert report.documents_of(result) == set()


def test_duplicate_meetings_from_two_documents_are_explained_by_both() -> None:
    graph = case_graph(_case("meeting_duplicate"))
    other = RES["document/0123456789abcdef"]
    graph.add((other, RDF.type, ICT.SourceDocument))
    graph.add((other, ICT.sourceFile, Literal("other.txt")))
    graph.add((other, ICT.sha256, Literal("0123456789abcdef" * 4)))
    graph.add((other, ICT.textLength, Literal("3849", datatype=ns.XSD.nonNegativeInteger)))
    copy = RES["meeting/gcc-ministerial-egov-5-copy"]
    graph.remove((copy, ICT.mentionedIn, None))
    graph.add((copy, ICT.mentionedIn, other))
    for evidence in graph.objects(copy, ICT.evidence):
        graph.set((evidence, ICT.inDocument, other))
    report = validate(graph)
    results = _results_of(report, "UniqueMeetingShape")
    assert {r.focus for r in results} == {copy, RES["meeting/gcc-ministerial-egov-5"]}
    for result in results:
        assert report.documents_of(result) == {str(DOCUMENT), str(other)}


# --------------------------------------------------------------------------- how validation runs

def test_a_shared_service_is_checked_as_an_initiative_without_the_ontology() -> None:
    report = validate(case_graph(_case("shared_service_launched_in_country")), ontology=Graph())
    assert [str(r.shape).split("#")[1] for r in report.results] == ["InitiativeLaunchShape"]


def test_subclass_instances_satisfy_sh_class_through_the_ontology() -> None:
    # ict:Ministry is an ict:GovernmentBody in the ontology, not in the data.
    graph = valid_graph()
    person, ministry = RES["person/hamad-obaid-al-mansouri"], RES["body/ae-ministry"]
    template = next(graph.objects(person, ICT.evidence))
    for number, statement in enumerate([(person, ICT.memberOf, ministry),
                                        (ministry, RDF.type, ICT.Ministry),
                                        (ministry, RDFS.label, Literal("الوزارة", lang="ar"))]):
        graph.add(statement)
        add_evidence(graph, template, RES[f"evidence/ministry-{number}"], statement)
    graph.add((ministry, ICT.mentionedIn, DOCUMENT))
    assert validate(graph).results == []
    without_ontology = validate(graph, ontology=Graph())
    assert [str(r.shape).split("#")[1] for r in without_ontology.results] == ["PersonMemberOfShape"]


def test_inputs_are_not_modified() -> None:
    graph = case_graph(_case("meeting_duplicate"))
    before = len(graph)
    reference, shapes = load_reference(), load_shapes()
    reference_before, shapes_before = len(reference), len(shapes)
    validate(graph, reference=reference, shapes=shapes)
    assert (len(graph), len(reference), len(shapes)) == (before, reference_before, shapes_before)
