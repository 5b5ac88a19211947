"""Finding the committee a phrase names: a reference committee, a short form that
refers back to one named earlier (اللجنه الوزاريه), or a committee the reference
data does not know, created from its name as written and trimmed at its natural end.
"""

from __future__ import annotations

import re

from ictgraph.extract.context import DocumentContext
from ictgraph.extract.lexicon import clitic_variants, patterns
from ictgraph.model import EntityRef
from ictgraph.text.normalize import normalize_key

BODY_CLASSES = ("Committee", "WorkingGroup")
_WORD = re.compile(r"[^\s،,؛;:.()\"]+|[،,؛;:.()\"]")
_GAP_WORDS = {"", "من"}


def _words(text: str, start: int, end: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, start, end))


def reference_committee_at(ctx: DocumentContext, pos: int, limit: int) -> tuple[EntityRef, int] | None:
    """A reference committee whose mention starts right after pos (only spaces or من between)."""
    for m in ctx.mentions:
        if m.cls not in BODY_CLASSES:
            continue
        begin = m.start - len(getattr(m, "prefix", "") or "")
        if begin < pos:
            continue
        if begin > limit:
            break
        if ctx.norm.text[pos:begin].strip() in _GAP_WORDS:
            return ctx.ref(m), m.end
        break
    return None


def _tail_at(text: str, pos: int) -> str | None:
    """The organisation an organisation tail at pos names (بدول المجلس → GCC)."""
    rest = text[pos:pos + 60]
    for item in patterns("committees")["organization_tails"]:
        tail = item["tail"]
        if rest.startswith(tail) and (len(rest) == len(tail) or not rest[len(tail)].isalnum()):
            return item["organization"]
    return None


def recent_committee(ctx: DocumentContext, pos: int, head: str | None = None) -> EntityRef | None:
    """The committee most recently named before pos, optionally one whose name starts with head."""
    for m in reversed(ctx.mentions):
        if m.start >= pos or m.cls != "Committee":
            continue
        if head is None:
            return ctx.ref(m)
        labels = ctx.reference.labels(m.iri)
        if any(label.startswith(head) for label in labels):
            return ctx.ref(m)
    for entity in reversed(ctx.named_committees):
        if entity[0] < pos and (head is None or entity[1].key[1].startswith(head)):
            return entity[1]
    return None


def committee_named_at(ctx: DocumentContext, pos: int) -> tuple[EntityRef, int, str | None] | None:
    """The committee named by the words starting at pos, with the end of its name and its organisation.

    A reference committee wins; then a generic short form referring back to the
    last committee it fits; then a new committee made from the words as written.
    """
    found = reference_committee_at(ctx, pos, pos + 6)
    if found:
        entity, end = found
        return entity, end, _tail_at(ctx.norm.text, _skip_space(ctx.norm.text, end))
    conf = patterns("committees")
    text = ctx.norm.text
    words = _words(text, pos, min(len(text), pos + 200))
    if not words:
        return None
    first = 0
    if words[0].group() == "من" and len(words) > 1:
        first = 1
    heads = set(conf["committee_heads"])
    readings = clitic_variants(words[first].group()) & heads
    if not readings or text[pos:words[first].start()].strip() not in _GAP_WORDS:
        return None
    head = max(readings, key=len)
    stops = set(conf["name_stops"])
    taken = [words[first]]
    organization = None
    for word in words[first + 1:]:
        organization = _tail_at(text, word.start())
        if organization or word.group() in stops or not word.group()[0].isalnum():
            break
        if len(taken) >= conf["max_name_words"]:
            break
        taken.append(word)
    start, end = taken[0].start(), taken[-1].end()
    name = normalize_key(head + text[words[first].end():end])
    short_forms = set(conf["short_forms"])
    if name in short_forms or len(taken) == 1:
        earlier = recent_committee(ctx, start, name)
        return (earlier, end, organization) if earlier else None
    original = ctx.original(start, end)
    if original[:1] in "لب" and original[1:3] == "ال":
        original = original[1:]
    elif original.startswith("لل"):
        original = "ال" + original[2:]
    entity = EntityRef("Committee", ("name", name), original)
    ctx.named_committees.append((start, entity))
    return entity, end, organization


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def committee_label(ctx: DocumentContext, committee: EntityRef) -> str:
    """The committee's Arabic name: the reference label, else as written."""
    if committee.key[0] == "ref":
        return ctx.reference.label(committee.key[1], "ar") or committee.label or ""
    return committee.label or committee.key[1]


def li(label: str) -> str:
    """Arabic ل attached to a noun phrase: ل + ال contracts to لل."""
    return "لل" + label[2:] if label.startswith("ال") else "ل" + label
