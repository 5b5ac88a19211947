"""Arabic normalisation that remembers where each character came from.

Evidence quotes the original text, but patterns match a normalised form
(no diacritics or tatweel, one alef, ه for ة, ي for ى, ASCII digits).
Every normalised character keeps the index of the original character it
came from, so a match in the normalised text maps back to exact offsets.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

# Invisible format marks: zero-width space, joiners, bidi marks, embeddings and isolates,
# the Arabic letter mark, word joiner, byte-order mark and soft hyphen.
_INVISIBLE = frozenset(
    ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c",
     "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad",
     "\u061c", "\u2060"]
)
_TATWEEL = "\u0640"
# Spaces that are not the plain space: no-break, figure, narrow, thin and hair spaces, tab.
_SPACES = frozenset(["\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\t"])

# Characters dropped entirely: Arabic diacritics (harakat, tanwin, shadda,
# sukun, superscript alef), tatweel, and invisible format marks.
_DROP = set(
    [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", _TATWEEL, "\u06D6", "\u06D7", "\u06D8", "\u06D9", "\u06DA", "\u06DB", "\u06DC",
       "\u06DF", "\u06E0", "\u06E1", "\u06E2", "\u06E3", "\u06E4", "\u06E7", "\u06E8", "\u06EA",
       "\u06EB", "\u06EC", "\u06ED"]
) | _INVISIBLE

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ة": "ه", "ى": "ي", "ی": "ي", "ک": "ك",
    "–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-",
    "«": '"', "»": '"', "“": '"', "”": '"', "„": '"',
    "٬": ",", "٫": ".",
}
_MAP.update({space: " " for space in _SPACES})
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Extended (Persian) digits


def _is_presentation_form(ch: str) -> bool:
    return "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"


def _fold(ch: str) -> str:
    """One original character to its normalised string (possibly empty or several chars)."""
    if ch in _DROP:
        return ""
    if ch in _MAP:
        return _MAP[ch]
    if _is_presentation_form(ch):
        # Presentation forms (text copied from PDFs): NFKC gives the base letters.
        decomposed = unicodedata.normalize("NFKC", ch)
        if decomposed == ch:
            return ch  # no decomposition (the ornate parentheses ﴾ ﴿, symbols, unassigned)
        # An isolated diacritic form (U+FE70 ...) decomposes to a space and the
        # mark: the mark is dropped, and the space must not appear from nowhere.
        if decomposed[:1] == " " and all(c in _DROP for c in decomposed[1:]):
            return ""
        return "".join(_fold(c) for c in decomposed)
    return ch


# Every character _fold changes, with what it becomes. A text holds few of them: a regex finds
# them in C, where looking up every character (str.translate) or folding it in Python would not.
_PRESENTATION_FORMS = [ch for ch in map(chr, range(0xFB50, 0xFF00)) if _is_presentation_form(ch)]
_FOLDS = {ch: folded for ch in [*_DROP, *_MAP, *_PRESENTATION_FORMS] if (folded := _fold(ch)) != ch}
_FOLDED = re.compile("[" + "".join(map(re.escape, sorted(_FOLDS))) + "]")
# Those that do not fold to exactly one character: only around them is the offset map not
# the identity.
_RESIZED = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_FOLDS) if len(_FOLDS[ch]) != 1) + "]")


@dataclass(frozen=True)
class NormalizedText:
    """A normalised text and, for each of its characters, the original index.

    The map is kept as runs where both texts advance together, as (normalised start, original
    start): a text has few characters that fold to none or several (a diacritic, a ligature),
    and a tuple of one integer per character would cost more to build than the rest of the
    normalisation. `offsets` gives the map in full.
    """

    original: str
    text: str
    run_starts: tuple[int, ...] = field(repr=False)  # normalised index where each run begins
    run_origins: tuple[int, ...] = field(repr=False)  # original index it maps to

    @cached_property
    def offsets(self) -> tuple[int, ...]:
        """For each character of the normalised text, the index of the original one it came from."""
        return tuple(self.offset(i) for i in range(len(self.text)))

    def offset(self, i: int) -> int:
        """The original index of normalised character i (indexed as a tuple is: -1 is the last)."""
        if i < 0:
            i += len(self.text)
        if not 0 <= i < len(self.text):
            raise IndexError("normalised index out of range")
        if len(self.run_starts) == 1:
            return i  # nothing resized: most texts
        run = bisect_right(self.run_starts, i) - 1
        return self.run_origins[run] + i - self.run_starts[run]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text.

        The span takes along the diacritics written on its last letter, so that
        a quote never cuts a word's vowel marks off.
        """
        if end <= start:
            pos = self.offset(start) if start < len(self.text) else len(self.original)
            return pos, pos
        stop = self.offset(end - 1) + 1
        limit = self.offset(end) if end < len(self.text) else len(self.original)
        while stop < limit and self.original[stop] in _DROP and unicodedata.combining(self.original[stop]):
            stop += 1
        return self.offset(start), stop

    def original_slice(self, start: int, end: int) -> str:
        """The original characters behind a span of the normalised text."""
        a, b = self.original_span(start, end)
        return self.original[a:b]


def normalize(original: str) -> NormalizedText:
    """Normalise Arabic text, keeping a map from each output character to its source."""
    starts, origins = [0], [0]  # the runs of the map (see NormalizedText)
    folded = 0  # length of the normalised text of original[:mapped]
    mapped = 0
    for match in _RESIZED.finditer(original):
        index = match.start()
        folded += index - mapped  # each character before it folds to one
        for _ in _FOLDS[match.group()]:  # several characters from one: each its own run
            starts.append(folded)
            origins.append(index)
            folded += 1
        mapped = index + 1
        starts.append(folded)  # a later run of the same start supersedes this one
        origins.append(mapped)
    return NormalizedText(original, fold(original), tuple(starts), tuple(origins))


def fold(text: str) -> str:
    """The normalised text alone, without its offset map: normalize(text).text."""
    return _FOLDED.sub(lambda match: _FOLDS[match.group()], text)


def normalize_key(text: str) -> str:
    """A comparison key: normalised, whitespace collapsed, عبد joined to the name after it."""
    key = " ".join(fold(text).split())
    return key.replace("عبد ال", "عبدال")


_SPACE_RUN = re.compile(r" {2,}")
# What display_form changes besides runs of spaces; most names hold none of it.
_RENDERING = re.compile(
    "[" + "".join(map(re.escape, sorted(_INVISIBLE | _SPACES | {_TATWEEL}))) + "\ufb50-\ufdff\ufe70-\ufeff]"
)


def display_form(text: str) -> str:
    """A name as written, cleaned of what only rendering put there (for labels, not quotes).

    Presentation forms become their letters (a lam-alef ligature two letters), invisible
    format marks go and so does tatweel that stretches a word (not the one of "الـ14"),
    other spaces become one plain space; letters, hamza forms, diacritics and digits stay
    as written.
    """
    if not _RENDERING.search(text):
        return _SPACE_RUN.sub(" ", text) if "  " in text else text
    # After each position, the first character that is neither tatweel nor invisible.
    visible_after = [""] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        skip = text[i] == _TATWEEL or text[i] in _INVISIBLE
        visible_after[i] = visible_after[i + 1] if skip else text[i]
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch == _TATWEEL:
            following = visible_after[i + 1]
            if not following or following.isalpha() or _is_presentation_form(following):
                continue
            out.append(ch)
        elif ch in _SPACES:
            out.append(" ")
        elif _is_presentation_form(ch):
            # An isolated diacritic form (U+FE70 ...) is a space and the mark: keep the mark.
            out.append(unicodedata.normalize("NFKC", ch).lstrip(" ").replace(_TATWEEL, ""))
        else:
            out.append(ch)
    return _SPACE_RUN.sub(" ", "".join(out))
