"""Hostile ad-hoc SPARQL: no SERVICE (no network), no update, and a time limit on every query."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from cli_helpers import one_line_error, run

from ictgraph.errors import IctgraphError
from ictgraph.paths import ONTOLOGY_DIR, QUERIES_DIR, REFERENCE_DIR
from ictgraph.queries import QueryError, QueryTimeLimit, query_time_limit, run_sparql
from ictgraph.sparql_guard import RefusedQuery, check_read_only, update_keyword
from ictgraph.time_limit import ChildFailed, TimeLimitExceeded, call_with_time_limit

GRAPH = """@prefix ict: <https://w3id.org/ictgraph/ontology#> .
<https://w3id.org/ictgraph/resource/meeting/m1> a ict:Meeting ; ict:ordinal 1 .
"""
# Five unconstrained triple patterns: (triples)^5 rows, far beyond any time limit.
EXPLOSIVE = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . "
             "?m ?n2 ?o }")
PORT = "PORT"  # replaced by the listener's port


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


@pytest.fixture
def store() -> ox.Store:
    store = ox.Store()
    store.load(GRAPH.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    return store


class Listener:
    """A TCP port on 127.0.0.1 that records every connection made to it (and closes it)."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.settimeout(0.1)
        self.port = self.socket.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.socket.accept()
            except OSError:
                continue
            with connection:
                connection.settimeout(2)
                try:
                    self.connections.append(connection.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.socket.close()


@pytest.fixture
def listener():
    listener = Listener()
    yield listener
    listener.close()


# --- SERVICE ---------------------------------------------------------------------------------

# Ways to write a SERVICE call: each one reaches the network when nothing checks it.
SERVICE_SPELLINGS = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SeRvIcE SILENT <http://127.0.0.1:PORT/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z OPTIONAL { SELECT * WHERE { SERVICE <http://127.0.0.1:PORT/q> "
    "{ ?s ?p ?o } } } }",
    "SELECT * WHERE { ?x ?y ?z FILTER EXISTS { SERVICE <http://127.0.0.1:PORT/q> { ?s ?p ?o } } }",
    "PREFIX svc: <http://127.0.0.1:PORT/> SELECT * WHERE { SERVICE svc:q { ?s ?p ?o } }",
    # `<` after a variable in an expression is "less than", so `<?y)SERVICE#>` is no IRI: a
    # lexer that took it for one would miss the keyword (the engine reads a comment after it).
    "PREFIX svc: <http://127.0.0.1:PORT/> SELECT * WHERE { VALUES (?x ?y) { (1 2) } "
    "FILTER(?x<?y)SERVICE#>\nsvc:q { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment\nSERVICE <http://127.0.0.1:PORT/q> { ?s ?p ?o } }",
]


@pytest.mark.parametrize("query", SERVICE_SPELLINGS)
def test_each_service_spelling_reaches_the_network_unless_refused(query: str, store: ox.Store,
                                                                   listener: Listener) -> None:
    text = query.replace(PORT, str(listener.port))
    with pytest.raises(RefusedQuery, match="SERVICE is refused"):
        check_read_only(text)
    # The same text, unchecked, does reach the port: the refusal is what keeps it off the network.
    try:
        list(store.query(text))
    except (OSError, RuntimeError):
        pass  # the port answers nothing a SPARQL client can read
    assert listener.connections, "this spelling never reached the network"
    check_read_only(text, allow_service=True)  # allowed when asked for


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { VALUES ?where { <http://127.0.0.1:9/q> } SERVICE ?where { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } }",
])
def test_service_forms_oxigraph_does_not_run_are_refused_too(query: str) -> None:
    with pytest.raises(RefusedQuery, match="SERVICE is refused"):
        check_read_only(query)


# "SERVICE" as data, not as the keyword: each is a valid query that must run.
HARMLESS = [
    'SELECT * WHERE { ?s ?p "SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }" }',
    "SELECT * WHERE { ?s ?p 'service' }",
    'SELECT * WHERE { ?s ?p """multi\nline SERVICE <http://127.0.0.1:9/> {}\n""" }',
    r'SELECT * WHERE { ?s ?p "a \" SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } \"" }',
    "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
    "SELECT * WHERE { ?s a <https://w3id.org/ictgraph/ontology#Service> }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:SERVICE ?o }",
    "SELECT ?service WHERE { ?service ?p ?o }",
    "# SERVICE <http://127.0.0.1:9/> { ?s ?p ?o }\nSELECT * WHERE { ?s ?p ?o }",
    "SELECT * WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), \"SERVICE\")) }",
]


@pytest.mark.parametrize("query", HARMLESS)
def test_service_as_data_is_not_refused(query: str, store: ox.Store) -> None:
    check_read_only(query)
    run_sparql(store, query)  # a real query that runs


def test_a_query_that_mentions_service_and_does_not_parse_is_refused() -> None:
    with pytest.raises(RefusedQuery, match=r"q\.rq:1:\d+: the query mentions SERVICE and cannot be "
                                           r"checked"):
        check_read_only("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } ",
                        source="q.rq")


def test_the_cli_refuses_service_without_connecting(graph_file: Path, listener: Listener) -> None:
    text = SERVICE_SPELLINGS[0].replace(PORT, str(listener.port))
    line = one_line_error(run("sparql", "--graph", str(graph_file), "--query", text))
    assert line == ("ictgraph: error: --query: SERVICE is refused: a query may not call other "
                    "endpoints (--allow-service permits it)")
    time.sleep(0.3)  # a connection would be accepted within this
    assert listener.connections == []
    # With --allow-service the query goes out (and fails on this port, which answers nothing).
    allowed = run("sparql", "--graph", str(graph_file), "--allow-service", "--query", text)
    assert allowed.returncode == 1 and "Traceback" not in allowed.stderr
    assert listener.connections and listener.connections[0].startswith(b"POST /sparql ")


# --- updates ---------------------------------------------------------------------------------

UPDATES = [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT"),
    ("insert { ?s <urn:b> 1 } where { ?s ?p ?o }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("DELETE DATA { <urn:a> <urn:b> <urn:c> }", "DELETE"),
    ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH"),
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("CLEAR ALL", "CLEAR"),
    ("CREATE GRAPH <urn:g>", "CREATE"),
    ("DROP DEFAULT", "DROP"),
    ("COPY DEFAULT TO <urn:g>", "COPY"),
    ("MOVE <urn:g> TO DEFAULT", "MOVE"),
    ("ADD <urn:g> TO <urn:h>", "ADD"),
    ("PREFIX ex: <http://example.org/>\nBASE <http://example.org/>\n# comment\n"
     "INSERT DATA { ex:a ex:b ex:c }", "INSERT"),
    ("prefix ex:<http://example.org/>drop all", "DROP"),
]


@pytest.mark.parametrize("text, keyword", UPDATES)
def test_updates_are_refused_by_their_keyword(text: str, keyword: str) -> None:
    assert update_keyword(text) == keyword
    with pytest.raises(RefusedQuery, match=rf"^q: SPARQL Update \({keyword}\) is refused"):
        check_read_only(text, source="q", allow_service=True)


@pytest.mark.parametrize("text", [
    "SELECT ?insert WHERE { ?insert ?p \"DELETE\" }",
    "# DELETE everything\nASK { ?s ?p ?o }",
    "PREFIX insert: <http://example.org/> SELECT * WHERE { ?s insert:drop ?o }",
    "BASE <http://example.org/DROP> DESCRIBE <x>",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
])
def test_queries_with_update_words_in_them_are_queries(text: str, store: ox.Store) -> None:
    assert update_keyword(text) is None
    check_read_only(text)
    run_sparql(store, text)


def test_the_cli_refuses_an_update_and_the_graph_is_unchanged(graph_file: Path) -> None:
    before = hashlib.sha256(graph_file.read_bytes()).hexdigest()
    line = one_line_error(run("sparql", "--graph", str(graph_file), "--query", "CLEAR ALL"))
    assert line == ("ictgraph: error: --query: SPARQL Update (CLEAR) is refused: queries here "
                    "only read the graph")
    assert hashlib.sha256(graph_file.read_bytes()).hexdigest() == before
    count = run("sparql", "--graph", str(graph_file), "--format", "csv", "--query",
                "SELECT (COUNT(*) AS ?n) WHERE { "
                "<https://w3id.org/ictgraph/resource/meeting/m1> ?p ?o }")
    assert count.stdout.splitlines() == ["n", "2"]


# --- time limits -----------------------------------------------------------------------------

def test_an_explosive_query_stops_at_the_time_limit(graph_file: Path) -> None:
    start = time.monotonic()
    result = run("sparql", "--graph", str(graph_file), "--timeout", "1", "--query", EXPLOSIVE)
    elapsed = time.monotonic() - start
    line = one_line_error(result)
    assert line == ("ictgraph: error: --query: the query was stopped after the 1 s time limit "
                    "(--timeout SECONDS or ICTGRAPH_QUERY_TIMEOUT sets it; 0: no limit)")
    assert elapsed < 10


def test_a_catalogue_query_stops_at_the_limit_from_the_environment(graph_file: Path,
                                                                   tmp_path: Path) -> None:
    home = tmp_path / "project"
    shutil.copytree(ONTOLOGY_DIR, home / "ontology")
    shutil.copytree(REFERENCE_DIR, home / "data" / "reference")
    shutil.copytree(QUERIES_DIR, home / "queries")
    shutil.copy(graph_file, home / "data" / "graph.ttl")
    explosive = home / "queries" / "everything-five-times.rq"
    explosive.write_text("# title: Everything, five times\n# title@ar: كل شيء\n"
                         "# description: A cross product.\n" + EXPLOSIVE + "\n", encoding="utf-8")
    start = time.monotonic()
    result = run("query", "everything-five-times",
                 env={"ICTGRAPH_HOME": str(home), "ICTGRAPH_QUERY_TIMEOUT": "1"})
    assert time.monotonic() - start < 20  # the store is built first
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"ictgraph: error: {explosive}: the query was stopped after the 1 s time limit "
        "(--timeout SECONDS or ICTGRAPH_QUERY_TIMEOUT sets it; 0: no limit)")
    # The same catalogue answers an ordinary question within the same limit.
    ordinary = run("query", "virtual-meetings", "--format", "csv",
                   env={"ICTGRAPH_HOME": str(home), "ICTGRAPH_QUERY_TIMEOUT": "1"})
    assert ordinary.returncode == 0, ordinary.stderr


def test_the_time_limit_stops_oxigraph_and_its_process(tmp_path: Path) -> None:
    store = ox.Store()
    for i in range(60):
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)))
    pid_file = tmp_path / "pid"

    def explode() -> object:
        pid_file.write_text(str(os.getpid()), encoding="ascii")
        return list(store.query(EXPLOSIVE))  # runs for minutes inside Rust

    start = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match=r"^stopped after the 0\.5 s time limit$"):
        call_with_time_limit(explode, 0.5)
    assert time.monotonic() - start < 5
    child = int(pid_file.read_text(encoding="ascii"))
    assert child != os.getpid()
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # killed and reaped


def test_run_sparql_with_a_limit_answers_like_without(store: ox.Store) -> None:
    text = "SELECT ?m ?n WHERE { ?m ?p ?n FILTER(isLiteral(?n)) }"
    assert run_sparql(store, text, time_limit=10) == run_sparql(store, text)
    for i in range(60):  # enough triples for the five-fold product to run for minutes
        store.add(ox.Quad(ox.NamedNode(f"urn:s{i}"), ox.NamedNode("urn:p"), ox.Literal(i)))
    with pytest.raises(QueryError, match=r"^q: the query was stopped after the 0\.3 s time limit"):
        run_sparql(store, EXPLOSIVE, source="q", time_limit=0.3)
    with pytest.raises(QueryTimeLimit):
        run_sparql(store, EXPLOSIVE, time_limit=0.3)


def test_errors_in_the_child_come_back_as_they_were(store: ox.Store) -> None:
    with pytest.raises(QueryError, match=r"^q:1:\d+: invalid SPARQL"):
        run_sparql(store, "SELEC * WHERE {}", source="q", time_limit=10)

    def fail() -> None:
        raise KeyError("no such thing")

    with pytest.raises(KeyError, match="no such thing"):
        call_with_time_limit(fail, 10)


def test_a_child_that_dies_is_reported() -> None:
    with pytest.raises(ChildFailed, match=r"died without an answer \(signal 9\)"):
        call_with_time_limit(lambda: os.kill(os.getpid(), 9), 10)


@pytest.mark.parametrize("given, environment, expected", [
    (None, None, 30.0),
    (5.0, "7", 5.0),
    (None, "7.5", 7.5),
    (0.0, None, None),
    (None, "0", None),
])
def test_the_time_limit_setting(given, environment, expected, monkeypatch) -> None:
    if environment is None:
        monkeypatch.delenv("ICTGRAPH_QUERY_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("ICTGRAPH_QUERY_TIMEOUT", environment)
    assert query_time_limit(given) == expected


@pytest.mark.parametrize("environment", ["soon", "-1", "inf", "nan"])
def test_a_bad_time_limit_setting_is_one_error(environment: str, monkeypatch) -> None:
    monkeypatch.setenv("ICTGRAPH_QUERY_TIMEOUT", environment)
    with pytest.raises(IctgraphError, match=rf"^ICTGRAPH_QUERY_TIMEOUT='{environment}': expected "
                                            r"a number of seconds \(0: no limit\)$"):
        query_time_limit(None)
