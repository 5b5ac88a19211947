"""Plain data passed between the pipeline's stages: no RDF here.

read → Document; extract → Fact (with Evidence); resolve → IRIs; rdf → triples.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Document:
    """One input article, decoded."""

    name: str  # the file name as given (the first, when the same bytes come under several)
    text: str  # the original text, as decoded (of an HTML page: its article text)
    sha256: str  # of the file's bytes
    encoding: str = "utf-8"
    media_type: str = "text/plain"  # or "text/html" for a saved web page
    names: tuple[str, ...] = ()  # every file name the same bytes were found under; () means (name,)

    def __post_init__(self) -> None:
        if not self.names:
            object.__setattr__(self, "names", (self.name,))


@dataclass(frozen=True)
class Evidence:
    """Where one statement was read: a span of the original text and the rule that read it."""

    document: str  # Document.name
    start: int  # code-point offset into Document.text
    end: int  # exclusive
    quote: str  # the original sentence
    rule: str


@dataclass(frozen=True)
class EntityRef:
    """A thing the text talks about, identified by its class and a stable key.

    key is ("ref", IRI) for reference data, ("name", normalised name) for a
    named thing, or a tuple of other EntityRefs and values for composite
    things (a meeting is its committee and ordinal).
    """

    cls: str  # contract class local name: "Meeting", "Person", ...
    key: tuple
    label: str | None = field(default=None, compare=False)  # as written, Arabic


@dataclass(frozen=True)
class DateValue:
    """A calendar date at the precision the text gives: YYYY-MM-DD, YYYY-MM or YYYY."""

    iso: str

    @property
    def precision(self) -> str:
        return {10: "day", 7: "month", 4: "year"}[len(self.iso)]


Value = Union[EntityRef, str, int, bool, DateValue]


@dataclass(frozen=True)
class Fact:
    """subject predicate value, with the evidence it was read from.

    predicate is a contract property local name ("ofCommittee", "ordinal",
    "label", ...).
    """

    subject: EntityRef
    predicate: str
    value: Value
    evidence: Evidence
