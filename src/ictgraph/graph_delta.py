"""What an incremental build adds to a published graph.

Adding documents to a large graph should cost what the new documents cost, not what the
graph costs. The incremental build (incremental.py) takes that path only when the new
documents add to the graph and change nothing that is there: no value they bring
displaces a chosen label or a functional property's value, and no resource gets another
IRI. Otherwise it builds the whole graph again. A delta therefore only adds: plain triples
and evidence records (evidence_nodes.py), as N-Triples terms (ntriples.py), none of which
is in the graph yet.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ictgraph.evidence_nodes import TRIPLES_PER_NODE, EvidenceNode
from ictgraph.ntriples import Term, Triple


@dataclass
class GraphDelta:
    """Triples and evidence records to add to a graph; none of them is in it yet."""

    added: set[Triple] = field(default_factory=set)
    evidence: dict[Term, EvidenceNode] = field(default_factory=dict)  # by node

    def add_evidence(self, record: EvidenceNode) -> None:
        self.evidence[record.node] = record

    def triples(self) -> Iterator[Triple]:
        """Every added triple, the evidence records' expanded."""
        yield from self.added
        for record in self.evidence.values():
            yield from record.triples()

    def subjects(self) -> set[Term]:
        """The subjects of the plain triples (an evidence record's node is a new subject)."""
        return {triple[0] for triple in self.added}

    def __len__(self) -> int:
        return len(self.added) + len(self.evidence) * TRIPLES_PER_NODE

    def __bool__(self) -> bool:
        return bool(self.added or self.evidence)
