"""A sorted Turtle writer: the same graph always gives the same bytes.

rdflib's serializer orders subjects by class and picks its own prefixes; this
writer sorts subjects, predicates (rdf:type first) and objects by their
strings, declares only the project prefixes it uses, and never needs blank
nodes (the graph has none by design).
"""

from __future__ import annotations

import re
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ictgraph.namespaces import PREFIXES, RDF

# A conservative subset of Turtle's PN_LOCAL: anything else is written as a full IRI.
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")
# Characters Turtle forbids inside <...>; they are written as \\uXXXX.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')


def _escape_string(text: str) -> str:
    return _STRING_SPECIAL.sub(
        lambda m: _STRING_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


class _Writer:
    def __init__(self) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.namespaces = sorted(((name, str(ns)) for name, ns in PREFIXES.items()),
                                 key=lambda item: (-len(item[1]), item[0]))
        self.used: set[str] = set()
        self.written: dict[str, str] = {}

    def iri(self, iri: URIRef) -> str:
        text = str(iri)
        if text not in self.written:
            self.written[text] = self._compact(text)
        return self.written[text]

    def _compact(self, text: str) -> str:
        for name, namespace in self.namespaces:
            if text.startswith(namespace) and _LOCAL_NAME.fullmatch(text[len(namespace):]):
                self.used.add(name)
                return f"{name}:{text[len(namespace):]}"
        return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">"

    def literal(self, literal: Literal) -> str:
        text = f'"{_escape_string(str(literal))}"'
        if literal.language:
            if not _LANGUAGE_TAG.fullmatch(literal.language):
                raise ValueError(f"invalid language tag: {literal.language!r}")
            return f"{text}@{literal.language}"
        if literal.datatype is not None:
            return f"{text}^^{self.iri(literal.datatype)}"
        return text

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            return self.iri(term)
        if isinstance(term, Literal):
            return self.literal(term)
        raise ValueError(f"cannot write {term!r}: the graph must have no blank nodes")


def _object_order(term: Node) -> tuple:
    if isinstance(term, Literal):
        return (1, str(term), term.language or "", str(term.datatype or ""))
    return (0, str(term), "", "")


def serialize_turtle(graph: Graph) -> bytes:
    """Deterministic UTF-8 Turtle: sorted subjects, predicates (rdf:type first) and objects."""
    statements: dict[URIRef, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for subject, predicate, obj in graph:
        if not isinstance(subject, URIRef) or not isinstance(predicate, URIRef):
            raise ValueError(f"cannot write subject {subject!r}: the graph must have no blank nodes")
        statements[subject][predicate].append(obj)

    writer = _Writer()
    blocks: list[str] = []
    for subject in sorted(statements, key=str):
        properties = statements[subject]
        lines = []
        for predicate in sorted(properties, key=lambda p: (p != RDF.type, str(p))):
            verb = "a" if predicate == RDF.type else writer.iri(predicate)
            objects = [writer.term(o) for o in sorted(properties[predicate], key=_object_order)]
            lines.append(f"    {verb} " + " ,\n        ".join(objects))
        blocks.append(f"{writer.iri(subject)}\n" + " ;\n".join(lines) + " .\n")

    header = "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(writer.used))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")
