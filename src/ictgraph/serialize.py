"""A sorted Turtle writer: the same graph always gives the same bytes.

rdflib's serializer orders subjects by class and picks its own prefixes; this
writer sorts subjects, predicates (rdf:type first) and objects by their
values, declares only the project prefixes it uses, and never needs blank
nodes (the graph has none by design). It takes N-Triples terms (ntriples.py),
whose literal syntax is also Turtle's, so a literal is printed as it comes
with only its datatype compacted.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import BinaryIO

from ictgraph import ntriples as nt
from ictgraph.namespaces import PREFIXES, RDF
from ictgraph.ntriples import Term, Triple

# A conservative subset of Turtle's PN_LOCAL: anything else is written as a full IRI.
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_TYPE = nt.iri(str(RDF.type))


class _Writer:
    def __init__(self) -> None:
        # Longest namespace first, so the most specific prefix wins.
        self.namespaces = sorted(((name, str(ns)) for name, ns in PREFIXES.items()),
                                 key=lambda item: (-len(item[1]), item[0]))
        self.used: set[str] = set()
        self.written: dict[Term, str] = {}

    def iri(self, term: Term) -> str:
        written = self.written.get(term)
        if written is None:
            written = self.written[term] = self._compact(term)
        return written

    def _compact(self, term: Term) -> str:
        text = term[1:-1]  # escaped; no namespace or local name contains an escape
        for name, namespace in self.namespaces:
            if text.startswith(namespace) and _LOCAL_NAME.fullmatch(text[len(namespace):]):
                self.used.add(name)
                return f"{name}:{text[len(namespace):]}"
        return term

    def note(self, term: Term) -> None:
        """Compact the IRIs of a term (itself, or a literal's datatype) without writing it."""
        if term[0] == "<":
            self.iri(term)
        elif term[-1] == ">":  # a typed literal: "..."^^<datatype>
            self.iri(term[term.rindex('"') + 3:])

    def term(self, term: Term) -> str:
        if term[0] == "<":
            return self.iri(term)
        if term[0] != '"':
            raise ValueError(f"cannot write {term!r}: the graph must have no blank nodes")
        close = term.rindex('"')
        suffix = term[close + 1:]
        if suffix.startswith("^^"):
            return term[:close + 1] + "^^" + self.iri(suffix[2:])
        return term


def _object_order(term: Term) -> tuple:
    if nt.is_iri(term):
        return (0, nt.iri_value(term), "", "")
    lexical, language, datatype = nt.literal_parts(term)
    return (1, lexical, language or "", datatype or "")


def serialize_turtle(triples: Iterable[Triple]) -> bytes:
    """Deterministic UTF-8 Turtle: sorted subjects, predicates (rdf:type first) and objects."""
    buffer = io.BytesIO()
    write_turtle(triples, buffer)
    return buffer.getvalue()


def write_turtle(triples: Iterable[Triple], stream: BinaryIO, chunk: int = 4096) -> None:
    """serialize_turtle() written to a binary stream a chunk of subjects at a time: on a large
    graph the whole text, its blocks and its bytes together took more memory than the graph."""
    by_subject: dict[Term, list[tuple[Term, Term]]] = {}
    for subject, predicate, obj in triples:
        pairs = by_subject.get(subject)
        if pairs is None:
            if subject[0] != "<":
                raise ValueError(f"cannot write subject {subject!r}: the graph must have no blank nodes")
            pairs = by_subject[subject] = []
        pairs.append((predicate, obj))
    subjects = sorted(by_subject, key=nt.iri_value)

    writer = _Writer()
    # The header declares the prefixes the graph uses, so every IRI is compacted first (the
    # writer keeps the compacted forms for the blocks).
    for subject in subjects:
        writer.iri(subject)
        for predicate, obj in by_subject[subject]:
            writer.note(predicate)
            writer.note(obj)
    header = "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(writer.used))
    stream.write((header + "\n").encode("utf-8"))

    # Sort keys are made once per distinct term: objects repeat (classes, offsets, documents).
    predicate_keys: dict[Term, tuple] = {}
    object_keys: dict[Term, tuple] = {}

    def order(pair: tuple[Term, Term]) -> tuple:
        predicate, obj = pair
        key = predicate_keys.get(predicate)
        if key is None:
            if predicate[0] != "<":
                raise ValueError(f"cannot write predicate {predicate!r}: it must be an IRI")
            key = predicate_keys[predicate] = (predicate != _TYPE, nt.iri_value(predicate))
        value = object_keys.get(obj)
        if value is None:
            value = object_keys[obj] = _object_order(obj)
        return key, value

    blocks: list[str] = []
    for index, subject in enumerate(subjects):
        pairs = sorted(by_subject[subject], key=order)
        lines: list[str] = []
        current = None
        for predicate, obj in pairs:
            if predicate != current:
                current = predicate
                verb = "a" if predicate == _TYPE else writer.iri(predicate)
                lines.append(f"    {verb} {writer.term(obj)}")
            else:
                lines[-1] += f" ,\n        {writer.term(obj)}"
        # Blocks are separated by an empty line.
        blocks.append(("\n" if index else "") + f"{writer.iri(subject)}\n" + " ;\n".join(lines) + " .\n")
        if len(blocks) == chunk:
            stream.write("".join(blocks).encode("utf-8"))
            blocks.clear()
    stream.write("".join(blocks).encode("utf-8"))
