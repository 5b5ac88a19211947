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

Evidence nodes (evidence_nodes.py) carry nine of every ten triples. A TripleSet
keeps each as one record, and the writer never expands them: a record's block
comes from one template (its predicates in the writer's order, one object each),
merged into the sorted subjects, and the bytes are those its nine triples would
give. Only the sorted list of records and the texts of their repeating terms are
kept; each block is made when its chunk is written.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from operator import itemgetter
from typing import BinaryIO

from ictgraph import ntriples as nt
from ictgraph.collector import collector_paused
from ictgraph.evidence_nodes import PREDICATES as EVIDENCE_PREDICATES
from ictgraph.evidence_nodes import EVIDENCE_CLASS, EvidenceNode
from ictgraph.namespaces import PREFIXES, RDF
from ictgraph.ntriples import Term, Triple
from ictgraph.triples import TripleSet

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
    graph the whole text, its blocks and its bytes together took more memory than the graph.

    A TripleSet's evidence records are written from a template, never expanded into triples:
    the bytes are those of the same graph given as plain triples."""
    # The writer makes a list per subject and no cycle: the collector would walk them all.
    with collector_paused():
        _write_turtle(triples, stream, chunk)  # the lists it makes die with it, never walked


def _write_turtle(triples: Iterable[Triple], stream: BinaryIO, chunk: int) -> None:
    records: list[EvidenceNode] = []
    if isinstance(triples, TripleSet):
        # Sorted first: the sort keys are gone before the plain triples are grouped.
        records = sorted(triples.evidence_nodes(), key=_node_order)
        triples = triples.plain_triples()
    # Every term is compacted before the header, which declares the prefixes the blocks use.
    compactor = _Compactor()
    plain = _PlainBlocks(triples, compactor)
    evidence = _EvidenceBlocks(records, compactor, plain.by_subject)
    header = "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(compactor.used))
    stream.write((header + "\n").encode("utf-8"))

    chunk = max(chunk, 1)  # a step of 0 or less would write no block
    parts: list[bytes] = []
    append = parts.append
    in_chunk = 0
    for block in _subject_order(plain.subjects, records):
        if in_chunk == chunk:
            stream.write(b"".join(parts))
            parts.clear()
            in_chunk = 0
        if type(block) is int:  # a plain subject's index
            plain.write(block, append)
        else:
            append(evidence.write(block))
        append(_END_BLOCK)
        in_chunk += 1
    if parts:
        parts[-1] = _END_LAST_BLOCK
        stream.write(b"".join(parts))


def _node_order(record: EvidenceNode) -> str:
    node = record[0]
    if node[0] != "<":
        raise ValueError(f"cannot write subject {node!r}: the graph must have no blank nodes")
    return nt.iri_value(node)


def _subject_order(subjects: list[Term],
                   records: list[EvidenceNode]) -> Iterator[int | EvidenceNode]:
    """The plain subjects (their indexes) and the evidence records, both sorted, merged by IRI
    value. On a tie (two spellings of one IRI) the plain subject comes first, as in the order
    of all the triples, where a TripleSet gives its plain triples first and sorting is stable."""
    index, count = 0, len(subjects)
    plain_key = nt.iri_value(subjects[0]) if subjects else None
    for record in records:
        key = nt.iri_value(record[0])
        while plain_key is not None and plain_key <= key:
            yield index
            index += 1
            plain_key = nt.iri_value(subjects[index]) if index < count else None
        yield record
    yield from range(index, count)


class _PlainBlocks:
    """Subjects given as triples: grouped, sorted, their terms compacted, each subject's pairs
    written as ints sorted in (predicate, object) order."""

    def __init__(self, triples: Iterable[Triple], compactor: _Compactor) -> None:
        self.by_subject = by_subject = _group_by_subject(triples)
        predicates, objects = _predicates_and_objects(by_subject)
        ordered_predicates = sorted(predicates, key=_predicate_order)
        ordered_objects = _sorted_objects(objects)
        del predicates, objects
        # A pair is the int predicate_rank << shift | object_rank: ints sort in (predicate,
        # object) order, with no key function.
        self._shift = shift = len(ordered_objects).bit_length()
        self._mask = (1 << shift) - 1
        self._predicate_code = {term: rank << shift
                                for rank, term in enumerate(ordered_predicates)}
        self._object_rank = {term: rank for rank, term in enumerate(ordered_objects)}

        self.subjects = subjects = sorted(by_subject, key=nt.iri_value)
        self._subject_texts = [compactor.iri(subject) for subject in subjects]
        # rdf:type is written "a", but its prefix is declared all the same (as it always was).
        verbs = ["a" if term == _TYPE else text
                 for term, text in zip(ordered_predicates, map(compactor.iri, ordered_predicates))]
        self._object_texts = [compactor.term(term).encode("utf-8") for term in ordered_objects]
        del ordered_objects
        self._first_verb = [f"\n    {verb} ".encode("utf-8") for verb in verbs]  # after subject
        self._next_verb = [f" ;\n    {verb} ".encode("utf-8") for verb in verbs]

    def write(self, index: int, append: Callable[[bytes], object]) -> None:
        """Append the block of subjects[index], without its final " ."."""
        shift, mask, object_texts, next_verb = (self._shift, self._mask, self._object_texts,
                                                self._next_verb)
        predicate_code, object_rank = self._predicate_code, self._object_rank
        codes = [predicate_code[p] | object_rank[o]
                 for _, p, o in self.by_subject[self.subjects[index]]]
        codes.sort()
        append(self._subject_texts[index].encode("utf-8"))
        verb = codes[0] >> shift
        append(self._first_verb[verb])
        append(object_texts[codes[0] & mask])
        for code in codes[1:]:
            if code >> shift == verb:
                append(_NEXT_OBJECT)
            else:
                verb = code >> shift
                append(next_verb[verb])
            append(object_texts[code & mask])


class _EvidenceBlocks:
    """Evidence nodes' blocks, each from one template: the nine predicates in the writer's
    order, one object each, the type's (ict:Evidence) written in the template.

    Every term is compacted before the header is written, but the blocks are made one at a
    time while writing (all of them at once would be hundreds of megabytes): the terms that
    repeat from node to node (documents, offsets, quoted sentences, rules, the statement's
    terms) are compacted and encoded once here; the node IRI, unique to a node, is compacted
    here for its prefix only and again when its block is written."""

    def __init__(self, records: list[EvidenceNode], compactor: _Compactor,
                 plain_subjects: Container[Term]) -> None:
        self._compact_iri = compactor.iri
        texts: dict[Term, bytes] = {}
        for record in records:
            node, document, start, end, quote, rule, subject, predicate, obj = record
            if node in plain_subjects:
                raise ValueError(f"{node} is an evidence node and the subject of other triples: "
                                 f"it would be written as two blocks")
            compactor.iri(node)
            for term in (document, start, end, quote, rule, subject, predicate, obj):
                if term not in texts:
                    texts[term] = compactor.term(term).encode("utf-8")
        self._texts = texts
        if records:  # (the template's terms would declare prefixes no block uses)
            self._template, self._arguments = _evidence_template(compactor)

    def write(self, record: EvidenceNode) -> bytes:
        """The record's block, without its final " ."."""
        texts = self._texts
        node, document, start, end, quote, rule, subject, predicate, obj = record
        return self._template % self._arguments((
            self._compact_iri(node).encode("utf-8"), texts[document], texts[start], texts[end],
            texts[quote], texts[rule], texts[subject], texts[predicate], texts[obj]))


def _evidence_template(compactor: _Compactor) -> tuple[bytes, Callable[[tuple], tuple]]:
    """A %-template of an evidence block, and the getter that picks its arguments from the
    record's texts (in the record's field order)."""
    field_of = {predicate: index for index, predicate in enumerate(EVIDENCE_PREDICATES, start=1)}
    parts, arguments = [b"%s"], [0]  # the node first
    ordered = sorted([_TYPE, *EVIDENCE_PREDICATES], key=_predicate_order)
    for position, predicate in enumerate(ordered):
        verb = compactor.iri(predicate)  # rdf:type's prefix declared, as for other blocks
        verb = "a" if predicate == _TYPE else verb
        separator = "\n    " if position == 0 else " ;\n    "
        parts.append(f"{separator}{verb} ".encode("utf-8").replace(b"%", b"%%"))
        if predicate == _TYPE:
            parts.append(compactor.term(EVIDENCE_CLASS).encode("utf-8").replace(b"%", b"%%"))
        else:
            parts.append(b"%s")
            arguments.append(field_of[predicate])
    return b"".join(parts), itemgetter(*arguments)
