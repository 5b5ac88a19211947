"""The HTML documentation shows every ict: term in Arabic and English."""

from __future__ import annotations

import html

import pytest
from rdflib import Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ictgraph import paths
from ictgraph.namespaces import ICT
from ictgraph.ontology.docs import render_docs, write_docs
from ictgraph.ontology.load import load_ontology


@pytest.fixture(scope="module")
def graph():
    return load_ontology(paths.ONTOLOGY_FILE)


@pytest.fixture(scope="module")
def page(graph) -> str:
    return render_docs(graph)


def _terms(graph):
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return sorted({t for k in kinds for t in graph.subjects(RDF.type, k) if str(t).startswith(str(ICT))})


def _text(graph, term, predicate, lang):
    return next(str(o) for o in graph.objects(term, predicate) if isinstance(o, Literal) and o.language == lang)


def test_every_term_has_a_section_with_both_labels_and_definitions(graph, page):
    terms = _terms(graph)
    assert len(terms) > 40
    for term in terms:
        local = str(term)[len(str(ICT)):]
        assert f'id="{local}"' in page, local
        assert f"<code>ict:{local}</code>" in page, local
        for predicate in (RDFS.label, SKOS.definition):
            arabic = html.escape(_text(graph, term, predicate, "ar"), quote=False)
            english = html.escape(_text(graph, term, predicate, "en"), quote=False)
            assert f'<span lang="ar" dir="rtl">{arabic}</span>' in page, (local, predicate)
            assert f'<span lang="en">{english}</span>' in page, (local, predicate)


def test_page_links_axioms_and_shows_the_header(page):
    assert "<h1>Regional ICT Cooperation Ontology</h1>" in page
    assert "https://w3id.org/ictgraph/ontology/0.1.0" in page
    # heldIn's range is a union; its members link to their sections.
    section = page[page.index('id="heldIn"'):]
    section = section[:section.index("</table>")]
    assert '<a href="#Place">ict:Place</a> or <a href="#Country">ict:Country</a>' in section
    assert "functional" not in section  # a meeting can be held in a city and a country


def test_committed_docs_are_up_to_date(tmp_path):
    written = write_docs(paths.ONTOLOGY_FILE, tmp_path / "index.html")
    assert paths.ONTOLOGY_DOCS_FILE.read_bytes() == written.read_bytes(), \
        "ontology/docs/index.html is stale: run `ictgraph ontology docs`"
