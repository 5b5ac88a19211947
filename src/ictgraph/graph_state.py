"""What a graph's making leaves for the next build to add to it.

The graph is mostly a union of what each document says. What is not are the
choices made across documents (rdf.py, reconcile.py, resolve.py):

- an explicit class or label of a resource replaces the implied ones, and an
  explicit statement replaces the implied statement of the same triple;
- one label per resource and language: the most frequent;
- one value per functional property: the one most documents give;
- every entity gets one IRI, and the label of its first mention.

A document added later can only be added without rebuilding when it leaves
every one of those choices as it was. GraphState keeps, per choice, what is
needed to tell (and no more: counts and first documents, not the statements),
so that incremental.py can decide from the new document alone, in
milliseconds, where rebuilding the graph takes a minute.
"""

from __future__ import annotations

import os
import pickle
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ictgraph import ntriples as nt
from ictgraph.evidence_nodes import TYPE
from ictgraph.io import write_atomic
from ictgraph.model import EntityRef
from ictgraph.namespaces import RDFS
from ictgraph.ntriples import Term, Triple

STATE_VERSION = 1
LABEL = nt.iri(str(RDFS.label))


@dataclass
class GraphState:
    """The choices a graph was made with, keyed by N-Triples terms (ntriples.py)."""

    kinds_explicit: set[tuple[Term, Term]] = field(default_factory=set)
    kinds_implied: set[tuple[Term, Term]] = field(default_factory=set)
    triples_explicit: set[Triple] = field(default_factory=set)  # of the implied predicates
    triples_implied: set[Triple] = field(default_factory=set)  # kept implied statements'
    # (subject, language) -> label text -> statements giving it (rdf._one_label_each counts)
    labels: dict[tuple[Term, str | None], Counter] = field(default_factory=dict)
    # (subject, functional predicate) -> value -> document -> earliest start (reconcile.py)
    functional: dict[tuple[Term, Term], dict[Term, dict[str, int]]] = field(default_factory=dict)
    statement_triples: set[Triple] = field(default_factory=set)  # the chosen statements'
    typed: set[Term] = field(default_factory=set)  # subjects with a class in the graph
    labelled: set[Term] = field(default_factory=set)  # subjects with a label in the graph
    described: set[Term] = field(default_factory=set)  # reference resources copied in
    metadata_typed: set[Term] = field(default_factory=set)  # typed from document metadata alone
    # Resolution: each entity key as first met, in order, and where (phase, document): see
    # resolve(); and what it resolved to: its IRI, and the labels its mentions imply.
    met: list[tuple[EntityRef, tuple[int, str] | None]] = field(default_factory=list)
    resolved: dict[EntityRef, tuple[str, tuple]] = field(default_factory=dict)
    conflicts: dict[tuple[Term, Term], list[str]] = field(default_factory=dict)  # warnings


    def record_resolution(self, resolution) -> None:
        """The entities of a resolve() run, as first met, and what they resolved to."""
        self.met = list(resolution.met)
        self.resolved = {ref: resolved_as(resolution, ref) for ref, _ in self.met}

    def record_statements(self, kinds: set[tuple[Term, Term]], explicit_triples: set[Triple],
                          kept_implied: Iterable, uncurated: Iterable, labels: dict,
                          conflicts: dict[tuple[Term, Term], list[str]]) -> None:
        """What rdf.to_triples chose with: the explicit kinds and triples, the implied
        statements kept, the functional properties' support (the statements after the
        curated ones are dropped), the label counts and the conflicts."""
        from ictgraph.reconcile import functional_properties

        self.kinds_explicit = set(kinds)
        self.triples_explicit = set(explicit_triples)
        self.add_implied(kept_implied)
        functional = functional_properties()
        for s in uncurated:
            if s.predicate in functional:
                self.add_support(s)
        self.labels = dict(labels)
        self.conflicts = dict(conflicts)

    def add_implied(self, kept_implied: Iterable) -> None:
        """Count implied statements no explicit one replaced: their kinds and triples."""
        for s in kept_implied:
            if s.predicate in (TYPE, LABEL):  # (rdf.KIND_PREDICATES; rdf imports this module)
                self.kinds_implied.add((s.subject, s.predicate))
            self.triples_implied.add((s.subject, s.predicate, s.obj))

    def add_support(self, statement) -> None:
        """Count a statement of a functional property: its document's earliest start."""
        documents = self.functional.setdefault((statement.subject, statement.predicate), {}) \
            .setdefault(statement.obj, {})
        evidence = statement.evidence
        known = documents.get(evidence.document)
        if known is None or evidence.start < known:
            documents[evidence.document] = evidence.start

    def record_graph(self, statements: Iterable, graph, described: set[Term],
                     typed_from_metadata: set[Term]) -> None:
        """What the graph holds that a new document's additions are checked against."""
        self.statement_triples = {(s.subject, s.predicate, s.obj) for s in statements}
        self.typed = set(graph.subjects_with(TYPE))
        self.labelled = set(graph.subjects_with(LABEL))
        self.described = set(described)
        self.metadata_typed = set(typed_from_metadata)


@dataclass
class StoredState:
    """A GraphState with what it belongs to: written beside the graph after a build."""

    version: int
    fingerprint: str  # the rules, the shapes, the ontology, the reference data
    directory: str  # the documents folder, resolved
    files: dict[str, tuple[int, int, int, str]]  # file name -> (size, mtime_ns, inode, sha256)
    graph: tuple[int, int, int]  # the published graph file's (size, mtime_ns, inode)
    store: str | None  # the store directory, resolved
    state: GraphState
    extraction_warnings: list[str] = field(default_factory=list)
    summary: dict = field(default_factory=dict)  # the build report's figures


def resolved_as(resolution, ref: EntityRef) -> tuple[str, tuple]:
    """An entity's IRI and the labels of it and of the entities its key names: what its
    mentions' implied statements say (rdf._implied_statements)."""
    from ictgraph.resolve import components  # (resolve is heavy: only the builds need it)

    canonical = resolution.canonical_ref(ref)
    return str(resolution.iri(ref)), tuple(part.label for part in components(canonical))


def state_file_of(output: Path) -> Path:
    """Where a build of `output` keeps its state: a hidden file beside it."""
    return output.with_name(f".{output.name}.state")


def save_state(stored: StoredState, path: Path) -> None:
    """Write the state atomically (io.write_atomic): a stale one does not match the graph
    file it names, and one that cannot be read is none."""
    write_atomic(path, pickle.dumps(stored, protocol=pickle.HIGHEST_PROTOCOL))


def load_state(path: Path) -> StoredState | None:
    """The state, or None when there is none or it cannot be read (then the build is full)."""
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            IndexError, TypeError, ValueError):
        return None
    if not isinstance(stored, StoredState) or stored.version != STATE_VERSION:
        return None
    return stored


def file_stamp(path: Path) -> tuple[int, int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns, info.st_ino
