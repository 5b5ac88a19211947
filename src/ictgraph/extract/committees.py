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


def reference_committee_at(ctx: DocumentContext, pos: int, limit: int) -> tuple[EntityRef, int] | None:
    """A reference committee whose mention starts right after pos (only spaces or من between)."""
    for m in ctx.mentions_from(pos):
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


def _without_article(name: str) -> str:
    """A name with the article of its first word dropped: اللجنه التنفيذيه → لجنه التنفيذيه."""
    return name[2:] if name.startswith("ال") else name


def recent_committee(ctx: DocumentContext, pos: int, head: str | None = None) -> EntityRef | None:
    """The committee most recently named before pos, optionally one whose name starts with head.

    The head matches with or without its article: "اللجنه" refers back to "لجنه وكلاء ..." too."""
    bare = _without_article(head) if head else None

    def fits(name: str) -> bool:
        return head is None or name.startswith(head) or _without_article(name).startswith(bare)

    for m in ctx.mentions_before(pos):
        if m.cls != "Committee":
            continue
        if any(fits(label) for label in ctx.reference.labels(m.iri)):
            return ctx.ref(m)
        if head is None:
            return ctx.ref(m)
    earlier = [(start, entity) for start, entity in ctx.named_committees
               if start < pos and fits(entity.key[1])]
    return max(earlier, key=lambda item: item[0])[1] if earlier else None


def _child_of_named_parent(ctx: DocumentContext, short: str) -> EntityRef | None:
    """"للمكتب التنفيذي" in an article about the council of Arab ministers: the one reference
    committee that the short form begins and whose parent the article names."""
    named = {m.iri for m in ctx.mentions}
    bare = _without_article(short)
    found = {r.iri for r in ctx.reference.of_class("Committee")
             if r.parent in named and any(
                 label.startswith(short) or _without_article(label).startswith(bare)
                 for label in ctx.reference.labels(r.iri))}
    if len(found) != 1:
        return None
    iri = found.pop()
    return EntityRef("Committee", ("ref", iri), ctx.reference.label(iri, "ar"))


def committee_named_at(ctx: DocumentContext, pos: int) -> tuple[EntityRef, int, str | None] | None:
    """The committee named by the words starting at pos, with the end of its name and its organisation.

    A reference committee wins; then a generic short form referring back to the
    last committee it fits; then a new committee made from the words as written.
    """
    found = reference_committee_at(ctx, pos, pos + 6)
    if found:
        entity, end = found
        return entity, end, _tail_at(ctx.norm.text, skip_space(ctx.norm.text, end))
    conf = patterns("committees")
    text = ctx.norm.text
    window_end = min(len(text), pos + 200)
    # The words of the window are read one by one: a name stops after a few of them, and most
    # windows hold no committee head at all.
    words = _WORD.finditer(text, pos, window_end)
    head_word = next(words, None)
    if head_word is None:
        return None
    if head_word.group() == "من":
        head_word = next(words, head_word)
    heads = set(conf["committee_heads"])
    readings = clitic_variants(head_word.group()) & heads
    if not readings or text[pos:head_word.start()].strip() not in _GAP_WORDS:
        return None
    head = max(readings, key=len)
    # Every character but a space belongs to a word: the window's last word ends at its last one.
    window_words_end = pos + len(text[pos:window_end].rstrip())
    # "لمجلس التعاون", "للهيئه العامه ...": an organisation or a state body, not a committee.
    if any(m.start - len(m.prefix) == head_word.start()
           for m in ctx.mentions_in(head_word.start(), window_words_end,
                                    "RegionalOrganization", "GovernmentBody")):
        return None
    stops = set(conf["name_stops"])
    places = {m.start - len(m.prefix) for m in ctx.mentions
              if m.cls in ("Place", "Country") and m.form != "hidden"}
    taken = [head_word]
    organization = None
    for word in words:
        organization = _tail_at(text, word.start())
        token = word.group()
        # A name ends at a tail (بدول المجلس), a stop word, punctuation, a number or a place.
        if organization or token in stops or not token[0].isalpha() or word.start() in places:
            break
        if len(taken) >= conf["max_name_words"]:
            break
        taken.append(word)
    start, end = taken[0].start(), taken[-1].end()
    name = normalize_key(head + text[head_word.end():end])
    short_forms = set(conf["short_forms"])
    if name in short_forms or len(taken) == 1:
        earlier = recent_committee(ctx, start, name) or _child_of_named_parent(ctx, name)
        return (earlier, end, organization) if earlier else None
    # "المكتب التنفيذي للمجلس": a short form under "its" parent, the body the article names.
    if len(taken) >= 3 and clitic_variants(taken[-1].group()) & heads:
        short = name.rsplit(" ", 1)[0]
        if short in short_forms:
            parent_child = _child_of_named_parent(ctx, short)
            if parent_child:
                return parent_child, end, organization
    # An adjective right after the head (اللجنه الخليجيه ...) also tells the organisation.
    organization = organization or next(
        (item["organization"] for item in conf["organization_adjectives"]
         if taken[1].group() == item["adjective"]), None)
    _, original = ctx.name_at(start, end, heads)
    entity = EntityRef("Committee", ("name", name), original)
    ctx.named_committees.append((start, entity))
    return entity, end, organization


def skip_space(text: str, pos: int) -> int:
    """The first position at or after pos that is not a space."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def committee_label(ctx: DocumentContext, committee: EntityRef) -> str:
    """The committee's Arabic name: the reference label, else as written."""
    if committee.key[0] == "ref":
        return ctx.reference.label(committee.key[1], "ar") or committee.label or ""
    return committee.label or committee.key[1]


def li(label: str) -> str:
    """Arabic ل attached to a noun phrase: ل + ال contracts to لل (ل + اللجنة → للجنة,
    ل + الحكومة → للحكومة: the article's alef drops, and a noun's own ل merges with it)."""
    if label.startswith("الل"):
        return label[1:]
    return "ل" + label[1:] if label.startswith("ال") else "ل" + label
