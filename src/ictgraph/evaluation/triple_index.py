"""The graph being scored: RDF files read by Oxigraph's parser into a small read-only index.

rdflib's parser and store took most of an evaluation of a large graph (23 s of 33 s for 500
articles); Oxigraph parses about ten times faster, and the evaluator only looks triples up by
subject and predicate, or by predicate and object. The terms are rdflib's, made with rdflib's
constructors, so literals are normalised as rdflib's own parser does ("05"^^xsd:integer is "5").
Unlike rdflib's parser, Oxigraph's writes language tags in lower case (they are
case-insensitive) and reads "x"^^xsd:string as the plain literal "x" (the same in RDF 1.1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ictgraph.collector import collector_paused
from ictgraph.errors import InputError

Triple = tuple[Node, Node, Node]

_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
# Suffixes Oxigraph does not know but rdflib read as RDF/XML; anything unknown is Turtle.
_EXTRA_FORMATS = {"owl": ox.RdfFormat.RDF_XML}


class TripleIndex:
    """A set of triples with the lookups the evaluator makes, each a dictionary access."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        # subject → predicate → objects, a dict used as an ordered set.
        self._objects: dict[Node, dict[Node, dict[Node, None]]] = {}
        # Made from _objects for a predicate the first time it is asked for:
        # predicate → (subject, object) pairs, and predicate → object → subjects.
        self._pairs: dict[Node, list[tuple[Node, Node]]] = {}
        self._subjects: dict[Node, dict[Node, list[Node]]] = {}
        self.add_all(triples)

    def add_all(self, triples: Iterable[Triple]) -> None:
        index = self._objects
        for subject, predicate, obj in triples:
            by_predicate = index.get(subject)
            if by_predicate is None:
                by_predicate = index[subject] = {}
            objects = by_predicate.get(predicate)
            if objects is None:
                by_predicate[predicate] = {obj: None}
            else:
                objects[obj] = None
        self._pairs.clear()
        self._subjects.clear()

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        by_predicate = self._objects.get(subject)
        return list(by_predicate.get(predicate, ())) if by_predicate else []

    def value(self, subject: Node, predicate: Node) -> Node | None:
        """One object of (subject, predicate), or None."""
        by_predicate = self._objects.get(subject)
        objects = by_predicate.get(predicate) if by_predicate else None
        return next(iter(objects)) if objects else None

    def subject_objects(self, predicate: Node) -> list[tuple[Node, Node]]:
        pairs = self._pairs.get(predicate)
        if pairs is None:
            pairs = self._pairs[predicate] = [
                (subject, obj) for subject, by_predicate in self._objects.items()
                for obj in by_predicate.get(predicate, ())]
        return list(pairs)

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        index = self._subjects.get(predicate)
        if index is None:
            index = self._subjects[predicate] = defaultdict(list)
            for subject, value in self.subject_objects(predicate):
                index[value].append(subject)
        return list(index.get(obj, ()))

    def __contains__(self, triple: Triple) -> bool:
        subject, predicate, obj = triple
        by_predicate = self._objects.get(subject)
        return bool(by_predicate) and obj in by_predicate.get(predicate, ())

    def __iter__(self) -> Iterator[Triple]:
        for subject, by_predicate in self._objects.items():
            for predicate, objects in by_predicate.items():
                for obj in objects:
                    yield subject, predicate, obj

    def __len__(self) -> int:
        return sum(len(objects) for by_predicate in self._objects.values()
                   for objects in by_predicate.values())


def load_triples(paths: Iterable[Path]) -> TripleIndex:
    """The triples of RDF files, merged."""
    index = TripleIndex()
    to_rdflib = _TermConverter()  # shared: an IRI or literal in two files becomes one object
    with collector_paused():
        for path in paths:
            index.add_all(read_rdf_file(path, to_rdflib))
    return index


def read_rdf_file(path: Path, to_rdflib: _TermConverter | None = None) -> list[Triple]:
    """The triples of an RDF file (format from the suffix, Turtle when unknown), as rdflib terms."""
    suffix = path.suffix.lower().lstrip(".")
    rdf_format = (_EXTRA_FORMATS.get(suffix) or ox.RdfFormat.from_extension(suffix)
                  or ox.RdfFormat.TURTLE)
    to_rdflib = to_rdflib or _TermConverter()
    to_rdflib.start_file()
    try:
        quads = ox.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri())
        return [(to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
                for quad in quads]
    except (SyntaxError, ValueError, OSError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path}: cannot parse RDF: {reason[:300]}") from exc


class _TermConverter:
    """Oxigraph terms to rdflib terms; terms repeat a lot, so each is converted once."""

    def __init__(self) -> None:
        self._cache: dict[object, Node] = {}
        self._blank_nodes: dict[object, Node] = {}
        self._files = 0

    def start_file(self) -> None:
        """A blank node label names one node within one file only."""
        self._blank_nodes = {}
        self._files += 1

    def __call__(self, term: object) -> Node:
        node = self._cache.get(term)
        if node is None:
            if isinstance(term, ox.BlankNode):
                node = self._blank_nodes.get(term)
                if node is None:
                    # Numbered in reading order: Oxigraph names anonymous nodes at random.
                    node = self._blank_nodes[term] = BNode(
                        f"f{self._files}b{len(self._blank_nodes) + 1}")
                return node
            node = self._cache[term] = _to_rdflib(term)
        return node


def _to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError(f"unsupported RDF term {term!r}")  # RDF-star quoted triples
