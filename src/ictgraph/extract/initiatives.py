"""Initiatives, platforms, systems and projects; strategies; joint e-services.

- launched: "اطلاق نظام ... (IP Reputation) بقياده الهيئه" → an initiative launched
  at the meeting the text is about, led by the body or country named;
- "مبادرتي ... بشان A و B" → two initiatives;
- "مبادرات ... مثل A، وB، وC" → one initiative per item of the list;
- "المبادره X" named in an agenda → an initiative discussed at the meeting;
- "المنبثقه عن الاستراتيجيه ..." → derived from that strategy;
- a decision to start N joint e-services followed by a bullet list → N services
  approved at the meeting (the stated count is checked against the items).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ictgraph.extract.context import DocumentContext, Sentence, cue_before
from ictgraph.extract.lexicon import alternation, compiled, patterns, strip_clitics
from ictgraph.extract.meetings import MeetingIndex
from ictgraph.model import EntityRef
from ictgraph.text.normalize import normalize_key
from ictgraph.text.numbers import parse_number

_WORD = re.compile(r"[^\s،,؛;:.()\"]+|[،,؛;:.()\"]")
_LATIN_PAREN = re.compile(r"\s*\(\s*([A-Za-z][A-Za-z0-9 .&/-]{1,60}?)\s*\)")
_NAME_CLASSES = ("Initiative", "SharedService")
_INITIATIVE_WORD = "مبادره"
_NAMED_INITIATIVE = re.compile(rf"(?<!\w)(?:[وف]?[بلك]?ال|[وف]?[بلك]?|[وف]?لل){_INITIATIVE_WORD}(?!\w)\s+")


def read_name(ctx: DocumentContext, pos: int, end: int, stops: set[str], max_words: int) -> tuple[int, int] | None:
    """A name's span from pos: words up to a stop word, punctuation or the word limit."""
    taken = []
    for word in _WORD.finditer(ctx.norm.text, pos, end):
        token = word.group()
        if token in stops or not token[0].isalnum():
            break
        taken.append(word)
        if len(taken) >= max_words:
            break
    while taken and taken[-1].group() in ("و", "في", "من", "علي", "الي", "عن"):
        taken.pop()
    return (taken[0].start(), taken[-1].end()) if taken else None


def _entity(ctx: DocumentContext, cls: str, start: int, end: int) -> EntityRef:
    key, label = ctx.name_at(start, end, _head_words())
    return EntityRef(cls, ("name", key), label)


@lru_cache(maxsize=None)
def _head_words() -> frozenset[str]:
    return frozenset(w for w in patterns("initiatives")["initiative_heads"] if " " not in w)


@lru_cache(maxsize=None)
def _launch_regex() -> re.Pattern[str]:
    conf = patterns("initiatives")
    verb = alternation(conf["launch_verbs"])
    head = alternation(conf["initiative_heads"])
    return re.compile(rf"{verb}\s+(?P<head>{head})\s+")


def _initiative_at(ctx: DocumentContext, start: int, end: int, sentence: Sentence, rule: str) -> EntityRef | None:
    conf = patterns("initiatives")
    span = read_name(ctx, start, end, set(conf["name_stops"]), conf["max_name_words"])
    if not span or len(ctx.norm.text[span[0]:span[1]].split()) < 2:
        return None
    entity = _entity(ctx, "Initiative", *span)
    ctx.declare(entity, sentence, rule)
    latin = _LATIN_PAREN.match(ctx.norm.text, span[1])
    if latin:
        ctx.add(entity, "labelEn", latin.group(1).strip(), sentence, rule + "-english-name")
    return entity


def _links(ctx: DocumentContext, entity: EntityRef, pos: int, sentence: Sentence,
           index: MeetingIndex, launched: bool) -> None:
    """launchedAt / discussedAt, ledBy and derivedFrom for an initiative named at pos."""
    meeting = index.current(pos)
    if meeting:
        predicate = "launchedAt" if launched else "discussedAt"
        ctx.add(entity, predicate, meeting.entity, sentence, f"initiative-{predicate}")
    led = ctx.first_match_from(compiled("initiatives", "led_cues"), sentence, pos)
    if led:
        leader = _leader(ctx, led.end(), sentence.end)
        if leader:
            ctx.declare(leader, sentence, "initiative-led-by")
            ctx.add(entity, "ledBy", leader, sentence, "initiative-led-by")
    derived = ctx.first_match_from(compiled("initiatives", "derived_cues"), sentence, pos)
    if derived:
        strategies = ctx.mentions_in(derived.end(), min(sentence.end, derived.end() + 10 + 80), "Strategy")
        if strategies:
            strategy = ctx.ref(strategies[0])
            ctx.declare(strategy, sentence, "initiative-derived-from")
            ctx.add(entity, "derivedFrom", strategy, sentence, "initiative-derived-from")


def _leader(ctx: DocumentContext, pos: int, end: int) -> EntityRef | None:
    """The body or country after بقياده: named, or a short form (الهيئه) naming the last one."""
    near = [m for m in ctx.mentions_in(pos, min(end, pos + 60), "GovernmentBody", "Country")
            if getattr(m, "form", "label") != "hidden"]
    if near and ctx.norm.text[pos:near[0].start - len(getattr(near[0], "prefix", "") or "")].strip() == "":
        return ctx.ref(near[0])
    word = re.match(r"\s*(\w+)", ctx.norm.text[pos:pos + 30])
    if not word:
        return None
    head = strip_clitics(word.group(1))
    iso = ctx.self_reference_country(head)
    if iso:
        return ctx.country_ref(iso)
    bare = head[2:] if head.startswith("ال") else head
    for m in reversed(ctx.mentions):
        if m.start < pos and m.cls == "GovernmentBody" and any(
                label.startswith(head) or label.startswith(bare) for label in ctx.reference.labels(m.iri)):
            return ctx.ref(m)
    return None


def _split_pair(ctx: DocumentContext, start: int, end: int) -> list[tuple[int, int]]:
    """"A وB" → A and B: split at the first و that leaves at least two words on each side."""
    text = ctx.norm.text
    # A و before a word without the article first (وتمكين), then one before the article (والتوقيع).
    for joint in (r"\sو(?!ال)(?=\w{3,})", r"\sو(?=ال\w{2,})"):
        for m in re.finditer(joint, text[start:end]):
            left, right = (start, start + m.start()), (start + m.start() + 2, end)
            if len(text[left[0]:left[1]].split()) >= 2 and len(text[right[0]:right[1]].split()) >= 2:
                return [left, right]
    return [(start, end)]


def extract_initiatives(ctx: DocumentContext, index: MeetingIndex) -> None:
    conf = patterns("initiatives")
    text = ctx.norm.text
    for sentence in ctx.sentences:
        launched_at: set[int] = set()
        for match in _launch_regex().finditer(text, sentence.start, sentence.end):
            entity = _initiative_at(ctx, match.start("head"), sentence.end, sentence, "initiative-launched")
            if entity:
                launched_at.add(match.start("head"))
                _links(ctx, entity, match.start(), sentence, index, launched=True)
        # Two initiatives in the dual: "مبادرتي <owner> بشان A وB".
        for match in compiled("initiatives", "dual_heads").finditer(text, sentence.start, sentence.end):
            about = re.compile(r"\s(?:بشان|حول|في مجال|ل)\s*").search(text, match.end(), sentence.end)
            if not about:
                continue
            span = read_name(ctx, about.end(), sentence.end,
                             set(conf["name_stops"]) - {"و"}, 2 * conf["max_name_words"])
            if not span:
                continue
            owner = [m for m in ctx.mentions_in(match.end(), about.start(), "Country", "GovernmentBody")]
            for part in _split_pair(ctx, *span):
                entity = _entity(ctx, "Initiative", *part)
                ctx.declare(entity, sentence, "initiative-pair")
                meeting = index.current(match.start())
                if meeting:
                    ctx.add(entity, "discussedAt", meeting.entity, sentence, "initiative-discussedAt")
                if owner:
                    leader = ctx.ref(owner[0])
                    ctx.declare(leader, sentence, "initiative-pair-owner")
                    ctx.add(entity, "ledBy", leader, sentence, "initiative-pair-owner")
        # A named initiative in an agenda: "المبادره العربيه لحوكمه الانترنت". (Looking for the
        # word costs less than running the regex, and most sentences do not hold it.)
        if _INITIATIVE_WORD not in sentence.text:
            continue
        for match in _NAMED_INITIATIVE.finditer(sentence.text):
            if sentence.start + match.start() in launched_at:
                continue  # "اطلاق مبادره ...": already read as launched
            entity = _initiative_at(ctx, sentence.start + match.start(), sentence.end, sentence,
                                    "initiative-named")
            if entity:
                _links(ctx, entity, sentence.start + match.start(), sentence, index, launched=False)


def _list_items(ctx: DocumentContext, start: int, end: int) -> list[tuple[int, int]]:
    """The items of "A، وB، وC" in [start, end): split at commas; the conjunction و that
    opens the later items is dropped when every later item has it; an organisation tail
    (لدول المجلس) or a parenthesis closing an item is not part of it."""
    text = ctx.norm.text
    parts = []
    pos = start
    for comma in list(re.finditer(r"[،,؛;]", text[start:end])) + [None]:
        stop = start + comma.start() if comma else end
        a, b = pos, stop
        while a < b and text[a].isspace():
            a += 1
        parts.append([a, b])
        pos = stop + 1
    later = [p for p in parts[1:] if p[0] < p[1]]
    if later and all(text[a] == "و" and text[a + 1:a + 2] not in (" ", "") for a, _ in later):
        for p in later:
            p[0] += 1
    items = []
    for a, b in parts:
        b = _without_tail(text, a, a + len(re.sub(r"\s*\([^()]*\)\s*$", "", text[a:b]).rstrip(" .\"")))
        if a < b:
            items.append((a, b))
    return items


def _without_tail(text: str, start: int, end: int) -> int:
    """The end of a name in [start, end) without an organisation tail closing it: "خدمه
    التقاعد والمعاشات بدول المجلس" is "خدمه التقاعد والمعاشات"."""
    for item in patterns("committees")["organization_tails"]:
        if text[start:end].endswith(" " + item["tail"]):
            return end - len(item["tail"]) - 1
    return end


def extract_initiative_lists(ctx: DocumentContext, index: MeetingIndex) -> None:
    """"مبادرات ... مثل A، وB، وC": every item is an initiative discussed at the meeting the
    text is about, derived from a strategy the list's noun names (مبادرات الاستراتيجيه X مثل).
    A list cut by a sentence end goes on in a next sentence that opens with و + the same kind
    of noun ("... وB.  ومبادرات C، وD")."""
    conf = patterns("initiatives")
    text = ctx.norm.text
    nouns = compiled("initiatives", "list_nouns")
    cues = compiled("initiatives", "list_cues")
    ends = compiled("initiatives", "list_ends")
    limit = conf["max_name_words"] + 3
    continuing = False
    for sentence in ctx.sentences:
        spans: list[tuple[int, int]] = []
        strategy = None
        opening = nouns.match(text, sentence.start)
        if continuing and opening and text[sentence.start] == "و":
            spans.append((opening.end(), sentence.end))
        continuing = False
        for cue in cues.finditer(text, sentence.start, sentence.end):
            noun = None
            for noun in nouns.finditer(text, max(sentence.start, cue.start() - 80), cue.start()):
                pass
            if noun is None or re.search(r"[،,؛;:.]", text[noun.end():cue.start()]):
                continue
            found = ctx.mentions_in(noun.end(), cue.start(), "Strategy")
            strategy = ctx.ref(found[0]) if found else None
            spans.append((cue.end(), sentence.end))
            break
        for start, end in spans:
            stop = ends.search(text, start, end)
            items = _list_items(ctx, start, stop.start() if stop else end)
            items = [i for i in items if 2 <= len(text[i[0]:i[1]].split()) <= limit]
            continuing = continuing or (stop is None and bool(items))
            meeting = index.current(start)
            for a, b in items:
                entity = _entity(ctx, "Initiative", a, b)
                ctx.declare(entity, sentence, "initiative-list-item")
                if meeting:
                    ctx.add(entity, "discussedAt", meeting.entity, sentence, "initiative-discussedAt")
                if strategy:
                    ctx.declare(strategy, sentence, "initiative-list-strategy")
                    ctx.add(entity, "derivedFrom", strategy, sentence, "initiative-list-strategy")


def extract_strategies(ctx: DocumentContext, index: MeetingIndex) -> None:
    """Every strategy named; approved or discussed at the meeting the sentence is about."""
    for m in ctx.mentions:
        if m.cls != "Strategy":
            continue
        sentence = ctx.sentence_at(m.start)
        if sentence is None:
            continue
        strategy = ctx.ref(m)
        ctx.declare(strategy, sentence, "strategy-named")
        meeting = index.current(m.start)
        if not meeting:
            continue
        if cue_before(ctx, "initiatives", "approve_cues", m.start, 20, sentence.start):
            ctx.add(strategy, "approvedAt", meeting.entity, sentence, "strategy-approved")
        elif compiled("bodies", "discussion_verbs").search(ctx.norm.text, sentence.start, m.start):
            ctx.add(strategy, "discussedAt", meeting.entity, sentence, "strategy-discussed")


def _is_bullet(ctx: DocumentContext, sentence: Sentence) -> bool:
    line_start = ctx.norm.text.rfind("\n", 0, sentence.start) + 1
    return ctx.norm.text[line_start:sentence.start].strip() in ("*", "-", "•", "·", "–")


def extract_services(ctx: DocumentContext, index: MeetingIndex) -> None:
    """Joint e-services listed after a decision to start or approve them."""
    conf = patterns("initiatives")
    text = ctx.norm.text
    nouns = compiled("initiatives", "service_nouns")
    for i, sentence in enumerate(ctx.sentences):
        s_text = sentence.text
        if not compiled("initiatives", "service_decision_verbs").search(s_text):
            continue
        noun = nouns.search(s_text)
        if not noun or not compiled("initiatives", "service_list_cues").search(s_text):
            continue
        if not (s_text.rstrip().endswith(":") or compiled("initiatives", "list_intro").search(s_text)):
            continue
        stated = parse_number(s_text[max(0, noun.start() - 12):noun.start()].split()[-1]) \
            if s_text[:noun.start()].split() else None
        items = []
        for follower in ctx.sentences[i + 1:]:
            if not _is_bullet(ctx, follower):
                break
            items.append(follower)
        meeting = index.current(sentence.start)
        for item in items:
            end = item.start + len(text[item.start:item.end].rstrip(" .،"))
            end = _without_tail(text, item.start, end)
            entity = EntityRef("SharedService", ("name", normalize_key(text[item.start:end])),
                               ctx.original(item.start, end))
            ctx.declare(entity, item, "service-list-item")
            if meeting:
                ctx.add(entity, "approvedAt", meeting.entity, item, "service-list-approved")
        if stated and stated != len(items):
            ctx.warnings.append(
                f"{ctx.document.name}: the text announces {stated} services but lists {len(items)}")


__all__ = ["extract_initiatives", "extract_strategies", "extract_services", "read_name"]
