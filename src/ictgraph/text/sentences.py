"""Paragraph and sentence spans of a normalised Arabic text.

News exports put one paragraph per line, so a line break always ends a
paragraph and a sentence. Inside a line, a sentence ends at . ! ? ؟ except
where a full stop is clearly something else: a decimal point or dotted date
(3.5), a single-letter abbreviation (د. سالم، ا.د.), a list number at the line
start (1. ...), a dot inside a word or URL (example.com). Nothing inside
parentheses ends a sentence: "(شرم الشيخ: 3/6/2021)". A colon never does.
A run-on "sentence" over MAX_SENTENCE_CHARS is cut at a comma or a space.
"""

from __future__ import annotations

import re
from typing import Iterator

_LINE_BREAKS = "\n\r\u2028\u2029\x0b\x0c\x85"
# A line without the whitespace around it: from its first to its last non-space character,
# never across a line break (every line break is a space character).
_TRIMMED_LINE = re.compile(rf"\S(?:[^{_LINE_BREAKS}]*\S)?")
# A letter or digit (str.isalnum): a word character that is not "_".
_ALNUM = re.compile(r"[^\W_]")
_TERMINATORS = ".!?؟"
_CLOSERS = "\"')]}"  # may follow a terminator and still belong to the sentence
_BULLETS = "*-•·▪●◦■►"
_BRACKETS = {"(": ")", "[": "]"}
# The only characters the scans below act on; the characters between them are skipped in C,
# not stepped through one by one in Python.
_BRACKET_CHAR = re.compile("[" + re.escape("".join(_BRACKETS) + "".join(_BRACKETS.values())) + "]")
_BREAK_OR_OPENING = re.compile("[" + re.escape(_TERMINATORS + "".join(_BRACKETS)) + "]")
# A bracket that does not close within this many characters is taken as a stray character.
_MAX_BRACKET_SPAN = 300
_ENUMERATOR = re.compile(r"\d{1,3}")
# A "sentence" longer than this (text without punctuation, a pasted table) is cut into pieces,
# at a clause break or else a space in the second half of each piece: every evidence quotes
# its sentence, so unbounded sentences would make the graph grow with the square of the text.
MAX_SENTENCE_CHARS = 1500
_CLAUSE_BREAKS = "،,؛;"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """[start, end) of every non-blank line, surrounding whitespace trimmed."""
    return list(paragraphs(text))


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """split_paragraphs(text), one at a time: for a caller that needs only the first few."""
    for line in _TRIMMED_LINE.finditer(text):
        yield line.span()


def _bullet_end(text: str, start: int, end: int) -> int:
    """Where a list item's text begins, if the line starts with a bullet; else start."""
    if start < end and text[start] in _BULLETS:
        after = start + 1
        # "-5" is a negative number, not a bullet.
        if text[start] == "-" and after < end and text[after].isdigit():
            return start
        return _trim(text, after, end)[0]
    return start


def _bracket_pairs(text: str, start: int, end: int) -> dict[int, int]:
    """Opening index -> closing index of the brackets that close within the line and the limit."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for bracket in _BRACKET_CHAR.finditer(text, start, end):
        j, ch = bracket.start(), bracket.group()
        if ch in _BRACKETS:
            stack.append(j)
        elif stack and ch == _BRACKETS[text[stack[-1]]]:
            opening = stack.pop()
            if j - opening <= _MAX_BRACKET_SPAN:
                pairs[opening] = j
    return pairs


def _is_arabic_letter(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" and ch.isalpha()


def _is_full_stop(text: str, i: int, line_start: int, end: int) -> bool:
    """Whether the "." at i ends a sentence."""
    prev = text[i - 1] if i > line_start else ""
    nxt = text[i + 1] if i + 1 < end else ""
    if prev.isdigit() and nxt.isdigit():
        return False  # 3.5, 3.6.2021
    if prev.isalpha() and (i - 1 == line_start or not text[i - 2].isalnum()):
        return False  # a single-letter abbreviation: د. ، ا.د.
    if _ENUMERATOR.fullmatch(text, line_start, i):
        return False  # "1. " opening a numbered item
    if not nxt or nxt.isspace() or nxt in _CLOSERS or nxt in _TERMINATORS:
        return True
    # No space after the stop: a sentence end only between two Arabic words
    # (a common typing slip), not inside a URL, a number or a Latin abbreviation.
    return _is_arabic_letter(prev) and _is_arabic_letter(nxt)


def _sentence_end(text: str, i: int, end: int) -> int:
    """End of the sentence whose terminator is at i: the run of terminators and closers after it."""
    j = i + 1
    while j < end and text[j] in _TERMINATORS:
        j += 1
    # A quote right after the stop closes the sentence only if nothing is glued to it.
    while j < end and text[j] in _CLOSERS and (
        j + 1 == end or text[j + 1].isspace() or text[j + 1] in _CLOSERS
    ):
        j += 1
    return j


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    sentence_start = start
    brackets = _bracket_pairs(text, start, end)
    i = start
    while candidate := _BREAK_OR_OPENING.search(text, i, end):
        i, ch = candidate.start(), candidate.group()
        if i in brackets:
            i = brackets[i] + 1
            continue
        if ch in _TERMINATORS and (ch != "." or _is_full_stop(text, i, start, end)):
            stop = _sentence_end(text, i, end)
            spans.append((sentence_start, stop))
            sentence_start = i = stop
            continue
        i += 1
    spans.append((sentence_start, end))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A span cut into pieces of at most MAX_SENTENCE_CHARS characters."""
    pieces = []
    while end - start > MAX_SENTENCE_CHARS:
        floor, limit = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        cut = max(text.rfind(ch, floor, limit - 1) for ch in _CLAUSE_BREAKS) + 1  # keep the comma
        if cut <= 0:
            cut = text.rfind(" ", floor, limit)
        if cut <= 0:
            cut = limit
        pieces.append((start, cut))
        start = cut
    pieces.append((start, end))
    return pieces


def split_sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of every sentence, trimmed; a list item's span leaves out its bullet.

    Spans without a letter or digit (a stray "." or "/") are dropped; a span longer than
    MAX_SENTENCE_CHARS is cut into pieces.
    """
    spans = []
    for line_start, line_end in paragraphs(text):
        content_start = _bullet_end(text, line_start, line_end)
        for sentence_start, sentence_end in _split_line(text, content_start, line_end):
            start, end = _trim(text, sentence_start, sentence_end)
            # (A span short enough is one piece, and trimmed already.)
            pieces = [_trim(text, *piece) for piece in _bounded(text, start, end)] \
                if end - start > MAX_SENTENCE_CHARS else [(start, end)]
            for start, end in pieces:
                if start < end and _ALNUM.search(text, start, end):
                    spans.append((start, end))
    return spans
