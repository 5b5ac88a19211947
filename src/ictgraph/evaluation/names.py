"""Tolerant comparison of Arabic names (rules documented in tests/gold/README.md).

Names compare as token sequences after ictgraph's Arabic normalisation
(normalize_key), with punctuation removed and a conjunction "و" written
apart joined to the next word ("للاتصالات و المعلومات" = "للاتصالات والمعلومات").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from ictgraph.text.normalize import normalize_key

_NON_WORD = re.compile(r"[^\w]+")
# Lineage words that a writer may keep or drop: "جاسم بن سيف" = "جاسم سيف".
_LINEAGE = frozenset({"بن", "بنت", "ابن"})
HONORIFICS_FILE = Path(__file__).resolve().parents[1] / "resources" / "evaluation" / "honorifics.txt"


@lru_cache(maxsize=1 << 16)  # every gold name is compared with every graph name of its document
def name_tokens(name: str) -> tuple[str, ...]:
    """The comparison tokens of a name."""
    words = _NON_WORD.sub(" ", normalize_key(name)).split()
    tokens: list[str] = []
    pending = ""
    for word in words:
        if word == "و":
            pending += word
            continue
        tokens.append(pending + word)
        pending = ""
    if pending:
        tokens.append(pending)
    return tuple(tokens)


def _contains_run(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when `shorter` occurs in `longer` as consecutive tokens."""
    size = len(shorter)
    return any(longer[i:i + size] == shorter for i in range(len(longer) - size + 1))


def _is_subsequence(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """True when the tokens of `shorter` occur in `longer` in the same order."""
    remaining = iter(longer)
    return all(token in remaining for token in shorter)


def names_match(a: str, b: str, min_tokens: int = 2) -> bool:
    """Same name, or one contains the other as consecutive tokens.

    The contained name must have at least `min_tokens` tokens, so a bare
    "اللجنة" does not match every committee.
    """
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    shorter, longer = sorted((ta, tb), key=len)
    return len(shorter) >= min_tokens and _contains_run(longer, shorter)


@lru_cache(maxsize=1)
def honorifics() -> frozenset[str]:
    """Words that may precede a name without being part of it (normalised)."""
    lines = HONORIFICS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(token for line in lines if line.strip() and not line.startswith("#")
                     for token in name_tokens(line))


@lru_cache(maxsize=1 << 16)
def person_tokens(name: str) -> tuple[str, ...]:
    """Comparison tokens of a person's name: leading honorifics and lineage words dropped."""
    tokens = list(name_tokens(name))
    while tokens and tokens[0] in honorifics():
        tokens.pop(0)
    return tuple(token for token in tokens if token not in _LINEAGE)


def persons_match(a: str, b: str) -> bool:
    """Same person name, tolerating honorifics, trailing titles, بن and dropped middle names.

    After dropping leading honorifics and lineage words, equal, or the shorter
    name (at least two tokens) occurs in the longer one in the same order:
    "حمد المنصوري" matches "حمد عبيد المنصوري", "الدكتور سالم بن سلطان الرزيقي"
    matches "سالم سلطان الرزيقي". Different middle names do not match.
    """
    ta, tb = person_tokens(a), person_tokens(b)
    if not ta or not tb:
        return False
    if ta == tb:
        return True
    shorter, longer = sorted((ta, tb), key=len)
    return len(shorter) >= 2 and _is_subsequence(longer, shorter)


def any_names_match(names_a: Iterable[str], names_b: Iterable[str], min_tokens: int = 2) -> bool:
    """True when some name of one side matches some name of the other."""
    names_b = tuple(names_b)
    return any(names_match(a, b, min_tokens) for a in names_a for b in names_b)


def any_persons_match(names_a: Iterable[str], names_b: Iterable[str]) -> bool:
    """True when some name of one side is the same person as some name of the other."""
    names_b = tuple(names_b)
    return any(persons_match(a, b) for a in names_a for b in names_b)
