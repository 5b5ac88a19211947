"""Arabic normalisation and its map back to the original characters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictgraph.text.normalize import display_form, normalize, normalize_key


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("مُحَمَّدٌ", "محمد"),  # harakat, shadda, tanwin
        ("الـــتقنيـة", "التقنيه"),  # tatweel, taa marbuta
        ("أحمد وإبراهيم وآل", "احمد وابراهيم وال"),  # hamza and madda alef forms
        ("ٱلرحمن", "الرحمن"),  # alef wasla
        ("على مستوى", "علي مستوي"),  # alef maqsura
        ("عام ٢٠٢١ ورقم ۱۴", "عام 2021 ورقم 14"),  # Arabic-Indic and Persian digits
        ("٣٫٥ و١٬٠٠٠", "3.5 و1,000"),  # Arabic decimal and thousands separators
        ("15 – 16 — 17", "15 - 16 - 17"),  # en and em dashes
        ("«قال»", '"قال"'),
        ("ﻻ ﺃﺣﺪ", "لا احد"),  # presentation forms from PDFs
        ("ب\ufe70ت", "بت"),  # an isolated tanwin form leaves no stray space
        ("a\u200fb\u200c", "ab"),  # direction and joiner marks
        ("\u061c٢٠٢١\u2060م", "2021م"),  # Arabic letter mark, word joiner
        ("\u2067قطر\u2069 \u202bعمان\u202c\ufeff", "قطر عمان"),  # isolates, embeddings, BOM
        ("قطر\u00a0والبحرين\tمعا", "قطر والبحرين معا"),  # no-break space and tab
    ],
)
def test_normalize_folds(original: str, expected: str) -> None:
    assert normalize(original).text == expected


def test_offsets_skip_dropped_characters() -> None:
    # م ُ ح َ م ّ َ د: the letters stand at 0, 2, 4 and 7.
    assert normalize("مُحَمَّد").offsets == (0, 2, 4, 7)


def test_ligature_expands_to_two_characters_of_one_source() -> None:
    norm = normalize("قال ﻻ")
    assert norm.text == "قال لا"
    assert norm.offsets[4:] == (4, 4)
    assert norm.original_slice(4, 6) == "ﻻ"
    assert norm.original_slice(4, 5) == "ﻻ"


def test_span_keeps_the_diacritics_of_its_last_letter() -> None:
    norm = normalize("الاجتماعِ الثانيْ")
    assert norm.text == "الاجتماع الثاني"
    assert norm.original_slice(0, 8) == "الاجتماعِ"
    assert norm.original_slice(9, 15) == "الثانيْ"


def test_span_does_not_take_a_following_tatweel_or_word() -> None:
    norm = normalize("الـ14 ثم")
    assert norm.text == "ال14 ثم"
    assert norm.original_slice(0, 2) == "ال"
    assert norm.original_slice(2, 4) == "14"


def test_empty_span() -> None:
    norm = normalize("ابc")
    assert norm.original_span(1, 1) == (1, 1)
    assert norm.original_span(3, 3) == (3, 3)


def test_normalize_key() -> None:
    assert normalize_key("  عبد اللطيف   بن راشد ") == "عبداللطيف بن راشد"
    assert normalize_key("اللجنةُ الوزارية") == "اللجنه الوزاريه"


_ARABIC_SOUP = st.text(
    alphabet=st.sampled_from(
        list("ابتةثجحخدذرزسشصضطظعغفقكلمنهوىيءأإآؤئ ـ٠١٢٣٤٥٦٧٨٩0123456789.،,()\n-–«»")
        + ["\u064b", "\u064e", "\u0650", "\u0651", "\u0652", "\u0670", "\u200f", "\ufefb", "\ufe70",
           "\ufe8d", "\ufdf2", "\u00a0", "\t", "x"]
    ),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(_ARABIC_SOUP)
def test_offsets_map_every_character_back(original: str) -> None:
    norm = normalize(original)
    assert len(norm.offsets) == len(norm.text)
    assert list(norm.offsets) == sorted(norm.offsets)
    for i, ch in enumerate(norm.text):
        assert 0 <= norm.offsets[i] < len(original)
        assert ch in normalize(original[norm.offsets[i]]).text
    for start in range(len(norm.text) + 1):
        a, b = norm.original_span(start, len(norm.text))
        assert 0 <= a <= b <= len(original)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("ﺍﻟﻠﺠﻨﺔ ﺍﻟﻮﺯﺍﺭﻳﺔ", "اللجنة الوزارية"),  # presentation forms, taa marbuta kept
        ("ﻻ ﺳﻼﻡ", "لا سلام"),  # a lam-alef ligature is two letters
        ("الاجتمـــاع\u200c الـثاني", "الاجتماع الثاني"),  # stretching and joiners go
        ("الـ14", "الـ14"),  # the tatweel that sets a number off the article stays
        ("حمد\u00a0\u202f\u2007المنصوري", "حمد المنصوري"),  # other spaces: one plain space
        ("\u202bأحمد\u202c إبراهيم \u200fعلى", "أحمد إبراهيم على"),  # hamza and alef maqsura as written
        ("مُحَمَّد ٣٩", "مُحَمَّد ٣٩"),  # diacritics and digits as written
    ],
)
def test_display_form_cleans_what_rendering_added(written: str, shown: str) -> None:
    assert display_form(written) == shown


@settings(max_examples=200, deadline=None)
@given(_ARABIC_SOUP)
def test_display_form_keeps_the_normalised_text(original: str) -> None:
    # Cleaning a name for display never changes what it matches as.
    assert " ".join(normalize(display_form(original)).text.split()) == " ".join(normalize(original).text.split())
