"""An ict:Evidence node as one record: the nine triples of notes/graph-layout.md that describe
where a statement was read.

Nine of every ten triples of a large graph describe evidence nodes, and each node's
triples are known together, belong to one document and have the same shape. Kept as one
tuple of terms rather than nine triples, they cost one object instead of nine tuples in a
set; the Turtle and N-Triples writers print them from a template, and the SHACL shapes
that only read one document's evidence check them document by document (validate_documents.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ictgraph import ntriples as nt
from ictgraph.namespaces import ICT, RDF
from ictgraph.ntriples import Term, Triple

TYPE = nt.iri(str(RDF.type))
EVIDENCE_CLASS = nt.iri(str(ICT.Evidence))
IN_DOCUMENT = nt.iri(str(ICT.inDocument))
CHAR_START = nt.iri(str(ICT.charStart))
CHAR_END = nt.iri(str(ICT.charEnd))
QUOTE = nt.iri(str(ICT.quote))
RULE = nt.iri(str(ICT.rule))
SUBJECT = nt.iri(str(RDF.subject))
PREDICATE = nt.iri(str(RDF.predicate))
OBJECT = nt.iri(str(RDF.object))

# The predicates of a node, in the order of EvidenceNode's fields after `node` (the type
# first: its object is always ict:Evidence, so the record does not hold it).
PREDICATES = (IN_DOCUMENT, CHAR_START, CHAR_END, QUOTE, RULE, SUBJECT, PREDICATE, OBJECT)


class EvidenceNode(NamedTuple):
    """The node and its values; every field is an N-Triples term (ntriples.py)."""

    node: Term
    document: Term
    start: Term  # "N"^^xsd:nonNegativeInteger
    end: Term
    quote: Term
    rule: Term
    subject: Term  # the statement it reifies
    predicate: Term
    obj: Term

    def triples(self) -> Iterator[Triple]:
        node = self.node
        yield node, TYPE, EVIDENCE_CLASS
        for predicate, value in zip(PREDICATES, self[1:]):
            yield node, predicate, value

    def objects(self, predicate: Term) -> tuple[Term, ...]:
        """The node's values of a predicate (none or one)."""
        if predicate == TYPE:
            return (EVIDENCE_CLASS,)
        try:
            return (self[1 + PREDICATES.index(predicate)],)
        except ValueError:
            return ()


TRIPLES_PER_NODE = 1 + len(PREDICATES)
