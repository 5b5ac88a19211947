"""ORDER BY done in Python (sparql_order.py): always exactly Oxigraph's own order, or not done."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ictgraph.sparql_order import OrderKey, project, sort_rows, split_order_by

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "http://example.org/"


def literal(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


def engine_and_python(columns: list[list[ox.NamedNode | ox.Literal | ox.BlankNode | None]],
                      order: str) -> tuple[list[tuple], list[tuple] | None]:
    """Rows ?row ?a ?b (the cells of `columns`, None unbound) ordered by Oxigraph's ORDER BY
    `order`, and by sort_rows on the same rows fetched without it."""
    store = ox.Store()
    for index, cells in enumerate(zip(*columns)):
        row = ox.NamedNode(f"{EX}row/{index}")
        store.add(ox.Quad(row, ox.NamedNode(EX + "is"), ox.NamedNode(EX + "Row")))
        for name, cell in zip("ab", cells):
            if cell is not None:
                store.add(ox.Quad(row, ox.NamedNode(EX + name), cell))
    text = f"""SELECT ?row ?a ?b WHERE {{ ?row <{EX}is> <{EX}Row> .
      OPTIONAL {{ ?row <{EX}a> ?a }} OPTIONAL {{ ?row <{EX}b> ?b }} }} ORDER BY {order}"""
    engine = [tuple(solution) for solution in store.query(text)]
    unordered = split_order_by(text)
    assert unordered is not None
    rows = [tuple(solution) for solution in store.query(unordered.text)]
    return engine, sort_rows(("row", "a", "b"), rows, unordered.keys)


# --- cases whose order is certain: done in Python, and the same as the engine's --------------

@pytest.mark.parametrize("cells, order", [
    # unbound first, then IRIs by their text, then literals
    ([literal("b"), None, ox.NamedNode(EX + "z"), ox.NamedNode(EX + "a"), literal("a")], "?a"),
    # numbers by value, not by text; xsd:integer and xsd:decimal together
    ([literal("10", "integer"), literal("9", "integer"), literal("9.5", "decimal"),
      literal("-1", "integer")], "?a"),
    # strings with and without a language tag: by text, then datatype (rdf:langString
    # before xsd:string), then tag
    ([literal("b"), literal("a", language="en"), literal("a", language="ar"), literal("a"),
      literal("B", language="ar"), literal("ب", language="ar")], "?a"),
    # ISO dates, months and years, no time zone: as their text
    ([literal("2020-01-02", "date"), literal("2020-01", "gYearMonth"), literal("2019", "gYear"),
      literal("2020", "gYear"), literal("2020-01-10", "date"), literal("2019-12", "gYearMonth")],
     "?a"),
    ([literal("true", "boolean"), literal("false", "boolean")], "?a"),
    # descending: unbound last
    ([literal("3", "integer"), None, literal("12", "integer"), literal("7", "integer")],
     "DESC(?a)"),
])
def test_a_certain_order_is_the_engines(cells, order) -> None:
    engine, python = engine_and_python([cells, [None] * len(cells)], order + " ?row")
    assert python is not None
    assert python == engine


def test_several_keys_ascending_and_descending() -> None:
    a = [literal("x"), literal("y"), literal("x"), None, literal("y"), literal("x")]
    b = [literal("1", "integer"), literal("2", "integer"), literal("3", "integer"),
         literal("4", "integer"), None, literal("2", "integer")]
    for order in ("?a DESC(?b) ?row", "DESC(?a) ?b ?row", "ASC(?b) DESC(?a) DESC(?row)"):
        engine, python = engine_and_python([a, b], order)
        assert python == engine, order


# --- cases left to the engine ------------------------------------------------------------------

@pytest.mark.parametrize("cells", [
    [literal("10", "integer"), literal("9")],  # numbers and strings: no order SPARQL defines
    [literal("1.5e0", "double"), literal("2", "integer")],  # doubles are not compared here
    [literal("2020-01-02Z", "date"), literal("2020-01-03", "date")],  # a time zone
    [ox.BlankNode("x"), ox.NamedNode(EX + "a")],  # blank nodes have no text order
    [literal("x"), ox.Literal("x", datatype=ox.NamedNode(EX + "type"))],  # unknown datatype
])
def test_a_term_not_compared_here_leaves_the_order_to_the_engine(cells) -> None:
    _, python = engine_and_python([cells, [None] * len(cells)], "?a ?row")
    assert python is None


def test_a_tie_between_different_rows_leaves_the_order_to_the_engine() -> None:
    rows = [(ox.NamedNode(EX + "1"), literal("same")), (ox.NamedNode(EX + "2"), literal("same"))]
    assert sort_rows(("row", "a"), rows, [OrderKey("a")]) is None
    # equal numbers written differently are equal too
    rows = [(ox.NamedNode(EX + "1"), literal("10", "integer")),
            (ox.NamedNode(EX + "2"), literal("10.0", "decimal"))]
    assert sort_rows(("row", "a"), rows, [OrderKey("a")]) is None
    # identical rows are no tie: their order cannot show
    rows = [(ox.NamedNode(EX + "1"),), (ox.NamedNode(EX + "1"),)]
    assert sort_rows(("row",), rows, [OrderKey("row")]) == rows


TERMS = st.one_of(
    st.none(),
    st.sampled_from([ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b"), ox.NamedNode(EX + "ab"),
                     ox.BlankNode("n1")]),
    st.builds(literal, st.sampled_from(["a", "b", "A", "ab", "", "10", "9", "ب", "é"]),
              st.sampled_from([None, "string"]),
              st.sampled_from([None, None, "ar", "en", "ar-eg"])),
    st.builds(literal, st.sampled_from(["0", "9", "10", "-3", "2.50", "2.5", "abc"]),
              st.sampled_from(["integer", "decimal", "double", "int"])),
    st.builds(literal, st.sampled_from(["2020", "2020-01", "2020-01-02", "2020-01-02Z", "1999-12"]),
              st.sampled_from(["date", "gYearMonth", "gYear", "dateTime"])),
    st.builds(literal, st.sampled_from(["true", "false", "1"]), st.just("boolean")),
)
CONDITIONS = st.sampled_from(["?a", "DESC(?a)", "ASC(?a)"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(TERMS, TERMS), min_size=1, max_size=8), CONDITIONS,
       st.sampled_from(["?b", "DESC(?b)"]), st.booleans())
def test_python_order_is_never_other_than_the_engines(rows, first, second, tie_break) -> None:
    """Any mix of terms: sort_rows gives the engine's order, or declines (None)."""
    order = f"{first} {second}" + (" ?row" if tie_break else "")
    engine, python = engine_and_python([[a for a, _ in rows], [b for _, b in rows]], order)
    assert python is None or python == engine


# --- splitting ORDER BY off a query --------------------------------------------------------------

def test_split_keeps_the_query_and_projects_the_order_variables() -> None:
    text = """PREFIX ex: <http://example.org/>
# an ORDER BY ?x in a comment, and "ORDER BY ?y" in a string, are not the query's
SELECT DISTINCT ?a ?b
WHERE {
  { SELECT ?a WHERE { ?a ex:p "}" } ORDER BY ?a }
  OPTIONAL { ?a ex:q ?b } ?a ex:r ?hidden
}
ORDER BY DESC(?hidden) ?b asc(?a)
"""
    unordered = split_order_by(text)
    assert unordered is not None
    assert unordered.keys == (OrderKey("hidden", True), OrderKey("b"), OrderKey("a"))
    assert unordered.projection == ("a", "b") and unordered.distinct
    assert "SELECT DISTINCT ?a ?b ?hidden\n" in unordered.text
    assert "ORDER BY DESC" not in unordered.text
    assert "{ SELECT ?a WHERE { ?a ex:p \"}\" } ORDER BY ?a }" in unordered.text  # a subquery's own
    ox.Store().query(unordered.text)  # still valid SPARQL


@pytest.mark.parametrize("text", [
    "SELECT ?a WHERE { ?a ?p ?o }",  # no ORDER BY
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY (STR(?a))",  # an expression
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a LIMIT 10",  # cut after sorting
    "SELECT ?a WHERE { ?a ?p ?o } ORDER BY ?a OFFSET 2",
    "SELECT * WHERE { ?a ?p ?o } ORDER BY ?a",
    "SELECT (STR(?a) AS ?s) WHERE { ?a ?p ?o } ORDER BY ?s",
    "SELECT ?a (COUNT(*) AS ?n) WHERE { ?a ?p ?o } GROUP BY ?a ORDER BY ?a",
    "SELECT REDUCED ?a WHERE { ?a ?p ?o } ORDER BY ?a",
    "ASK { ?a ?p ?o }",
    "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o } ORDER BY ?a",
])
def test_split_declines_what_it_cannot_do_exactly(text: str) -> None:
    assert split_order_by(text) is None


def test_project_keeps_each_row_once_where_it_first_comes() -> None:
    x, y, k1, k2 = (ox.NamedNode(EX + n) for n in ("x", "y", "k1", "k2"))
    rows = [(x, k1), (y, k1), (x, k2)]
    assert project(("a", "key"), rows, ("a",), distinct=True) == [(x,), (y,)]
    assert project(("a", "key"), rows, ("a",), distinct=False) == [(x,), (y,), (x,)]


# Columns of one kind each (with unbound cells and IRIs), so that most examples are sorted here.
KINDS = {
    "text": st.builds(literal, st.text(alphabet="abAB ب1é", max_size=3), st.sampled_from([None, "string"]),
                      st.sampled_from([None, "ar", "en", "ar-eg"])),
    "number": st.one_of(st.builds(lambda n: literal(str(n), "integer"), st.integers(-20, 20)),
                        st.builds(lambda n: literal(f"{n / 4}", "decimal"), st.integers(-40, 40))),
    "date": st.one_of(st.builds(lambda y, m, d: literal(f"{y}-{m:02}-{d:02}", "date"),
                                st.integers(1999, 2001), st.integers(1, 12), st.integers(1, 28)),
                      st.builds(lambda y, m: literal(f"{y}-{m:02}", "gYearMonth"),
                                st.integers(1999, 2001), st.integers(1, 12)),
                      st.builds(lambda y: literal(str(y), "gYear"), st.integers(1999, 2001))),
    "boolean": st.builds(literal, st.sampled_from(["true", "false"]), st.just("boolean")),
}


def column(kind: str, size: int):
    cell = st.one_of(st.none(), st.sampled_from([ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b")]),
                     KINDS[kind], KINDS[kind], KINDS[kind])
    return st.lists(cell, min_size=size, max_size=size)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 10).flatmap(lambda n: st.tuples(
    st.sampled_from(sorted(KINDS)).flatmap(lambda k: column(k, n)),
    st.sampled_from(sorted(KINDS)).flatmap(lambda k: column(k, n)))),
    CONDITIONS, st.sampled_from(["?b", "DESC(?b)"]))
def test_python_order_of_one_kind_per_column_is_the_engines(columns, first, second) -> None:
    engine, python = engine_and_python(list(columns), f"{first} {second} DESC(?row)")
    assert python == engine
