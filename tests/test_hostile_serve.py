"""`ictgraph serve` facing the network: on the loopback interface only, read-only unless asked."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from triplestore_helpers import ctrl_c_deliverable, free_port, unavailable

GRAPH = """@prefix ict: <https://w3id.org/ictgraph/ontology#> .
<https://w3id.org/ictgraph/resource/meeting/m1> a ict:Meeting ; ict:ordinal 1 .
"""
NEW_TRIPLE = "<urn:ictgraph:test:a> <urn:ictgraph:test:b> <urn:ictgraph:test:c>"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    from ictgraph.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except Exception as exc:  # noqa: BLE001  the reason is shown in the skip
        unavailable(str(exc))
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


class Served:
    """`ictgraph serve` running on a free port, and what it said when it started."""

    def __init__(self, graph_file: Path, *options: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ictgraph", "serve", "--port", str(self.port),
             "--graph", str(graph_file), *options],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_deliverable)
        self.first_line = self.process.stdout.readline().rstrip("\n")
        if not self.first_line:
            self.stop()
            pytest.fail(f"serve did not start: {self.process.stderr.read()}")

    def results(self, query: str) -> dict:
        """The SPARQL JSON results of a query sent by GET."""
        request = urllib.request.Request(
            f"{self.url}query?{urllib.parse.urlencode({'query': query})}",
            headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def ask(self, query: str) -> bool:
        return self.results(query)["boolean"]

    def count(self) -> int:
        answer = self.results("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        return int(answer["results"]["bindings"][0]["n"]["value"])

    def post(self, path: str, body: str, content_type: str) -> int:
        """POST to the server; its HTTP status."""
        request = urllib.request.Request(f"{self.url}{path}", data=body.encode("utf-8"),
                                         method="POST", headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def serve(graph_file: Path):
    servers: list[Served] = []

    def start(*options: str) -> Served:
        servers.append(Served(graph_file, *options))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def listening_addresses(port: int) -> set[str]:
    """The local addresses (hex, as the kernel lists them) with a socket listening on `port`."""
    addresses = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text(encoding="ascii").splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if int(port_hex, 16) == port and fields[3] == "0A":  # 0A: LISTEN
                addresses.add(address)
    return addresses


def test_read_only_by_default_on_the_loopback_interface(serve) -> None:
    server = serve()
    assert server.first_line == (f"serving the graph at {server.url} read-only "
                                 f"(SPARQL endpoint {server.url}query); Ctrl-C stops")
    if Path("/proc/net/tcp").exists():
        assert listening_addresses(server.port) == {"0100007F"}  # 127.0.0.1 only
    before = server.count()
    assert before > 2  # the graph, the ontology and the reference data
    update = f"INSERT DATA {{ {NEW_TRIPLE} }}"
    assert 400 <= server.post("update", update, "application/sparql-update") < 500
    assert 400 <= server.post("update", urllib.parse.urlencode({"update": "CLEAR ALL"}),
                              "application/x-www-form-urlencoded") < 500
    # The Graph Store Protocol does not write either.
    assert 400 <= server.post("store?default", f"{NEW_TRIPLE} .", "text/turtle") < 500
    assert server.count() == before
    assert not server.ask(f"ASK {{ {NEW_TRIPLE} }}")


def test_updates_only_when_allowed(serve) -> None:
    server = serve("--allow-update")
    assert server.first_line.startswith(f"serving the graph at {server.url} with updates allowed ")
    assert f"(SPARQL endpoint {server.url}query)" in server.first_line
    before = server.count()
    status = server.post("update", f"INSERT DATA {{ {NEW_TRIPLE} }}", "application/sparql-update")
    assert 200 <= status < 300
    assert server.ask(f"ASK {{ {NEW_TRIPLE} }}")
    assert server.count() == before + 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_a_killed_serve_takes_its_server_down(serve) -> None:
    """SIGKILL runs no cleanup in `ictgraph serve`: the oxigraph server it started must not
    go on serving the port on its own."""
    server = serve()
    assert server.count() > 2
    server.process.kill()
    server.process.wait(timeout=10)
    deadline = time.monotonic() + 10
    while listening_addresses(server.port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not listening_addresses(server.port), "the oxigraph server outlived ictgraph serve"


def test_a_killed_serves_database_copy_is_removed_by_the_next_serve(graph_file: Path,
                                                                    tmp_path: Path) -> None:
    """A killed `ictgraph serve` leaves its copy of the database (as large as the store) in
    the temporary directory; the next serve removes it, and leaves a running server's copy."""
    import os

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    abandoned = temporary / "ictgraph-serve-abandoned"
    in_use = temporary / "ictgraph-serve-in-use"
    being_made = temporary / "ictgraph-serve-being-made"
    for copy, owner in ((abandoned, gone.pid), (in_use, os.getpid()), (being_made, None)):
        (copy / "db").mkdir(parents=True)
        if owner is not None:
            (copy / "owner.pid").write_text(str(owner), encoding="ascii")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "ictgraph", "serve", "--port", str(port), "--graph", str(graph_file)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=ctrl_c_deliverable,
        env={**os.environ, "TMPDIR": str(temporary)})
    try:
        assert process.stdout.readline().startswith("serving the graph at")
        own = [p for p in temporary.glob("ictgraph-serve-*") if p not in (in_use, being_made)]
        assert len(own) == 1 and (own[0] / "owner.pid").read_text() == str(process.pid)
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=15)
    assert not abandoned.exists()
    assert in_use.is_dir() and being_made.is_dir()
