"""How a catalogue query runs on the store (parameters written into the text, ORDER BY done in
Python, rows sent back from the time-limited child): exactly the answer of the query as written,
evaluated by Oxigraph with its own substitutions and its own ORDER BY."""

from __future__ import annotations

import pickle

import pyoxigraph as ox
import pytest
from query_helpers import store  # noqa: F401  (fixture)

from ictgraph.queries import bind_parameters, load_catalogue, run_catalogue_query, run_sparql
from ictgraph.results import SelectResult
from ictgraph.sparql_order import sort_rows, split_order_by

CATALOGUE = load_catalogue()
# Parameter values naming resources of the bundled graph, besides each query's defaults.
GIVEN = {
    "committee-meetings": {"committee": "res:committee/gcc-executive-egov"},
    "country-meetings": {"country": "Qatar"},
    "meeting-topics": {"topic": "res:topic/e-government"},
    "committee-hierarchy": {"organization": "res:org/gcc"},
    "body-members": {"body": "res:org/gcc"},
    "working-groups": {"committee": "res:committee/gcc-executive-egov"},
    "evidence": {"resource": "res:meeting/gcc-executive-egov-26"},
}


def as_written(store: ox.Store, name: str, values: dict[str, str]) -> SelectResult:
    """The query text as it is, parameters bound by Oxigraph, sorted by Oxigraph."""
    query = CATALOGUE[name]
    bound, _ = bind_parameters(store, query, values)
    result = run_sparql(store, query.text, bindings=bound)
    return result.with_sorted_sets(query.set_columns, " | ") if query.set_columns else result


def cases() -> list[tuple[str, dict[str, str]]]:
    out = []
    for name, query in CATALOGUE.items():
        if not any(p.required for p in query.parameters):
            out += [(name, {}), (name, {"lang": "en"})]
        if name in GIVEN:
            out.append((name, GIVEN[name]))
    return out


@pytest.mark.parametrize("name, values", cases(), ids=lambda v: str(v))
def test_catalogue_answer_is_the_query_as_written(store: ox.Store, name: str,
                                                  values: dict[str, str]) -> None:
    expected = as_written(store, name, values)
    answer = run_catalogue_query(store, CATALOGUE[name], values).result
    assert answer.variables == expected.variables
    assert answer.rows == expected.rows  # the same rows in the same order


def test_the_given_parameters_match_something(store: ox.Store) -> None:
    """The cases above with a parameter test something only if it names a resource."""
    for name, values in GIVEN.items():
        assert run_catalogue_query(store, CATALOGUE[name], values).result.rows, name


@pytest.mark.parametrize("name", [n for n, q in CATALOGUE.items()
                                  if not any(p.required for p in q.parameters)])
def test_every_catalogue_order_is_done_in_python_on_the_built_graph(store: ox.Store,
                                                                    name: str) -> None:
    """Each ORDER BY is on plain variables, and orders the rows totally (no two rows tie on
    every key): Python can sort it, and every store gives the rows in the same order."""
    query = CATALOGUE[name]
    unordered = split_order_by(query.text)
    assert unordered is not None, "ORDER BY on an expression: BIND it to a variable first"
    bound, _ = bind_parameters(store, query, {})
    result = run_sparql(store, unordered.text, bindings=bound)
    assert sort_rows(result.variables, result.rows, unordered.keys) is not None


def test_a_parameter_given_by_name_is_written_in_as_an_iri_and_narrows_the_search(
        store: ox.Store) -> None:
    answer = run_catalogue_query(store, CATALOGUE["country-meetings"], {"country": "قطر"})
    countries = {row[answer.result.variables.index("country")] for row in answer.result.rows}
    assert countries == {ox.NamedNode("https://w3id.org/ictgraph/resource/country/qa")}


def test_rows_come_back_whole_from_the_time_limited_child(store: ox.Store) -> None:
    query = CATALOGUE["people"]
    direct = run_catalogue_query(store, query, {}).result
    through_child = run_catalogue_query(store, query, {}, time_limit=30).result
    assert through_child == direct
    assert any(cell is None for row in direct.rows for cell in row)  # unbound cells travel too


def test_a_result_pickles_each_distinct_term_once() -> None:
    term = ox.Literal("اللجنة التنفيذية للحكومة الإلكترونية", language="ar")
    other = ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    result = SelectResult(("a", "b"), [(term, None)] * 500 + [(other, term)])
    data = pickle.dumps(result)
    assert pickle.loads(data) == result
    assert len(data) < 20 * 501  # the label is in it once, not 501 times
