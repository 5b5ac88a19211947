"""Read a SHACL shapes graph into plain objects, refusing what the engine cannot check."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

import pyoxigraph as ox

from ictgraph.errors import IctgraphError
from ictgraph.namespaces import SHAPES
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.native import IMPLEMENTATIONS
from ictgraph.shacl.terms import RDF_TYPE, SH, Term, Triple, sh

RDFS_CLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#Class")
OWL_CLASS = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
# A SPARQL constraint the native engine evaluates without its query (shacl/native.py).
NATIVE_IMPLEMENTATION = ox.NamedNode(str(SHAPES["nativeImplementation"]))
# A shape whose checks read only one source document's evidence (validate_documents.py checks it
# document by document).
CHECKED_PER_DOCUMENT = ox.NamedNode(str(SHAPES["checkedPerDocument"]))

# Constraint parameters the engine checks, by the component they belong to.
COMPONENTS = {
    "class": "ClassConstraintComponent", "datatype": "DatatypeConstraintComponent",
    "nodeKind": "NodeKindConstraintComponent", "minCount": "MinCountConstraintComponent",
    "maxCount": "MaxCountConstraintComponent", "pattern": "PatternConstraintComponent",
    "languageIn": "LanguageInConstraintComponent", "uniqueLang": "UniqueLangConstraintComponent",
    "minLength": "MinLengthConstraintComponent", "maxLength": "MaxLengthConstraintComponent",
    "lessThan": "LessThanConstraintComponent", "hasValue": "HasValueConstraintComponent",
    "in": "InConstraintComponent", "node": "NodeConstraintComponent",
    "or": "OrConstraintComponent", "and": "AndConstraintComponent", "not": "NotConstraintComponent",
    "qualifiedMinCount": "QualifiedMinCountConstraintComponent",
    "qualifiedMaxCount": "QualifiedMaxCountConstraintComponent",
}
# Other shacl terms a shape may carry: structure, targets, reporting, documentation.
_STRUCTURAL = {"path", "property", "sparql", "targetClass", "targetNode", "targetSubjectsOf",
               "targetObjectsOf", "severity", "message", "deactivated", "name", "description",
               "order", "group", "flags", "qualifiedValueShape", "qualifiedValueShapesDisjoint",
               "defaultValue"}
_SHAPE_TYPES = {sh("NodeShape"), sh("PropertyShape")}
_BOOLEAN = ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
_TRUE, _FALSE = ox.Literal("true", datatype=_BOOLEAN), ox.Literal("false", datatype=_BOOLEAN)


class ShapesError(IctgraphError):
    """The shapes use something the engine does not implement, or are malformed."""


@dataclass(frozen=True)
class Path:
    predicate: Term
    inverse: bool = False

    def __str__(self) -> str:
        return f"^<{self.predicate.value}>" if self.inverse else f"<{self.predicate.value}>"


@dataclass(frozen=True)
class SparqlConstraint:
    node: Term
    prologue: str  # the PREFIX declarations of sh:prefixes
    body: str  # the sh:select query itself
    messages: tuple[ox.Literal, ...]
    native: str | None = None  # the name of its native implementation, if it has one

    @property
    def select(self) -> str:
        return self.prologue + "\n" + self.body


@dataclass(eq=False)
class Shape:
    node: Term
    path: Path | None = None  # None: a node shape
    targets: list[tuple[str, Term]] = field(default_factory=list)
    constraints: list[tuple[str, object]] = field(default_factory=list)  # (parameter, value)
    properties: list["Shape"] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    severity: Term = field(default_factory=lambda: sh("Violation"))
    messages: tuple[ox.Literal, ...] = ()
    deactivated: bool = False
    per_document: bool = False  # ictsh:checkedPerDocument true


@dataclass
class ShapesGraph:
    shapes: list[Shape]  # those with targets, validated from the top
    reverse_predicates: set[Term]  # the data graph needs subject lookups by these

    def split(self) -> tuple[ShapesGraph, ShapesGraph]:
        """(the shapes checked on the whole graph, those checked per document), each with the
        reverse lookups it makes."""
        parts = ([s for s in self.shapes if not s.per_document],
                 [s for s in self.shapes if s.per_document])
        return ShapesGraph(parts[0], _reverse_of(parts[0])), ShapesGraph(parts[1], _reverse_of(parts[1]))


def _reverse_of(shapes: list[Shape]) -> set[Term]:
    """The predicates whose subjects the shapes look up (inverse paths, sh:targetObjectsOf,
    native SPARQL implementations), through their property and nested shapes."""
    found: set[Term] = set()
    seen: set[int] = set()
    todo = list(shapes)
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        if shape.path is not None and shape.path.inverse:
            found.add(shape.path.predicate)
        found.update(value for kind, value in shape.targets if kind == "targetObjectsOf")
        for constraint in shape.sparql:
            if constraint.native is not None:
                found.update(IMPLEMENTATIONS[constraint.native].reverse)
        todo.extend(shape.properties)
        for _, parameter in shape.constraints:
            todo.extend(nested_shapes(parameter))
    return found


def nested_shapes(parameter: object) -> list[Shape]:
    """The shapes a constraint parameter holds (sh:node, sh:not, sh:or, sh:and, qualified)."""
    if isinstance(parameter, Shape):
        return [parameter]
    if isinstance(parameter, (list, tuple)):
        return [item for item in parameter if isinstance(item, Shape)]
    return []


def compile_shapes(triples: Iterable[Triple]) -> ShapesGraph:
    """The shapes of a shapes graph (as triples of pyoxigraph terms)."""
    graph = DataGraph(triples, reverse=[RDF_TYPE])
    compiler = _Compiler(graph)
    roots = set()
    for shape_type in _SHAPE_TYPES:
        roots.update(graph.subjects(RDF_TYPE, shape_type))
    for target in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
        roots.update(s for s, _, _ in graph.triples() if _ == sh(target))
    roots.update(s for s, _, o in graph.triples() if _ == RDF_TYPE and o in (RDFS_CLASS, OWL_CLASS)
                 and any(t in _SHAPE_TYPES for t in graph.objects(s, RDF_TYPE)))
    shapes = [compiler.shape(node) for node in sorted(roots, key=str)]
    checked = [s for s in shapes if s.targets and not s.deactivated]
    return ShapesGraph(checked, _reverse_of(checked))


class _Compiler:
    def __init__(self, graph: DataGraph) -> None:
        self.graph = graph
        self.done: dict[Term, Shape] = {}

    def one(self, node: Term, name: str) -> Term | None:
        values = self.graph.objects(node, sh(name))
        if len(values) > 1:
            raise ShapesError(f"shape {node}: more than one sh:{name}")
        return values[0] if values else None

    def shape(self, node: Term) -> Shape:
        if node in self.done:
            return self.done[node]
        shape = self.done[node] = Shape(node)
        g = self.graph
        for predicate in g.predicates(node):
            name = predicate.value[len(SH):] if predicate.value.startswith(SH) else None
            if name is not None and name not in COMPONENTS and name not in _STRUCTURAL:
                raise ShapesError(f"shape {node}: sh:{name} is not implemented by the ictgraph "
                                  f"SHACL engine (validate with --engine pyshacl)")
        path = self.one(node, "path")
        if path is not None:
            shape.path = self._path(node, path)
        shape.severity = self.one(node, "severity") or sh("Violation")
        shape.messages = tuple(m for m in g.objects(node, sh("message")) if isinstance(m, ox.Literal))
        deactivated = self.one(node, "deactivated")
        shape.deactivated = deactivated is not None and deactivated.value == "true"
        shape.per_document = any(value == _TRUE for value in g.objects(node, CHECKED_PER_DOCUMENT))
        for kind in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"):
            for value in g.objects(node, sh(kind)):
                shape.targets.append((kind, value))
        if any(t in (RDFS_CLASS, OWL_CLASS) for t in g.objects(node, RDF_TYPE)):
            shape.targets.append(("targetClass", node))
        for name in COMPONENTS:
            for value in g.objects(node, sh(name)):
                shape.constraints.append((name, self._parameter(node, name, value)))
        if self.one(node, "qualifiedValueShapesDisjoint") not in (None, _FALSE):
            raise ShapesError(f"shape {node}: sh:qualifiedValueShapesDisjoint is not implemented")
        for child in sorted(g.objects(node, sh("property")), key=str):
            shape.properties.append(self.shape(child))
        for constraint in sorted(g.objects(node, sh("sparql")), key=str):
            shape.sparql.append(self._sparql(constraint))
        return shape

    def _path(self, node: Term, path: Term) -> Path:
        if isinstance(path, ox.NamedNode):
            return Path(path)
        inverse = self.one(path, "inversePath")
        if isinstance(inverse, ox.NamedNode):
            return Path(inverse, inverse=True)
        raise ShapesError(f"shape {node}: only predicate and inverse paths are implemented")

    def _parameter(self, node: Term, name: str, value: Term) -> object:
        g = self.graph
        if name in ("qualifiedMinCount", "qualifiedMaxCount"):
            qualified = self.one(node, "qualifiedValueShape")
            if qualified is None:
                raise ShapesError(f"shape {node}: sh:{name} without sh:qualifiedValueShape")
            return int(value.value), self.shape(qualified)
        if name in ("minCount", "maxCount", "minLength", "maxLength"):
            return int(value.value)
        if name == "pattern":
            flags = self.one(node, "flags")
            return (value.value, flags.value if flags is not None else "")
        if name in ("languageIn", "in"):
            items = g.rdf_list(value)
            return [i.value for i in items] if name == "languageIn" else set(items)
        if name in ("or", "and"):
            return [self.shape(member) for member in g.rdf_list(value)]
        if name in ("node", "not"):
            return self.shape(value)
        if name == "uniqueLang":
            return value.value == "true"
        if name == "lessThan":
            if not isinstance(value, ox.NamedNode):
                raise ShapesError(f"shape {node}: sh:lessThan takes a property IRI")
            return value
        if name == "class":
            return value
        if name == "datatype":
            return value.value
        return value

    def _sparql(self, constraint: Term) -> SparqlConstraint:
        select = self.one(constraint, "select")
        if select is None:
            raise ShapesError(f"SPARQL constraint {constraint}: no sh:select")
        prefixes = []
        for ontology in self.graph.objects(constraint, sh("prefixes")):
            for declaration in self.graph.objects(ontology, sh("declare")):
                prefix, namespace = self.one(declaration, "prefix"), self.one(declaration, "namespace")
                prefixes.append(f"PREFIX {prefix.value}: <{namespace.value}>")
        messages = tuple(m for m in self.graph.objects(constraint, sh("message"))
                         if isinstance(m, ox.Literal))
        native = self.graph.objects(constraint, NATIVE_IMPLEMENTATION)
        if len(native) > 1 or native and native[0].value not in IMPLEMENTATIONS:
            raise ShapesError(f"SPARQL constraint {constraint}: ictsh:nativeImplementation must be "
                              f"one of {', '.join(sorted(IMPLEMENTATIONS))}")
        return SparqlConstraint(constraint, "\n".join(sorted(prefixes)), select.value, messages,
                                native[0].value if native else None)
