"""A missing, damaged or stale store is rebuilt with a note, never a traceback; builds are atomic
and one at a time. The CLI runs on a copy of the project's data in a temporary ICTGRAPH_HOME."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox
import pytest

from ictgraph.paths import GRAPH_FILE, ONTOLOGY_DIR, QUERIES_DIR, REFERENCE_DIR
from ictgraph.store import DATABASE, LIVE, MANIFEST, open_store, source_files, stale_reason

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph", *args], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "ICTGRAPH_HOME": str(home)})


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A copy of the project's data (the bundled graph, ontology, reference data, queries)."""
    home = tmp_path / "project"
    shutil.copytree(ONTOLOGY_DIR, home / "ontology")
    shutil.copytree(REFERENCE_DIR, home / "data" / "reference")
    shutil.copytree(QUERIES_DIR, home / "queries")
    shutil.copy(GRAPH_FILE, home / "data" / "graph.ttl")
    return home


def store_dir(home: Path) -> Path:
    return home / "data" / "store"


def database(home: Path) -> Path:
    return store_dir(home) / LIVE / DATABASE


def sources(home: Path) -> dict[str, Path]:
    return {"graph_file": home / "data" / "graph.ttl",
            "ontology_file": home / "ontology" / "ictgraph.ttl",
            "reference_dir": home / "data" / "reference"}


def build_in_process(home: Path) -> None:
    open_store(store_dir=store_dir(home), **sources(home))


def is_current(home: Path) -> bool:
    return stale_reason(store_dir(home), source_files(**sources(home))) is None


def expected_count(home: Path) -> str:
    """The number of triples in the default graph (queries read it; the store's name index
    is a named graph of its own), from an in-memory store of the same files."""
    store = open_store(store_dir=None, **sources(home))
    return str(sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())))


def count(home: Path) -> subprocess.CompletedProcess[str]:
    return run(home, "sparql", "--format", "csv", "--query", COUNT)


def assert_rebuilt(result: subprocess.CompletedProcess[str], home: Path, reason: str) -> None:
    """The query answered, after one note saying the store was rebuilt and why."""
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == ["n", expected_count(home)]
    graph = home / "data" / "graph.ttl"
    verb = "building" if reason == "there is none yet" else "rebuilding"
    assert result.stderr.splitlines() == [
        f"ictgraph: {verb} the store {store_dir(home)} from {graph}: {reason}"]


def test_first_query_builds_the_store_then_reuses_it(home: Path) -> None:
    assert_rebuilt(count(home), home, "there is none yet")
    again = count(home)
    assert again.returncode == 0 and again.stderr == ""
    assert again.stdout.splitlines() == ["n", expected_count(home)]


def test_a_deleted_store_is_rebuilt(home: Path) -> None:
    build_in_process(home)
    shutil.rmtree(store_dir(home))
    assert_rebuilt(count(home), home, "there is none yet")
    shutil.rmtree(store_dir(home) / LIVE)
    assert_rebuilt(count(home), home, "it is missing")


def truncate_tables(db: Path) -> None:
    for table in db.glob("*.sst"):
        table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])


def junk_current(db: Path) -> None:
    (db / "CURRENT").write_bytes(b"\x00junk\xff" * 4)


def garble_keeping_size_and_time(db: Path) -> None:
    """Garble RocksDB's own manifest where no file date gives it away: RocksDB must notice."""
    manifest = next(db.glob("MANIFEST-*"))
    info = manifest.stat()
    data = bytearray(manifest.read_bytes())
    for i in range(len(data) // 3, len(data) // 3 + 64):
        data[i] ^= 0xFF
    manifest.write_bytes(bytes(data))
    os.utime(manifest, ns=(info.st_atime_ns, info.st_mtime_ns))


DAMAGE: list[tuple[str, Callable[[Path], None], str]] = [
    ("truncated tables", truncate_tables,
     r"it is damaged: its database file \d+\.sst changed after the build"),
    ("junk CURRENT", junk_current,
     "it is damaged: its database file CURRENT changed after the build"),
    ("deleted CURRENT", lambda db: (db / "CURRENT").unlink(),
     "it is damaged: its database file CURRENT is missing"),
    ("junk file", lambda db: (db / "junk.bin").write_bytes(os.urandom(512)),
     "it is damaged: an unknown file junk.bin is in its database"),
    ("garbled, same size and time", garble_keeping_size_and_time, "it is damaged: Corruption: .*"),
    ("database replaced by a file", lambda db: (shutil.rmtree(db), db.write_text("junk")),
     "its database is missing"),
    ("junk manifest", lambda db: (db.parent / MANIFEST).write_text("{ junk", encoding="utf-8"),
     "its manifest is missing or unreadable"),
    ("manifest of another format", lambda db: (db.parent / MANIFEST).write_text(
        json.dumps({"format": 1}), encoding="utf-8"), "it is in an older format"),
]


@pytest.mark.parametrize("damage, reason", [(d[1], d[2]) for d in DAMAGE],
                         ids=[d[0] for d in DAMAGE])
def test_a_damaged_store_is_rebuilt(home: Path, damage: Callable[[Path], None],
                                    reason: str) -> None:
    build_in_process(home)
    damage(database(home))
    result = count(home)
    assert result.returncode == 0, result.stderr
    graph = home / "data" / "graph.ttl"
    prefix = f"ictgraph: rebuilding the store {store_dir(home)} from {graph}: "
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(prefix), result.stderr
    assert re.fullmatch(reason, lines[0][len(prefix):])
    assert result.stdout.splitlines() == ["n", expected_count(home)]
    assert is_current(home)  # repaired for good


def test_a_catalogue_query_repairs_the_store_too(home: Path) -> None:
    first = run(home, "query", "virtual-meetings", "--format", "csv")
    assert first.returncode == 0, first.stderr
    junk_current(database(home))
    again = run(home, "query", "virtual-meetings", "--format", "csv")
    assert again.returncode == 0 and "Traceback" not in again.stderr
    assert again.stdout == first.stdout
    assert "rebuilding the store" in again.stderr


DAMAGED_WHILE_READING = """
from ictgraph.store import STORE_DIR, with_store
import pyoxigraph as ox
calls = []
def action(store):
    calls.append(store)
    if len(calls) == 1:  # the database is damaged under the open store, and RocksDB says so
        (STORE_DIR / "live" / "oxigraph" / "CURRENT").write_bytes(b"junk")
        ox.Store.read_only(str(STORE_DIR / "live" / "oxigraph"))
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
print("triples", with_store(action, on_rebuild=print), "calls", len(calls))
"""


def test_damage_found_while_reading_rebuilds_and_runs_again(home: Path) -> None:
    build_in_process(home)
    result = subprocess.run([sys.executable, "-c", DAMAGED_WHILE_READING], capture_output=True,
                            text=True, timeout=120, env={**os.environ, "ICTGRAPH_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    graph = home / "data" / "graph.ttl"
    assert result.stdout.splitlines() == [
        f"rebuilding the store {store_dir(home)} from {graph}: it is damaged: Corruption: "
        "CURRENT file does not end with newline",
        f"triples {expected_count(home)} calls 2"]
    assert is_current(home)


def test_a_changed_graph_is_detected_and_rebuilt(home: Path) -> None:
    build_in_process(home)
    graph = home / "data" / "graph.ttl"
    extra = "\n<urn:ictgraph:test:a> <urn:ictgraph:test:b> <urn:ictgraph:test:c> .\n"
    info = graph.stat()
    graph.write_text(graph.read_text(encoding="utf-8") + extra, encoding="utf-8")
    os.utime(graph, ns=(info.st_atime_ns, info.st_mtime_ns))  # the same time: the size tells
    assert_rebuilt(count(home), home, f"{graph} changed since it was built")
    ask = run(home, "sparql", "--query", "ASK { <urn:ictgraph:test:a> ?p ?o }")
    assert ask.stdout == "true\n"


def test_a_graph_touched_but_unchanged_costs_no_rebuild(home: Path) -> None:
    build_in_process(home)
    live = store_dir(home) / LIVE
    inode = live.stat().st_ino
    graph = home / "data" / "graph.ttl"
    later = graph.stat().st_mtime_ns + 5 * 10**9
    os.utime(graph, ns=(later, later))
    result = count(home)
    assert result.returncode == 0 and result.stderr == ""
    assert live.stat().st_ino == inode  # the same store
    # The manifest now has the new time, so the next check does not hash again.
    manifest = json.loads((live / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sources"][0]["mtime_ns"] == later


# --- atomic, one at a time ---------------------------------------------------------------------

def big_graph(path: Path, triples: int, ordinal_base: int = 0) -> None:
    """A graph that takes a second or more to load."""
    with open(path, "w", encoding="utf-8") as out:
        out.write("@prefix ict: <https://w3id.org/ictgraph/ontology#> .\n")
        for i in range(triples):
            out.write(f"<https://w3id.org/ictgraph/resource/meeting/x-{i}> ict:ordinal "
                      f"{ordinal_base + i} .\n")


OPEN = """
import sys
from pathlib import Path
from ictgraph.store import open_store
home = Path(sys.argv[1])
store = open_store(home / "data" / "graph.ttl", home / "data" / "store",
                   ontology_file=home / "ontology" / "ictgraph.ttl",
                   reference_dir=home / "data" / "reference",
                   on_rebuild=lambda note: print(note, flush=True))
print("open", len(store), flush=True)
"""


def open_in_another_process(home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", OPEN, str(home)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for_build_files(home: Path, seconds: float = 60) -> Path:
    """The build directory of a build in progress, once its database has files."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for build in store_dir(home).glob("build-*.tmp"):
            if any((build / DATABASE).glob("*")):
                return build
        time.sleep(0.01)
    pytest.fail("no build started")


def ask_ordinal(db: Path, ordinal: int) -> bool:
    query = f"ASK {{ ?m <https://w3id.org/ictgraph/ontology#ordinal> {ordinal} }}"
    return bool(ox.Store.read_only(str(db)).query(query))


def test_a_build_killed_midway_leaves_the_old_store(home: Path) -> None:
    graph = home / "data" / "graph.ttl"
    big_graph(graph, 10)
    build_in_process(home)
    big_graph(graph, 150_000, ordinal_base=1000)  # the next build takes a while
    builder = open_in_another_process(home)
    try:
        build = wait_for_build_files(home)
        builder.send_signal(signal.SIGKILL)
    finally:
        builder.wait(timeout=30)
    assert builder.returncode == -signal.SIGKILL
    # The half-built store never became the live one: the old store is whole and in place.
    assert build.is_dir()
    assert ask_ordinal(database(home), 9) and not ask_ordinal(database(home), 1000)
    assert stale_reason(store_dir(home), [graph]) is not None
    # The next query rebuilds, and the lock holder clears what the killed build left.
    result = count(home)
    assert result.returncode == 0 and "rebuilding the store" in result.stderr
    assert not build.exists()
    assert sorted(p.name for p in store_dir(home).iterdir()) == [".lock", LIVE]
    assert ask_ordinal(database(home), 1000)


def test_two_builds_at_once_run_one_after_the_other(home: Path) -> None:
    graph = home / "data" / "graph.ttl"
    big_graph(graph, 150_000)
    first = open_in_another_process(home)
    try:
        wait_for_build_files(home)
        second = open_in_another_process(home)  # starts while the first one builds
        second_out, second_err = second.communicate(timeout=120)
        first_out, _ = first.communicate(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert second.returncode == 0, second_err
    # The first built; the second waited for its lock, found the store current, built nothing.
    assert first_out.splitlines()[0].startswith("building the store ")
    assert first_out.splitlines()[-1].startswith("open ")
    assert second_out.splitlines() == [
        f"waiting for another process (pid {first.pid}) that is building the store "
        f"{store_dir(home)}", first_out.splitlines()[-1]]
    assert len(list(store_dir(home).glob("build-*.tmp"))) == 0
