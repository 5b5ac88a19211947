"""The store updated with what an incremental build adds, instead of loaded again.

Loading a 10,000-article graph into a new store takes about 20 s; adding one article's
triples to the store takes a fraction of a second. The update is made on a copy of the
live store's database (its table files, which RocksDB never changes once written, linked
rather than copied; the rest copied), so that the live store stays as it is, readable,
until finish() swaps the copy in as store.py's StoreBuild does, under the same lock. An
error anywhere, or abandon(), leaves the live store and its manifest as they were.

The delta only adds triples (graph_delta.py), so the result is the store a full load of
the new graph file would give: the default graph is a set, and the name index of the new
graph is the old one plus the entries of the subjects that got triples
(name_index.index_names_of). The update is refused (StoreUpdateRefused: the caller loads
the store again instead) unless the live store is current for every file but the graph,
and was loaded from the graph the delta adds to.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from ictgraph.errors import IctgraphError, InputError
from ictgraph.graph_delta import GraphDelta
from ictgraph.lock import build_lock
from ictgraph.name_index import index_names_of
from ictgraph.store import (
    DATABASE, LIVE, LOCK, MANIFEST, STORE_FORMAT, _LOCK_WAIT, _database_damage,
    _database_stamps, _remove_leftovers, _same_stat, _sha256, _stamps, _swap_in, _volatile,
    sparql_constraint_results,
)


class StoreUpdateRefused(IctgraphError):
    """The live store cannot be updated with the delta: it has to be loaded again."""


class StoreUpdate:
    """The live store plus a delta, made on a copy while the live one stays as it is and
    readable; finish() swaps it in, abandon() drops it and keeps the live one.

    files are as for store.build_store: the graph file first, then the ontology and the
    reference files. The live store must hold these files as they are, but for the graph
    file, which the caller is rewriting: the store must have been loaded from the graph
    the delta adds to, whose SHA-256 is `base_sha256`; without it, files[0] must still be
    that graph when the update is made (the caller replaces it before finish()).

    `store` is the updated copy, open for reading and writing in this process until
    finish() or abandon(): the caller may read it (to validate), and must keep no
    reference to it, nor to a query's results, after that. `seconds` says how long each
    step took.
    """

    def __init__(self, store_dir: Path, files: Sequence[Path], delta: GraphDelta, *,
                 shapes: Path | None = None, base_sha256: str | None = None) -> None:
        self._store_dir = Path(store_dir)
        self._files = list(files)
        self._shapes = shapes
        self._lock = contextlib.ExitStack()
        self._build: Path | None = None
        self.seconds: dict[str, float] = {}
        self._store_dir.mkdir(parents=True, exist_ok=True)
        self._lock.enter_context(build_lock(self._store_dir / LOCK, wait=_LOCK_WAIT))
        try:
            _remove_leftovers(self._store_dir)
            manifest = _current_manifest(self._store_dir, self._files, base_sha256)
            self._other_stamps = _other_stamps(self._files[1:], manifest["sources"][1:])
            started = time.perf_counter()
            self._build = Path(tempfile.mkdtemp(prefix="build-", suffix=".tmp", dir=self._store_dir))
            self._build.chmod(0o755)  # as store.py's builds: the live store is not private
            _snapshot(self._store_dir / LIVE / DATABASE, self._build / DATABASE)
            self.store = ox.Store(str(self._build / DATABASE))
            self.seconds["copy"] = time.perf_counter() - started
            started = time.perf_counter()
            added = _new_quads(self.store, delta, self._store_dir)
            self.store.extend(added)
            self._triples: int = manifest["triples"] + len(added)
            # The subjects whose name index entries may change (see index_names_of).
            self._touched = {q.subject for q in added if isinstance(q.subject, ox.NamedNode)}
            self.seconds["insert"] = time.perf_counter() - started
        except BaseException:
            self.abandon()
            raise

    def sparql_results(self) -> list:
        """The results (shacl.engine.RawResult) of the shapes' SHACL-SPARQL constraints on the
        updated store, checked as StoreBuild's loader checks them."""
        assert self._shapes is not None, "StoreUpdate made without shapes"
        started = time.perf_counter()
        results = sparql_constraint_results(self.store, self._shapes)
        self.seconds["checks"] = time.perf_counter() - started
        return results

    def finish(self, graph_sha256: str | None = None) -> int:
        """Bring the name index up to date and swap the updated store in, stamped with the
        new graph file (in place by now; `graph_sha256`: its digest, when the caller has it
        from writing it); the number of triples."""
        assert self._build is not None, "StoreUpdate abandoned"
        try:
            graph_stamp = _graph_stamp(self._files[0], graph_sha256)
            started = time.perf_counter()
            self._triples += index_names_of(self.store, self._touched)
            self.seconds["index"] = time.perf_counter() - started
            started = time.perf_counter()
            self.store.flush()  # readers, opening it read-only, would replay the log each time
            self._close()
            database = self._build / DATABASE
            manifest = {"format": STORE_FORMAT, "triples": self._triples,
                        "sources": [graph_stamp] + self._other_stamps,
                        "database": _database_stamps(database)}
            (self._build / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            _swap_in(self._build, self._store_dir / LIVE)
            self.seconds["finish"] = time.perf_counter() - started
        except BaseException:
            self.abandon()
            raise
        self._build = None
        self._lock.close()
        return manifest["triples"]

    def abandon(self) -> None:
        """Drop the copy; the live store stays as it was."""
        self.__dict__.pop("store", None)
        if self._build is not None:
            _remove_tree(self._build)
            self._build = None
        self._lock.close()

    def _close(self) -> None:
        """Close the copy, so that its files are final when they are stamped and renamed."""
        del self.store
        database = self._build / DATABASE
        if _still_open(database):
            raise RuntimeError(f"{database}: the updated store is still open (a reference to "
                               f"StoreUpdate.store or to query results is kept)")


def _remove_tree(directory: Path, attempts: int = 10) -> None:
    """Remove the copy. A copy still open (finish() refused: the caller holds it) may have
    RocksDB's background threads adding a file while it goes: then it is tried again; what
    is left after that, the next update or build removes (store._remove_leftovers)."""
    for _ in range(attempts):
        shutil.rmtree(directory, ignore_errors=True)
        if not directory.exists():
            return
        time.sleep(0.02)


def _still_open(database: Path) -> bool:
    """Whether this process still has the database open: RocksDB keeps its LOCK file open
    as long as it is. Where /proc/self/fd is missing, RocksDB refusing to open it a second
    time says so (slower: 0.08 s on a large store)."""
    lock = str((database / "LOCK").resolve())
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        try:
            reopened = ox.Store(str(database))
        except OSError:
            return True
        del reopened
        return False
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed meanwhile (the listing's own, for one)
            if os.readlink(f"/proc/self/fd/{descriptor}") == lock:
                return True
    return False


def _current_manifest(store_dir: Path, files: Sequence[Path], base_sha256: str | None) -> dict:
    """The live store's manifest, when the store can be updated; StoreUpdateRefused saying
    why when not."""
    live = store_dir / LIVE

    def refuse(reason: str) -> StoreUpdateRefused:
        return StoreUpdateRefused(f"{store_dir}: the store cannot be updated: {reason}")

    if not live.is_dir():
        raise refuse("there is none")
    try:
        manifest = json.loads((live / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise refuse("its manifest is missing or unreadable") from None
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        raise refuse("it is in an older format")
    damage = _database_damage(live / DATABASE, manifest.get("database"))
    if damage:
        raise refuse(f"it is damaged: {damage}")
    sources = manifest.get("sources")
    if (not isinstance(manifest.get("triples"), int) or not isinstance(sources, list)
            or not all(isinstance(s, dict) for s in sources)):
        raise refuse("its manifest is incomplete")
    if [s.get("path") for s in sources] != [str(Path(f).resolve()) for f in files]:
        raise refuse("its source files are not the same")
    graph, base = files[0], sources[0]
    if base_sha256 is not None:
        if base.get("sha256") != base_sha256:
            raise refuse("it was loaded from another graph than the one the delta adds to")
    elif not _same_stat(graph, base) and (not Path(graph).is_file()
                                          or _sha256(graph) != base.get("sha256")):
        raise refuse(f"{graph} changed since it was built (the delta must add to that graph)")
    for path, stamp in zip(files[1:], sources[1:]):
        if not _same_stat(path, stamp) and (not Path(path).is_file()
                                            or _sha256(path) != stamp.get("sha256")):
            raise refuse(f"{path} changed since it was built")
    return manifest


def _other_stamps(files: Sequence[Path], built: Sequence[dict]) -> list[dict]:
    """The stamps of the files other than the graph, checked unchanged: the built ones, or
    the files' new times for those touched since."""
    return [stamp if _same_stat(path, stamp) else _stamps([path])[0]
            for path, stamp in zip(files, built)]


def _graph_stamp(graph: Path, sha256: str | None) -> dict[str, object]:
    try:
        info = Path(graph).stat()
    except FileNotFoundError:
        raise InputError(f"{graph}: file missing") from None
    return {"path": str(Path(graph).resolve()), "size": info.st_size,
            "mtime_ns": info.st_mtime_ns, "sha256": sha256 or _sha256(graph)}


def _snapshot(database: Path, target: Path) -> None:
    """A copy of a database no process writes (the lock is held; readers only read): its
    table files (*.sst, never changed once written, only deleted) hard-linked, the others
    (write-ahead log, manifest, options) copied. Not Store.backup: from a store opened
    read-only, it leaves out what is still only in the write-ahead log."""
    target.mkdir()
    for path in sorted(database.iterdir()):
        if _volatile(path.name):
            continue
        if path.suffix == ".sst":
            try:
                os.link(path, target / path.name)
                continue
            except OSError:  # a file system without hard links: copied
                pass
        shutil.copy2(path, target / path.name)


def _new_quads(store: ox.Store, delta: GraphDelta, store_dir: Path) -> list[ox.Quad]:
    """The delta's triples as quads of the default graph, those the store lacks (a triple
    new to the graph may be in the ontology or the reference data). Parsed into a store of
    their own first: a store keeps some literals in another form than they are written
    ("1"^^xsd:nonNegativeInteger as "1"^^xsd:integer), and two triples it holds as one
    must count once."""
    text = "".join(f"{s} {p} {o} .\n" for s, p, o in delta.triples())
    parsed = ox.Store()
    try:
        parsed.load(input=text.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise InputError(f"{store_dir}: the delta has an invalid triple: "
                         f"{' '.join(str(exc).split())}") from exc
    return [quad for quad in parsed if quad not in store]
