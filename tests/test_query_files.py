"""Every queries/*.rq file is standard SPARQL 1.1 under a complete header."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.plugins.sparql import prepareQuery

from ictgraph.paths import QUERIES_DIR
from ictgraph.queries import QueryError, load_catalogue, parse_query

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
