"""Run every extraction rule family over one document, in order."""

from __future__ import annotations

from dataclasses import dataclass, field

from ictgraph.extract.context import DocumentContext
from ictgraph.extract.delegations import extract_delegations
from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.groups import (declare_named_references, extract_events, extract_membership,
                                     extract_topics, extract_working_groups)
from ictgraph.extract.initiatives import (extract_initiative_lists, extract_initiatives, extract_services,
                                          extract_strategies)
from ictgraph.extract.meeting_details import extract_meeting_details
from ictgraph.extract.meetings import MeetingIndex, declare_meetings, find_meetings
from ictgraph.extract.people import declare_people, find_people
from ictgraph.model import DateValue, Document, EntityRef, Fact
from ictgraph.reference import Reference

RULES_VERSION = "5"  # bump when a rule changes what it finds (the build cache keys on it)


@dataclass
class Extraction:
    """What one document yields: facts, document metadata and warnings."""

    document: Document
    facts: list[Fact]
    metadata: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def extract_document(document: Document, reference: Reference, gazetteer: Gazetteer) -> Extraction:
    """All facts one document states, each with the sentence it came from."""
    ctx = DocumentContext(document, reference, gazetteer)
    meetings = find_meetings(ctx)
    index = MeetingIndex.build(ctx, meetings)
    people = find_people(ctx)
    declare_meetings(ctx, meetings)
    declare_people(ctx, people)
    extract_meeting_details(ctx, index, people)
    extract_delegations(ctx, index, people)
    extract_initiatives(ctx, index)
    extract_initiative_lists(ctx, index)
    extract_strategies(ctx, index)
    extract_services(ctx, index)
    extract_working_groups(ctx, index)
    extract_events(ctx, index)
    extract_topics(ctx, index)
    extract_membership(ctx)
    declare_named_references(ctx)
    return Extraction(document, ctx.facts, _metadata(ctx), ctx.warnings)


def _metadata(ctx: DocumentContext) -> dict:
    meta: dict = {}
    if ctx.date:
        meta["date"] = ctx.date
    if ctx.publisher:
        meta["publisher"] = ctx.publisher
    if ctx.country:
        country = ctx.country_ref(ctx.country)
        if country:
            meta["publisher_country"] = country
    if ctx.dateline:
        meta["dateline"] = ctx.ref(ctx.dateline)
    return meta


__all__ = ["extract_document", "Extraction", "RULES_VERSION", "DateValue", "EntityRef"]
