"""Shared fixtures: the graph built once from the bundled documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from ictgraph.build import build
from ictgraph.paths import DOCUMENTS_DIR

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def built_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/documents built by the real pipeline into a temporary file."""
    output = tmp_path_factory.mktemp("build") / "graph.ttl"
    build(DOCUMENTS_DIR, output)
    return output


@pytest.fixture(scope="session")
def built_graph(built_graph_file: Path) -> Graph:
    graph = Graph()
    graph.parse(built_graph_file, format="turtle")
    return graph


# Triplestores (Oxigraph, Virtuoso) and the export's input, started or loaded once per session.
from triplestore_helpers import export_graphs, oxigraph_server, virtuoso_server  # noqa: E402,F401
