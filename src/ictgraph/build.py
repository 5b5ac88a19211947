"""The main job: documents → facts → resolved entities → RDF → checked → data/graph.ttl."""

from __future__ import annotations

import os
import pickle
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ictgraph.cache import ExtractionCache, pickled
from ictgraph.collector import collector_paused
from ictgraph.errors import DocumentError, IctgraphError
from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import Extraction, extract_document
from ictgraph.graph_state import GraphState, file_stamp
from ictgraph.incremental_build import Fallback, incremental_build, save_build_state
from ictgraph.io import publish, remove_leftovers, stage_file
from ictgraph.lock import build_lock
from ictgraph.model import Document
from ictgraph import ntriples as nt, paths
from ictgraph.namespaces import ICT, RDF
from ictgraph.paths import CACHE_DIR, GRAPH_FILE, STORE_DIR
from ictgraph.rdf import DocumentDone, to_triples
from ictgraph.serialize import write_turtle
from ictgraph.read import DOCUMENT_SUFFIXES, document_paths, read_documents
from ictgraph.reference import Reference, load_reference
from ictgraph.resolve import document_iri, resolve
from ictgraph.store import StoreBuild, source_files
from ictgraph.triples import TripleSet
from ictgraph.shacl.sparql_process import SparqlAnswer
from ictgraph.validate import (ValidationReport, compact, document_checks, sparql_checks_apart,
                               start_document_checks, validate_triples)
from ictgraph.validate_documents import PerDocumentChecks
from ictgraph.workers import worker_pool

EXIT_OK, EXIT_FAILED, EXIT_PARTIAL = 0, 1, 3
_TYPE, _RDF_SUBJECT = nt.iri(str(RDF.type)), nt.iri(str(RDF.subject))
_ICT_TERM = "<" + str(ICT)  # the start of every ict: class term


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
    timings: dict[str, float] = field(default_factory=dict)  # stage -> seconds, in order
    cached: int = 0  # documents whose extraction came from the cache
    added: int | None = None  # documents added to the previous graph; None: a full build
    rebuilt_because: str | None = None  # why the documents could not just be added

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        """Time a stage of the build (bench/run.py reports the shares)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start)

    def add(self, name: str, seconds: float) -> None:
        """Add seconds to a stage (also time another process spent on its work)."""
        self.timings[name] = self.timings.get(name, 0.0) + seconds

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.skipped or self.quarantined else EXIT_OK


# Each worker process loads the reference data and the matcher once, when it first extracts.
_WORKER: tuple[Reference, Gazetteer] | None = None


def _extract_in_worker(document: Document) -> bytes:
    """The extraction, pickled: sent so, it is stored in the cache as it comes, and made
    into objects once (pickled for the pipe, it was unpickled, then pickled for the cache)."""
    global _WORKER
    if _WORKER is None:
        reference = load_reference()
        _WORKER = (reference, Gazetteer.from_reference(reference))
    return pickled(extract_document(document, *_WORKER))


def extract_all(documents: list[Document], jobs: int = 1,
                on_done: Callable[[Document], None] | None = None,
                cache: ExtractionCache | None = None,
                pool: ProcessPoolExecutor | None = None) -> list[Extraction]:
    """Extraction of every document, in input order, using `jobs` processes (those of `pool`
    when given); documents the cache knows are not extracted again, and new extractions are
    added to it."""
    results: dict[int, Extraction] = {}
    todo: list[tuple[int, Document]] = []
    for index, document in enumerate(documents):
        cached = cache.get(document) if cache is not None else None
        if cached is not None:
            results[index] = cached
            if on_done:
                on_done(document)
        else:
            todo.append((index, document))
    for (index, document), extraction in zip(todo, _extract(
            [d for _, d in todo], jobs, on_done, pool)):
        if isinstance(extraction, bytes):  # from a worker
            if cache is not None:
                cache.put_pickled(document, extraction)
            extraction = pickle.loads(extraction)
        elif cache is not None:
            cache.put(extraction)
        results[index] = extraction
    if cache is not None:
        cache.flush()  # the last new entries
        cache.close()
    return [results[i] for i in range(len(documents))]


def _extract(documents: list[Document], jobs: int, on_done: Callable[[Document], None] | None,
             pool: ProcessPoolExecutor | None) -> Iterator[Extraction | bytes]:
    """The extractions, in order: made here, or pickled by the worker processes."""
    if not documents:
        return
    if jobs <= 1 or len(documents) < 2:
        reference = load_reference()
        gazetteer = Gazetteer.from_reference(reference)
        for document in documents:
            yield extract_document(document, reference, gazetteer)
            if on_done:
                on_done(document)
        return
    with ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs))
        for document, result in zip(documents, pool.map(_extract_in_worker, documents, chunksize=8)):
            yield result
            if on_done:
                on_done(document)


def graph_of(extractions: Iterable[Extraction], report: BuildReport | None = None,
             state: GraphState | None = None,
             on_document: DocumentDone | None = None) -> TripleSet:
    """The RDF graph of a set of extractions, with the reference data they touch; `state`,
    when given, records the choices it was made with (graph_state.py); `on_document`: see
    rdf.to_triples."""
    report = report or BuildReport(output=Path())
    extractions = list(extractions)
    reference = load_reference()
    facts: list = []
    starts: list[tuple[int, str]] = []  # where each document's facts start
    for extraction in extractions:
        starts.append((len(facts), extraction.document.name))
        facts.extend(extraction.facts)
    with report.stage("resolve"):
        resolution = resolve(facts, reference.graph, documents=starts)
        if state is not None:
            state.record_resolution(resolution)
    meta = {e.document.name: e.metadata for e in extractions}
    with report.stage("rdf"):
        # The resolved facts: their entities are the resolution's own objects, shared by every
        # fact that names them, so that looking one up finds it by identity.
        return to_triples([e.document for e in extractions], resolution.facts, resolution,
                          reference.graph, meta, state, on_document)


def summarize(graph: TripleSet, report: BuildReport) -> None:
    counts: Counter[str] = Counter()
    statements = 0
    for _subject, predicate, obj in graph.plain_triples():
        if predicate == _TYPE and obj.startswith(_ICT_TERM):
            counts[obj[len(_ICT_TERM):-1]] += 1
        elif predicate == _RDF_SUBJECT:
            statements += 1
    # Each evidence record is one ict:Evidence node and names one statement.
    if graph.evidence_count:
        counts["Evidence"] += graph.evidence_count
        statements += graph.evidence_count
    report.classes = dict(sorted(counts.items()))
    report.triples = len(graph)
    report.evidence = counts.get("Evidence", 0)
    report.statements = statements


def _describe(result) -> str:
    value = f" {compact(result.value)}" if result.value is not None else ""
    return f"{result.focus_label}: {result.path or ''}{value}: {result.message('en')}"


class _Staged:
    """A graph on its way out: its Turtle written beside the output but not in its place yet,
    and its new store. The store's loader, another interpreter, reads the staged Turtle and
    checks the gate's SHACL-SPARQL constraints on the new store once it holds the graph and
    the ontology: on a large graph that took less time and memory than an in-memory copy
    for the checks. With several jobs this process meanwhile checks the core constraints;
    with one, it waits for the loader first, so that one process works at a time.
    publish() puts the graph in place and swaps the store in; discard() drops both and
    keeps what was there."""

    def __init__(self, graph: TripleSet, output: Path, store_dir: Path | None, jobs: int,
                 report: BuildReport, *, validating: bool = True) -> None:
        self.graph, self.output, self.store_dir, self.jobs = graph, output, store_dir, jobs
        self.loading: StoreBuild | None = None
        self.sparql: SparqlAnswer | None = None
        self.turtle: Path | None = None
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            with report.stage("write"):
                # What is validated is the triple set; the writer's Turtle reads back as the
                # same triples (tests/test_rdf.py), and the store loads that Turtle.
                self.turtle = stage_file(output, lambda stream: write_turtle(graph, stream))
            if store_dir is not None:
                checks = validating and sparql_checks_apart()
                with report.stage("store"):
                    self.loading = StoreBuild(store_dir, source_files(output, graph_written=False),
                                              self.turtle, own_graph=True,
                                              shapes=paths.SHAPES_FILE if checks else None)
                if checks:
                    self.sparql = SparqlAnswer(self.loading.sparql_results)
                if jobs <= 1:
                    started = time.perf_counter()
                    self.loading.wait()
                    # The loader's checks are the gate's, timed as such.
                    waited = time.perf_counter() - started
                    report.add("validate", min(self.loading.check_seconds, waited))
                    report.add("store", max(0.0, waited - self.loading.check_seconds))
        except BaseException:
            self.discard()
            raise

    def validate(self, started: PerDocumentChecks | None = None) -> ValidationReport:
        """The gate's report; `started`: the per-document checks of this graph, under way."""
        return validate_triples(self.graph, parallel=self.jobs > 1, sparql=self.sparql,
                                started=started)

    def publish(self, report: BuildReport) -> None:
        assert self.turtle is not None
        if self.loading is not None:
            # The loader reads the staged Turtle: it has read it before it is moved. Queries
            # read the embedded store: the new graph is loaded now, not at the first query.
            with report.stage("store"):
                self.loading.stamp_graph(self.turtle)  # while the loader compacts the store
                self.loading.wait()
        turtle, self.turtle = self.turtle, None
        publish(turtle, self.output)
        if self.loading is not None:
            with report.stage("store"):
                loading, self.loading = self.loading, None
                loading.finish()

    def discard(self) -> None:
        if self.loading is not None:
            self.loading.abandon()
            self.loading = None
        if self.turtle is not None:
            self.turtle.unlink(missing_ok=True)
            self.turtle = None


def gate(extractions: list[Extraction], report: BuildReport, strict: bool,
         stage: Callable[[TripleSet], _Staged], pool: ProcessPoolExecutor | None = None,
         state: GraphState | None = None, jobs: int = 2) -> _Staged:
    """The graph of the extractions that pass the shapes, staged for publishing (`state`:
    records the choices the graph is made with; after a quarantine it is no graph's, and
    the caller does not keep it; `jobs`: the number of processes of `pool`).

    A violation that one document explains quarantines that document (its facts are
    left out and the rest is validated again); a violation no single document
    explains, or any violation under strict, fails the build.
    """
    kept = list(extractions)
    while True:
        # The workers check each document's evidence as soon as it is made, while this
        # process makes the rest of the graph and writes it (they were idle until then).
        streamed = document_checks(pool, jobs) if pool is not None else None
        try:
            graph = graph_of(kept, report, state,
                             on_document=streamed.add_document if streamed is not None else None)
        except BaseException:
            if streamed is not None:
                streamed.cancel()
            raise
        conflicts = graph.warnings
        with report.stage("validate"):
            started = start_document_checks(graph, pool, streamed)
        try:
            staged = stage(graph)
        except BaseException:
            if started is not None:
                started.cancel()
            raise
        try:
            with report.stage("validate"):
                result = staged.validate(started)
            report.warnings.extend(_describe(r) for r in result.warnings)
            if result.conforms:
                report.warnings.extend(conflicts)
                return staged
            _quarantine(result, kept, report, strict)
        except BaseException:
            staged.discard()
            raise
        staged.discard()


def _quarantine(result: ValidationReport, kept: list[Extraction], report: BuildReport,
                strict: bool) -> None:
    """Remove from `kept` the documents that explain the violations, or fail the build."""
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
          validate_output: bool = True, cache_dir: Path | None = CACHE_DIR,
          store_dir: Path | None = None, incremental: bool = True,
          on_start: Callable[[int], None] | None = None,
          on_done: Callable[[Document], None] | None = None) -> BuildReport:
    """Build the graph of every article in directory, check it against the shapes and
    write it to output atomically.

    When the folder holds the previous build's files, unchanged, and new ones, and the
    new ones only add to the graph, they are added to it (incremental_build.py): the
    same bytes, in seconds rather than minutes. `incremental=False` makes it all again.

    Two builds of one output never interleave: the second is refused (BuildLocked)
    while the first holds the lock file beside the output.

    The store the queries read (`store_dir`; by default data/store/ when `output` is
    data/graph.ttl, else none) is loaded with the new graph."""
    if store_dir is None and Path(output).resolve() == GRAPH_FILE.resolve():
        store_dir = STORE_DIR
    with build_lock(lock_file_of(output)):
        remove_leftovers(output)  # what a killed build left; no one else writes it now
        return _build(directory, output, jobs=jobs, strict=strict, validate_output=validate_output,
                      cache_dir=cache_dir, store_dir=store_dir, incremental=incremental,
                      on_start=on_start, on_done=on_done)


def lock_file_of(output: Path) -> Path:
    """The lock a build of `output` holds: a hidden file beside it."""
    return output.with_name(f".{output.name}.lock")


def _build(directory: Path, output: Path, *, jobs: int, strict: bool, validate_output: bool,
           cache_dir: Path | None, store_dir: Path | None, incremental: bool,
           on_start: Callable[[int], None] | None,
           on_done: Callable[[Document], None] | None) -> BuildReport:
    started = time.perf_counter()
    rebuilt_because = None
    # (an addition is checked by the gate and needs the store: it reads it to check)
    if incremental and store_dir is not None and validate_output:
        try:
            added = incremental_build(directory, output, store_dir, cache_dir, on_start, on_done,
                                      jobs=max(1, jobs or os.cpu_count() or 1))
            if added is not None:
                return added
        except Fallback as reason:
            rebuilt_because = str(reason)
    # Stamped before reading: a file that changes meanwhile does not match its stamp later.
    stamps = _file_stamps(directory)
    read = read_documents(directory)
    report = BuildReport(output=output, skipped=list(read.errors), rebuilt_because=rebuilt_because)
    report.timings["read"] = time.perf_counter() - started
    if strict and read.errors:
        raise BuildFailed(f"{read.errors[0]} (--strict: nothing written)")
    if not read.documents:
        reason = f"{read.errors[0]}" if read.errors else f"{directory}: no documents ({', '.join(DOCUMENT_SUFFIXES)})"
        raise BuildFailed(f"nothing to build: {reason}")
    if on_start:
        on_start(len(read.documents))
    jobs = max(1, jobs or os.cpu_count() or 1)  # 0: one per core
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    # The extractions (read from the cache or sent by the workers) are millions of objects
    # and no cycle: the collector, run again and again as they arrive, took most of the
    # time of reading 10,000 cached extractions.
    with worker_pool(jobs) as pool, collector_paused():
        with report.stage("extract"):
            extractions = extract_all(read.documents, jobs=jobs,
                                      on_done=on_done, cache=cache, pool=pool)
        if cache is not None:
            report.cached = cache.hits
        for extraction in extractions:
            report.warnings.extend(extraction.warnings)
        extraction_warnings = list(report.warnings)
        # The next build adds to this one when it can: what it needs is kept beside the graph.
        state = GraphState() if store_dir is not None and validate_output else None
        _finish(extractions, report, output, strict=strict, validate_output=validate_output,
                jobs=jobs, store_dir=store_dir, pool=pool, state=state)
    names = [name for document in read.documents for name in document.names]
    if (state is not None and not report.skipped and not report.quarantined
            and all(name in stamps for name in names)):
        files = {name: (*stamps[name], document.sha256)
                 for document in read.documents for name in document.names}
        save_build_state(directory, output, store_dir, files, state, report, extraction_warnings)
    return report


def _file_stamps(directory: Path) -> dict[str, tuple[int, int, int]]:
    """Each document file's (size, modification time, inode); none for a path that cannot be
    read (it is skipped, and the next build is full: it is not in the state)."""
    stamps = {}
    if Path(directory).is_dir():
        for path in document_paths(directory):
            try:
                stamps[path.name] = file_stamp(path)
            except OSError:
                pass
    return stamps


def _finish(extractions: list[Extraction], report: BuildReport, output: Path, *, strict: bool,
            validate_output: bool, jobs: int, store_dir: Path | None,
            pool: ProcessPoolExecutor | None = None,
            state: GraphState | None = None) -> BuildReport:
    """Resolve, make the graph, check it, write it and load the store; `extractions` is
    cleared once the graph is checked and written."""
    def stage(graph: TripleSet, validating: bool = True) -> _Staged:
        return _Staged(graph, output, store_dir, jobs, report, validating=validating)

    if validate_output:
        staged = gate(extractions, report, strict, stage, pool, state, jobs)
    else:
        report.validated = False
        graph = graph_of(extractions, report)
        report.warnings.extend(graph.warnings)
        staged = stage(graph, validating=False)
    try:
        report.documents = len(extractions) - len(report.quarantined)
        summarize(staged.graph, report)
        # Checked and written: what made the graph is freed now, while the loader finishes
        # the store, rather than after (a second or more of freeing at 10,000 articles).
        staged.graph = TripleSet()
        extractions.clear()
        staged.publish(report)
    finally:
        staged.discard()
    return report
