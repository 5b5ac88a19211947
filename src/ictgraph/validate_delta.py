"""The gate's report on a graph grown by a delta, checking only what the delta can change.

An incremental build adds one article's triples (graph_delta.GraphDelta) to a published
graph, which conformed: the gate passed it. Validating the whole graph again costs what the
graph costs (20 s at 10,000 articles); validate_delta() gives the same report (the results
of validate_triples on the grown graph, in the same order, explained by the same documents)
from the focus nodes the delta can affect, read from the Oxigraph store that holds the grown
graph (0.1-0.25 s for an article at 10,000).

Which focus nodes
- A check of a focus node by a shape is a function of the triples it reads. Which ones
  follows from the compiled shapes (shacl/reads.py): the node's values along the shapes'
  paths (backwards for sh:inversePath), the values' types for sh:class, around each value
  what a nested shape reads (sh:node, sh:or, sh:qualifiedValueShape ...), the other
  property of sh:lessThan, what a natively evaluated SPARQL constraint declares it reads
  (native.Reads: ictsh:StatementEvidenceQuery reads every triple of the node and its
  evidence nodes' statements), and, for the targets, the node's types.
- The delta only adds. A focus node none of whose read triples is added reads in the grown
  graph what it read in the old one, and is checked as before. A node that becomes a focus
  node does so by an added triple its target reads (a type). So the affected nodes are
  those from which some added triple is read: its subject wherever a position reads its
  predicate as a subject's (with every triple of a resource read, every subject of the
  delta), its object where an inverse path reads it, and, following the steps that lead to
  such a position backwards through the grown graph, the nodes whose checks reach it. An
  ict:mentionedIn added to a country is read only at the country's own position, so the
  delegations of that country are not affected; an rdf:type added to it would be, since
  their sh:class reads it.
- Unaffected nodes keep their old results; the old graph conformed, so they had none,
  provided that every shape checked here reports as sh:Violation (a graph that conforms may
  have warnings anywhere): otherwise NotLocal is raised.
- The class hierarchy is taken as fixed: a delta that adds rdfs:subClassOf raises NotLocal.

Which of their values
- A hub (a committee with thousands of mentions and evidence links) would be read whole
  for one added mention. A property shape checked right under a top shape, whose
  constraints each judge one value or count them (reads.py: prunable), checked on a node
  that was a focus node of that shape before (no target of it changed): its old values
  passed (the old graph conformed), and those whose link and reads did not change pass
  again; only the others are checked (Validator changed_values) and read, while the
  counts see every value.
- A native constraint that declares rows_per_triple gives, on such a node, rows only for
  its added triples: only those are kept, and only the evidence nodes naming them read.

The data graph holds what those checks read (the same walk forwards) and the ontology's
rdfs:subClassOf; the engine checks only the affected nodes (Validator.run(focus=...)), not
the nodes that are there as context.

The shapes checked per document (validate_documents.py) read one document's part of the
graph: its triples, its evidence records, and whether their statements and ict:evidence
links are in the graph. A document's results change only if its part does: when the delta
brings it evidence records, triples about it, or the statement or link of one of its old
records. Those documents' parts are checked whole. The SPARQL constraints run on the whole
store (`sparql`, as sparql_results_on gives them), merged as validate_triples merges them.

Reading the store: Oxigraph keeps literals as values (store_view.py restores them from the
ontology's ranges); a delta whose literals would not be read back as written raises
NotLocal. The store also holds the reference data, of which the graph has only what the
build copied (rdf.py: the resources it uses, marked rdfs:isDefinedBy res:reference, with the
predicates REFERENCE_PREDICATES): the rest is left out of every lookup.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ictgraph import paths
from ictgraph.evidence_nodes import EvidenceNode
from ictgraph.graph_delta import GraphDelta
from ictgraph.namespaces import ICT, RDF, RDFS, RES, SH
from ictgraph.shacl.convert import from_ntriples, from_ntriples_term, parse_file
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.engine import RawResult, Validator
from ictgraph.shacl.native import IMPLEMENTATIONS
from ictgraph.shacl.reads import CHANGED, NAMING, NotLocal, Position, ReadGraph, unvisited
from ictgraph.shacl.shapes import Path as ShapePath
from ictgraph.shacl.shapes import Shape, ShapesGraph, compile_shapes
from ictgraph.shacl.sparql_process import sparql_results_on
from ictgraph.shacl.terms import Term, Triple
from ictgraph.rdf import REFERENCE_PREDICATES
from ictgraph.store_view import StoreView, canonical, ntriples_term
from ictgraph.validate import ValidationReport, report_of
from ictgraph.validate_documents import HAS_LINK, HAS_STATEMENT, DocumentPart, check_parts

__all__ = ["NotLocal", "validate_delta", "affected_focus_nodes"]

_VIOLATION = ox.NamedNode(str(SH.Violation))
_SUBCLASS_OF = ox.NamedNode(str(RDFS.subClassOf))
_TYPE = ox.NamedNode(str(RDF.type))
_SUBJECT = ox.NamedNode(str(RDF.subject))
_PREDICATE = ox.NamedNode(str(RDF.predicate))
_OBJECT = ox.NamedNode(str(RDF.object))
_EVIDENCE_CLASS = ox.NamedNode(str(ICT.Evidence))
_EVIDENCE = ox.NamedNode(str(ICT.evidence))
_IN_DOCUMENT = ox.NamedNode(str(ICT.inDocument))
_SPARQL_COMPONENT = ox.NamedNode(str(SH.SPARQLConstraintComponent))
_IS_DEFINED_BY = ox.NamedNode(str(RDFS.isDefinedBy))
_REFERENCE = ox.NamedNode(str(RES["reference"]))
_COPIED = frozenset(ox.NamedNode(str(p)) for p in REFERENCE_PREDICATES)
# EvidenceNode's fields after the node and the document, by predicate.
_RECORD_FIELDS = tuple(ox.NamedNode(str(p)) for p in (ICT.charStart, ICT.charEnd, ICT.quote,
                                                      ICT.rule, RDF.subject, RDF.predicate,
                                                      RDF.object))


@dataclass(frozen=True)
class _Shapes:
    file: Path
    compiled: ShapesGraph
    core: ShapesGraph  # checked on the affected focus nodes
    per_document: ShapesGraph  # checked on the affected documents' parts
    reads: ReadGraph  # of the core shapes


def validate_delta(store: ox.Store, delta: GraphDelta, *, sparql: list[RawResult] | None = None,
                   shapes: Path | None = None) -> ValidationReport:
    """The gate's report on (old graph + delta), given that the old graph conformed: only the
    focus nodes the delta can affect are checked, reading their data from `store` (which
    holds the new graph, the ontology and the reference data in its default graph).

    sparql: the SPARQL constraints' results on the store (sparql_results_on); None: they are
    computed here. shapes: the shapes file (default: the packaged one). Raises NotLocal when
    the delta's effect cannot be bounded (see the module's docstring): the caller then
    validates the whole graph."""
    prepared = _prepared(Path(shapes or paths.SHAPES_FILE))
    made: dict = {}
    added = list(from_ntriples(delta.triples(), made))
    view = StoreView(store, _reference_only(store, added))
    _refuse_unbounded(prepared, delta, added, view)
    scope = _Scope(prepared, view, added)
    graph = DataGraph(scope.context() | set(scope.hierarchy), reverse=prepared.core.reverse_predicates)
    validator = Validator(graph, changed_values=scope.changed_values)
    raw = [r for r in validator.run(prepared.core, sparql=False, focus=scope.focus)
           if scope.new_result(r)]
    raw += sparql if sparql is not None else sparql_results_on(prepared.compiled, store)
    if prepared.per_document.shapes:
        parts = _document_parts(scope, delta, made)
        if parts:
            ontology = paths.ONTOLOGY_FILE if paths.ONTOLOGY_FILE.is_file() else None
            raw += check_parts(parts, prepared.file, ontology)
    return report_of(raw, _report_graph(scope, raw))


def affected_focus_nodes(store: ox.Store, delta: GraphDelta, *,
                         shapes: Path | None = None) -> set[Term]:
    """The focus nodes validate_delta checks with the shapes that are not checked per
    document (engine terms)."""
    prepared = _prepared(Path(shapes or paths.SHAPES_FILE))
    added = list(from_ntriples(delta.triples()))
    return set(_Scope(prepared, StoreView(store, _reference_only(store, added)), added).focus)


def _reference_only(store: ox.Store, added: list[Triple]) -> list[Triple]:
    """The triples of the reference data (data/reference, which the store holds beside the
    graph) that are not the graph's: the build copies into the graph the resources it uses,
    marked rdfs:isDefinedBy res:reference, with the predicates rdf.REFERENCE_PREDICATES."""
    graph = ox.DefaultGraph()
    copied: dict[Term, bool] = {}
    hidden = []
    for s, p, o in _reference_triples(paths.REFERENCE_DIR):
        if s not in copied:
            copied[s] = ox.Quad(s, _IS_DEFINED_BY, _REFERENCE, graph) in store
        if not copied[s] or p not in _COPIED:
            hidden.append((s, p, o))
    if hidden:  # a triple the delta adds is the graph's, whatever the reference data says
        hidden = list(set(hidden) - set(_store_forms(added)))
    return hidden


def _store_forms(triples: list[Triple]) -> list[Triple]:
    """The triples as the store keeps them."""
    stored = canonical(o for _, _, o in triples if isinstance(o, ox.Literal))
    return [(s, p, stored.get(o, o)) for s, p, o in triples]


def _reference_triples(directory: Path) -> list[Triple]:
    files = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    return _reference_version(tuple((f, f.stat().st_mtime_ns) for f in files))


@functools.lru_cache(maxsize=2)
def _reference_version(files: tuple[tuple[Path, int], ...]) -> list[Triple]:
    triples = [t for path, _ in files for t in parse_file(path)]
    return _store_forms(triples)


# --------------------------------------------------------------------------- shapes

def _prepared(path: Path) -> _Shapes:
    return _prepared_version(path, path.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _prepared_version(path: Path, _mtime_ns: int) -> _Shapes:
    compiled = compile_shapes(parse_file(path))
    core, per_document = compiled.split()
    for shape in _reporting(compiled.shapes):
        if shape.severity != _VIOLATION and (shape.constraints or any(
                c.native is not None for c in shape.sparql)):
            raise NotLocal(f"shape {shape.node} reports with severity {shape.severity}: a graph "
                           "that conforms may have such results on any node")
    return _Shapes(path, compiled, core, per_document, ReadGraph(core))


def _reporting(shapes: list[Shape]) -> list[Shape]:
    """The shapes whose results are reported: the top shapes and their property shapes (the
    results of the SPARQL constraints that are not evaluated natively come from the store,
    whole: a warning there is not lost)."""
    found: dict[int, Shape] = {}
    todo = list(shapes)
    while todo:
        shape = todo.pop()
        if id(shape) not in found:
            found[id(shape)] = shape
            todo.extend(shape.properties)
    return list(found.values())


def _refuse_unbounded(prepared: _Shapes, delta: GraphDelta, added: list[Triple],
                      view: StoreView) -> None:
    if any(p == _SUBCLASS_OF for _, p, _ in added):
        raise NotLocal("the delta adds rdfs:subClassOf: the class hierarchy every sh:class reads")
    if prepared.per_document.shapes:
        for s, p, o in from_ntriples(delta.added):
            if p == _IN_DOCUMENT or (p == _TYPE and o == _EVIDENCE_CLASS):
                raise NotLocal(f"the delta says outside an evidence record that {s} is evidence: "
                               "the graph cannot be checked document by document")
    wrong = view.unfaithful(added)
    if wrong:
        s, p, o = wrong[0]
        raise NotLocal(f"the delta's literal {o} (of {p}) would not be read back from the store "
                       "as written")


# --------------------------------------------------------------------------- data

class _Scope:
    """The focus nodes a delta affects, what their checks read, and which of their values and
    native rows can differ from the old graph's."""

    def __init__(self, prepared: _Shapes, view: StoreView, added: list[Triple]) -> None:
        self.reads, self.view = prepared.reads, view
        self.added = set(added)
        self.hierarchy = view.triples_with(_SUBCLASS_OF)
        self.affected = self.reads.affected(added, view.back)
        self.retargeted = self.reads.retargeted(added)
        classes = DataGraph(self.hierarchy)
        # Each affected node with the top shapes it is a focus node of.
        self.focus: dict[Term, list[Shape]] = {}
        for node in self.affected.nodes:
            shapes = [shape for shape in prepared.core.shapes if self._targets(shape, node, classes)]
            if shapes:
                self.focus[node] = shapes
        self._per_triple = {c.node for shape in prepared.core.shapes for c in shape.sparql
                            if c.native is not None and IMPLEMENTATIONS[c.native].reads.rows_per_triple}
        self._added_by_subject: dict[Term, list[Triple]] = {}
        for triple in added:
            self._added_by_subject.setdefault(triple[0], []).append(triple)
        self._naming: dict[Triple, list[Term]] = {}

    def _targets(self, shape: Shape, node: Term, classes: DataGraph) -> bool:
        """Whether the node is a focus node of the shape in the store's graph (as the engine's
        focus_nodes finds them)."""
        view = self.view
        for kind, value in shape.targets:
            if kind == "targetNode" and value == node:
                return True
            if kind == "targetClass" and any(value in classes.superclasses(t)
                                             for t in view.objects(node, _TYPE)):
                return True
            if kind == "targetSubjectsOf" and view.objects(node, value):
                return True
            if kind == "targetObjectsOf" and view.subjects(node, value):
                return True
        return False

    def context(self) -> set[Triple]:
        """What checking the focus nodes reads: from each, the positions of its top shapes;
        along a pruned step, only the values that changed (and their links, when the list of
        all is not needed); of a node's triples all read for the rows of a rows_per_triple
        native constraint, those added, when it was checked before."""
        view, reads = self.view, self.reads
        triples: set[Triple] = set()
        todo = [(node, reads.roots[id(shape)]) for node, shapes in self.focus.items()
                for shape in shapes]
        for node, position in unvisited(todo):
            again = node in self.retargeted
            if position.every_out and (again or not position.per_triple):
                for predicate, objects in view.description(node).items():
                    triples.update((node, predicate, o) for o in objects)
            else:
                if position.every_out:
                    triples.update(self._added_by_subject.get(node, ()))
                for predicate in position.direct:
                    triples.update((node, predicate, o) for o in view.objects(node, predicate))
            for predicate in position.into:
                triples.update((s, predicate, node) for s in view.subjects(node, predicate))
            for path, child in position.steps:
                if child.prune is not None and not again:
                    followed = self._pruned(node, path, child)
                    listed = view.values(node, path) if child.whole_list else followed
                else:
                    listed = followed = view.values(node, path)
                if path.inverse:
                    triples.update((value, path.predicate, node) for value in listed)
                else:
                    triples.update((node, path.predicate, value) for value in listed)
                todo.extend((value, child) for value in followed)
            todo.extend((node, other) for other, _ in position.same)
        return triples

    def _pruned(self, node: Term, path: ShapePath, child: Position) -> list[Term]:
        """The values along a pruned step that changed (CHANGED: each found along the step,
        forwards or backwards), or that changed or name an added triple of the node (NAMING)."""
        changed = self.affected.changed.get((id(child), node), set())
        if child.prune != NAMING:
            return list(changed)
        naming = {record for triple in self._added_by_subject.get(node, ())
                  for record in self.naming(triple)} - changed
        return [*changed, *(record for record in naming if self.view.links(node, path, record))]

    def naming(self, triple: tuple[Term, Term, Term | None]) -> list[Term]:
        """The nodes that name the triple (rdf:subject, rdf:predicate, rdf:object; any object
        for None)."""
        found = self._naming.get(triple)
        if found is None:
            found = self._naming[triple] = _records_stating(self.view, *triple)
        return found

    def changed_values(self, shape: Shape, focus: Term, values: list[Term]) -> list[Term] | None:
        """For the engine: the values of a prunable property shape's reported check that can
        differ from the old graph's check; None: all of them."""
        position = self.reads.values_of.get(id(shape))
        if position is None or position.prune != CHANGED or focus in self.retargeted:
            return None
        changed = self.affected.changed.get((id(position), focus))
        return [value for value in values if value in changed] if changed else []

    def new_result(self, result: RawResult) -> bool:
        """False for a row of a rows_per_triple native constraint about an old triple of a node
        checked before: it was not a row before, and is not one now (the data graph holds only
        the evidence that names the node's added triples)."""
        if (result.constraint not in self._per_triple or result.focus in self.retargeted
                or result.path is None):
            return True
        return (result.focus, result.path.predicate, result.value) in self.added


def _report_graph(scope: _Scope, raw: list[RawResult]) -> DataGraph:
    """What the report reads of the results' nodes (ValidationReport.documents_of, labels):
    their triples, and those of the evidence records about a result's statements."""
    view = scope.view
    nodes = {r.focus for r in raw} | {r.value for r in raw
                                      if isinstance(r.value, (ox.NamedNode, ox.BlankNode))}
    for r in raw:
        if r.path is not None and not r.path.inverse and r.component != _SPARQL_COMPONENT:
            nodes.update(scope.naming((r.focus, r.path.predicate, r.value)))
    return DataGraph((node, p, o) for node in nodes
                     for p, objects in view.description(node).items() for o in objects)


# --------------------------------------------------------------------------- per document

def _document_parts(scope: _Scope, delta: GraphDelta, made: dict) -> list[DocumentPart]:
    """The parts (validate_documents.py) of the documents whose part the delta changes."""
    view = scope.view
    term = made.__getitem__  # N-Triples term -> engine term (every term of the delta is made)
    new = {term(node) for node in delta.evidence}
    documents = {term(record.document) for record in delta.evidence.values()}
    for s, p, o in delta.added:
        subject = term(s)
        if view.subjects(subject, _IN_DOCUMENT):  # triples about a document with evidence
            documents.add(subject)
        if term(p) == _EVIDENCE and term(o) not in new:  # the link of an old record
            documents.update(view.objects(term(o), _IN_DOCUMENT))
        for record in scope.naming((subject, term(p), term(o))):  # the statement of an old record
            if record not in new:
                documents.update(view.objects(record, _IN_DOCUMENT))
    by_document: dict[Term, list[EvidenceNode]] = {}
    for record in delta.evidence.values():
        by_document.setdefault(term(record.document), []).append(record)
    return [_part(view, document, by_document.get(document, []), new)
            for document in sorted(documents, key=str)]


def _records_stating(view: StoreView, s: Term, p: Term, o: Term | None) -> list[Term]:
    """The nodes whose rdf:subject, rdf:predicate and rdf:object are s, p and o (any object
    when o is None). The nodes of subject s and those of object o (or predicate p) are read
    side by side until one list ends: either may be a hub (a country's records), rarely both."""
    if o is None:
        sides = [view.quads(None, _SUBJECT, s), view.quads(None, _PREDICATE, p)]
        read: list[list[Term]] = [[], []]
        complete = _first_read(sides, read)
        check = (_PREDICATE, p) if complete is read[0] else (_SUBJECT, s)
        return [node for node in complete if view.has(node, *check)]
    sides = [view.quads(None, _SUBJECT, s), view.quads(None, _OBJECT, o)]
    read = [[], []]
    complete = _first_read(sides, read)
    # The side the nodes came from is known; the other first (the predicate is often shared).
    checks = ((_OBJECT, o), (_PREDICATE, p)) if complete is read[0] else ((_SUBJECT, s), (_PREDICATE, p))
    return [node for node in complete if all(view.has(node, predicate, value)
                                             for predicate, value in checks)]


def _first_read(sides: list, read: list[list[Term]]) -> list[Term]:
    """The subjects of the quads of the side that ends first (`read`: those read of each)."""
    while True:
        for side in (0, 1):
            quad = next(sides[side], None)
            if quad is None:
                return read[side]
            read[side].append(quad.subject)


def _part(view: StoreView, document: Term, records: list[EvidenceNode], new: set[Term]) -> DocumentPart:
    """A document's part of the grown graph: its triples, its records (those of the delta, and
    its old ones read from the store), and which statements and links the graph has."""
    records = sorted([*records, *(_record(view, node, document)
                                  for node in view.subjects(document, _IN_DOCUMENT)
                                  if node not in new)])
    description = sorted((ntriples_term(document), ntriples_term(p), ntriples_term(o))
                         for p, objects in view.description(document).items() for o in objects)
    made: dict = {}
    present = bytearray()
    for record in records:
        s, p, o, node = (from_ntriples_term(t, made)
                         for t in (record.subject, record.predicate, record.obj, record.node))
        present.append((HAS_STATEMENT if view.has(s, p, o) else 0)
                       | (HAS_LINK if view.has(s, _EVIDENCE, node) else 0))
    return DocumentPart(ntriples_term(document), description, records, bytes(present))


def _record(view: StoreView, node: Term, document: Term) -> EvidenceNode:
    """An old evidence node's record, read from the store."""
    described = view.description(node)
    values = []
    for predicate in _RECORD_FIELDS:
        objects = described.get(predicate, [])
        if len(objects) != 1:
            raise NotLocal(f"evidence node {node} has {len(objects)} values of {predicate}")
        values.append(ntriples_term(objects[0]))
    return EvidenceNode(ntriples_term(node), ntriples_term(document), *values)
