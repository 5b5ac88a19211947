"""The facts being compared, in one shape for the gold side and the graph side.

A gold file names a thing once; a graph resource may carry several labels.
Both become an Entity holding every name, so matching is the same code either
way. Graph items also keep their IRI, which tells two resources apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# Scored categories, in report order: (key, label shown in the table).
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("meetings", "meetings"),
    ("meeting_details", "meeting details"),
    ("people", "people"),
    ("person_details", "person details"),
    ("delegations", "delegations"),
    ("strategies", "strategies"),
    ("initiatives", "initiatives"),
    ("initiative_details", "initiative details"),
    ("services", "services"),
    ("service_details", "service details"),
    ("working_groups", "working groups"),
    ("working_group_details", "working group details"),
    ("events", "events"),
    ("event_details", "event details"),
    ("links", "links"),
)
CATEGORY_KEYS: tuple[str, ...] = tuple(key for key, _ in CATEGORIES)


@dataclass(frozen=True)
class Entity:
    """A person, body, country, place, strategy ... known by its names."""

    names: tuple[str, ...]
    iri: str = ""

    def describe(self) -> str:
        return self.names[0] if self.names else (self.iri or "?")


@dataclass(frozen=True)
class MeetingItem:
    """One numbered meeting of a committee."""

    committee: Entity | None
    ordinal: int | None
    iri: str = ""

    def describe(self) -> str:
        committee = self.committee.describe() if self.committee else "?"
        ordinal = self.ordinal if self.ordinal is not None else "?"
        return f"{committee} #{ordinal}"


Value = Union[Entity, MeetingItem, str, bool, int]


@dataclass(frozen=True)
class Detail:
    """One attribute of one thing: a meeting's date, a person's title ..."""

    owner: Entity | MeetingItem
    attr: str
    value: Value

    def describe(self) -> str:
        return f"{self.owner.describe()} | {self.attr} = {describe_value(self.value)}"


@dataclass(frozen=True)
class DelegationItem:
    """A country's delegation to a meeting and who headed it."""

    meeting: MeetingItem | None
    country: Entity | None
    head: Entity | None
    iri: str = ""

    def describe(self) -> str:
        parts = [describe_value(self.meeting), describe_value(self.country),
                 f"head {describe_value(self.head)}"]
        return " | ".join(parts)


@dataclass(frozen=True)
class LinkItem:
    """A meeting that reviewed the outcomes of another meeting."""

    meeting: MeetingItem
    reviewed: MeetingItem

    def describe(self) -> str:
        return f"{self.meeting.describe()} -> reviewed outcomes of {self.reviewed.describe()}"


Item = Union[Entity, MeetingItem, Detail, DelegationItem, LinkItem]


def describe_value(value: object) -> str:
    """A short human-readable form of an item or attribute value."""
    if value is None:
        return "?"
    if isinstance(value, bool):
        return "true" if value else "false"
    describe = getattr(value, "describe", None)
    return describe() if describe else str(value)


@dataclass
class Facts:
    """One document's facts, per category (keys of CATEGORIES)."""

    items: dict[str, list[Item]] = field(
        default_factory=lambda: {key: [] for key in CATEGORY_KEYS})

    def add(self, category: str, item: Item) -> None:
        # The same fact read twice is one fact.
        if item not in self.items[category]:
            self.items[category].append(item)
