"""Parameters: resolved to IRIs from IRIs or names, bound as RDF terms, never as query text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from query_helpers import answer, store  # noqa: F401  (store is a fixture)

from ictgraph.queries import (QueryError, as_iri, bind_parameters, find_by_name, get_query,
                              run_catalogue_query)

QATAR = ox.NamedNode("https://w3id.org/ictgraph/resource/country/qa")
CYBER = ox.NamedNode("https://w3id.org/ictgraph/resource/strategy/gcc-cyber-security-strategy")

HOSTILE = [
    'Qatar" } UNION { ?country ?p ?o } #',
    "<https://w3id.org/ictgraph/resource/country/qa> } UNION { ?s ?p ?o",
    "res:country/qa> . ?s ?p ?o . <x",
    "} UNION {",
    "'; DROP ALL ; '",
    'قطر"@ar } OPTIONAL { ?s ?p ?o',
    "qa\n} UNION { ?s ?p ?o }",
    "\\u0022 } UNION { ?s ?p ?o",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_value_is_a_value_that_matches_nothing(store, value: str) -> None:
    size = len(store)
    query = get_query("country-meetings")
    answer_ = run_catalogue_query(store, query, {"country": value})
    assert answer_.result.rows == []
    assert answer_.bound["country"] == ox.Literal(value.strip())  # bound as itself, a literal
    assert answer_.warnings and "matches nothing" in answer_.warnings[0]
    assert len(store) == size


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_value_for_every_kind_of_parameter(store, value: str) -> None:
    for name, parameter in [("body-members", "body"), ("evidence", "resource"),
                            ("initiatives-by-strategy", "strategy"), ("meeting-topics", "topic")]:
        assert answer(store, name, **{parameter: value}) == [], name


def test_hostile_language_is_refused(store) -> None:
    with pytest.raises(QueryError, match="not a language tag"):
        answer(store, "virtual-meetings", lang='ar") } UNION { ?s ?p ?o')


def test_names_resolve_after_arabic_normalisation(store) -> None:
    # ه for ة, bare alef for hamza forms, extra spaces: the same strategy.
    assert find_by_name(store, "الاستراتيجيه  الاسترشاديه للسلامه والامن السيبراني") == [CYBER]
    assert find_by_name(store, "gcc guiding strategy for cyber safety and security") == [CYBER]
    country = "https://w3id.org/ictgraph/ontology#Country"
    assert find_by_name(store, "قطر", [country]) == [QATAR]  # an alternative label
    assert find_by_name(store, "qa", [country]) == [QATAR]  # the ISO code
    assert find_by_name(store, "قطر", ["https://w3id.org/ictgraph/ontology#Strategy"]) == []


def test_iri_forms(store) -> None:
    assert as_iri("res:country/qa") == QATAR
    assert as_iri("<https://w3id.org/ictgraph/resource/country/qa>") == QATAR
    assert as_iri(QATAR.value) == QATAR
    for not_an_iri in ("قطر", "Qatar", "qa", "res:country/qa } UNION {", "<x y>", "http://a/<b>"):
        assert as_iri(not_an_iri) is None, not_an_iri
    bound, warnings = bind_parameters(store, get_query("country-meetings"), {"country": "res:country/qa"})
    assert bound["country"] == QATAR and not warnings


def test_label_outranks_alternative_label_and_ties_are_refused() -> None:
    tiny = ox.Store()
    tiny.load("""
        @prefix ict: <https://w3id.org/ictgraph/ontology#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <urn:a> a ict:Committee ; rdfs:label "اللجنة"@ar .
        <urn:b> a ict:Committee ; skos:altLabel "اللجنة"@ar .
        <urn:c> a ict:Committee ; rdfs:label "لجنة مشتركة"@ar .
        <urn:d> a ict:Committee ; rdfs:label "لجنة مشتركة"@ar .
    """, format=ox.RdfFormat.TURTLE)
    assert find_by_name(tiny, "اللجنة") == [ox.NamedNode("urn:a")]
    query = get_query("committee-meetings")
    with pytest.raises(QueryError, match="names 2 resources"):
        bind_parameters(tiny, query, {"committee": "لجنة مشتركة"})


def test_unknown_and_missing_parameters(store) -> None:
    with pytest.raises(QueryError, match="has no parameter 'country'"):
        bind_parameters(store, get_query("virtual-meetings"), {"country": "qa"})
    with pytest.raises(QueryError, match="needs the parameter 'resource'"):
        bind_parameters(store, get_query("evidence"), {})
    with pytest.raises(QueryError, match="no query named"):
        get_query("../queries/counts")


def test_defaults_apply_when_a_parameter_is_not_given(store) -> None:
    bound, _ = bind_parameters(store, get_query("initiatives-by-strategy"), {})
    assert bound == {"strategy": CYBER, "lang": ox.Literal("ar")}
    bound, _ = bind_parameters(store, get_query("meeting-topics"), {"lang": "en"})
    assert bound == {"lang": ox.Literal("en")}  # optional: left unbound, every topic


def test_an_iri_nothing_is_about_gets_a_warning(store) -> None:
    bound, warnings = bind_parameters(store, get_query("country-meetings"), {"country": "res:country/qatar"})
    assert bound["country"] == ox.NamedNode("https://w3id.org/ictgraph/resource/country/qatar")
    assert warnings and "nothing in the graph is" in warnings[0]
    assert as_iri("Qatar:") is None and as_iri("urn:x") == ox.NamedNode("urn:x")


def test_the_name_index_finds_what_comparing_every_name_finds(store) -> None:
    from ictgraph.name_index import has_index, lookup, names_query
    from ictgraph.queries import _scan_names

    assert has_index(store)
    names = {row["name"].value for row in store.query(names_query())}
    classes = ["https://w3id.org/ictgraph/ontology#Country",
               "https://w3id.org/ictgraph/ontology#Committee"]
    assert len(names) > 100
    for name in sorted(names):
        assert lookup(store, name) == _scan_names(store, name, []), name
        assert lookup(store, name, classes) == _scan_names(store, name, classes), name
    # Normalised: spelling variants of one name find the same resources.
    assert lookup(store, "قطر") == lookup(store, "قَطَر") and QATAR.value in lookup(store, "قطر")


def test_a_store_without_the_index_still_finds_names() -> None:
    from ictgraph.paths import GRAPH_FILE
    from ictgraph.store import source_files

    plain = ox.Store()
    for path in source_files(GRAPH_FILE):
        plain.load(path=str(path), format=ox.RdfFormat.TURTLE)
    assert find_by_name(plain, "Qatar", ["https://w3id.org/ictgraph/ontology#Country"]) == [QATAR]


def test_the_index_query_gives_the_names_of_the_catalogue_names_query(store) -> None:
    """index-names.rq drops names.rq's class path (four times slower on a large store) and
    gives the same names of the same resources."""
    from ictgraph.name_index import _INDEX_QUERY, names_query

    def names(text: str) -> set:
        return {(row["resource"], row["property"], row["name"]) for row in store.query(text)}

    indexed = names(_INDEX_QUERY.read_text(encoding="utf-8"))
    assert len(indexed) > 100
    assert indexed == names(names_query())
