"""The shapes marked ictsh:checkedPerDocument, checked one document's evidence at a time.

Nine of every ten triples of a built graph describe evidence nodes, and the shapes about
them (their values; their spans within the document; the statement they reify and its
subject's link to them) read only what one document contributes. So the build checks
those shapes on each document's part of the graph, in worker processes, while it checks
the other shapes on the rest of the graph plus each evidence node's class, document and
statement (summary_triples: what those shapes read of evidence nodes).

A document's part (DocumentPart) is a subgraph of the graph:
- the triples of its evidence nodes (the records of triples.py);
- the triples the graph has about the document itself;
- for each evidence node, the statement it reifies and the link from that statement's
  subject to the node, each if the graph has it;
- the ontology (for rdfs:subClassOf).
tests/test_validate_documents.py checks that this gives the results of the whole graph.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence, Set
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import NamedTuple

from ictgraph import ntriples as nt
from ictgraph.collector import collector_paused
from ictgraph.evidence_nodes import PREDICATES as EVIDENCE_PREDICATES
from ictgraph.evidence_nodes import (EVIDENCE_CLASS, IN_DOCUMENT, OBJECT, PREDICATE, SUBJECT, TYPE,
                                     EvidenceNode)
from ictgraph.namespaces import ICT
from ictgraph.ntriples import Term, Triple
from ictgraph.shacl.convert import from_ntriples, from_ntriples_term, parse_file
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.engine import Validator
from ictgraph.shacl.shapes import compile_shapes
from ictgraph.triples import TripleSet

_EVIDENCE_LINK = nt.iri(str(ICT.evidence))
_SOURCE_DOCUMENT = nt.iri(str(ICT.SourceDocument))
HAS_STATEMENT, HAS_LINK = 1, 2  # DocumentPart.present flags
_CHUNK_NODES = 4000  # evidence nodes per task: a few hundred tasks at 10,000 articles


class DocumentPart(NamedTuple):
    """What one document contributes to the graph, as the per-document shapes read it."""

    document: Term
    description: list[Triple]  # the graph's triples about the document
    records: list[EvidenceNode]
    present: bytes  # per record: HAS_STATEMENT | HAS_LINK, as the graph has them

    def triples(self) -> Iterator[Triple]:
        yield from self.context()
        for record in self.records:
            yield from record.triples()

    def context(self) -> Iterator[Triple]:
        """The part's triples but its evidence nodes'."""
        yield from self.description
        for record, flags in zip(self.records, self.present):
            if flags & HAS_STATEMENT:
                yield record.subject, record.predicate, record.obj
            if flags & HAS_LINK:
                yield record.subject, _EVIDENCE_LINK, record.node


def document_parts(graph: TripleSet) -> list[DocumentPart] | None:
    """Each document's part of the graph, in document order; None when the split would not
    be exact: a triple outside the records says something only records may say (that a node
    is an ict:Evidence, or is in a document)."""
    plain = graph.plain_triples()
    records: dict[Term, list[EvidenceNode]] = {}
    for record in graph.evidence_nodes():
        records.setdefault(record.document, []).append(record)
    descriptions = _descriptions_of(plain, records)
    if descriptions is None:
        return None
    return [document_part(document, descriptions[document], records[document], plain)
            for document in sorted(records)]


def document_part(document: Term, description: Iterable[Triple], records: Iterable[EvidenceNode],
                  plain: Set[Triple]) -> DocumentPart:
    """A document's part: its own triples (`description`), its evidence records and which of
    their statements and links the graph's other triples (`plain`) hold."""
    nodes = sorted(records)
    present = bytes((HAS_STATEMENT if (r.subject, r.predicate, r.obj) in plain else 0)
                    | (HAS_LINK if (r.subject, _EVIDENCE_LINK, r.node) in plain else 0)
                    for r in nodes)
    return DocumentPart(document, sorted(description), nodes, present)


def _descriptions_of(plain: Iterable[Triple], documents: Iterable[Term]
                     ) -> dict[Term, list[Triple]] | None:
    """The triples about each document; None when a triple says what only evidence records may
    say (that a node is an ict:Evidence, or is in a document)."""
    descriptions: dict[Term, list[Triple]] = {document: [] for document in documents}
    for triple in plain:
        if triple[1] == IN_DOCUMENT or (triple[1] == TYPE and triple[2] == EVIDENCE_CLASS):
            return None
        found = descriptions.get(triple[0])
        if found is not None:
            found.append(triple)
    return descriptions


def is_split_of(parts: Sequence[DocumentPart], graph: TripleSet) -> bool:
    """Whether `parts`, made document by document while the graph was made, are the graph's
    parts (document_parts): the same documents, descriptions and records. Their flags need no
    second look: a TripleSet only grows, and a part is made once its statements are in."""
    by_document = {part.document: part for part in parts}
    nodes = {record.node for part in parts for record in part.records}
    if len(by_document) != len(parts) or len(nodes) != graph.evidence_count:
        return False
    # As many distinct nodes as the graph has records, each of them one of its records.
    if not all((node, TYPE, EVIDENCE_CLASS) in graph for node in nodes):
        return False
    if any(record.document != part.document for part in parts for record in part.records):
        return False
    descriptions = _descriptions_of(graph.plain_triples(), by_document)
    return descriptions is not None and all(
        sorted(descriptions[document]) == part.description for document, part in by_document.items())


def summary_triples(graph: TripleSet) -> Iterator[Triple]:
    """What the shapes checked on the whole graph read of evidence nodes: each node's class,
    document and statement (and the report, which documents explain a result)."""
    for record in graph.evidence_nodes():
        node = record.node
        yield node, TYPE, EVIDENCE_CLASS
        yield node, IN_DOCUMENT, record.document
        yield node, SUBJECT, record.subject
        yield node, PREDICATE, record.predicate
        yield node, OBJECT, record.obj


def _engine_terms(made: dict) -> Callable[[Term], object]:
    """N-Triples term -> engine term, each made once (`made`: see shacl.convert.from_ntriples)."""
    known = made.get

    def term(text: Term):
        found = known(text)
        return found if found is not None else from_ntriples_term(text, made)
    return term


def describe_summary(data: DataGraph, graph: TripleSet, made: dict) -> None:
    """Add summary_triples(graph) to the engine's index, one description per evidence node
    (`made`: the engine terms made so far, see shacl.convert.from_ntriples)."""
    term = _engine_terms(made)
    type_, in_document, subject = term(TYPE), term(IN_DOCUMENT), term(SUBJECT)
    predicate, obj, evidence = term(PREDICATE), term(OBJECT), term(EVIDENCE_CLASS)
    # The node, its statement and its document are terms of the rest of the graph already
    # (the statement, the subject's ict:evidence link, the document's description), mostly.
    data.describe((term(r.node), {type_: [evidence], in_document: [term(r.document)],
                                  subject: [term(r.subject)], predicate: [term(r.predicate)],
                                  obj: [term(r.obj)]})
                  for r in graph.evidence_nodes())


def check_parts(parts: Iterable[DocumentPart], shapes_file: Path, ontology: Path | None) -> list:
    """The per-document shapes' results on the parts (engine RawResults), checked together:
    the parts are disjoint subgraphs of one graph, so their union is one too."""
    compiled, ontology_triples = _setup(shapes_file, ontology)
    made: dict = {}
    context = (t for part in parts for t in part.context())
    # The index is many small objects and no cycle; a worker runs with the collector on.
    with collector_paused():
        graph = DataGraph(ontology_triples, reverse=compiled.reverse_predicates,
                          distinct=from_ntriples(context, made))
        graph.describe(_descriptions((r for part in parts for r in part.records), made))
        results = Validator(graph).run(compiled, sparql=False)
        # Freed before the collector is back: it would scan all of it once, for nothing.
        del graph, made
    return results


def _descriptions(records: Iterable[EvidenceNode], made: dict) -> Iterator[tuple]:
    """Each evidence node with its description in engine terms (for DataGraph.describe)."""
    term = _engine_terms(made)
    known = made.get
    type_, evidence = term(TYPE), term(EVIDENCE_CLASS)
    in_document, start_, end_, quote_, rule_, subject_, predicate_, object_ = map(
        term, EVIDENCE_PREDICATES)
    # Written out, as EvidenceNode's fields are (a dict display: a third faster than zip).
    for record in records:
        node, document, start, end, quote, rule, subject, predicate, obj = [
            known(text) or term(text) for text in record]
        yield node, {type_: [evidence], in_document: [document], start_: [start], end_: [end],
                     quote_: [quote], rule_: [rule], subject_: [subject],
                     predicate_: [predicate], object_: [obj]}


_SETUP: dict[tuple, tuple] = {}


def _setup(shapes_file: Path, ontology: Path | None) -> tuple:
    """The per-document shapes and the ontology's triples, once per process."""
    key = tuple((str(f), f.stat().st_mtime_ns) for f in (shapes_file, ontology) if f is not None)
    if key not in _SETUP:
        _, per_document = compile_shapes(parse_file(shapes_file)).split()
        _SETUP[key] = (per_document, list(parse_file(ontology)) if ontology else [])
    return _SETUP[key]


class PerDocumentChecks:
    """The per-document shapes checked on the parts of a graph: by the processes of `pool`, a
    chunk of parts submitted as soon as it fills (so that they run while the caller goes on,
    making the graph or checking the rest), or here when results() is called.

    The parts come all at once (PerDocumentChecks.of) or one document at a time while the
    graph is made (add_document); finish(graph) ends them."""

    def __init__(self, shapes_file: Path, ontology: Path | None,
                 pool: Executor | None = None, *, while_made: int = 1,
                 chunk_nodes: int = _CHUNK_NODES) -> None:
        self._shapes_file, self._ontology, self._pool = shapes_file, ontology, pool
        self._graph: TripleSet | None = None
        self._parts: list[DocumentPart] = []
        self._about: dict[Term, list[Triple]] | None = None  # see add_document
        self._chunk: list[DocumentPart] = []  # filling
        self._chunk_nodes = 0
        self._chunk_size = chunk_nodes  # evidence nodes per submitted chunk, about
        # While the graph is made, at most `while_made` chunks are checked at a time: the
        # process making it keeps a core (with two, the checks took it from the graph and
        # gave no time back); the others wait in `_full` until then or until finish().
        # Without a pool they all wait there, and results() checks them here.
        self._while_made = max(1, while_made)
        self._full: deque[list[DocumentPart]] = deque()
        self.terms: dict = {}  # the engine terms of the rest of the graph, see add_summary
        self._futures: list[Future] = []

    @classmethod
    def of(cls, graph: TripleSet, parts: Sequence[DocumentPart], shapes_file: Path,
           ontology: Path | None, pool: Executor | None = None) -> PerDocumentChecks:
        """The checks of the graph's parts (document_parts), submitted now."""
        checks = cls(shapes_file, ontology, pool)
        for part in parts:
            checks.add(part)
        checks.finish(graph)
        return checks

    def add(self, part: DocumentPart) -> None:
        self._parts.append(part)
        self._chunk.append(part)
        self._chunk_nodes += len(part.records)
        if self._chunk_nodes >= self._chunk_size:
            self._full.append(self._chunk)
            self._chunk, self._chunk_nodes = [], 0
        if self._pool is not None:
            self._submit(self._while_made)

    def add_document(self, graph: TripleSet, document: Term,
                     records: Iterable[EvidenceNode]) -> None:
        """Add a document's part while `graph` is being made, once its own triples, its
        statements and its evidence are in (rdf.to_triples' on_document); split_the_graph()
        tells whether the parts so given are the finished graph's."""
        plain = graph.plain_triples()
        if self._about is None:  # the documents' own triples, found once
            self._about = _descriptions_of(plain, (t[0] for t in plain if t[1] == TYPE
                                                   and t[2] == _SOURCE_DOCUMENT)) or {}
        self.add(document_part(document, self._about.get(document, ()), records, plain))

    @property
    def parts(self) -> tuple[DocumentPart, ...]:
        """The parts given so far."""
        return tuple(self._parts)

    def finish(self, graph: TripleSet) -> None:
        """End the parts (the last chunk is submitted): `graph` is made."""
        self._graph = graph
        if self._chunk:
            self._full.append(self._chunk)
            self._chunk, self._chunk_nodes = [], 0
        if self._pool is not None:
            self._submit(None)

    def split_the_graph(self) -> bool:
        """Whether the parts given while the graph was made are its parts (is_split_of);
        after finish()."""
        assert self._graph is not None, "finish() first"
        return is_split_of(self._parts, self._graph)

    def _submit(self, limit: int | None) -> None:
        """Submit the full chunks, while fewer than `limit` submitted ones are unfinished
        (None: all of them)."""
        assert self._pool is not None
        while self._full:
            if limit is not None and sum(not f.done() for f in self._futures[-limit:]) >= limit:
                return
            self._futures.append(self._pool.submit(check_parts, self._full.popleft(),
                                                   self._shapes_file, self._ontology))

    def add_summary(self, data: DataGraph) -> None:
        """Add the evidence nodes' summary to the index of the rest of the graph, made with
        `self.terms` (shacl.convert.from_ntriples)."""
        assert self._graph is not None, "finish() first"
        describe_summary(data, self._graph, self.terms)

    def results(self) -> list:
        if self._pool is None:  # the chunks wait in `_full`, checked here
            return [r for chunk in self._full
                    for r in check_parts(chunk, self._shapes_file, self._ontology)]
        try:
            return [r for future in self._futures for r in future.result()]
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Drop the checks not started yet (the build failed before asking for them)."""
        for future in self._futures:
            future.cancel()
