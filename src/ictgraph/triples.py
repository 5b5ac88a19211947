"""A plain set of triples, for building a large graph quickly.

rdflib's Graph keeps three indexes and contexts for every triple: on the
generated graph, adding triples cost more than everything else the build does
with them. The build only adds, asks "has this subject a value for this
predicate?", and iterates, so a set and one (subject, predicate) index do.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """Triples without duplicates, in no particular order (writers sort them)."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self._triples: set[Triple] = set()
        self._pairs: set[tuple[Node, Node]] = set()
        self.warnings: list[str] = []  # what the builder of the graph had to decide
        for triple in triples:
            self.add(triple)

    def add(self, triple: Triple) -> None:
        self._triples.add(triple)
        self._pairs.add((triple[0], triple[1]))

    def __contains__(self, pattern: tuple[Node, Node, Node | None]) -> bool:
        """A triple, or (subject, predicate, None): has the subject any value for it."""
        if pattern[2] is None:
            return (pattern[0], pattern[1]) in self._pairs
        return pattern in self._triples

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)

    def __len__(self) -> int:
        return len(self._triples)

    def to_graph(self) -> Graph:
        graph = Graph()
        graph += self._triples
        return graph
