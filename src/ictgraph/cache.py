"""The extraction cache: a document whose bytes and rules are unchanged is not read again.

An entry is keyed by the document (its SHA-256 and the file names it came under,
since evidence names the file) and by the rules' digest: RULES_VERSION, the
package version, and the bytes of every pattern file, word list and reference
file the extractors read. Editing a pattern therefore invalidates the cache
without anyone remembering to bump a number. Entries are pickles written
atomically; one that cannot be read is treated as missing, never as an error.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
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


class ExtractionCache:
    """Extractions on disk under directory/<rules digest>/<key[:2]>/<key>.pickle."""

    def __init__(self, directory: Path, digest: str | None = None) -> None:
        self.digest = digest or rules_digest()
        self.directory = Path(directory) / self.digest[:16]
        self.hits = 0
        self.misses = 0
        self._made: set[Path] = set()  # directories known to exist

    @staticmethod
    def key(document: Document) -> str:
        identity = "\n".join([document.sha256, document.encoding,
                              getattr(document, "media_type", ""), *_names(document)])
        return hashlib.sha256(identity.encode("utf-8")).hexdigest()

    def _path(self, document: Document) -> Path:
        key = self.key(document)
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, document: Document) -> Extraction | None:
        path = self._path(document)
        try:
            with path.open("rb") as handle:
                extraction = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
                IndexError, TypeError, ValueError):
            self.misses += 1
            return None
        if not isinstance(extraction, Extraction) or extraction.document != document:
            self.misses += 1
            return None
        self.hits += 1
        return extraction

    def put(self, extraction: Extraction) -> None:
        self.put_pickled(extraction.document, pickled(extraction))

    def put_pickled(self, document: Document, data: bytes) -> None:
        """Add an extraction of the document given as pickled() made it (a worker process
        sends it so: the bytes are stored as they came, not pickled again here)."""
        path = self._path(document)
        try:
            if path.parent not in self._made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._made.add(path.parent)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError:
            # A cache that cannot be written costs time, not correctness.
            try:
                os.unlink(temporary)
            except (OSError, UnboundLocalError):
                pass


def pickled(extraction: Extraction) -> bytes:
    """An extraction as a cache entry holds it."""
    return pickle.dumps(extraction, protocol=_PICKLE_PROTOCOL)


def _names(document: Document) -> tuple[str, ...]:
    return tuple(getattr(document, "names", ()) or (document.name,))
