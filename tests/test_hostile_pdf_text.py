"""Text copied out of a PDF reads as the same facts as the clean text.

Each bundled article is mangled the way PDF copies and word processors mangle Arabic:
contextual presentation forms (with lam-alef ligatures, one character for two) for some
words, tatweel stretching inside words, zero-width non-joiners and joiners, bidi marks,
embeddings and isolates, a stray U+FEFF, no-break spaces for spaces and Arabic-Indic or
Extended digits. Extraction must find the same facts, and every evidence quote must be the
mangled original's characters at its offsets.
"""

from __future__ import annotations

import random
import re
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

import pytest

from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import Extraction, extract_document
from ictgraph.model import Document
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.reference import load_reference
from ictgraph.text.normalize import normalize

ARTICLES = sorted(DOCUMENTS_DIR.glob("*.txt"))
# What a PDF copy adds that a reader never sees as such.
NOISE = {chr(c) for c in range(0xFB50, 0xFE00)} | {chr(c) for c in range(0xFE70, 0xFF00)} | set(
    "\u0640\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    "\u061c\u00a0\u202f\u2007")


def _presentation_forms() -> dict[tuple[str, str], str]:
    """(letter, "isolated" | "final" | "initial" | "medial") → its presentation form, and the
    lam-alef ligatures keyed by their two letters."""
    forms: dict[tuple[str, str], str] = {}
    for code in list(range(0xFE70, 0xFEFF)) + list(range(0xFB50, 0xFDFF)):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) >= 2 and parts[0] in ("<isolated>", "<final>", "<initial>", "<medial>"):
            letters = "".join(chr(int(p, 16)) for p in parts[1:])
            if len(letters) == 1 or (letters[0] == "ل" and letters[1:] in ("ا", "أ", "إ", "آ")):
                forms.setdefault((letters, parts[0][1:-1]), chr(code))
    return forms


FORMS = _presentation_forms()
# Letters that join only to the letter before them (no initial or medial form).
RIGHT_JOINING = set("اأإآدذرزوؤة")


def _joins_next(letter: str) -> bool:
    return letter not in RIGHT_JOINING and (letter, "initial") in FORMS


def shape(word: str) -> str:
    """A word in contextual presentation forms, as a PDF text layer holds it."""
    out: list[str] = []
    i = 0
    while i < len(word):
        letter = word[i]
        joined_before = i > 0 and _joins_next(word[i - 1])
        pair = word[i:i + 2]
        if letter == "ل" and len(pair) == 2 and (pair, "isolated") in FORMS:  # lam-alef: one glyph
            out.append(FORMS[(pair, "final" if joined_before else "isolated")])
            i += 2
            continue
        joins_after = i + 1 < len(word) and _joins_next(letter) and "\u0621" <= word[i + 1] <= "\u064a"
        form = {(False, False): "isolated", (True, False): "final",
                (False, True): "initial", (True, True): "medial"}[(joined_before, joins_after)]
        out.append(FORMS.get((letter, form), FORMS.get((letter, "isolated"), letter)))
        i += 1
    return "".join(out)


def _is_arabic_word(word: str) -> bool:
    return len(word) > 1 and all("\u0621" <= ch <= "\u064a" for ch in word)


def mangle(text: str, seed: int) -> str:
    """The text as a PDF copy may give it; deterministic for a seed."""
    rng = random.Random(seed)
    digits = rng.choice(["\u0660", "\u06f0"])
    out: list[str] = ["\ufeff"]
    for index, token in enumerate(_tokens(text)):
        if token == " ":
            out.append(rng.choice([" ", "\u00a0", "\u202f", "\u2007", " "]))
        elif token.isdigit() and token.isascii():
            marked = "".join(chr(ord(digits) + int(d)) for d in token)
            out.append(rng.choice([marked, "\u061c" + marked, "\u2066" + marked + "\u2069"]))
        elif _is_arabic_word(token):
            out.append(_mangle_word(token, rng))
        else:
            out.append(token)
        if index % 17 == 5:
            out.append(rng.choice(["\u200f", "\u200e", "\ufeff"]))
    return "".join(out)


def _mangle_word(word: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return shape(word)
    if kind == 1:  # kashida between two joining letters
        places = [i for i in range(1, len(word)) if _joins_next(word[i - 1])]
        if places:
            i = rng.choice(places)
            return word[:i] + "\u0640" * rng.randint(1, 3) + word[i:]
    if kind == 2:
        i = rng.randrange(1, len(word))
        return word[:i] + rng.choice(["\u200c", "\u200d"]) + word[i:]
    if kind == 3:
        return rng.choice(["\u202b", "\u202a"]) + word + "\u202c"
    if kind == 4:
        return "\u2067" + shape(word) + "\u2069"
    return word


def _tokens(text: str) -> list[str]:
    """Runs of letters, runs of digits, and single other characters (spaces alone)."""
    return re.findall(r"[^\W\d_]+|\d+|.", text, re.S)


# --------------------------------------------------------------------------- the mangler itself

def test_mangling_keeps_the_normalised_text() -> None:
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        mangled = mangle(text, 1)
        assert mangled != text
        assert normalize(mangled).text == normalize(text).text


def test_shape_uses_contextual_forms_and_ligatures() -> None:
    assert shape("الاجتماع") == "\ufe8d\ufefb\ufe9f\ufe98\ufee4\ufe8e\ufec9"
    assert shape("لا") == "\ufefb" and shape("سلام") == "\ufeb3\ufefc\ufee1"
    assert normalize(shape("الاجتماع")).text == "الاجتماع"
    assert len(shape("الاجتماع")) == len("الاجتماع") - 1  # one glyph for lam-alef


def test_mangled_articles_carry_every_kind_of_noise() -> None:
    mangled = "".join(mangle(p.read_text(encoding="utf-8"), i) for i, p in enumerate(ARTICLES))
    for ch in ["\ufefb", "\u0640", "\u200c", "\u200d", "\u200f", "\u202b", "\u2067", "\u061c", "\ufeff",
               "\u00a0", "\u202f"]:
        assert ch in mangled, hex(ord(ch))
    assert any(c in mangled for c in "\u0660\u0661\u0662\u06f0\u06f1\u06f2")


# --------------------------------------------------------------------------- extraction

@pytest.fixture(scope="module")
def engines():
    reference = load_reference()
    return reference, Gazetteer.from_reference(reference)


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def _comparable(extraction: Extraction) -> Counter:
    """Facts without their evidence span or quote. Names and titles must be the same strings
    but for the digits: Arabic-Indic digits are a way of writing, not noise, and stay as written."""
    def value(v):
        return v.translate(_DIGITS) if isinstance(v, str) else v

    facts = Counter(
        (fact.subject, fact.predicate, value(fact.value), fact.evidence.rule) for fact in extraction.facts
    )
    facts.update((("metadata", key), value(v)) for key, v in extraction.metadata.items())
    return facts


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_mangled_article_gives_the_same_facts(path: Path, engines) -> None:
    text = path.read_text(encoding="utf-8")
    mangled = mangle(text, zlib.crc32(path.name.encode()))
    clean = extract_document(Document(path.name, text, "0" * 64), *engines)
    dirty = extract_document(Document(path.name, mangled, "1" * 64), *engines)

    assert clean.facts, "the article yields facts"
    assert _comparable(dirty) == _comparable(clean)
    for fact in dirty.facts:
        evidence = fact.evidence
        assert evidence.quote == mangled[evidence.start:evidence.end]
        # The quote is the same sentence as in the clean text, in its mangled characters.
        assert normalize(evidence.quote).text.strip() in normalize(text).text
    # Labels are the names as a reader sees them: no presentation forms, marks or stretching.
    labels = "".join(str(f.value) for f in dirty.facts if isinstance(f.value, str))
    assert not NOISE.intersection(labels)

