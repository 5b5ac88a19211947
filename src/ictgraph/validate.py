"""Validate a graph against the SHACL shapes: the gate between extraction and users.

validate() checks the data mixed with the ontology (for rdfs:subClassOf) and,
optionally, the reference data, and returns a ValidationReport: the standard SHACL
report graph plus one ValidationResult per result, named by label, with the
messages in English and Arabic. documents_of() tells which source documents explain
a result, so that the build can quarantine one bad document instead of failing.

Two engines give the same results (tests/test_shacl_engine.py): "native", the
project's own SHACL Core + SHACL-SPARQL engine (ictgraph.shacl), used by default
because it is two orders of magnitude faster, and "pyshacl", the reference.
"""

from __future__ import annotations

import functools
import re
import tempfile
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import ICT, PREFIXES, RDF, RDFS, RES, SH, SHAPES
from ictgraph.shacl.sparql_process import SparqlAnswer, SparqlProcess, runs_apart
from ictgraph.triples import TripleSet
from ictgraph.validate_documents import PerDocumentChecks, document_parts

__all__ = [
    "ValidationReport", "ValidationResult", "ShapesError", "validate", "validate_file",
    "validate_triples", "start_document_checks", "document_checks", "sparql_checks_apart", "ENGINES",
    "load_graph", "load_shapes",
    "load_ontology", "load_reference", "compact", "REFERENCE_SOURCE", "REPORT_PREFIXES",
]

# Reference resources carry rdfs:isDefinedBy res:reference (notes/graph-layout.md).
REFERENCE_SOURCE = RES["reference"]

# No RDFS inference. sh:class already follows rdfs:subClassOf in the data graph, into
# which the ontology is mixed. With "rdfs" the ontology's domain and range axioms type
# the objects of links (hiding sh:class violations) and add statements that have no
# evidence: 88 of the 90 cases in tests/shapes_cases report differently, and
# validation is 3.4 times slower (measured on the bench graphs).
INFERENCE = "none"
ENGINES = ("native", "pyshacl")

_SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_TEMPLATE_VARIABLE = re.compile(r"\{[?$]\w+\}")
# The project's prefixes plus the shapes', for reports; longest namespace first.
REPORT_PREFIXES = {**PREFIXES, "ictsh": SHAPES}
_DISPLAY_PREFIXES = sorted([(name, str(ns)) for name, ns in REPORT_PREFIXES.items()],
                           key=lambda item: (-len(item[1]), item[0]))


from ictgraph.shacl.shapes import ShapesError  # noqa: E402  (one error type for both engines)


# --------------------------------------------------------------------------- loading

def load_graph(path: Path | str, fmt: str | None = None) -> Graph:
    """Parse an RDF file (format from the suffix, Turtle by default); one-line InputError if not."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    fmt = fmt or _format_of(path)
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path}: cannot parse as {fmt}: {message[:300]}") from exc
    return graph


def load_shapes(path: Path | str | None = None) -> Graph:
    """The SHACL shapes (default: the packaged ontology/shapes.ttl)."""
    return load_graph(path or paths.SHAPES_FILE)


def load_ontology(path: Path | str | None = None) -> Graph | None:
    """The ontology (default: the packaged ontology/ictgraph.ttl), None if there is none."""
    path = Path(path or paths.ONTOLOGY_FILE)
    return load_graph(path) if path.is_file() else None


def load_reference(directory: Path | str | None = None) -> Graph | None:
    """Every *.ttl of the reference data directory as one graph, None if there is none."""
    directory = Path(directory or paths.REFERENCE_DIR)
    files = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    if not files:
        return None
    graph = Graph()
    for path in files:
        graph += load_graph(path, "turtle")
    return graph


def _format_of(path: Path) -> str:
    return {".nt": "nt", ".nq": "nquads", ".n3": "n3", ".jsonld": "json-ld", ".json": "json-ld",
            ".rdf": "xml", ".owl": "xml", ".xml": "xml", ".trig": "trig"}.get(path.suffix.lower(),
                                                                               "turtle")


@functools.lru_cache(maxsize=4)
def _packaged(path: Path, _mtime_ns: int) -> Graph:
    """Parsed once per file version; shared, so never modified by this module."""
    return load_graph(path)


def _packaged_graph(path: Path) -> Graph | None:
    if not path.is_file():
        return None
    return _packaged(path, path.stat().st_mtime_ns)


# --------------------------------------------------------------------------- results

@dataclass
class ValidationResult:
    """One SHACL result, ready to print."""

    focus: Node
    focus_label: str  # the Arabic rdfs:label, else any label, else the IRI
    path: str | None  # SPARQL property path with the project's prefixes ("ict:ordinal")
    value: Node | None
    severity: str  # "Violation", "Warning" or "Info"
    shape: Node
    messages: dict[str, str]  # language -> text
    predicate: URIRef | None = None  # the path, when it is one property followed forwards
    component: Node | None = None  # the constraint component (sh:sourceConstraintComponent)

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, else in English, else any."""
        return (self.messages.get(lang) or self.messages.get("en")
                or next(iter(self.messages.values()), ""))


@dataclass
class ValidationReport:
    """What validate() found: conforms means no sh:Violation (warnings do not count)."""

    conforms: bool
    results: list[ValidationResult]
    report_graph: Graph
    graph: Graph = field(repr=False)  # what was validated: data + ontology + reference

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    def documents_of(self, result: ValidationResult) -> set[str]:
        """The ict:SourceDocument IRIs that explain a result.

        When the result is about statements of the focus (its path is one
        property), the documents whose evidence supports those statements (with the
        result's value, if it has one): two dates of one meeting read in one article
        are that article's doing, even when another article mentions the meeting.
        Otherwise those of the focus node (its ict:mentionedIn; an evidence node's
        ict:inDocument; a document itself), and, when the value is another resource
        the focus is not linked to (the other of two duplicate meetings), that
        resource's too. One document: the build may quarantine it; none or several:
        the result is global.
        """
        statements = self._statement_documents(result)
        if statements:
            return statements
        documents = self._documents(result.focus)
        value = result.value
        if isinstance(value, URIRef) and value != result.focus and not self._linked(result.focus, value):
            documents |= self._documents(value)
        return documents

    def _statement_documents(self, result: ValidationResult) -> set[str]:
        # A SHACL-SPARQL result may be about several statements (an end date before
        # a start date): only a core constraint on one property is about its statements.
        if result.predicate is None or result.component == SH.SPARQLConstraintComponent:
            return set()
        g = self.graph
        found = set()
        for evidence in g.objects(result.focus, ICT.evidence):
            if (evidence, RDF.predicate, result.predicate) not in g:
                continue
            if result.value is not None and (evidence, RDF.object, result.value) not in g:
                continue
            found |= {str(d) for d in g.objects(evidence, ICT.inDocument)}
        return found

    def _documents(self, node: Node) -> set[str]:
        g = self.graph
        found = {str(d) for d in g.objects(node, ICT.mentionedIn)}
        found |= {str(d) for d in g.objects(node, ICT.inDocument)}
        if (node, RDF.type, ICT.SourceDocument) in g:
            found.add(str(node))
        return found

    def _linked(self, a: Node, b: Node) -> bool:
        g = self.graph
        return next(g.predicates(a, b), None) is not None or next(g.predicates(b, a), None) is not None


# --------------------------------------------------------------------------- validation

def validate(data: Graph, *, ontology: Graph | None = None, reference: Graph | None = None,
             shapes: Graph | None = None, engine: str = "native") -> ValidationReport:
    """Validate `data` against the shapes.

    shapes None: the packaged ontology/shapes.ttl. ontology None: the packaged
    ontology if there is one (pass an empty Graph to validate without). reference:
    curated reference data to validate along with the data; each of its resources
    is marked rdfs:isDefinedBy res:reference, as the copies in a built graph are.
    The input graphs are not modified.
    """
    if engine == "pyshacl":
        return _validate_pyshacl(data, ontology=ontology, reference=reference, shapes=shapes)
    if engine != "native":
        raise ValueError(f"unknown engine {engine!r}; expected one of {', '.join(ENGINES)}")
    from ictgraph.shacl.convert import from_rdflib

    compiled = _compiled_shapes(shapes)
    ontology = ontology if ontology is not None else _packaged_graph(paths.ONTOLOGY_FILE)
    triples = list(from_rdflib(data))
    if ontology is not None:
        triples.extend(from_rdflib(ontology))
    if reference is not None:
        triples.extend(_with_reference_marks(from_rdflib(reference)))
    return _native_report(triples, compiled)


def validate_file(path: Path, *, reference_dir: Path | None = None, with_reference: bool = True,
                  engine: str = "native") -> ValidationReport:
    """Validate a graph file with the packaged ontology (and the reference data).

    The native engine reads the files with Oxigraph's parser, not rdflib's: on the
    command line, parsing was most of the time."""
    if engine != "native":
        reference = load_reference(reference_dir) if with_reference else None
        return validate(load_graph(path), reference=reference, engine=engine)
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    references = []
    if with_reference:
        directory = Path(reference_dir or paths.REFERENCE_DIR)
        references = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    return _validate_sources([path], references)


def validate_triples(graph: TripleSet, *, parallel: bool = False,
                     sparql: SparqlProcess | SparqlAnswer | None = None,
                     pool: Executor | None = None,
                     started: PerDocumentChecks | None = None) -> ValidationReport:
    """Validate the graph the build made (N-Triples terms), with the packaged ontology,
    without writing and parsing it: each distinct term becomes an engine term once, and
    the SPARQL constraints' store loads the triples as N-Triples. In parallel, those
    constraints are checked by another interpreter while this one checks the core ones;
    `sparql` gives their results when the caller has them checked already (a SparqlProcess
    or a SparqlAnswer on this graph's triples and the packaged ontology).

    The shapes marked ictsh:checkedPerDocument are checked on each document's evidence
    (validate_documents.py): by the processes of `pool` (workers.py) while this one checks
    the rest, or here without one; `started`: those checks, started earlier on this graph
    (start_document_checks)."""
    return _validate_sources([graph], [], parallel=parallel, sparql=sparql, pool=pool,
                             started=started)


def start_document_checks(graph: TripleSet, pool: Executor | None,
                          streamed: PerDocumentChecks | None = None) -> PerDocumentChecks | None:
    """The per-document shapes' checks of the graph, started on the processes of `pool` (so
    that they run while the caller does other work), for validate_triples; None when they
    are not split from the rest (no evidence records, or the split would not be exact).
    `streamed`: the checks given each document's part while the graph was made
    (document_checks), kept when those are the graph's parts, else dropped and made again."""
    if streamed is not None:
        streamed.finish(graph)
        if graph.evidence_count and streamed.split_the_graph():
            return streamed
        streamed.cancel()
    return _per_document_checks(graph, _compiled_shapes(None), _packaged_ontology(), pool)


def document_checks(pool: Executor | None, jobs: int = 2) -> PerDocumentChecks | None:
    """Per-document checks to give each document's part to while the graph is made
    (rdf.to_triples' on_document), their chunks run meanwhile by jobs - 1 of the `jobs`
    processes of `pool` (the graph is made on the other core); start_document_checks then
    ends them. None when no packaged shape is checked per document."""
    if not any(s.per_document for s in _compiled_shapes(None).shapes):
        return None
    return PerDocumentChecks(paths.SHAPES_FILE, _packaged_ontology(), pool, while_made=jobs - 1)


def sparql_checks_apart() -> bool:
    """Whether the packaged shapes' SPARQL constraints can be checked apart from the core
    ones (by another process, on the graph's triples and the ontology; runs_apart)."""
    return runs_apart(_compiled_shapes(None))


def _validate_sources(sources: list[Path | TripleSet], references: list[Path], *,
                      parallel: bool = False,
                      sparql: SparqlProcess | SparqlAnswer | None = None,
                      pool: Executor | None = None,
                      started: PerDocumentChecks | None = None) -> ValidationReport:
    """Native validation of graphs (files, or a triple set), the ontology, and reference
    files whose resources are marked as reference data."""
    import pyoxigraph as ox

    from ictgraph.shacl.convert import from_ntriples, parse_file

    triples: list = []
    built = [source for source in sources if isinstance(source, TripleSet)]
    if len(built) > 1:
        raise ValueError("one triple set at most: two may share triples")
    for source in sources:
        if not isinstance(source, TripleSet):
            triples.extend(parse_file(source))
    ontology = _packaged_ontology()
    if ontology is not None:
        triples.extend(parse_file(ontology))
    marks = []
    for file in references:
        for triple in _with_reference_marks(parse_file(file)):
            triples.append(triple)
            if triple[1].value == str(RDFS.isDefinedBy):
                marks.append(ox.Quad(*triple, ox.DefaultGraph()))

    def load_store(store: ox.Store) -> None:
        for source in sources:
            if isinstance(source, TripleSet):
                store.bulk_load(input=source.ntriples(), format=ox.RdfFormat.N_TRIPLES)
            else:
                store.bulk_load(path=str(source), format=ox.RdfFormat.TURTLE)
        for file in ([ontology] if ontology else []) + references:
            store.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE)
        store.bulk_extend(marks)

    compiled = _compiled_shapes(None)
    per_document = started
    if built and not references and per_document is None:
        per_document = _per_document_checks(built[0], compiled, ontology, pool)
    # A triple set holds each triple once: the index takes it as it comes, term by term;
    # with the per-document checks apart, its triples but the evidence records'.
    distinct: Iterable = ()
    if per_document is not None:
        compiled = compiled.split()[0]
        distinct = from_ntriples(built[0].plain_triples(), per_document.terms)
    elif built:
        distinct = from_ntriples(built[0])
    try:
        if sparql is not None:
            return _report_with(triples, compiled, distinct, sparql, per_document)
        if built and not references and runs_apart(compiled):
            return _validate_from_file(built[0], triples, compiled, distinct, ontology,
                                       parallel=parallel, per_document=per_document)
        return _native_report(triples, compiled, load_store, distinct=distinct,
                              per_document=per_document)
    finally:
        if per_document is not None:
            per_document.cancel()


def _packaged_ontology() -> Path | None:
    return paths.ONTOLOGY_FILE if paths.ONTOLOGY_FILE.is_file() else None


def _per_document_checks(graph: TripleSet, compiled, ontology: Path | None,
                         pool: Executor | None) -> PerDocumentChecks | None:
    """The per-document shapes' checks of a built graph's evidence, started; None when the
    graph has no evidence records or the split would not be exact (document_parts)."""
    if not graph.evidence_count or not any(s.per_document for s in compiled.shapes):
        return None
    parts = document_parts(graph)
    if parts is None:
        return None
    return PerDocumentChecks.of(graph, parts, paths.SHAPES_FILE, ontology, pool)


def _validate_from_file(graph: TripleSet, triples: list, compiled, distinct: Iterable,
                        ontology: Path | None, *, parallel: bool,
                        per_document: PerDocumentChecks | None = None) -> ValidationReport:
    """The SPARQL constraints on a store read from an N-Triples file of the graph: in parallel,
    by another interpreter while this one checks the core constraints; else here, first, the
    store dropped before the core checks index the triples (on a large graph the two together
    took the most memory)."""
    from ictgraph.shacl.sparql_process import sparql_results

    with tempfile.TemporaryDirectory(prefix="ictgraph-validate-") as scratch:
        data = Path(scratch) / "graph.nt"
        with open(data, "wb") as stream:
            graph.write_ntriples(stream)
        files = [data, *([ontology] if ontology else [])]
        if parallel:
            sparql: SparqlProcess | SparqlAnswer = SparqlProcess(paths.SHAPES_FILE, files)
        else:
            results = sparql_results(compiled, files)
            sparql = SparqlAnswer(lambda: results)
        return _report_with(triples, compiled, distinct, sparql, per_document)


def _report_with(triples: list, compiled, distinct: Iterable,
                 sparql: SparqlProcess | SparqlAnswer,
                 per_document: PerDocumentChecks | None = None) -> ValidationReport:
    try:
        return _native_report(triples, compiled, distinct=distinct, sparql=sparql,
                              per_document=per_document)
    finally:
        sparql.cancel()  # when the core checks failed; nothing once it has answered


def _with_reference_marks(triples):
    import pyoxigraph as ox

    marked = set()
    rdf_type = ox.NamedNode(str(RDF.type))
    for s, p, o in triples:
        yield s, p, o
        if p == rdf_type and isinstance(s, ox.NamedNode) and s not in marked:
            marked.add(s)
            yield s, ox.NamedNode(str(RDFS.isDefinedBy)), ox.NamedNode(str(REFERENCE_SOURCE))


def _compiled_shapes(shapes: Graph | None):
    from ictgraph.shacl.convert import from_rdflib
    from ictgraph.shacl.shapes import compile_shapes

    if shapes is not None:
        return compile_shapes(from_rdflib(shapes))
    path = paths.SHAPES_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return _packaged_shapes(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _packaged_shapes(path: Path, _mtime_ns: int):
    from ictgraph.shacl.convert import parse_file
    from ictgraph.shacl.shapes import compile_shapes

    return compile_shapes(parse_file(path))


def _native_report(triples: list, compiled, load_store=None, *, distinct: Iterable = (),
                   sparql=None, per_document: PerDocumentChecks | None = None) -> ValidationReport:
    """The report of the shapes on the triples (and `distinct`, see DataGraph); with `sparql`
    (a SparqlProcess or SparqlAnswer), the SPARQL constraints' results come from there; with
    `per_document`, the per-document shapes' results."""
    from ictgraph.shacl.datagraph import DataGraph
    from ictgraph.shacl.engine import Validator

    graph = DataGraph(triples, reverse=compiled.reverse_predicates, distinct=distinct)
    if per_document is not None:
        per_document.add_summary(graph)
    raw = Validator(graph, load_store).run(compiled, sparql=sparql is None)
    if sparql is not None:
        raw += sparql.results()
    if per_document is not None:
        raw += per_document.results()
    return report_of(raw, graph)


def report_of(raw: list, graph) -> ValidationReport:
    """The report of the engine's results (RawResults), with `graph` (a DataGraph) to name
    their nodes and find the documents that explain them."""
    from ictgraph.shacl.convert import NativeGraphView, report_graph_of, to_rdflib

    view = NativeGraphView(graph)
    results = sorted((ValidationResult(
        focus=to_rdflib(r.focus),
        focus_label=_label(view, to_rdflib(r.focus)),
        path=_native_path_text(r.path),
        value=to_rdflib(r.value) if r.value is not None else None,
        severity=_SEVERITIES.get(to_rdflib(r.severity), "Violation"),
        shape=to_rdflib(r.shape),
        messages=_messages(to_rdflib(m) for m in r.messages),
        predicate=URIRef(r.path.predicate.value) if r.path is not None and not r.path.inverse
        else None,
        component=to_rdflib(r.component),
    ) for r in raw), key=_result_order)
    conforms = not any(r.severity == "Violation" for r in results)
    report = report_graph_of(raw, conforms)
    for prefix, namespace in REPORT_PREFIXES.items():
        report.bind(prefix, namespace, override=True, replace=True)
    return ValidationReport(conforms, results, report, view)


def _native_path_text(path) -> str | None:
    if path is None:
        return None
    text = compact(URIRef(path.predicate.value))
    return "^" + text if path.inverse else text


def _messages(messages) -> dict[str, str]:
    found: dict[str, str] = {}
    for message in sorted(messages, key=str):
        if isinstance(message, Literal):
            found.setdefault(message.language or "", str(message))
    return found


def _validate_pyshacl(data: Graph, *, ontology: Graph | None, reference: Graph | None,
                      shapes: Graph | None) -> ValidationReport:
    import pyshacl  # heavy import, only when validating
    from pyshacl.errors import ReportableRuntimeError

    shapes = shapes if shapes is not None else _required(paths.SHAPES_FILE)
    ontology = ontology if ontology is not None else _packaged_graph(paths.ONTOLOGY_FILE)
    combined = _combine(data, ontology, reference)
    shapes_copy = Graph()  # pyshacl adds a few RDFS axioms to the shapes graph it is given
    shapes_copy += shapes
    try:
        _conforms, report_graph, _text = pyshacl.validate(
            combined, shacl_graph=shapes_copy, inference=INFERENCE, advanced=True,
            allow_warnings=True, inplace=True)
    except ReportableRuntimeError as exc:
        raise ShapesError(f"shapes: {' '.join(str(exc).split())[:300]}") from exc
    for prefix, namespace in REPORT_PREFIXES.items():
        report_graph.bind(prefix, namespace, override=True, replace=True)
    _restore_message_languages(report_graph, shapes)
    results = sorted((_result(report_graph, node, combined)
                      for node in report_graph.objects(None, SH.result)), key=_result_order)
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, results, report_graph, combined)


def _required(path: Path) -> Graph:
    graph = _packaged_graph(path)
    if graph is None:
        raise InputError(f"{path}: no such file")
    return graph


class _PreparedQueryGraph(Graph):
    """A graph that parses each SPARQL text once.

    pyshacl runs a SHACL-SPARQL query once per focus node, as a string, and rdflib
    parses a string on every call: parsing was nine tenths of the validation time.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            query_object = _prepared_query(query_object)
        return super().query(query_object, *args, **kwargs)


@functools.lru_cache(maxsize=256)
def _prepared_query(text: str):
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(text)


def _combine(data: Graph, ontology: Graph | None, reference: Graph | None) -> Graph:
    combined = _PreparedQueryGraph()
    combined += data
    if ontology is not None:
        combined += ontology
    if reference is not None:
        combined += reference
        for resource in set(reference.subjects(RDF.type, None)):
            if isinstance(resource, URIRef):
                combined.add((resource, RDFS.isDefinedBy, REFERENCE_SOURCE))
    return combined


def _result(report: Graph, node: Node, data: Graph) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    messages: dict[str, str] = {}
    # Sorted, so that a duplicate language gives the same message every time.
    for message in sorted(report.objects(node, SH.resultMessage), key=str):
        if isinstance(message, Literal):
            messages.setdefault(message.language or "", str(message))
    return ValidationResult(
        focus=focus,
        focus_label=_label(data, focus),
        path=_path_text(report, path) if path is not None else None,
        predicate=path if isinstance(path, URIRef) else None,
        component=report.value(node, SH.sourceConstraintComponent),
        value=report.value(node, SH.value),
        severity=_SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
        shape=report.value(node, SH.sourceShape),
        messages=messages,
    )


def _result_order(r: ValidationResult) -> tuple:
    rank = {"Violation": 0, "Warning": 1, "Info": 2}.get(r.severity, 3)
    return (rank, str(r.shape), str(r.focus), r.path or "", _term_sort_key(r.value),
            sorted(r.messages.items()))


def _term_sort_key(term: Node | None) -> str:
    return "" if term is None else term.n3()


def _restore_message_languages(report: Graph, shapes: Graph) -> None:
    """pyshacl drops the language tag of a message whose {?variables} it fills in (every
    SHACL-SPARQL message); give each such message back the tag of the template it came from."""
    for result in list(report.objects(None, SH.result)):
        for message in list(report.objects(result, SH.resultMessage)):
            if not isinstance(message, Literal) or message.language:
                continue
            sources = [report.value(result, SH.sourceConstraint), report.value(result, SH.sourceShape)]
            templates = [t for s in sources if s is not None for t in shapes.objects(s, SH.message)]
            language = _template_language(str(message), templates)
            report.remove((result, SH.resultMessage, message))
            report.add((result, SH.resultMessage, Literal(str(message), lang=language)))


def _template_language(text: str, templates: list[Node]) -> str:
    for template in templates:
        if isinstance(template, Literal) and template.language:
            parts = _TEMPLATE_VARIABLE.split(str(template))
            if re.fullmatch("(?s)" + ".*?".join(re.escape(p) for p in parts), text):
                return template.language
    return "ar" if _ARABIC.search(text) else "en"


# --------------------------------------------------------------------------- display helpers

def compact(term: Node | None) -> str:
    """A term for people: res:meeting/gcc-5, ict:ordinal, "5"^^xsd:positiveInteger, "…"@ar."""
    if term is None:
        return "—"
    if isinstance(term, URIRef):
        text = str(term)
        for name, namespace in _DISPLAY_PREFIXES:
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{name}:{text[len(namespace):]}"
        return f"<{text}>"
    if isinstance(term, Literal):
        lexical = '"' + str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        if term.language:
            return f"{lexical}@{term.language}"
        if term.datatype:
            return f"{lexical}^^{compact(term.datatype)}"
        return lexical
    return term.n3()


def _label(graph: Graph, node: Node) -> str:
    labels = [label for label in graph.objects(node, RDFS.label) if isinstance(label, Literal)]
    for wanted in ("ar", None):
        chosen = sorted(str(label) for label in labels if wanted is None or label.language == wanted)
        if chosen:
            return chosen[0]
    return compact(node)


def _path_text(graph: Graph, path: Node) -> str:
    """A SHACL path as SPARQL property path text."""
    if isinstance(path, URIRef):
        return compact(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse)
    for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_path_text(graph, inner)}){suffix}"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, p) for p in Collection(graph, path))
    return path.n3()

