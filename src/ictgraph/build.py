"""The main job: documents → facts → resolved entities → RDF → checked → data/graph.ttl."""

from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from rdflib import Graph
from rdflib.namespace import RDF

from ictgraph.errors import DocumentError, IctgraphError
from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import Extraction, extract_document
from ictgraph.io import write_atomic
from ictgraph.model import Document
from ictgraph.namespaces import ICT
from ictgraph.rdf import serialize_turtle, to_graph
from ictgraph.paths import GRAPH_FILE, STORE_DIR
from ictgraph.read import read_documents
from ictgraph.store import build_store, source_files
from ictgraph.reference import Reference, load_reference
from ictgraph.resolve import document_iri, resolve
from ictgraph.validate import compact, validate

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3


class BuildFailed(IctgraphError):
    """Nothing was written."""


@dataclass
class Quarantined:
    """A document left out because its facts violate the shapes, and why."""

    name: str
    violations: list[str]


@dataclass
class BuildReport:
    output: Path
    documents: int = 0
    skipped: list[DocumentError] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    validated: bool = True
    classes: dict[str, int] = field(default_factory=dict)
    statements: int = 0
    evidence: int = 0
    triples: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.skipped or self.quarantined else EXIT_OK


# Each worker process loads the reference data and the matcher once.
_WORKER: tuple[Reference, Gazetteer] | None = None


def _worker_init() -> None:
    global _WORKER
    reference = load_reference()
    _WORKER = (reference, Gazetteer.from_reference(reference))


def _extract_in_worker(document: Document) -> Extraction:
    assert _WORKER is not None
    return extract_document(document, *_WORKER)


def extract_all(documents: list[Document], jobs: int = 1,
                on_done: Callable[[Document], None] | None = None) -> list[Extraction]:
    """Extraction of every document, in input order, using `jobs` processes."""
    if jobs <= 1 or len(documents) < 2:
        reference = load_reference()
        gazetteer = Gazetteer.from_reference(reference)
        results = []
        for document in documents:
            results.append(extract_document(document, reference, gazetteer))
            if on_done:
                on_done(document)
        return results
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        results = []
        for document, result in zip(documents, pool.map(_extract_in_worker, documents, chunksize=8)):
            results.append(result)
            if on_done:
                on_done(document)
        return results


def graph_of(extractions: Iterable[Extraction]) -> Graph:
    """The RDF graph of a set of extractions, with the reference data they touch."""
    extractions = list(extractions)
    reference = load_reference()
    facts = [fact for e in extractions for fact in e.facts]
    resolution = resolve(facts, reference.graph)
    meta = {e.document.name: e.metadata for e in extractions}
    return to_graph([e.document for e in extractions], facts, resolution, reference.graph, meta)


def summarize(graph: Graph, report: BuildReport) -> None:
    counts: Counter[str] = Counter()
    for cls in graph.objects(None, RDF.type):
        if str(cls).startswith(str(ICT)):
            counts[str(cls)[len(str(ICT)):]] += 1
    report.classes = dict(sorted(counts.items()))
    report.triples = len(graph)
    report.evidence = counts.get("Evidence", 0)
    report.statements = sum(1 for _ in graph.subject_objects(RDF.subject))


def _describe(result) -> str:
    value = f" {compact(result.value)}" if result.value is not None else ""
    return f"{result.focus_label}: {result.path or ''}{value}: {result.message('en')}"


def gate(extractions: list[Extraction], report: BuildReport, strict: bool) -> Graph:
    """The graph of the extractions that pass the shapes.

    A violation that one document explains quarantines that document (its facts are
    left out and the rest is validated again); a violation no single document
    explains, or any violation under strict, fails the build.
    """
    kept = list(extractions)
    while True:
        graph = graph_of(kept)
        result = validate(graph)
        report.warnings.extend(_describe(r) for r in result.warnings)
        if result.conforms:
            return graph
        if strict:
            raise BuildFailed(f"{len(result.violations)} SHACL violation(s), first: "
                              f"{_describe(result.violations[0])} (--strict: nothing written)")
        blamed: dict[str, list[str]] = {}
        for violation in result.violations:
            documents = result.documents_of(violation)
            if len(documents) != 1:
                raise BuildFailed(f"a violation no single document explains: {_describe(violation)}; "
                                  f"nothing written, the previous graph is kept")
            blamed.setdefault(documents.pop(), []).append(_describe(violation))
        by_iri = {str(document_iri(e.document.sha256)): e for e in kept}
        for iri, messages in sorted(blamed.items()):
            extraction = by_iri[iri]
            report.quarantined.append(Quarantined(extraction.document.name, messages))
            kept.remove(extraction)
        if not kept:
            raise BuildFailed("every document was quarantined; nothing written")


def build(directory: Path, output: Path, *, jobs: int = 1, strict: bool = False,
          validate_output: bool = True,
          on_start: Callable[[int], None] | None = None,
          on_done: Callable[[Document], None] | None = None) -> BuildReport:
    """Build the graph of every article in directory, check it against the shapes and
    write it to output atomically."""
    read = read_documents(directory)
    report = BuildReport(output=output, skipped=list(read.errors))
    if strict and read.errors:
        raise BuildFailed(f"{read.errors[0]} (--strict: nothing written)")
    if not read.documents:
        reason = f"{read.errors[0]}" if read.errors else f"{directory}: no .txt documents"
        raise BuildFailed(f"nothing to build: {reason}")
    if on_start:
        on_start(len(read.documents))
    extractions = extract_all(read.documents, jobs=max(1, jobs or os.cpu_count() or 1), on_done=on_done)
    for extraction in extractions:
        report.warnings.extend(extraction.warnings)
    if validate_output:
        graph = gate(extractions, report, strict)
    else:
        report.validated = False
        graph = graph_of(extractions)
    report.documents = len(extractions) - len(report.quarantined)
    summarize(graph, report)
    output.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(output, serialize_turtle(graph))
    if output.resolve() == GRAPH_FILE.resolve():
        # Queries read the embedded store: load the new graph now, not at the first query.
        build_store(STORE_DIR, source_files(output))
    return report
