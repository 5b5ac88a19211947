"""A local SPARQL 1.1 endpoint for the graph, with Oxigraph's server and query page.

The graph, the ontology and the reference data (what the embedded store holds) are
loaded into a fresh database in a temporary directory, served on the loopback
interface only, and the directory is removed when the server stops (or, when
`ictgraph serve` was killed, by the next one; the server stops with it). A copy,
not data/store itself: a query that rebuilds that store would pull the database
from under the server.

The server is read-only (`oxigraph serve-read-only`: no update, no Graph Store
Protocol writes) unless updates are allowed; they then change the copy only.
Queries get Oxigraph's --timeout-s (ICTGRAPH_QUERY_TIMEOUT, default 30 s), which
is coarse: Oxigraph checks it between steps of a query, so a query overruns it by
seconds, and an answer already streaming ends in an error text after a 200 status.
Oxigraph's server also runs SERVICE clauses: whoever can reach the port can make
it send HTTP requests.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable

from ictgraph.errors import IctgraphError
from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR

HOST = "127.0.0.1"
DEFAULT_PORT = 7878
_READY_TIMEOUT = 30.0  # seconds for the server to start listening


class ServeError(IctgraphError):
    """The server cannot be started."""


def oxigraph_binary() -> str:
    """The `oxigraph` server program: next to this Python (a venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if not found:
        raise ServeError("the oxigraph server is not installed (pip install oxigraph)")
    return found


def load_location(location: Path, files: list[Path]) -> None:
    """Load Turtle files into the default graph of an Oxigraph database at `location`."""
    for path in files:
        # Each file with its own base IRI, as the embedded store loads it.
        _run([oxigraph_binary(), "load", "--location", str(location), "--file", str(path),
              "--format", "ttl", "--base", Path(path).resolve().as_uri()], f"{path}: cannot load")


def serve(graph_file: Path = GRAPH_FILE, port: int = DEFAULT_PORT, *, allow_update: bool = False,
          time_limit: float | None = None,
          on_ready: Callable[[str], None] = lambda url: None) -> int:
    """Serve the graph at http://127.0.0.1:PORT/ until interrupted; the server's exit code.

    Read-only unless `allow_update`; `time_limit`: Oxigraph's time limit per query in
    seconds (None: none).
    """
    from ictgraph.store import source_files

    files = source_files(graph_file, ONTOLOGY_FILE, REFERENCE_DIR)
    _check_port_free(port)
    _remove_abandoned_copies()
    with tempfile.TemporaryDirectory(prefix=_COPY_PREFIX) as work:
        (Path(work) / _OWNER).write_text(str(os.getpid()), encoding="ascii")
        location, log = Path(work) / "db", Path(work) / "server.log"
        load_location(location, files)
        command = [oxigraph_binary(), "serve" if allow_update else "serve-read-only",
                   "--location", str(location), "--bind", f"{HOST}:{port}"]
        if time_limit:
            command += ["--timeout-s", str(max(1, math.ceil(time_limit)))]  # whole seconds
        with open(log, "wb") as log_file:  # a file, not a pipe: a full pipe would block the server
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log_file,
                                       preexec_fn=_stop_with(os.getpid()))
        try:
            _wait_until_listening(process, port, log)
            on_ready(f"http://{HOST}:{port}/")
            return _wait(process)
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


_COPY_PREFIX = "ictgraph-serve-"
_OWNER = "owner.pid"  # in each copy: the process of `ictgraph serve` that made it


def _remove_abandoned_copies() -> None:
    """Remove the database copies of servers whose `ictgraph serve` was killed (SIGKILL runs no
    cleanup): a copy is as large as the store. A copy whose owner file is missing may be
    being made now, and one whose process runs is in use: both are left."""
    for copy in Path(tempfile.gettempdir()).glob(f"{_COPY_PREFIX}*"):
        try:
            owner = int((copy / _OWNER).read_text(encoding="ascii"))
        except (OSError, ValueError):
            continue
        if not _running(owner):
            shutil.rmtree(copy, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _stop_with(parent: int) -> Callable[[], None] | None:
    """preexec_fn for the server: on Linux it gets SIGTERM when this process dies, even by
    SIGKILL, which runs no cleanup; else it would go on serving, holding the port. (The
    signal comes when the thread that started it ends: serve() waits in that thread.)"""
    if not sys.platform.startswith("linux"):
        return None

    def arrange() -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # died before the line above: no signal will come
            os._exit(1)
    return arrange


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _wait(process: subprocess.Popen) -> int:
    """Wait for the server; Ctrl-C or SIGTERM stop it (and the temporary database goes)."""
    def stop(_signum, _frame) -> None:
        raise KeyboardInterrupt

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        return 0  # how a user stops the server
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _check_port_free(port: int) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            raise ServeError(f"port {port} on {HOST} is in use; choose another with --port") from None


def _wait_until_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + _READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            message = log.read_text(encoding="utf-8", errors="replace").strip()
            last = message.splitlines()[-1] if message else f"exit code {process.returncode}"
            raise ServeError(f"the oxigraph server stopped: {last}")
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise ServeError(f"the oxigraph server did not listen on {HOST}:{port} within {_READY_TIMEOUT:g} s")


def _run(command: list[str], what: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise ServeError(f"{what}: {lines[-1] if lines else f'exit code {done.returncode}'}")
