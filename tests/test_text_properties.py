"""Properties of the whole text layer on arbitrary input: spans in bounds, no runaway regexes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictgraph.model import DateValue
from ictgraph.text.dates import find_dates, publication_date
from ictgraph.text.numbers import find_numbers, parse_number
from ictgraph.text.sentences import split_paragraphs, split_sentences

# Pieces that make dates, numbers and sentence breaks likely, mixed with noise.
_PIECES = [
    "15", "3", "2017", "1445", "/", "-", " ", "  ", "\n", ".", "،", ",", "(", ")", "؟", "*", "و",
    "الي", "نوفمبر", "كانون الثاني", "رمضان", "ه", "م", "الخميس", "الموافق", "عام", "اليوم",
    "الثاني", "والعشرين", "عشر", "المائه", "بعد", "ال", "رقم", "من", "ا", "ب", "x", "٣",
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_every_span_is_inside_the_text(text: str) -> None:
    size = len(text)
    for start, end in split_paragraphs(text) + split_sentences(text):
        assert 0 <= start < end <= size
        assert not text[start].isspace() and not text[end - 1].isspace()
    for start, end, value in find_numbers(text):
        assert 0 <= start < end <= size
        assert parse_number(text[start:end]) == value
    previous_end = 0
    for found in find_dates(text, DateValue("2020-06-15")):
        assert previous_end <= found.start < found.end <= size
        previous_end = found.end
        assert found.end_value is None or found.value.iso < found.end_value.iso
    found = publication_date(text)
    assert found is None or 0 <= found.start < found.end <= size


# Inputs built to make a careless regex backtrack: long runs of what the
# patterns repeat or separate with quantifiers.
_ADVERSARIAL = [
    " " * 20000, "1" * 20000, "1/" * 10000, "15 - " * 4000, "الخميس" + " " * 20000 + "x",
    "6 يونيو" + " ," * 10000, "6" + " " * 20000, "(" * 10000, "." * 10000, "الثاني " * 3000,
    "المائه و" * 3000, "الخامس من " * 3000, "15 و16 نوفمبر " * 2000, "اليوم " * 5000,
]


@pytest.mark.parametrize("text", _ADVERSARIAL, ids=range(len(_ADVERSARIAL)))
def test_no_runaway_backtracking(text: str) -> None:
    began = time.perf_counter()
    find_dates(text, DateValue("2020-06-15"))
    find_numbers(text)
    split_sentences(text)
    assert time.perf_counter() - began < 3.0
