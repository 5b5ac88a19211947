"""Delegations: who headed which country's delegation at which meeting(s).

"ترأس <person> وفد <country> المشارك في اعمال الاجتماع ..." and
"بمشاركه وفد <country> الذي ترأسه <person>"; self-references (وفد السلطنه،
وفد الدوله) mean the country the article speaks from.
"""

from __future__ import annotations

import re

from ictgraph.extract.context import DocumentContext, cue_before
from ictgraph.extract.lexicon import compiled
from ictgraph.extract.meetings import MeetingIndex, MeetingMention
from ictgraph.extract.people import PersonMention, only_honorifics
from ictgraph.model import EntityRef

_HEAD_WINDOW = 60
# At most this many characters between a heading verb and the delegation noun it governs
# (room for a name and a long title: "ترأس <person> <title> وفد").
_HEAD_VERB_REACH = 250
# At most this many words between a head's name (or title) and the delegation noun after it
# ("ترأس <person> اليوم الاربعاء وفد").
_MAX_HEAD_GAP = 3
# At most this many characters between a delegation noun and a heading cue that speaks of it:
# room for the longest country name (وفد الجمهوريه الجزائريه الديمقراطيه الشعبيه الذي ترأسه).
_DELEGATION_REACH = 120


def _country_after(ctx: DocumentContext, pos: int) -> tuple[EntityRef, int] | None:
    """The country a delegation noun at pos names: a country or a self-reference word."""
    text = ctx.norm.text
    for m in ctx.mentions_in(pos, pos + 40, "Country"):
        begin = m.start - len(getattr(m, "prefix", "") or "")
        if text[pos:begin].strip() == "" and getattr(m, "form", "label") != "hidden":
            return ctx.ref(m), m.end
        break
    word = re.match(r"\s*(\S+)", text[pos:pos + 30])
    if word and ctx.is_self_reference(word.group(1)):
        iso = ctx.self_reference_country(word.group(1))
        ref = ctx.country_ref(iso) if iso else None
        if ref:
            return EntityRef(ref.cls, ref.key, ctx.original(pos + word.start(1), pos + word.end(1))), \
                pos + word.end(1)
    return None


def _first_person_after(people: list[PersonMention], pos: int, limit: int) -> PersonMention | None:
    """The first person whose name or title starts in [pos, limit]."""
    for p in people:
        start = p.title_start if p.title_start is not None and p.title_start < p.start else p.start
        if pos <= start <= limit:
            return p
    return None


def _joins(gap: str) -> bool:
    """Whether the text between a head's name (or title) and a delegation noun keeps them in one
    clause: a few words at most, none that opens another clause."""
    words = re.findall(r"[^\s،,؛;:.()\"]+", gap)
    return len(words) <= _MAX_HEAD_GAP and not compiled("delegations", "head_clause_breaks").search(gap)


def _head(ctx: DocumentContext, start: int, end: int, sentence, people: list[PersonMention]):
    """The person who heads the delegation whose noun spans [start, end): named by a heading
    verb before it ("ترأس <person> وفد"), right after it when the verb or a head noun stands
    just before the noun ("ترأس وفد <country> <person>", "رئيس وفد <country> <person>"),
    or after a heading verb that follows it ("وفد <country> الذي ترأسه <person>")."""
    text = ctx.norm.text
    verbs = compiled("delegations", "head_verbs")
    before = None
    # A heading verb further back than a long name and title is not this noun's; bounding the
    # scan keeps a long sentence with many delegation nouns linear.
    for verb in verbs.finditer(text, max(sentence.start, start - _HEAD_VERB_REACH), start):
        before = verb
    if before and not text[before.end():start].strip():
        found = _first_person_after(people, end, min(sentence.end, end + _HEAD_WINDOW))
        if found:
            return found
    if before:
        # "ترأس <person> [title] وفد": the first person after the verb, if only a few words and
        # no new clause ("، وبمشاركه") stand between them and the noun; "برئاسه <chair>،
        # وبمشاركه وفد ..." names the meeting's chair, not this delegation's head.
        first = _first_person_after(people, before.end(), start)
        if first:
            said_end = max(first.end, first.title_end or 0)
            if said_end <= start and _joins(text[said_end:start]):
                return first
    head_noun = compiled("delegations", "head_nouns").search(text, max(sentence.start, start - 12), end)
    if head_noun:
        found = _first_person_after(people, end, min(sentence.end, end + 60))
        if found and only_honorifics(text[end:found.start]):
            return found
        # "<person>، رئيس وفد <country>": the person whose title is this head noun.
        for p in people:
            if p.title_start is not None and p.title_start <= head_noun.start() < p.title_end:
                return p
    after = verbs.search(text, end, min(sentence.end, end + _HEAD_WINDOW))
    if after:
        for p in people:
            if after.end() <= p.start <= after.end() + 25:
                return p
    return None


def heads_delegation(ctx: DocumentContext, pos: int, floor: int) -> bool:
    """Whether a heading cue at pos speaks of the delegation named right before it: "وفد
    <country> [الذي] ترأسه", "وفد <country> برئاسه", however long the country's name."""
    text = ctx.norm.text
    noun = None
    for noun in compiled("delegations", "delegation_nouns").finditer(
            text, max(floor, pos - _DELEGATION_REACH), pos):
        pass
    if noun is None:
        return False
    found = _country_after(ctx, noun.end())
    named_end = found[1] if found and found[1] <= pos else noun.end()
    gap = compiled("delegations", "relative_pronouns").sub(" ", text[named_end:pos])
    return not re.sub(r"[\s،,]", "", gap)


def _meetings_of(ctx: DocumentContext, index: MeetingIndex, sentence, pos: int) -> list[MeetingMention]:
    in_sentence = index.in_sentence(sentence)
    if ctx.first_match_from(compiled("meetings", "dual_meeting_nouns"), sentence, pos):
        reported = [m for m in in_sentence if m.reported]
        if len(reported) >= 2:
            return reported
    after = [m for m in in_sentence if m.start > pos]
    if after:
        return after[:1]
    before = [m for m in in_sentence if m.reported and m.start < pos]
    if before:
        return before[-1:]
    current = index.current(pos)
    return [current] if current else []


def extract_delegations(ctx: DocumentContext, index: MeetingIndex, people: list[PersonMention]) -> None:
    nouns = compiled("delegations", "delegation_nouns")
    for sentence in ctx.sentences:
        for noun in nouns.finditer(ctx.norm.text, sentence.start, sentence.end):
            found = _country_after(ctx, noun.end())
            if not found:
                continue
            country, end = found
            head = _head(ctx, noun.start(), end, sentence, people)
            for meeting in _meetings_of(ctx, index, sentence, noun.start()):
                label = ctx.original(noun.start(), end)
                delegation = EntityRef("Delegation", (meeting.entity, country), label)
                rule = "delegation"
                ctx.declare(country, sentence, rule)
                ctx.declare(delegation, sentence, rule)
                ctx.add(meeting.entity, "hasDelegation", delegation, sentence, rule)
                ctx.add(delegation, "delegationOf", country, sentence, rule)
                if head:
                    ctx.add(delegation, "headedBy", head.entity, sentence, "delegation-head")
                    ctx.add(head.entity, "citizenOf", country, sentence, "delegation-head-country")
            # The members a list after the delegation names serve its country.
            for person in people:
                if person.list_cue is not None and sentence.start <= person.list_cue < sentence.end \
                        and person.list_cue > noun.start():
                    ctx.add(person.entity, "citizenOf", country, person.sentence, "delegation-member-country")


__all__ = ["extract_delegations", "heads_delegation", "cue_before"]
