"""What every rule needs to know about one document, computed once.

The normalised text and its offset map, the sentences, the reference-data
mentions, and the document's own metadata: publisher, dateline, date and the
country they imply (which resolves self-references like السلطنة or الدولة).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Iterator

from ictgraph.extract.gazetteer import Gazetteer, GazetteerMatch
from ictgraph.extract.lexicon import compiled, without_proclitics
from ictgraph.model import DateValue, Document, EntityRef, Evidence, Fact, Value
from ictgraph.reference import Reference
from ictgraph.text.dates import publication_date
from ictgraph.text.normalize import NormalizedText, display_form, normalize, normalize_key
from ictgraph.text.sentences import split_sentences

# A sign-off line like "/ العمانية /" or "(قنا)" alone on a line.
_SIGN_OFF = re.compile(r"^\s*[/(]\s*([^\s/()][^/()\n]{0,30}?)\s*[/)]\s*$", re.M)
# An agency tag inside the first line: "/ وام /", "(كونا)".
_INLINE_TAG = re.compile(r"/\s*([^/\n]{1,30}?)\s*/|\(\s*([^()\n]{1,30}?)\s*\)")
# A masthead "... | البيان" in the first lines.
_MASTHEAD = re.compile(r"\|\s*([^|\n]{2,30}?)\s*$", re.M)
# A dateline "الدوحه -" or "الدوحه (قنا) -" opening the text.
_DATELINE = re.compile(r"^\s*([^\s\-:،,]+(?:\s+[^\s\-:،,]+)?)\s*(?:\([^)\n]{1,20}\))?\s*-", re.M)


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int  # offsets into the normalised text
    end: int
    text: str


@dataclass
class DocumentContext:
    """One document, prepared for the rules; facts are collected here too."""

    document: Document
    reference: Reference
    gazetteer: Gazetteer
    norm: NormalizedText = field(init=False)
    sentences: list[Sentence] = field(init=False)
    mentions: list[GazetteerMatch] = field(init=False)
    facts: list[Fact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Committees created from their names in this document, with where they were named.
    named_committees: list[tuple[int, EntityRef]] = field(default_factory=list)
    # Start offsets of the sentences and mentions, for lookups by position in log time
    # (a long document has thousands of each), and each sentence quoted once (its original
    # span and text), however many facts cite it.
    _sentence_starts: list[int] = field(init=False, repr=False)
    _mention_starts: list[int] = field(init=False, repr=False)
    _quotes: dict[tuple[int, int], tuple[int, int, str]] = field(init=False, repr=False,
                                                                 default_factory=dict)
    _evidence: dict[tuple[int, int, str], Evidence] = field(init=False, repr=False, default_factory=dict)
    _originals: dict[tuple[int, int], str] = field(init=False, repr=False, default_factory=dict)
    _refs: dict[tuple[str, str, int, int], EntityRef] = field(init=False, repr=False, default_factory=dict)
    # The matches of a regex found so far, in a sentence or in the whole text (sentence_matches).
    _matches: dict[tuple, list[re.Match[str]]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.norm = normalize(self.document.text)
        text = self.norm.text
        self.sentences = [
            Sentence(i, a, b, text[a:b]) for i, (a, b) in enumerate(split_sentences(text))
        ]
        self._sentence_starts = [s.start for s in self.sentences]
        self.mentions = sorted(self.gazetteer.find(text), key=lambda m: (m.start, -m.end))
        self.mentions = [self._disambiguate(m) for m in self.mentions]
        self._mention_starts = [m.start for m in self.mentions]

    def _disambiguate(self, match: GazetteerMatch) -> GazetteerMatch:
        """A name several bodies share (وزاره الاتصالات وتكنولوجيا المعلومات in Qatar and in
        Egypt): the one of the country, or of the city, named last before it in its sentence with
        no other party entering between (اجتماعها بمدينه المنامه برئاسه مدير هيئه ...), else of
        the article's country, else of the first country or city named after it in its sentence,
        else of the country the article names most."""
        if not match.alternatives:
            return match
        readings = (match.iri, *match.alternatives)
        sentence = self.sentence_at(match.start)
        floor, ceiling = (sentence.start, sentence.end) if sentence else (0, len(self.norm.text))
        # The countries its sentence names, by name or by a city in them. Where another party
        # enters between (حيث ترأس ... وفد السلطنه، بمشاركه وفد ...), the place is where a meeting
        # was held, not whose body this is.
        geography = [m for m in self.mentions
                     if m.cls in ("Country", "Place") and floor <= m.start < ceiling and m.form != "hidden"
                     and self.reference.country_of(m.iri)]
        parties = compiled("meetings", "participant_cues")
        before = [self.reference.country_of(m.iri) for m in geography if m.start < match.start
                  and not parties.search(self.norm.text, m.end, match.start)][-1:]
        after = [self.reference.country_of(m.iri) for m in geography if m.start > match.start][:1]
        named = Counter(m.iri for m in self.mentions if m.cls == "Country" and m.form != "hidden")
        for iso in before + [self.country] + after + \
                [self.reference.country_of(iri) for iri, _ in named.most_common()]:
            if iso:
                chosen = self.reference.pick(readings, iso)
                if self.reference.country_of(chosen) == iso:
                    return replace(match, iri=chosen)
        return match

    # ----- metadata -------------------------------------------------------
    @cached_property
    def publisher(self) -> str | None:
        """The news agency or paper that signs the article, as written: a sign-off line
        ("/ العمانية /", "(قنا)", or a last line that is only the name: "وام"), an agency tag in
        the first line ("أبوظبي في 5 مارس / وام /", "الكويت - 5 - 3 (كونا) --", "... 2023 م واس",
        "القاهرة - أ ش أ"), or a masthead ("... | البيان")."""
        signatures = self._signatures
        return self.original(*signatures[0]) if signatures else None

    @cached_property
    def publisher_names(self) -> list[tuple[int, int]]:
        """Where the publisher signs (sign-off, agency tag, masthead): spans of the normalised
        text that hold a publisher's name, in text order."""
        return sorted(set(self._signatures))

    @cached_property
    def _signatures(self) -> list[tuple[int, int]]:
        """The spans of _publisher_spans that hold a publisher's name, most telling first
        (found once for publisher and publisher_names)."""
        text = self.norm.text
        return [(a, b) for a, b in self._publisher_spans()
                if a < b and self.reference.publisher_country(text[a:b].strip())]

    def in_publisher_name(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps a publisher's signature: "اليوم" in the masthead
        "... | المصري اليوم" is the paper's name, not a date."""
        return any(a < end and start < b for a, b in self.publisher_names)

    def _publisher_spans(self) -> Iterator[tuple[int, int]]:
        """Spans of the normalised text where a publisher's name may stand, most telling first."""
        text = self.norm.text
        lines = [m.span() for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
        if not lines:
            return
        for match in _SIGN_OFF.finditer(text):
            yield match.span(1)
        first_start, first_end = lines[0]
        for match in _INLINE_TAG.finditer(text, first_start, first_end):
            yield match.span(1) if match.group(1) is not None else match.span(2)
        yield lines[-1]
        head_end = lines[min(3, len(lines) - 1)][1]
        for match in _MASTHEAD.finditer(text, 0, head_end):
            yield match.span(1)
        if self._starts_with_place(first_start):
            last = re.search(r"(\S+)\s*$", text[first_start:first_end])
            yield first_start + last.start(1), first_start + last.end(1)
            dash = text.rfind("-", first_start, first_end)
            if dash >= 0:
                yield dash + 1, first_end

    def _starts_with_place(self, pos: int) -> bool:
        return any(m.cls == "Place" and m.start - len(m.prefix) == pos for m in self.mentions)

    @cached_property
    def dateline(self) -> GazetteerMatch | None:
        match = _DATELINE.match(self.norm.text)
        if not match:
            return None
        for mention in self.mentions:
            if mention.cls == "Place" and mention.start >= match.start(1) and mention.end <= match.end(1):
                return mention
        return None

    @cached_property
    def country(self) -> str | None:
        """ISO code of the country the article speaks from (publisher, else dateline)."""
        if self.publisher:
            return self.reference.publisher_country(self.publisher)
        if self.dateline:
            return self.reference.country_of(self.dateline.iri)
        return None

    @cached_property
    def date(self) -> DateValue | None:
        found = publication_date(self.norm.text)
        return found.value if found else None

    # ----- helpers for rules ---------------------------------------------
    def sentence_at(self, pos: int) -> Sentence | None:
        # Sentences are sorted and do not overlap: only the last one starting at or before pos
        # can hold it.
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def mentions_in(self, start: int, end: int, *classes: str,
                    starting_by: int | None = None) -> list[GazetteerMatch]:
        """The mentions inside [start, end) (of the given classes), optionally only those that
        start at or before starting_by."""
        # Mentions are sorted by start; one inside [start, end) starts within it.
        lo = bisect_left(self._mention_starts, start)
        hi = bisect_right(self._mention_starts, end if starting_by is None else min(end, starting_by))
        return [
            m for m in self.mentions[lo:hi]
            if m.end <= end and (not classes or m.cls in classes)
        ]

    def mentions_from(self, pos: int) -> Iterator[GazetteerMatch]:
        """The mentions that start at or after pos, in text order."""
        for i in range(bisect_left(self._mention_starts, pos), len(self.mentions)):
            yield self.mentions[i]

    def mentions_before(self, pos: int) -> Iterator[GazetteerMatch]:
        """The mentions that start before pos, nearest first."""
        for i in range(bisect_left(self._mention_starts, pos) - 1, -1, -1):
            yield self.mentions[i]

    def sentence_matches(self, regex: re.Pattern[str], sentence: Sentence) -> list[re.Match[str]]:
        """Every match of regex in a sentence, found once: a rule that asks the same question of
        a sentence for each thing named in it stays linear in a long sentence."""
        key = (regex.pattern, regex.flags, sentence.index)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = list(regex.finditer(self.norm.text, sentence.start, sentence.end))
        return found

    def text_matches(self, regex: re.Pattern[str]) -> list[re.Match[str]]:
        """Every match of regex in the whole text, found once: for a rule run more than once."""
        key = (regex.pattern, regex.flags, None)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = list(regex.finditer(self.norm.text))
        return found

    def first_match_from(self, regex: re.Pattern[str], sentence: Sentence, pos: int) -> re.Match[str] | None:
        """The first match of regex in the sentence that starts at or after pos."""
        matches = self.sentence_matches(regex, sentence)
        i = bisect_left(matches, pos, key=lambda m: m.start())
        return matches[i] if i < len(matches) else None

    def original(self, start: int, end: int) -> str:
        """The original characters behind a span of the normalised text, as a name shows them
        (no presentation forms, invisible marks or stretching: see display_form)."""
        found = self._originals.get((start, end))  # a name is labelled each time it is declared
        if found is None:
            found = self._originals[(start, end)] = display_form(self.norm.original_slice(start, end)).strip()
        return found

    def name_at(self, start: int, end: int, heads: Iterable[str] = ()) -> tuple[str, str]:
        """(key, label) of a name written at [start, end), without the proclitics of its first
        word when they are sure (see lexicon.without_proclitics): "وفريق عمل ..." is named
        "فريق عمل ...", "للمؤتمر ..." "المؤتمر ..."."""
        words = normalize_key(self.norm.text[start:end]).split()
        first = self.norm.text[start:end].split()[0]
        bare = without_proclitics(first, heads)
        key = " ".join([without_proclitics(words[0], heads)] + words[1:])
        if bare == first:
            return key, self.original(start, end)
        if first.endswith(bare):
            return key, self.original(start + len(first) - len(bare), end)
        # ل + "المؤتمر" is written "للمؤتمر": the article's alef is not written.
        return key, "ا" + self.original(start + len(first) - len(bare) + 1, end)

    def evidence(self, sentence: Sentence, rule: str) -> Evidence:
        # One (immutable) Evidence per sentence and rule: a rule states several facts per sentence.
        found = self._evidence.get((sentence.start, sentence.end, rule))
        if found is None:
            quoted = self._quotes.get((sentence.start, sentence.end))
            if quoted is None:
                a, b = self.norm.original_span(sentence.start, sentence.end)
                quoted = self._quotes[(sentence.start, sentence.end)] = a, b, self.document.text[a:b]
            found = self._evidence[(sentence.start, sentence.end, rule)] = \
                Evidence(self.document.name, *quoted, rule)
        return found

    def add(self, subject: EntityRef, predicate: str, value: Value, sentence: Sentence, rule: str) -> None:
        self.facts.append(Fact(subject, predicate, value, self.evidence(sentence, rule)))

    def declare(self, entity: EntityRef, sentence: Sentence, rule: str) -> None:
        """Record that an entity is mentioned: its type and, when known, its label as written."""
        self.add(entity, "type", entity.cls, sentence, rule)
        if entity.label and entity.key[0] != "ref":
            self.add(entity, "label", entity.label, sentence, rule)

    def is_self_reference(self, word: str) -> bool:
        """A word some country's press uses for itself (السلطنه، الدوله، المملكه)."""
        return bool(self.reference.self_reference(word))

    def self_reference_country(self, word: str) -> str | None:
        """The ISO code a self-reference (السلطنه، الدوله) stands for in this article."""
        candidates = self.reference.self_reference(word)
        if self.country and self.country in candidates:
            return self.country
        if len(candidates) == 1:
            return candidates[0]
        return None

    def ref(self, match: GazetteerMatch) -> EntityRef:
        # One (immutable) EntityRef per mention and reading: rules refer to a mention many times.
        key = (match.cls, match.iri, match.start, match.end)
        found = self._refs.get(key)
        if found is None:
            label = self.original(match.start, match.end)
            found = self._refs[key] = EntityRef(match.cls, ("ref", match.iri), label)
        return found

    def country_ref(self, iso: str) -> EntityRef | None:
        iri = self.reference.by_iso(iso)
        return EntityRef("Country", ("ref", iri)) if iri else None


def cue_before(ctx: DocumentContext, pattern_file: str, key: str, pos: int, window: int,
               floor: int = 0) -> re.Match[str] | None:
    """The last cue of a word list ending within `window` characters before pos."""
    start = max(floor, pos - window)
    found = None
    for match in compiled(pattern_file, key).finditer(ctx.norm.text, start, pos):
        found = match
    return found
