"""The data graph, indexed for SHACL: a node's values of a predicate in one lookup."""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Iterator, Mapping

import pyoxigraph as ox

from ictgraph.shacl.terms import RDF_FIRST, RDF_NIL, RDF_REST, RDF_TYPE, SUBCLASS_OF, Term, Triple


class DataGraph:
    """Subject → predicate → objects, plus the reverse index for the predicates that
    need it (inverse paths, targets by type, sh:targetObjectsOf).

    Only one direction is kept for most predicates: on a million triples the full
    reverse index would double the memory for lookups no shape makes.
    """

    def __init__(self, triples: Iterable[Triple] = (), reverse: Iterable[Term] = (), *,
                 distinct: Iterable[Triple] = ()) -> None:
        """The graph of `distinct` and `triples`. `distinct` is taken as it comes: its caller
        knows it holds no triple twice (the build's triple set: millions of triples, which
        a set to find duplicates would double); `triples` may repeat them or each other."""
        self._out: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        reverse = set(reverse) | {RDF_TYPE, SUBCLASS_OF}
        self._reverse = reverse
        out, into = self._out, self._in
        size = 0
        for s, p, o in distinct:
            out[s][p].append(o)
            if p in reverse:
                into[o][p].append(s)
            size += 1
        given = size > 0
        seen: set[Triple] = set()
        for triple in triples:
            if triple in seen:
                continue
            seen.add(triple)
            s, p, o = triple
            objects = out[s][p]
            if given and o in objects:  # also among `distinct` (ontology and data rarely share)
                continue
            objects.append(o)
            if p in reverse:
                into[o][p].append(s)
            size += 1
        self._size = size
        self._superclasses: dict[Term, frozenset[Term]] = {}
        self._sets: dict[int, set[Term]] = {}  # long value lists by id, for has()

    def describe(self, descriptions: Iterable[tuple[Term, dict[Term, list[Term]]]]) -> None:
        """Add subjects' whole descriptions (predicate → distinct objects), for subjects no
        triple has yet: many small descriptions known whole (evidence nodes) cost a dict
        each instead of a lookup and an append per triple. Kept as given."""
        out, into, reverse = self._out, self._in, self._reverse
        size = 0
        for subject, description in descriptions:
            if out.setdefault(subject, description) is not description:
                raise ValueError(f"{subject} is described already")
            # The reverse-indexed predicates (a few) looked up, or the node's if fewer.
            if len(reverse) < len(description):
                indexed = [(p, description[p]) for p in reverse if p in description]
            else:
                indexed = [(p, objects) for p, objects in description.items() if p in reverse]
            for predicate, objects in indexed:
                for obj in objects:
                    into[obj][predicate].append(subject)
            size += sum(map(len, description.values()))
        self._size += size

    def __len__(self) -> int:
        return self._size

    def triples(self) -> Iterator[Triple]:
        for s, values in self._out.items():
            for p, objects in values.items():
                for o in objects:
                    yield s, p, o

    def objects(self, subject: Term, predicate: Term) -> list[Term]:
        values = self._out.get(subject)
        return values.get(predicate, []) if values else []

    @property
    def descriptions(self) -> Mapping[Term, dict[Term, list[Term]]]:
        """Subject -> its description (see description), for callers that look up millions
        (not to be mutated)."""
        return self._out

    def description(self, subject: Term) -> dict[Term, list[Term]]:
        """Every predicate of the subject with its objects (not to be mutated): one lookup
        where a check reads several of its predicates."""
        return self._out.get(subject) or {}

    def subjects(self, predicate: Term, obj: Term) -> list[Term]:
        if predicate not in self._reverse:
            raise KeyError(f"no reverse index for {predicate}")
        values = self._in.get(obj)
        return values.get(predicate, []) if values else []

    def predicates(self, subject: Term) -> Iterator[Term]:
        return iter(self._out.get(subject, {}))

    def has(self, subject: Term, predicate: Term, obj: Term) -> bool:
        values = self._out.get(subject)
        objects = values.get(predicate) if values else None
        if not objects:
            return False
        if len(objects) < 16:
            return obj in objects
        # A hub (a committee's thousands of evidence links) is asked once per value: a
        # list scan each time made checking every evidence node quadratic. Keyed by the
        # list, which the graph keeps: no term to hash.
        found = self._sets.get(id(objects))
        if found is None:
            found = self._sets[id(objects)] = set(objects)
        return obj in found

    def subjects_of(self, predicate: Term) -> list[Term]:
        return [s for s, values in self._out.items() if predicate in values]

    def objects_of(self, predicate: Term) -> list[Term]:
        return [o for o, values in self._in.items() if predicate in values]

    # --- classes, following rdfs:subClassOf in the data graph as SHACL says

    def superclasses(self, cls: Term) -> frozenset[Term]:
        """cls and every class it is a subclass of (transitively)."""
        known = self._superclasses.get(cls)
        if known is None:
            found, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), SUBCLASS_OF):
                    if parent not in found:
                        found.add(parent)
                        todo.append(parent)
            known = self._superclasses[cls] = frozenset(found)
        return known

    def is_instance(self, node: Term, cls: Term) -> bool:
        values = self._out.get(node)
        types = values.get(RDF_TYPE) if values else None
        if not types:
            return False
        # Asked once per value of every sh:class (hundreds of thousands of evidence links):
        # the type itself first, the superclass closure only when that fails.
        if cls in types:
            return True
        superclasses = self.superclasses
        return any(cls in superclasses(t) for t in types)

    def instances(self, cls: Term) -> list[Term]:
        """Every node typed cls or one of its subclasses."""
        classes, todo, found = {cls}, [cls], []
        while todo:
            for child in self.subjects(SUBCLASS_OF, todo.pop()):
                if child not in classes:
                    classes.add(child)
                    todo.append(child)
        seen: set[Term] = set()
        for c in sorted(classes, key=str):
            for node in self.subjects(RDF_TYPE, c):
                if node not in seen:
                    seen.add(node)
                    found.append(node)
        return found

    def rdf_list(self, head: Term) -> list[Term]:
        items: list[Term] = []
        while head != RDF_NIL and len(items) < 10_000:
            first = self.objects(head, RDF_FIRST)
            if not first:
                break
            items.append(first[0])
            rest = self.objects(head, RDF_REST)
            if not rest:
                break
            head = rest[0]
        return items

    def quads(self) -> Iterator[ox.Quad]:
        for s, p, o in self.triples():
            yield ox.Quad(s, p, o, ox.DefaultGraph())
