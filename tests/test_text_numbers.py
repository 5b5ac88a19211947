"""Arabic ordinal and cardinal number expressions."""

from __future__ import annotations

import re

import pytest

from ictgraph.text.normalize import normalize
from ictgraph.text.numbers import (
    NUMBER_PATTERN,
    ORDINAL_PATTERN,
    ORDINAL_WORD_PATTERN,
    find_numbers,
    parse_number,
)


def n(original: str) -> str:
    return normalize(original).text


@pytest.mark.parametrize(
    ("original", "value"),
    [
        # units, both genders
        ("الأول", 1), ("الأولى", 1), ("الثاني", 2), ("الثانية", 2), ("الخامس", 5), ("السادس", 6),
        ("التاسعة", 9), ("العاشر", 10), ("العاشرة", 10),
        # teens
        ("الحادي عشر", 11), ("الحادية عشرة", 11), ("الثاني عشر", 12), ("الثامن عشر", 18),
        ("التاسعة عشرة", 19),
        # units and tens, both case endings, with or without the article
        ("الحادي والعشرين", 21), ("الثاني والعشرين", 22), ("الثاني والعشرون", 22),
        ("الحادية والثلاثين", 31), ("الثامنة والأربعون", 48), ("الثامنة والأربعين", 48),
        ("السادس والعشرين", 26), ("التاسع والتسعين", 99), ("ثاني والعشرين", 22),
        ("الثاني و العشرين", 22), ("العشرون", 20), ("الخمسين", 50),
        # hundreds
        ("المائة", 100), ("المئة", 100), ("المائة والخامس", 105), ("الخامس بعد المائة", 105),
        ("الحادي بعد المائة", 101), ("الحادي والمائة", 101), ("المائة وواحد", 101),
        ("الخامس والعشرون بعد المائة", 125), ("المائة والخامس والعشرون", 125),
        ("التاسع والتسعون بعد المائة", 199),
        # cardinals
        ("واحد", 1), ("اثنان", 2), ("اثنتين", 2), ("ثلاث", 3), ("ثلاثة", 3), ("خمس", 5),
        ("ثماني", 8), ("عشر", 10), ("عشرة", 10), ("أحد عشر", 11), ("إحدى عشرة", 11),
        ("اثنا عشر", 12), ("اثني عشر", 12), ("ثلاثة عشر", 13), ("ثماني عشرة", 18),
        ("عشرون", 20), ("عشرين", 20), ("خمسة وعشرون", 25), ("مائة", 100), ("مئة", 100),
        ("مائة وخمسة", 105),
        # digit forms
        ("21", 21), ("(39)", 39), ("( 39 )", 39), ("(٢٢)", 22), ("الـ14", 14), ("ال36", 36),
        ("الـ 14", 14), ("رقم 5", 5), ("رقم (5)", 5),
    ],
)
def test_parse_number(original: str, value: int) -> None:
    assert parse_number(n(original)) == value


@pytest.mark.parametrize(
    "text",
    ["", "اجتماع", "الثاني واللجنة", "الخامس وعقد", "الأحد", "2021", "3.5", "3/6", "عشرين ثلاثين",
     "العاشر والعشرين", "الثاني عشرين", "1234"],
)
def test_not_a_number(text: str) -> None:
    assert parse_number(n(text)) is None


MEETING = re.compile(rf"(?:الاجتماع|اجتماع|اجتماعها|الدوره)\s+(?P<ord>{ORDINAL_PATTERN})")


@pytest.mark.parametrize(
    ("original", "matched", "value"),
    [
        ("شارك في الاجتماع الثاني واللجنة الفنية", "الثاني", 2),
        ("الاجتماع الخامس وعقد بعده مؤتمر", "الخامس", 5),
        ("الاجتماع الثاني والعشرين للجنة التنفيذية", "الثاني والعشرين", 22),
        ("اجتماع ثاني والعشرين للجنة", "ثاني والعشرين", 22),
        ("في اجتماعها (٢٢) الذي عقد", "(22)", 22),
        ("الدورة الـ14 للمؤتمر", "ال14", 14),
        ("الاجتماع رقم 5 للجنة", "رقم 5", 5),
        ("الاجتماع ( 39 ) للجنة", "( 39 )", 39),
        ("الدورة العادية", None, None),
        ("الاجتماع 3/6/2021", None, None),
        ("الاجتماع 2021", None, None),
        ("الاجتماع ثلاث مرات", None, None),  # a cardinal unit alone is not an ordinal
    ],
)
def test_ordinal_pattern_in_context(original: str, matched: str | None, value: int | None) -> None:
    match = MEETING.search(n(original))
    if matched is None:
        assert match is None
    else:
        assert match is not None and match.group("ord") == matched
        assert parse_number(match.group("ord")) == value


def test_patterns_have_no_capturing_groups() -> None:
    for pattern in (ORDINAL_PATTERN, ORDINAL_WORD_PATTERN, NUMBER_PATTERN):
        assert re.compile(pattern).groups == 0


def test_a_clitic_can_be_put_in_front_by_the_caller() -> None:
    match = re.search(rf"و(?P<ord>{ORDINAL_PATTERN})\s+للجنه", n("والثامن والعشرين للجنة"))
    assert match is not None and parse_number(match.group("ord")) == 28


def test_ordinal_word_pattern_has_no_digits() -> None:
    assert re.fullmatch(ORDINAL_WORD_PATTERN, "الحادي عشر")
    assert not re.fullmatch(ORDINAL_WORD_PATTERN, "14")
    assert not re.fullmatch(ORDINAL_WORD_PATTERN, "خمس")


def test_find_numbers() -> None:
    text = n("ناقش الاجتماع الثامن والعشرين خمس خدمات والخامسة عشرة، وكوفيد-19 في 3/6/2021 و3.5 و2021")
    found = [(text[a:b], value) for a, b, value in find_numbers(text)]
    assert found == [("الثامن والعشرين", 28), ("خمس", 5), ("الخامسه عشره", 15)]


def test_find_numbers_keeps_a_second_number_apart() -> None:
    text = n("الاجتماعين الثاني والسادس")
    assert [(text[a:b], v) for a, b, v in find_numbers(text)] == [("الثاني", 2), ("السادس", 6)]
