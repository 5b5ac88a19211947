"""Find every mention of a reference resource in normalised Arabic text.

Matching is done on words, not characters: the text is cut into word tokens
(maximal runs of \\w), and the reference names are stored in a trie keyed by
their normalised words. At each word the matcher walks the trie as far as the
text allows and keeps the longest name found; the next search starts after it
(leftmost-longest, non-overlapping). Each position costs at most one walk as
deep as the longest name, so a text of n words costs O(n) whatever it holds:
no backtracking, unlike a regex alternation of a few hundred names with
optional proclitics, whose cost depends on the engine.

What Arabic spelling allows, and the matcher accepts:
- proclitics on the FIRST word only: و ف (conjunctions) then ب ل ك
  (prepositions), as in "وبمملكه البحرين", "لسلطنه عمان", "وقطر";
- ل before the article, which drops the article's alef: "للجنه" is ل + اللجنه
  (or ل + لجنه), "للحكومه" is ل + الحكومه;
- a conjunction written apart: "للاتصالات و المعلومات" for "والمعلومات";
- words of a name separated by spaces or one hyphen ("كوفيد-19", "كوفيد 19"),
  never by a line break or other punctuation.
A match never starts or ends inside a word: tokens are whole words, and only
the proclitic letters listed above may precede a name inside its first word.

A surface shared by several resources is reported once, with the preferred
reading in `iri` (by class, then form: a country before a city of the same
name) and the others in `alternatives`, so that the extractor can choose by
the article's country (two ministries with one name in two countries).
Blocking phrases (resources/patterns/gazetteer_blockers.json) are matched like
names but report nothing: "البريد الالكتروني" is e-mail, not the post.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate, compress
from pathlib import Path
from typing import Iterable

from ictgraph.errors import InputError
from ictgraph.io import read_json_object
from ictgraph.paths import PATTERNS_DIR
from ictgraph.reference import Reference
from ictgraph.text.normalize import normalize

BLOCKERS_FILE = PATTERNS_DIR / "gazetteer_blockers.json"

_WORD = re.compile(r"\w+")
_WORD_AND_GAP = re.compile(r"(\w+)")  # splits a text into gaps and (kept) words
# What may stand between two words of one name: spaces, or one hyphen.
_GAP = re.compile(r" +| *- *")
# Conjunction, then preposition; ordered so that the shortest prefix is tried first.
_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_CONJUNCTION = "و"

# Preference among resources that share a surface form.
_CLASS_ORDER = ("Country", "RegionalOrganization", "Committee", "WorkingGroup", "Secretariat",
                "GovernmentBody", "Strategy", "Initiative", "SharedService", "Event", "Topic",
                "Place")
_FORM_ORDER = ("label", "alt", "abbreviation", "hidden")


@dataclass(frozen=True)
class GazetteerMatch:
    """One mention: [start, end) in the normalised text, without the proclitic letters."""

    start: int
    end: int
    iri: str  # the preferred reading
    cls: str  # its contract class local name
    label: str  # the reference name that matched, as written in the reference file
    form: str  # "label" (rdfs:label), "alt", "hidden" (nisba adjective) or "abbreviation"
    prefix: str = ""  # proclitic letters just before start, inside the same word ("و", "وب", "ل")
    alternatives: tuple[str, ...] = ()  # other resources with the same name, preferred first


@dataclass(frozen=True)
class _Entry:
    rank: tuple
    iri: str
    cls: str
    label: str
    form: str


class _Node:
    __slots__ = ("children", "entries", "blocked", "_reading")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.entries: list[_Entry] = []
        self.blocked = False
        self._reading: tuple[str, str, str, str, tuple[str, ...]] | None = None

    @property
    def terminal(self) -> bool:
        return bool(self.entries) or self.blocked

    def reading(self) -> tuple[str, str, str, str, tuple[str, ...]]:
        """(iri, cls, label, form, alternatives) of a match of this name, made once."""
        if self._reading is None:
            best = self.entries[0]
            alternatives = tuple(e.iri for e in self.entries[1:])
            self._reading = best.iri, best.cls, best.label, best.form, alternatives
        return self._reading


def words(text: str) -> list[str]:
    """The normalised words of a name, as the matcher compares them."""
    return _WORD.findall(normalize(text).text)


class Gazetteer:
    """A word trie of every Arabic name and abbreviation of the reference data."""

    def __init__(self) -> None:
        self._root = _Node()
        # First word → (proclitic prefix, trie node) of each of its readings that begins a
        # name. The same words recur in every article, and most begin none.
        self._name_starts: dict[str, tuple[tuple[str, _Node], ...]] = {}

    @classmethod
    def from_reference(cls, reference: Reference, blockers: Iterable[str] | None = None) -> Gazetteer:
        """Index the reference names; blockers default to resources/patterns/gazetteer_blockers.json."""
        gazetteer = cls()
        for r in reference:
            class_rank = _CLASS_ORDER.index(r.cls) if r.cls in _CLASS_ORDER else len(_CLASS_ORDER)
            names = [("label", r.label_ar)] + [("alt", n) for n in r.alt_labels] \
                + [("hidden", n) for n in r.hidden_labels] \
                + [("abbreviation", n) for n in r.abbreviations]
            for form, name in names:
                rank = (class_rank, _FORM_ORDER.index(form), r.iri)
                gazetteer._add(words(name), _Entry(rank, r.iri, r.cls, name, form))
        for phrase in load_blockers() if blockers is None else blockers:
            gazetteer._node(words(phrase)).blocked = True
        return gazetteer

    def _node(self, tokens: list[str]) -> _Node:
        self._name_starts.clear()  # the trie changes: the readings found so far may too
        node = self._root
        for token in tokens:
            node = node.children.setdefault(token, _Node())
        return node

    def _add(self, tokens: list[str], entry: _Entry) -> None:
        if not tokens:
            return
        node = self._node(tokens)
        same = [e for e in node.entries if e.iri == entry.iri]
        if same and same[0].rank <= entry.rank:
            return  # one name listed twice (e.g. "كوفيد-19" and "كوفيد 19"): keep the stronger form
        node.entries = sorted([e for e in node.entries if e.iri != entry.iri] + [entry],
                              key=lambda e: e.rank)
        node._reading = None

    def find(self, text: str) -> list[GazetteerMatch]:
        """Every mention in `text` (already normalised), leftmost-longest, in text order."""
        # The text as strings [gap, word, gap, word, ..., gap] and the offsets where they begin:
        # a match object per word would cost more than all the rest of the search.
        pieces = _WORD_AND_GAP.split(text)
        words, gaps = pieces[1::2], pieces[0::2]  # gaps[j] stands right before words[j]
        offsets = list(accumulate(map(len, pieces), initial=0))  # words[i] is [2i+1, 2i+2]
        readings = list(map(self._name_starts.get, words))  # the cached ones; None if not yet
        if None in readings:
            readings = [self._starts(word) if found is None else found
                        for word, found in zip(words, readings)]
        matches: list[GazetteerMatch] = []
        i = 0
        for first in compress(range(len(words)), readings):  # the words that may begin a name
            if first < i:
                continue  # inside the name found last
            found = self._longest_at(readings[first], words, gaps, first)
            if found is None:
                continue
            prefix, end_word, node = found
            if node.entries:
                iri, cls, label, form, alternatives = node.reading()
                matches.append(GazetteerMatch(offsets[2 * first + 1] + len(prefix), offsets[2 * end_word],
                                              iri, cls, label, form, prefix, alternatives))
            i = end_word
        return matches

    def _starts(self, word: str) -> tuple[tuple[str, _Node], ...]:
        """(proclitic prefix, trie node) of every reading of a first word that begins a name."""
        found = self._name_starts.get(word)
        if found is None:
            found = self._name_starts[word] = tuple(
                (prefix, self._root.children[stem]) for prefix, stem in _first_word_readings(word)
                if stem in self._root.children)
        return found

    @staticmethod
    def _longest_at(starts: tuple[tuple[str, _Node], ...], words: list[str], gaps: list[str],
                    i: int) -> tuple[str, int, _Node] | None:
        """The longest name starting at word i, whose readings that begin a name are `starts`:
        (proclitic prefix, end word index, trie node). gaps[j] is the text between words j - 1
        and j."""
        best: tuple[str, int, _Node] | None = None
        for prefix, node in starts:
            j = i + 1
            last = (j, node) if node.terminal else None
            while j < len(words) and _joinable(gaps[j]):
                step, nxt = 1, node.children.get(words[j])
                if nxt is None and words[j] == _CONJUNCTION and j + 1 < len(words) \
                        and _joinable(gaps[j + 1]):
                    step, nxt = 2, node.children.get(_CONJUNCTION + words[j + 1])
                if nxt is None:
                    break
                node, j = nxt, j + step
                if node.terminal:
                    last = (j, node)
            if last and (best is None or last[0] > best[1]):
                best = (prefix, last[0], last[1])
        return best


def _joinable(gap: str) -> bool:
    """Whether the text between two words lets them belong to one name."""
    return gap == " " or _GAP.fullmatch(gap) is not None


def _first_word_readings(word: str) -> Iterable[tuple[str, str]]:
    """(proclitic prefix, word without it) for every way the first word may be read."""
    yield "", word
    for prefix in _PROCLITICS:
        rest = word[len(prefix):]
        if not word.startswith(prefix) or len(rest) < 2:
            continue
        yield prefix, rest
        if prefix.endswith("ل") and rest.startswith("ل"):
            # ل + الحكومه → للحكومه, ل + اللجنه → للجنه: the article's alef (and for a
            # word that starts with ل, the article's own ل) is not written.
            yield prefix, "ا" + rest
            yield prefix, "ال" + rest


def load_blockers(path: Path = BLOCKERS_FILE) -> list[str]:
    """The phrases that look like names but are not mentions."""
    phrases = read_json_object(path).get("phrases")
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise InputError(f"{path}: expected an object with a list of phrases \"phrases\"")
    return phrases
