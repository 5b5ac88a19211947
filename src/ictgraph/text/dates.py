"""Calendar dates in normalised Arabic text.

Forms read (names and small words in resources/patterns/calendar.json):

- day month [year]: "6 يونيو 2024", "الخميس, 6 يونيو, 2024", "يوم الخميس الموافق 6 يونيو 2024م",
  "6 من شهر يونيو", "الخامس من يونيو 2024", "6 حزيران/يونيو 2024"; Gregorian month names of both
  series (and Maghrebi ones) or Hijri month names with the Hijri year ("1 رمضان 1445ه"), which is
  converted to the Gregorian day (Umm al-Qura, via hijridate);
- ranges: "15 - 16 نوفمبر 2017", "من 15 الي 16 نوفمبر 2017", "15 و16 نوفمبر",
  "30 نوفمبر - 2 ديسمبر 2017": value is the first day, end_value the last;
- numeric, day first: "3/6/2021", "3-6-2021"; year first: "2021/6/3"; with a trailing ه, Hijri;
- month year: "مارس 2015" (Gregorian months only: a Hijri month has no Gregorian month);
- a year after a cue word only: "عام 2022", "لعام 2021" (a bare 4-digit number is not a date);
- relative days (اليوم، امس، غدا ...) only when a reference day is given.

A day and month without a year take the year that puts the date nearest the
reference; with no reference they are not a date. Impossible dates are dropped.
An article that gives a Hijri date and its Gregorian equivalent ("... 1445ه
الموافق 11 مارس 2024م") yields both matches; callers dedupe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice
from typing import Callable, Iterator

from hijridate import Gregorian, Hijri

from ictgraph.model import DateValue
from ictgraph.text.numbers import ORDINAL_WORD_PATTERN, ORDINAL_WORD_START, parse_number
from ictgraph.text.sentences import paragraphs
from ictgraph.text.wordlists import alternation, load_wordlist, prefix_trie

_SCHEMA = {
    "gregorian_months": {str: int},
    "hijri_months": {str: int},
    "months_needing_year": [str],
    "weekdays": [str],
    "day_prefixes": [str],
    "correspondence_words": [str],
    "day_month_links": [str],
    "year_cues": [str],
    "same_month_range_links": [str],
    "cross_month_range_links": [str],
    "gregorian_markers": [str],
    "hijri_markers": [str],
    "relative_days": {str: int},
    "relative_day_nouns": [str],
    "gregorian_years": {"min": int, "max": int},
}

_CAL = load_wordlist("calendar", _SCHEMA)

GREGORIAN, HIJRI = "gregorian", "hijri"
_MONTHS: dict[str, tuple[str, int]] = {
    **{name: (GREGORIAN, number) for name, number in _CAL["gregorian_months"].items()},
    **{name: (HIJRI, number) for name, number in _CAL["hijri_months"].items()},
}
_MARKERS: dict[str, str] = {
    **{m: GREGORIAN for m in _CAL["gregorian_markers"]},
    **{m: HIJRI for m in _CAL["hijri_markers"]},
}

# A line at the top of an article is a dateline if it is at most this long and
# the date covers at least this share of its non-space characters.
MAX_DATELINE_CHARS = 60
MIN_DATE_SHARE = 0.4


@dataclass(frozen=True)
class DateMatch:
    """A date found at text[start:end]; end_value is set for a range."""

    start: int
    end: int
    value: DateValue
    end_value: DateValue | None = None


# ----- regular expressions ---------------------------------------------------
# Quantifiers only ever stand between literal tokens, never nested, so that a
# failing match backtracks over one run of spaces at a time.

_H = r"[^\S\r\n]"  # a date never runs over a line break
_SEP = rf"{_H}*(?:[,،]{_H}*)?"  # between date parts: spaces and at most one comma


def _words(key: str) -> str:
    return alternation(_CAL[key])


def _month(name: str) -> str:
    """A month name, optionally with its other-series name: "حزيران/يونيو", "يونيو (حزيران)"."""
    alias = alternation(_CAL["gregorian_months"])
    return (
        rf"(?P<{name}>{alternation(_MONTHS)})(?!\w)"
        rf"(?:{_H}*(?:/{_H}*{alias}(?!\w)|\({_H}*{alias}{_H}*\)))?"
    )


def _day_digits(name: str, guard: bool) -> str:
    before = r"(?<![\d/.])(?<!\d-)" if guard else ""
    return rf"{before}(?P<{name}>3[01]|[12]\d|0?[1-9])(?!\d)"


def _day(name: str, guard: bool = True) -> str:
    """A day as digits ("6", "6 من") or as an ordinal word followed by من ("الخامس من")."""
    links = _words("day_month_links")
    return (
        rf"(?:{_day_digits(name, guard)}{_H}*(?:{links}{_H}+)?"
        rf"|(?<!\w)(?P<{name}w>{ORDINAL_WORD_PATTERN}){_H}+{links}{_H}+)"
    )


def _marker(name: str) -> str:
    return rf"(?:{_H}*(?P<{name}>{alternation(_MARKERS)})(?!\w))?"


def _year(name: str) -> str:
    return rf"(?P<{name}>\d{{4}})(?!\d){_marker(name + 'm')}"


def _year_part(name: str) -> str:
    return rf"{_SEP}(?:{_words('year_cues')}{_H}+)?{_year(name)}"


# An optional weekday ("يوم الخميس،") and/or "الموافق" before the day.
_PREFIX = (
    rf"(?:(?<!\w)(?:{_words('day_prefixes')}{_H}+)?{_words('weekdays')}(?!\w){_SEP}"
    rf"(?:{_words('correspondence_words')}{_H}+)?"
    rf"|(?<!\w){_words('correspondence_words')}{_H}+)?"
)

# Where a date with a day can begin: a digit, or a word that starts a weekday prefix (يوم، a
# weekday, الموافق) or an ordinal day (الخامس). Every such pattern starts with one of those;
# testing it first lets the engine pass over most positions in one step, where it would
# otherwise try each prefix and day form in turn.
_PREFIX_WORDS = [word.split()[0] for key in ("day_prefixes", "weekdays", "correspondence_words")
                 for word in _CAL[key]]
# (Before those words, which begin with a letter, \b is the cheaper form of (?<!\w).)
_DAY_DATE_START = rf"(?:(?=\d)|\b(?:(?={prefix_trie(_PREFIX_WORDS)})|{ORDINAL_WORD_START}))"

_CROSS_MONTH_RANGE = re.compile(
    rf"{_DAY_DATE_START}{_PREFIX}{_day('d1')}{_month('m1')}(?:{_year_part('y1')})?"
    rf"{_H}*{_words('cross_month_range_links')}{_H}*"
    rf"{_day('d2', guard=False)}{_month('m2')}(?:{_year_part('y2')})?"
)
_SAME_MONTH_RANGE = re.compile(
    rf"{_DAY_DATE_START}{_PREFIX}{_day_digits('d1', guard=True)}{_H}*{_words('same_month_range_links')}{_H}*"
    rf"{_day('d2', guard=False)}{_month('m')}(?:{_year_part('y')})?"
)
_NUMERIC = re.compile(
    rf"{_DAY_DATE_START}{_PREFIX}(?<![\d/.])(?<!\d-)"
    r"(?:(?P<d>\d{1,2})(?P<s>[/-])(?P<m>\d{1,2})(?P=s)(?P<y>\d{4})"
    r"|(?P<y2>\d{4})(?P<s2>[/-])(?P<m2>\d{1,2})(?P=s2)(?P<d2>\d{1,2}))"
    rf"(?![\d/]|[.-]\d){_marker('mk')}"
)
_SINGLE = re.compile(rf"{_DAY_DATE_START}{_PREFIX}{_day('d')}{_month('m')}(?:{_year_part('y')})?")
# Not right after a number: "31 ابريل 2021" is an impossible day, not April 2021.
_MONTH_YEAR = re.compile(rf"(?<!\w)(?<!\d{_H}){_month('m')}{_year_part('y')}")
_YEAR = re.compile(rf"(?<!\w){_words('year_cues')}{_H}+{_year('y')}")
_RELATIVE = re.compile(
    rf"(?<!\w)(?:و)?(?P<rel>{_words('relative_days')})(?!\w)"
    rf"(?!{_H}+{_words('relative_day_nouns')}(?!\w))"
)


# ----- calendar arithmetic ---------------------------------------------------

def _to_date(calendar: str, year: int, month: int, day: int) -> date | None:
    """The Gregorian day, or None if the date does not exist or is out of range."""
    if calendar == HIJRI:
        try:
            return date(*Hijri(year, month, day).to_gregorian().datetuple())
        except (ValueError, OverflowError):  # hijridate covers 1343-1500 AH only
            return None
    years = _CAL["gregorian_years"]
    if not years["min"] <= year <= years["max"]:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _reference_day(reference: DateValue | None) -> date | None:
    """The reference as a day; a month or year reference stands for its middle."""
    if reference is None:
        return None
    parts = [int(p) for p in reference.iso.split("-")]
    year, month, day = (parts + [7, 1])[:3] if len(parts) == 1 else (parts + [15])[:3]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(calendar: str, month: int, day: int, reference: DateValue | None) -> int | None:
    """The year (in calendar) that puts day/month nearest the reference day."""
    ref = _reference_day(reference)
    if ref is None:
        return None
    if calendar == HIJRI:
        try:
            base = Gregorian(ref.year, ref.month, ref.day).to_hijri().year
        except (ValueError, OverflowError):
            return None
    else:
        base = ref.year
    best = None
    for year in (base - 1, base, base + 1):
        found = _to_date(calendar, year, month, day)
        if found and (best is None or abs((found - ref).days) < abs((best[1] - ref).days)):
            best = (year, found)
    return best[0] if best else None


def _iso_day(value: date) -> DateValue:
    return DateValue(value.isoformat())


# ----- reading one match -----------------------------------------------------

def _month_of(match: re.Match[str], group: str) -> tuple[str, int, str]:
    name = " ".join(match.group(group).split())
    calendar, number = _MONTHS[name]
    return calendar, number, name


def _year_of(match: re.Match[str], group: str, calendar: str) -> tuple[int | None, bool]:
    """(year or None, whether its marker agrees with the calendar)."""
    year = match.group(group)
    marker = match.group(group + "m")
    agrees = marker is None or _MARKERS[marker] == calendar
    return (int(year) if year else None), agrees


def _day_of(match: re.Match[str], group: str) -> int | None:
    if match.group(group):
        return int(match.group(group))
    value = parse_number(match.group(group + "w"))
    return value if value is not None and 1 <= value <= 31 else None


def _read_single(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    calendar, month, name = _month_of(match, "m")
    year, agrees = _year_of(match, "y", calendar)
    day = _day_of(match, "d")
    if not agrees or day is None:
        return None
    if year is None:
        if name in _CAL["months_needing_year"]:
            return None
        year = _nearest_year(calendar, month, day, reference)
        if year is None:
            return None
    found = _to_date(calendar, year, month, day)
    return DateMatch(match.start(), match.end(), _iso_day(found)) if found else None


def _read_same_month_range(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    calendar, month, name = _month_of(match, "m")
    year, agrees = _year_of(match, "y", calendar)
    first, last = int(match.group("d1")), _day_of(match, "d2")
    if not agrees or last is None or first >= last:
        return None
    if year is None:
        if name in _CAL["months_needing_year"]:
            return None
        year = _nearest_year(calendar, month, first, reference)
        if year is None:
            return None
    start, end = _to_date(calendar, year, month, first), _to_date(calendar, year, month, last)
    if not (start and end):
        return None
    return DateMatch(match.start(), match.end(), _iso_day(start), _iso_day(end))


def _read_cross_month_range(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    calendar, month1, name1 = _month_of(match, "m1")
    calendar2, month2, name2 = _month_of(match, "m2")
    year1, agrees1 = _year_of(match, "y1", calendar)
    year2, agrees2 = _year_of(match, "y2", calendar)
    day1, day2 = _day_of(match, "d1"), _day_of(match, "d2")
    if calendar != calendar2 or not (agrees1 and agrees2) or day1 is None or day2 is None:
        return None
    # A range that wraps the year end ("30 ديسمبر - 2 يناير 2018") starts the year before.
    wraps = month2 < month1
    if year1 is None and year2 is None:
        if {name1, name2} & set(_CAL["months_needing_year"]):
            return None
        year1 = _nearest_year(calendar, month1, day1, reference)
        if year1 is None:
            return None
    if year2 is None:
        year2 = year1 + wraps
    elif year1 is None:
        year1 = year2 - wraps
    start, end = _to_date(calendar, year1, month1, day1), _to_date(calendar, year2, month2, day2)
    if not (start and end and start < end):
        return None
    return DateMatch(match.start(), match.end(), _iso_day(start), _iso_day(end))


def _read_numeric(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    if match.group("y"):
        year, month, day = match.group("y"), match.group("m"), match.group("d")
    else:
        year, month, day = match.group("y2"), match.group("m2"), match.group("d2")
    marker = match.group("mk")
    calendar = _MARKERS[marker] if marker else GREGORIAN
    found = _to_date(calendar, int(year), int(month), int(day))
    return DateMatch(match.start(), match.end(), _iso_day(found)) if found else None


def _read_month_year(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    calendar, month, _ = _month_of(match, "m")
    year, agrees = _year_of(match, "y", calendar)
    if calendar != GREGORIAN or not agrees or year is None or not _to_date(calendar, year, month, 1):
        return None
    return DateMatch(match.start(), match.end(), DateValue(f"{year:04d}-{month:02d}"))


def _read_year(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    year, agrees = _year_of(match, "y", GREGORIAN)
    if not agrees or year is None or not _to_date(GREGORIAN, year, 1, 1):
        return None
    return DateMatch(match.start("y"), match.end(), DateValue(f"{year:04d}"))


def _read_relative(match: re.Match[str], reference: DateValue | None) -> DateMatch | None:
    if reference is None or reference.precision != "day":
        return None
    offset = _CAL["relative_days"][" ".join(match.group("rel").split())]
    day = date.fromisoformat(reference.iso) + timedelta(days=offset)
    return DateMatch(match.start("rel"), match.end("rel"), _iso_day(day))


Reader = Callable[[re.Match[str], "DateValue | None"], "DateMatch | None"]

# What a pass cannot match without, looked for once per text (see _present): most texts given
# here (the few words after a meeting's name) hold no month name, and a pass that cannot match
# is skipped rather than run over the text. Each regex matches wherever the part of a date it
# stands for does, and begins with a character the engine looks for without trying each
# position (the first word of a month name is enough).
_MONTH_START = re.compile(prefix_trie(name.split()[0] for name in _MONTHS))
_DIGIT = re.compile(r"\d")
_FOUR_DIGITS = re.compile(r"\d{4}")  # a year
_SEPARATED_DIGITS = re.compile(r"\d[/-]\d")  # 3/6/2021
MONTH, TWO_MONTHS, DIGIT, YEAR, NUMERIC = "month", "two months", "digit", "year", "numeric"

# Most specific first: where two readings overlap, the earlier one wins.
_PASSES: tuple[tuple[re.Pattern[str], Reader, tuple[str, ...]], ...] = (
    (_CROSS_MONTH_RANGE, _read_cross_month_range, (TWO_MONTHS,)),
    (_SAME_MONTH_RANGE, _read_same_month_range, (MONTH, DIGIT)),
    (_NUMERIC, _read_numeric, (NUMERIC,)),
    (_SINGLE, _read_single, (MONTH,)),
    (_MONTH_YEAR, _read_month_year, (MONTH, YEAR)),
    (_YEAR, _read_year, (YEAR,)),
    (_RELATIVE, _read_relative, ()),
)


def _scan(regex: re.Pattern[str], read: Reader, text: str,
          reference: DateValue | None) -> Iterator[DateMatch]:
    pos = 0
    while pos <= len(text):
        match = regex.search(text, pos)
        if match is None:
            return
        found = read(match, reference)
        if found is not None:
            yield found
            pos = max(match.end(), match.start() + 1)
        else:
            pos = match.start() + 1  # a shorter reading may start inside an impossible one


def _present(text: str) -> set[str]:
    """What the passes need that the text holds. A month name, digit, year or numeric date of
    a match is found by the search for one, at its place or before; a range's second month
    name, by a search from just after the first month name found."""
    present = set()
    month = _MONTH_START.search(text)
    if month:
        present.add(MONTH)
        if _MONTH_START.search(text, month.start() + 1):
            present.add(TWO_MONTHS)
    if _DIGIT.search(text):
        present.add(DIGIT)
        if _FOUR_DIGITS.search(text):
            present.add(YEAR)
        if _SEPARATED_DIGITS.search(text):
            present.add(NUMERIC)
    return present


def find_dates(text: str, reference: DateValue | None = None) -> list[DateMatch]:
    """Every date in a normalised text, in text order, without overlaps.

    reference is the article's own date: it completes a day and month without
    a year and gives relative days (اليوم، امس، غدا) their value.
    """
    taken = bytearray(len(text))
    found: list[DateMatch] = []
    present = _present(text)
    for regex, read, needs in _PASSES:
        if not present.issuperset(needs):
            continue
        for candidate in _scan(regex, read, text, reference):
            if not any(taken[candidate.start:candidate.end]):
                taken[candidate.start:candidate.end] = b"\x01" * (candidate.end - candidate.start)
                found.append(candidate)
    return sorted(found, key=lambda m: (m.start, m.end))


def publication_date(text: str) -> DateMatch | None:
    """The date of a masthead or dateline line: one of the first two non-empty lines,
    short, and mostly the date ("الخميس, 6 يونيو, 2024")."""
    for start, end in islice(paragraphs(text), 2):
        line = text[start:end]
        if len(line) > MAX_DATELINE_CHARS:
            continue
        filled = sum(not ch.isspace() for ch in line)
        for found in find_dates(line):
            covered = sum(not ch.isspace() for ch in line[found.start:found.end])
            if covered >= MIN_DATE_SHARE * filled:
                return DateMatch(start + found.start, start + found.end, found.value, found.end_value)
    return None
