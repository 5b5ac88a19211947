"""Functions rewritten for speed give what their former, plainer definitions gave.

Each former definition is kept here as the reference: sentence and paragraph spans, the
offset map of a normalised text, and the gazetteer's word-by-word search.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from hypothesis import given, settings
from hypothesis import strategies as st

from ictgraph.extract import gazetteer as gazetteer_module
from ictgraph.extract.gazetteer import Gazetteer, GazetteerMatch
from ictgraph.reference import load_reference
from ictgraph.text import sentences
from ictgraph.text.normalize import _DROP, fold, normalize


# ----- sentences ----------------------------------------------------------------------------

def former_paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    for line in re.finditer(r"[^\n\r\u2028\u2029\x0b\x0c\x85]+", text):
        start, end = sentences._trim(text, line.start(), line.end())
        if start < end:
            spans.append((start, end))
    return spans


def former_sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for line_start, line_end in former_paragraphs(text):
        content_start = sentences._bullet_end(text, line_start, line_end)
        for sentence_start, sentence_end in sentences._split_line(text, content_start, line_end):
            for start, end in sentences._bounded(text, *sentences._trim(text, sentence_start, sentence_end)):
                start, end = sentences._trim(text, start, end)
                if start < end and any(ch.isalnum() for ch in text[start:end]):
                    spans.append((start, end))
    return spans


_SENTENCE_PIECES = [
    "الاجتماع", "د", "3", "5", ".", ". ", "!", "؟", "?", " ", "  ", "\t", "\n", "\r\n", "\u2028",
    "\x0b", "\x1c", "\u00a0", "(", ")", "[", "]", "\"", "،", ",", "*", "- ", "-5", "•", "_", "x",
    "example.com", "1. ", "ا.د.",
]
_SENTENCE_TEXT = st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(_SENTENCE_TEXT)
def test_sentences_and_paragraphs_are_as_before(text: str) -> None:
    assert sentences.split_paragraphs(text) == former_paragraphs(text)
    assert sentences.split_sentences(text) == former_sentences(text)


def test_a_long_run_on_sentence_is_cut_as_before() -> None:
    text = ("كلمه " * 400 + "، ") * 3 + "x" * 2000 + " .\n" + "٣" * 1600
    assert sentences.split_sentences(text) == former_sentences(text)
    assert len(sentences.split_sentences(text)) > 3


# ----- the offset map -----------------------------------------------------------------------

def former_original_span(original: str, start: int, end: int) -> tuple[int, int]:
    offsets = [index for index, ch in enumerate(original) for _ in fold(ch)]
    if end <= start:
        pos = offsets[start] if start < len(offsets) else len(original)
        return pos, pos
    stop = offsets[end - 1] + 1
    limit = offsets[end] if end < len(offsets) else len(original)
    while stop < limit and original[stop] in _DROP and unicodedata.combining(original[stop]):
        stop += 1
    return offsets[start], stop


# Letters, dropped marks, ligatures that become two letters, presentation forms, other spaces.
_SOUP = st.text(alphabet=st.sampled_from(
    list("ابتةىأ ـ٣3.\n") + ["\u064b", "\u0651", "\u0670", "\u200f", "\ufeff", "\ufefb", "\ufdf2",
                            "\ufe70", "\ufe8d", "\ufd3e", "\u00a0"]), max_size=40)


@settings(max_examples=400, deadline=None)
@given(_SOUP, st.data())
def test_original_spans_are_as_before(original: str, data) -> None:
    norm = normalize(original)
    size = len(norm.text)
    start = data.draw(st.integers(0, size))
    end = data.draw(st.integers(start, size))
    assert norm.original_span(start, end) == former_original_span(original, start, end)
    assert norm.offsets == tuple(index for index, ch in enumerate(original) for _ in fold(ch))


# ----- the gazetteer ------------------------------------------------------------------------

_WORD = re.compile(r"\w+")


def former_find(gazetteer: Gazetteer, text: str) -> list[GazetteerMatch]:
    tokens = list(_WORD.finditer(text))

    def joinable(j: int) -> bool:
        return gazetteer_module._GAP.fullmatch(text, tokens[j - 1].end(), tokens[j].start()) is not None

    def longest_at(starts, i):
        best = None
        for prefix, node in starts:
            j = i + 1
            last = (j, node) if node.terminal else None
            while j < len(tokens) and joinable(j):
                step, nxt = 1, node.children.get(tokens[j].group())
                if nxt is None and tokens[j].group() == "و" and j + 1 < len(tokens) and joinable(j + 1):
                    step, nxt = 2, node.children.get("و" + tokens[j + 1].group())
                if nxt is None:
                    break
                node, j = nxt, j + step
                if node.terminal:
                    last = (j, node)
            if last and (best is None or last[0] > best[1]):
                best = (prefix, last[0], last[1])
        return best

    matches = []
    i = 0
    while i < len(tokens):
        starts = gazetteer._starts(tokens[i].group())
        found = longest_at(starts, i) if starts else None
        if found is None:
            i += 1
            continue
        prefix, end_token, node = found
        if node.entries:
            best = node.entries[0]
            matches.append(GazetteerMatch(
                start=tokens[i].start() + len(prefix), end=tokens[end_token - 1].end(),
                iri=best.iri, cls=best.cls, label=best.label, form=best.form, prefix=prefix,
                alternatives=tuple(e.iri for e in node.entries[1:])))
        i = end_token
    return matches


@lru_cache(maxsize=1)
def _gazetteer_and_words() -> tuple[Gazetteer, list[str]]:
    reference = load_reference()
    names = [name for r in reference for name in (r.label_ar, *r.alt_labels, *r.abbreviations) if name]
    words = sorted({word for name in names for word in gazetteer_module.words(name)})
    return Gazetteer.from_reference(reference), words


@st.composite
def _gazetteer_text(draw) -> str:
    _, words = _gazetteer_and_words()
    pieces = st.one_of(st.sampled_from(words), st.sampled_from(
        [" ", "  ", " - ", "-", "\n", "، ", ".", "و", "و ", "ل", "لل", "ب", "وب", "ال", "x", "19"]))
    return "".join(draw(st.lists(pieces, max_size=30)))


@settings(max_examples=300, deadline=None)
@given(_gazetteer_text())
def test_the_gazetteer_finds_what_it_found_before(text: str) -> None:
    gazetteer, _ = _gazetteer_and_words()
    assert gazetteer.find(text) == former_find(gazetteer, text)
