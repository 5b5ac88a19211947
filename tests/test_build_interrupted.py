"""A build killed at any moment loses nothing; two builds at once are refused, not interleaved."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictgraph.build import lock_file_of
from ictgraph.lock import build_lock
from ictgraph.paths import DOCUMENTS_DIR, ONTOLOGY_DIR, QUERIES_DIR, REFERENCE_DIR


def _cli(*args: str, home: Path) -> list[str]:
    return [sys.executable, "-m", "ictgraph", *args]


def _env(home: Path) -> dict[str, str]:
    return {**os.environ, "ICTGRAPH_HOME": str(home)}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A checkout with a built graph and store, and twenty articles to rebuild from."""
    home = tmp_path_factory.mktemp("project")
    shutil.copytree(ONTOLOGY_DIR, home / "ontology")
    shutil.copytree(REFERENCE_DIR, home / "data" / "reference")
    shutil.copytree(QUERIES_DIR, home / "queries")
    documents = home / "data" / "documents"
    documents.mkdir()
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
        shutil.copy(path, documents / path.name)
    built = subprocess.run(_cli("build", "--no-cache", home=home), env=_env(home),
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    # More articles, so that a rebuild takes long enough to be killed in each stage.
    for copy in range(4):
        for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
            text = path.read_text(encoding="utf-8") + f"\n(نسخة {copy})\n"
            (documents / f"copy{copy}_{path.name}").write_text(text, encoding="utf-8")
    return home


def _answer(home: Path, *graph: str) -> str:
    """A catalogue query from the store (or, with a graph file, from that file alone)."""
    args = ("--graph", *graph) if graph else ()
    result = subprocess.run(_cli("query", "people", "--format", "csv", *args, home=home),
                            env=_env(home), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def rebuilt(project: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, float]:
    """The graph a build of the twenty-five articles writes when nothing stops it, and how
    long that build takes here (with the store load, as the default output has)."""
    graph = project / "data" / "graph.ttl"
    before = graph.read_bytes()
    timings = []
    for _ in range(2):  # the faster of two: the first run may pay for cold caches
        start = time.monotonic()
        result = subprocess.run(_cli("build", "--no-cache", home=project), env=_env(project),
                                capture_output=True, text=True, timeout=300)
        timings.append(time.monotonic() - start)
        assert result.returncode == 0, result.stderr
    after = graph.read_bytes()
    graph.write_bytes(before)
    return after, min(timings)


# Kill points as shares of the whole build's time, so that each lands in another stage on
# any machine: reading and extracting, resolving and validating, writing, loading the store.
# With --jobs 2, validation and the store's load run in other processes (killed with the build).
@pytest.mark.parametrize("jobs, share", [("1", share) for share in (0.1, 0.3, 0.5, 0.7, 0.8)]
                         # a --jobs 2 build ends sooner than the --jobs 1 build timed above
                         + [("2", share) for share in (0.2, 0.4, 0.6)])
def test_a_build_killed_midway_leaves_a_whole_graph_and_a_store_that_answers_for_it(
        project: Path, rebuilt: tuple[bytes, float], jobs: str, share: float) -> None:
    rebuilt, seconds = rebuilt
    delay = share * seconds
    graph = project / "data" / "graph.ttl"
    before, answer = graph.read_bytes(), _answer(project)
    process = subprocess.Popen(_cli("build", "--no-cache", "--jobs", jobs, home=project), env=_env(project),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    time.sleep(delay)
    finished = process.poll() is not None
    try:
        os.killpg(process.pid, signal.SIGKILL)  # the build and its worker processes
    except ProcessLookupError:  # it ended just before
        finished = True
    process.wait(timeout=30)
    try:
        if finished:
            pytest.skip(f"the build finished within {delay} s: nothing was killed")
        after = graph.read_bytes()
        # Killed before the graph was replaced: the previous one, whole; after: the new one,
        # whole (the store, loaded next, is then rebuilt by the first query that needs it).
        assert after in (before, rebuilt)
        if after == before:
            assert _answer(project) == answer
        else:
            assert _answer(project) == _answer(project, str(graph))  # the store follows the graph
        # Killed while writing, the build may leave its hidden temporary file; the next
        # build removes it (test below).
        assert all(p.name.startswith(".graph.ttl.") for p in graph.parent.glob("*.tmp"))
    finally:
        graph.write_bytes(before)  # the next case starts from the same state


def test_the_next_build_removes_what_a_killed_one_left(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.ttl"
    leftover = tmp_path / ".graph.ttl.k1ll3d.tmp"
    leftover.write_text("half a graph", encoding="utf-8")
    other = tmp_path / ".other.ttl.k1ll3d.tmp"  # another output's: not this build's to remove
    other.write_text("x", encoding="utf-8")
    result = subprocess.run(_cli("build", "-o", str(output), home=project), env=_env(project),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not leftover.exists() and other.exists() and output.is_file()


def test_a_second_build_is_refused_while_one_runs(project: Path, tmp_path: Path) -> None:
    output = tmp_path / "graph.ttl"
    output.write_text("previous", encoding="utf-8")
    with build_lock(lock_file_of(output)):  # what a running build holds
        result = subprocess.run(_cli("build", "-o", str(output), home=project), env=_env(project),
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.startswith("ictgraph: error: another ictgraph build is running")
    assert len(result.stderr.splitlines()) == 1
    assert output.read_text(encoding="utf-8") == "previous"
    # Once the lock is free the build runs.
    again = subprocess.run(_cli("build", "-o", str(output), home=project), env=_env(project),
                           capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
