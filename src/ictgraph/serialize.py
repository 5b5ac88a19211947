"""A sorted Turtle writer: the same graph always gives the same bytes.

rdflib's serializer orders subjects by class and picks its own prefixes; this
writer sorts subjects, predicates (rdf:type first) and objects by their
values, declares only the project prefixes it uses, and never needs blank
nodes (the graph has none by design). It takes N-Triples terms (ntriples.py),
whose literal syntax is also Turtle's, so a literal is printed as it comes
with only its datatype compacted.

Speed (4.3 million triples at 10,000 articles): terms repeat (predicates,
classes, documents, offsets), and the subjects and objects are mostly the same
terms (an evidence node is the object of its statement's ict:evidence link), so
every subject and object is put in one table, sorted once, and given a rank and
its compacted UTF-8 bytes. Sorting is then of plain ints, without a key
function, and a block is joined from the table's bytes. What remains per triple
is done by C loops (map, sorted, join) rather than Python statements.

Evidence nodes (evidence_nodes.py) carry nine of every ten triples. A TripleSet
keeps each as one record, and the writer never expands them: a run of records
between two plain subjects is written column by column, each of the record's
fields looked up in a table of texts, interleaved with the constant text of one
template (its predicates in the writer's order, one object each), and the bytes
are those its nine triples would give.
"""

from __future__ import annotations

import io
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import chain, compress, repeat
from operator import and_, contains, itemgetter, methodcaller, or_
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
_END_BLOCK = b" .\n\n"  # blocks are separated by an empty line; the last one is not
_get_subject = itemgetter(0)
_get_predicate = itemgetter(1)
_get_object = itemgetter(2)
_inside = itemgetter(slice(1, -1))  # "<iri>" -> "iri": the IRI when the term has no escape
_ends_an_iri = methodcaller("endswith", ">")


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

    def texts(self, terms: Iterable[Term]) -> Iterator[bytes]:
        """Each term's compacted text as UTF-8."""
        prefixed, compact = self._prefixed.fullmatch, self.term
        for term in terms:
            # Most IRIs of a large graph (evidence nodes, documents) have no prefixed name.
            if term[0] == "<" and prefixed(term) is None:
                yield term.encode("utf-8")
            else:
                yield compact(term).encode("utf-8")


def _predicate_order(term: Term) -> tuple[bool, str]:
    return term != _TYPE, nt.iri_value(term)


def _literal_order(term: Term) -> tuple[str, str, str]:
    lexical, language, datatype = nt.literal_parts(term)
    return lexical, language or "", datatype or ""


def iri_order(term: Term) -> tuple[str, Term]:
    """The writer's order of IRI terms, so of its blocks (turtle_splice.py relies on it): by
    IRI value, then by term. _sorted_terms gets the same order faster when no term has an
    escape (its inside is then its value)."""
    # Two spellings of one IRI (one with an escape) are ordered by their terms: the order must
    # not depend on the order the terms came in, which is a set's.
    return nt.iri_value(term), term


def _sorted_terms(terms: Iterable[Term]) -> list[Term]:
    """IRIs by value, then literals by lexical form, language and datatype."""
    iris: list[Term] = []
    literals: list[Term] = []
    for term in terms:  # one pass: the terms are scattered over the heap
        if term[0] == "<":
            iris.append(term)
        elif term[0] == '"':
            literals.append(term)
        else:
            raise ValueError(f"cannot write {term!r}: the graph must have no blank nodes")
    # Without escapes an IRI term's value is its inside: keys taken in C, not by a Python call.
    keys = list(map(_inside, iris))
    if any(map(contains, keys, repeat("\\"))) or not all(map(_ends_an_iri, iris)):
        iris.sort(key=iri_order)  # (iri_value also refuses a term that is no IRI)
    else:
        iris = list(map(iris.__getitem__, sorted(range(len(iris)), key=keys.__getitem__)))
    del keys
    literals.sort(key=_literal_order)
    return iris + literals


def _group_by_subject(triples: Iterable[Triple]) -> tuple[dict[Term, list[Triple]], set[Term],
                                                          set[Term]]:
    """The triples by subject, and the distinct predicates and objects, in one pass."""
    # The triples themselves are kept, not new (predicate, object) tuples: they are alive anyway.
    by_subject: defaultdict[Term, list[Triple]] = defaultdict(list)
    predicates: set[Term] = set()
    objects: set[Term] = set()
    add_predicate, add_object = predicates.add, objects.add
    for triple in triples:
        by_subject[triple[0]].append(triple)
        add_predicate(triple[1])
        add_object(triple[2])
    _refuse_blank_subjects(by_subject)
    for predicate in predicates:
        if predicate[0] != "<":
            raise ValueError(f"cannot write predicate {predicate!r}: it must be an IRI")
    return by_subject, predicates, objects


def _refuse_blank_subjects(subjects: Iterable[Term]) -> None:
    for subject in subjects:
        if subject[0] != "<":
            raise ValueError(
                f"cannot write subject {subject!r}: the graph must have no blank nodes")


class _TermTable:
    """Every subject (evidence nodes too) and object, sorted once: each term's rank and its
    compacted bytes."""

    def __init__(self, terms: Iterable[Term], compactor: _Compactor) -> None:
        self.ordered = _sorted_terms(terms)
        self.rank: dict[Term, int] = dict(zip(self.ordered, range(len(self.ordered))))
        self.texts: list[bytes] = list(compactor.texts(self.ordered))


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
        records = list(triples.evidence_nodes())
        triples = triples.plain_triples()
    # Every term is compacted before the header, which declares the prefixes the blocks use.
    compactor = _Compactor()
    by_subject, predicates, terms = _group_by_subject(triples)
    nodes = list(map(_get_subject, records))
    _refuse_blank_subjects(nodes)
    if not by_subject.keys().isdisjoint(nodes):
        node = next(node for node in nodes if node in by_subject)
        raise ValueError(f"{node} is an evidence node and the subject of other triples: "
                         f"it would be written as two blocks")
    terms.update(by_subject, nodes)
    del nodes
    table = _TermTable(terms, compactor)
    del terms
    plain = _PlainBlocks(by_subject, predicates, table, compactor)
    evidence = _EvidenceBlocks(records, table, compactor)
    stream.write(turtle_header(compactor.used))

    out = _Chunks(stream, max(chunk, 1))  # a step of 0 or less would write no block
    # Plain subjects and evidence nodes, both sorted by rank, merged: the records between two
    # plain subjects are written as one run.
    done = 0
    for subject, rank in zip(plain.subjects, plain.ranks):
        end = bisect_left(evidence.ranks, rank, done)
        evidence.write(done, end, out)
        done = end
        out.add(plain.block(subject), 1)
    evidence.write(done, len(records), out)
    out.close()


def turtle_header(prefixes: Iterable[str]) -> bytes:
    """The declarations of the prefixes (names in PREFIXES) in name order, and the empty line
    that ends the header."""
    header = "".join(f"@prefix {name}: <{PREFIXES[name]}> .\n" for name in sorted(prefixes))
    return (header + "\n").encode("utf-8")


class _Chunks:
    """Blocks gathered and written a chunk of blocks at a time; the last block's empty line
    is left out."""

    def __init__(self, stream: BinaryIO, chunk: int) -> None:
        self._stream, self.size = stream, chunk
        self._parts: list[bytes] = []
        self._blocks = 0

    def add(self, blocks: bytes, count: int) -> None:
        """Add `count` whole blocks, each ending in _END_BLOCK."""
        if self._blocks >= self.size:  # written only now: the last part must stay to close
            self._stream.write(b"".join(self._parts))
            self._parts.clear()
            self._blocks = 0
        self._parts.append(blocks)
        self._blocks += count

    def close(self) -> None:
        if self._parts:
            self._parts[-1] = self._parts[-1][:-1]
            self._stream.write(b"".join(self._parts))


class _PlainBlocks:
    """Subjects given as triples: each block's pairs written as ints sorted in (predicate,
    object) order, a predicate's objects joined from the table's bytes."""

    def __init__(self, by_subject: dict[Term, list[Triple]], predicates: set[Term],
                 table: _TermTable, compactor: _Compactor) -> None:
        self._by_subject = by_subject
        self._rank, self._texts = table.rank, table.texts
        self.subjects = sorted(by_subject, key=self._rank.__getitem__)
        self.ranks = list(map(self._rank.__getitem__, self.subjects))
        ordered_predicates = sorted(predicates, key=_predicate_order)
        # A pair is the int predicate_rank << shift | object_rank: ints sort in (predicate,
        # object) order, with no key function.
        self._shift = shift = len(self._texts).bit_length()
        self._mask = (1 << shift) - 1
        self._predicate_code = {term: rank << shift
                                for rank, term in enumerate(ordered_predicates)}
        # rdf:type is written "a", but its prefix is declared all the same (as it always was).
        verbs = ["a" if term == _TYPE else text
                 for term, text in zip(ordered_predicates, map(compactor.iri, ordered_predicates))]
        self._first_verb = [f"\n    {verb} ".encode("utf-8") for verb in verbs]  # after subject
        self._next_verb = [f" ;\n    {verb} ".encode("utf-8") for verb in verbs]

    def block(self, subject: Term) -> bytes:
        """The subject's block, ending in _END_BLOCK."""
        group = self._by_subject[subject]
        shift = self._shift
        codes = sorted(map(or_, map(self._predicate_code.__getitem__, map(_get_predicate, group)),
                           map(self._rank.__getitem__, map(_get_object, group))))
        objects = list(map(self._texts.__getitem__, map(and_, codes, repeat(self._mask))))
        parts = [self._texts[self._rank[subject]]]
        verbs = self._first_verb
        start, count = 0, len(codes)
        while start < count:  # one predicate's objects at a time
            verb = codes[start] >> shift
            end = bisect_left(codes, (verb + 1) << shift, start)
            parts.append(verbs[verb])
            parts.append(_NEXT_OBJECT.join(objects[start:end]))
            verbs = self._next_verb
            start = end
        parts.append(_END_BLOCK)
        return b"".join(parts)


class _EvidenceBlocks:
    """Evidence nodes' blocks from one template: the nine predicates in the writer's order,
    one object each, the type's (ict:Evidence) written in the template.

    A run of blocks is joined column by column (all of them at once would be hundreds of
    megabytes): the node's text from the term table, each other field's from a table of
    the texts of its distinct terms (documents, offsets, quoted sentences, rules, the
    statement's terms), the template's constant text between them."""

    def __init__(self, records: list[EvidenceNode], table: _TermTable,
                 compactor: _Compactor) -> None:
        # In the table's order: one pass over the sorted terms rather than a sort of the records.
        by_node = dict(zip(map(_get_subject, records), records))
        found = list(map(by_node.get, table.ordered))
        del by_node
        self._records = list(filter(None, found))
        self.ranks = list(compress(range(len(found)), found))
        del found
        self._node_texts = table.texts
        distinct: set[Term] = set()
        for field in range(1, len(EvidenceNode._fields)):
            distinct.update(map(itemgetter(field), records))
        self._texts = dict(zip(distinct, compactor.texts(distinct)))
        if records:  # (the template's terms would declare prefixes no block uses)
            self._constants, self._fields = _evidence_template(compactor)

    def write(self, start: int, end: int, out: _Chunks) -> None:
        """Add the blocks of the sorted records [start, end), a chunk at a time."""
        for first in range(start, end, out.size):
            last = min(first + out.size, end)
            out.add(self._run(first, last), last - first)

    def _run(self, start: int, end: int) -> bytes:
        records = self._records[start:end]
        columns = [map(self._node_texts.__getitem__, self.ranks[start:end])]
        columns += [map(self._texts.__getitem__, map(itemgetter(field), records))
                    for field in self._fields]
        # node, constant, field, constant, ..., field, constant (the end of the block)
        pieces = chain.from_iterable(zip(columns, map(repeat, self._constants)))
        return b"".join(chain.from_iterable(zip(*pieces)))


def _evidence_template(compactor: _Compactor) -> tuple[list[bytes], list[int]]:
    """The constant texts of an evidence block, one after the node and after each field, and
    the fields (indexes in the record) written between them."""
    field_of = {predicate: index for index, predicate in enumerate(EVIDENCE_PREDICATES, start=1)}
    constants: list[bytes] = []
    fields: list[int] = []
    text = ""  # the constant text since the last field
    for position, predicate in enumerate(sorted([_TYPE, *EVIDENCE_PREDICATES],
                                                key=_predicate_order)):
        verb = compactor.iri(predicate)  # rdf:type's prefix declared, as for other blocks
        verb = "a" if predicate == _TYPE else verb
        text += ("\n    " if position == 0 else " ;\n    ") + verb + " "
        if predicate == _TYPE:
            text += compactor.term(EVIDENCE_CLASS)
        else:
            constants.append(text.encode("utf-8"))
            fields.append(field_of[predicate])
            text = ""
    constants.append(text.encode("utf-8") + _END_BLOCK)
    return constants, fields
