"""What checking a focus node reads of the data graph, derived from the compiled shapes.

Checking a focus node against a shape (engine.py) reads:
- the node's values along the shape's path and its property shapes' paths: the triples
  (node, p, value), or (value, p, node) for an sh:inversePath;
- each value's rdf:type for sh:class (and the ontology's rdfs:subClassOf, which an
  incremental check takes as fixed);
- the node's values of the other property of an sh:lessThan;
- around each value, whatever a nested shape reads (sh:node, sh:not, sh:and, sh:or,
  sh:qualifiedValueShape: the value is that shape's focus node);
- what a natively evaluated SPARQL constraint declares it reads (native.Reads);
- for the targets: the node's types (sh:targetClass), its values or subjects of a
  predicate (sh:targetSubjectsOf, sh:targetObjectsOf).

ReadGraph holds that as a graph of positions: a position is where a shape's focus node,
or its values, sit relative to a top shape's focus node; it says which triples of the node
there are read (as subject: predicates in `out`, or all of them; as object: `into`), and is
linked to the positions of the values along a path (a step), and to those of the same node
under another shape (a property shape, a nested shape). A recursive shape makes a cycle.

So a triple can change the check of a focus node only if some position reads it and the
node at that position is reached from the focus node by the steps leading there:
affected() follows the steps backwards from the triple's subject (or object), noting on the
way which values of a step lead to a changed read (or were linked by an added triple).

A property shape checked right under a top node shape whose constraints each judge one value
or count them (no sh:qualifiedValueShape) is "prunable": on a focus node that was checked
before (by the same targets), a value whose link and reads did not change passed then and
passes now, so only the changed values need their checks (and their neighbourhoods read).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from ictgraph.errors import IctgraphError
from ictgraph.shacl.engine import PER_VALUE
from ictgraph.shacl.native import IMPLEMENTATIONS, Reads
from ictgraph.shacl.shapes import Path, Shape, ShapesGraph, nested_shapes
from ictgraph.shacl.terms import RDF_TYPE, Term

# Data nodes one step back or forward: (node, path) -> nodes.
Neighbours = Callable[[Term, Path], Iterable[Term]]


def unvisited(todo: list[tuple[Term, Position]]) -> Iterator[tuple[Term, Position]]:
    """The (node, position) pairs of a work list, each once, last added first; the caller may
    add to the list while it walks."""
    seen: set[tuple[Term, int]] = set()
    while todo:
        node, position = todo.pop()
        key = (node, id(position))
        if key not in seen:
            seen.add(key)
            yield node, position


class NotLocal(IctgraphError):
    """What the shapes read cannot be bounded to the neighbourhood of a focus node."""


# How the values along a step may be pruned when a focus node was checked before (prune):
# to those whose link or own reads changed; and, for a rows_per_triple native constraint, to
# those too that name one of the node's added triples.
CHANGED, NAMING = "changed", "naming"
# The constraints that read only the list of values, not what is around each value (besides
# those that judge each value alone: engine.PER_VALUE).
_LIST_ONLY = frozenset({"minCount", "maxCount", "uniqueLang", "hasValue", "lessThan"})


class Position:
    """Where a node sits relative to a top shape's focus node, and what is read of it."""

    __slots__ = ("out", "into", "every_out", "per_triple", "direct", "steps", "same", "back",
                 "top", "prune", "whole_list")

    def __init__(self) -> None:
        self.out: set[Term] = set()  # predicates of which the node's values are read
        self.into: set[Term] = set()  # predicates of which the node's subjects are read
        self.every_out = False  # every triple of the node as subject
        self.per_triple = False  # ... for the rows of a rows_per_triple native constraint
        self.direct: set[Term] = set()  # the predicates of `out` read other than by a step
        self.steps: list[tuple[Path, Position]] = []  # the values along a path
        self.same: list[tuple[Position, bool]] = []  # the node under another shape (a property?)
        self.back: list[tuple[Path | None, Position]] = []  # the links into this position
        self.top: list[Shape] = []  # the top shapes whose focus node sits here
        # For a position of values: CHANGED, NAMING or None; whether, pruned, the list of all
        # values is still needed (a count of them ...).
        self.prune: str | None = None
        self.whole_list = True

    def read(self, predicate: Term) -> None:
        self.out.add(predicate)
        self.direct.add(predicate)

    def step(self, path: Path, child: Position) -> None:
        (self.into if path.inverse else self.out).add(path.predicate)
        self.steps.append((path, child))
        child.back.append((path, self))

    def join(self, other: Position, property_shape: bool) -> None:
        self.same.append((other, property_shape))
        other.back.append((None, self))


class Affected:
    """What the backward walk found: the nodes whose checks read an added triple, and, per
    position of values and node, the values whose link was added or whose reads changed."""

    def __init__(self) -> None:
        self.nodes: set[Term] = set()
        self.changed: dict[tuple[int, Term], set[Term]] = {}

    def mark(self, position: Position, node: Term, value: Term) -> None:
        self.changed.setdefault((id(position), node), set()).add(value)


class ReadGraph:
    """The positions of the checked shapes (a ShapesGraph's top shapes and all they reach)."""

    def __init__(self, shapes: ShapesGraph) -> None:
        self._focus: dict[int, Position] = {}
        self.positions: list[Position] = []
        self.roots: dict[int, Position] = {}  # by id of the top shape
        self.values_of: dict[int, Position] = {}  # a shape's values, by id of the shape
        self.target_out: set[Term] = set()  # what the targets read: a focus node's values
        self.target_into: set[Term] = set()  # ... and subjects
        self._shapes: dict[int, Shape] = {}
        for shape in shapes.shapes:
            root = self._focus_position(shape, nested=False)
            root.top.append(shape)
            self.roots[id(shape)] = root
            for kind, value in shape.targets:
                if kind == "targetClass":
                    self.target_out.add(RDF_TYPE)
                elif kind == "targetSubjectsOf":
                    self.target_out.add(value)
                elif kind == "targetObjectsOf":
                    self.target_into.add(value)
        for root in self.roots.values():
            for predicate in self.target_out:
                root.read(predicate)
            root.into |= self.target_into
        self._mark_prunable()
        # Which positions read a triple, by its predicate; which steps follow it.
        self._by_out: dict[Term, list[Position]] = {}
        self._by_into: dict[Term, list[Position]] = {}
        self._steps: dict[tuple[Term, bool], list[Position]] = {}
        self._every_out = [p for p in self.positions if p.every_out]
        for position in self.positions:
            for predicate in position.out:
                self._by_out.setdefault(predicate, []).append(position)
            for predicate in position.into:
                self._by_into.setdefault(predicate, []).append(position)
            for path, child in position.steps:
                self._steps.setdefault((path.predicate, path.inverse), []).append(child)

    def _new(self) -> Position:
        position = Position()
        self.positions.append(position)
        return position

    def _focus_position(self, shape: Shape, nested: bool) -> Position:
        """The position of the shape's focus node (made once per shape); `nested`: the shape
        is a constraint's parameter, whose SPARQL constraints the engine runs too."""
        if nested and shape.sparql:
            raise NotLocal(f"shape {shape.node}: a nested shape with SPARQL constraints")
        known = self._focus.get(id(shape))
        if known is not None:
            return known
        focus = self._focus[id(shape)] = self._new()
        self._shapes[id(shape)] = shape
        if not shape.deactivated:
            self._core(shape, focus)
        for constraint in shape.sparql:
            if constraint.native is None:
                continue  # a top shape's: checked on the whole store
            reads = IMPLEMENTATIONS[constraint.native].reads
            if reads is None:
                raise NotLocal(f"shape {shape.node}: the SPARQL constraint {constraint.node} "
                               "reads more than paths from its focus node")
            self._declared(focus, reads, NAMING if reads.rows_per_triple else None)
            focus.per_triple |= reads.rows_per_triple and reads.every_out
        return focus

    def _core(self, shape: Shape, focus: Position) -> None:
        values = focus
        if shape.path is not None:
            values = self.values_of[id(shape)] = self._new()
            focus.step(shape.path, values)
        for name, parameter in shape.constraints:
            if name == "class":
                values.read(RDF_TYPE)
            elif name == "lessThan":
                focus.read(parameter)
            for inner in nested_shapes(parameter):
                values.join(self._focus_position(inner, nested=True), False)
        for prop in shape.properties:  # their SPARQL constraints are not run (engine check())
            values.join(self._focus_position(prop, nested=False), True)

    def _declared(self, position: Position, reads: Reads, prune: str | None) -> None:
        for predicate in reads.out:
            position.read(predicate)
        position.into |= reads.into
        position.every_out |= reads.every_out
        for predicate, inverse, inner in reads.steps:
            child = self._new()
            if prune is not None:
                child.prune, child.whole_list = prune, False
            position.step(Path(predicate, inverse), child)
            self._declared(child, inner, None)

    def _mark_prunable(self) -> None:
        """A property shape whose check is reported only right under a top node shape, and
        whose constraints on the values are each about one value or count them: on a focus
        node checked before, its values that did not change passed then and pass now (the
        engine's changed_values). The steps of a native constraint stay prunable (NAMING)
        only at a top shape's focus."""
        direct: set[int] = set()  # positions reached as a property of a top node shape
        other: set[int] = set()  # ... otherwise
        todo = [(root, True) for root in self.roots.values()]
        seen: set[tuple[int, bool]] = set()
        while todo:
            position, at_root = todo.pop()
            if (id(position), at_root) in seen:
                continue
            seen.add((id(position), at_root))
            for child, property_shape in position.same:
                (direct if at_root and property_shape else other).add(id(child))
                todo.append((child, False))
            for _, child in position.steps:
                other.add(id(child))
                todo.append((child, False))
        for shape_id, values in self.values_of.items():
            shape = self._shapes[shape_id]
            focus = self._focus[shape_id]
            names = {name for name, _ in shape.constraints}
            if id(focus) in direct and id(focus) not in other and names <= PER_VALUE | _LIST_ONLY:
                values.prune = CHANGED
                values.whole_list = bool(names & _LIST_ONLY)
        for root in self.roots.values():
            if id(root) in other:  # a top shape also nested: its native steps are not pruned
                root.per_triple = False
                for _, child in root.steps:
                    if child.prune == NAMING:
                        child.prune, child.whole_list = None, True

    # --- the affected focus nodes

    def readers(self, triple: tuple[Term, Term, Term]) -> Iterator[tuple[Term, Position]]:
        """The (node, position) pairs at which a check would read the triple."""
        s, p, o = triple
        for position in self._every_out:
            yield s, position
        for position in self._by_out.get(p, ()):
            if not position.every_out:
                yield s, position
        for position in self._by_into.get(p, ()):
            yield o, position

    def affected(self, triples: Iterable[tuple[Term, Term, Term]], back: Neighbours) -> Affected:
        """The nodes whose check by some top shape may read one of the triples: those from
        which the node reading it is reached by the steps leading to its position, in the
        data graph `back` looks into (back(node, path): the nodes from which `path` leads to
        node). A superset of the focus nodes of the top shapes among them: the caller checks
        only those. With them, the values that changed (Affected)."""
        triples = list(triples)
        found = Affected()
        for s, p, o in triples:  # a link added: its value changed
            for child in self._steps.get((p, False), ()):
                found.mark(child, s, o)
            for child in self._steps.get((p, True), ()):
                found.mark(child, o, s)
        todo = [pair for triple in triples for pair in self.readers(triple)]
        for node, position in unvisited(todo):
            if position.top:
                found.nodes.add(node)
            for path, parent in position.back:
                if path is None:
                    todo.append((node, parent))
                    continue
                for previous in back(node, path):
                    found.mark(position, previous, node)
                    todo.append((previous, parent))
        return found

    def retargeted(self, triples: Iterable[tuple[Term, Term, Term]]) -> set[Term]:
        """The nodes whose targets an added triple may change: checked whole, not as before."""
        found = set()
        for s, p, o in triples:
            if p in self.target_out:
                found.add(s)
            if p in self.target_into:
                found.add(o)
        return found


