"""Whether a gold item and a graph item state the same fact, per category."""

from __future__ import annotations

from collections.abc import Callable

from ictgraph.evaluation.items import DelegationItem, Detail, Entity, Item, LinkItem, MeetingItem
from ictgraph.evaluation.names import any_names_match, any_persons_match

Matcher = Callable[[object, object], bool]


def entities_match(a: object, b: object, min_tokens: int = 2) -> bool:
    return (isinstance(a, Entity) and isinstance(b, Entity)
            and any_names_match(a.names, b.names, min_tokens))


def places_match(a: object, b: object) -> bool:
    """Countries and places: one word is a name ("قطر" in "دولة قطر")."""
    return entities_match(a, b, min_tokens=1)


def people_match(a: object, b: object) -> bool:
    return (isinstance(a, Entity) and isinstance(b, Entity)
            and any_persons_match(a.names, b.names))


def meetings_match(a: object, b: object) -> bool:
    """Same ordinal and the committee names match."""
    return (isinstance(a, MeetingItem) and isinstance(b, MeetingItem)
            and a.ordinal is not None and a.ordinal == b.ordinal
            and entities_match(a.committee, b.committee))


def literals_match(a: object, b: object) -> bool:
    # type first: in Python True == 1, in the gold a boolean is not an ordinal.
    return type(a) is type(b) and a == b


# How an attribute's value is compared, by attribute name.
VALUE_MATCHERS: dict[str, Matcher] = {
    "date": literals_match,
    "end_date": literals_match,
    "ordinal": literals_match,
    "virtual": literals_match,
    "place": places_match,
    "host": places_match,
    "country": places_match,
    "led_by": places_match,
    "chair": people_match,
    "title": entities_match,
    "body": entities_match,
    "committee": entities_match,
    "derived_from": entities_match,
    "launched_at": meetings_match,
    "approved_at": meetings_match,
}

# How the owner of a detail is compared, by detail category.
OWNER_MATCHERS: dict[str, Matcher] = {
    "meeting_details": meetings_match,
    "person_details": people_match,
    "initiative_details": entities_match,
    "service_details": entities_match,
    "working_group_details": entities_match,
    "event_details": entities_match,
}


def delegations_match(a: object, b: object) -> bool:
    return (isinstance(a, DelegationItem) and isinstance(b, DelegationItem)
            and meetings_match(a.meeting, b.meeting)
            and places_match(a.country, b.country)
            and people_match(a.head, b.head))


def links_match(a: object, b: object) -> bool:
    return (isinstance(a, LinkItem) and isinstance(b, LinkItem)
            and meetings_match(a.meeting, b.meeting)
            and meetings_match(a.reviewed, b.reviewed))


def _details_matcher(category: str) -> Matcher:
    owner_match = OWNER_MATCHERS[category]

    def match(a: object, b: object) -> bool:
        if not (isinstance(a, Detail) and isinstance(b, Detail)) or a.attr != b.attr:
            return False
        value_match = VALUE_MATCHERS.get(a.attr, literals_match)
        return owner_match(a.owner, b.owner) and value_match(a.value, b.value)

    return match


_ITEM_MATCHERS: dict[str, Matcher] = {
    "meetings": meetings_match,
    "people": people_match,
    "delegations": delegations_match,
    "strategies": entities_match,
    "initiatives": entities_match,
    "services": entities_match,
    "working_groups": entities_match,
    "events": entities_match,
    "links": links_match,
    **{category: _details_matcher(category) for category in OWNER_MATCHERS},
}


def items_match(category: str, gold: Item, found: Item) -> bool:
    """True when the graph item `found` states the gold fact `gold`."""
    return _ITEM_MATCHERS[category](gold, found)
