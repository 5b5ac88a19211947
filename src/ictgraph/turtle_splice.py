"""Adding to a graph file the sorted Turtle writer wrote, without reading its graph.

At 10,000 articles the graph is 400 MB of Turtle; writing it again for one more article
takes seconds and the whole graph in memory. A delta that only adds (graph_delta.py)
changes a few blocks of that file and inserts a few more, so the rest is copied as it is.

The file is what serialize.py writes: a header of the prefixes it uses, an empty line, then
one block per subject in iri_order(), blocks separated by an empty line, the last one
without. No term holds a raw line break (ntriples.py escapes \\n in literals and every
character up to the space in IRIs), so "\\n\\n" is only ever a block boundary: a block is
found by a binary search over byte offsets (pread, a few KB a probe), not by an index.

Every block that changes or appears is written by the writer itself (write_turtle on the
subgraph of those subjects' triples), so its bytes are the writer's: a block depends only on
its subject's triples. The old blocks that change are read back by a parser of the writer's
layout, which gives the very terms the writer was given (only the prefixed names are
expanded), and are checked by writing them again: a block the writer would not write as it
is in the file refuses the splice, and so does a header that is not the writer's, or a
subject out of order where the search looked. A delta that needs a prefix the old header
lacks gets it declared: the header is the old one's prefixes and the new blocks'.

The unchanged bytes are copied 8 MB at a time while a thread hashes them: at 10,000 articles
the SHA-256 of the 400 MB is most of the splice's time (about 0.3 s of 0.5-0.7 s).

What it cannot check without reading every block: that the parts it only copies are sorted
and were written with today's PREFIXES (a prefix added since would compact terms the old
file spells out). The caller splices only a file it knows this writer wrote.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import stat
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO

from ictgraph.evidence_nodes import EVIDENCE_CLASS, TYPE
from ictgraph.graph_delta import GraphDelta
from ictgraph.namespaces import PREFIXES
from ictgraph.ntriples import Term, Triple
from ictgraph.serialize import iri_order, turtle_header, write_turtle
from ictgraph.triples import TripleSet

COPY_CHUNK = 8 << 20  # unchanged bytes are read, hashed and written this much at a time
WRITE_BACK = 64 << 20  # a file's bytes are sent to the disk this much at a time
_PROBE = 4096  # a binary search step reads this much (an evidence block is under 1 KB)
_MAX_PROBE = 1 << 20
_LONGEST_HEADER = len(turtle_header(PREFIXES))
_PREFIX_LINE = re.compile(rb"@prefix ([A-Za-z][A-Za-z0-9_-]*): <[^>\n]*> \.\n")
_FIRST_VERB = b"\n    "  # a subject line is followed by its first predicate's line

Place = tuple[int, int, bytes]  # old bytes [start, end) replaced by a block (start == end: insert)


class SpliceRefused(Exception):
    """The splice cannot promise the full writer's bytes (reason in the message); the caller
    writes the whole graph instead."""


def splice_turtle(old: Path, delta: GraphDelta, stream: BinaryIO) -> str:
    """Write to `stream` the bytes write_turtle() would give for (graph of `old`) + delta, reading
    `old` (a file the writer wrote) instead of holding its graph; return the SHA-256 hex digest
    of the written bytes.

    Raises SpliceRefused, before writing anything, when `old` does not look like the writer's
    output or the delta adds to an evidence node; ValueError when the writer would refuse the
    graph (a blank node, an evidence node also given plain triples)."""
    with _OldTurtle(old) as source:
        header, places = _plan(source, delta)
        with _HashingWriter(stream) as out:
            out.write(header)
            _write_spliced(source, places, out)
            return out.hexdigest()


# --------------------------------------------------------------------------- the old file

def _read_header(data: bytes, name: str) -> tuple[set[str], int]:
    """The prefix names a writer's output declares, and the offset of its first block."""
    names: list[str] = []
    at = 0
    while (match := _PREFIX_LINE.match(data, at)) is not None:
        names.append(match[1].decode("ascii"))
        at = match.end()
    if data[at:at + 1] != b"\n" or not set(names) <= PREFIXES.keys() or len(set(names)) < len(
            names) or turtle_header(names) != data[:at + 1]:
        raise SpliceRefused(f"{name}: no header of this writer's prefixes")
    return set(names), at + 1


class _OldTurtle:
    """The old file, read a piece at a time: its header, and its blocks found by subject."""

    def __init__(self, path: Path) -> None:
        self.name = str(path)
        self._fd = os.open(path, os.O_RDONLY)
        try:
            self.size = os.fstat(self._fd).st_size
            self.prefixes, self.body = _read_header(self.read(0, _LONGEST_HEADER), self.name)
            if self.body < self.size and self.read(self.size - 3, 3) != b" .\n":
                raise SpliceRefused(f"{self.name}: does not end as the writer's last block does")
            if self.body == self.size and self.body > 1:
                raise SpliceRefused(f"{self.name}: prefixes but no block")
        except BaseException:
            os.close(self._fd)
            raise
        self.namespaces = {name: str(PREFIXES[name]) for name in self.prefixes}
        # Offsets past the last block count the empty line the last block lacks, so that every
        # block, old or new, ends in an empty line; that one byte is written only if a block
        # follows.
        self.end = self.size + 1 if self.body < self.size else self.size
        self._subjects: dict[int, Term] = {}  # block start -> subject, as the searches read them

    def __enter__(self) -> _OldTurtle:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self._fd)

    @property
    def fd(self) -> int:
        return self._fd

    def read(self, offset: int, length: int) -> bytes:
        return os.pread(self._fd, length, offset)

    def block_start(self, position: int) -> int:
        """The first block starting at or after `position` (the file's size if none)."""
        if position <= self.body:
            return self.body
        at, window = position - 2, _PROBE  # a block starts after "\n\n"
        while at < self.size:
            data = self.read(at, window)
            found = data.find(b"\n\n")
            if found >= 0:
                return at + found + 2
            if at + len(data) >= self.size:
                break
            at += len(data) - 1  # one byte again: the "\n\n" may straddle two reads
            window = min(window * 2, _MAX_PROBE)  # a large block: a document's mentions
        return self.size

    def block_before(self, start: int) -> int | None:
        """The start of the block before the one at `start` (or before the end of the file)."""
        if start <= self.body:
            return None
        end, window = start - 1, _PROBE  # (bytes before the "\n" of the "\n\n" that ends it)
        while True:
            at = max(self.body, end - window)
            found = self.read(at, end - at).rfind(b"\n\n")
            if found >= 0:
                return at + found + 2
            if at == self.body:
                return self.body
            end, window = at + 1, min(window * 2, _MAX_PROBE)  # "\n\n" may straddle two reads

    def subject(self, start: int) -> Term:
        """The subject of the block at `start`."""
        term = self._subjects.get(start)
        if term is None:
            window = _PROBE
            while True:
                data = self.read(start, window)
                line = data.find(b"\n")
                if line >= 0 and data.startswith(_FIRST_VERB, line):
                    break
                if len(data) < window or window >= _MAX_PROBE:
                    raise SpliceRefused(f"{self.name}: no block starts at byte {start}")
                window *= 4
            text = data[:line].decode("utf-8")
            if not text or " " in text or text[0] == '"':
                raise SpliceRefused(f"{self.name}: no subject at byte {start}: {text[:80]!r}")
            term = self._subjects[start] = self.expand(text)
        return term

    def expand(self, text: str) -> Term:
        """The IRI term of a written IRI (a prefixed name or <...>)."""
        if text[0] == "<" and text[-1] == ">":
            return text
        name, colon, local = text.partition(":")
        namespace = self.namespaces.get(name)
        if not colon or namespace is None:
            raise SpliceRefused(f"{self.name}: {text[:80]!r} is no IRI of its prefixes")
        return "<" + namespace + local + ">"

    def find(self, subject: Term) -> tuple[int, bool]:
        """Where the subject's block is (True) or would be inserted (False): the first block
        whose subject is not before it, or the end of the file; O(log n) reads."""
        key = iri_order(subject)
        low, high = self.body, self.size  # every block starting before `low` is before `key`
        while True:
            start = self.block_start((low + high) // 2)
            if start >= high:  # none in the upper half: try the first one after `low`
                start = self.block_start(low)
                if start >= high:
                    break
            if iri_order(self.subject(start)) < key:
                low = start + 1
            else:
                high = start
        # A file out of order would be spliced wherever the search happened to land: the two
        # blocks before the place and the two from it must be in order (not a proof that the
        # whole file is, which would take reading every subject).
        before = self.block_before(high)
        around = [self.block_before(before) if before is not None else None, before, high,
                  self.block_start(high + 1) if high < self.size else None]
        keys = [iri_order(self.subject(at)) for at in around if at is not None and at < self.size]
        if any(first >= second for first, second in zip(keys, keys[1:])):
            raise SpliceRefused(f"{self.name}: blocks out of order near byte {high}")
        return high, high < self.size and self.subject(high) == subject


# --------------------------------------------------------------------------- the writer's layout

def _block_triples(block: str, source: _OldTurtle) -> list[Triple]:
    """The triples of a block as the writer lays it out: the subject's line, then a line per
    object, the predicate on the first of its objects' lines (four spaces in, else eight),
    each ending in " ,", " ;" or " ."."""
    lines = block.split("\n")
    subject = source.expand(lines[0])
    triples: list[Triple] = []
    predicate = ""
    for line in lines[1:]:
        if line.startswith("        "):
            text = line[8:-2]
        elif line.startswith("    "):
            verb, _, text = line[4:-2].partition(" ")
            predicate = TYPE if verb == "a" else source.expand(verb)
        else:
            raise SpliceRefused(f"{source.name}: a line the writer does not write: {line[:80]!r}")
        if not text or not predicate:
            raise SpliceRefused(f"{source.name}: a line the writer does not write: {line[:80]!r}")
        triples.append((subject, predicate, _object_term(text, source)))
    return triples


def _object_term(text: str, source: _OldTurtle) -> Term:
    if text[0] != '"':
        return source.expand(text)
    close = text.rindex('"')  # a literal is written as its term, its datatype compacted
    if text.startswith("^^", close + 1):
        return text[:close + 3] + source.expand(text[close + 3:])
    return text


def _written_blocks(graph: TripleSet, name: str) -> tuple[set[str], list[bytes]]:
    """What the writer writes for a graph: its prefixes, and its blocks in order, each ending
    in an empty line."""
    buffer = io.BytesIO()
    write_turtle(graph, buffer)
    data = buffer.getvalue()
    prefixes, body = _read_header(data, name)
    if body == len(data):
        return prefixes, []
    return prefixes, [block + b"\n\n" for block in (data[body:] + b"\n").split(b"\n\n")[:-1]]


# --------------------------------------------------------------------------- the splice

def _plan(source: _OldTurtle, delta: GraphDelta) -> tuple[bytes, list[Place]]:
    """The header to write and the blocks to put where, in file order."""
    plain_subjects = {triple[0] for triple in delta.added}
    nodes = {record.node for record in delta.evidence.values()}
    # (iri_order refuses a subject that is no IRI, as the writer does.)
    subjects = sorted(plain_subjects | nodes, key=iri_order)
    for triple in delta.triples():
        if any("\n" in term for term in triple):  # (the writer's terms never hold one)
            raise SpliceRefused(f"a raw line break in {triple}: blocks could not be found again")
    spans: list[tuple[int, int]] = []
    old_blocks: list[bytes] = []
    graph = TripleSet()  # the new blocks' triples: the old blocks' and the delta's
    for subject in subjects:
        start, exists = source.find(subject)
        if not exists:
            spans.append((start, start) if start < source.size else (source.end, source.end))
            continue
        if subject in nodes:
            raise SpliceRefused(f"{subject} is an evidence node and already has a block")
        stop = source.block_start(start + 1)
        block = source.read(start, stop - start)
        old_blocks.append(block if stop < source.size else block + b"\n")
        spans.append((start, stop if stop < source.size else source.end))
        for triple in _block_triples(block.decode("utf-8").rstrip("\n"), source):
            graph.add(triple)
    if old_blocks:
        # Parsed exactly iff the writer writes back the very bytes (it prints terms as given).
        if _written_blocks(graph, source.name)[1] != old_blocks:
            raise SpliceRefused(f"{source.name}: a block the writer would write otherwise")
        if any((subject, TYPE, EVIDENCE_CLASS) in graph for subject in plain_subjects):
            raise SpliceRefused("the delta adds to an evidence node: the writer decides")
    for triple in delta.added:
        graph.add(triple)
    for record in delta.evidence.values():
        graph.add_evidence(record)
    prefixes, blocks = _written_blocks(graph, "the new blocks")
    if len(blocks) != len(subjects):
        raise SpliceRefused(f"{len(blocks)} blocks written for {len(subjects)} subjects")
    # The writer declares the prefixes its blocks use, and what a block uses depends only on its
    # triples: the old file's prefixes, and those of the blocks that change or appear.
    header = turtle_header(source.prefixes | prefixes)
    return header, [(start, stop, block) for (start, stop), block in zip(spans, blocks)]


def _write_spliced(source: _OldTurtle, places: list[Place], out: _HashingWriter) -> None:
    """The old body with the places' blocks in, the last block without its empty line."""
    cursor = source.body
    pieces: list[tuple[int, int] | bytes] = []
    for start, stop, block in places:
        if start > cursor:
            pieces.append((cursor, start))
        pieces.append(block)
        cursor = stop
    if cursor < source.end:
        pieces.append((cursor, source.size))  # the old last block, as it ends the file
    elif pieces:
        pieces[-1] = pieces[-1][:-1]  # a new last block: its empty line is left out
    for piece in pieces:
        if isinstance(piece, bytes):
            out.write(piece)
        else:
            out.copy(source.fd, piece[0], min(piece[1], source.size))
            if piece[1] > source.size:
                out.write(b"\n")  # the old last block's empty line, a block follows it


def _file_number(stream: BinaryIO) -> int | None:
    """The stream's file descriptor, if it is a regular file."""
    try:
        number = stream.fileno()
        return number if stat.S_ISREG(os.fstat(number).st_mode) else None
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None


class _HashingWriter:
    """Writes to the stream while a thread hashes what was written (hashlib lets go of the
    interpreter lock), in the order written: the digest of 400 MB then costs little more time
    than reading and writing it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._digest = hashlib.sha256()
        self._pool = ThreadPoolExecutor(1)  # one worker: the hashes run in the order submitted
        # A file's bytes are sent to the disk as they are copied (another thread, each
        # WRITE_BACK bytes), not all at the caller's fsync at the end: 0.4 s for 400 MB here.
        self._file = _file_number(stream)
        self._syncing: Future[None] | None = None
        self._unsynced = 0
        self._sync_pool = ThreadPoolExecutor(1) if self._file is not None else None
        self._last: Future[None] | None = None
        # Two buffers: one is read into while the other is hashed, each with its last hash
        # (to wait for before reading into it again); made for the first copy.
        self._buffers: list[bytearray] = []
        self._hashing: list[Future[None] | None] = [None, None]
        self._turn = 0

    def __enter__(self) -> _HashingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown()  # (waits for the hashes still to run)
        if self._sync_pool is not None:
            self._sync_pool.shutdown()

    def write(self, data: bytes | memoryview) -> None:
        """Write bytes that do not change afterwards."""
        self._last = self._pool.submit(self._digest.update, data)
        self._stream.write(data)

    def copy(self, fd: int, start: int, stop: int) -> None:
        """Bytes [start, stop) of the file."""
        if not self._buffers:
            self._buffers = [bytearray(COPY_CHUNK), bytearray(COPY_CHUNK)]
        for offset in range(start, stop, COPY_CHUNK):
            turn, self._turn = self._turn, self._turn ^ 1
            if (hashing := self._hashing[turn]) is not None:
                hashing.result()
            view = memoryview(self._buffers[turn])[:min(COPY_CHUNK, stop - offset)]
            if os.preadv(fd, [view], offset) != len(view):
                raise SpliceRefused(f"byte {offset}: the old file changed while it was copied")
            self.write(view)
            self._hashing[turn] = self._last
            self._write_back(len(view))

    def _write_back(self, count: int) -> None:
        """Have what was written so far sent to the disk, unless the last request still runs."""
        if self._sync_pool is None:
            return
        self._unsynced += count
        if self._unsynced >= WRITE_BACK and (self._syncing is None or self._syncing.done()):
            self._stream.flush()
            self._syncing = self._sync_pool.submit(os.fdatasync, self._file)
            self._unsynced = 0

    def hexdigest(self) -> str:
        if self._last is not None:
            self._last.result()  # and so every hash before it
        return self._digest.hexdigest()
