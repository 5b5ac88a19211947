"""A graph held in an Oxigraph store, read back with its literals as the graph wrote them.

The store may hold other triples beside the graph's (the reference data the build did not copy
into it): those `hidden` are left out of every lookup.

Oxigraph keeps a literal as its value, not as written: "5"^^xsd:positiveInteger comes back
as "5"^^xsd:integer, "1"^^xsd:boolean as "true", "x"@AR as "x"@ar. SHACL Core checks the
literal as written (sh:datatype xsd:positiveInteger fails on an xsd:integer), so a check of
triples read from a store would report every ordinal of the graph.

The build writes each literal of a property whose rdfs:range is an XSD datatype in that
datatype and in its canonical form (tests/test_validate_delta.py checks it on the bundled
graph); a literal read back is given its property's range again when that is what the store
made of it (restore). For rdf:object, the property is the node's rdf:predicate: an evidence
node's object is its statement's. unfaithful() finds the literals that would not survive the
trip, so that a caller can refuse triples for which reading back would not give what was
written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from ictgraph import ntriples as nt
from ictgraph.shacl.shapes import Path
from ictgraph.shacl.terms import RDF, RDFS, XSD, Term, Triple

_RANGE = ox.NamedNode(RDFS + "range")
_PREDICATE = ox.NamedNode(RDF + "predicate")
_OBJECT = ox.NamedNode(RDF + "object")
_XSD_STRING = XSD + "string"
_SCRATCH = "urn:ictgraph:scratch:"


class StoreView:
    """Lookups in the default graph of `store`, literals restored, each made once."""

    def __init__(self, store: ox.Store, hidden: Iterable[Triple] = ()) -> None:
        """`hidden`: triples of the store that are not the graph's (literals as the store
        keeps them)."""
        self.store = store
        self._graph = ox.DefaultGraph()
        self._hidden: dict[Term, set[tuple[Term, Term]]] = {}
        self._hidden_predicates: set[Term] = set()
        for s, p, o in hidden:
            self._hidden.setdefault(s, set()).add((p, o))
            self._hidden_predicates.add(p)
        # The properties whose range is an XSD datatype.
        self.ranges: dict[Term, ox.NamedNode] = {
            q.subject: q.object for q in store.quads_for_pattern(None, _RANGE, None, self._graph)
            if isinstance(q.object, ox.NamedNode) and q.object.value.startswith(XSD)}
        self._descriptions: dict[Term, dict[Term, list[Term]]] = {}
        self._objects: dict[tuple[Term, Term], list[Term]] = {}
        self._subjects: dict[tuple[Term, Term], list[Term]] = {}
        self._restored: dict[tuple[ox.Literal, ox.NamedNode], ox.Literal] = {}

    # --- literals

    def restore(self, predicate: Term, literal: ox.Literal) -> ox.Literal:
        """The literal as written, given what the store returned for a triple of `predicate`."""
        datatype = self.ranges.get(predicate)
        if datatype is None or literal.language or literal.datatype == datatype:
            return literal
        key = (literal, datatype)
        restored = self._restored.get(key)
        if restored is None:
            candidate = ox.Literal(literal.value, datatype=datatype)
            restored = candidate if canonical([candidate])[candidate] == literal else literal
            self._restored[key] = restored
        return restored

    def unfaithful(self, triples: Iterable[Triple]) -> list[Triple]:
        """The triples whose literal would not be read back as it is written here."""
        triples = list(triples)
        statements = {s: o for s, p, o in triples if p == _PREDICATE}
        literals = [t for t in triples if isinstance(t[2], ox.Literal)]
        stored = canonical(o for _, _, o in literals)
        return [(s, p, o) for s, p, o in literals
                if self.restore(statements.get(s, p) if p == _OBJECT else p, stored[o]) != o]

    # --- lookups (in the store's terms for IRIs, restored for literals)

    def description(self, node: Term) -> dict[Term, list[Term]]:
        """Every triple of the node as subject: predicate -> objects."""
        found = self._descriptions.get(node)
        if found is None:
            found = self._descriptions[node] = {}
            if not isinstance(node, ox.Literal):
                hidden = self._hidden.get(node, ())
                for quad in self.store.quads_for_pattern(node, None, None, self._graph):
                    if not hidden or (quad.predicate, quad.object) not in hidden:
                        found.setdefault(quad.predicate, []).append(quad.object)
                for predicate, objects in found.items():
                    if any(isinstance(o, ox.Literal) for o in objects):
                        found[predicate] = [self._restored_object(node, predicate, o) for o in objects]
        return found

    def objects(self, node: Term, predicate: Term) -> list[Term]:
        described = self._descriptions.get(node)
        if described is not None:
            return described.get(predicate, [])
        key = (node, predicate)
        found = self._objects.get(key)
        if found is None:
            found = [] if isinstance(node, ox.Literal) else [
                self._restored_object(node, predicate, q.object)
                for q in self.quads(node, predicate, None)]
            self._objects[key] = found
        return found

    def subjects(self, node: Term, predicate: Term) -> list[Term]:
        key = (node, predicate)
        found = self._subjects.get(key)
        if found is None:
            found = self._subjects[key] = [q.subject for q in self.quads(None, predicate, node)]
        return found

    def back(self, node: Term, path: Path) -> list[Term]:
        """The nodes from which `path` leads to `node`."""
        if path.inverse:
            return self.objects(node, path.predicate)
        return self.subjects(node, path.predicate)

    def values(self, node: Term, path: Path) -> list[Term]:
        """The nodes `path` leads to from `node`."""
        if path.inverse:
            return self.subjects(node, path.predicate)
        return self.objects(node, path.predicate)

    def links(self, node: Term, path: Path, value: Term) -> bool:
        """Whether `path` leads from `node` to `value`."""
        s, o = (value, node) if path.inverse else (node, value)
        return self.has(s, path.predicate, o)

    def has(self, s: Term, p: Term, o: Term) -> bool:
        return ox.Quad(s, p, o, self._graph) in self.store and not self._is_hidden(s, p, o)

    def triples_with(self, predicate: Term) -> list[Triple]:
        return [(q.subject, q.predicate, q.object) for q in self.quads(None, predicate, None)]

    def quads(self, s: Term | None, p: Term | None, o: Term | None) -> Iterator[ox.Quad]:
        """The store's quads of the graph matching the pattern (literals as the store keeps
        them)."""
        quads = self.store.quads_for_pattern(s, p, o, self._graph)
        if (not self._hidden or (s is not None and s not in self._hidden)
                or (p is not None and p not in self._hidden_predicates)):
            return iter(quads)
        hidden = self._hidden
        return (q for q in quads if q.subject not in hidden
                or (q.predicate, q.object) not in hidden[q.subject])

    def _is_hidden(self, s: Term, p: Term, o: Term) -> bool:
        hidden = self._hidden.get(s)
        return bool(hidden) and (p, o) in hidden

    def _restored_object(self, node: Term, predicate: Term, obj: Term) -> Term:
        if not isinstance(obj, ox.Literal):
            return obj
        if predicate == _OBJECT:  # the object of the statement the node describes
            statement = self.objects(node, _PREDICATE)
            if len(statement) == 1:
                predicate = statement[0]
        return self.restore(predicate, obj)


def canonical(literals: Iterable[ox.Literal]) -> dict[ox.Literal, ox.Literal]:
    """Each literal as an Oxigraph store returns it (through a store of their own)."""
    distinct = list(dict.fromkeys(literals))
    if not distinct:
        return {}
    scratch = ox.Store()
    predicate = ox.NamedNode(_SCRATCH + "value")
    scratch.extend(ox.Quad(ox.NamedNode(f"{_SCRATCH}{i}"), predicate, literal)
                   for i, literal in enumerate(distinct))
    return {distinct[int(q.subject.value[len(_SCRATCH):])]: q.object
            for q in scratch.quads_for_pattern(None, predicate, None)}


def ntriples_term(term: Term) -> nt.Term:
    """An engine term as the build writes it (ntriples.py)."""
    if isinstance(term, ox.NamedNode):
        return nt.iri(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return nt.literal(term.value, term.language)
        if term.datatype.value == _XSD_STRING:
            return nt.literal(term.value)
        return nt.typed(term.value, term.datatype.value)
    return f"_:{term.value}"
