"""The lookaheads put in front of the word-list regexes only make them faster.

A gate (prefix_trie, lexicon.word_start, the leading tests of the number and date patterns)
is a necessary condition of the regex behind it: each test here compares a gated regex with
the same regex as it was written before it had one, on texts made of its own words, the
proclitics they may carry and the characters between words, and requires the same matches.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ictgraph.extract import lexicon
from ictgraph.extract.lexicon import alternation, patterns, word_start
from ictgraph.model import DateValue
from ictgraph.paths import PATTERNS_DIR
from ictgraph.text import dates, numbers, wordlists
from ictgraph.text.wordlists import prefix_trie


# ----- the former definitions ---------------------------------------------------------------

def plain_lexicon_alternation(words: list[str], clitics: bool = True) -> str:
    """lexicon.alternation as it was before it had a gate."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    if not ordered:
        return "(?!)"
    shared_start = all(word[:1].isalnum() for word in ordered)
    parts = []
    for word in ordered:
        regex = lexicon._word_regex(word, clitics and word[:1].isalpha())
        before = r"(?<!\w)" if word[:1].isalnum() and not shared_start else ""
        after = r"(?!\w)" if word[-1:].isalnum() else ""
        parts.append(f"{before}{regex}{after}")
    either = "(?:" + "|".join(parts) + ")"
    return rf"(?:(?<!\w){either})" if shared_start else either


def plain_wordlist_alternation(words: list[str], space: str = r"[^\S\r\n]+") -> str:
    """wordlists.alternation as it was before it had a gate."""
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(space.join(map(re.escape, w.split())) for w in parts) + ")"


def found(regex: re.Pattern[str], text: str) -> list:
    """Every match of the regex over the text and over pieces of it, with its groups."""
    spans = [(0, len(text)), (1, len(text)), (0, len(text) // 2), (len(text) // 3, len(text) - 1)]
    return [(m.span(), m.groupdict(), m.lastgroup)
            for start, end in spans if 0 <= start <= end
            for m in regex.finditer(text, start, end)]


# ----- word lists and texts -----------------------------------------------------------------

def _all_word_lists() -> list[list[str]]:
    lists = []
    for path in sorted(PATTERNS_DIR.glob("*.json")):
        try:
            conf = patterns(path.stem)
        except Exception:  # not a cue-list file (the calendar, the gazetteer blockers)
            continue
        lists += [value for value in conf.values()
                  if isinstance(value, list) and value and all(isinstance(v, str) for v in value)]
    return lists


WORD_LISTS = _all_word_lists()
_LETTERS = "اأبتجدرسعفقكلمنهوي"
# Words as a list may hold them: with the article, several words, a hyphen, a digit, or
# beginning with something that is not a letter.
_WORD = st.text(alphabet=_LETTERS, min_size=1, max_size=6).flatmap(lambda w: st.sampled_from(
    [w, "ال" + w, w + " " + w[::-1], "ال" + w + " و" + w, w + "-19", "(" + w, "19 " + w, "لل" + w]))
_WORDS = st.lists(_WORD, min_size=1, max_size=6)
_GLUE = ["", " ", "  ", "\n", "،", ".", "-", "/", "(", ")", "و", "ف", "ب", "ل", "ك", "وب", "لل", "ال", "x", "5"]


def _text_of(words: list[str]) -> st.SearchStrategy[str]:
    # The words, alone and with proclitics (ل + الاجتماع is written للاجتماع), and their parts.
    pieces = [*words, *(part for word in words for part in word.split())]
    pieces += [clitic + word for word in words for clitic in ("و", "ب", "وب", "فل", "ك")]
    pieces += [clitic + "لل" + word[2:] for word in words if word.startswith("ال") for clitic in ("", "و")]
    return st.lists(st.sampled_from(pieces + _GLUE), max_size=25).map("".join)


@st.composite
def words_and_text(draw, lists: list[list[str]] | None = None) -> tuple[list[str], str]:
    words = draw(st.sampled_from(lists)) if lists else draw(_WORDS)
    return words, draw(_text_of(list(words)))


# ----- prefix_trie --------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ابت-(", min_size=1, max_size=4), max_size=8), st.text(alphabet="ابت-( ", max_size=12))
def test_the_trie_matches_where_one_of_its_strings_begins(strings: list[str], text: str) -> None:
    trie = re.compile(prefix_trie(strings))
    for i in range(len(text) + 1):
        assert bool(trie.match(text, i)) == any(text.startswith(s, i) for s in strings)


# ----- lexicon: word lists with proclitics --------------------------------------------------

@pytest.mark.parametrize("clitics", [True, False])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_project_word_list_matches_as_without_its_gate(data, clitics: bool) -> None:
    words, text = data.draw(words_and_text(WORD_LISTS))
    gated = re.compile(alternation(words, clitics=clitics))
    plain = re.compile(plain_lexicon_alternation(words, clitics))
    assert found(gated, text) == found(plain, text)


@pytest.mark.parametrize("clitics", [True, False])
@settings(max_examples=200, deadline=None)
@given(words_and_text())
def test_any_word_list_matches_as_without_its_gate(clitics: bool, case: tuple[list[str], str]) -> None:
    words, text = case
    gated = re.compile(alternation(words, clitics=clitics))
    plain = re.compile(plain_lexicon_alternation(words, clitics))
    assert found(gated, text) == found(plain, text)


@settings(max_examples=200, deadline=None)
@given(_WORDS, _WORDS, st.data())
def test_word_start_before_two_alternations_changes_no_match(first: list[str], second: list[str], data) -> None:
    text = data.draw(_text_of(first + second))
    body = rf"(?:(?P<a>{alternation(first)})|(?P<b>{alternation(second)}))\s*\d?"
    gated = re.compile(word_start(first + second) + body)
    assert found(gated, text) == found(re.compile(body), text)


def test_a_blank_word_leaves_the_alternation_without_a_gate() -> None:
    # A blank word matches anywhere: there is nothing a gate could require.
    assert re.compile(alternation(["ب", " "])).match("x") is not None


# ----- the text layer: word lists, numbers, dates -------------------------------------------

@settings(max_examples=200, deadline=None)
@given(words_and_text())
def test_a_calendar_word_list_matches_as_without_its_gate(case: tuple[list[str], str]) -> None:
    words, text = case
    gated = re.compile(wordlists.alternation(words))
    plain = re.compile(plain_wordlist_alternation(words))
    assert found(gated, text) == found(plain, text)


_NUMBER_PIECES = [
    "15", "3", "2017", "(", ")", " ", "  ", "/", "-", ".", ",", "و", "ال", "ال ", "رقم", "رقم (",
    "الثاني", "والعشرين", "عشر", "عشره", "الحادي", "احد", "اثنا", "المائه", "مئه", "بعد", "خمسه",
    "ثلاثين", "العاشر", "الاول", "الاولي", "x", "ب", "٣",
]
_NUMBER_TEXT = st.lists(st.sampled_from(_NUMBER_PIECES), max_size=20).map("".join)


@pytest.mark.parametrize("index", range(3), ids=["ordinal words", "ordinal", "number"])
@settings(max_examples=200, deadline=None)
@given(text=_NUMBER_TEXT)
def test_a_number_pattern_matches_as_without_its_gate(index: int, text: str) -> None:
    gated = re.compile([numbers.ORDINAL_WORD_PATTERN, numbers.ORDINAL_PATTERN, numbers.NUMBER_PATTERN][index])
    plain = re.compile(numbers._BODIES[index])
    assert found(gated, text) == found(plain, text)
    assert [bool(gated.match(text, i)) for i in range(len(text))] == \
        [bool(plain.match(text, i)) for i in range(len(text))]


_DATE_PIECES = [
    "15", "3", "6", "30", "2017", "1445", "/", "-", " ", "  ", "\n", ",", "،", "(", ")", "و", "من",
    "الي", "حتي", "نوفمبر", "ديسمبر", "حزيران", "يونيو", "كانون الثاني", "رمضان", "ه", "م", "يوم",
    "الخميس", "الموافق", "عام", "لعام", "اليوم", "امس", "الخامس", "الثاني", "والعشرين", "شهر",
    "x", "ب",
]
_DATE_TEXT = st.lists(st.sampled_from(_DATE_PIECES), max_size=25).map("".join)
_DAY_PASSES = [regex for regex, _, _ in dates._PASSES if regex.pattern.startswith(dates._DAY_DATE_START)]


def test_the_day_date_passes_have_the_gate() -> None:
    assert len(_DAY_PASSES) == 4


@pytest.mark.parametrize("regex", _DAY_PASSES, ids=range(len(_DAY_PASSES)))
@settings(max_examples=150, deadline=None)
@given(text=_DATE_TEXT)
def test_a_date_pattern_matches_as_without_its_gate(regex: re.Pattern[str], text: str) -> None:
    plain = re.compile(regex.pattern[len(dates._DAY_DATE_START):])
    assert found(regex, text) == found(plain, text)


def all_passes(text: str, reference: DateValue | None) -> list[dates.DateMatch]:
    """find_dates as it was before it skipped the passes that cannot match."""
    taken = bytearray(len(text))
    result = []
    for regex, read, _ in dates._PASSES:
        for candidate in dates._scan(regex, read, text, reference):
            if not any(taken[candidate.start:candidate.end]):
                taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
                result.append(candidate)
    return sorted(result, key=lambda m: (m.start, m.end))


@settings(max_examples=400, deadline=None)
@given(_DATE_TEXT, st.sampled_from([None, DateValue("2020-06-15"), DateValue("2021-11")]))
def test_skipping_the_passes_that_cannot_match_finds_the_same_dates(text: str, reference) -> None:
    assert dates.find_dates(text, reference) == all_passes(text, reference)


@pytest.mark.parametrize("text", [
    "30 نوفمبر - 2 ديسمبر 2017", "15 - 16 نوفمبر 2017", "3/6/2021", "2021-6-3", "عام 2022",
    "الخميس، 6 يونيو، 2024", "الخامس من شهر رمضان 1445ه", "مارس 2015", "اليوم",
])
def test_every_kind_of_date_is_still_found(text: str) -> None:
    reference = DateValue("2020-06-15")
    assert dates.find_dates(text, reference) == all_passes(text, reference) != []
