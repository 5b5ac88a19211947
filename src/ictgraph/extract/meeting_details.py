"""What the text says about a meeting: date, place or venue, virtual, host, chair,
and the earlier meetings whose outcomes it reviewed.

Details are read in a meeting's *window*: from the end of its mention to the next
meeting mention of the same sentence (at most a bounded number of characters),
so a detail is never given to the wrong one of two meetings in one sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from ictgraph.extract.context import DocumentContext, Sentence, cue_before
from ictgraph.extract.delegations import heads_delegation
from ictgraph.extract.lexicon import alternation, compiled, patterns, strip_clitics
from ictgraph.extract.meetings import MeetingIndex, MeetingMention
from ictgraph.extract.people import PersonMention, lead_start, named_right_after
from ictgraph.model import DateValue, EntityRef
from ictgraph.text.dates import find_dates

DATE_WINDOW = 140  # an organisation tail (بدول مجلس التعاون ...) may stand before the date
# At most this many words between a chair's name (and title) and the meeting they chair.
_MAX_CHAIR_GAP = 4
DETAIL_WINDOW = 130
# How far before a meeting a demonstrative (تلك التوجيهات) may stand and still point past it;
# bounded so that a long sentence is not rescanned for every meeting in it.
_ANAPHOR_REACH = 250


@lru_cache(maxsize=None)
def _place_lead() -> re.Pattern[str]:
    """What stands right before a place a meeting was held in: في، بمدينه، "(" ...; after a
    city or capital word one adjective may follow (في العاصمه العمانيه مسقط)."""
    conf = patterns("meetings")
    cues = alternation(conf["place_cues"], clitics=False)
    towns = alternation(conf["place_nouns"])
    return re.compile(rf"(?:(?:^|[\s(]){cues}\s*|\(\s*|{towns}\s+(?:\S+\s+)?)$")


def window(meetings: list[MeetingMention], m: MeetingMention, size: int) -> tuple[int, int]:
    """[start, end) of the text that describes meeting m (meetings in text order)."""
    end = min(m.sentence.end, m.end + size)
    # Only the first meeting after m can cut its window, if it is in the same sentence.
    following = bisect_right(meetings, m.start, key=lambda o: o.start)
    if following < len(meetings) and meetings[following].sentence is m.sentence:
        end = min(end, meetings[following].start)
    return m.end, end


def _previous_ends(meetings: list[MeetingMention]) -> dict[int, list[int]]:
    """Sentence index → the sorted ends of its meeting mentions (found once, not per meeting)."""
    ends: dict[int, list[int]] = {}
    for o in meetings:
        ends.setdefault(o.sentence.index, []).append(o.end)
    return {index: sorted(values) for index, values in ends.items()}


def _floor(ends: dict[int, list[int]], m: MeetingMention) -> int:
    """Where the text that may speak of m begins: the end of the last meeting of its sentence
    that ends before it, else the sentence start."""
    values = ends.get(m.sentence.index, [])
    i = bisect_right(values, m.start)
    return values[i - 1] if i else m.sentence.start


def _dates(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention]) -> None:
    start, end = window(meetings, m, DATE_WINDOW)
    reference = ctx.date if m.reported else None
    for found in find_dates(ctx.norm.text[start:end], reference):
        if ctx.in_publisher_name(start + found.start, start + found.end):
            continue
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
        lead = text[max(start, mm.start - 40):mm.start - len(mm.prefix)]
        # A city or country named with في / ب beats a venue ("بمقر الامانه العامه بالقاهره").
        if mm.prefix.endswith("ب") or _place_lead().search(lead):
            return ctx.ref(mm), "meeting-place"
    if venue:
        words = list(re.finditer(r"[^\s،,؛;:.()\"]+", text[venue.end():min(end, venue.end() + 40)]))
        stops = set(patterns("meetings")["clause_breaks"]) | {"و", "في", "يوم"}
        name_words = []
        for word in words[:4]:
            if word.group() in stops or word.group()[0].isdigit():
                break
            name_words.append(word)
        if name_words:
            key, label = ctx.name_at(venue.start(), venue.end() + name_words[-1].end(),
                                     patterns("meetings")["venue_heads"])
            return EntityRef("Place", ("name", key), label), "meeting-venue"
    return None


def _place(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention]) -> None:
    start, end = window(meetings, m, DETAIL_WINDOW)
    found = place_in(ctx, start, end)
    if found:
        place, rule = found
        ctx.declare(place, m.sentence, rule)
        ctx.add(m.entity, "heldIn", place, m.sentence, rule)


def _virtual_cues(ctx: DocumentContext, start: int, end: int) -> list[re.Match[str]]:
    """Virtual-meeting cues in [start, end), except those that end another phrase (التعليم عن بعد)."""
    text = ctx.norm.text
    blockers = set(patterns("meetings")["virtual_cue_blockers"])
    found = []
    for cue in compiled("meetings", "virtual_cues").finditer(text, start, end):
        before = text[max(0, cue.start() - 20):cue.start()].split()
        if before and strip_clitics(before[-1]) in blockers:
            continue
        found.append(cue)
    return found


def _virtual(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention],
             sentence_cues: dict[int, list[re.Match[str]]]) -> None:
    start, end = window(meetings, m, DETAIL_WINDOW)
    if _virtual_cues(ctx, start, end):
        ctx.add(m.entity, "isVirtual", True, m.sentence, "meeting-virtual")
        return
    # "... وذلك عبر الاتصال المرئي" after the last meeting speaks of every meeting before it.
    if m.reported:
        # The cues of a sentence are found once, not once per meeting in it.
        if m.sentence.index not in sentence_cues:
            sentence_cues[m.sentence.index] = _virtual_cues(ctx, m.sentence.start, m.sentence.end)
        for cue in (c for c in sentence_cues[m.sentence.index] if c.start() >= m.end):
            if re.search(r"وذلك\s*$", ctx.norm.text[max(m.sentence.start, cue.start() - 8):cue.start()]):
                ctx.add(m.entity, "isVirtual", True, m.sentence, "meeting-virtual-sentence")
                return


def host_named_at(ctx: DocumentContext, pos: int, end: int) -> EntityRef | None:
    """The host country the words at pos name: a country, a self-reference (السلطنه), a city
    or a state body (استضافت وزاره ... the body's country)."""
    text = ctx.norm.text
    pos += re.match(r"\s*(?:من\s+)?", text[pos:end]).end()
    for mm in ctx.mentions_in(pos, end, "Country", "Place", "GovernmentBody"):
        if mm.form == "hidden":
            continue
        if mm.start - len(mm.prefix) != pos:
            break
        if mm.cls == "Country":
            return ctx.ref(mm)
        iso = ctx.reference.country_of(mm.iri)
        return ctx.country_ref(iso) if iso else None
    word = re.match(r"\S+", text[pos:end])
    if word and ctx.is_self_reference(word.group()):
        iso = ctx.self_reference_country(word.group())
        return ctx.country_ref(iso) if iso else None
    return None


def host_named_before(ctx: DocumentContext, pos: int, floor: int) -> EntityRef | None:
    """The host named right before a host verb at pos: "الكويت تستضيف ...", "ان المملكه ستستضيف"."""
    word = re.search(r"(\S+)\s*$", ctx.norm.text[max(floor, pos - 30):pos])
    if word and ctx.is_self_reference(word.group(1)):
        iso = ctx.self_reference_country(word.group(1))
        return ctx.country_ref(iso) if iso else None
    for mm in reversed(ctx.mentions_in(max(floor, pos - 60), pos, "Country", "Place", "GovernmentBody")):
        if mm.form == "hidden" or ctx.norm.text[mm.end:pos].strip():
            return None
        if mm.cls == "Country":
            return ctx.ref(mm)
        iso = ctx.reference.country_of(mm.iri)
        return ctx.country_ref(iso) if iso else None
    return None


def _host(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention], floor: int) -> None:
    """"استضافت دوله قطر ... الاجتماع", "دوله قطر تستضيف الاجتماع" or "الاجتماع ... باستضافه
    من دوله الكويت": the host country. A verb before the meeting hosts the first meeting after it."""
    s = m.sentence
    host = None
    for verb in compiled("meetings", "host_verbs").finditer(ctx.norm.text, floor, m.start):
        host = host_named_at(ctx, verb.end(), s.end) or host_named_before(ctx, verb.start(), s.start)
        if host:
            break
    if host is None:
        start, end = window(meetings, m, DETAIL_WINDOW)
        for noun in compiled("meetings", "host_nouns").finditer(ctx.norm.text, start, end):
            host = host_named_at(ctx, noun.end(), end)
            if host:
                break
    if host:
        ctx.declare(host, s, "meeting-host")
        ctx.add(m.entity, "hostedBy", host, s, "meeting-host")


def _chair_before(ctx: DocumentContext, m: MeetingMention, floor: int,
                  people: list[PersonMention]) -> PersonMention | None:
    """"ترأس <person> [title] [اليوم] اعمال <meeting>": the person a chairing verb before the
    meeting names, unless what they head is a delegation."""
    text = ctx.norm.text
    for verb in compiled("meetings", "chair_verbs").finditer(text, floor, m.start):
        for person in people:
            if verb.end() <= lead_start(person) and person.start < m.start \
                    and named_right_after(text, verb.end(), person):
                rest = text[max(person.end, person.title_end or 0):m.start]
                if not compiled("delegations", "delegation_nouns").search(rest) and \
                        len(rest.split()) <= _MAX_CHAIR_GAP:
                    return person
                break
    return None


def _chair(ctx: DocumentContext, m: MeetingMention, meetings: list[MeetingMention],
           people: list[PersonMention], floor: int) -> None:
    before = _chair_before(ctx, m, floor, people)
    if before:
        ctx.add(m.entity, "chairedBy", before.entity, m.sentence, "meeting-chair-verb")
        return
    start, end = window(meetings, m, DETAIL_WINDOW)
    text = ctx.norm.text
    for cue in compiled("meetings", "chair_cues").finditer(text, start, end):
        if cue_before(ctx, "delegations", "delegation_nouns", cue.start(), 30, start) or \
                heads_delegation(ctx, cue.start(), start):
            continue  # "وفد الدوله الذي ترأسه ..." heads a delegation, not the meeting
        for person in people:
            # Only honorifics, or a role title and honorifics, may stand between the cue and the name.
            if cue.end() <= lead_start(person) <= cue.end() + 40 and \
                    named_right_after(text, cue.end(), person):
                ctx.add(m.entity, "chairedBy", person.entity, m.sentence, "meeting-chair")
                return


def _outcomes(ctx: DocumentContext, m: MeetingMention, index: MeetingIndex) -> None:
    """A meeting whose results the text reviews was reviewed by the meeting the text is about."""
    if not m.outcome:
        return
    reviewer = index.subject_meeting(ctx, m)
    if reviewer and reviewer.entity != m.entity:
        ctx.add(reviewer.entity, "reviewedOutcomesOf", m.entity, m.sentence, "meeting-reviewed-outcomes")


def _anaphoric_review(ctx: DocumentContext, m: MeetingMention, index: MeetingIndex) -> None:
    """"توجيهات ... المنبثقه عن <meeting A>، حيث تمت مناقشه تلك التوجيهات في <meeting B>":
    B reviewed the outcomes of A, the meeting named before the demonstrative in the sentence."""
    s = m.sentence
    anaphor = None
    floor = max(s.start, m.start - _ANAPHOR_REACH)
    for anaphor in compiled("meetings", "outcome_anaphora").finditer(ctx.norm.text, floor, m.start):
        pass
    if anaphor is None:
        return
    sources = [o for o in index.in_sentence(s) if o.end <= anaphor.start() and o.entity != m.entity]
    if sources:
        ctx.add(m.entity, "reviewedOutcomesOf", sources[-1].entity, s, "meeting-reviewed-outcomes-anaphora")


def extract_meeting_details(ctx: DocumentContext, index: MeetingIndex, people: list[PersonMention]) -> None:
    meetings = index.mentions
    sentence_cues: dict[int, list[re.Match[str]]] = {}
    ends = _previous_ends(meetings)
    for m in meetings:
        _dates(ctx, m, meetings)
        _place(ctx, m, meetings)
        _virtual(ctx, m, meetings, sentence_cues)
        _host(ctx, m, meetings, _floor(ends, m))
        _chair(ctx, m, meetings, people, _floor(ends, m))
        _outcomes(ctx, m, index)
        _anaphoric_review(ctx, m, index)


def first_date(ctx: DocumentContext, start: int, end: int, reference: DateValue | None):
    found = find_dates(ctx.norm.text[start:end], reference)
    return found[0] if found else None


__all__ = ["extract_meeting_details", "place_in", "window", "first_date", "Sentence"]
