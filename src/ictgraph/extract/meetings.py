"""Numbered meetings: the ones an article reports and the ones it refers to.

A mention is a meeting noun with an ordinal and the committee it belongs to,
either named right after it (الاجتماع الثاني والعشرين للجنه ...), or the subject
of a holding verb before it (عقدت <committee> اجتماعها الخامس / الدوره العاديه ...),
or, for a possessive noun (اجتماعها الخامس، دورته ...), the committee named before it.
A mention is *reported* when the article tells of the meeting happening
(a reporting verb in the same clause, في اعمال ..., the headline), and
*referenced* when it only mentions its results or its past (نتائج، توصيات ...).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ictgraph.extract.committees import committee_label, committee_named_at, li, recent_committee, skip_space
from ictgraph.extract.context import DocumentContext, Sentence, cue_before
from ictgraph.extract.lexicon import alternation, compiled, patterns, word_start
from ictgraph.model import EntityRef
from ictgraph.text.numbers import ORDINAL_PATTERN, parse_number

_CLAUSE_BREAK = re.compile(r"[،,؛;]")
# What may host, hold or attend a meeting, or be where it is held.
_NAMED_PARTIES = ("Country", "Place", "GovernmentBody", "Committee", "RegionalOrganization", "Secretariat")
# At most this many words between a holding verb's subject committee and its meeting noun
# (an organisation tail, a place: "عقدت اللجنه ... بدول مجلس التعاون لدول الخليج العربيه اجتماعها").
_MAX_SUBJECT_GAP = 10
# At most this many characters between a holding verb and its meeting noun: room for fillers,
# a long committee name and the gap above.
_MAX_SUBJECT_REACH = 400


@dataclass
class MeetingMention:
    start: int
    end: int
    entity: EntityRef  # the Meeting
    committee: EntityRef
    ordinal: int
    reported: bool
    outcome: bool  # named as the source of results, recommendations or decisions
    sentence: Sentence
    organization: str | None = None  # from a tail like بدول المجلس


@lru_cache(maxsize=None)
def _meeting_regex() -> re.Pattern[str]:
    conf = patterns("meetings")
    qual = alternation(conf["qualifiers"], clitics=False)
    noun = alternation(conf["meeting_nouns"])
    poss = alternation(conf["possessive_meeting_nouns"])
    start = word_start([*conf["meeting_nouns"], *conf["possessive_meeting_nouns"]])
    return re.compile(
        rf"{start}(?:(?P<noun>{noun})|(?P<poss>{poss}))"
        rf"(?:\s+{qual})?\s*(?P<ord>{ORDINAL_PATTERN})(?:\s+{qual})?"
    )


def _label_noun(mention: str) -> str:
    """The noun a meeting's label starts with: a session (دورته، الدوره) or a meeting."""
    if "دور" in mention:
        return "الدورة"
    return "الجلسة" if "جلس" in mention else "الاجتماع"


def meeting_entity(committee: EntityRef, ordinal: int, label: str) -> EntityRef:
    return EntityRef("Meeting", (committee, ordinal), label)


def _named_just_before(ctx: DocumentContext, sentence: Sentence, pos: int) -> int | None:
    """Where the committee named right before pos begins (only a few words, no comma, between)."""
    named = ctx.mentions_in(sentence.start, pos, "Committee")
    if not named:
        return None
    last = named[-1]
    gap = ctx.norm.text[last.end:pos]
    if _CLAUSE_BREAK.search(gap) or len(gap.split()) > _MAX_SUBJECT_GAP:
        return None
    return last.start - len(last.prefix)


def _names_only(ctx: DocumentContext, start: int, end: int) -> bool:
    """Whether text[start:end] only names who or where: countries, places, bodies, committees
    or self-references (السلطنه), joined by the words of "ممثله في"."""
    text = ctx.norm.text
    mentions = [m for m in ctx.mentions_in(start, end, *_NAMED_PARTIES) if m.form != "hidden"]
    masked = list(text[start:end])
    for m in mentions:
        begin = max(0, m.start - len(m.prefix) - start)
        masked[begin:m.end - start] = " " * (m.end - start - begin)
    links = set(patterns("meetings")["subject_links"])
    rest = "".join(masked).split()
    named = bool(mentions)
    for word in rest:
        if ctx.is_self_reference(word):
            named = True
        elif word not in links:
            return False
    return named


def _same_clause(ctx: DocumentContext, start: int, end: int) -> bool:
    """Whether a verb ending at start and a meeting noun at end stand in one clause: no clause
    break between them, except one comma right after the verb's named subject or object
    ("استضافت المملكه المغربيه، الدوره ...")."""
    text = ctx.norm.text
    found = _CLAUSE_BREAK.search(text, start, end)
    if found is None:
        return True
    return not text[found.end():end].strip() and _names_only(ctx, start, found.start())


def _is_reported(ctx: DocumentContext, sentence: Sentence, start: int) -> tuple[bool, bool]:
    """(reported, outcome) for a meeting mention starting at start."""
    outcome = cue_before(ctx, "meetings", "outcome_cues", start, 40, sentence.start) is not None
    if not outcome:
        # "توصيات <committee> في اجتماعها الثلاثين": the cue stands before the committee's name.
        anchor = _named_just_before(ctx, sentence, start)
        cue = cue_before(ctx, "meetings", "outcome_cues", anchor, 40, sentence.start) if anchor else None
        outcome = cue is not None and not _CLAUSE_BREAK.search(ctx.norm.text, cue.end(), anchor)
    if outcome:
        return False, True
    if cue_before(ctx, "meetings", "past_cues", start, 60, sentence.start):
        return False, False
    if cue_before(ctx, "meetings", "reporting_cues", start, 10, sentence.start):
        return True, False
    verb = cue_before(ctx, "meetings", "reporting_verbs", start, 250, sentence.start)
    if verb and _same_clause(ctx, verb.end(), start):
        before = ctx.norm.text[max(sentence.start, verb.start() - 8):verb.start()]
        if not re.search(r"(?:الذي|التي)\s*$", before):
            return True, False
    return sentence.index == 0, False


# A generic word for a body ("قرارات اللجنه في اجتماعها"); "بدول المجلس" names an organisation.
_GENERIC_HEAD = re.compile(r"(?<!دول )(?<!\w)(?:[وف]?(?:ل|ب)?)(?:ال)?(?:لجنه|مكتب|مجلس)(?!\w)")


@lru_cache(maxsize=None)
def _filler() -> re.Pattern[str]:
    return re.compile(r"\s+" + alternation(patterns("meetings")["subject_fillers"]) + r"(?!\w)")


def subject_committee(ctx: DocumentContext, sentence: Sentence, pos: int) -> tuple[EntityRef, str | None] | None:
    """"عقدت <committee> [بدول المجلس] اجتماعها الخامس", "عقد <committee> الدوره ...": the
    committee a holding verb earlier in the clause has as its subject, known or not, with the
    organisation its tail names."""
    text = ctx.norm.text
    verb = None
    # Only a verb close enough for its subject to fit before pos can count; looking further
    # back would rescan a long sentence for every meeting noun in it.
    floor = max(sentence.start, pos - _MAX_SUBJECT_REACH)
    for verb in compiled("meetings", "holding_verbs").finditer(text, floor, pos):
        pass
    if verb is None or _CLAUSE_BREAK.search(text, verb.end(), pos):
        return None
    start = verb.end()
    while (skipped := _filler().match(text, start)) and skipped.end() < pos:
        start = skipped.end()
    named = committee_named_at(ctx, skip_space(text, start))
    if not named or named[1] > pos or len(text[named[1]:pos].split()) > _MAX_SUBJECT_GAP:
        return None
    return named[0], named[2]


def committee_turns(ctx: DocumentContext) -> list[tuple[int, EntityRef]]:
    """Un-numbered meeting nouns followed by a committee (اجتماع اللجنه التنفيذيه ...), in text
    order: where the text may turn back to a meeting of that committee it reported."""
    found = []
    numbered = {match.start() for match in ctx.text_matches(_meeting_regex())}
    for match in ctx.text_matches(compiled("meetings", "meeting_nouns")):
        if match.start() in numbered:
            continue
        named = committee_named_at(ctx, match.end())
        if named:
            found.append((match.start(), named[0]))
    return found


def _committee_turned_to(so_far: list[MeetingMention], turns: list[tuple[int, EntityRef]],
                         pos: int) -> EntityRef | None:
    """The committee whose reported meeting the text was last about before pos: the last reported
    meeting, or a later "اجتماع <committee>" that turns back to another reported one."""
    reported = [m for m in so_far if m.reported and m.start < pos]
    if not reported:
        return None
    committees = {m.committee for m in reported}
    last = reported[-1]
    for i in range(bisect_left(turns, pos, key=lambda turn: turn[0]) - 1, -1, -1):
        turn_pos, committee = turns[i]
        if turn_pos <= last.start:
            break
        if committee in committees:
            return committee
    return last.committee


def _possessive_committee(ctx: DocumentContext, sentence: Sentence, start: int,
                          so_far: list[MeetingMention],
                          turns: list[tuple[int, EntityRef]]) -> tuple[EntityRef | None, str | None]:
    """Whose meeting is "اجتماعها"? The subject of a holding verb before it (عقدت <committee>
    اجتماعها); else the committee named last in the sentence, unless a generic word (اللجنه،
    المكتب) stands after it: then the committee the text is about there."""
    subject = subject_committee(ctx, sentence, start)
    if subject:
        return subject
    named = [m for m in ctx.mentions_in(sentence.start, start, "Committee")]
    last_named_end = named[-1].end if named else sentence.start
    generic = [g for g in _GENERIC_HEAD.finditer(ctx.norm.text, last_named_end, start)]
    if named and not generic:
        return ctx.ref(named[-1]), None
    turned_to = _committee_turned_to(so_far, turns, start)
    if turned_to:
        return turned_to, None
    return recent_committee(ctx, start), None


def find_meetings(ctx: DocumentContext) -> list[MeetingMention]:
    """Every numbered meeting mention of the document, in text order."""
    mentions: list[MeetingMention] = []
    regex = _meeting_regex()
    turns: list[tuple[int, EntityRef]] | None = None  # found when a possessive first needs them
    for sentence in ctx.sentences:
        for match in regex.finditer(ctx.norm.text, sentence.start, sentence.end):
            ordinal = parse_number(match.group("ord"))
            if not ordinal or ordinal > 999:
                continue
            organization = None
            numbered = f"{_label_noun(match.group())} {ctx.original(match.start('ord'), match.end('ord'))} "
            if match.group("noun"):
                named = committee_named_at(ctx, match.end())
                if named:
                    committee, end, organization = named
                    label = ctx.original(match.start(), end)
                    if committee.key[0] == "ref" and not ctx.mentions_in(match.end(), end, "Committee"):
                        # A short form (للجنه) that refers back: label with the full name.
                        label = numbered + li(committee_label(ctx, committee))
                else:
                    # "عقد <committee> الدوره العاديه الثامنه": the committee is the verb's subject.
                    subject = subject_committee(ctx, sentence, match.start())
                    if not subject:
                        continue
                    committee, organization = subject
                    end = match.end()
                    label = numbered + li(committee_label(ctx, committee))
            else:
                if turns is None:
                    turns = committee_turns(ctx)
                committee, organization = _possessive_committee(ctx, sentence, match.start(), mentions, turns)
                if committee is None:
                    continue
                end = match.end()
                label = numbered + li(committee_label(ctx, committee))
            reported, outcome = _is_reported(ctx, sentence, match.start())
            mentions.append(MeetingMention(
                match.start(), end, meeting_entity(committee, ordinal, label), committee, ordinal,
                reported, outcome, sentence, organization))
    if mentions and not any(m.reported for m in mentions):
        for m in mentions:
            if not m.outcome:
                m.reported = True
                break
    return mentions


def meeting_of_committee(meetings: list[MeetingMention], committee: EntityRef) -> MeetingMention | None:
    """The reported meeting of a committee, when the article reports exactly one."""
    found = {m.entity for m in meetings if m.reported and m.committee == committee}
    if len(found) == 1:
        return next(m for m in meetings if m.reported and m.committee == committee)
    return None


def declare_meetings(ctx: DocumentContext, meetings: list[MeetingMention]) -> None:
    """Type, label, committee and ordinal of every meeting mention; the tail's organisation."""
    for m in meetings:
        rule = "meeting-" + ("reported" if m.reported else "referenced")
        ctx.declare(m.committee, m.sentence, rule)
        ctx.declare(m.entity, m.sentence, rule)
        ctx.add(m.entity, "ofCommittee", m.committee, m.sentence, rule)
        ctx.add(m.entity, "ordinal", m.ordinal, m.sentence, rule)
        if m.committee.key[0] == "name" and m.organization:
            org = ctx.reference.organization(m.organization)
            if org:
                org_ref = EntityRef("RegionalOrganization", ("ref", org))
                ctx.declare(org_ref, m.sentence, "committee-organization-tail")
                ctx.add(m.committee, "subOrganizationOf", org_ref, m.sentence,
                        "committee-organization-tail")


def meeting_anaphora(ctx: DocumentContext, meetings: list[MeetingMention]) -> list[tuple[int, MeetingMention]]:
    """Un-numbered mentions (اجتماع اللجنه التنفيذيه ...) of a committee whose one reported
    meeting the article gives: positions where the text turns to that meeting."""
    found = []
    numbered = {i for m in meetings for i in range(m.start, m.end)}
    for pos, committee in committee_turns(ctx):
        if pos in numbered:
            continue
        target = meeting_of_committee(meetings, committee)
        if target:
            found.append((pos, target))
    return found


@dataclass
class MeetingIndex:
    """The document's meeting mentions and the points where the text turns to a reported meeting."""

    mentions: list[MeetingMention]
    markers: list[tuple[int, MeetingMention]]

    @classmethod
    def build(cls, ctx: DocumentContext, mentions: list[MeetingMention]) -> "MeetingIndex":
        markers = [(m.start, m) for m in mentions if m.reported] + meeting_anaphora(ctx, mentions)
        markers.sort(key=lambda pm: pm[0])
        return cls(mentions, markers)

    def current(self, pos: int) -> MeetingMention | None:
        """The reported meeting the text at pos is about: the last one the text turned to,
        else (a headline before the body) the first one the article reports."""
        before = [m for p, m in self.markers if p <= pos]
        if before:
            return before[-1]
        return self.markers[0][1] if self.markers else None

    def reported(self) -> list[MeetingMention]:
        return [m for m in self.mentions if m.reported]

    def in_sentence(self, sentence: Sentence) -> list[MeetingMention]:
        return [m for m in self.mentions if m.sentence is sentence]

    def subject_meeting(self, ctx: DocumentContext, m: MeetingMention) -> MeetingMention | None:
        """The meeting a sentence's subject held: a reported meeting of a committee named
        before m in its sentence, else the meeting the text is about at m."""
        for named in reversed(ctx.mentions_in(m.sentence.start, m.start, "Committee")):
            if any(o.start <= named.start < o.end for o in self.mentions):
                continue
            target = meeting_of_committee(self.mentions, ctx.ref(named))
            if target:
                return target
        return self.current(m.start)
