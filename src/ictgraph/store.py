"""The embedded Oxigraph store the canned queries run on.

The store is a cache of three kinds of files, loaded into its default graph: the
generated graph (data/graph.ttl), the ontology and the reference data. Queries
read it instead of parsing Turtle on every call. It lives in data/store/ (not in
git) as `live/` (the Oxigraph database and a manifest naming the files it was
built from, with their size and modification time) and is rebuilt when a file
changed, appeared or disappeared.

A rebuild happens in a fresh `build-*.tmp/` directory next to `live/` and is
swapped in by renaming, so a crash leaves the old store or none (then the next
query rebuilds it), never half a store. Readers open the store read-only, so
several queries can run at once.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path
from typing import Sequence

import pyoxigraph as ox

from ictgraph.errors import InputError
from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR, STORE_DIR

# Bump when the layout of a store changes, so that older stores are rebuilt.
STORE_FORMAT = 1
LIVE = "live"
DATABASE = "oxigraph"
MANIFEST = "manifest.json"
# Build directories left by a crashed process are removed once this old (seconds);
# younger ones may belong to a build still running in another process.
_STALE_BUILD_AGE = 3600


def source_files(graph_file: Path = GRAPH_FILE, ontology_file: Path = ONTOLOGY_FILE,
                 reference_dir: Path = REFERENCE_DIR) -> list[Path]:
    """The files a store holds, in load order: the graph, the ontology, the reference data."""
    graph_file = Path(graph_file)
    if not graph_file.is_file():
        raise InputError(f"{graph_file}: no such graph; run `ictgraph build` first")
    if not Path(ontology_file).is_file():
        raise InputError(f"{ontology_file}: ontology file missing")
    reference = sorted(Path(reference_dir).glob("*.ttl"))
    if not reference:
        raise InputError(f"{reference_dir}: no reference data (*.ttl) found")
    return [graph_file, Path(ontology_file), *reference]


def open_store(graph_file: Path = GRAPH_FILE, store_dir: Path | None = STORE_DIR, *,
               ontology_file: Path = ONTOLOGY_FILE,
               reference_dir: Path = REFERENCE_DIR) -> ox.Store:
    """The store for `graph_file` with the ontology and the reference data.

    With a `store_dir`, the on-disk store there, rebuilt first when it is missing or
    older than its files, and opened read-only. With `store_dir=None`, an in-memory
    store (for a graph file other than the project's).
    """
    files = source_files(graph_file, ontology_file, reference_dir)
    if store_dir is None:
        store = ox.Store()
        for path in files:
            _load(store, path, bulk=False)
        return store
    store_dir = Path(store_dir)
    if not is_current(store_dir, files):
        build_store(store_dir, files)
    return ox.Store.read_only(str(store_dir / LIVE / DATABASE))


def is_current(store_dir: Path, files: Sequence[Path]) -> bool:
    """True when store_dir holds a complete store built from exactly these files as they are now."""
    live = Path(store_dir) / LIVE
    try:
        manifest = json.loads((live / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (isinstance(manifest, dict) and manifest.get("format") == STORE_FORMAT
            and manifest.get("sources") == _stamps(files) and (live / DATABASE).is_dir())


def build_store(store_dir: Path, files: Sequence[Path]) -> int:
    """Load `files` into a new store and swap it in as store_dir/live; the number of triples."""
    store_dir = Path(store_dir)
    store_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_builds(store_dir)
    # Stamped before loading: a file that changes during the load leaves a manifest
    # that no longer matches, so the next query rebuilds.
    stamps = _stamps(files)
    build = Path(tempfile.mkdtemp(prefix="build-", suffix=".tmp", dir=store_dir))
    try:
        build.chmod(0o755)  # mkdtemp's 0700 would make the live store private to its builder
        store = ox.Store(str(build / DATABASE))
        for path in files:
            _load(store, path, bulk=True)
        store.flush()
        triples = len(store)
        del store  # closes the database before its directory is renamed
        manifest = {"format": STORE_FORMAT, "triples": triples, "sources": stamps}
        (build / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        _swap_in(build, store_dir / LIVE)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    return triples


def _load(store: ox.Store, path: Path, *, bulk: bool) -> None:
    load = store.bulk_load if bulk else store.load
    try:
        load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri())
    except SyntaxError as exc:
        raise InputError(f"{path}: invalid Turtle: {' '.join(str(exc).split())}") from exc


def _stamps(files: Sequence[Path]) -> list[dict[str, object]]:
    stamps = []
    for path in files:
        try:
            info = Path(path).stat()
        except FileNotFoundError as exc:
            raise InputError(f"{path}: file missing") from exc
        stamps.append({"path": str(Path(path).resolve()), "size": info.st_size,
                       "mtime_ns": info.st_mtime_ns})
    return stamps


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


def _remove_stale_builds(store_dir: Path) -> None:
    now = time.time()
    for leftover in [*store_dir.glob("build-*.tmp"), *store_dir.glob("old-*.tmp")]:
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > _STALE_BUILD_AGE:
                shutil.rmtree(leftover, ignore_errors=True)
