"""Adding documents to a published graph without making it again.

A build whose documents folder holds the previous build's files, unchanged, plus
new ones, asks here first. The new documents are read and extracted alone;
what they add is worked out against the previous build's choices (graph_state.py),
and when they leave every choice as it was the addition is a GraphDelta: the
Turtle is spliced (turtle_splice.py), the store updated on a copy
(store_update.py) and only what the delta can affect is validated
(validate_delta.py). The bytes are those a full build would write; anything
else (a file changed or removed, a label or a value the new documents would
displace, an entity that would get another IRI, a violation) is a Fallback,
and the caller builds everything, as before.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from ictgraph import ntriples as nt
from ictgraph.errors import DocumentError
from ictgraph.extract.pipeline import Extraction
from ictgraph.graph_delta import GraphDelta
from ictgraph.graph_state import GraphState, StoredState, file_stamp, resolved_as
from ictgraph.model import Document
from ictgraph.rdf import (KIND_PREDICATES, _add_document, _add_document_meta,
                          _add_reference_closure, _add_statement, add_mentions,
                          _document_term, _drop_curated, _ReferenceIndex,
                          _type_metadata_entities, chosen_label, kept_implied, label_counts,
                          raw_statements, stated_kinds, stated_triples, _LABEL, _TYPE)
from ictgraph.read import document_paths, read_document
from ictgraph.reference import Reference
from ictgraph.reconcile import functional_properties, reconcile
from ictgraph.resolve import first_met, resolve
from ictgraph.triples import TripleSet


class Fallback(Exception):
    """Why the documents cannot be added to the graph as it is: the build makes it again."""


@dataclass
class NewDocuments:
    """The documents a folder holds beyond those of the previous build."""

    documents: list[Document]
    stamps: dict[str, tuple[int, int, int, str]]  # every file of the folder, as for StoredState


def new_documents(directory: Path, stored: StoredState) -> NewDocuments:
    """The folder's files not in the previous build, read; Fallback unless every file of the
    previous build is still there, unchanged (same size, modification time and inode)."""
    if str(Path(directory).resolve()) != stored.directory:
        raise Fallback("another documents folder than the previous build's")
    stamps: dict[str, tuple[int, int, int, str]] = {}
    documents: list[Document] = []
    known_hashes = {stamp[3] for stamp in stored.files.values()}
    seen = set()
    for path in document_paths(directory):
        old = stored.files.get(path.name)
        try:
            size, mtime, inode = file_stamp(path)
        except OSError as exc:
            raise Fallback(f"{path.name} cannot be read ({exc.strerror})") from None
        if old is not None:
            if old[:3] != (size, mtime, inode):
                raise Fallback(f"{path.name} changed since the previous build")
            stamps[path.name] = old
            seen.add(path.name)
            continue
        try:
            document = read_document(path)
        except DocumentError as exc:
            raise Fallback(f"a new file cannot be read ({exc})") from None
        if document.sha256 in known_hashes:
            raise Fallback(f"{path.name} has the bytes of another document")
        known_hashes.add(document.sha256)
        stamps[path.name] = (size, mtime, inode, document.sha256)
        documents.append(document)
    if len(seen) != len(stored.files):
        raise Fallback(f"{len(stored.files) - len(seen)} file(s) of the previous build are gone")
    return NewDocuments(documents, stamps)


def addition(extractions: list[Extraction], state: GraphState, reference: Reference) -> GraphDelta:
    """The delta of the extractions' documents (none in the graph yet) on a graph made with
    `state`, which is brought up to date (its conflicts too); Fallback when they would change
    a choice."""
    facts = [fact for e in extractions for fact in e.facts]
    starts, count = [], 0
    for extraction in extractions:
        starts.append((count, extraction.document.name))
        count += len(extraction.facts)
    resolution = _resolution(facts, starts, state, reference.graph)

    explicit, implied = raw_statements(resolution.facts, resolution)
    kinds, triples = stated_kinds(explicit), stated_triples(explicit)
    for kind in kinds - state.kinds_explicit:
        if kind in state.kinds_implied:
            raise Fallback(f"{nt.value(kind[0])}: an explicit {nt.value(kind[1])} would replace "
                           f"the implied ones")
    for triple in triples - state.triples_explicit:
        if triple in state.triples_implied:
            raise Fallback(f"{nt.value(triple[0])}: an explicit statement would replace implied ones")
    kept = kept_implied(implied, state.kinds_explicit | kinds, state.triples_explicit | triples)
    all_statements = list(explicit.union(kept))

    curated = _ReferenceIndex(reference.graph)
    uncurated = _drop_curated(all_statements, curated)
    statements = _reconciled(uncurated, state)
    statements = _labelled(statements, state)
    for s in statements:
        if s.subject in state.metadata_typed and s.predicate in KIND_PREDICATES:
            raise Fallback(f"{nt.value(s.subject)}: a class or label would replace one that "
                           f"document metadata gave")

    part = TripleSet(indexed=KIND_PREDICATES)
    by_name = {e.document.name: e.document for e in extractions}
    documents_of = {name: (document, _document_term(document.sha256))
                    for name, document in by_name.items()}
    used = add_mentions(part, all_statements, documents_of)
    quotes: dict = {}
    for s in statements:
        _add_statement(part, s, *documents_of[s.evidence.document], quotes)
    for extraction in extractions:
        _add_document(part, extraction.document)
    untyped = []
    for extraction in sorted(extractions, key=lambda e: e.document.name):
        untyped.extend(_add_document_meta(part, extraction.document, extraction.metadata,
                                          resolution))
    used.update(resolution.term(entity) for entity in untyped)
    described = _add_reference_closure(part, curated, used, set(state.described))

    def has(subject, predicate) -> bool:  # a value in the graph or in what is added
        known = state.labelled if predicate == _LABEL else state.typed
        return subject in known or (subject, predicate, None) in part

    given = _type_metadata_entities(part, untyped, resolution, has)

    delta = GraphDelta()
    for triple in part.plain_triples():
        if triple not in state.statement_triples and not _described(triple, state, curated):
            delta.added.add(triple)
    for record in part.evidence_nodes():
        delta.add_evidence(record)

    # The state after the addition.
    state.kinds_explicit |= kinds
    state.triples_explicit |= triples
    state.add_implied(kept)
    state.statement_triples.update((s.subject, s.predicate, s.obj) for s in statements)
    state.typed |= set(part.subjects_with(_TYPE))
    state.labelled |= set(part.subjects_with(_LABEL))
    state.described = described
    state.metadata_typed |= given
    return delta


def _resolution(facts, starts, state: GraphState, graph):
    """The new documents' entities resolved as a full build would: every entity key met in
    the order of the whole run (the previous documents' first mentions merged with the new
    ones'); Fallback if an entity the graph has would get another IRI or label."""
    # A new document's mention of a known key comes in too: if it comes first, its label is
    # the entity's, and the comparison below sees whether that changes anything.
    merged = list(heapq.merge(state.met, first_met(facts, starts), key=lambda met: met[1]))
    resolution = resolve(facts, graph, first=[ref for ref, _ in merged])
    for ref, before in state.resolved.items():
        if resolved_as(resolution, ref) != before:
            raise Fallback(f"{before[0]}: the new documents change its IRI or its label")
    place = {id(ref): where for ref, where in merged}
    state.met = [(ref, place[id(ref)]) for ref, _ in resolution.met]
    for ref, _ in state.met:
        if ref not in state.resolved:
            state.resolved[ref] = resolved_as(resolution, ref)
    return resolution


class _Support:
    """One document's support of a functional property's value in the previous graph, as
    reconcile() reads a statement: its triple and its document's earliest start."""

    __slots__ = ("subject", "predicate", "obj", "evidence")

    def __init__(self, subject, predicate, obj, document: str, start: int) -> None:
        self.subject, self.predicate, self.obj = subject, predicate, obj
        self.evidence = _Where(document, start)


@dataclass(frozen=True)
class _Where:
    document: str
    start: int


def _reconciled(statements: list, state: GraphState) -> list:
    """The new statements reconcile() keeps when they join the previous graph's support (the
    state's conflicts updated); Fallback if any value of the previous graph would change from
    kept to dropped or back."""
    functional = functional_properties()
    kept = [s for s in statements if s.predicate not in functional]
    groups: dict[tuple, list] = defaultdict(list)
    for s in statements:
        if s.predicate in functional:
            groups[(s.subject, s.predicate)].append(s)
    for key in groups:
        before = [_Support(*key, value, document, start)
                  for value, documents in state.functional.get(key, {}).items()
                  for document, start in documents.items()]
        kept_before = {s.obj for s in reconcile(before, functional)[0]}
        by_group: dict = {}
        after, _ = reconcile(before + groups[key], functional, by_group)
        if {s.obj for s in after if isinstance(s, _Support)} != kept_before:
            raise Fallback(f"{nt.value(key[0])}: the new documents change which "
                           f"{nt.value(key[1])} is kept")
        kept.extend(s for s in after if not isinstance(s, _Support))
        for s in groups[key]:
            state.add_support(s)
        if key in by_group:
            state.conflicts[key] = by_group[key]
    return kept


def _labelled(statements: list, state: GraphState) -> list:
    """The statements with the labels a full build keeps: one per resource and language,
    counted with the previous graph's; Fallback if the kept label of a resource changes."""
    counts = label_counts(statements)
    chosen = {}
    for key, counter in counts.items():
        before = state.labels.get(key)
        after = Counter(before or {})
        after.update(counter)
        chosen[key] = chosen_label(after)
        if before and chosen_label(before) != chosen[key]:
            raise Fallback(f"{nt.value(key[0])}: the new documents change its label")
        state.labels[key] = after
    return [s for s in statements if s.predicate != _LABEL
            or nt.value(s.obj) == chosen[(s.subject, nt.language(s.obj))]]


def _described(triple, state: GraphState, curated: _ReferenceIndex) -> bool:
    """Whether the triple is in the graph as part of a reference resource's description."""
    return triple[0] in state.described and triple[2] in curated.objects(triple[0], triple[1])
