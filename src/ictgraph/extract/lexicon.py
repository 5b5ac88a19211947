"""Cue-word lists (resources/patterns/*.json) and the regular expressions built from them.

Every word list is data; this module only loads, checks and compiles it. Words are
normalised on load, so the files may be written in ordinary Arabic spelling.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from ictgraph.errors import InputError
from ictgraph.io import read_json_object
from ictgraph.paths import PATTERNS_DIR
from ictgraph.text.normalize import normalize
from ictgraph.text.wordlists import prefix_trie

# One Arabic proclitic cluster: a conjunction, then a preposition (ب، ل، ك).
_CONJUNCTIONS, _PREPOSITIONS = "وف", "بلك"
_CONJ = f"[{_CONJUNCTIONS}]?"
_PREP = f"[{_PREPOSITIONS}]?"


def _norm(word: str) -> str:
    return " ".join(normalize(word).text.split())


def _check(name: str, value: Any, path: str) -> Any:
    """Normalise every string; a list must hold non-empty strings or objects."""
    if isinstance(value, str):
        if not value.strip():
            raise InputError(f"{name}: empty string at {path}")
        return _norm(value) if not path.endswith("_about") else value
    if isinstance(value, list):
        return [_check(name, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: _check(name, item, f"{path}.{key}") for key, item in value.items()}
    if isinstance(value, (int, float, bool)):
        return value
    raise InputError(f"{name}: unsupported value at {path}")


@lru_cache(maxsize=None)
def patterns(name: str) -> dict[str, Any]:
    """The cue lists of resources/patterns/NAME.json, normalised."""
    path = PATTERNS_DIR / f"{name}.json"
    return _check(path.name, read_json_object(path), "$")


def _contracts(word: str) -> bool:
    """Whether ل + the word may be written لل (the article's alef dropped)."""
    return word.startswith("ال") and len(word) > 3


def _word_regex(word: str, clitics: bool) -> str:
    body = r"\s+".join(re.escape(part) for part in word.split())
    if not clitics:
        return body
    if _contracts(word):
        # ل + ال contracts to لل: "للجنه" for "ل" + "اللجنه".
        rest = r"\s+".join(re.escape(part) for part in word[2:].split())
        return f"(?:{_CONJ}{_PREP}{body}|{_CONJ}لل{rest})"
    return f"(?:{_CONJ}{_PREP}{body})"


def alternation(words: Iterable[str], *, clitics: bool = True) -> str:
    """A regex matching any of the words as whole words (longest first), with proclitics."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"
    # The engine tries every alternative at every position, and most positions are inside a
    # word: when every word needs a word start, test that once, before the alternatives.
    shared_start = all(word[:1].isalnum() for word in ordered)
    parts = []
    for word in ordered:
        regex = _word_regex(word, clitics and word[:1].isalpha())
        before = r"(?<!\w)" if word[:1].isalnum() and not shared_start else ""
        after = r"(?!\w)" if word[-1:].isalnum() else ""
        parts.append(f"{before}{regex}{after}")
    gate = _gate(ordered, clitics)
    either = f"(?:{gate}(?:" + "|".join(parts) + "))"
    return f"(?:{_word_boundary(gate)}{either})" if shared_start else either


def word_start(words: Iterable[str], *, clitics: bool = True) -> str:
    """A zero-width test that holds wherever alternation(words) can match (not only there).

    Put before a pattern that begins with one of several alternations, it lets the engine
    pass over a position with one test rather than one for each alternation.
    """
    distinct = set(words)
    if not distinct:
        return "(?!)"
    gate = _gate(distinct, clitics)
    return (_word_boundary(gate) if all(word[:1].isalnum() for word in distinct) else "") + gate


def _word_boundary(gate: str) -> str:
    r"""The test that no letter or digit stands before, for a gate of words that all begin with
    a letter or digit: there it is the same as the cheaper \b (a boundary either way)."""
    return r"\b" if gate else r"(?<!\w)"


def _gate(words: Iterable[str], clitics: bool) -> str:
    """A lookahead on the first word of every alternative of alternation(words), as one trie
    (see prefix_trie): it rejects at once a position where no alternative can begin, and
    where one can, the alternation runs as it would without it. Each proclitic a word may
    carry is spelled out (و، وب، لل ...), so that the trie is walked without backtracking.
    "" when a blank word (which matches anywhere) leaves nothing to test."""
    firsts = []
    for word in words:
        parts = word.split()
        if not parts:
            return ""
        if not (clitics and word[:1].isalpha()):
            firsts.append(parts[0])
            continue
        firsts += [c + p + parts[0] for c in ["", *_CONJUNCTIONS] for p in ["", *_PREPOSITIONS]]
        if _contracts(word):
            rest = word[2:].split()
            if not rest:
                return ""
            firsts += [c + "لل" + rest[0] for c in ["", *_CONJUNCTIONS]]
    return f"(?={prefix_trie(firsts)})"


@lru_cache(maxsize=None)
def compiled(name: str, key: str, clitics: bool = True) -> re.Pattern[str]:
    """The compiled alternation of one word list."""
    return re.compile(alternation(patterns(name)[key], clitics=clitics))


def clitic_variants(word: str) -> set[str]:
    """Every reading of a word without its proclitics: للجنه is ل + اللجنه, للمكتب is ل + المكتب."""
    readings = {word}
    w = word[1:] if len(word) > 3 and word[0] in "وف" else word
    readings.add(w)
    if w.startswith("لل") and len(w) > 3:
        readings.update({"ال" + w[2:], "ال" + w[1:]})
    elif len(w) > 3 and w[0] in "بلك":
        readings.add(w[1:])
    return readings


def strip_clitics(word: str) -> str:
    """A word without its leading و/ف and ب/ل/ك, keeping the article (لل → ال)."""
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
    if w.startswith("لل") and len(w) > 3:
        return "ال" + w[2:]
    if len(w) > 3 and w[0] in "بلك" and w[1:3] == "ال":
        return w[1:]
    return w


def without_proclitics(word: str, heads: Iterable[str] = ()) -> str:
    """The word without its proclitics when that reading is sure: a known head word
    (وفريق → فريق, للمؤتمر → المؤتمر) or a definite noun (والمنصه → المنصه, للمنصه →
    المنصه). Otherwise the word as it is: فريق، ورشه، وزاره begin with ف and و themselves."""
    known = heads if isinstance(heads, (set, frozenset)) else set(heads)
    if word in known:
        return word
    readings = []
    w = word
    if len(w) > 3 and w[0] in "وف":
        w = w[1:]
        readings.append(w)
    if w.startswith("لل") and len(w) > 3:
        readings += ["ال" + w[2:], "ال" + w[1:]]
    elif len(w) > 3 and w[0] in "بلك":
        readings.append(w[1:])
    for reading in readings:
        if reading in known:
            return reading
    for reading in readings:
        if reading.startswith("ال") and len(reading) > 3:
            return reading
    return word
