"""Every queries/*.rq file is standard SPARQL 1.1 under a complete header, and runs the same on\ntwo engines (Oxigraph and rdflib)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ictgraph.paths import QUERIES_DIR
from ictgraph.queries import (QueryError, bind_parameters, load_catalogue, parse_query,
                              run_catalogue_query, run_sparql)
from ictgraph.store import open_store, source_files

CATALOGUE = load_catalogue()
FILES = sorted(QUERIES_DIR.glob("*.rq"))
ARABIC = re.compile("[\u0600-\u06ff]")


def test_the_catalogue_answers_the_seventeen_questions() -> None:
    assert len(CATALOGUE) >= 17
    assert set(CATALOGUE) == {path.stem for path in FILES}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_parses_with_rdflib(path: Path) -> None:
    prepareQuery(path.read_text(encoding="utf-8"))  # raises on anything but SPARQL 1.1


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_parses_and_binds_with_oxigraph(path: Path) -> None:
    query = CATALOGUE[path.stem]
    # Oxigraph refuses a substitution for a variable missing from the SELECT clause,
    # so this also checks that every parameter can be bound.
    substitutions = {ox.Variable(p.name): ox.Literal("x") for p in query.parameters}
    list(ox.Store().query(query.text, substitutions=substitutions))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_parameter_written_into_the_text_still_parses(path: Path) -> None:
    # On the embedded store the parameters are written into the query text (substitute.py);
    # a text that no longer parses falls back to a slower plan without a word, so each
    # parameter, alone and all together, must leave valid SPARQL behind.
    from ictgraph.queries import split_order_by
    from ictgraph.substitute import substitute

    query = CATALOGUE[path.stem]
    values = {p.name: ox.Literal("ar") if p.kind == "language"
              else ox.NamedNode("https://w3id.org/ictgraph/resource/example") for p in query.parameters}
    unordered = split_order_by(query.text)
    for text in [query.text] + ([unordered.text] if unordered is not None else []):
        for bound in [{name: value} for name, value in values.items()] + [values]:
            list(ox.Store().query(substitute(text, bound)))


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_header_is_complete(name: str) -> None:
    query = CATALOGUE[name]
    assert query.title("en") and ARABIC.search(query.title("ar"))
    assert query.description
    language = query.parameter("lang")
    assert language is not None and language.kind == "language" and language.default == "ar"
    for parameter in query.parameters:
        assert parameter.description
        assert parameter.required or parameter.default or parameter.when_omitted, parameter.name


def test_sets_header_names_the_columns_sorted_after_the_query(tmp_path: Path) -> None:
    query = parse_query("# title: T\n# title@ar: ت\n# description: d\n# sets: ?a, b\n"
                        "SELECT ?a ?b ?c {}", tmp_path / "q.rq")
    assert query.set_columns == ("a", "b")
    store = ox.Store()
    text = 'SELECT ?a ?c WHERE { BIND("z | b | m"@ar AS ?a) BIND("z | b" AS ?c) }'
    query = parse_query("# title: T\n# title@ar: ت\n# description: d\n# sets: a\n" + text,
                        tmp_path / "q.rq")
    row = run_catalogue_query(store, query, {}).result.rows[0]
    assert row[0] == ox.Literal("b | m | z", language="ar")
    assert row[1] == ox.Literal("z | b")  # not declared a set: left as the engine joined it


def test_header_mistakes_are_reported_with_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.rq"
    with pytest.raises(QueryError, match=r"bad.rq:2: header lines are"):
        parse_query("# title: T\n# titel@ar: ت\nSELECT * {}", path)
    with pytest.raises(QueryError, match=r"bad.rq: header lacks title@ar, description"):
        parse_query("# title: T\nSELECT * {}", path)
    with pytest.raises(QueryError, match=r"bad.rq:2: the last field"):
        parse_query("# title: T\n# param x: resource | any | sometimes\nSELECT * {}", path)
    with pytest.raises(QueryError, match="not a class with a known prefix"):
        parse_query("# title: T\n# param x: zz:Thing | any | required\nSELECT * {}", path)


@pytest.fixture(scope="module")
def rdflib_graph(built_graph_file: Path) -> Graph:
    """The same data as the store, in plain rdflib."""
    graph = Graph()
    for path in source_files(built_graph_file):
        graph.parse(path, format="turtle")
    return graph


@pytest.fixture(scope="module")
def oxigraph_store(built_graph_file: Path) -> ox.Store:
    return open_store(built_graph_file, store_dir=None)


def _cells(values: list[str]) -> tuple:
    # GROUP_CONCAT joins values in an order SPARQL leaves to the engine: compare them as sets.
    return tuple(tuple(sorted(v.split(" | "))) if " | " in v else v for v in values)


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_rdflib_gives_the_same_rows_as_oxigraph(name: str, oxigraph_store, rdflib_graph) -> None:
    query = CATALOGUE[name]
    values = {"lang": "en"}
    if query.parameter("resource"):
        values["resource"] = "res:meeting/gcc-undersecretaries-post-ict-28"
    bound, _ = bind_parameters(oxigraph_store, query, values)
    expected = run_sparql(oxigraph_store, query.text, bindings=bound)
    init = {k: URIRef(v.value) if isinstance(v, ox.NamedNode) else Literal(v.value) for k, v in bound.items()}
    rows = rdflib_graph.query(query.text, initBindings=init)
    actual = [_cells(["" if row[v] is None else str(row[v]) for v in expected.variables]) for row in rows]
    assert actual == [_cells(["" if t is None else t.value for t in row]) for row in expected.rows]
    assert actual, "no rows to compare"
