"""Real triplestores for the tests, started once per session on 127.0.0.1 with free ports.

Oxigraph comes with the dev extras (the `oxigraph` server program); Virtuoso 7 is
the Debian package virtuoso-opensource, started with tests/virtuoso/virtuoso.ini in
a throwaway directory. A server that cannot be started skips its tests, unless
ICTGRAPH_REQUIRE_SERVERS=1 (set by .ci/run): then it is a failure.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ictgraph.serve import oxigraph_binary

ROOT = Path(__file__).resolve().parents[1]
VIRTUOSO_INI = ROOT / "tests" / "virtuoso" / "virtuoso.ini"
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"  # a fresh Virtuoso database's administrator


def unavailable(reason: str) -> None:
    """Skip (on a user's machine) or fail (in CI) when a server cannot be had."""
    if os.environ.get("ICTGRAPH_REQUIRE_SERVERS") == "1":
        pytest.fail(f"{reason} (ICTGRAPH_REQUIRE_SERVERS=1: CI must run these tests)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} within {seconds:g} s")


@dataclass
class Server:
    process: subprocess.Popen
    query_url: str
    location: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def start_oxigraph(location: Path, port: int | None = None) -> Server:
    """`oxigraph serve` on a database directory (kept across restarts)."""
    try:
        binary = oxigraph_binary()
    except Exception as exc:  # noqa: BLE001  the reason is shown in the skip
        unavailable(f"oxigraph server not available: {exc}")
    port = port or free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/query?query=ASK%7B%7D", process, 20)
    return Server(process, f"{base}/query", location)


def start_virtuoso(directory: Path) -> Server:
    """virtuoso-t in the foreground, its database in `directory`."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        unavailable("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    http_port = free_port()
    ini = VIRTUOSO_INI.read_text(encoding="utf-8")
    ini = ini.replace("{sql_port}", str(free_port())).replace("{http_port}", str(http_port))
    (directory / "virtuoso.ini").write_text(ini, encoding="utf-8")
    process = subprocess.Popen([binary, "+configfile", "virtuoso.ini", "+foreground"],
                               cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    try:
        wait_for(f"{base}/sparql?query=ASK%7B%7D", process, 60)
    except RuntimeError as exc:
        process.kill()
        unavailable(f"Virtuoso did not start: {exc}")
    return Server(process, f"{base}/sparql", directory)


# --- a fake endpoint that fails -------------------------------------------------------------

@dataclass
class FakeEndpoint:
    """An HTTP endpoint that answers the probe, then fails every POST/PUT as told.

    mode "error": HTTP 500; "hang": no answer until the test ends; "basic": 401
    unless the request carries `expected_auth`, then 500.
    """

    mode: str
    expected_auth: str | None = None
    requests: list[tuple[str, str, dict[str, str], bytes]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                self._answer(b"")

            def do_POST(self) -> None:
                self._answer(self.rfile.read(int(self.headers.get("Content-Length", 0))))

            do_PUT = do_POST

            def _answer(self, body: bytes) -> None:
                fake.requests.append((self.command, self.path, dict(self.headers), body))
                if self.command == "GET" and "query=" in self.path:
                    return self._send(200, b'{"head": {}, "boolean": true}',
                                      "application/sparql-results+json")
                if fake.mode == "basic" and self.headers.get("Authorization") != fake.expected_auth:
                    self.send_response(401)
                    self.send_header("WWW-Authenticate", 'Basic realm="fake"')
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if fake.mode == "hang":
                    fake.release.wait(30)
                    return None
                return self._send(500, b"the fake store is broken", "text/plain")

            def _send(self, status: int, body: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`ictgraph ARGS` in a subprocess, with `env` added to the environment."""
    full_env = {k: v for k, v in os.environ.items()
                if k not in ("ICTGRAPH_ENDPOINT_USER", "ICTGRAPH_ENDPOINT_PASSWORD")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "ictgraph", *args], capture_output=True,
                          text=True, env=full_env, timeout=timeout)


# --- session fixtures (registered by conftest.py) --------------------------------------------

@pytest.fixture(scope="session")
def export_graphs(built_graph_file: Path):
    """What `ictgraph export` sends for the freshly built graph (checked by SHACL once)."""
    from ictgraph.export import load_export_graphs

    return load_export_graphs(built_graph_file)


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory):
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory):
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


def ctrl_c_deliverable() -> None:
    """preexec_fn for a child the test stops with SIGINT, as Ctrl-C stops a foreground
    command: a test run started in the background (nohup, `&` in a script) ignores SIGINT,
    and its children would inherit that and never stop."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
