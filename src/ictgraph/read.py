"""Read a folder of articles into Documents; one bad file never stops the others.

A document is a .txt file (plain text) or a .html/.htm page saved from a browser
(its article text is used: see text/html.py). The encoding is detected (see
text/decode.py) and recorded. A file over the size limit, empty, binary,
undecodable, unreadable, or a broken link is one DocumentError naming the file.
The same bytes under several names are one document that records every name.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path

from ictgraph.errors import DocumentError, InputError
from ictgraph.model import Document
from ictgraph.text.decode import UndecodableText, decode_text
from ictgraph.text.html import html_main_text, looks_like_html

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
MAX_BYTES_VARIABLE = "ICTGRAPH_MAX_DOCUMENT_BYTES"
DEFAULT_MAX_BYTES = 5 * 1024 * 1024


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)


def max_document_bytes() -> int:
    """The size limit of one document: $ICTGRAPH_MAX_DOCUMENT_BYTES, else 5 MB."""
    value = os.environ.get(MAX_BYTES_VARIABLE, "").strip()
    if not value:
        return DEFAULT_MAX_BYTES
    if not value.isdigit() or int(value) < 1:
        raise InputError(f"{MAX_BYTES_VARIABLE}={value!r}: expected a positive whole number of bytes")
    return int(value)


def _error(path: Path, reason: str) -> DocumentError:
    """The error of one file, its name shown on one line (a name may hold a line break)."""
    shown = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in path.name)
    return DocumentError(shown, reason)


def _size_text(count: int) -> str:
    return f"{count / (1024 * 1024):.1f} MB" if count >= 1024 * 1024 else f"{count:,} bytes"


def read_document(path: Path, max_bytes: int | None = None) -> Document:
    """Decode one file; raise DocumentError (naming it) if it cannot be a document."""
    limit = max_document_bytes() if max_bytes is None else max_bytes
    data = _read_bytes(path, limit)
    html = looks_like_html(path.name)
    try:
        text, encoding = decode_text(data, html_main_text if html else None)
    except UndecodableText as exc:
        raise _error(path, str(exc)) from exc
    media_type = "text/html" if html else "text/plain"
    if html and not text.strip():
        raise _error(path, "HTML page without any article text")
    if not text.strip():
        raise _error(path, "empty file (only whitespace)")
    return Document(name=path.name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                    encoding=encoding, media_type=media_type)


def _read_bytes(path: Path, limit: int) -> bytes:
    """The file's bytes, after checking that it is a regular file within the size limit."""
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        reason = "broken symbolic link" if path.is_symlink() else "no such file"
        raise _error(path, reason) from exc
    except OSError as exc:
        raise _error(path, f"cannot read file ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
        raise _error(path, f"not a regular file ({kind})")
    if info.st_size > limit:
        raise _error(path, f"{_size_text(info.st_size)}, over the document size limit of "
                                       f"{_size_text(limit)} (set {MAX_BYTES_VARIABLE} to change it)")
    if info.st_size == 0:
        raise _error(path, "empty file")
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a file that grew since stat() still stops at the limit
    except OSError as exc:
        raise _error(path, f"cannot read file ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise _error(path, f"over the document size limit of {_size_text(limit)} "
                                       f"(set {MAX_BYTES_VARIABLE} to change it)")
    return data


def document_paths(directory: Path) -> list[Path]:
    """The article files of a folder, sorted by name so every run reads them in one order."""
    if not directory.exists():
        raise InputError(f"{directory}: no such directory")
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    return sorted(
        (p for p in directory.iterdir() if p.suffix.lower() in DOCUMENT_SUFFIXES),
        key=lambda p: p.name,
    )


def read_documents(directory: Path, max_bytes: int | None = None) -> ReadResult:
    """Every readable article of a folder, and a DocumentError for each unreadable one.

    Files with the same bytes are one document: named by the first of their names, with
    all of them in Document.names.
    """
    limit = max_document_bytes() if max_bytes is None else max_bytes
    result = ReadResult()
    by_hash: dict[str, int] = {}
    for path in document_paths(directory):
        try:
            document = read_document(path, limit)
        except DocumentError as exc:
            result.errors.append(exc)
            continue
        seen = by_hash.get(document.sha256)
        if seen is None:
            by_hash[document.sha256] = len(result.documents)
            result.documents.append(document)
        else:
            first = result.documents[seen]
            result.documents[seen] = replace(first, names=first.names + (document.name,))
    return result
