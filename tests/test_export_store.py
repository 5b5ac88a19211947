"""`ictgraph export --endpoint` and `ictgraph query --endpoint` against a real Oxigraph
server, and against a fake endpoint that fails or hangs."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path
from urllib.parse import parse_qs

import pyoxigraph as ox
import pytest

from ictgraph import export
from ictgraph.export import Connection, EndpointError, ExportGraphs, RemoteStore
from ictgraph.queries import get_query, load_catalogue, run_catalogue_query
from ictgraph.store import open_store
from triplestore_helpers import FakeEndpoint, free_port, run_cli, start_oxigraph

SECRET = "s3cret-Pa55-word"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


def stored(query_url: str, graph: str) -> set[ox.Triple]:
    """The graph's triples in the store, blank nodes relabelled canonically."""
    text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    triples = RemoteStore(query_url, default_graph=None, connection=Connection()).query(text)
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {q.triple for q in dataset}


def canonical(triples) -> set[ox.Triple]:
    """The triples as an Oxigraph store holds them, blank nodes relabelled canonically.

    Through a store because Oxigraph keeps integer subtypes (xsd:nonNegativeInteger,
    xsd:positiveInteger) as xsd:integer: the server does the same.
    """
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
    dataset = ox.Dataset(store)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {q.triple for q in dataset}


def smaller(graphs: ExportGraphs) -> ExportGraphs:
    """Another version of the export: the extracted graph cut by half."""
    extracted = graphs.parts[export.EXTRACTED_GRAPH]
    return ExportGraphs({**graphs.parts, export.EXTRACTED_GRAPH: extracted[: len(extracted) // 2]})


def catalogue_cases() -> list[tuple[str, dict[str, str]]]:
    cases = []
    for name, query in load_catalogue().items():
        required = {p.name: "res:country/qa" for p in query.parameters if p.required}
        for lang in ("ar", "en"):
            cases.append((name, {**required, "lang": lang}))
    return cases


# --- Oxigraph -----------------------------------------------------------------------------------

@pytest.mark.parametrize("protocol", ["gsp", "update"])
def test_export_replaces_the_graph_and_twice_leaves_the_same_store(
        oxigraph_server, export_graphs, protocol: str) -> None:
    graph = f"http://example.org/test/{protocol}"
    expected = canonical(export_graphs.merged())
    for _ in range(2):
        report = export.push(export_graphs, oxigraph_server.query_url, graph=graph,
                             protocol=protocol, connection=Connection())
        assert report.triples == len(expected) and report.server == "Oxigraph"
        assert stored(oxigraph_server.query_url, graph) == expected
    # Nothing else was left behind: no temporary graph.
    leftover = RemoteStore(oxigraph_server.query_url, default_graph=None, connection=Connection()).query(
        f"ASK {{ GRAPH <{export.temporary_graph(graph)}> {{ ?s ?p ?o }} }}")
    assert not bool(leftover)


def test_a_smaller_export_replaces_rather_than_adds(oxigraph_server, export_graphs) -> None:
    graph = "http://example.org/test/replace"
    export.push(export_graphs, oxigraph_server.query_url, graph=graph, connection=Connection())
    half = smaller(export_graphs)
    export.push(half, oxigraph_server.query_url, graph=graph, protocol="update", connection=Connection())
    assert stored(oxigraph_server.query_url, graph) == canonical(half.merged())


@pytest.fixture(scope="module")
def exported_to_oxigraph(oxigraph_server, export_graphs) -> str:
    export.push(export_graphs, oxigraph_server.query_url, connection=Connection())
    return oxigraph_server.query_url


@pytest.mark.parametrize("name,params", catalogue_cases())
def test_every_catalogue_query_gives_the_same_rows_remotely(exported_to_oxigraph, built_graph_file,
                                                            name: str, params: dict[str, str]) -> None:
    local = run_catalogue_query(_local_store(built_graph_file), get_query(name), params)
    remote = run_catalogue_query(RemoteStore(exported_to_oxigraph, connection=Connection()),
                                 get_query(name), params)
    assert remote.result == local.result
    assert remote.bound == local.bound and remote.warnings == local.warnings


_STORES: dict[Path, ox.Store] = {}


def _local_store(graph_file: Path) -> ox.Store:
    if graph_file not in _STORES:
        _STORES[graph_file] = open_store(graph_file, store_dir=None)
    return _STORES[graph_file]


@pytest.mark.parametrize("name,params", [
    ("country-meetings", {"country": "قطر"}),
    ("body-members", {"body": "GCC", "lang": "en"}),
    ("people", {"person": "res:person/nobody"}),
])
def test_parameters_given_as_names_resolve_remotely_as_locally(exported_to_oxigraph, built_graph_file,
                                                               name: str, params: dict[str, str]) -> None:
    local = run_catalogue_query(_local_store(built_graph_file), get_query(name), params)
    remote = run_catalogue_query(RemoteStore(exported_to_oxigraph, connection=Connection()),
                                 get_query(name), params)
    assert (remote.result, remote.bound, remote.warnings) == (local.result, local.bound, local.warnings)


def test_query_cli_prints_the_same_table_remotely(exported_to_oxigraph, built_graph_file) -> None:
    local = run_cli("query", "committee-meetings", "--lang", "en", "--graph", str(built_graph_file))
    remote = run_cli("query", "committee-meetings", "--lang", "en", "--endpoint", exported_to_oxigraph)
    assert remote.returncode == 0 and local.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and "rows" in remote.stdout


def test_export_cli_reports_the_push(oxigraph_server, built_graph_file, export_graphs) -> None:
    result = run_cli("export", "-i", str(built_graph_file), "--endpoint", oxigraph_server.query_url,
                     "--graph", "http://example.org/test/cli")
    assert result.returncode == 0, result.stderr
    count = len(export_graphs.merged())
    assert result.stdout.startswith(f"exported {count} triples to <http://example.org/test/cli> at ")
    assert "Graph Store Protocol" in result.stdout and f"the store counts {count}" in result.stdout


def test_a_server_killed_midway_leaves_the_previous_graph(tmp_path: Path, export_graphs) -> None:
    server = start_oxigraph(tmp_path / "db")
    graph = "http://example.org/test/killed"
    try:
        export.push(export_graphs, server.query_url, graph=graph, connection=Connection())
        before = stored(server.query_url, graph)

        def kill_after_first_batch(done: int, total: int) -> None:
            server.stop()

        with pytest.raises(EndpointError, match="connection refused|request failed"):
            export.push(smaller(export_graphs), server.query_url, graph=graph, protocol="update",
                        batch_size=300, connection=Connection(timeout=5),
                        on_progress=kill_after_first_batch)
        port = int(server.query_url.split(":")[2].split("/")[0])
        server = start_oxigraph(tmp_path / "db", port)
        assert stored(server.query_url, graph) == before
        # The next export clears what the interrupted one left in its temporary graph.
        export.push(export_graphs, server.query_url, graph=graph, protocol="update",
                    connection=Connection())
        assert stored(server.query_url, graph) == before
        leftover = RemoteStore(server.query_url, default_graph=None, connection=Connection()).query(
            f"ASK {{ GRAPH <{export.temporary_graph(graph)}> {{ ?s ?p ?o }} }}")
        assert not bool(leftover)
    finally:
        server.stop()


def test_a_graph_failing_shacl_never_reaches_the_store(oxigraph_server, built_graph_file: Path,
                                                       tmp_path: Path) -> None:
    graph = "http://example.org/test/refused"
    broken = tmp_path / "broken.ttl"
    broken.write_text(built_graph_file.read_text(encoding="utf-8")
                      + "\n<https://w3id.org/ictgraph/resource/meeting/x> a "
                        "<https://w3id.org/ictgraph/ontology#Meeting> ; "
                        '<https://w3id.org/ictgraph/ontology#ordinal> "first" .\n', encoding="utf-8")
    result = run_cli("export", "-i", str(broken), "--endpoint", oxigraph_server.query_url,
                     "--graph", graph)
    assert result.returncode == 1 and "SHACL violation" in result.stderr
    assert export.count_triples(oxigraph_server.query_url, graph, Connection()) == 0


# --- failing endpoints ----------------------------------------------------------------------

@pytest.fixture
def fake(request):
    endpoint = FakeEndpoint(request.param)
    yield endpoint
    endpoint.close()


def _updates(endpoint: FakeEndpoint) -> list[str]:
    return [parse_qs(body.decode("utf-8"))["update"][0] for method, _p, _h, body in endpoint.requests
            if method == "POST"]


@pytest.mark.parametrize("fake", ["error"], indirect=True)
def test_a_failing_endpoint_gives_one_line_and_moves_nothing(fake, export_graphs) -> None:
    with pytest.raises(EndpointError) as failure:
        export.push(export_graphs, f"{fake.url}/sparql", update_url=f"{fake.url}/update",
                    connection=Connection(timeout=5))
    assert str(failure.value) == (f"{fake.url}/update: HTTP 500 Internal Server Error: "
                                  "the fake store is broken")
    updates = _updates(fake)
    assert updates[0].startswith("DROP SILENT GRAPH")  # stopped at the first failure
    assert not any("MOVE" in u or "INSERT" in u for u in updates)


@pytest.mark.parametrize("fake", ["hang"], indirect=True)
def test_a_hanging_endpoint_fails_in_bounded_time(fake, export_graphs) -> None:
    start = time.monotonic()
    with pytest.raises(EndpointError, match=r"/update: no answer within 1 s"):
        export.push(export_graphs, f"{fake.url}/sparql", update_url=f"{fake.url}/update",
                    connection=Connection(timeout=1))
    assert time.monotonic() - start < 10
    assert not any("MOVE" in u for u in _updates(fake))


def test_an_unreachable_endpoint_gives_one_line(export_graphs) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens there
    with pytest.raises(EndpointError) as failure:
        export.push(export_graphs, url, connection=Connection(timeout=5))
    assert str(failure.value) == f"{url}: connection refused (is the server running?)"


def test_basic_credentials_come_from_the_environment_and_are_never_printed(built_graph_file) -> None:
    token = base64.b64encode(f"alice:{SECRET}".encode()).decode()
    fake = FakeEndpoint("basic", expected_auth=f"Basic {token}")
    try:
        env = {"ICTGRAPH_ENDPOINT_USER": "alice", "ICTGRAPH_ENDPOINT_PASSWORD": SECRET}
        result = run_cli("export", "-i", str(built_graph_file), "--endpoint", f"{fake.url}/sparql",
                         env=env)
        # The credentials were accepted (the fake then fails the update with a 500) ...
        assert result.returncode == 1 and "HTTP 500" in result.stderr
        assert any(h.get("Authorization") == f"Basic {token}" for m, _p, h, _b in fake.requests
                   if m == "POST")
        # ... and the password is in no output.
        assert SECRET not in result.stdout + result.stderr
        wrong = run_cli("export", "-i", str(built_graph_file), "--endpoint", f"{fake.url}/sparql",
                        env={**env, "ICTGRAPH_ENDPOINT_PASSWORD": "not-" + SECRET})
        assert wrong.returncode == 1
        assert wrong.stderr == (f"ictgraph: error: {fake.url}/sparql: HTTP 401 Unauthorized "
                                "(the credentials were refused)\n")
        assert SECRET not in wrong.stdout + wrong.stderr
    finally:
        fake.close()


def test_credentials_in_the_url_are_refused_without_being_printed(built_graph_file) -> None:
    result = run_cli("export", "-i", str(built_graph_file), "--endpoint",
                     f"http://alice:{SECRET}@127.0.0.1:9/sparql")
    assert result.returncode == 1 and "ICTGRAPH_ENDPOINT_USER" in result.stderr
    assert SECRET not in result.stderr


def test_blank_nodes_stay_in_one_batch() -> None:
    p = ox.NamedNode("http://example.org/p")
    a, b = ox.BlankNode("a"), ox.BlankNode("b")
    triples = [ox.Triple(ox.NamedNode(f"http://example.org/s{i}"), p, ox.Literal(str(i))) for i in range(5)]
    triples += [ox.Triple(ox.NamedNode("http://example.org/x"), p, a), ox.Triple(a, p, b),
                ox.Triple(b, p, ox.Literal("end"))]
    batches = export.batches(triples, 2)
    assert sorted((t for batch in batches for t in batch), key=str) == sorted(triples, key=str)
    holding = [batch for batch in batches if any(a in (t.subject, t.object) or b in (t.subject, t.object)
                                                 for t in batch)]
    assert len(holding) == 1 and len(holding[0]) == 3
    assert export.insert_request("http://example.org/g", holding[0]).endswith("WHERE {}")


def test_remote_answers_are_read_in_canonical_form() -> None:
    # Virtuoso's answers: booleans as "1"/"0", blank nodes labelled "nodeID://b1".
    body = json.dumps({"head": {"vars": ["v", "n", "b"]}, "results": {"bindings": [{
        "v": {"type": "typed-literal", "datatype": XSD_BOOLEAN, "value": "1"},
        "n": {"type": "typed-literal", "datatype": XSD_INTEGER, "value": "1"},
        "b": {"type": "bnode", "value": "nodeID://b10001"}}]}}).encode()
    row = next(iter(ox.parse_query_results(export._portable_terms(body),
                                           format=ox.QueryResultsFormat.JSON)))
    assert row["v"] == ox.Literal("true", datatype=ox.NamedNode(XSD_BOOLEAN))
    assert row["n"] == ox.Literal("1", datatype=ox.NamedNode(XSD_INTEGER))  # not a boolean: kept
    assert isinstance(row["b"], ox.BlankNode)
