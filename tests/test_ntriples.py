"""N-Triples terms, the build's representation of RDF terms: what they print must be what
RDF parsers read back, for any text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef

from ictgraph import ntriples as nt

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
IRI_PATH = st.text(alphabet=st.sampled_from("abcxyz019-_./~مسقطالإتصاﻷ"), max_size=20)


@settings(max_examples=200, deadline=None)
@given(text=TEXT, language=st.sampled_from([None, "ar", "en", "ar-EG"]), path=IRI_PATH)
def test_terms_read_back_by_rdflib_and_oxigraph(text, language, path):
    subject = nt.iri("https://w3id.org/ictgraph/resource/" + path)
    obj = nt.literal(text, language)
    line = f"{subject} {nt.iri('https://w3id.org/ictgraph/ontology#p')} {obj} .\n"
    (_, _, parsed), = Graph().parse(data=line, format="nt")
    assert parsed == Literal(text, lang=language)
    quad, = ox.parse(input=line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert quad.object.value == text
    assert quad.object.language == (language.lower() if language else None)  # tags are case-free
    assert nt.literal_parts(obj) == (text, language, None)
    assert nt.iri_value(subject) == "https://w3id.org/ictgraph/resource/" + path


def test_typed_literals_and_their_parts():
    term = nt.typed("2015-03", "http://www.w3.org/2001/XMLSchema#gYearMonth")
    assert term == '"2015-03"^^<http://www.w3.org/2001/XMLSchema#gYearMonth>'
    assert nt.datatype(term) == "http://www.w3.org/2001/XMLSchema#gYearMonth"
    assert nt.value(term) == "2015-03" and nt.language(term) is None
    quoted = nt.literal('قال "نعم"\\')
    assert nt.value(quoted) == 'قال "نعم"\\'


def test_rdflib_terms_convert_both_ways():
    for node in (URIRef("https://w3id.org/ictgraph/resource/place/مسقط{x}"),
                 Literal("سطر\nثان", lang="ar"), Literal("5", datatype=URIRef(
                     "http://www.w3.org/2001/XMLSchema#integer")), Literal("plain")):
        assert nt.to_rdflib(nt.from_rdflib(node)) == node


def test_bad_terms_are_refused():
    with pytest.raises(ValueError, match="language tag"):
        nt.literal("x", "not a tag")
    with pytest.raises(ValueError, match="not an IRI"):
        nt.iri_value('"x"')
    with pytest.raises(ValueError, match="not a literal"):
        nt.literal_parts("<https://example.org/x>")


def test_terms_are_plain_strings_even_from_rdflib_iris():
    # rdflib's URIRef concatenates into URIRefs: a term made from one must still be a str.
    term = nt.iri(URIRef("https://w3id.org/ictgraph/resource/x"))
    assert type(term) is str and term == "<https://w3id.org/ictgraph/resource/x>"
