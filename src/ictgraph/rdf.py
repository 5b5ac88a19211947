"""Facts to RDF, in the layout of notes/graph-layout.md.

Each distinct fact becomes one triple plus one ict:Evidence node that reifies
it (rdf:subject/predicate/object) and says where it was read. Source
documents are described, every resource gets ict:mentionedIn for the documents
its facts come from, and the reference resources the graph uses are copied in
from the reference data together with their parent organisations.

Terms are N-Triples strings (ntriples.py): the evidence layout makes eleven
triples per statement, millions on a large corpus.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Set
from typing import NamedTuple

from rdflib import BNode, Graph, URIRef

from ictgraph import ntriples as nt
from ictgraph.by_object import ByObject
from ictgraph.evidence_nodes import EvidenceNode
from ictgraph.graph_state import GraphState
from ictgraph.model import DateValue, Document, EntityRef, Evidence, Fact, Value
from ictgraph.namespaces import DCTERMS, ICT, RDF, RDFS, RES, SKOS, XSD
from ictgraph.ntriples import Term
from ictgraph.reconcile import functional_properties, reconcile
from ictgraph.resolve import Resolution, components, document_iri, evidence_term, is_reference
from ictgraph.serialize import serialize_turtle
from ictgraph.triples import TripleSet

__all__ = ["to_graph", "to_triples", "serialize_turtle", "predicate_iri", "value_term"]

LANGUAGE_PREDICATES = frozenset({"label", "roleTitle", "quote", "publisher"})
POSITIVE_INTEGER_PREDICATES = frozenset({"ordinal", "statedCount"})
DATE_TYPES = {"day": str(XSD.date), "month": str(XSD.gYearMonth), "year": str(XSD.gYear)}


def _t(iri: str) -> Term:
    return nt.iri(iri)


# What is copied from the reference data for a resource the graph uses ...
REFERENCE_PREDICATES = (RDF.type, RDFS.label, SKOS.altLabel, ICT.isoCode, ICT.abbreviation,
                        ICT.subOrganizationOf, ICT.reportsTo, ICT.memberCountry)
# ... and the links followed to copy its parents and members too.
FOLLOWED_PREDICATES = frozenset(_t(p) for p in (ICT.subOrganizationOf, ICT.reportsTo, ICT.memberCountry))
REFERENCE_SOURCE = _t(RES["reference"])
_RESOURCES = str(RES)

_EVIDENCE = _t(ICT.evidence)
_MENTIONED_IN = _t(ICT.mentionedIn)
_TYPE = _t(RDF.type)
_LABEL = _t(RDFS.label)
_IS_DEFINED_BY = _t(RDFS.isDefinedBy)
_NON_NEGATIVE = str(XSD.nonNegativeInteger)

DOC_META_KEYS = {"date": "date", "publisher": "publisher",
                 "publisher_country": "publisherCountry", "dateline": "dateline"}


# --------------------------------------------------------------------------- terms

@functools.lru_cache(maxsize=None)
def predicate_iri(name: str) -> Term:
    """A fact predicate as an RDF property: label -> rdfs:label, type -> rdf:type, else ict:{name}."""
    if name in ("label", "labelEn"):
        return _LABEL
    if name == "type":
        return _TYPE
    if not re.fullmatch(r"[a-z][A-Za-z0-9]*", name):
        raise ValueError(f"not a contract property name: {name!r}")
    return _t(ICT[name])


# What a mention implies by itself (_said_by), and of those the kinds an explicit statement
# replaces whatever the mentions imply.
IMPLIED_PREDICATES = frozenset(map(predicate_iri, ("type", "label", "ofCommittee", "ordinal",
                                                   "delegationOf", "hasDelegation")))
KIND_PREDICATES = frozenset((_TYPE, _LABEL))


def value_term(predicate: str, value: Value, resolution: Resolution) -> Term:
    """A fact value as an RDF term, typed by the predicate (graph-layout.md, Literals)."""
    if predicate == "type":
        if not isinstance(value, str):
            raise ValueError(f"type facts take a class local name, not {value!r}")
        return _class_term(value)
    if isinstance(value, EntityRef):
        return resolution.term(value)
    if isinstance(value, bool):  # before int: bool is an int
        return _typed("true" if value else "false", str(XSD.boolean))
    if isinstance(value, int):
        if predicate in POSITIVE_INTEGER_PREDICATES:
            if value < 1:
                raise ValueError(f"{predicate} must be a positive integer, not {value}")
            return _typed(str(value), str(XSD.positiveInteger))
        return _typed(str(value), str(XSD.integer))
    if isinstance(value, DateValue):
        try:
            return _typed(value.iso, DATE_TYPES[value.precision])
        except KeyError:
            raise ValueError(f"not a YYYY-MM-DD, YYYY-MM or YYYY date: {value.iso!r}") from None
    if isinstance(value, str):
        if predicate == "labelEn":  # an English name the text itself gives, e.g. "(IP Reputation)"
            return _literal(value, "en")
        return _literal(value, "ar") if predicate in LANGUAGE_PREDICATES else _literal(value)
    raise ValueError(f"unsupported value for {predicate}: {value!r}")


# Cached where values repeat and are few (classes, documents, offsets, typed values); texts
# are many on a large corpus and are made directly.

@functools.lru_cache(maxsize=1 << 10)
def _class_term(name: str) -> Term:
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
        raise ValueError(f"type facts take a class local name, not {name!r}")
    return _t(ICT[name])


@functools.lru_cache(maxsize=None)
def _document_term(sha256: str) -> Term:
    return _t(document_iri(sha256))


@functools.lru_cache(maxsize=1 << 16)
def _count(value: int) -> Term:
    return nt.typed(str(value), _NON_NEGATIVE)


_literal = nt.literal


def _quote(text: str, known: dict[str, Term]) -> Term:
    term = known.get(text)
    if term is None:
        term = known[text] = _literal(text, "ar")
    return term


@functools.lru_cache(maxsize=1 << 12)
def _rule(name: str) -> Term:
    return nt.literal(name)


@functools.lru_cache(maxsize=1 << 16)
def _typed(text: str, datatype: str) -> Term:
    return nt.typed(text, datatype)


# --------------------------------------------------------------------------- statements

class _Statement(NamedTuple):  # a tuple: millions are made, hashed and compared
    subject: Term
    predicate: Term
    obj: Term
    evidence: Evidence


def _implied_statements(facts: Iterable[Fact], resolution: Resolution) -> Iterator[_Statement]:
    """What every mention says by itself, read with the evidence of the entity's earliest
    mention in each document: the entity's class and label as written, and what a meeting's
    or delegation's key states (its committee and ordinal; its meeting and country).
    Extractors need not repeat these."""
    # Per (entity, document): the entity as first met, and the earliest evidence. An entity
    # is keyed by its class and IRI, one-to-one with its key (resolve mints one IRI per key)
    # and a string: hashing a ref hashes its whole nested key, for each of ~10^6 mentions.
    earliest: dict[tuple[Term, str, str], list] = {}
    entities: ByObject[EntityRef, tuple] = ByObject()

    def named(ref: EntityRef) -> tuple[tuple[EntityRef, tuple[Term, str]], ...]:
        """The mention's canonical entity and those of its key, with (IRI term, class)."""
        return tuple((entity, (resolution.term(entity), entity.cls))
                     for entity in components(resolution.canonical_ref(ref)))

    for fact in facts:
        evidence = fact.evidence
        document = evidence.document
        value = fact.value
        for ref in (fact.subject, value) if isinstance(value, EntityRef) else (fact.subject,):
            for entity, slot_of_entity in entities.get(ref, named):
                slot = (*slot_of_entity, document)
                known = earliest.get(slot)
                if known is None:
                    earliest[slot] = [entity, evidence]
                elif _earlier(evidence, known[1]):
                    known[1] = evidence
    # What an entity says is the same in every document: made into terms once per entity.
    said: ByObject[EntityRef, list[tuple[Term, Term, Term]]] = ByObject()

    def as_terms(entity: EntityRef) -> list[tuple[Term, Term, Term]]:
        return [(resolution.term(subject), predicate_iri(predicate),
                 value_term(predicate, value, resolution))
                for subject, predicate, value in _said_by(entity)]

    for entity, evidence in earliest.values():
        for subject, predicate, obj in said.get(entity, as_terms):
            yield _Statement(subject, predicate, obj, evidence)


def _said_by(entity: EntityRef) -> Iterator[tuple[EntityRef, str, Value]]:
    """(subject, predicate, value) of what a mention of the entity says by itself."""
    yield entity, "type", entity.cls
    if entity.label:
        yield entity, "label", entity.label
    if entity.cls == "Meeting" and not is_reference(entity):
        yield entity, "ofCommittee", entity.key[0]
        yield entity, "ordinal", entity.key[1]
    if entity.cls == "Delegation" and not is_reference(entity):
        yield entity, "delegationOf", entity.key[1]
        yield entity.key[0], "hasDelegation", entity


def _earlier(evidence: Evidence, other: Evidence) -> bool:
    """_evidence_order(evidence) < _evidence_order(other), for two evidences of one document
    (asked for each mention: most differ by their start)."""
    if evidence.start != other.start:
        return evidence.start < other.start
    return _evidence_order(evidence) < _evidence_order(other)


def raw_statements(facts: Iterable[Fact], resolution: Resolution
                   ) -> tuple[set[_Statement], list[_Statement]]:
    """The facts' distinct statements, and the implied ones: one per triple and document, with
    the earliest mention's evidence (before the explicit ones replace any)."""
    def statement(fact: Fact) -> _Statement:
        return _Statement(resolution.term(fact.subject), predicate_iri(fact.predicate),
                          value_term(fact.predicate, fact.value, resolution), fact.evidence)

    explicit = {statement(f) for f in facts}
    implied: dict[tuple, _Statement] = {}
    for s in _implied_statements(facts, resolution):
        slot = (s.subject, s.predicate, s.obj, s.evidence.document)
        known = implied.get(slot)
        if known is None or _earlier(s.evidence, known.evidence):
            implied[slot] = s
    return explicit, list(implied.values())


def stated_kinds(explicit: Iterable[_Statement]) -> set[tuple[Term, Term]]:
    """(subject, predicate) of the explicit classes and labels: they replace the implied ones."""
    return {(s.subject, s.predicate) for s in explicit if s.predicate in KIND_PREDICATES}


def stated_triples(explicit: Iterable[_Statement]) -> set[tuple[Term, Term, Term]]:
    """The explicit statements' triples, of the predicates a mention implies: an implied
    statement of the same triple is dropped."""
    return {(s.subject, s.predicate, s.obj) for s in explicit if s.predicate in IMPLIED_PREDICATES}


def kept_implied(implied: Iterable[_Statement], kinds: Set[tuple[Term, Term]],
                 triples: Set[tuple[Term, Term, Term]]) -> list[_Statement]:
    """The implied statements no explicit one replaces."""
    return [s for s in implied if (s.subject, s.predicate) not in kinds
            and (s.subject, s.predicate, s.obj) not in triples]


def _evidence_order(evidence: Evidence) -> tuple:
    return (evidence.document, evidence.start, evidence.end, evidence.rule, evidence.quote)


class _ReferenceIndex:
    """The curated descriptions of the reference data, as terms, by subject."""

    def __init__(self, reference: Graph | None) -> None:
        self.described: dict[Term, dict[Term, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for s, p, o in (reference if reference is not None else ()):
            if isinstance(s, URIRef) and str(s).startswith(_RESOURCES) and not isinstance(o, BNode):
                self.described[nt.iri(str(s))][nt.from_rdflib(p)].append(nt.from_rdflib(o))
        for values in self.described.values():
            for objects in values.values():
                objects.sort()

    def has(self, subject: Term, predicate: Term) -> bool:
        values = self.described.get(subject)
        return bool(values) and predicate in values

    def objects(self, subject: Term, predicate: Term) -> list[Term]:
        values = self.described.get(subject)
        return values.get(predicate, []) if values else []


def _drop_curated(statements: list[_Statement], reference: _ReferenceIndex) -> list[_Statement]:
    """Reference resources take their class and labels from the reference data."""
    return [s for s in statements
            if s.predicate not in (_TYPE, _LABEL) or not reference.has(s.subject, s.predicate)]


def label_counts(statements: Iterable[_Statement]) -> dict[tuple[Term, str | None], Counter]:
    """How many statements give each label text, per resource and language."""
    counts: dict[tuple[Term, str | None], Counter] = defaultdict(Counter)
    for s in statements:
        if s.predicate == _LABEL:
            counts[(s.subject, nt.language(s.obj))][nt.value(s.obj)] += 1
    return counts


def chosen_label(counter: Counter) -> str:
    """The label kept: the most frequent, then the longest, then the first in order."""
    return min(counter, key=lambda text: (-counter[text], -len(text), text))


def one_label_each(statements: list[_Statement],
                   counts: dict[tuple[Term, str | None], Counter]) -> list[_Statement]:
    """Keep one label per resource and language (`counts`: label_counts of the statements)."""
    chosen = {key: chosen_label(counter) for key, counter in counts.items()}
    return [s for s in statements if s.predicate != _LABEL
            or nt.value(s.obj) == chosen[(s.subject, nt.language(s.obj))]]


# --------------------------------------------------------------------------- graph

def to_graph(documents: list[Document], facts: list[Fact], resolution: Resolution,
             reference: Graph | None, doc_meta: dict[str, dict] | None = None) -> Graph:
    """to_triples() as an rdflib Graph."""
    return nt.to_rdflib_graph(to_triples(documents, facts, resolution, reference, doc_meta))


# on_document(graph, document, its evidence records)
DocumentDone = Callable[[TripleSet, Term, list[EvidenceNode]], None]


def to_triples(documents: list[Document], facts: list[Fact], resolution: Resolution,
               reference: Graph | None, doc_meta: dict[str, dict] | None = None,
               state: GraphState | None = None,
               on_document: DocumentDone | None = None) -> TripleSet:
    """The knowledge graph of the documents' facts, laid out as notes/graph-layout.md says.

    facts may be the input facts or resolution.facts; both resolve to the same IRIs.
    doc_meta[name] may give "date" (DateValue), "publisher" (str),
    "publisher_country" and "dateline" (EntityRef) of a document.
    `state`, when given, records the choices made across documents (graph_state.py).
    `on_document`, when given, is called for each document with statements, as soon as
    they and their evidence are in the graph (its own triples are in before), with its
    evidence records (so that the build checks them while the rest of the graph is made).
    """
    by_name: dict[str, Document] = {}
    for document in documents:
        if document.name in by_name:
            raise ValueError(f"{document.name}: listed twice")
        by_name[document.name] = document

    curated = _ReferenceIndex(reference)
    explicit, implied = raw_statements(facts, resolution)
    kinds, explicit_triples = stated_kinds(explicit), stated_triples(explicit)
    kept = kept_implied(implied, kinds, explicit_triples)
    all_statements = list(explicit.union(kept))
    del implied
    uncurated = _drop_curated(all_statements, curated)
    conflicts_by_group: dict[tuple[Term, Term], list[str]] = {}
    statements, conflicts = reconcile(uncurated, functional_properties(), conflicts_by_group)
    labels = label_counts(statements)
    if state is not None:
        state.record_statements(kinds, explicit_triples, kept, uncurated, labels,
                                conflicts_by_group)
    del uncurated, kept
    statements = one_label_each(statements, labels)
    graph = TripleSet(indexed=(_TYPE, _LABEL))
    graph.warnings.extend(conflicts)
    # A reference resource a document names is mentioned in it, even when the reference
    # data already says all that the document says about it (its class and name).
    documents_of = {name: (document, _document_term(document.sha256))
                    for name, document in by_name.items()}
    used = add_mentions(graph, all_statements, documents_of)
    for document in documents:
        _add_document(graph, document)
    untyped: list[EntityRef] = []
    for name, meta in sorted((doc_meta or {}).items()):
        if name not in by_name:
            raise ValueError(f"{name}: document metadata for a document that is not in the run")
        untyped.extend(_add_document_meta(graph, by_name[name], meta, resolution))
    used.update(resolution.term(entity) for entity in untyped)
    # One term per quoted sentence: a sentence states several facts, and the records then
    # share one string (less memory, and pickled once where they travel together).
    quotes: dict[str, Term] = {}
    by_document: dict[str, list[_Statement]] = {}
    for s in statements:
        by_document.setdefault(s.evidence.document, []).append(s)
    for name, group in by_document.items():
        document, doc = documents_of[name]
        records = [_add_statement(graph, s, document, doc, quotes) for s in group]
        if on_document is not None:
            on_document(graph, doc, records)
    del by_document
    described = _add_reference_closure(graph, curated, used)
    typed_from_metadata = _type_metadata_entities(graph, untyped, resolution)
    if state is not None:
        state.record_graph(statements, graph, described, typed_from_metadata)
    return graph


def add_mentions(graph: TripleSet, statements: list[_Statement],
                 documents_of: dict[str, tuple[Document, Term]]) -> set[Term]:
    """Say that the subject of each statement is mentioned in the statement's document, once
    each evidence span is checked; return what the statements name (subjects and objects)."""
    for evidence in {id(s.evidence): s.evidence for s in statements}.values():
        _document_of(evidence, documents_of)  # (statements share evidence: once each)
    # Hundreds of thousands of statements, far fewer (resource, document) pairs.
    for subject, name in {(s.subject, s.evidence.document) for s in statements}:
        graph.add((subject, _MENTIONED_IN, documents_of[name][1]))
    used = {s.subject for s in statements}
    used.update(s.obj for s in statements)
    return used


def _document_of(evidence: Evidence, documents: dict[str, tuple[Document, Term]]
                 ) -> tuple[Document, Term]:
    """The document an evidence cites and its term, once its span is checked to be in it."""
    found = documents.get(evidence.document)
    if found is None:
        raise ValueError(f"{evidence.document}: evidence cites a document that is not in the run")
    document = found[0]
    if not 0 <= evidence.start <= evidence.end <= len(document.text):
        raise ValueError(f"{evidence.document}: evidence span [{evidence.start}, {evidence.end}) "
                         f"outside the text (length {len(document.text)})")
    return found


def _add_statement(graph: TripleSet, s: _Statement, document: Document, doc: Term,
                   quotes: dict[str, Term]) -> EvidenceNode:
    """The statement, its evidence node and what it says is mentioned in the document (the
    subject is, already: every statement's subject is); the node's record."""
    subject, predicate, obj, ev = s
    graph.add((subject, predicate, obj))
    node = evidence_term(document.sha256, ev.start, ev.end, ev.rule, subject, predicate, obj)
    graph.add((subject, _EVIDENCE, node))
    record = EvidenceNode(node, doc, _count(ev.start), _count(ev.end), _quote(ev.quote, quotes),
                          _rule(ev.rule), subject, predicate, obj)
    graph.add_evidence(record)
    if obj[0] == "<" and predicate != _TYPE:
        graph.add((obj, _MENTIONED_IN, doc))
    return record


def _add_document(graph: TripleSet, document: Document) -> None:
    doc = _document_term(document.sha256)
    graph.add((doc, _TYPE, _t(ICT.SourceDocument)))
    graph.add((doc, _LABEL, nt.literal(document.name)))
    for name in document.names:  # the same bytes may come under several file names
        graph.add((doc, _t(ICT.sourceFile), nt.literal(name)))
    graph.add((doc, _t(ICT.sha256), nt.literal(document.sha256)))
    graph.add((doc, _t(ICT.textLength), _count(len(document.text))))
    graph.add((doc, _t(ICT.encoding), nt.literal(document.encoding)))
    graph.add((doc, _t(DCTERMS["format"]), nt.literal(document.media_type)))


def _add_document_meta(graph: TripleSet, document: Document, meta: dict,
                       resolution: Resolution) -> list[EntityRef]:
    """Add a document's date, publisher, publisher country and dateline; return the entities."""
    unknown = set(meta) - set(DOC_META_KEYS)
    if unknown:
        raise ValueError(f"{document.name}: unknown document metadata {sorted(unknown)}; "
                         f"expected {sorted(DOC_META_KEYS)}")
    doc = _document_term(document.sha256)
    entities = []
    for key, prop in sorted(DOC_META_KEYS.items()):
        value = meta.get(key)
        if value is None:
            continue
        graph.add((doc, predicate_iri(prop), value_term(prop, value, resolution)))
        if isinstance(value, EntityRef):
            graph.add((resolution.term(value), _MENTIONED_IN, doc))
            entities.append(resolution.canonical_ref(value))
    return entities


def _type_metadata_entities(graph: TripleSet, entities: list[EntityRef], resolution: Resolution,
                            has: Callable[[Term, Term], bool] | None = None) -> set[Term]:
    """A dateline or publisher country no fact and no reference describes still gets its class
    and label (without evidence: metadata has no sentence to quote); the entities it gave one.
    `has(subject, predicate)`: whether the graph has a value (by default, asks `graph`)."""
    has = has or (lambda subject, predicate: (subject, predicate, None) in graph)
    given: set[Term] = set()
    for entity in entities:
        iri = resolution.term(entity)
        if not has(iri, _TYPE):
            graph.add((iri, _TYPE, _t(ICT[entity.cls])))
            given.add(iri)
        if entity.label and not has(iri, _LABEL):
            graph.add((iri, _LABEL, nt.literal(entity.label, "ar")))
            given.add(iri)
    return given


def _add_reference_closure(graph: TripleSet, reference: _ReferenceIndex, used: set[Term],
                           done: set[Term] | None = None) -> set[Term]:
    """Copy the curated description of every reference resource the graph uses (`used`: the
    subjects and objects of its statements and document metadata), and of the organisations,
    committees and countries those link to, marked rdfs:isDefinedBy res:reference. `done`:
    the resources already copied. Returns those copied, `done` included."""
    done = set() if done is None else done
    described = reference.described
    if not described:
        return done
    pending = sorted(n for n in used if n in described)
    predicates = [_t(p) for p in REFERENCE_PREDICATES]
    while pending:
        node = pending.pop()
        if node in done:
            continue
        done.add(node)
        graph.add((node, _IS_DEFINED_BY, REFERENCE_SOURCE))
        for predicate in predicates:
            for obj in reference.objects(node, predicate):
                graph.add((node, predicate, obj))
                if predicate in FOLLOWED_PREDICATES and obj not in done and obj in described:
                    pending.append(obj)
    return done
