"""A sorted Turtle writer: the same graph always gives the same bytes.

rdflib's serializer orders subjects by class and picks its own prefixes; this
writer sorts subjects, predicates (rdf:type first) and objects by their
values, declares only the project prefixes it uses, and never needs blank
nodes (the graph has none by design). It takes N-Triples terms (ntriples.py),
whose literal syntax is also Turtle's, so a literal is printed as it comes
with only its datatype compacted.

Speed (4.3 million triples at 10,000 articles): terms repeat (predicates,
classes, documents, offsets), so every per-term step (sort key, compacted text,
prefix use, UTF-8 bytes) is done once per distinct term. A subject's pairs are
then plain ints (predicate rank, object rank) sorted without a key function,
and each chunk of blocks is joined as bytes. What remains is mostly memory
latency: the triples come in hash order, scattered over the heap.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import BinaryIO

from ictgraph import ntriples as nt
from ictgraph.collector import collector_paused
from ictgraph.namespaces import PREFIXES, RDF
from ictgraph.ntriples import Term, Triple

# A conservative subset of Turtle's PN_LOCAL: anything else is written as a full IRI.
_LOCAL_NAME = r"[A-Za-z_][A-Za-z0-9_-]*"
_TYPE = nt.iri(str(RDF.type))

_NEXT_OBJECT = b" ,\n        "  # another object of the same predicate
_END_BLOCK = b" .\n\n"  # blocks are separated by an empty line
_END_LAST_BLOCK = b" .\n"
_get_predicate = itemgetter(1)
_get_object = itemgetter(2)


class _Compactor:
    """Prefixed names for IRI terms, remembering which prefixes were used."""

    def __init__(self) -> None:
        # Longest namespace first, so the most specific prefix wins.
        namespaces = sorted(((name, str(ns)) for name, ns in PREFIXES.items()),
                            key=lambda item: (-len(item[1]), item[0]))
        self._names: dict[str, str] = {}
        for name, namespace in namespaces:
            self._names.setdefault(namespace, name)
        # One regex for all namespaces: its alternatives are tried in the order above, and when
        # the rest of the IRI is no local name it backtracks to the next (shorter) namespace.
        # The term is escaped text; no namespace or local name contains an escape.
        alternatives = "|".join(re.escape(namespace) for namespace in self._names)
        self._prefixed = re.compile(f"<({alternatives})({_LOCAL_NAME})>")
        self.used: set[str] = set()

    def iri(self, term: Term) -> str:
        match = self._prefixed.fullmatch(term)
        if match is None:
            return term
        name = self._names[match[1]]
        self.used.add(name)
        return f"{name}:{match[2]}"

    def term(self, term: Term) -> str:
        if term[0] == "<":
            return self.iri(term)
        if term[0] != '"':
            raise ValueError(f"cannot write {term!r}: the graph must have no blank nodes")
        close = term.rindex('"')
        if term.startswith("^^", close + 1):
            return term[:close + 1] + "^^" + self.iri(term[close + 3:])
        return term


def _predicate_order(term: Term) -> tuple[bool, str]:
    return term != _TYPE, nt.iri_value(term)


def _literal_order(term: Term) -> tuple[str, str, str]:
    lexical, language, datatype = nt.literal_parts(term)
    return lexical, language or "", datatype or ""


def _sorted_objects(objects: set[Term]) -> list[Term]:
    """IRIs by value, then literals by lexical form, language and datatype."""
    iris = sorted((term for term in objects if term[0] == "<"), key=nt.iri_value)
    literals = [term for term in objects if term[0] != "<"]
    for term in literals:
        if term[0] != '"':
            raise ValueError(f"cannot write {term!r}: the graph must have no blank nodes")
    literals.sort(key=_literal_order)
    return iris + literals


def _group_by_subject(triples: Iterable[Triple]) -> dict[Term, list[Triple]]:
    # The triples themselves are kept, not new (predicate, object) tuples: they are alive anyway.
    by_subject: defaultdict[Term, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[triple[0]].append(triple)
    for subject in by_subject:
        if subject[0] != "<":
            raise ValueError(
                f"cannot write subject {subject!r}: the graph must have no blank nodes")
    return by_subject


def _predicates_and_objects(by_subject: dict[Term, list[Triple]]) -> tuple[set[Term], set[Term]]:
    """The distinct predicates and objects."""
    predicates: set[Term] = set()
    objects: set[Term] = set()
    for group in by_subject.values():
        predicates.update(map(_get_predicate, group))
        objects.update(map(_get_object, group))
    for predicate in predicates:
        if predicate[0] != "<":
            raise ValueError(f"cannot write predicate {predicate!r}: it must be an IRI")
    return predicates, objects


def serialize_turtle(triples: Iterable[Triple]) -> bytes:
    """Deterministic UTF-8 Turtle: sorted subjects, predicates (rdf:type first) and objects."""
    buffer = io.BytesIO()
    write_turtle(triples, buffer)
    return buffer.getvalue()


def write_turtle(triples: Iterable[Triple], stream: BinaryIO, chunk: int = 4096) -> None:
    """serialize_turtle() written to a binary stream a chunk of subjects at a time: on a large
    graph the whole text, its blocks and its bytes together took more memory than the graph."""
    # The writer makes a list per subject and no cycle: the collector would walk them all.
    with collector_paused():
        _write_turtle(triples, stream, chunk)  # the lists it makes die with it, never walked


def _write_turtle(triples: Iterable[Triple], stream: BinaryIO, chunk: int) -> None:
    by_subject = _group_by_subject(triples)
    predicates, objects = _predicates_and_objects(by_subject)
    ordered_predicates = sorted(predicates, key=_predicate_order)
    ordered_objects = _sorted_objects(objects)
    del predicates, objects
    # A pair is the int predicate_rank << shift | object_rank: ints sort in (predicate, object)
    # order, with no key function.
    shift = len(ordered_objects).bit_length()
    mask = (1 << shift) - 1
    predicate_code = {term: rank << shift for rank, term in enumerate(ordered_predicates)}
    object_rank = {term: rank for rank, term in enumerate(ordered_objects)}

    # Every term is compacted before the header, which declares the prefixes the blocks use.
    compactor = _Compactor()
    subjects = sorted(by_subject, key=nt.iri_value)
    subject_texts = [compactor.iri(subject) for subject in subjects]
    # rdf:type is written "a", but its prefix is declared all the same (as it always was).
    verbs = ["a" if term == _TYPE else text
             for term, text in zip(ordered_predicates, map(compactor.iri, ordered_predicates))]
    object_texts = [compactor.term(term).encode("utf-8") for term in ordered_objects]
    del ordered_objects
    header = "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(compactor.used))
    stream.write((header + "\n").encode("utf-8"))

    first_verb = [f"\n    {verb} ".encode("utf-8") for verb in verbs]  # after the subject
    next_verb = [f" ;\n    {verb} ".encode("utf-8") for verb in verbs]
    chunk = max(chunk, 1)  # a step of 0 or less would write no block
    for start in range(0, len(subjects), chunk):
        parts: list[bytes] = []
        append = parts.append
        for subject, text in zip(subjects[start:start + chunk], subject_texts[start:start + chunk]):
            codes = [predicate_code[p] | object_rank[o] for _, p, o in by_subject[subject]]
            codes.sort()
            append(text.encode("utf-8"))
            verb = codes[0] >> shift
            append(first_verb[verb])
            append(object_texts[codes[0] & mask])
            for code in codes[1:]:
                if code >> shift == verb:
                    append(_NEXT_OBJECT)
                else:
                    verb = code >> shift
                    append(next_verb[verb])
                append(object_texts[code & mask])
            append(_END_BLOCK)
        if start + chunk >= len(subjects):
            parts[-1] = _END_LAST_BLOCK
        stream.write(b"".join(parts))
