"""Read, from a built graph, the facts each source document contributed.

A resource belongs to document D when it is ict:mentionedIn D. A statement
(s p o) belongs to D when an ict:Evidence of it is ict:inDocument D; a
statement with no evidence at all belongs to every document its subject is
mentioned in, unless it is a curated statement of a reference resource
(rdfs:isDefinedBy res:reference), which no document states.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from pathlib import PurePath

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ictgraph.evaluation.items import (DelegationItem, Detail, Entity, Facts, LinkItem,
                                       MeetingItem, Value)
from ictgraph.evaluation.triple_index import TripleIndex
from ictgraph.namespaces import ICT, RDF, RDFS, RES, SKOS

# Predicates read as details, per owner category: predicate → detail attribute.
_MEETING_ATTRS = {ICT.date: "date", ICT.endDate: "end_date", ICT.heldIn: "place",
                  ICT.isVirtual: "virtual", ICT.hostedBy: "host", ICT.chairedBy: "chair"}
_PERSON_ATTRS = {ICT.roleTitle: "title", ICT.memberOf: "body", ICT.citizenOf: "country"}
_INITIATIVE_ATTRS = {ICT.derivedFrom: "derived_from", ICT.launchedAt: "launched_at",
                     ICT.ledBy: "led_by", ICT.approvedAt: "approved_at"}
_SERVICE_ATTRS = {ICT.approvedAt: "approved_at"}
_WORKING_GROUP_ATTRS = {ICT.subOrganizationOf: "committee", ICT.reportsTo: "committee"}
_EVENT_ATTRS = {ICT.ordinal: "ordinal", ICT.date: "date", ICT.endDate: "end_date",
                ICT.heldIn: "place", ICT.hostedBy: "host"}

# Named things: category, class, details category, attributes.
_NAMED = (
    ("strategies", ICT.Strategy, None, {}),
    ("initiatives", ICT.Initiative, "initiative_details", _INITIATIVE_ATTRS),
    ("services", ICT.SharedService, "service_details", _SERVICE_ATTRS),
    ("working_groups", ICT.WorkingGroup, "working_group_details", _WORKING_GROUP_ATTRS),
    ("events", ICT.Event, "event_details", _EVENT_ATTRS),
)

_LITERAL_ATTRS = {"date", "end_date", "ordinal", "virtual"}
_MEETING_VALUED = {"launched_at", "approved_at"}
_REFERENCE = RES["reference"]


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda node: (isinstance(node, BNode), str(node)))


class GraphView:
    """The facts of a graph (plus any reference data merged into it), per document.

    Reading one document touches only what it mentions or evidences, so scoring
    every document of a graph costs time in proportion to the graph, not its square.
    """

    def __init__(self, graph: TripleIndex) -> None:
        self.graph = graph
        self._evidence: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        self._evidenced: dict[Node, list[tuple[Node, Node, Node]]] = defaultdict(list)
        parts = (RDF.subject, RDF.predicate, RDF.object)
        for evidence, document in graph.subject_objects(ICT.inDocument):
            statement = tuple(graph.value(evidence, part) for part in parts)
            if None not in statement:
                self._evidence[statement].add(document)
                self._evidenced[document].append(statement)
        # Items depend on the graph only, and popular resources appear in many documents.
        self._entities: dict[Node, Entity] = {}
        self._meetings: dict[Node, MeetingItem] = {}

    def documents(self) -> dict[str, list[Node]]:
        """SourceDocument nodes by the stem of their ict:sourceFile."""
        found: dict[str, list[Node]] = defaultdict(list)
        for document, name in self.graph.subject_objects(ICT.sourceFile):
            found[PurePath(str(name)).stem].append(document)
        return {stem: _sorted(nodes) for stem, nodes in found.items()}

    def facts(self, documents: list[Node]) -> Facts:
        """Everything the graph states on behalf of these SourceDocument nodes."""
        return _DocumentReader(self, set(documents)).read()

    def evidence_documents(self, statement: tuple[Node, Node, Node]) -> set[Node] | None:
        """The documents that evidence a statement, or None when it has no evidence."""
        return self._evidence.get(statement)

    def evidenced_in(self, document: Node) -> list[tuple[Node, Node, Node]]:
        """The statements an ict:Evidence places in this document."""
        return self._evidenced.get(document, [])

    # --- nodes to items ------------------------------------------------------------
    def entity(self, node: Node) -> Entity:
        if isinstance(node, Literal):
            return Entity((str(node),))
        found = self._entities.get(node)
        if found is None:
            found = self._entities[node] = self._read_entity(node)
        return found

    def _read_entity(self, node: Node) -> Entity:
        labels = self.graph.objects(node, RDFS.label)
        arabic = sorted(str(label) for label in labels if getattr(label, "language", None) == "ar")
        others = sorted(str(label) for label in labels
                        if getattr(label, "language", None) != "ar")
        alternatives = sorted(str(label) for predicate in (SKOS.prefLabel, SKOS.altLabel)
                              for label in self.graph.objects(node, predicate))
        names = tuple(dict.fromkeys(arabic + others + alternatives))
        return Entity(names, str(node))

    def meeting(self, node: Node) -> MeetingItem:
        found = self._meetings.get(node)
        if found is None:
            committees = _sorted(self.graph.objects(node, ICT.ofCommittee))
            ordinals = sorted(_as_int(value) for value in self.graph.objects(node, ICT.ordinal)
                              if _as_int(value) is not None)
            found = self._meetings[node] = MeetingItem(
                self.entity(committees[0]) if committees else None,
                ordinals[0] if ordinals else None, str(node))
        return found


class _DocumentReader:
    """Reads one document's facts; holds the document's scope while doing so."""

    def __init__(self, view: GraphView, documents: set[Node]) -> None:
        self.view = view
        self.graph = view.graph
        self.documents = documents
        self.mentioned = {subject for document in documents
                          for subject in self.graph.subjects(ICT.mentionedIn, document)}
        # Mentioned resources by class, each list in _sorted order.
        self._by_class: dict[Node, list[Node]] = defaultdict(list)
        for node in _sorted(self.mentioned):
            for cls in self.graph.objects(node, RDF.type):
                self._by_class[cls].append(node)
        self.evidenced = [statement for document in sorted(documents, key=str)
                          for statement in view.evidenced_in(document)]
        self.facts = Facts()

    # --- scope -----------------------------------------------------------------
    def _typed(self, cls: URIRef) -> list[Node]:
        return self._by_class.get(cls, [])

    def _states(self, subject: Node, predicate: Node, obj: Node) -> bool:
        evidenced_in = self.view.evidence_documents((subject, predicate, obj))
        if evidenced_in is None:
            # Curated reference statements (a reference working group's committee) are
            # not something a document says.
            if (subject, RDFS.isDefinedBy, _REFERENCE) in self.graph:
                return False
            return subject in self.mentioned
        return bool(evidenced_in & self.documents)

    def _stated_pairs(self, predicate: URIRef) -> set[tuple[Node, Node]]:
        """(subject, object) of the predicate's statements that may be this document's:
        evidenced in it, or made by a resource it mentions. _states decides."""
        pairs = {(s, o) for s, p, o in self.evidenced
                 if p == predicate and (s, p, o) in self.graph}  # evidence may outlive a statement
        pairs.update((subject, obj) for subject in self.mentioned
                     for obj in self.graph.objects(subject, predicate))
        return {pair for pair in pairs if self._states(pair[0], predicate, pair[1])}

    # --- nodes to items ------------------------------------------------------------
    def value(self, attr: str, node: Node) -> Value:
        if attr in _MEETING_VALUED and (node, RDF.type, ICT.Meeting) in self.graph:
            return self.view.meeting(node)
        if attr in _LITERAL_ATTRS and isinstance(node, Literal):
            return _literal_value(attr, node)
        return self.view.entity(node)

    def add_details(self, category: str, node: Node, owner: Entity | MeetingItem,
                    attrs: dict[URIRef, str]) -> None:
        for predicate, attr in attrs.items():
            for obj in _sorted(self.graph.objects(node, predicate)):
                if attr == "committee" and (obj, RDF.type, ICT.RegionalOrganization) in self.graph:
                    continue  # a working group's committee, not its regional organisation
                if self._states(node, predicate, obj):
                    self.facts.add(category, Detail(owner, attr, self.value(attr, obj)))

    # --- categories -------------------------------------------------------------------
    def read(self) -> Facts:
        for node in self._typed(ICT.Meeting):
            meeting = self.view.meeting(node)
            self.facts.add("meetings", meeting)
            self.add_details("meeting_details", node, meeting, _MEETING_ATTRS)
        for node in self._typed(ICT.Person):
            person = self.view.entity(node)
            self.facts.add("people", person)
            self.add_details("person_details", node, person, _PERSON_ATTRS)
        self._read_delegations()
        for category, cls, details, attrs in _NAMED:
            for node in self._typed(cls):
                if cls == ICT.Initiative and (node, RDF.type, ICT.SharedService) in self.graph:
                    continue  # scored as a service
                thing = self.view.entity(node)
                self.facts.add(category, thing)
                if details:
                    self.add_details(details, node, thing, attrs)
        for source, target in sorted(self._stated_pairs(ICT.reviewedOutcomesOf),
                                     key=lambda pair: (str(pair[0]), str(pair[1]))):
            self.facts.add("links", LinkItem(self.view.meeting(source), self.view.meeting(target)))
        return self.facts

    def _read_delegations(self) -> None:
        # A delegation is the document's when the document mentions it, or when it is
        # mentioned nowhere and the document states its meeting link.
        candidates = set(self._typed(ICT.Delegation))
        candidates.update(node for node in self.mentioned
                          if self.graph.subjects(ICT.hasDelegation, node))
        candidates.update(node for _, node in self._stated_pairs(ICT.hasDelegation)
                          if not self.graph.objects(node, ICT.mentionedIn))
        for node in _sorted(candidates):
            meetings = _sorted(self.graph.subjects(ICT.hasDelegation, node))
            countries = _sorted(self.graph.objects(node, ICT.delegationOf))
            heads = _sorted(self.graph.objects(node, ICT.headedBy))
            # One item per combination: a second head or country is a second claim.
            for meeting in meetings or [None]:
                for country in countries or [None]:
                    for head in heads or [None]:
                        self.facts.add("delegations", DelegationItem(
                            self.view.meeting(meeting) if meeting is not None else None,
                            self.view.entity(country) if country is not None else None,
                            self.view.entity(head) if head is not None else None,
                            str(node)))


def _as_int(value: Node) -> int | None:
    try:
        return int(str(value))
    except ValueError:
        return None


def _literal_value(attr: str, node: Literal) -> str | bool | int:
    if attr == "virtual":
        return str(node).strip().lower() in ("true", "1")
    if attr == "ordinal":
        number = _as_int(node)
        return number if number is not None else str(node)
    return str(node).strip()
