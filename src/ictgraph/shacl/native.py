"""Native evaluations of SHACL-SPARQL constraints that every graph of the build is checked with.

A constraint in the shapes may name one of these with ictsh:nativeImplementation. Its
sh:select stays the definition (pyshacl runs it as it is); the native engine produces the
same solution rows from its index of the data graph instead of asking Oxigraph. The
evidence-integrity constraints join every evidence node of the graph with the statement it
reifies: on 10,000 articles they took 42 s of Oxigraph's time on the store, and take a few
seconds of Python's on the index the core checks build anyway.

Each implementation gives the rows of its query (variable name -> term), with $this
among the focus nodes it is given; tests/test_shacl_native.py checks it against the query
on Oxigraph, and checks that the constants below are those of the queries' text.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable, Iterator

import pyoxigraph as ox

from ictgraph.namespaces import ICT, RES
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.terms import NUMERIC, RDF, RDF_TYPE, RDFS, XSD, Term, has_datatype

Row = dict[str, Term]

_ICT = str(ICT)


def _ict(name: str) -> ox.NamedNode:
    return ox.NamedNode(_ICT + name)


EVIDENCE, IN_DOCUMENT, MENTIONED_IN = _ict("evidence"), _ict("inDocument"), _ict("mentionedIn")
CHAR_END, TEXT_LENGTH, SOURCE_DOCUMENT = _ict("charEnd"), _ict("textLength"), _ict("SourceDocument")
SUBJECT, PREDICATE, OBJECT = (ox.NamedNode(RDF + name) for name in ("subject", "predicate", "object"))
IS_DEFINED_BY = ox.NamedNode(RDFS + "isDefinedBy")
REFERENCE = ox.NamedNode(str(RES["reference"]))
# The statements no evidence supports, as ictsh:StatementEvidenceQuery lists them: the
# provenance links, and on a reference resource the curated properties of the ict:
# namespace (everything outside ict: too).
PROVENANCE = frozenset({MENTIONED_IN, EVIDENCE})
CURATED = frozenset(_ict(name) for name in ("isoCode", "abbreviation", "subOrganizationOf",
                                            "reportsTo", "memberCountry"))


@dataclass(frozen=True)
class Reads:
    """What an evaluation reads of the data graph around a node (shacl/reads.py follows it to
    tell which focus nodes an added triple concerns): the node's values of `out` (of every
    predicate with `every_out`), its subjects of `into`, and, along each step (a predicate,
    followed backwards when inverse), what is read around each value reached.

    rows_per_triple (with every_out): each row is about one triple of the focus node ($this
    ?path ?value) and reads, besides that triple, the node's values of `out` and, along the
    steps, only the values that name the triple (rdf:subject, rdf:predicate, rdf:object);
    adding triples to the graph adds rows only for added triples. So a node's rows after an
    addition are its rows before plus those of its added triples (validate_delta.py checks
    only those; tests/test_validate_delta.py compares with the whole graph's)."""

    out: frozenset[Term] = frozenset()
    into: frozenset[Term] = frozenset()
    every_out: bool = False
    steps: tuple[tuple[Term, bool, Reads], ...] = ()
    rows_per_triple: bool = False


@dataclass(frozen=True)
class NativeImplementation:
    rows: Callable[[DataGraph, list[Term]], Iterator[Row]]
    reverse: tuple[Term, ...] = ()  # the predicates it looks subjects up by
    # Around each focus node; None: not a set of paths (it reads the statements its evidence
    # nodes name), so it can only be checked document by document (validate_documents.py).
    reads: Reads | None = None


# --------------------------------------------------------------------------- statements

def statement_evidence(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[Row]:
    """ictsh:StatementEvidenceQuery: each statement of $this (?path ?value) that no evidence
    node of $this reifies."""
    for this in focus_nodes:
        described = graph.description(this)
        reference = REFERENCE in described.get(IS_DEFINED_BY, ())
        supported: set[tuple[Term, Term]] | None = None  # made when a statement needs it
        for path, values in described.items():
            if path in PROVENANCE:
                continue
            if reference and (not isinstance(path, ox.NamedNode) or not path.value.startswith(_ICT)
                              or path in CURATED):
                continue
            if supported is None:
                supported = _reified(graph, this)
            for value in values:
                if (path, value) not in supported:
                    yield {"this": this, "path": path, "value": value}


def _reified(graph: DataGraph, this: Term) -> set[tuple[Term, Term]]:
    """The (predicate, object) pairs of this's statements that its evidence nodes reify."""
    found = set()
    for evidence in graph.objects(this, EVIDENCE):
        described = graph.description(evidence)
        if this in described.get(SUBJECT, ()):
            for predicate in described.get(PREDICATE, ()):
                for obj in described.get(OBJECT, ()):
                    found.add((predicate, obj))
    return found


# --------------------------------------------------------------------------- documents

def _documents(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[Term]:
    """The focus nodes the document queries start from: `$this a ict:SourceDocument`."""
    return (node for node in focus_nodes if SOURCE_DOCUMENT in graph.objects(node, RDF_TYPE))


def _distinct(rows: Iterable[Row]) -> Iterator[Row]:
    """SELECT DISTINCT $this ?value."""
    seen: set[tuple[Term, Term]] = set()
    for row in rows:
        key = (row["this"], row["value"])
        if key not in seen:
            seen.add(key)
            yield row


def _evidence(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[tuple[Term, list[Term]]]:
    """Each document, and the nodes `?value ict:inDocument $this`."""
    for this in _documents(graph, focus_nodes):
        yield this, graph.subjects(IN_DOCUMENT, this)


_NO_DESCRIPTION: dict = {}
# Below, the loops over a document's evidence nodes (every node of the graph) read the
# index directly: a method call per node was a good part of their time.


def evidence_statement(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[Row]:
    """ictsh:EvidenceStatementQuery: an evidence node of the document whose reified statement
    is not in the graph."""
    def rows() -> Iterator[Row]:
        described, has = graph.descriptions.get, graph.has
        for this, values in _evidence(graph, focus_nodes):
            for value in values:
                description = described(value) or _NO_DESCRIPTION
                for subject in description.get(SUBJECT, ()):
                    for predicate in description.get(PREDICATE, ()):
                        for obj in description.get(OBJECT, ()):
                            if not has(subject, predicate, obj):
                                yield {"this": this, "value": value}
    return _distinct(rows())


def evidence_backlink(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[Row]:
    """ictsh:EvidenceBacklinkQuery: an evidence node of the document that its statement's
    subject does not link to."""
    def rows() -> Iterator[Row]:
        described, has = graph.descriptions.get, graph.has
        for this, values in _evidence(graph, focus_nodes):
            for value in values:
                for subject in (described(value) or _NO_DESCRIPTION).get(SUBJECT, ()):
                    if not has(subject, EVIDENCE, value):
                        yield {"this": this, "value": value}
    return _distinct(rows())


def evidence_within_document(graph: DataGraph, focus_nodes: list[Term]) -> Iterator[Row]:
    """ictsh:EvidenceWithinDocumentQuery: an evidence node of the document that ends after it
    (both numbers, compared as SPARQL compares numbers)."""
    def rows() -> Iterator[Row]:
        described = graph.descriptions.get
        for this, values in _evidence(graph, focus_nodes):
            lengths = [n for n in map(_number, graph.objects(this, TEXT_LENGTH)) if n is not None]
            if not lengths:
                continue
            for value in values:
                for end in map(_number, (described(value) or _NO_DESCRIPTION).get(CHAR_END, ())):
                    if end is not None and any(end > length for length in lengths):
                        yield {"this": this, "value": value}
    return _distinct(rows())


# SPARQL's isNumeric: a literal of a numeric datatype with a valid lexical form.
_FLOATS = {XSD + "double", XSD + "float"}  # compared as floats; the others exactly


@functools.lru_cache(maxsize=1 << 16)  # offsets repeat across evidence nodes
def _number(term: Term) -> Decimal | float | None:
    if not isinstance(term, ox.Literal) or term.language:
        return None
    datatype = term.datatype.value
    if datatype not in NUMERIC or not has_datatype(term, datatype):
        return None
    try:
        if datatype in _FLOATS:
            return float(term.value)
        return Decimal(term.value)
    except (InvalidOperation, ValueError):
        return None


IMPLEMENTATIONS: dict[str, NativeImplementation] = {
    # A statement's row needs it unsupported: adding triples only adds support, or exempts it
    # (rdfs:isDefinedBy res:reference).
    "statement-evidence": NativeImplementation(statement_evidence, reads=Reads(
        every_out=True, out=frozenset({IS_DEFINED_BY}),
        steps=((EVIDENCE, False, Reads(out=frozenset({SUBJECT, PREDICATE, OBJECT}))),),
        rows_per_triple=True)),
    "evidence-statement": NativeImplementation(evidence_statement, (IN_DOCUMENT,)),
    "evidence-backlink": NativeImplementation(evidence_backlink, (IN_DOCUMENT,)),
    "evidence-within-document": NativeImplementation(evidence_within_document, (IN_DOCUMENT,)),
}
