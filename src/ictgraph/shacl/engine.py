"""Validate a data graph against compiled shapes: SHACL Core checks in Python, SHACL-SPARQL
constraints once per constraint on Oxigraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import pyoxigraph as ox

from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.shapes import COMPONENTS, Path, Shape, ShapesGraph, SparqlConstraint
from ictgraph.shacl.terms import (RDF_TYPE, SUBCLASS_OF, Term, has_datatype, language_matches,
                                  less_than, sh)

_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_NODE_KINDS = {
    "IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}


@dataclass(frozen=True)
class RawResult:
    """One validation result, in the terms of the SHACL report vocabulary."""

    focus: Term
    path: Path | None
    value: Term | None
    shape: Term
    severity: Term
    component: Term
    messages: tuple[ox.Literal, ...]
    constraint: Term | None = None  # the SPARQL constraint node, for SPARQL results


class Validator:
    """load_store, when given, fills the Oxigraph store for the SPARQL constraints from the
    sources of the graph (Turtle bytes or files, parsed in Rust) instead of from the index
    (a Python object per triple): on large graphs that was a fifth of the validation time."""

    def __init__(self, graph: DataGraph, load_store: Callable[[ox.Store], None] | None = None) -> None:
        self.graph = graph
        self._load_store = load_store
        self._store: ox.Store | None = None
        self._conforms: dict[tuple[int, Term], bool] = {}

    def run(self, shapes: ShapesGraph) -> list[RawResult]:
        results: list[RawResult] = []
        for shape in shapes.shapes:
            focus_nodes = self.focus_nodes(shape)
            for focus in focus_nodes:
                results.extend(self.check(shape, focus))
            for constraint in shape.sparql:
                results.extend(self.sparql(shape, constraint, focus_nodes))
        return results

    # --- targets and values

    def focus_nodes(self, shape: Shape) -> list[Term]:
        found: dict[Term, None] = {}
        for kind, value in shape.targets:
            if kind == "targetClass":
                nodes = self.graph.instances(value)
            elif kind == "targetNode":
                nodes = [value]
            elif kind == "targetSubjectsOf":
                nodes = self.graph.subjects_of(value)
            else:
                nodes = self.graph.objects_of(value)
            found.update(dict.fromkeys(nodes))
        return list(found)

    def values(self, focus: Term, path: Path | None) -> list[Term]:
        if path is None:
            return [focus]
        if path.inverse:
            found = self.graph.subjects(path.predicate, focus)
        else:
            found = self.graph.objects(focus, path.predicate)
        return list(dict.fromkeys(found))

    # --- SHACL Core

    def check(self, shape: Shape, focus: Term) -> list[RawResult]:
        """The results of one shape (and its property shapes) on one focus node."""
        if shape.deactivated:
            return []
        values = self.values(focus, shape.path)
        results = []
        for name, parameter in shape.constraints:
            for value in self.violations(name, parameter, focus, values):
                results.append(RawResult(focus, shape.path, value, shape.node, shape.severity,
                                         sh(COMPONENTS[name]), shape.messages))
        for prop in shape.properties:
            for value in values:
                results.extend(self.check(prop, value))
        return results

    def conforms(self, shape: Shape, node: Term) -> bool:
        """Whether a node conforms to a shape (sh:node, sh:or, ...): no result at all."""
        key = (id(shape), node)
        known = self._conforms.get(key)
        if known is None:
            self._conforms[key] = True  # a recursive shape conforms while being checked
            known = not self.check(shape, node) and not any(
                self.sparql(shape, c, [node]) for c in shape.sparql)
            self._conforms[key] = known
        return known

    def violations(self, name: str, parameter, focus: Term, values: list[Term]) -> list[Term | None]:
        """The values that violate one constraint; None for a result without a value."""
        g = self.graph
        if name == "class":
            return [v for v in values if isinstance(v, ox.Literal) or not g.is_instance(v, parameter)]
        if name == "datatype":
            return [v for v in values if not has_datatype(v, parameter)]
        if name == "nodeKind":
            kinds = _NODE_KINDS[parameter.value[len(sh("").value):]]
            return [v for v in values if not isinstance(v, kinds)]
        if name == "minCount":
            return [None] if len(values) < parameter else []
        if name == "maxCount":
            return [None] if len(values) > parameter else []
        if name == "pattern":
            regex = _regex(*parameter)
            return [v for v in values if isinstance(v, ox.BlankNode) or not regex.search(v.value)]
        if name == "minLength":
            return [v for v in values if isinstance(v, ox.BlankNode) or len(v.value) < parameter]
        if name == "maxLength":
            return [v for v in values if isinstance(v, ox.BlankNode) or len(v.value) > parameter]
        if name == "languageIn":
            return [v for v in values if not (isinstance(v, ox.Literal) and v.language and any(
                language_matches(v.language, wanted) for wanted in parameter))]
        if name == "uniqueLang":
            if not parameter:
                return []
            tags: dict[str, int] = {}
            for v in values:
                if isinstance(v, ox.Literal) and v.language:
                    tags[v.language.lower()] = tags.get(v.language.lower(), 0) + 1
            return [None for count in tags.values() if count > 1]
        if name == "lessThan":
            others = g.objects(focus, parameter)
            return [v for v in values for w in others if less_than(v, w) is not True]
        if name == "hasValue":
            return [] if parameter in values else [None]
        if name == "in":
            return [v for v in values if v not in parameter]
        if name == "node":
            return [v for v in values if not self.conforms(parameter, v)]
        if name == "not":
            return [v for v in values if self.conforms(parameter, v)]
        if name == "or":
            return [v for v in values if not any(self.conforms(s, v) for s in parameter)]
        if name == "and":
            return [v for v in values if not all(self.conforms(s, v) for s in parameter)]
        if name in ("qualifiedMinCount", "qualifiedMaxCount"):
            count, qualified = parameter
            matching = sum(1 for v in values if self.conforms(qualified, v))
            too_few = name == "qualifiedMinCount" and matching < count
            return [None] if too_few or (name == "qualifiedMaxCount" and matching > count) else []
        raise AssertionError(name)  # shapes.py refuses every other parameter

    # --- SHACL-SPARQL

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            self._store = ox.Store()
            if self._load_store is not None:
                self._load_store(self._store)
            else:
                self._store.bulk_extend(self.graph.quads())
        return self._store

    def sparql(self, shape: Shape, constraint: SparqlConstraint,
               focus_nodes: list[Term]) -> list[RawResult]:
        """Results of a SPARQL constraint over all the shape's focus nodes at once.

        The query runs once with $this free and its rows are kept for the focus
        nodes: the same answer as pre-binding $this per node, provided that every
        part of the query binds $this by a triple pattern before testing it (the
        convention ontology/shapes.ttl keeps; tests compare with pyshacl).
        """
        if not focus_nodes:
            return []
        wanted = set(focus_nodes)
        results = []
        messages = constraint.messages or shape.messages
        for row in self.store.query(_restricted(constraint, shape)):
            this = row["this"]
            if this not in wanted:
                continue
            path = row["path"] if _bound(row, "path") else None
            value = row["value"] if _bound(row, "value") else this
            results.append(RawResult(
                this, Path(path) if isinstance(path, ox.NamedNode) else shape.path, value,
                shape.node, shape.severity, sh("SPARQLConstraintComponent"),
                tuple(_fill(m, row) for m in messages), constraint.node))
        return results


def _restricted(constraint: SparqlConstraint, shape: Shape) -> str:
    """The constraint's query, joined with the shape's target classes when it has only those,
    so that Oxigraph drops the rows of other nodes rather than Python (a query free in $this
    may answer for every node of the graph)."""
    classes = [value for kind, value in shape.targets if kind == "targetClass"]
    if len(classes) != len(shape.targets) or not classes:
        return constraint.select
    values = " ".join(f"<{c.value}>" for c in classes)
    return (f"{constraint.prologue}\nSELECT * WHERE {{\n"
            f"  {{ SELECT DISTINCT $this WHERE {{\n"
            f"      VALUES ?ictgraphTargetClass {{ {values} }}\n"
            f"      $this <{RDF_TYPE.value}>/<{SUBCLASS_OF.value}>* ?ictgraphTargetClass . }} }}\n"
            f"  {{ {constraint.body} }}\n}}")


def _bound(row: ox.QuerySolution, name: str) -> bool:
    try:
        return row[name] is not None
    except (KeyError, IndexError, ValueError):
        return False


def _fill(message: ox.Literal, row: ox.QuerySolution) -> ox.Literal:
    """A message template with {?variable} and {$this} replaced by the row's values."""
    def value(match: re.Match) -> str:
        return row[match.group(1)].value if _bound(row, match.group(1)) else match.group(0)
    text = _TEMPLATE.sub(value, message.value)
    if message.language:
        return ox.Literal(text, language=message.language)
    return ox.Literal(text, datatype=message.datatype)


_REGEX_CACHE: dict[tuple[str, str], re.Pattern] = {}


def _regex(pattern: str, flags: str) -> re.Pattern:
    key = (pattern, flags)
    if key not in _REGEX_CACHE:
        value = 0
        for flag, bit in (("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE)):
            if flag in flags:
                value |= bit
        _REGEX_CACHE[key] = re.compile(pattern, value)
    return _REGEX_CACHE[key]
