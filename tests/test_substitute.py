"""Parameter values written into SPARQL text (SEP-0007 substitution) for remote stores."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from ictgraph.substitute import SubstitutionError, substitute

QATAR = ox.NamedNode("https://w3id.org/ictgraph/resource/country/qa")
EX = "http://example.org/"


def _store() -> ox.Store:
    store = ox.Store()
    for s, p, o in [("a", "p", "x"), ("b", "p", "y"), ("a", "q", "z")]:
        store.add(ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), ox.Literal(o)))
    return store


@pytest.mark.parametrize("query", [
    "SELECT ?s ?o WHERE { ?s <http://example.org/p> ?o } ORDER BY ?s ?o",
    "SELECT ?s ?n ?o WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?x } GROUP BY ?s } ?s ?q ?o } ORDER BY ?o",
    "SELECT ?s ?o WHERE { ?s ?p ?o FILTER(?s = <http://example.org/a> || ?s != ?s) } ORDER BY DESC(?o)",
])
def test_substituted_text_answers_as_oxigraph_substitutions(query: str) -> None:
    store = _store()
    term = ox.NamedNode(EX + "a")
    native = list(store.query(query, substitutions={ox.Variable("s"): term}))
    written = list(store.query(substitute(query, {"s": term})))
    assert [list(row) for row in written] == [list(row) for row in native]
    assert native  # the case is not vacuous


def test_the_projection_keeps_its_column_and_subqueries_drop_theirs() -> None:
    text = substitute("SELECT ?x ?lang WHERE { { SELECT ?x ?lang WHERE { ?x ?p ?lang } GROUP BY ?x ?lang } }",
                      {"lang": ox.Literal("ar")})
    assert text == ('SELECT ?x ("ar" AS ?lang) WHERE { { SELECT ?x  WHERE { ?x ?p "ar" } '
                    'GROUP BY ?x ("ar") } }')


def test_strings_iris_and_comments_are_left_alone() -> None:
    text = '# ?c here\nSELECT ?c WHERE { ?c <http://e/?c> "?c" ; <http://e/p> \'\'\'?c\'\'\' }'
    assert substitute(text, {"c": QATAR}) == (
        f'# ?c here\nSELECT (<{QATAR.value}> AS ?c) WHERE {{ <{QATAR.value}> <http://e/?c> "?c" ; '
        "<http://e/p> '''?c''' }")


def test_a_value_cannot_become_query_text() -> None:
    hostile = ox.Literal('x" } ; DROP ALL ; #')
    text = substitute("SELECT ?v WHERE { ?s ?p ?v }", {"v": hostile})
    rows = list(_store().query(text))
    assert rows == []  # one literal, matched as a value, not an update


@pytest.mark.parametrize("query", ["SELECT * WHERE { BIND(1 AS ?v) }",
                                   "SELECT * WHERE { VALUES ?v { 1 } }"])
def test_a_variable_the_query_assigns_cannot_be_given(query: str) -> None:
    with pytest.raises(SubstitutionError, match=r"\?v is assigned by the query"):
        substitute(query, {"v": ox.Literal("1")})
