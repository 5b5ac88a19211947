"""What the text says about a meeting: date, place or venue, virtual, host, chair,
and the earlier meetings whose outcomes it reviewed.

Details are read in a meeting's *window*: from the end of its mention to the next
meeting mention of the same sentence (at most a bounded number of characters),
so a detail is never given to the wrong one of two meetings in one sentence.
"""

from __future__ import annotations

import re

from ictgraph.extract.context import DocumentContext, Sentence, cue_before
from ictgraph.extract.lexicon import compiled, patterns
from ictgraph.extract.meetings import MeetingIndex, MeetingMention
from ictgraph.extract.people import PersonMention
from ictgraph.model import DateValue, EntityRef
from ictgraph.text.dates import find_dates

DATE_WINDOW = 90
DETAIL_WINDOW = 130
_PLACE_PREP = re.compile(r"(?:^|\s|\()(?:في|ب\S*|\()\s*$")


def window(meetings: list[MeetingMention], m: MeetingMention, size: int) -> tuple[int, int]:
    """[start, end) of the text that describes meeting m."""
    end = min(m.sentence.end, m.end + size)
    for other in meetings:
        if other.sentence is m.sentence and other.start > m.start:
            end = min(end, other.start)
            break
    return m.end, end


def _dates(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention]) -> None:
    start, end = window(meetings, m, DATE_WINDOW)
    reference = ctx.date if m.reported else None
    for found in find_dates(ctx.norm.text[start:end], reference):
        ctx.add(m.entity, "date", found.value, m.sentence, "meeting-date")
        if found.end_value:
            ctx.add(m.entity, "endDate", found.end_value, m.sentence, "meeting-date-range")
        return


def place_in(ctx: DocumentContext, start: int, end: int) -> tuple[EntityRef, str] | None:
    """A place, venue or country that the text at [start, end) says something was held in."""
    text = ctx.norm.text
    # Who chaired or attended comes after where: "برئاسه وزير ... بجمهوريه مصر" is no place.
    cut = compiled("meetings", "place_window_ends").search(text, start, end)
    end = cut.start() if cut else end
    venue = compiled("meetings", "venue_heads").search(text, start, end)
    candidates = [
        mm for mm in ctx.mentions_in(start, end, "Place", "Country")
        if getattr(mm, "form", "label") != "hidden"
    ]
    # A Place beats the country it lies in ("في العاصمه القطريه الدوحه").
    candidates.sort(key=lambda mm: (mm.cls != "Place", mm.start))
    for mm in candidates:
        lead = text[max(start, mm.start - 25):mm.start - len(getattr(mm, "prefix", "") or "")]
        if getattr(mm, "prefix", "").startswith(("ب", "وب")) or _PLACE_PREP.search(lead) or \
                re.search(r"(?:في|مدينه|العاصمه|\()\s*\S*\s*$", lead):
            if venue and venue.start() < mm.start:
                break
            return ctx.ref(mm), "meeting-place"
    if venue:
        words = re.findall(r"[^\s،,؛;:.()\"]+", text[venue.end():min(end, venue.end() + 40)])
        stops = set(patterns("meetings")["clause_breaks"]) | {"و", "في", "يوم"}
        name_words = []
        for word in words[:4]:
            if word in stops or word[0].isdigit():
                break
            name_words.append(word)
        if name_words:
            head = venue.group()
            head = head[1:] if head[:1] in "بوف" and len(head) > 3 else head
            name = " ".join([head] + name_words)
            original = ctx.original(venue.start(), venue.end() + len(text[venue.end():venue.end() + 40].split(name_words[-1], 1)[0]) + len(name_words[-1]))
            original = original[1:] if original[:1] in "بوف" else original
            return EntityRef("Place", ("name", name), original), "meeting-venue"
    return None


def _place(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention]) -> None:
    start, end = window(meetings, m, DETAIL_WINDOW)
    found = place_in(ctx, start, end)
    if found:
        place, rule = found
        ctx.declare(place, m.sentence, rule)
        ctx.add(m.entity, "heldIn", place, m.sentence, rule)


def _virtual(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention]) -> None:
    start, end = window(meetings, m, DETAIL_WINDOW)
    if compiled("meetings", "virtual_cues").search(ctx.norm.text, start, end):
        ctx.add(m.entity, "isVirtual", True, m.sentence, "meeting-virtual")
        return
    # "... وذلك عبر الاتصال المرئي" after the last meeting speaks of every meeting before it.
    if m.reported:
        for cue in compiled("meetings", "virtual_cues").finditer(ctx.norm.text, m.end, m.sentence.end):
            if re.search(r"وذلك\s*$", ctx.norm.text[max(m.sentence.start, cue.start() - 8):cue.start()]):
                ctx.add(m.entity, "isVirtual", True, m.sentence, "meeting-virtual-sentence")
                return


def _only_honorifics(text: str) -> bool:
    rest = compiled("people", "honorifics").sub(" ", text)
    return not rest.strip()


def _host(ctx: DocumentContext, m: MeetingMention) -> None:
    """"استضافت دوله قطر ... الاجتماع" or "دوله قطر تستضيف الاجتماع": the host country."""
    s = m.sentence
    for verb in compiled("meetings", "host_verbs").finditer(ctx.norm.text, s.start, m.start):
        countries = [c for c in ctx.mentions_in(verb.end(), min(s.end, verb.end() + 30), "Country")
                     if getattr(c, "form", "label") != "hidden"]
        countries += [c for c in ctx.mentions_in(max(s.start, verb.start() - 40), verb.start(), "Country")
                      if getattr(c, "form", "label") != "hidden"
                      and not ctx.norm.text[c.end:verb.start()].strip()]
        if countries:
            country = ctx.ref(countries[0])
            ctx.declare(country, s, "meeting-host")
            ctx.add(m.entity, "hostedBy", country, s, "meeting-host")
            return


def _chair(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention],
           people: list[PersonMention]) -> None:
    start, end = window(meetings, m, DETAIL_WINDOW)
    text = ctx.norm.text
    for cue in compiled("meetings", "chair_cues").finditer(text, start, end):
        if cue_before(ctx, "delegations", "delegation_nouns", cue.start(), 30, start):
            continue  # "وفد الدوله الذي ترأسه ..." heads a delegation, not the meeting
        for person in people:
            # Only honorifics may stand between the cue and the name.
            if cue.end() <= person.start <= cue.end() + 40 and \
                    _only_honorifics(text[cue.end():person.start]):
                ctx.add(m.entity, "chairedBy", person.entity, m.sentence, "meeting-chair")
                return


def _outcomes(ctx: DocumentContext, m: MeetingMention, index: MeetingIndex) -> None:
    """A meeting whose results the text reviews was reviewed by the meeting the text is about."""
    if not m.outcome:
        return
    reviewer = index.subject_meeting(ctx, m)
    if reviewer and reviewer.entity != m.entity:
        ctx.add(reviewer.entity, "reviewedOutcomesOf", m.entity, m.sentence, "meeting-reviewed-outcomes")


def extract_meeting_details(ctx: DocumentContext, index: MeetingIndex, people: list[PersonMention]) -> None:
    meetings = index.mentions
    for m in meetings:
        _dates(ctx, m, meetings)
        _place(ctx, m, meetings)
        _virtual(ctx, m, meetings)
        _host(ctx, m)
        _chair(ctx, m, meetings, people)
        _outcomes(ctx, m, index)


def first_date(ctx: DocumentContext, start: int, end: int, reference: DateValue | None):
    found = find_dates(ctx.norm.text[start:end], reference)
    return found[0] if found else None


__all__ = ["extract_meeting_details", "place_in", "window", "first_date", "Sentence"]
