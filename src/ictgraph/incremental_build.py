"""The build that adds new documents to the published graph (incremental.py says what they
add) and keeps, after every build, what the next one needs to do so (graph_state.py).

It runs under the build's lock, and publishes as the full build does: the Turtle
staged beside the output and moved into place, the store updated on a copy and
swapped in, the state written last. A Fallback anywhere before publishing leaves
everything as it was, and the caller builds in full.
"""

from __future__ import annotations

import hashlib
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ictgraph import __version__, ntriples as nt, paths
from ictgraph.cache import ExtractionCache, rules_digest
from ictgraph.evidence_nodes import EVIDENCE_CLASS, TYPE
from ictgraph.graph_state import (STATE_VERSION, GraphState, StoredState, file_stamp,
                                  load_state, save_state, state_file_of)
from ictgraph.incremental import Fallback, addition, new_documents
from ictgraph.io import publish, stage_file
from ictgraph.model import Document
from ictgraph.namespaces import PREFIXES
from ictgraph.reference import load_reference

if TYPE_CHECKING:
    from ictgraph.build import BuildReport

__all__ = ["Fallback", "incremental_build", "save_build_state"]

_DOCUMENTS_PER_WORKER = 20  # fewer new documents than this per job: extracted in this process
_ICT_TERM = EVIDENCE_CLASS[:EVIDENCE_CLASS.rindex("#") + 1]  # "<...ontology#"


def fingerprint() -> str:
    """What besides the documents decides the graph, its file and its checks: the rules
    (patterns, word lists, reference data), the ontology, the shapes, the program's version
    and the prefixes the Turtle is written with (the splice copies what it does not write)."""
    prefixes = sorted((name, str(namespace)) for name, namespace in PREFIXES.items())
    digest = hashlib.sha256(f"{rules_digest()}\n{__version__}\n{prefixes}\n".encode())
    for path in (paths.ONTOLOGY_FILE, paths.SHAPES_FILE):
        digest.update(hashlib.sha256(Path(path).read_bytes()).digest())
    return digest.hexdigest()


def save_build_state(directory: Path, output: Path, store_dir: Path, files: dict,
                     state: GraphState, report: "BuildReport",
                     extraction_warnings: list[str]) -> None:
    """Keep, beside the graph a full build published, what the next build adds to."""
    summary = {"classes": dict(report.classes), "statements": report.statements,
               "evidence": report.evidence, "triples": report.triples}
    save_state(StoredState(STATE_VERSION, fingerprint(), str(Path(directory).resolve()), files,
                           file_stamp(output), str(Path(store_dir).resolve()), state,
                           extraction_warnings, summary),
               state_file_of(output))


def incremental_build(directory: Path, output: Path, store_dir: Path, cache_dir: Path | None,
                      on_start: Callable[[int], None] | None,
                      on_done: Callable[[Document], None] | None,
                      jobs: int = 1) -> "BuildReport | None":
    """Add the folder's new documents to the graph the previous build published; None when
    no build left its state there, Fallback (nothing changed) when adding is not the same
    as building everything again."""
    started = time.perf_counter()
    stored = load_state(state_file_of(output))
    if stored is None:
        return None
    from ictgraph.build import BuildReport, extract_all  # (build imports this module)
    from ictgraph.store import is_current, source_files
    from ictgraph.store_update import StoreUpdate, StoreUpdateRefused
    from ictgraph.turtle_splice import SpliceRefused
    from ictgraph.validate_delta import NotLocal, validate_delta

    if not output.is_file() or file_stamp(output) != stored.graph:
        raise Fallback(f"{output} is not the graph the previous build published")
    if stored.store != str(Path(store_dir).resolve()):
        raise Fallback("another store than the previous build's")
    if stored.fingerprint != fingerprint():
        raise Fallback("the rules, the ontology or the shapes changed")
    new = new_documents(directory, stored)
    report = BuildReport(output=output, added=len(new.documents))
    report.timings["read"] = time.perf_counter() - started
    if not new.documents:
        # Nothing new: the graph and its store are those a build would make.
        if not is_current(store_dir, source_files(output)):
            raise Fallback("the store does not hold the graph")
        _report_figures(report, stored, new, [])
        return report
    if on_start:
        on_start(len(new.documents))
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    with report.stage("extract"):
        # Starting worker processes costs more than extracting a few documents here.
        many = len(new.documents) >= _DOCUMENTS_PER_WORKER * jobs
        extractions = extract_all(new.documents, jobs=jobs if many else 1, on_done=on_done,
                                  cache=cache)
    if cache is not None:
        report.cached = cache.hits
    with report.stage("rdf"):
        delta = addition(extractions, stored.state, load_reference())
    # The Turtle is spliced and made durable (at 10,000 articles half a second of copying and
    # as much of fsync, mostly without the interpreter's lock) while the store is updated and
    # the addition checked.
    with ThreadPoolExecutor(1) as writer:
        written = writer.submit(_spliced, output, delta)
        published = False
        try:
            with report.stage("store"):
                try:
                    update = StoreUpdate(store_dir, source_files(output), delta,
                                         shapes=paths.SHAPES_FILE)
                except StoreUpdateRefused as exc:
                    raise Fallback(f"the store cannot be updated ({exc})") from None
            try:
                with report.stage("validate"):
                    try:
                        checked = validate_delta(update.store, delta,
                                                 sparql=update.sparql_results())
                    except NotLocal as exc:
                        raise Fallback(f"the addition must be checked with the whole graph "
                                       f"({exc})") from None
                try:
                    turtle, digest, seconds = written.result()
                except SpliceRefused as exc:
                    raise Fallback(f"the Turtle cannot be spliced ({exc})") from None
                report.add("write", seconds)
                if not checked.conforms:
                    raise Fallback(f"the new documents do not pass the shapes "
                                   f"({len(checked.violations)} violation(s))")
                publish(turtle, output)
                published = True
                with report.stage("store"):
                    update.finish(graph_sha256=digest)
            except BaseException:
                update.abandon()
                raise
        finally:
            if not published:
                _discard(written)

    for extraction in extractions:
        stored.extraction_warnings.extend(extraction.warnings)
    _count(stored.summary, delta)
    _report_figures(report, stored, new, [_describe(r) for r in checked.warnings])
    stored.files = new.stamps
    stored.graph = file_stamp(output)
    save_state(stored, state_file_of(output))
    return report


def _spliced(output: Path, delta) -> tuple[Path, str, float]:
    """The graph file with the delta, staged beside it; its digest; the seconds it took."""
    from ictgraph.turtle_splice import splice_turtle

    started = time.perf_counter()
    digest: list[str] = []
    staged = stage_file(output, lambda stream: digest.append(splice_turtle(output, delta, stream)))
    return staged, digest[0], time.perf_counter() - started


def _discard(written: Future) -> None:
    """Remove the staged file of a splice not published (waiting for it to be written)."""
    try:
        staged = written.result()[0]
    except BaseException:  # it failed: stage_file left no file
        return
    staged.unlink(missing_ok=True)


def _report_figures(report: "BuildReport", stored: StoredState, new, checked: list[str]) -> None:
    """The build report of the whole graph: its figures, and the warnings of its documents'
    extraction, of the checks just made and of the documents' disagreements."""
    report.warnings = [*stored.extraction_warnings, *checked]
    report.warnings.extend(warning for key in sorted(stored.state.conflicts, key=_group_order)
                           for warning in stored.state.conflicts[key])
    report.documents = len({stamp[3] for stamp in new.stamps.values()})
    report.classes = dict(sorted(stored.summary["classes"].items()))
    report.statements, report.evidence = stored.summary["statements"], stored.summary["evidence"]
    report.triples = stored.summary["triples"]


def _group_order(key: tuple) -> tuple:
    return tuple(map(nt.value, key))  # reconcile()'s order


def _count(summary: dict, delta) -> None:
    """The build report's figures, after the delta (every triple of which is new)."""
    classes: Counter = Counter(summary["classes"])
    for _subject, predicate, obj in delta.added:
        if predicate == TYPE and obj.startswith(_ICT_TERM):
            classes[obj[len(_ICT_TERM):-1]] += 1
    classes["Evidence"] += len(delta.evidence)
    summary["classes"] = dict(classes)
    summary["statements"] += len(delta.evidence)
    summary["evidence"] += len(delta.evidence)
    summary["triples"] += len(delta)


def _describe(result) -> str:
    from ictgraph.build import _describe as describe

    return describe(result)
