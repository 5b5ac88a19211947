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

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ictgraph.evaluation.items import (DelegationItem, Detail, Entity, Facts, LinkItem,
                                       MeetingItem, Value)
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


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda node: (isinstance(node, BNode), str(node)))


class GraphView:
    """The facts of a graph (plus any reference data merged into it), per document."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._evidence: dict[tuple[Node, Node, Node], set[Node]] = defaultdict(set)
        for evidence, document in graph.subject_objects(ICT.inDocument):
            statement = (graph.value(evidence, RDF.subject), graph.value(evidence, RDF.predicate),
                         graph.value(evidence, RDF.object))
            if None not in statement:
                self._evidence[statement].add(document)

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


class _DocumentReader:
    """Reads one document's facts; holds the document's scope while doing so."""

    def __init__(self, view: GraphView, documents: set[Node]) -> None:
        self.view = view
        self.graph = view.graph
        self.documents = documents
        self.mentioned = {subject for document in documents
                          for subject in self.graph.subjects(ICT.mentionedIn, document)}
        self.facts = Facts()

    # --- scope -----------------------------------------------------------------
    def _typed(self, cls: URIRef) -> list[Node]:
        return [node for node in _sorted(self.graph.subjects(RDF.type, cls))
                if node in self.mentioned]

    def _states(self, subject: Node, predicate: Node, obj: Node) -> bool:
        evidenced_in = self.view.evidence_documents((subject, predicate, obj))
        if evidenced_in is None:
            # Curated reference statements (a reference working group's committee) are
            # not something a document says.
            if (subject, RDFS.isDefinedBy, RES["reference"]) in self.graph:
                return False
            return subject in self.mentioned
        return bool(evidenced_in & self.documents)

    # --- nodes to items ------------------------------------------------------------
    def entity(self, node: Node) -> Entity:
        if isinstance(node, Literal):
            return Entity((str(node),))
        labels = list(self.graph.objects(node, RDFS.label))
        arabic = sorted(str(label) for label in labels if getattr(label, "language", None) == "ar")
        others = sorted(str(label) for label in labels
                        if getattr(label, "language", None) != "ar")
        alternatives = sorted(str(label) for predicate in (SKOS.prefLabel, SKOS.altLabel)
                              for label in self.graph.objects(node, predicate))
        names = tuple(dict.fromkeys(arabic + others + alternatives))
        return Entity(names, str(node))

    def meeting(self, node: Node) -> MeetingItem:
        committees = _sorted(self.graph.objects(node, ICT.ofCommittee))
        ordinals = sorted(_as_int(value) for value in self.graph.objects(node, ICT.ordinal)
                          if _as_int(value) is not None)
        return MeetingItem(self.entity(committees[0]) if committees else None,
                           ordinals[0] if ordinals else None, str(node))

    def value(self, attr: str, node: Node) -> Value:
        if attr in _MEETING_VALUED and (node, RDF.type, ICT.Meeting) in self.graph:
            return self.meeting(node)
        if attr in _LITERAL_ATTRS and isinstance(node, Literal):
            return _literal_value(attr, node)
        return self.entity(node)

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
            meeting = self.meeting(node)
            self.facts.add("meetings", meeting)
            self.add_details("meeting_details", node, meeting, _MEETING_ATTRS)
        for node in self._typed(ICT.Person):
            person = self.entity(node)
            self.facts.add("people", person)
            self.add_details("person_details", node, person, _PERSON_ATTRS)
        self._read_delegations()
        for category, cls, details, attrs in _NAMED:
            for node in self._typed(cls):
                if cls == ICT.Initiative and (node, RDF.type, ICT.SharedService) in self.graph:
                    continue  # scored as a service
                thing = self.entity(node)
                self.facts.add(category, thing)
                if details:
                    self.add_details(details, node, thing, attrs)
        for source, target in sorted(self.graph.subject_objects(ICT.reviewedOutcomesOf),
                                     key=lambda pair: (str(pair[0]), str(pair[1]))):
            if self._states(source, ICT.reviewedOutcomesOf, target):
                self.facts.add("links", LinkItem(self.meeting(source), self.meeting(target)))
        return self.facts

    def _read_delegations(self) -> None:
        nodes = set(self.graph.subjects(RDF.type, ICT.Delegation))
        nodes.update(self.graph.objects(None, ICT.hasDelegation))
        for node in _sorted(nodes):
            meetings = _sorted(self.graph.subjects(ICT.hasDelegation, node))
            if not self._delegation_in_scope(node, meetings):
                continue
            countries = _sorted(self.graph.objects(node, ICT.delegationOf))
            heads = _sorted(self.graph.objects(node, ICT.headedBy))
            # One item per combination: a second head or country is a second claim.
            for meeting in meetings or [None]:
                for country in countries or [None]:
                    for head in heads or [None]:
                        self.facts.add("delegations", DelegationItem(
                            self.meeting(meeting) if meeting is not None else None,
                            self.entity(country) if country is not None else None,
                            self.entity(head) if head is not None else None,
                            str(node)))

    def _delegation_in_scope(self, node: Node, meetings: list[Node]) -> bool:
        if node in self.mentioned:
            return True
        # A delegation mentioned nowhere belongs where its meeting link is stated.
        if any(True for _ in self.graph.objects(node, ICT.mentionedIn)):
            return False
        return any(self._states(meeting, ICT.hasDelegation, node) for meeting in meetings)


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
