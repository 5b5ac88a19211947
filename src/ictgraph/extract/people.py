"""People: names after honorifics (السيد، الدكتور، معالي ...) or before a role title,
with the title as written, the body it names and the country it serves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice

from ictgraph.extract.context import DocumentContext, Sentence
from ictgraph.extract.lexicon import alternation, compiled, patterns, strip_clitics, without_proclitics
from ictgraph.model import EntityRef
from ictgraph.text.normalize import normalize_key

_WORD = re.compile(r"[^\s،,؛;:.()\"/|]+|[،,؛;:.()\"/|]")
_LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")
BODY_CLASSES = ("GovernmentBody", "Committee", "RegionalOrganization", "WorkingGroup")
PLACE_CLASSES = ("Place", "Country")


@dataclass
class PersonMention:
    start: int  # of the name, normalised offsets
    end: int
    entity: EntityRef
    sentence: Sentence
    title_start: int | None = None
    title_end: int | None = None
    list_cue: int | None = None  # where the member list that names this person begins


@lru_cache(maxsize=None)
def _honorifics() -> re.Pattern[str]:
    one = alternation(patterns("people")["honorifics"])
    # "المهندس/ احمد": Egyptian and Gulf papers put a slash after the honorific.
    return re.compile(rf"{one}(?:\s+{one})*(?:\s*/\s*|\s+)")


@lru_cache(maxsize=None)
def _bare_name_cues() -> re.Pattern[str]:
    # Contexts where a name may stand without an honorific.
    return re.compile(alternation(patterns("people")["bare_name_cues"]) + r"\s+")


@lru_cache(maxsize=None)
def _title_heads() -> frozenset[str]:
    return frozenset(w for w in patterns("people")["title_heads"] if " " not in w)


def _is_title_head(token: str) -> bool:
    """A word that starts a role title, with or without proclitics: وزير، ووزير، للمدير."""
    heads = _title_heads()
    return token in heads or without_proclitics(token, heads) in heads


@lru_cache(maxsize=None)
def _name_words() -> tuple[frozenset[str], frozenset[str]]:
    """The words that end a personal name, and the particles that cannot end one."""
    conf = patterns("people")
    return frozenset(conf["name_stops"]), frozenset(conf["name_particles"])


@lru_cache(maxsize=1 << 14)  # the same words follow honorifics from article to article
def _ends_name(token: str) -> bool:
    """Whether a word cannot be part of a personal name: a stop word or a title head, alone
    or after the conjunction و (وفي، والسيد), or an honorific (a second person begins)."""
    stops = _name_words()[0]
    if not token[0].isalpha() or token in stops or _is_title_head(token):
        return True
    bare = token[1:] if token.startswith("و") and len(token) > 2 else None
    if bare and bare in stops:
        return True
    return bool(_honorifics().match(token + " ")) or bool(bare and _honorifics().match(bare + " "))


def _read_name(ctx: DocumentContext, pos: int, end: int) -> tuple[int, int] | None:
    """The span of a personal name starting at pos: name words up to a stop or a title."""
    conf = patterns("people")
    particles = _name_words()[1]
    # Only the first max_name_words words can be taken: reading further would make a long
    # sentence with many honorifics quadratic.
    words = list(islice(_WORD.finditer(ctx.norm.text, pos, end), conf["max_name_words"]))
    # A name ends where a country, place, body or committee is named (a nisba like القطري may
    # be a family name, so those do not count).
    reach = words[-1].end() if words else pos
    named = {m.start - len(m.prefix) for m in ctx.mentions_in(pos, end, starting_by=reach)
             if m.form != "hidden"}
    taken: list[re.Match[str]] = []
    for word in words:
        token = word.group()
        if _ends_name(token) or word.start() in named:
            break
        if _LATIN_OR_DIGIT.search(token):
            break
        taken.append(word)
        if len(taken) >= conf["max_name_words"]:
            break
    while taken and taken[-1].group() in particles:
        taken.pop()
    key_tokens = normalize_key(" ".join(w.group() for w in taken)).split()
    if len(key_tokens) < 2:
        return None
    return taken[0].start(), taken[-1].end()


def _read_title(ctx: DocumentContext, pos: int, end: int) -> tuple[int, int] | None:
    """The span of a role title starting at pos (after an optional comma), if one starts there."""
    conf = patterns("people")
    # The words are read one by one: a title is a few of them, and most places start none.
    words = _WORD.finditer(ctx.norm.text, pos, min(end, pos + 250))
    first = next(words, None)
    if first is not None and first.group() in ("،", ","):
        first = next(words, None)
    if first is None or not _is_title_head(first.group()):
        return None
    head_noun = compiled("delegations", "head_nouns").match(ctx.norm.text, first.start())
    if head_noun:
        # "رئيس وفد السلطنه": the head of a delegation; the title ends with its country.
        rest = next((w for w in chain([first], words) if w.start() >= head_noun.end()), None)
        if rest and rest.group()[0].isalpha():
            country = [m for m in ctx.mentions_in(rest.start(), rest.start() + 60, "Country")
                       if m.start - len(m.prefix) == rest.start()]
            return first.start(), country[0].end if country else rest.end()
        return first.start(), head_noun.end()
    stops = compiled("people", "title_stops", False)
    taken = [first]
    for word in words:
        if stops.match(ctx.norm.text, word.start()) or not word.group()[0].isalnum():
            break
        taken.append(word)
        if len(taken) >= conf["max_title_words"]:
            break
    start, stop = taken[0].start(), taken[-1].end()
    # A title ends with the last body or country it names: what follows is another clause.
    inside = ctx.mentions_in(start, stop, *BODY_CLASSES, "Country")
    if inside:
        last = max(m.end for m in inside)
        tail = ctx.norm.text[last:stop].split()
        if tail and tail[0] != "بالانابه":
            stop = last
    return start, stop


def only_honorifics(text: str) -> bool:
    """Whether a stretch of text holds nothing but honorifics and spaces."""
    return not compiled("people", "honorifics").sub(" ", text).strip()


def lead_start(person: PersonMention) -> int:
    """Where the text naming a person begins: the role title when it comes first, else the name."""
    if person.title_start is not None and person.title_start < person.start:
        return person.title_start
    return person.start


def named_right_after(text: str, pos: int, person: PersonMention) -> bool:
    """Whether a person is named right at pos: after honorifics only ("برئاسه السيد <name>"), or
    after a role title and honorifics ("برئاسه وزير الاتصالات سعاده السيد <name>")."""
    if only_honorifics(text[pos:person.start]):
        return True
    lead = lead_start(person)
    return lead < person.start and only_honorifics(text[pos:lead]) and \
        only_honorifics(text[person.title_end:person.start])


def _title_before(ctx: DocumentContext, sentence: Sentence, pos: int) -> tuple[int, int] | None:
    """A role title that ends right before an honorific at pos: "وزير الاتصالات المهندس ...".

    It starts at the earliest title head of the words just before pos that are neither
    punctuation, a title stop nor a verb that opens a clause (قال، اكد ...)."""
    conf = patterns("people")
    stops = set(conf["title_stops"]) | set(conf["title_breaks"])
    words = list(_WORD.finditer(ctx.norm.text, max(sentence.start, pos - 250), pos))
    start = None
    for count, word in enumerate(reversed(words), 1):
        token = word.group()
        bare = token[1:] if token.startswith("و") and len(token) > 2 else token
        if count > conf["max_title_words"] or not token[0].isalnum() or token in stops or bare in stops:
            break
        if _is_title_head(token):
            start = word.start()
    if start is None:
        return None
    # Words before the earliest head ("ألقى" in "ألقى وزير ...") are not part of the title.
    return start, words[-1].end()


def _list_items(ctx: DocumentContext, first: PersonMention, cue: int) -> list[PersonMention]:
    """The names after the first of a member list: "كل من A مدير ...، وB، وC من ...".

    An item is و + a name; the list goes on while items are separated by commas, and
    crosses one sentence end only to an item that has a title or a comma after it."""
    text = ctx.norm.text
    items: list[PersonMention] = []
    pos = first.title_end or first.end
    crossed = False
    while True:
        gap = re.match(r"[\s،,.]*", text[pos:pos + 12])
        separator = gap.group()
        start = pos + gap.end()
        if not text.startswith("و", start):
            break
        if "." in separator:
            if crossed or items:
                break
            crossed = True
        elif "،" not in separator and "," not in separator and items:
            break
        sentence = ctx.sentence_at(start + 1)
        if sentence is None:
            break
        span = _read_name(ctx, start + 1, sentence.end)
        if not span:
            break
        title = _read_title(ctx, span[1], sentence.end)
        after = text[span[1]:span[1] + 2].strip()
        if "." in separator and not title and after not in ("،", ","):
            break
        item = _mention(ctx, sentence, span, title)
        item.list_cue = cue
        items.append(item)
        pos = title[1] if title else span[1]
    return items


def _inside_place_name(ctx: DocumentContext, pos: int) -> bool:
    """Whether pos lies inside the name of a place or country the gazetteer found (شرم الشيخ)."""
    # Mentions do not overlap: only the one that starts last at or before pos can hold it.
    for mention in ctx.mentions_before(pos + 1):
        return mention.cls in PLACE_CLASSES and mention.form != "hidden" and pos < mention.end
    return False


def find_people(ctx: DocumentContext) -> list[PersonMention]:
    """Every person mention with its title, in text order."""
    found: list[PersonMention] = []
    taken: set[int] = set()  # the offsets inside a name already read

    def take(span: tuple[int, int]) -> None:
        taken.update(range(span[0], span[1]))

    for sentence in ctx.sentences:
        for cue, needs_title in ((_honorifics(), False), (_bare_name_cues(), True)):
            for match in cue.finditer(ctx.norm.text, sentence.start, sentence.end):
                if needs_title and _honorifics().match(ctx.norm.text, match.end()):
                    continue  # "برئاسه الدكتور ...": the honorific reading names this person
                if _inside_place_name(ctx, match.start()):
                    continue  # "في شرم الشيخ على ...": الشيخ is part of the place's name
                span = _read_name(ctx, match.end(), sentence.end)
                if not span or span[0] in taken:
                    continue
                title = _read_title(ctx, span[1], sentence.end)
                if needs_title and not title:
                    continue
                if title is None and not needs_title:
                    title = _title_before(ctx, sentence, match.start())
                person = _mention(ctx, sentence, span, title)
                found.append(person)
                take(span)
                if needs_title and compiled("people", "member_list_cues").search(
                        ctx.norm.text, max(sentence.start, match.start() - 20), match.end()):
                    person.list_cue = match.start()
                    for item in _list_items(ctx, person, match.start()):
                        if item.start not in taken:
                            found.append(item)
                            take((item.start, item.end))
        # A headline "حمد المنصوري يترأس وفد ...": a bare name before a heading verb.
        if sentence.index > 2:
            continue
        head = re.match(r"[^\u0621-\u064a]*", ctx.norm.text[sentence.start:sentence.end])
        verb = compiled("people", "headline_verbs").search(ctx.norm.text, sentence.start, sentence.end)
        if verb:
            span = _read_name(ctx, sentence.start + head.end(), verb.start())
            if span and span[1] <= verb.start() and span[0] not in taken \
                    and not ctx.norm.text[span[1]:verb.start()].strip() \
                    and not ctx.mentions_in(span[0], span[1]):  # "دوله قطر تستضيف" is no person
                found.append(_mention(ctx, sentence, span, None))
                take(span)
    found.sort(key=lambda p: p.start)
    _link_member_lists(ctx, found)
    return found


def _link_member_lists(ctx: DocumentContext, people: list[PersonMention]) -> None:
    """"وفي عضويته كل من المهندس A مدير ...، والسيده B": people named with honorifics right
    after a member-list cue, and those that follow them separated only by a comma, و and
    honorifics, belong to that list."""
    text = ctx.norm.text
    cues = compiled("people", "member_list_cues")
    previous: PersonMention | None = None
    for p in people:
        if p.list_cue is None:
            lead_start = max(p.sentence.start, p.start - 60)
            lead = None
            for lead in cues.finditer(text, lead_start, p.start):
                pass
            if lead and only_honorifics(text[lead.end():p.start]):
                p.list_cue = lead.start()
            elif previous is not None and previous.list_cue is not None:
                gap = text[(previous.title_end or previous.end):p.start]
                joint = re.match(r"[\s،,]*و", gap)
                if joint and "." not in gap and only_honorifics(gap[joint.end():]):
                    p.list_cue = previous.list_cue
        previous = p


def _mention(ctx: DocumentContext, sentence: Sentence, span: tuple[int, int],
             title: tuple[int, int] | None) -> PersonMention:
    name = normalize_key(ctx.norm.text[span[0]:span[1]])
    entity = EntityRef("Person", ("name", name), ctx.original(*span))
    return PersonMention(span[0], span[1], entity, sentence,
                         title[0] if title else None, title[1] if title else None)


def _body_by_short_form(ctx: DocumentContext, word: str, pos: int) -> EntityRef | None:
    """بالوزاره / الهيئه in a title: the ministry or authority the article named last."""
    head = strip_clitics(word)
    for m in reversed(ctx.mentions):
        if m.start < pos and m.cls == "GovernmentBody" and any(
                label.startswith(head[2:] if head.startswith("ال") else head) or label.startswith(head)
                for label in ctx.reference.labels(m.iri)):
            return ctx.ref(m)
    return None


def _body_after_name(ctx: DocumentContext, p: PersonMention) -> EntityRef | None:
    """"غيث مزينه من المركز الوطني ...": a name followed by من and a body."""
    after = re.match(r"\s+من\s+", ctx.norm.text[p.end:p.end + 8])
    if not after:
        return None
    start = p.end + after.end()
    for body in ctx.mentions_in(start, start + 120, *BODY_CLASSES):
        if body.start - len(getattr(body, "prefix", "") or "") == start:
            ref = ctx.ref(body)
            ctx.declare(ref, p.sentence, "person-body-from")
            ctx.add(p.entity, "memberOf", ref, p.sentence, "person-body-from")
            return ref
        break
    return None


def _share_list_body(ctx: DocumentContext, people: list[PersonMention], bodies: dict[int, EntityRef]) -> None:
    """"وماجد آل علي، وغيث مزينه من المركز ...": in a member list, "من <body>" after an item
    also covers the items right before it that name neither a title nor a body."""
    for i, p in enumerate(people):
        body = bodies.get(i)
        if body is None or p.list_cue is None:
            continue
        for j in range(i - 1, -1, -1):
            q = people[j]
            if q.list_cue != p.list_cue or q.title_start is not None or j in bodies:
                break
            ctx.add(q.entity, "memberOf", body, q.sentence, "person-body-from-list")


def declare_people(ctx: DocumentContext, people: list[PersonMention]) -> None:
    """Type, name, role title, body and country of every person mention."""
    bodies_after: dict[int, EntityRef] = {}
    for i, p in enumerate(people):
        ctx.declare(p.entity, p.sentence, "person-name")
        if p.title_start is None:
            body = _body_after_name(ctx, p)
            if body:
                bodies_after[i] = body
            continue
        start, end = p.title_start, p.title_end
        countries = [m for m in ctx.mentions_in(start, end, "Country") if getattr(m, "form", "") != "hidden"]
        bodies = ctx.mentions_in(start, end, *BODY_CLASSES)
        title_end = end
        if countries and countries[-1].end == end:
            title_end = countries[-1].start - len(getattr(countries[-1], "prefix", "") or "")
        title = ctx.original(start, title_end).rstrip(" ،,")
        if title:
            ctx.add(p.entity, "roleTitle", title, p.sentence, "person-title")
        for body in bodies:
            ref = ctx.ref(body)
            ctx.declare(ref, p.sentence, "person-body")
            ctx.add(p.entity, "memberOf", ref, p.sentence, "person-body")
            country = ctx.reference.country_of(body.iri)
            if country and not countries:
                cref = ctx.country_ref(country)
                if cref:
                    ctx.declare(cref, p.sentence, "person-country-of-body")
                    ctx.add(p.entity, "citizenOf", cref, p.sentence, "person-country-of-body")
        if not bodies:
            for word in ctx.norm.text[start:end].split():
                if strip_clitics(word) in ("الوزاره", "الهيئه"):
                    ref = _body_by_short_form(ctx, word, start)
                    if ref:
                        ctx.declare(ref, p.sentence, "person-body-short-form")
                        ctx.add(p.entity, "memberOf", ref, p.sentence, "person-body-short-form")
                    break
        for country in countries[:1]:
            ref = ctx.ref(country)
            ctx.declare(ref, p.sentence, "person-country")
            ctx.add(p.entity, "citizenOf", ref, p.sentence, "person-country")
        if not countries and not any(ctx.reference.country_of(b.iri) for b in bodies):
            # "وكيله وزاره المواصلات الكويتيه": a nisba in the title tells the country served.
            nisbas = [m for m in ctx.mentions_in(start, end, "Country") if m.form == "hidden"]
            if nisbas:
                ref = ctx.ref(nisbas[0])
                ctx.declare(ref, p.sentence, "person-country-nisba")
                ctx.add(p.entity, "citizenOf", ref, p.sentence, "person-country-nisba")
    _share_list_body(ctx, people, bodies_after)
