"""Validate a data graph against compiled shapes: SHACL Core checks in Python, SHACL-SPARQL
constraints once per constraint on Oxigraph."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Container

import pyoxigraph as ox

from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.native import IMPLEMENTATIONS
from ictgraph.shacl.shapes import COMPONENTS, Path, Shape, ShapesGraph, SparqlConstraint
from ictgraph.shacl.terms import (RDF_TYPE, SUBCLASS_OF, Term, has_datatype, language_matches,
                                  less_than, sh)

_TEMPLATE = re.compile(r"\{[?$](\w+)\}")
_NODE_KINDS = {sh(name): kinds for name, kinds in {
    "IRI": (ox.NamedNode,), "BlankNode": (ox.BlankNode,), "Literal": (ox.Literal,),
    "BlankNodeOrIRI": (ox.BlankNode, ox.NamedNode), "BlankNodeOrLiteral": (ox.BlankNode, ox.Literal),
    "IRIOrLiteral": (ox.NamedNode, ox.Literal),
}.items()}


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
    (a Python object per triple): on large graphs that was a fifth of the validation time.

    A SPARQL constraint with a native implementation (native.py) is evaluated on the index,
    with the core constraints, unless `native` is False (tests compare the two).

    changed_values(shape, focus, values), when given, is asked for each reported check of a
    property shape: the values whose own checks may differ from a check that passed before
    (None: all). The constraints that judge each value alone and the property shapes see only
    those; the others (counts, sh:uniqueLang ...) see all the values (validate_delta.py)."""

    def __init__(self, graph: DataGraph, load_store: Callable[[ox.Store], None] | None = None,
                 *, store: ox.Store | None = None, native: bool = True,
                 changed_values: Callable[[Shape, Term, list[Term]], list[Term] | None] | None = None
                 ) -> None:
        self.graph = graph
        self._changed_values = changed_values
        self._load_store = load_store
        self._store: ox.Store | None = store  # given: the SPARQL constraints run on it as it is
        self._native = native
        self._conforms: dict[tuple[int, Term], bool] = {}
        # Memos (see check); the graph does not change while it is being checked.
        self._plans: dict[int, _Plan] = {}
        self._less: dict[tuple[Term, Term], bool | None] = {}  # less_than of value pairs
        self._described = graph.descriptions.get

    def run(self, shapes: ShapesGraph, *, sparql: bool = True,
            focus: Container[Term] | None = None) -> list[RawResult]:
        """Every result of the shapes on the graph; without sparql, of the core constraints and
        the natively evaluated SPARQL ones only (another process checks the others:
        sparql_process.py). With `focus`, only of the focus nodes among those: the graph may
        hold other nodes' triples as the context those need (validate_delta.py)."""
        results = []
        for shape in shapes.shapes:
            focus_nodes = self.focus_nodes(shape)
            if focus is not None:
                focus_nodes = [node for node in focus_nodes if node in focus]
            for node in focus_nodes:
                results.extend(self.check(shape, node, reported=True))
            for constraint in shape.sparql:
                if sparql or self.is_native(constraint):
                    results.extend(self.constraint(shape, constraint, focus_nodes))
        return results

    def is_native(self, constraint: SparqlConstraint) -> bool:
        return self._native and constraint.native is not None

    def constraint(self, shape: Shape, constraint: SparqlConstraint,
                   focus_nodes: list[Term]) -> list[RawResult]:
        """The results of a SPARQL constraint on the focus nodes, natively when it can."""
        if self.is_native(constraint):
            rows = IMPLEMENTATIONS[constraint.native].rows(self.graph, focus_nodes)
            return [self._result(shape, constraint, row) for row in rows]
        return self.sparql(shape, constraint, focus_nodes)

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
        """The value nodes (distinct: the data graph holds each triple once); not to be mutated."""
        if path is None:
            return [focus]
        if path.inverse:
            return self.graph.subjects(path.predicate, focus)
        return self.graph.objects(focus, path.predicate)

    # --- SHACL Core

    def check(self, shape: Shape, focus: Term, plan: _Plan | None = None,
              reported: bool = False) -> list[RawResult]:
        """The results of one shape (and its property shapes) on one focus node (`plan`: the
        shape's, see _plan; `reported`: its results are reported, not a nested shape's)."""
        if shape.deactivated:
            return []
        path = shape.path
        if path is None:
            values = [focus]
        elif path.inverse:
            values = self.graph.subjects(path.predicate, focus)
        else:  # self.values, inline: this runs for every focus node and property shape
            described = self._described(focus)
            values = described.get(path.predicate, ()) if described else ()
        checked = values  # by the constraints on each value alone, and the property shapes
        if reported and path is not None and self._changed_values is not None:
            changed = self._changed_values(shape, focus, values)
            if changed is not None:
                checked = changed
        if plan is None:
            plan = self._plan(shape)
        # Values and their numbers repeat across focus nodes (offsets, documents, rules, one
        # value each): when the number of values and each value are known to pass the
        # constraints that read only those, they are skipped. Otherwise all run, in order.
        passes = plan.passing_count.get(len(values))
        if passes is None:
            passes = plan.count_passes(self, focus, values)
        if passes:
            passing = plan.passing
            for value in checked:
                passes = passing.get(value)
                if passes is None:
                    passes = plan.value_passes(self, focus, value)
                if not passes:
                    break
        constraints = plan.others if passes else plan.constraints
        results = []
        for name, check, parameter in constraints:
            violating = check(self, parameter, focus,
                              checked if checked is not values and name in PER_VALUE else values)
            if violating:
                component = sh(COMPONENTS[name])
                results.extend(RawResult(focus, path, value, shape.node, shape.severity,
                                         component, shape.messages) for value in violating)
        properties = plan.properties
        if properties is None:
            properties = plan.properties = [(prop, self._plan(prop)) for prop in shape.properties]
        described_of = self._described
        for prop, prop_plan in properties:
            # A value whose values for the property shape's path are known to pass it (their
            # number and each of them) has no result: check() is not called for it at all
            # (millions of calls: nine property shapes on each of 400,000 evidence nodes).
            predicate = prop_plan.plain if self._changed_values is None else None
            counts, passing = prop_plan.passing_count, prop_plan.passing
            for value in checked:
                if predicate is not None:
                    described = described_of(value)
                    known = described.get(predicate, ()) if described else ()
                    if counts.get(len(known)) and all(map(passing.get, known)):
                        continue
                found = self.check(prop, value, prop_plan, reported)
                if found:
                    results.extend(found)
        return results

    def _plan(self, shape: Shape) -> _Plan:
        """The shape's plan, made once (with its memos)."""
        plan = self._plans.get(id(shape))
        if plan is None:
            plan = self._plans[id(shape)] = _Plan(shape)
        return plan

    def conforms(self, shape: Shape, node: Term) -> bool:
        """Whether a node conforms to a shape (sh:node, sh:or, ...): no result at all."""
        key = (id(shape), node)
        known = self._conforms.get(key)
        if known is None:
            self._conforms[key] = True  # a recursive shape conforms while being checked
            known = not self.check(shape, node) and not any(
                self.constraint(shape, c, [node]) for c in shape.sparql)
            self._conforms[key] = known
        return known

    # Each constraint component: the values that violate it, None for a result without a
    # value. Looked up in _CHECKS by parameter name (a table: this runs millions of times).

    def _class(self, parameter, focus, values):
        return [v for v in values if isinstance(v, ox.Literal) or not self.graph.is_instance(v, parameter)]

    def _datatype(self, parameter, focus, values):
        return [v for v in values if not has_datatype(v, parameter)]

    def _node_kind(self, parameter, focus, values):
        kinds = _NODE_KINDS[parameter]
        return [v for v in values if not isinstance(v, kinds)]

    def _min_count(self, parameter, focus, values):
        return [None] if len(values) < parameter else []

    def _max_count(self, parameter, focus, values):
        return [None] if len(values) > parameter else []

    def _pattern(self, parameter, focus, values):
        regex = _regex(*parameter)
        return [v for v in values if isinstance(v, ox.BlankNode) or not regex.search(v.value)]

    def _min_length(self, parameter, focus, values):
        return [v for v in values if isinstance(v, ox.BlankNode) or len(v.value) < parameter]

    def _max_length(self, parameter, focus, values):
        return [v for v in values if isinstance(v, ox.BlankNode) or len(v.value) > parameter]

    def _language_in(self, parameter, focus, values):
        return [v for v in values if not (isinstance(v, ox.Literal) and v.language and any(
            language_matches(v.language, wanted) for wanted in parameter))]

    def _unique_lang(self, parameter, focus, values):
        if not parameter:
            return []
        tags: dict[str, int] = {}
        for v in values:
            if isinstance(v, ox.Literal) and v.language:
                tags[v.language.lower()] = tags.get(v.language.lower(), 0) + 1
        return [None for count in tags.values() if count > 1]

    def _less_than(self, parameter, focus, values):
        others = self.graph.objects(focus, parameter)
        if not others:
            return []
        known = self._less
        violating = []
        for v in values:
            for w in others:
                pair = (v, w)
                less = known.get(pair, known)  # `known`: not asked yet (None is an answer)
                if less is known:
                    less = known[pair] = less_than(v, w)
                if less is not True:
                    violating.append(v)
        return violating

    def _has_value(self, parameter, focus, values):
        return [] if parameter in values else [None]

    def _in(self, parameter, focus, values):
        return [v for v in values if v not in parameter]

    def _node(self, parameter, focus, values):
        return [v for v in values if not self.conforms(parameter, v)]

    def _not(self, parameter, focus, values):
        return [v for v in values if self.conforms(parameter, v)]

    def _or(self, parameter, focus, values):
        return [v for v in values if not any(self.conforms(s, v) for s in parameter)]

    def _and(self, parameter, focus, values):
        return [v for v in values if not all(self.conforms(s, v) for s in parameter)]

    def _qualified_min_count(self, parameter, focus, values):
        count, qualified = parameter
        return [None] if sum(1 for v in values if self.conforms(qualified, v)) < count else []

    def _qualified_max_count(self, parameter, focus, values):
        count, qualified = parameter
        return [None] if sum(1 for v in values if self.conforms(qualified, v)) > count else []

    # --- SHACL-SPARQL

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            store = ox.Store()
            if self._load_store is not None:
                self._load_store(store)
            else:
                store.bulk_extend(self.graph.quads())
            self._store = store
        return self._store

    def sparql(self, shape: Shape, constraint: SparqlConstraint,
               focus_nodes: list[Term] | None) -> list[RawResult]:
        """Results of a SPARQL constraint over all the shape's focus nodes at once.

        The query runs once with $this free and its rows are kept for the focus
        nodes: the same answer as pre-binding $this per node, provided that every
        part of the query binds $this by a triple pattern before testing it (the
        convention ontology/shapes.ttl keeps; tests compare with pyshacl).
        """
        if focus_nodes is not None and not focus_nodes:
            return []
        # None: the query itself keeps to the shape's target classes (sparql_process.py).
        wanted = set(focus_nodes) if focus_nodes is not None else None
        return [self._result(shape, constraint, row)
                for row in self.store.query(_restricted(constraint, shape))
                if wanted is None or row["this"] in wanted]

    @staticmethod
    def _result(shape: Shape, constraint: SparqlConstraint, row) -> RawResult:
        """The result of a solution row (a QuerySolution, or a dict from native.py)."""
        this = row["this"]
        path = row["path"] if _bound(row, "path") else None
        value = row["value"] if _bound(row, "value") else this
        return RawResult(
            this, Path(path) if isinstance(path, ox.NamedNode) else shape.path, value,
            shape.node, shape.severity, sh("SPARQLConstraintComponent"),
            tuple(_fill(m, row) for m in constraint.messages or shape.messages), constraint.node)


# Every parameter shapes.py accepts (it refuses the others by name).
_CHECKS: dict[str, Callable[[Validator, object, Term, list[Term]], list]] = {
    "class": Validator._class, "datatype": Validator._datatype, "nodeKind": Validator._node_kind,
    "minCount": Validator._min_count, "maxCount": Validator._max_count,
    "pattern": Validator._pattern, "minLength": Validator._min_length,
    "maxLength": Validator._max_length, "languageIn": Validator._language_in,
    "uniqueLang": Validator._unique_lang, "lessThan": Validator._less_than,
    "hasValue": Validator._has_value, "in": Validator._in, "node": Validator._node,
    "not": Validator._not, "or": Validator._or, "and": Validator._and,
    "qualifiedMinCount": Validator._qualified_min_count,
    "qualifiedMaxCount": Validator._qualified_max_count,
}


# Components whose verdict depends on the number of values alone, whatever the focus node
# and the values; and those whose violating values are those that fail alone: number or value
# -> verdict can be memoised. sh:class reads the graph, which does not change during a check;
# sh:node, sh:not, sh:and, sh:or are left out (a recursive shape conforms provisionally while
# it is being checked).
_COUNT_ONLY = frozenset({"minCount", "maxCount"})
_VALUE_ONLY = frozenset({"class", "datatype", "nodeKind", "pattern", "minLength", "maxLength",
                         "languageIn", "in"})
_MEMOISED = _COUNT_ONLY | _VALUE_ONLY
# Components whose violating values are those that fail alone (changed_values).
PER_VALUE = _VALUE_ONLY | {"node", "not", "and", "or"}


class _Plan:
    """A shape's constraints with their checks; apart, those that read only the number of
    values and those that read each value alone, with the numbers and values known to pass
    them (for one Validator: sh:class reads its graph)."""

    __slots__ = ("constraints", "per_count", "per_value", "others", "passing_count", "passing",
                 "properties", "plain")

    def __init__(self, shape: Shape) -> None:
        self.constraints = [(name, _CHECKS[name], parameter) for name, parameter in shape.constraints]
        self.per_count = [c for c in self.constraints if c[0] in _COUNT_ONLY]
        self.per_value = [c for c in self.constraints if c[0] in _VALUE_ONLY]
        self.others = [c for c in self.constraints if c[0] not in _MEMOISED]
        # The path's predicate when the memos decide the whole check of a focus node: a
        # property shape along a predicate with memoised constraints only and nothing nested.
        # Else None.
        memoised_only = not (self.others or shape.properties or shape.sparql or shape.deactivated)
        path = shape.path
        self.plain = path.predicate if memoised_only and path is not None and not path.inverse else None
        self.passing_count: dict[int, bool] = {}
        self.passing: dict[Term, bool] = {}
        self.properties: list[tuple[Shape, _Plan]] | None = None  # made on first use

    def count_passes(self, validator: Validator, focus: Term, values: list[Term]) -> bool:
        passes = self.passing_count[len(values)] = not any(
            check(validator, parameter, focus, values) for _, check, parameter in self.per_count)
        return passes

    def value_passes(self, validator: Validator, focus: Term, value: Term) -> bool:
        alone = [value]
        for _, check, parameter in self.per_value:
            if check(validator, parameter, focus, alone):
                self.passing[value] = False
                return False
        self.passing[value] = True
        return True


def _restricted(constraint: SparqlConstraint, shape: Shape) -> str:
    """The constraint's query with $this restricted to the shape's target classes, when it has
    only those: a query free in $this may answer for every node of the graph, and Oxigraph
    drops the other nodes' rows sooner than Python. The restriction goes first in the query's
    own WHERE group, where it binds $this before the constraint's patterns are matched
    (joined from outside, the query was evaluated for every node first)."""
    classes = [value for kind, value in shape.targets if kind == "targetClass"]
    where = constraint.body.find("{")
    if len(classes) != len(shape.targets) or not classes or where < 0:
        return constraint.select
    values = " ".join(f"<{c.value}>" for c in classes)
    targets = (f"\n  {{ SELECT DISTINCT $this WHERE {{\n"
               f"      VALUES ?ictgraphTargetClass {{ {values} }}\n"
               f"      $this <{RDF_TYPE.value}>/<{SUBCLASS_OF.value}>* ?ictgraphTargetClass . }} }}")
    body = constraint.body
    return f"{constraint.prologue}\n{body[:where + 1]}{targets}{body[where + 1:]}"


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
