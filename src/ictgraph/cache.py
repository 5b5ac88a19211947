"""The extraction cache: a document whose bytes and rules are unchanged is not read again.

An entry is keyed by the document (its SHA-256 and the file names it came under,
since evidence names the file) and by the rules' digest: RULES_VERSION, the
package version, and the bytes of every pattern file, word list and reference
file the extractors read. Editing a pattern therefore invalidates the cache
without anyone remembering to bump a number.

Entries are pickles in one SQLite database per rules digest, written a few
megabytes per transaction (flush): a file per entry cost 0.2 ms of
system time each to create, 2 CPU-seconds of a 10,000-article build while every
core was busy extracting. An entry, or a database, that cannot be read is treated
as missing, never as an error; one that cannot be written costs time, not
correctness.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sqlite3
from pathlib import Path

from ictgraph import __version__, paths
from ictgraph.extract.pipeline import RULES_VERSION, Extraction
from ictgraph.model import Document

_PICKLE_PROTOCOL = 5


def rules_digest(resources_dir: Path = paths.RESOURCES_DIR,
                 reference_dir: Path = paths.REFERENCE_DIR) -> str:
    """A digest of everything besides the document that decides what extraction finds."""
    digest = hashlib.sha256(f"rules {RULES_VERSION}\nictgraph {__version__}\n".encode())
    files = sorted(Path(resources_dir).rglob("*.json")) + sorted(Path(reference_dir).glob("*.ttl"))
    for path in files:
        digest.update(f"{path.relative_to(path.parent.parent)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


DATABASE_NAME = "extractions.sqlite"
_TIMEOUT = 30.0  # seconds another build's write may hold the database
_BATCH_BYTES = 8 << 20  # entries written in one transaction
_UNREADABLE = (EOFError, pickle.UnpicklingError, AttributeError, ImportError, IndexError,
               TypeError, ValueError)


class ExtractionCache:
    """Extractions on disk in directory/<rules digest>/extractions.sqlite."""

    def __init__(self, directory: Path, digest: str | None = None) -> None:
        self.digest = digest or rules_digest()
        self.directory = Path(directory) / self.digest[:16]
        self.path = self.directory / DATABASE_NAME
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple[str, bytes]] = []
        self._pending_bytes = 0
        self._reader: sqlite3.Connection | None = None
        self._unreadable = False  # the database could not be read: every entry is missing

    @staticmethod
    def key(document: Document) -> str:
        identity = "\n".join([document.sha256, document.encoding,
                              getattr(document, "media_type", ""), *_names(document)])
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()

    def get(self, document: Document) -> Extraction | None:
        data = self._read(self.key(document))
        try:
            extraction = pickle.loads(data) if data is not None else None
        except _UNREADABLE:
            extraction = None
        if not isinstance(extraction, Extraction) or extraction.document != document:
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, extraction: Extraction) -> None:
        self.put_pickled(extraction.document, pickled(extraction))

    def put_pickled(self, document: Document, data: bytes) -> None:
        """Add an extraction of the document given as pickled() made it (a worker process
        sends it so: the bytes are stored as they came, not pickled again here). It is
        written by the next flush(), made as soon as a few megabytes wait: held until the
        end, the entries of 10,000 articles kept the build's process 0.1 GB larger."""
        self._pending.append((self.key(document), data))
        self._pending_bytes += len(data)
        if self._pending_bytes >= _BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        """Write the entries put since the last flush, in one transaction. A database that
        is not one (damaged) is made again; one another build holds for longer than
        _TIMEOUT is left as it is, without these entries."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        if not pending:
            return
        for attempt in (1, 2):
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                if not self.path.exists():
                    _remove_file_entries(self.directory)
                with contextlib.closing(_connect(self.path)) as connection:
                    with connection:  # one transaction: committed, or rolled back on an error
                        connection.executemany("INSERT OR REPLACE INTO extractions (key, data) "
                                               "VALUES (?, ?)", pending)
                return
            except sqlite3.OperationalError:  # held past _TIMEOUT, or the disk refused
                return
            except sqlite3.DatabaseError:  # not a database: made again, once
                self.close()
                if attempt == 1:
                    # (its journal too: it would be played back into the new database)
                    for damaged in (self.path, self.path.with_name(self.path.name + "-journal")):
                        with contextlib.suppress(OSError):
                            damaged.unlink(missing_ok=True)
            except OSError:
                return

    def close(self) -> None:
        """Close the connection get() opened (the next get() opens it again)."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        self._unreadable = False

    def _read(self, key: str) -> bytes | None:
        if self._unreadable:
            return None
        try:
            if self._reader is None:
                if not self.path.is_file():  # (connecting would make it)
                    return None
                self._reader = _connect(self.path)
            # (all rows fetched: the statement is done, and holds no lock on the database)
            rows = self._reader.execute("SELECT data FROM extractions WHERE key = ?",
                                        (key,)).fetchall()
        except sqlite3.Error:
            self._unreadable = True  # every entry is missing, without trying each
            return None
        return rows[0][0] if rows else None


def _remove_file_entries(directory: Path) -> None:
    """Remove the entries of the cache's earlier layout, a pickle file per document under
    directory/<key[:2]>/: under the same digest, nothing reads them any more."""
    for folder in directory.glob("??"):
        if folder.is_dir():
            for entry in [*folder.glob("*.pickle"), *folder.glob("*.tmp")]:
                with contextlib.suppress(OSError):
                    entry.unlink()
            with contextlib.suppress(OSError):
                folder.rmdir()  # (kept if something else is in it)


def _connect(path: Path) -> sqlite3.Connection:
    """The database, made if new. Its rollback journal leaves it as it was when a build is
    killed while writing (a write-ahead log took twice as long to write 10,000 entries)."""
    connection = sqlite3.connect(path, timeout=_TIMEOUT)
    try:
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("PRAGMA synchronous = NORMAL")  # a cache: fewer waits for the disk
        connection.execute("CREATE TABLE IF NOT EXISTS extractions "
                           "(key TEXT PRIMARY KEY, data BLOB NOT NULL)")
    except BaseException:
        connection.close()
        raise
    return connection


def pickled(extraction: Extraction) -> bytes:
    """An extraction as a cache entry holds it."""
    return pickle.dumps(extraction, protocol=_PICKLE_PROTOCOL)


def _names(document: Document) -> tuple[str, ...]:
    return tuple(getattr(document, "names", ()) or (document.name,))
