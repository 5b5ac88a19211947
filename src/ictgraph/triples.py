"""A plain set of triples, for building a large graph quickly.

rdflib's Graph keeps three indexes and contexts for every triple: on the
generated graph, adding triples cost more than everything else the build does
with them. The build only adds, asks "has this subject a value for this
predicate?" (for a few predicates named up front), and iterates, so a set does,
with the subjects of those predicates. Evidence nodes are kept apart, one record
each (evidence_nodes.py): iterating the set gives their triples too.
Terms are N-Triples strings (ntriples.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Set
from itertools import chain
from typing import BinaryIO

from rdflib import Graph

from ictgraph.evidence_nodes import PREDICATES as EVIDENCE_PREDICATES
from ictgraph.evidence_nodes import EVIDENCE_CLASS, TRIPLES_PER_NODE, TYPE, EvidenceNode
from ictgraph.ntriples import Term, Triple, to_rdflib_graph


class TripleSet:
    """Triples without duplicates, in no particular order (writers sort them).

    An evidence node added as a record (add_evidence) has all its triples there: no
    triple added one by one has it as subject."""

    def __init__(self, triples: Iterable[Triple] = (), indexed: Iterable[Term] = ()) -> None:
        self._triples: set[Triple] = set()
        self._evidence: dict[Term, EvidenceNode] = {}
        # The subjects of each indexed predicate, for (subject, predicate, None) in graph.
        self._subjects: dict[Term, set[Term]] = {p: set() for p in indexed}
        self.warnings: list[str] = []  # what the builder of the graph had to decide
        for triple in triples:
            self.add(triple)

    def add(self, triple: Triple) -> None:
        if self._evidence and triple[0] in self._evidence:
            raise ValueError(f"{triple[0]} is an evidence node: its triples come in its record")
        self._triples.add(triple)
        subjects = self._subjects.get(triple[1])
        if subjects is not None:
            subjects.add(triple[0])

    def add_evidence(self, record: EvidenceNode) -> None:
        """Add an evidence node's triples; the same record again changes nothing."""
        known = self._evidence.get(record.node)
        if known is None:
            self._evidence[record.node] = record
        elif known != record:
            # The IRI hashes what the record holds: two records under one IRI are a bug.
            raise ValueError(f"two evidence nodes share the IRI {record.node}")

    def subjects_with(self, predicate: Term) -> Set[Term]:
        """The subjects that have a value for an indexed predicate."""
        return self._subjects[predicate]

    def __contains__(self, pattern: tuple[Term, Term, Term | None]) -> bool:
        """A triple, or (subject, predicate, None) for an indexed predicate: has the subject
        any value for it."""
        record = self._evidence.get(pattern[0]) if self._evidence else None
        if record is not None:
            values = record.objects(pattern[1])
            return bool(values) if pattern[2] is None else pattern[2] in values
        if pattern[2] is None:
            subjects = self._subjects.get(pattern[1])
            if subjects is None:
                raise KeyError(f"{pattern[1]} is not indexed in this triple set")
            return pattern[0] in subjects
        return pattern in self._triples

    def __iter__(self) -> Iterator[Triple]:
        if not self._evidence:
            return iter(self._triples)
        return chain(self._triples,
                     chain.from_iterable(r.triples() for r in self._evidence.values()))

    def __len__(self) -> int:
        return len(self._triples) + TRIPLES_PER_NODE * len(self._evidence)

    def plain_triples(self) -> Set[Triple]:
        """The triples that are not evidence nodes' (not to be mutated)."""
        return self._triples

    def evidence_nodes(self) -> Iterable[EvidenceNode]:
        """The evidence nodes' records, in no particular order."""
        return self._evidence.values()

    @property
    def evidence_count(self) -> int:
        return len(self._evidence)

    def to_graph(self) -> Graph:
        return to_rdflib_graph(iter(self))

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
        for record in self._evidence.values():
            lines.append(_evidence_ntriples(record))
            if len(lines) == chunk:
                stream.write("".join(lines).encode("utf-8"))
                lines.clear()
        stream.write("".join(lines).encode("utf-8"))


# A node's nine lines from one format string (hundreds of thousands of nodes).
_EVIDENCE_LINES = "".join(["{0} " + f"{TYPE} {EVIDENCE_CLASS} .\n"] + [
    "{0} " + predicate + " {" + str(index) + "} .\n"
    for index, predicate in enumerate(EVIDENCE_PREDICATES, start=1)]).format


def _evidence_ntriples(record: EvidenceNode) -> str:
    """The node's nine N-Triples lines."""
    return _EVIDENCE_LINES(*record)
