"""The ontology's content: bilingual labels and definitions, header, and the modelling choices."""

from __future__ import annotations

import re

import pytest
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

import ictgraph
from ictgraph import paths
from ictgraph.namespaces import FOAF, ICT, ORG, PROV, SCHEMA

ONTOLOGY_IRI = URIRef("https://w3id.org/ictgraph/ontology")
ARABIC_LETTER = re.compile("[\u0621-\u064A]")
XSD = "http://www.w3.org/2001/XMLSchema#"  # a str: pytest trips over rdflib's closed XSD namespace


@pytest.fixture(scope="module")
def g():
    from ictgraph.ontology.load import load_ontology

    return load_ontology(paths.ONTOLOGY_FILE)


def ict_terms(g):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    return sorted({s for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(str(ICT))})


def texts(g, term, predicate, lang):
    return [str(o) for o in g.objects(term, predicate) if isinstance(o, Literal) and o.language == lang]


def members(g, node):
    return set(Collection(g, node))


@pytest.mark.parametrize("predicate", [RDFS.label, SKOS.definition])
def test_every_ict_term_has_one_arabic_and_one_english_text(g, predicate):
    problems = []
    for term in ict_terms(g):
        ar, en = texts(g, term, predicate, "ar"), texts(g, term, predicate, "en")
        if len(ar) != 1 or not ARABIC_LETTER.search(ar[0]):
            problems.append((term, "ar", ar))
        if len(en) != 1 or ARABIC_LETTER.search(en[0]) and predicate == RDFS.label:
            problems.append((term, "en", en))
    assert not problems


def test_the_arabic_labels_read_as_the_press_writes_them(g):
    assert texts(g, ICT.Committee, RDFS.label, "ar") == ["اللجنة"]
    assert texts(g, ICT.Meeting, RDFS.label, "ar") == ["الاجتماع"]
    assert texts(g, ICT.Delegation, RDFS.label, "ar") == ["الوفد"]
    assert texts(g, ICT.Initiative, RDFS.label, "ar") == ["المبادرة"]
    assert texts(g, ICT.SharedService, RDFS.label, "ar") == ["الخدمة الإلكترونية المشتركة"]


def test_header(g):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    assert g.value(ONTOLOGY_IRI, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{ictgraph.__version__}")
    assert str(g.value(ONTOLOGY_IRI, OWL.versionInfo)) == ictgraph.__version__
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    for predicate in (DCTERMS.title, DCTERMS.description, RDFS.label):
        assert texts(g, ONTOLOGY_IRI, predicate, "ar") and texts(g, ONTOLOGY_IRI, predicate, "en")
    assert not list(g.objects(ONTOLOGY_IRI, OWL.imports))


def test_standard_vocabularies_are_reused_by_subsumption(g):
    expected = [
        (ICT.RegionalOrganization, RDFS.subClassOf, ORG.FormalOrganization),
        (ICT.Committee, RDFS.subClassOf, ORG.OrganizationalUnit),
        (ICT.WorkingGroup, RDFS.subClassOf, ORG.OrganizationalUnit),
        (ICT.Person, RDFS.subClassOf, FOAF.Person),
        (ICT.Topic, RDFS.subClassOf, SKOS.Concept),
        (ICT.SourceDocument, RDFS.subClassOf, PROV.Entity),
        (ICT.Evidence, RDFS.subClassOf, PROV.Entity),
        (ICT.Event, RDFS.subClassOf, SCHEMA.Event),
        (ICT.SharedService, RDFS.subClassOf, ICT.Initiative),
        (ICT.subOrganizationOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (ICT.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (ICT.inDocument, RDFS.subPropertyOf, PROV.wasQuotedFrom),
    ]
    assert [t for t in expected if t not in g] == []


def test_every_external_term_used_is_declared_and_nothing_is_imported(g):
    external = {o for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf) for o in g.objects(None, p)
                if isinstance(o, URIRef) and not str(o).startswith(str(ICT))}
    declared = {s for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k)}
    assert external and external <= declared


def test_functional_properties(g):
    functional = set(g.subjects(RDF.type, OWL.FunctionalProperty))
    for name in ("ofCommittee", "ordinal", "date", "isVirtual", "delegationOf", "isoCode", "sha256",
                 "charStart", "charEnd", "inDocument", "quote", "rule", "textLength"):
        assert ICT[name] in functional, name
    # Several values are normal for these: a meeting is held in a city and a country; the same
    # bytes may be found under several file names.
    for name in ("heldIn", "chairedBy", "roleTitle", "memberOf", "discussedAt", "sourceFile"):
        assert ICT[name] not in functional, name


def test_union_domains_and_ranges(g):
    def union(term, predicate):
        node = g.value(term, predicate)
        return members(g, g.value(node, OWL.unionOf))

    assert union(ICT.date, RDFS.domain) == {ICT.Meeting, ICT.Event, ICT.SourceDocument}
    assert union(ICT.ordinal, RDFS.domain) == {ICT.Meeting, ICT.Event}
    assert union(ICT.heldIn, RDFS.range) == {ICT.Place, ICT.Country}
    assert union(ICT.chairedBy, RDFS.domain) == {ICT.Meeting, ICT.Delegation}


def test_date_ranges_stay_inside_the_owl2_datatype_map(g):
    # xsd:date / gYearMonth / gYear are not OWL 2 datatypes: the range is rdfs:Literal, SHACL checks the rest.
    assert g.value(ICT.date, RDFS.range) == RDFS.Literal
    assert g.value(ICT.endDate, RDFS.range) == RDFS.Literal
    used = {str(o) for o in g.objects() if isinstance(o, URIRef) and str(o).startswith(XSD)}
    assert used and not used & {XSD + "date", XSD + "gYear", XSD + "gYearMonth"}


def test_disjointness(g):
    groups = [members(g, g.value(axiom, OWL.members)) for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses)]
    top = next(group for group in groups if ICT.Person in group)
    assert {ICT.Person, ICT.Country, ICT.Place, ICT.Meeting, ICT.Event, ICT.Committee,
            ICT.WorkingGroup, ICT.Delegation, ICT.Topic, ICT.SourceDocument, ICT.Evidence} <= top
    assert ICT.SharedService not in top  # a sub-class of Initiative, not disjoint from it
    kinds_of_event = {ICT.Conference, ICT.Award, ICT.Exhibition, ICT.Seminar}
    assert not any(len(group & kinds_of_event) > 1 for group in groups)  # one edition can be all three
