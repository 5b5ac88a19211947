"""Run the real extraction pipeline on a short text and give its facts in an easy-to-assert shape.

Every EntityRef becomes a short string:
    reference resource      "committee/gcc-executive-egov", "country/om" (the IRI after res:)
    named thing             "Person:<normalised name>", "Committee:<normalised name>" ...
    meeting                 "meeting:<committee>#<ordinal>"
    delegation              "delegation:<meeting>@<country>"
    event with an edition   "Event:<normalised name>#<ordinal>"
Dates become their ISO string; other values stay as they are.

Tests write expected names in ordinary Arabic spelling and build the keys with
`named`, `meeting` and `delegation`, which normalise them the way the pipeline does.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache

from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import extract_document
from ictgraph.model import DateValue, Document, EntityRef
from ictgraph.reference import load_reference
from ictgraph.text.normalize import normalize_key

RESOURCE = "https://w3id.org/ictgraph/resource/"

# Reference IRIs the tests use often, in their short form.
OMAN, QATAR, UAE, SAUDI, BAHRAIN, KUWAIT, EGYPT = (
    "country/om", "country/qa", "country/ae", "country/sa", "country/bh", "country/kw", "country/eg")
GCC, ARAB_LEAGUE = "org/gcc", "org/arab-league"
EXEC_EGOV = "committee/gcc-executive-egov"
MIN_EGOV = "committee/gcc-ministerial-egov"
MIN_POST_ICT = "committee/gcc-ministerial-post-ict"
UNDERSECRETARIES = "committee/gcc-undersecretaries-post-ict"
ARAB_BUREAU = "committee/arab-ict-executive-bureau"
ARAB_POST = "committee/arab-permanent-post"
ARAB_ICT = "committee/arab-permanent-ict"
CYBER_STRATEGY = "strategy/gcc-cyber-security-strategy"


@lru_cache(maxsize=1)
def _resources():
    reference = load_reference()
    return reference, Gazetteer.from_reference(reference)


def key(value) -> object:
    """The short form of a fact's subject or value."""
    if isinstance(value, DateValue):
        return value.iso
    if not isinstance(value, EntityRef):
        return value
    kind = value.key[0]
    if kind == "ref":
        return value.key[1][len(RESOURCE):] if value.key[1].startswith(RESOURCE) else value.key[1]
    if kind == "name":
        suffix = f"#{value.key[2]}" if len(value.key) > 2 else ""
        return f"{value.cls}:{value.key[1]}{suffix}"
    if value.cls == "Meeting":
        committee, ordinal = value.key
        return f"meeting:{key(committee)}#{ordinal}"
    if value.cls == "Delegation":
        meeting_, country = value.key
        return f"delegation:{key(meeting_)}@{key(country)}"
    return f"{value.cls}:{value.key!r}"


def named(cls: str, arabic: str, ordinal: int | None = None) -> str:
    """The short form of a named (non-reference) thing, from its name in ordinary spelling."""
    suffix = f"#{ordinal}" if ordinal else ""
    return f"{cls}:{normalize_key(arabic)}{suffix}"


def meeting(committee: str, ordinal: int) -> str:
    """A meeting key; committee is a short reference form or a named("Committee", ...) key."""
    return f"meeting:{committee}#{ordinal}"


def delegation(meeting_key: str, country: str) -> str:
    return f"delegation:{meeting_key}@{country}"


@dataclass
class Extracted:
    """The facts of one text: (subject, predicate, value) triples of short forms, and more."""

    triples: set[tuple[object, str, object]]
    rules: dict[tuple[object, str, object], set[str]]
    warnings: list[str]
    metadata: dict

    def values(self, subject: str, predicate: str) -> set:
        return {v for s, p, v in self.triples if s == subject and p == predicate}

    def subjects(self, predicate: str, value: object) -> set:
        return {s for s, p, v in self.triples if p == predicate and v == value}

    def of_type(self, cls: str) -> set:
        return self.subjects("type", cls)

    def has(self, subject: object, predicate: str, value: object) -> bool:
        return (subject, predicate, value) in self.triples

    def about(self, predicate: str) -> set[tuple[object, object]]:
        return {(s, v) for s, p, v in self.triples if p == predicate}


def extract(text: str, name: str = "test.txt") -> Extracted:
    """Run extract_document on `text` (an article, possibly one sentence)."""
    reference, gazetteer = _resources()
    document = Document(name, text, hashlib.sha256(text.encode("utf-8")).hexdigest())
    result = extract_document(document, reference, gazetteer)
    triples: set = set()
    rules: dict = {}
    for fact in result.facts:
        triple = (key(fact.subject), fact.predicate, key(fact.value))
        triples.add(triple)
        rules.setdefault(triple, set()).add(fact.evidence.rule)
    metadata = {k: key(v) for k, v in result.metadata.items()}
    return Extracted(triples, rules, result.warnings, metadata)


def meetings(found: Extracted) -> set[str]:
    """Every meeting key the text yields."""
    return found.of_type("Meeting")
