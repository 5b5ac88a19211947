"""Read a folder of article texts into Documents; one bad file never stops the others."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ictgraph.errors import DocumentError, InputError
from ictgraph.model import Document

DOCUMENT_SUFFIXES = (".txt",)


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    errors: list[DocumentError] = field(default_factory=list)


def read_document(path: Path) -> Document:
    """Decode one file as UTF-8 (a leading BOM is dropped); raise DocumentError otherwise."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path.name, f"cannot read file ({exc.strerror or exc})") from exc
    if not data.strip():
        raise DocumentError(path.name, "empty file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(path.name, f"not valid UTF-8 (byte {exc.start}: {exc.reason})") from exc
    if "\x00" in text:
        raise DocumentError(path.name, "binary file (contains NUL characters)")
    return Document(name=path.name, text=text, sha256=hashlib.sha256(data).hexdigest())


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


def read_documents(directory: Path) -> ReadResult:
    """Every readable article of a folder, and a DocumentError for each unreadable one."""
    result = ReadResult()
    for path in document_paths(directory):
        try:
            result.documents.append(read_document(path))
        except DocumentError as exc:
            result.errors.append(exc)
    return result
