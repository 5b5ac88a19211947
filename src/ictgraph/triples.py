"""A plain set of triples, for building a large graph quickly.

rdflib's Graph keeps three indexes and contexts for every triple: on the
generated graph, adding triples cost more than everything else the build does
with them. The build only adds, asks "has this subject a value for this
predicate?" (for a few predicates named up front), and iterates, so a set does,
with the subjects of those predicates.
Terms are N-Triples strings (ntriples.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from rdflib import Graph

from ictgraph.ntriples import Term, Triple, to_rdflib_graph


class TripleSet:
    """Triples without duplicates, in no particular order (writers sort them)."""

    def __init__(self, triples: Iterable[Triple] = (), indexed: Iterable[Term] = ()) -> None:
        self._triples: set[Triple] = set()
        # The subjects of each indexed predicate, for (subject, predicate, None) in graph.
        self._subjects: dict[Term, set[Term]] = {p: set() for p in indexed}
        self.warnings: list[str] = []  # what the builder of the graph had to decide
        for triple in triples:
            self.add(triple)

    def add(self, triple: Triple) -> None:
        self._triples.add(triple)
        subjects = self._subjects.get(triple[1])
        if subjects is not None:
            subjects.add(triple[0])

    def __contains__(self, pattern: tuple[Term, Term, Term | None]) -> bool:
        """A triple, or (subject, predicate, None) for an indexed predicate: has the subject
        any value for it."""
        if pattern[2] is None:
            subjects = self._subjects.get(pattern[1])
            if subjects is None:
                raise KeyError(f"{pattern[1]} is not indexed in this triple set")
            return pattern[0] in subjects
        return pattern in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def to_graph(self) -> Graph:
        return to_rdflib_graph(self._triples)

    def ntriples(self) -> bytes:
        """The triples as N-Triples, in no particular order."""
        buffer = io.BytesIO()
        self.write_ntriples(buffer)
        return buffer.getvalue()

    def write_ntriples(self, stream: BinaryIO, chunk: int = 10_000) -> None:
        """Write the triples as N-Triples, a chunk of lines at a time (no one string of all)."""
        lines: list[str] = []
        for s, p, o in self._triples:
            lines.append(f"{s} {p} {o} .\n")
            if len(lines) == chunk:
                stream.write("".join(lines).encode("utf-8"))
                lines.clear()
        stream.write("".join(lines).encode("utf-8"))
