"""The export and remote queries against OpenLink Virtuoso 7, through its digest-authenticated
endpoints (/sparql-auth, /sparql-graph-crud-auth) as the database administrator."""

from __future__ import annotations

import pytest

from ictgraph import export
from ictgraph.export import Connection, EndpointError, RemoteStore
from ictgraph.queries import get_query, load_catalogue, run_catalogue_query
from ictgraph.results import render
from ictgraph.store import open_store
from triplestore_helpers import VIRTUOSO_PASSWORD, VIRTUOSO_USER, run_cli

@pytest.fixture(scope="module")
def admin(monkeypatch_module) -> Connection:
    monkeypatch_module.setenv("ICTGRAPH_ENDPOINT_USER", VIRTUOSO_USER)
    monkeypatch_module.setenv("ICTGRAPH_ENDPOINT_PASSWORD", VIRTUOSO_PASSWORD)
    return Connection.from_environment()


@pytest.fixture(scope="module")
def monkeypatch_module():
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def _count(server, graph: str) -> int:
    return export.count_triples(server.query_url, graph, Connection())


@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_export_through_the_authenticated_endpoints_twice(virtuoso_server, export_graphs, admin,
                                                          protocol: str) -> None:
    graph = f"http://example.org/test/virtuoso-{protocol}"
    for _ in range(2):
        report = export.push(export_graphs, virtuoso_server.query_url, graph=graph,
                             protocol=protocol, connection=admin)
        assert report.server == "Virtuoso"
        assert report.endpoint.endswith("/sparql-graph-crud-auth" if protocol == "gsp" else "/sparql-auth")
        assert _count(virtuoso_server, graph) == len(export_graphs.merged())
    # More than Virtuoso's 10000-row result limit would not matter: the check is a COUNT.
    rows = RemoteStore(virtuoso_server.query_url, default_graph=graph, connection=Connection()).query(
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert len(list(rows)) == len(export_graphs.merged())


def test_without_credentials_the_store_refuses_and_nothing_changes(virtuoso_server, export_graphs,
                                                                  admin) -> None:
    graph = "http://example.org/test/virtuoso-refused"
    export.push(export_graphs, virtuoso_server.query_url, graph=graph, connection=admin)
    before = _count(virtuoso_server, graph)
    for protocol in ("gsp", "update"):
        with pytest.raises(EndpointError, match=r"HTTP 401 Unauthorized \(set ICTGRAPH_ENDPOINT_USER"):
            export.push(export_graphs, virtuoso_server.query_url, graph=graph, protocol=protocol,
                        connection=Connection())
    assert _count(virtuoso_server, graph) == before


def test_a_wrong_password_is_refused_and_never_printed(virtuoso_server, built_graph_file) -> None:
    secret = "not-the-dba-Pa55"
    result = run_cli("export", "-i", str(built_graph_file), "--endpoint", virtuoso_server.query_url,
                     env={"ICTGRAPH_ENDPOINT_USER": VIRTUOSO_USER, "ICTGRAPH_ENDPOINT_PASSWORD": secret})
    assert result.returncode == 1
    assert result.stderr.endswith("/sparql-graph-crud-auth: HTTP 401 Unauthorized "
                                  "(the credentials were refused)\n")
    assert secret not in result.stdout + result.stderr


@pytest.fixture(scope="module")
def exported_to_virtuoso(virtuoso_server, export_graphs, admin) -> str:
    export.push(export_graphs, virtuoso_server.query_url, connection=admin)
    return virtuoso_server.query_url


def _cases():
    for name, query in load_catalogue().items():
        required = {p.name: "res:country/qa" for p in query.parameters if p.required}
        for lang in ("ar", "en"):
            yield pytest.param(name, {**required, "lang": lang}, id=f"{name}-{lang}")


@pytest.mark.parametrize("name,params", list(_cases()))
def test_catalogue_queries_give_the_same_rows(exported_to_virtuoso, built_graph_file, name: str,
                                              params: dict[str, str]) -> None:
    # Compared as the CSV rows print, in any order: Virtuoso collates Arabic text in its own
    # order and keeps integer subtypes that Oxigraph turns into xsd:integer.
    local = run_catalogue_query(open_store(built_graph_file, store_dir=None), get_query(name), params)
    remote = run_catalogue_query(RemoteStore(exported_to_virtuoso, connection=Connection()),
                                 get_query(name), params)
    assert sorted(render(remote.result, "csv").splitlines()) == \
        sorted(render(local.result, "csv").splitlines())
    assert remote.bound == local.bound
