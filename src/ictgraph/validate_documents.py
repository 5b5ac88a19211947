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

from collections.abc import Callable, Iterable, Iterator, Sequence
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
    descriptions: dict[Term, list[Triple]] = {document: [] for document in records}
    for triple in plain:
        if triple[1] == IN_DOCUMENT or (triple[1] == TYPE and triple[2] == EVIDENCE_CLASS):
            return None
        found = descriptions.get(triple[0])
        if found is not None:
            found.append(triple)
    parts = []
    for document in sorted(records):
        nodes = sorted(records[document])
        present = bytes((HAS_STATEMENT if (r.subject, r.predicate, r.obj) in plain else 0)
                        | (HAS_LINK if (r.subject, _EVIDENCE_LINK, r.node) in plain else 0)
                        for r in nodes)
        parts.append(DocumentPart(document, sorted(descriptions[document]), nodes, present))
    return parts


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


def chunks(parts: Sequence[DocumentPart], size: int = _CHUNK_NODES) -> Iterator[list[DocumentPart]]:
    """Consecutive parts, about `size` evidence nodes per chunk."""
    chunk: list[DocumentPart] = []
    count = 0
    for part in parts:
        chunk.append(part)
        count += len(part.records)
        if count >= size:
            yield chunk
            chunk, count = [], 0
    if chunk:
        yield chunk


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
    """The per-document shapes checked on the parts by the processes of `pool` (submitted now,
    so that they run while the caller checks the rest), or here when results() is called."""

    def __init__(self, graph: TripleSet, parts: Sequence[DocumentPart], shapes_file: Path,
                 ontology: Path | None, pool: Executor | None = None) -> None:
        self._graph = graph
        self._parts, self._shapes_file, self._ontology = parts, shapes_file, ontology
        self.terms: dict = {}  # the engine terms of the rest of the graph, see add_summary
        self._futures: list[Future] = []
        if pool is not None:
            self._futures = [pool.submit(check_parts, chunk, shapes_file, ontology)
                             for chunk in chunks(parts)]

    def add_summary(self, data: DataGraph) -> None:
        """Add the evidence nodes' summary to the index of the rest of the graph, made with
        `self.terms` (shacl.convert.from_ntriples)."""
        describe_summary(data, self._graph, self.terms)

    def results(self) -> list:
        if not self._futures:
            return [r for chunk in chunks(self._parts)
                    for r in check_parts(chunk, self._shapes_file, self._ontology)]
        try:
            return [r for future in self._futures for r in future.result()]
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Drop the checks not started yet (the build failed before asking for them)."""
        for future in self._futures:
            future.cancel()
