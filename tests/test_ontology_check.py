"""`ontology check`: passes on the real ontology, and fails, naming the rule and the term, on
ontologies broken in one place each."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import ICT
from ictgraph.ontology.check import check_file, format_report

ONTOLOGY_IRI = URIRef("https://w3id.org/ictgraph/ontology")


@pytest.fixture(scope="module")
def source() -> Graph:
    return Graph().parse(paths.ONTOLOGY_FILE)


def broken(tmp_path: Path, source: Graph, edit) -> Path:
    """A copy of the real ontology with one edit."""
    graph = Graph()
    for triple in source:
        graph.add(triple)
    edit(graph)
    path = tmp_path / "broken.ttl"
    graph.serialize(path, format="nt", encoding="utf-8")  # N-Triples is Turtle, and quicker to write
    return path


def errors_of(path: Path):
    report = check_file(path)
    return report, {(f.rule, f.term) for f in report.errors}


def test_the_real_ontology_has_no_error_and_no_warning():
    report = check_file(paths.ONTOLOGY_FILE)
    assert report.findings == []
    assert report.exit_code == 0
    assert report.classes >= 16 and report.properties >= 33
    assert format_report(report)[-1].endswith(f"0 errors, 0 warnings ({report.classes} classes, "
                                              f"{report.properties} properties checked)")


def test_missing_arabic_label(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.remove((ICT.Committee, RDFS.label, Literal("اللجنة", lang="ar"))))
    report, errors = errors_of(path)
    assert errors == {("missing-label", "ict:Committee")}
    assert report.errors[0].detail == "no rdfs:label in @ar"
    assert report.exit_code == 1


def test_missing_english_definition(tmp_path, source):
    def edit(g):
        for o in list(g.objects(ICT.heldIn, SKOS.definition)):
            if o.language == "en":
                g.remove((ICT.heldIn, SKOS.definition, o))
    _report, errors = errors_of(broken(tmp_path, source, edit))
    assert errors == {("missing-definition", "ict:heldIn")}


def test_undeclared_term(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.add((ICT.Ministry, RDFS.subClassOf, ICT.Department)))
    report, errors = errors_of(path)
    assert errors == {("undeclared-term", "ict:Department")}


def test_undeclared_external_term(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.add(
        (ICT.Place, RDFS.subClassOf, URIRef("http://www.w3.org/2003/01/geo/wgs84_pos#SpatialThing"))))
    _report, errors = errors_of(path)
    assert [rule for rule, _term in errors] == ["undeclared-term"]


def test_duplicate_label(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.set((ICT.WorkingGroup, RDFS.label, Literal("Committee", lang="en"))))
    report, errors = errors_of(path)
    # set() replaced both labels of WorkingGroup, so its Arabic label is missing too.
    assert {("duplicate-label", "ict:Committee"), ("duplicate-label", "ict:WorkingGroup")} <= errors
    assert any('label "committee"@en also on ict:WorkingGroup' in f.detail for f in report.errors)


def test_property_without_domain(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.remove((ICT.ofCommittee, RDFS.domain, None)))
    report, errors = errors_of(path)
    assert errors == {("missing-domain", "ict:ofCommittee")}
    assert report.errors[0].detail == "property without rdfs:domain"


def test_property_without_range(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.remove((ICT.sha256, RDFS.range, None)))
    _report, errors = errors_of(path)
    assert errors == {("missing-range", "ict:sha256")}


def test_renamed_contract_term(tmp_path, source):
    def rename(g):
        for s, p, o in list(g):
            if ICT.hostedBy in (s, o):
                g.remove((s, p, o))
                g.add((ICT.hostedIn if s == ICT.hostedBy else s, p, ICT.hostedIn if o == ICT.hostedBy else o))
    _report, errors = errors_of(broken(tmp_path, source, rename))
    assert errors == {("contract-missing", "ict:hostedBy")}


def test_contract_property_of_the_wrong_kind(tmp_path, source):
    def edit(g):
        g.remove((ICT.ordinal, RDF.type, OWL.DatatypeProperty))
        g.add((ICT.ordinal, RDF.type, OWL.ObjectProperty))
    _report, errors = errors_of(broken(tmp_path, source, edit))
    assert ("contract-kind", "ict:ordinal") in errors
    assert ("property-range-kind", "ict:ordinal") in errors  # range xsd:positiveInteger


def test_punning_is_a_kind_clash(tmp_path, source):
    _report, errors = errors_of(broken(tmp_path, source, lambda g: g.add((ICT.ledBy, RDF.type, OWL.DatatypeProperty))))
    assert ("kind-clash", "ict:ledBy") in errors


def test_definition_naming_an_unknown_term(tmp_path, source):
    path = broken(tmp_path, source, lambda g: g.add(
        (ICT.Place, RDFS.comment, Literal("See ict:locatedIn.", lang="en"))))
    _report, errors = errors_of(path)
    assert errors == {("unknown-term-in-text", "ict:Place")}


def test_unused_external_declaration_is_only_a_warning(tmp_path, source):
    agent = URIRef("http://xmlns.com/foaf/0.1/Agent")
    path = broken(tmp_path, source, lambda g: (g.add((agent, RDF.type, OWL.Class)),
                                               g.add((agent, RDFS.label, Literal("Agent", lang="en")))))
    report = check_file(path)
    assert [(f.level, f.rule, f.term) for f in report.findings] == [("WARN", "unused-declaration", "foaf:Agent")]
    assert report.exit_code == 0


def _first(g, term, predicate, lang):
    return next(o for o in g.objects(term, predicate) if o.language == lang)


# One edit per SPARQL check in ontology/qc: each check can fail.
QC_BREAKAGES = {
    "multiple-labels": (lambda g: g.add((ICT.Committee, RDFS.label, Literal("board", lang="en"))), "ict:Committee"),
    "multiple-definitions": (lambda g: g.add((ICT.Place, SKOS.definition, Literal("مكان.", lang="ar"))), "ict:Place"),
    "language-script": (lambda g: g.add((ICT.Place, SKOS.altLabel, Literal("venue", lang="ar"))), "ict:Place"),
    "whitespace": (lambda g: g.add((ICT.Place, SKOS.altLabel, Literal("city  ", lang="en"))), "ict:Place"),
    "definition-sentence": (lambda g: (g.remove((ICT.Place, SKOS.definition, _first(g, ICT.Place, SKOS.definition, "en"))),
                                       g.add((ICT.Place, SKOS.definition, Literal("A city or a venue", lang="en")))),
                            "ict:Place"),
    "property-range-kind": (lambda g: g.set((ICT.isoCode, RDFS.range, ICT.Country)), "ict:isoCode"),
    "property-characteristic": (lambda g: g.add((ICT.sha256, RDF.type, OWL.InverseFunctionalProperty)), "ict:sha256"),
    "ontology-header": (lambda g: g.remove((ONTOLOGY_IRI, DCTERMS.license, None)), "<https://w3id.org/ictgraph/ontology>"),
    "version-iri": (lambda g: g.set((ONTOLOGY_IRI, OWL.versionIRI, URIRef(f"{ONTOLOGY_IRI}/9.9.9"))),
                    "<https://w3id.org/ictgraph/ontology>"),
}


def test_every_sparql_check_is_exercised_and_documented():
    files = sorted(paths.ONTOLOGY_QC_DIR.glob("*-violation.rq"))
    assert {f.stem.removesuffix("-violation") for f in files} == set(QC_BREAKAGES)
    for f in files:
        head = f.read_text(encoding="utf-8").splitlines()
        assert head[0].startswith("# Problem: "), f.name
        assert any(line.startswith("# Solution: ") for line in head), f.name


@pytest.mark.parametrize("rule", sorted(QC_BREAKAGES))
def test_sparql_check_fails_on_its_violation(tmp_path, source, rule):
    edit, term = QC_BREAKAGES[rule]
    report, errors = errors_of(broken(tmp_path, source, edit))
    assert (rule, term) in errors
    assert report.exit_code == 1


def test_unparsable_file_is_one_input_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ict: <https://w3id.org/ictgraph/ontology#> .\nict:X a \n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl: cannot parse as turtle"):
        check_file(bad)


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no such ontology file"):
        check_file(tmp_path / "absent.ttl")
