"""`ictgraph serve`: the graph over SPARQL 1.1 on 127.0.0.1, with Oxigraph's query page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from ictgraph.export import Connection, RemoteStore
from ictgraph.store import open_store
from triplestore_helpers import ctrl_c_deliverable, free_port, unavailable


def test_serve_answers_sparql_and_shows_the_query_page(built_graph_file: Path) -> None:
    from ictgraph.serve import oxigraph_binary

    try:
        oxigraph_binary()
    except Exception as exc:  # noqa: BLE001
        unavailable(str(exc))
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "ictgraph", "serve", "--port", str(port),
                                "--graph", str(built_graph_file)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=ctrl_c_deliverable)
    try:
        line = process.stdout.readline()
        url = f"http://127.0.0.1:{port}/"
        assert line.startswith(f"serving the graph at {url} "), process.stderr.read() if not line else line
        count = RemoteStore(f"{url}query", default_graph=None, connection=Connection()).query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        local = open_store(built_graph_file, store_dir=None)  # default graph: not the name index
        assert int(next(iter(count))["n"].value) == \
            sum(1 for _ in local.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        with urllib.request.urlopen(url, timeout=5) as page:
            assert b"<html" in page.read(2000).lower()
        # Read-only: an update is refused.
        request = urllib.request.Request(f"{url}update", data=b"update=CLEAR%20ALL", method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(request, timeout=5)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()  # not left behind, holding its port, when the test fails
            process.wait()
            raise
    assert process.returncode in (0, -signal.SIGINT)


def test_a_busy_port_gives_one_line(built_graph_file: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "ictgraph", "serve", "--port", str(port),
                                 "--graph", str(built_graph_file)], capture_output=True, text=True,
                                timeout=30, env=os.environ.copy())
    assert result.returncode == 1
    assert result.stderr == (f"ictgraph: error: port {port} on 127.0.0.1 is in use; "
                             "choose another with --port\n")
