"""The embedded Oxigraph store the canned queries run on.

The store is a cache of three kinds of files, loaded into its default graph: the
generated graph (data/graph.ttl), the ontology and the reference data. Queries
read it instead of parsing Turtle on every call. It lives in data/store/ (not in
git) as `live/` (the Oxigraph database and a manifest naming the files it was
built from, with their size, modification time and SHA-256) and is rebuilt when
a file's content changed, or a file appeared or disappeared. A file whose size
and time are unchanged is taken as unchanged; one touched but not changed is
recognised by its SHA-256 and costs no rebuild.

A store that is missing, unreadable or damaged is rebuilt too, and `on_rebuild`
hears why, so the user is told. Damage is found three ways: the manifest also
records the size and time of each database file, so a file truncated, rewritten,
removed or added since the build shows without reading it (RocksDB does not
check every block: a garbled block can make a query spin and eat memory);
RocksDB reports a corrupt or missing file when opening the store; and, for a
damaged block, when a query reads it (see with_store).

A rebuild happens in a fresh `build-*.tmp/` directory next to `live/` and is
swapped in by renaming, so a crash leaves the old store or none (then the next
query rebuilds it), never half a store. Builders take a lock (data/store/.lock)
and wait for each other, so two processes never build at once and the second
finds the store current; the lock holder removes what crashed builds left.
Readers open the store read-only, take no lock, and several run at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, Callable, Iterator, Sequence, TypeVar

import pyoxigraph as ox

from ictgraph.errors import InputError
from ictgraph.lock import BuildLocked, build_lock
from ictgraph.name_index import index_names, name_index_quads
from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR, STORE_DIR

# Bump when the layout of a store changes, so that older stores are rebuilt.
STORE_FORMAT = 3  # 3: with the name index (name_index.py)
LIVE = "live"
DATABASE = "oxigraph"
MANIFEST = "manifest.json"
LOCK = ".lock"
NO_STORE_YET = "there is none yet"
# How long a builder waits for another one (seconds) before giving up.
_LOCK_WAIT = 600.0
T = TypeVar("T")


class StoreDamaged(InputError):
    """The store's database cannot be read."""


# How RocksDB (under Oxigraph) words a damaged or incomplete database.
_DAMAGE = re.compile(r"(Corruption|IO error)\b")


def is_damage(error: BaseException) -> bool:
    """True for an error of the store's database saying its files are damaged or missing."""
    return isinstance(error, (OSError, RuntimeError)) and bool(_DAMAGE.match(str(error)))


def source_files(graph_file: Path = GRAPH_FILE, ontology_file: Path = ONTOLOGY_FILE,
                 reference_dir: Path = REFERENCE_DIR, *, graph_written: bool = True) -> list[Path]:
    """The files a store holds, in load order: the graph, the ontology, the reference data.
    graph_written=False: the graph file is about to be written (StoreBuild)."""
    graph_file = Path(graph_file)
    if graph_written and not graph_file.is_file():
        raise InputError(f"{graph_file}: no such graph; run `ictgraph build` first")
    if not Path(ontology_file).is_file():
        raise InputError(f"{ontology_file}: ontology file missing")
    reference = sorted(Path(reference_dir).glob("*.ttl"))
    if not reference:
        raise InputError(f"{reference_dir}: no reference data (*.ttl) found")
    return [graph_file, Path(ontology_file), *reference]


def open_store(graph_file: Path = GRAPH_FILE, store_dir: Path | None = STORE_DIR, *,
               ontology_file: Path = ONTOLOGY_FILE, reference_dir: Path = REFERENCE_DIR,
               on_rebuild: Callable[[str], None] | None = None,
               damaged: str | None = None) -> ox.Store:
    """The store for `graph_file` with the ontology and the reference data.

    With a `store_dir`, the on-disk store there, opened read-only; it is built
    first when it is missing, stale (a source changed) or damaged (also when the
    caller found it so: `damaged` says how), and `on_rebuild` gets a line saying
    why. With `store_dir=None`, an in-memory store (for a graph file other than
    the project's).
    """
    files = source_files(graph_file, ontology_file, reference_dir)
    if store_dir is None:
        store = ox.Store()
        for path in files:
            _load(store, path, bulk=False)
        index_names(store)
        return store
    store_dir = Path(store_dir)
    reason = damaged or stale_reason(store_dir, files)
    if reason is None:
        try:
            return _open_live(store_dir)
        except StoreDamaged as exc:
            reason = damaged = str(exc)
    _rebuild(store_dir, files, reason, on_rebuild, recheck=damaged is None)
    try:
        return _open_live(store_dir)
    except StoreDamaged as exc:
        raise StoreDamaged(f"{store_dir}: rebuilt, and still {exc}") from exc


def is_current(store_dir: Path, files: Sequence[Path]) -> bool:
    """True when store_dir holds a complete store built from exactly these files as they are now."""
    return stale_reason(store_dir, files) is None


def stale_reason(store_dir: Path, files: Sequence[Path]) -> str | None:
    """Why the store in store_dir cannot serve these files as they are now; None when it can."""
    live = Path(store_dir) / LIVE
    if not live.exists():
        return NO_STORE_YET if not Path(store_dir).exists() else "it is missing"
    try:
        manifest = json.loads((live / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "its manifest is missing or unreadable"
    if not isinstance(manifest, dict) or manifest.get("format") != STORE_FORMAT:
        return "it is in an older format"
    if not (live / DATABASE).is_dir():
        return "its database is missing"
    damage = _database_damage(live / DATABASE, manifest.get("database"))
    if damage:
        return f"it is damaged: {damage}"
    built = manifest.get("sources")
    paths = [str(Path(f).resolve()) for f in files]
    if not isinstance(built, list) or [b.get("path") for b in built
                                       if isinstance(b, dict)] != paths:
        return "its source files are not the same"
    touched = False
    for path, stamp in zip(files, built):
        if _same_stat(path, stamp):
            continue
        if _sha256(path) != stamp.get("sha256"):
            return f"{path} changed since it was built"
        touched = True
    if touched:  # same content, new times: remember them so the next check is cheap
        _restamp(live, manifest, files)
    return None


def build_store(store_dir: Path, files: Sequence[Path]) -> int:
    """Load `files` into a new store and swap it in as store_dir/live; the number of triples.

    Waits while another process builds the same store (BuildLocked after a long wait).
    """
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    with build_lock(store_dir / LOCK, wait=_LOCK_WAIT):
        return _build_locked(store_dir, files)


class StoreBuild:
    """A new store loaded by another process from a graph the caller has made, while the
    caller goes on (checks the graph): on two cores they overlap. finish() swaps the store
    in, stamped with the files as they then are; abandon() drops it and keeps the live one.

    files are as for build_store: the graph file first, then the ontology and reference
    files. `graph` is a file that holds the graph file's triples (the staged Turtle, not in
    its place yet; N-Triples when its name ends in .nt). `own_graph`: that file is the build's own Turtle, whose
    triples the gate checks and whose writer is tested to read back strictly: it is parsed
    without checking each IRI and literal again (Oxigraph's lenient mode; a seventh of the
    loader's time at 10,000 articles), in pieces loaded side by side (_load_in_pieces: a
    third of the memory of one load of the whole file, in the same time). With `shapes`, the
    loader also checks the shapes' SHACL-SPARQL constraints on the first `checked` files
    (the graph and the ontology: what the gate validates) before it loads the others, and
    sparql_results() gives what it found: the store is on disk anyway, and that costs less
    time and memory than an in-memory copy of the graph for the checks.

    The loader is a new interpreter, not a fork: RocksDB's background threads do not
    survive a fork, and a forked child of a process that had opened a store waits for
    them forever.
    """

    def __init__(self, store_dir: Path, files: Sequence[Path],
                 graph: Path, *,
                 shapes: Path | None = None, checked: int = 2, own_graph: bool = False) -> None:
        self._store_dir = Path(store_dir)
        self._files = list(files)
        self._lock = contextlib.ExitStack()
        self._process: subprocess.Popen | None = None
        self._build: Path | None = None
        self._ended: tuple[str, str] | None = None  # the loader's output and errors
        self.check_seconds = 0.0  # how long the loader's SPARQL checks took, once it has ended
        self._graph_stamp: dict[str, object] | None = None  # see stamp_graph
        self._checked = shapes is not None
        self._store_dir.mkdir(parents=True, exist_ok=True)
        self._lock.enter_context(build_lock(self._store_dir / LOCK, wait=_LOCK_WAIT))
        try:
            _remove_leftovers(self._store_dir)
            # The files loaded from disk are stamped before loading, as in build_store; the
            # graph file, still being written, when it is complete.
            self._other_stamps = _stamps(self._files[1:])
            self._build = Path(tempfile.mkdtemp(prefix="build-", suffix=".tmp", dir=self._store_dir))
            self._build.chmod(0o755)
            checks = ([_CHECK_OPTION, str(shapes), str(checked), str(self._build / _RESULTS)]
                      if shapes is not None else [])
            if own_graph:
                checks.append(_OWN_GRAPH_OPTION)
            self._process = subprocess.Popen(
                [sys.executable, "-m", "ictgraph.store", str(self._build / DATABASE), *checks,
                 str(graph), *map(str, self._files[1:])],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except BaseException:
            self.abandon()
            raise

    def wait(self) -> None:
        """Wait for the loader to end; InputError if it failed."""
        assert self._process is not None
        if self._ended is None:
            self._ended = self._process.communicate()
            if self._process.returncode == 0:
                self.check_seconds = float(self._ended[0].split()[1])
        if self._process.returncode != 0:
            last = (self._ended[1].strip().splitlines() or [f"exit code {self._process.returncode}"])[-1]
            raise InputError(f"{self._store_dir}: the new store could not be loaded: {last}")

    def sparql_results(self) -> list:
        """The results (shacl.engine.RawResult) of the SPARQL constraints the loader checked,
        as soon as it has them: it then goes on with the name index and the compaction, for
        seconds on a large graph, while the caller finishes its report."""
        assert self._checked and self._build is not None and self._process is not None, \
            "StoreBuild made without shapes"
        results = self._build / _RESULTS
        while not results.exists() and self._process.poll() is None:
            time.sleep(_RESULTS_POLL)
        if not results.exists():
            self.wait()  # ended without them: InputError with the loader's reason
        return pickle.loads(results.read_bytes())

    def stamp_graph(self, staged: Path) -> None:
        """Stamp the graph file from `staged`, the same bytes before they are put in place
        (while the loader still works), instead of reading the file in finish()."""
        self._graph_stamp = _stamps([staged])[0]

    def finish(self) -> int:
        """Wait for the load, then swap the new store in; the number of triples."""
        assert self._process is not None and self._build is not None
        try:
            self.wait()
            assert self._ended is not None
            triples = int(self._ended[0].split()[0])
            (self._build / _RESULTS).unlink(missing_ok=True)
            manifest = {"format": STORE_FORMAT, "triples": triples,
                        "sources": [self._graph_file_stamp()] + self._other_stamps,
                        "database": _database_stamps(self._build / DATABASE)}
            (self._build / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            _swap_in(self._build, self._store_dir / LIVE)
        except BaseException:
            self.abandon()
            raise
        self._lock.close()
        return triples

    def _graph_file_stamp(self) -> dict[str, object]:
        graph = self._files[0]
        # A rename keeps the size and modification time; a rewrite changes them.
        if self._graph_stamp is not None and _same_stat(graph, self._graph_stamp):
            return {**self._graph_stamp, "path": str(Path(graph).resolve())}
        return _stamps([graph])[0]  # not taken, or the file changed since

    def abandon(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        if self._build is not None:
            shutil.rmtree(self._build, ignore_errors=True)
        self._lock.close()


_RESULTS = "sparql-results.pickle"
_RESULTS_POLL = 0.02  # seconds between looks for the loader's results
_CHECK_OPTION = "--check"
_OWN_GRAPH_OPTION = "--own-graph"


def _load_database(database: Path, files: Sequence[Path],
                   check: tuple[Path, int, Path] | None = None,
                   own_graph: bool = False) -> tuple[int, float]:
    """A new database of the files (Turtle; N-Triples for *.nt), with the name index; its
    number of triples, and the seconds the checks took. Closed when this returns.
    `own_graph`: see StoreBuild.
    check = (shapes, k, results): after the first k files, the shapes' SPARQL constraints
    are checked and their results pickled to the results file."""
    store = ox.Store(str(database))
    checked = 0.0
    for index, path in enumerate([*files, None]):  # None: after the last file
        if check is not None and index == min(check[1], len(files)):
            started = time.perf_counter()
            _check(store, check[0], check[2])
            checked = time.perf_counter() - started
        if path is None:
            continue
        own = own_graph and index == 0
        if own and path.suffix != ".nt":
            _load_in_pieces(store, path)
        else:
            _load(store, path, bulk=True, lenient=own)
    # The bulk loader leaves many overlapping files; compacted, the catalogue queries on a
    # 10,000-article store took a third less time (3.8 s here, once per build). The
    # compaction takes one core for seconds at the end of every build: the count and the
    # name index's query run beside it, on the other (at 10,000 articles the loader took
    # 0.5-1.6 s less).
    # The index is written after: its 13,000 quads need no compaction to be found, and
    # written during it they left the catalogue queries 5% slower.
    # (On an error the executor's exit waits for the compaction before the store closes.)
    with ThreadPoolExecutor(1, thread_name_prefix="compaction") as compaction:
        compacted = compaction.submit(store.optimize)
        triples = len(store)
        names = name_index_quads(store)
        compacted.result()
    store.extend(names)  # a graph of its own: every quad is new
    triples += len(names)
    store.flush()
    del store  # closes the database before its directory is renamed
    return triples, checked


def _check(store: ox.Store, shapes_file: Path, results: Path) -> None:
    try:
        found = sparql_constraint_results(store, shapes_file)
    except InputError as exc:  # the loader's last line of errors is what the build reports
        raise SystemExit(str(exc)) from exc
    # Complete or absent: the build reads it as soon as it is there, while this process
    # goes on with the name index and the compaction.
    staged = results.with_name(results.name + ".part")
    staged.write_bytes(pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(staged, results)


def sparql_constraint_results(store: ox.Store, shapes_file: Path) -> list:
    """The results (shacl.engine.RawResult) of the shapes' SHACL-SPARQL constraints on what
    `store` holds: the loader's check (StoreBuild), and StoreUpdate's."""
    from ictgraph.shacl.convert import parse_file
    from ictgraph.shacl.shapes import compile_shapes
    from ictgraph.shacl.sparql_process import runs_apart, sparql_results_on

    shapes = compile_shapes(parse_file(shapes_file))
    if not runs_apart(shapes):
        raise InputError(f"{shapes_file}: a SPARQL constraint's shape has targets other than classes")
    return sparql_results_on(shapes, store)


def with_store(action: Callable[[ox.Store], T], graph_file: Path | None = None, *,
               on_rebuild: Callable[[str], None] | None = None) -> T:
    """action(store) on the project's store, or with `graph_file` on an in-memory store of it.

    A store that proves damaged while the action reads it (StoreDamaged) is
    rebuilt and the action run once more.
    """
    if graph_file is not None:
        return action(open_store(graph_file, store_dir=None))
    store = open_store(on_rebuild=on_rebuild)
    try:
        return action(store)
    except (StoreDamaged, OSError, RuntimeError) as exc:
        if not (isinstance(exc, StoreDamaged) or is_damage(exc)):
            raise
        del store  # closes the damaged database before it is replaced
        reason = str(exc) if isinstance(exc, StoreDamaged) else f"it is damaged: {_one_line(exc)}"
    try:
        return action(open_store(on_rebuild=on_rebuild, damaged=reason))
    except StoreDamaged as exc:
        raise StoreDamaged(f"{STORE_DIR}: rebuilt, and still {exc}") from exc


def _rebuild(store_dir: Path, files: Sequence[Path], reason: str,
             on_rebuild: Callable[[str], None] | None, *, recheck: bool) -> None:
    store_dir.mkdir(parents=True, exist_ok=True)
    with _store_lock(store_dir, on_rebuild):
        # Another process may have rebuilt a stale store while this one waited for the lock.
        if recheck and stale_reason(store_dir, files) is None:
            return
        if on_rebuild:
            verb = "building" if reason == NO_STORE_YET else "rebuilding"
            on_rebuild(f"{verb} the store {store_dir} from {files[0]}: {reason}")
        _build_locked(store_dir, files)


@contextlib.contextmanager
def _store_lock(store_dir: Path, on_wait: Callable[[str], None] | None) -> Iterator[None]:
    """Hold the store's build lock, saying so when another process has it and this one waits."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(build_lock(store_dir / LOCK))
        except BuildLocked as busy:
            if on_wait:
                holder = f" (pid {busy.holder})" if busy.holder else ""
                on_wait(f"waiting for another process{holder} that is building the store "
                        f"{store_dir}")
            stack.enter_context(build_lock(store_dir / LOCK, wait=_LOCK_WAIT))
        yield


def _open_live(store_dir: Path) -> ox.Store:
    """The live store opened read-only; StoreDamaged when RocksDB cannot open it."""
    try:
        return ox.Store.read_only(str(store_dir / LIVE / DATABASE))
    except (OSError, RuntimeError) as exc:
        raise StoreDamaged(f"it is damaged: {_one_line(exc)}") from exc


def _build_locked(store_dir: Path, files: Sequence[Path]) -> int:
    _remove_leftovers(store_dir)
    # Stamped before loading: a file that changes during the load leaves a manifest
    # that no longer matches, so the next query rebuilds.
    stamps = _stamps(files)
    build = Path(tempfile.mkdtemp(prefix="build-", suffix=".tmp", dir=store_dir))
    try:
        build.chmod(0o755)  # mkdtemp's 0700 would make the live store private to its builder
        triples, _ = _load_database(build / DATABASE, files)
        manifest = {"format": STORE_FORMAT, "triples": triples, "sources": stamps,
                    "database": _database_stamps(build / DATABASE)}
        (build / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _swap_in(build, store_dir / LIVE)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return triples


def _load(store: ox.Store, path: Path, *, bulk: bool, lenient: bool = False,
          data: bytes | None = None) -> None:
    """Load a file (`data`: a part of it, read already)."""
    load = store.bulk_load if bulk else store.load
    syntax = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    source = {"path": str(path)} if data is None else {"input": data}
    try:
        load(**source, format=syntax, base_iri=path.resolve().as_uri(), lenient=lenient)
    except SyntaxError as exc:
        raise InputError(f"{path}: invalid {syntax.name}: {' '.join(str(exc).split())}") from exc


# The build's own graph is bulk-loaded in pieces, two at once (a bulk load releases the GIL).
# Given the whole file, the bulk loader parses the next million triples while it writes the
# last million: at 10,000 articles (4.3 million triples, standalone) it held 1.75 GB, and the
# build's peak (all its processes) was 3.0 GB. One 64 MB piece at a time held 0.9 GB but
# used one core: 30 s instead of 21. 16 MB pieces, two at once: 0.5 GB and 20 s, and the
# compaction after them took no longer.
_PIECE_BYTES = 16 << 20
_PIECES_AT_ONCE = 2


def _load_in_pieces(store: ox.Store, path: Path, size: int = _PIECE_BYTES,
                    at_once: int = _PIECES_AT_ONCE) -> None:
    """Bulk-load the build's own Turtle in pieces of whole blocks (_pieces), `at_once` of them
    loading side by side, parsed leniently (see StoreBuild). A piece that does not parse is
    reported as the first in the file that does not."""
    with open(path, "rb") as stream, \
            ThreadPoolExecutor(at_once, thread_name_prefix="piece") as loaders:
        loading: deque[tuple[int, Future]] = deque()
        for start, piece in _pieces(stream, size):
            if len(loading) == at_once:
                _loaded(path, *loading.popleft())
            loading.append((start, loaders.submit(_load, store, path, bulk=True, lenient=True,
                                                  data=piece)))
        while loading:
            _loaded(path, *loading.popleft())


def _loaded(path: Path, start: int, loading: Future) -> None:
    """Wait for a piece's load; InputError naming where the piece starts if it failed."""
    try:
        loading.result()
    except InputError as exc:
        raise InputError(f"{exc} (in the part from byte {start}, its lines counted "
                         f"from there, after the prefixes)") from exc


def _pieces(stream: BinaryIO, size: int) -> Iterator[tuple[int, bytes]]:
    """The build's own Turtle (serialize.py: @prefix lines and an empty line, then blocks that
    each end in an empty line; a literal's line breaks are escaped) in pieces of whole
    blocks of about `size` bytes, each after the prefixes: Turtle documents of their own.
    With each, where its blocks start in the file."""
    header = b""
    line = stream.readline()
    while line.startswith(b"@prefix "):
        header += line
        line = stream.readline()
    start = len(header)
    pending = line + stream.read(size)
    while True:
        more = stream.read(size)
        if not more:
            yield start, header + pending
            return
        cut = pending.rfind(b"\n\n")
        if cut < 0:  # a block longer than a piece
            pending += more
            continue
        yield start, header + pending[:cut + 2]
        start += cut + 2
        pending = pending[cut + 2:] + more


def _stamps(files: Sequence[Path]) -> list[dict[str, object]]:
    stamps = []
    for path in files:
        try:
            info = Path(path).stat()
            digest = _sha256(path)
        except FileNotFoundError as exc:
            raise InputError(f"{path}: file missing") from exc
        stamps.append({"path": str(Path(path).resolve()), "size": info.st_size,
                       "mtime_ns": info.st_mtime_ns, "sha256": digest})
    return stamps


def _database_stamps(database: Path) -> dict[str, list[int]]:
    """Size and modification time of each file of a closed database, by name."""
    stamps = {}
    for path in sorted(database.iterdir()):
        if not _volatile(path.name):
            info = path.stat()
            stamps[path.name] = [info.st_size, info.st_mtime_ns]
    return stamps


def _database_damage(database: Path, stamps: object) -> str | None:
    """What changed in the database directory since the build; None when nothing did."""
    if not isinstance(stamps, dict):
        return "its manifest lists no database files"
    try:
        present = {p.name: p for p in database.iterdir() if not _volatile(p.name)}
    except OSError as exc:
        return f"its database cannot be listed ({exc.strerror})"
    for name in sorted(set(stamps) | set(present)):
        if name not in present:
            return f"its database file {name} is missing"
        if name not in stamps:
            return f"an unknown file {name} is in its database"
        try:
            info = present[name].stat()
        except OSError:
            return f"its database file {name} cannot be read"
        if [info.st_size, info.st_mtime_ns] != stamps[name]:
            return f"its database file {name} changed after the build"
    return None


def _volatile(name: str) -> bool:
    """RocksDB's info logs and lock file, which are not data."""
    return name.startswith("LOG") or name == "LOCK"


def _same_stat(path: Path, stamp: dict) -> bool:
    try:
        info = Path(path).stat()
    except OSError:
        return False
    return stamp.get("size") == info.st_size and stamp.get("mtime_ns") == info.st_mtime_ns


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _restamp(live: Path, manifest: dict, files: Sequence[Path]) -> None:
    """Rewrite the manifest with the files' current times (best effort: a reader may lack
    the right to write, or a builder may be swapping the store)."""
    with contextlib.suppress(OSError, InputError):
        sources = _stamps(files)
        if [s["sha256"] for s in sources] != [s.get("sha256") for s in manifest["sources"]]:
            return  # changed in the meantime: leave it to the next check
        updated = {**manifest, "sources": sources}
        handle, temporary = tempfile.mkstemp(prefix="manifest-", suffix=".tmp", dir=live)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(updated, indent=1))
            os.replace(temporary, live / MANIFEST)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _swap_in(build: Path, live: Path) -> None:
    """Make `build` the live store: move the old one aside, rename, then delete the old one."""
    old = live.with_name(f"old-{uuid.uuid4().hex}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.rename(live, old)
    try:
        os.rename(build, live)
    except OSError:
        if not live.is_dir():
            raise
        # Another process swapped in its own build meanwhile: equally fresh, keep it.
        shutil.rmtree(build, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def _remove_leftovers(store_dir: Path) -> None:
    """Remove what crashed builds left (called with the lock held: no build is running)."""
    for leftover in [*store_dir.glob("build-*.tmp"), *store_dir.glob("old-*.tmp")]:
        shutil.rmtree(leftover, ignore_errors=True)


def _main(argv: Sequence[str]) -> None:
    """The loader StoreBuild starts:
    DATABASE [--check SHAPES K RESULTS] [--own-graph] FILE...
    -> prints the number of triples and the seconds the checks took."""
    database, rest = Path(argv[0]), list(argv[1:])
    check = None
    if rest[:1] == [_CHECK_OPTION]:
        check = (Path(rest[1]), int(rest[2]), Path(rest[3]))
        rest = rest[4:]
    own_graph = rest[:1] == [_OWN_GRAPH_OPTION]
    if own_graph:
        rest = rest[1:]
    triples, checked = _load_database(database, [Path(name) for name in rest], check, own_graph)
    print(triples, f"{checked:.6f}")


if __name__ == "__main__":
    _main(sys.argv[1:])
