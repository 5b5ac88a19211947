"""Running catalogue queries in tests: an in-memory store of the freshly built graph."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph.queries import get_query, run_catalogue_query
from ictgraph.results import SelectResult, compact
from ictgraph.store import open_store

RES = "res:"  # how compact() writes https://w3id.org/ictgraph/resource/


@pytest.fixture(scope="session")
def store(built_graph_file: Path) -> ox.Store:
    """The graph built from data/documents, with the ontology and the reference data."""
    return open_store(built_graph_file, store_dir=None)


def answer(store: ox.Store, name: str, lang: str = "ar", **params: str) -> list[dict[str, str]]:
    """The rows of a catalogue query, each cell as a table shows it (IRIs as res:...)."""
    result = run_catalogue_query(store, get_query(name), {**params, "lang": lang}).result
    assert isinstance(result, SelectResult)
    return [{var: compact(term) for var, term in zip(result.variables, row)} for row in result.rows]


def matching(rows: list[dict[str, str]], **expected: str) -> list[dict[str, str]]:
    """The rows whose cells equal every expected value."""
    return [row for row in rows if all(row.get(k) == v for k, v in expected.items())]


def column(rows: list[dict[str, str]], name: str) -> list[str]:
    return [row[name] for row in rows]
