"""Folding a text without its offset map, and the offset map around what folding resizes."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ictgraph.text.normalize import fold, normalize, normalize_key

# Letters, marks that are dropped, characters that become several (ligatures) or none,
# presentation forms without a decomposition (ornate parentheses, a symbol), other spaces.
_SOUP = st.text(
    alphabet=st.sampled_from(
        list("ابتةثجحخدىيءأإآ ـ٠١٢3.،()\n-«»x")
        + ["\u064b", "\u064e", "\u0651", "\u0670", "\u200f", "\u200c", "\ufeff", "\ufefb", "\ufdf2",
           "\ufe70", "\ufe8d", "\ufd3e", "\ufd3f", "\ufbb2", "\u00a0", "\t"]
    ),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(_SOUP)
def test_fold_is_the_normalised_text(original: str) -> None:
    assert fold(original) == normalize(original).text


@settings(max_examples=300, deadline=None)
@given(_SOUP)
def test_each_character_maps_to_the_source_of_its_fold(original: str) -> None:
    norm = normalize(original)
    expected = [index for index, ch in enumerate(original) for _ in fold(ch)]
    assert list(norm.offsets) == expected


def test_offsets_of_a_text_with_nothing_resized_are_the_identity() -> None:
    original = "أعلن «الاجتماع» ٢٠٢١\u00a0ى"
    norm = normalize(original)
    assert norm.text == 'اعلن "الاجتماع" 2021 ي'
    assert norm.offsets == tuple(range(len(original)))


def test_offsets_around_a_ligature_and_a_dropped_mark() -> None:
    # ﻻ (one character) is two letters; the damma after م is dropped.
    norm = normalize("ﻻ مُن")
    assert norm.text == "لا من"
    assert norm.offsets == (0, 0, 1, 2, 4)


def test_presentation_forms_without_a_decomposition_stay_as_written() -> None:
    # The ornate parentheses around a Quranic quotation have no base letters to fold to.
    assert unicodedata.normalize("NFKC", "\ufd3e") == "\ufd3e"
    norm = normalize("قال تعالى ﴿ وقل ربي زدني علما ﴾")
    assert norm.text == "قال تعالي ﴿ وقل ربي زدني علما ﴾"
    assert norm.original_slice(10, 11) == "﴿"


def _is_presentation_form(ch: str) -> bool:
    return 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF


def test_every_presentation_form_folds_to_base_characters_or_stays() -> None:
    for ch in map(chr, range(0xFB50, 0xFF00)):
        if _is_presentation_form(ch):
            folded = fold(ch)
            assert folded == ch or not any(map(_is_presentation_form, folded)), hex(ord(ch))


def test_normalize_key_folds_too() -> None:
    assert normalize_key("ﺍﻟﻠﺠﻨﺔ\u00a0 ﺍﻟﻮﺯﺍﺭﻳﺔ") == "اللجنه الوزاريه"
