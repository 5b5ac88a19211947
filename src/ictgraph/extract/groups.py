"""Working groups, events, agenda topics and the member countries of a body."""

from __future__ import annotations

import re
from functools import lru_cache

from ictgraph.extract.committees import recent_committee
from ictgraph.extract.context import DocumentContext
from ictgraph.extract.initiatives import read_name
from ictgraph.extract.lexicon import alternation, compiled, patterns, strip_clitics, word_start
from ictgraph.extract.meeting_details import place_in
from ictgraph.extract.meetings import MeetingIndex
from ictgraph.model import EntityRef
from ictgraph.text.dates import find_dates
from ictgraph.text.numbers import ORDINAL_PATTERN, parse_number


def _head_words(pattern_file: str, key: str) -> set[str]:
    """The first words of a head list: "فريق عمل" → "فريق"."""
    return {words.split()[0] for words in patterns(pattern_file)[key]}


def extract_working_groups(ctx: DocumentContext, index: MeetingIndex) -> None:
    """"فريق عمل X": a working group, discussed at the meeting the text is about; the
    committee it works under when the text says so (التابع للجنه ...)."""
    stops = set(patterns("initiatives")["name_stops"]) | {"و"} | {
        cue.split()[0] for cue in patterns("bodies")["working_group_parent_cues"]}
    head_words = _head_words("bodies", "working_group_heads")
    heads = compiled("bodies", "working_group_heads")
    for sentence in ctx.sentences:
        taken_until = sentence.start
        for match in heads.finditer(ctx.norm.text, sentence.start, sentence.end):
            if match.start() < taken_until:
                continue
            known = [m for m in ctx.mentions_in(match.start(), sentence.end, "WorkingGroup")
                     if m.start - len(m.prefix) == match.start()]
            if known:
                group = ctx.ref(known[0])
                end = known[0].end
            else:
                span = read_name(ctx, match.end(), sentence.end, stops, 7)
                if not span:
                    continue
                # "فريق عمل A وفريق عمل B": the next group's head ends this name.
                following = heads.search(ctx.norm.text, match.end(), span[1])
                if following:
                    span = (span[0], following.start())
                    while span[1] > span[0] and ctx.norm.text[span[1] - 1].isspace():
                        span = (span[0], span[1] - 1)
                if span[1] <= span[0]:
                    continue
                key, label = ctx.name_at(match.start(), span[1], head_words)
                group = EntityRef("WorkingGroup", ("name", key), label)
                end = span[1]
            taken_until = end
            ctx.declare(group, sentence, "working-group")
            meeting = index.current(match.start())
            if meeting:
                ctx.add(group, "discussedAt", meeting.entity, sentence, "working-group-discussed")
            parent_cue = compiled("bodies", "working_group_parent_cues").match(
                ctx.norm.text, end + 1) if end + 1 < sentence.end else None
            if parent_cue:
                parents = ctx.mentions_in(parent_cue.end(), parent_cue.end() + 80, "Committee")
                parent = ctx.ref(parents[0]) if parents else None
                if parent:
                    ctx.declare(parent, sentence, "working-group-parent")
                    ctx.add(group, "subOrganizationOf", parent, sentence, "working-group-parent")


@lru_cache(maxsize=None)
def _event_regex() -> re.Pattern[str]:
    conf = patterns("bodies")
    edition = alternation(conf["event_edition_nouns"])
    head = alternation(conf["event_heads"])
    start = word_start([*conf["event_edition_nouns"], *conf["event_heads"]])
    return re.compile(rf"{start}(?:{edition}\s+(?P<ord>{ORDINAL_PATTERN})\s+(?:من|ل)\s+)?(?P<head>{head})\s+")


def _before_location(ctx: DocumentContext, span: tuple[int, int]) -> tuple[int, int] | None:
    """An event name without the place that follows it: "مؤتمر ... في الدوحه", "ندوه ... باكسبو
    2020" end before في/ب + a place, a country or a venue word."""
    text = ctx.norm.text
    places = {m.start for m in ctx.mentions_in(span[0], span[1], "Place", "Country") if m.form != "hidden"}
    venues = set(patterns("bodies")["event_location_words"])
    words = list(re.finditer(r"\S+", text[span[0]:span[1]]))
    for i, word in enumerate(words[1:], 1):
        token, start = word.group(), span[0] + word.start()
        after_in = words[i - 1].group() == "في"
        if token.startswith("ب") and (start + 1 in places or token[1:] in venues or
                                      "ا" + token[2:] in venues and token.startswith("بال")):
            return (span[0], span[0] + words[i - 1].end())
        if after_in and (start in places or token in venues):
            return (span[0], span[0] + words[i - 2].end()) if i >= 2 else None
    return span


def extract_events(ctx: DocumentContext, index: MeetingIndex) -> None:
    """Conferences, awards, exhibitions, seminars: name, edition, dates, place, host."""
    conf = patterns("bodies")
    stops = set(conf["event_stops"])
    head_words = _head_words("bodies", "event_heads")
    for sentence in ctx.sentences:
        taken_until = sentence.start
        for match in _event_regex().finditer(ctx.norm.text, sentence.start, sentence.end):
            if match.start() < taken_until:
                continue  # "جائزه ومؤتمر ومعرض ...": one event, not three
            span = read_name(ctx, match.start("head"), sentence.end, stops, conf["max_event_words"])
            span = _before_location(ctx, span) if span else None
            if not span or len(ctx.norm.text[span[0]:span[1]].split()) < 2:
                continue
            taken_until = span[1]
            key, label = ctx.name_at(*span, head_words)
            ordinal = parse_number(match.group("ord")) if match.group("ord") else None
            event = EntityRef("Event", ("name", key, ordinal) if ordinal else ("name", key), label)
            ctx.declare(event, sentence, "event")
            if ordinal:
                ctx.add(event, "ordinal", ordinal, sentence, "event-edition")
            window_end = min(sentence.end, span[1] + 120)
            dates = find_dates(ctx.norm.text[span[1]:window_end])
            if dates:
                ctx.add(event, "date", dates[0].value, sentence, "event-date")
                if dates[0].end_value:
                    ctx.add(event, "endDate", dates[0].end_value, sentence, "event-date-range")
            place = place_in(ctx, span[1], window_end)
            if place:
                ctx.declare(place[0], sentence, "event-place")
                ctx.add(event, "heldIn", place[0], sentence, "event-place")
            host = compiled("meetings", "host_verbs").search(ctx.norm.text, max(sentence.start, match.start() - 80), match.start())
            if host:
                countries = [c for c in ctx.mentions_in(max(sentence.start, host.start() - 60), match.start(), "Country")
                             if getattr(c, "form", "label") != "hidden"]
                if countries:
                    country = ctx.ref(countries[-1])
                    ctx.declare(country, sentence, "event-host")
                    ctx.add(event, "hostedBy", country, sentence, "event-host")


def extract_topics(ctx: DocumentContext, index: MeetingIndex) -> None:
    """Agenda topics from the concept scheme, discussed at the meeting a sentence is about."""
    discussion = compiled("bodies", "discussion_verbs")
    for m in ctx.mentions:
        if m.cls != "Topic":
            continue
        sentence = ctx.sentence_at(m.start)
        if sentence is None or not ctx.sentence_matches(discussion, sentence):
            continue
        meeting = index.current(m.start)
        if not meeting:
            continue
        topic = ctx.ref(m)
        ctx.declare(topic, sentence, "topic")
        ctx.add(topic, "discussedAt", meeting.entity, sentence, "topic-discussed")


def extract_membership(ctx: DocumentContext) -> None:
    """"ويضم المكتب التنفيذي في عضويته مصر (رئيسا) والسعوديه ...": member countries and chair."""
    cues = compiled("bodies", "membership_cues")
    chair = compiled("bodies", "chair_markers", False)
    for sentence in ctx.sentences:
        cue = cues.search(ctx.norm.text, sentence.start, sentence.end)
        if not cue:
            continue
        named = ctx.mentions_in(sentence.start, cue.start(), "Committee")
        body = ctx.ref(named[-1]) if named else None
        if body is None:
            short = re.search(r"(?:يضم|تضم)\s+(\S+(?:\s+\S+)?)", ctx.norm.text[sentence.start:cue.start()])
            if short:
                head = strip_clitics(short.group(1).split()[0])
                body = recent_committee(ctx, sentence.start, head) or recent_committee(ctx, sentence.start)
        if body is None:
            continue
        ctx.declare(body, sentence, "membership")
        for country in ctx.mentions_in(cue.end(), sentence.end, "Country"):
            if getattr(country, "form", "label") == "hidden":
                continue
            ref = ctx.ref(country)
            ctx.declare(ref, sentence, "membership")
            ctx.add(body, "memberCountry", ref, sentence, "membership")
            after = ctx.norm.text[country.end:min(sentence.end, country.end + 15)]
            if re.match(r"\s*\(\s*", after) and chair.search(after):
                ctx.add(body, "chairCountry", ref, sentence, "membership-chair")


MENTIONED_CLASSES = ("Committee", "WorkingGroup", "RegionalOrganization", "GovernmentBody",
                     "Country", "Place", "Strategy")


def declare_named_references(ctx: DocumentContext) -> None:
    """Every organisation, committee, body, country or place the article names is mentioned
    in it, even when no rule says more about it (its documents are then complete)."""
    for m in ctx.mentions:
        if m.cls not in MENTIONED_CLASSES or m.form == "hidden":
            continue
        sentence = ctx.sentence_at(m.start)
        if sentence is not None:
            ctx.declare(ctx.ref(m), sentence, "reference-named")
