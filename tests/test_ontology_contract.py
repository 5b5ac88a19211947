"""Every name of ontology/CONTRACT.md is declared in the ontology, with the right kind."""

from __future__ import annotations

import pytest
from rdflib.namespace import OWL, RDF

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import ICT
from ictgraph.ontology.contract import read_contract
from ictgraph.ontology.load import load_ontology

# Read off the contract's "from → to" column by hand: these take literals, every other
# ict: property of the contract links two resources.
DATATYPE_PROPERTIES = {"ordinal", "date", "endDate", "isVirtual", "roleTitle", "isoCode",
                       "sourceFile", "sha256", "charStart", "charEnd", "quote", "rule"}


@pytest.fixture(scope="module")
def ontology():
    return load_ontology(paths.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def contract():
    return read_contract(paths.CONTRACT_FILE)


def test_contract_tables_are_read_in_full(contract):
    names = {t.curie for t in contract.terms}
    # First and last rows of each table, and a cell that lists several terms.
    assert {"ict:RegionalOrganization", "ict:Evidence", "rdfs:label", "ict:ofCommittee",
            "ict:charStart", "ict:rule", "rdf:object"} <= names
    assert len([t for t in contract.terms if t.table == "class"]) == 16
    assert {t.curie for t in contract.ict_terms()} == names - {
        "rdfs:label", "rdf:subject", "rdf:predicate", "rdf:object"}


def test_hand_listed_datatype_properties_are_contract_properties(contract):
    properties = {str(t.iri)[len(str(ICT)):] for t in contract.ict_terms() if t.table == "property"}
    assert DATATYPE_PROPERTIES <= properties


def test_every_contract_class_is_an_owl_class(ontology, contract):
    classes = [t for t in contract.ict_terms() if t.table == "class"]
    missing = [t.curie for t in classes if (t.iri, RDF.type, OWL.Class) not in ontology]
    assert not missing


def test_every_contract_property_has_the_right_kind(ontology, contract):
    wrong = []
    for term in contract.ict_terms():
        if term.table != "property":
            continue
        local = str(term.iri)[len(str(ICT)):]
        kind = OWL.DatatypeProperty if local in DATATYPE_PROPERTIES else OWL.ObjectProperty
        other = OWL.ObjectProperty if kind == OWL.DatatypeProperty else OWL.DatatypeProperty
        if (term.iri, RDF.type, kind) not in ontology or (term.iri, RDF.type, other) in ontology:
            wrong.append(term.curie)
    assert not wrong


def test_kind_is_inferred_only_where_the_contract_is_plain(contract):
    kinds = {t.curie: t.expected_kind for t in contract.terms}
    assert kinds["ict:ordinal"] == "datatype"  # → `xsd:positiveInteger`
    assert kinds["ict:roleTitle"] == "datatype"  # → literal `@ar`
    assert kinds["ict:heldIn"] == "object"  # → Place or Country
    assert kinds["ict:isoCode"] is None  # → "its ISO 3166-1 alpha-2 code": not plain
    assert kinds["ict:charStart"] is None  # one row for five terms


def test_a_file_without_the_tables_is_an_input_error(tmp_path):
    page = tmp_path / "CONTRACT.md"
    page.write_text("# Contract\n\nNothing here yet.\n", encoding="utf-8")
    with pytest.raises(InputError, match="CONTRACT.md"):
        read_contract(page)
