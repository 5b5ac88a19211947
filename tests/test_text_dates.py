"""Dates in Arabic text: Gregorian and Hijri, ranges, numeric, relative, publication date."""

from __future__ import annotations

import pytest

from ictgraph.model import DateValue
from ictgraph.text.dates import DateMatch, find_dates, publication_date
from ictgraph.text.normalize import normalize


def n(original: str) -> str:
    return normalize(original).text


def dates(original: str, reference: str | None = None) -> list[tuple[str, str, str | None]]:
    text = n(original)
    ref = DateValue(reference) if reference else None
    return [
        (text[m.start:m.end], m.value.iso, m.end_value.iso if m.end_value else None)
        for m in find_dates(text, ref)
    ]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # day month year, with weekday, commas, الموافق, markers
        ("الخميس, 6 يونيو, 2024", [("الخميس, 6 يونيو, 2024", "2024-06-06", None)]),
        ("عقد يوم الإثنين 3 أبريل 2023م في الرياض", [("يوم الاثنين 3 ابريل 2023م", "2023-04-03", None)]),
        ("يوم الأحد الموافق 7 يناير 2024", [("يوم الاحد الموافق 7 يناير 2024", "2024-01-07", None)]),
        ("في 12 تشرين الأول 2019 عقدت", [("12 تشرين الاول 2019", "2019-10-12", None)]),
        ("في 9 كانون الثاني، 2020", [("9 كانون الثاني، 2020", "2020-01-09", None)]),
        ("في 5 آذار/مارس 2020", [("5 اذار/مارس 2020", "2020-03-05", None)]),
        ("في 5 مارس (آذار) 2020", [("5 مارس (اذار) 2020", "2020-03-05", None)]),
        ("في 1 يونية 2010", [("1 يونيه 2010", "2010-06-01", None)]),
        ("في 14 من شهر أغسطس 2021", [("14 من شهر اغسطس 2021", "2021-08-14", None)]),
        ("في الخامس عشر من أغسطس 2021", [("الخامس عشر من اغسطس 2021", "2021-08-15", None)]),
        ("في 20 جويلية 2022", [("20 جويليه 2022", "2022-07-20", None)]),
        ("29 فبراير 2020", [("29 فبراير 2020", "2020-02-29", None)]),
        # month year, year after a cue
        ("في مارس 2015، حيث", [("مارس 2015", "2015-03", None)]),
        ("في كانون الأول 2016", [("كانون الاول 2016", "2016-12", None)]),
        ("العاصمة الرقمية لعام 2022", [("2022", "2022", None)]),
        ("خلال سنة 2019م", [("2019م", "2019", None)]),
        # numeric, day first; year first
        ("(شرم الشيخ: 3/6/2021)", [("3/6/2021", "2021-06-03", None)]),
        ("(عن بعد:12/7/2021)", [("12/7/2021", "2021-07-12", None)]),
        ("بتاريخ 3-6-2021", [("3-6-2021", "2021-06-03", None)]),
        ("بتاريخ 2021/6/3", [("2021/6/3", "2021-06-03", None)]),
        # ranges
        ("خلال الفترة 15 – 16 نوفمبر 2017.", [("15 - 16 نوفمبر 2017", "2017-11-15", "2017-11-16")]),
        ("من 15 إلى 16 نوفمبر 2017", [("15 الي 16 نوفمبر 2017", "2017-11-15", "2017-11-16")]),
        ("من 3 حتى 5 مايو 2022", [("3 حتي 5 مايو 2022", "2022-05-03", "2022-05-05")]),
        ("يومي 15 و16 نوفمبر 2017", [("15 و16 نوفمبر 2017", "2017-11-15", "2017-11-16")]),
        ("30 نوفمبر - 2 ديسمبر 2017", [("30 نوفمبر - 2 ديسمبر 2017", "2017-11-30", "2017-12-02")]),
        ("28 ديسمبر - 3 يناير 2018", [("28 ديسمبر - 3 يناير 2018", "2017-12-28", "2018-01-03")]),
        # Hijri, converted to the Umm al-Qura Gregorian day
        ("1 رمضان 1445هـ", [("1 رمضان 1445ه", "2024-03-11", None)]),
        ("يوم عرفة 9 ذو الحجة 1444 هـ", [("9 ذو الحجه 1444 ه", "2023-06-27", None)]),
        ("1 محرم 1446هـ", [("1 محرم 1446ه", "2024-07-07", None)]),
        ("بتاريخ 1/9/1445هـ", [("1/9/1445ه", "2024-03-11", None)]),
        ("الإثنين 1 رمضان 1445هـ الموافق 11 مارس 2024م",
         [("الاثنين 1 رمضان 1445ه", "2024-03-11", None), ("الموافق 11 مارس 2024م", "2024-03-11", None)]),
    ],
)
def test_find_dates(original: str, expected: list) -> None:
    assert dates(original) == expected


@pytest.mark.parametrize(
    "original",
    [
        "في 2022 تم إطلاق المبادرة",  # a bare year is not a date
        "اكسبو 2020 وكوفيد 19",
        "31/2/2021",  # impossible dates
        "29/2/2021",
        "31 أبريل 2021",
        "32 مايو 2020",
        "13/13/2021",
        "15 نوفمبر",  # no year and no reference
        "15 و16 نوفمبر",
        "اليوم وأمس وغدا",  # relative words need a reference
        "1 رمضان 1445م",  # a Gregorian marker on a Hijri month
        "رمضان 1445هـ",  # a Hijri month has no Gregorian month
        "عام 1445هـ",
        "1 رمضان 1200هـ",  # outside the Umm al-Qura table
        "3 مايو 1492",  # outside the Gregorian year range
        "الاجتماع السادس والعشرين للجنة",
    ],
)
def test_not_a_date(original: str) -> None:
    assert dates(original) == []


@pytest.mark.parametrize(
    ("original", "reference", "expected"),
    [
        ("عقد المكتب دورته اليوم ( عن بعد )", "2020-06-10", [("اليوم", "2020-06-10", None)]),
        ("وصل الوفد أمس", "2020-06-10", [("امس", "2020-06-09", None)]),
        ("وصل الوفد بالأمس", "2020-06-10", [("بالامس", "2020-06-09", None)]),
        ("يعقد غداً", "2020-06-30", [("غدا", "2020-07-01", None)]),
        ("وصل أول أمس", "2020-03-01", [("اول امس", "2020-02-28", None)]),
        ("بمناسبة اليوم العالمي للاتصالات", "2020-05-17", []),
        ("في اليوم الأول من المؤتمر", "2020-05-17", []),
        ("اليوم", "2020-05", []),  # a month is not a day to count from
        # a day and month without a year take the year nearest the reference
        ("يومي 15 و16 نوفمبر", "2017-11-01", [("15 و16 نوفمبر", "2017-11-15", "2017-11-16")]),
        ("في 28 ديسمبر", "2018-01-05", [("28 ديسمبر", "2017-12-28", None)]),
        ("في 3 يناير", "2017-12-20", [("3 يناير", "2018-01-03", None)]),
        ("في 6 آب", "2020-08-01", []),  # آب needs a year: it is also a common word
        ("في 6 آب 2020", "2020-08-01", [("6 اب 2020", "2020-08-06", None)]),
    ],
)
def test_find_dates_with_reference(original: str, reference: str, expected: list) -> None:
    assert dates(original, reference) == expected


def test_an_impossible_range_falls_back_to_its_valid_date() -> None:
    assert dates("16 - 15 نوفمبر 2017") == [("15 نوفمبر 2017", "2017-11-15", None)]


def test_dates_in_text_order() -> None:
    found = dates("عقد في 3/6/2021 ثم في مارس 2022 ثم لعام 2023")
    assert [iso for _, iso, _ in found] == ["2021-06-03", "2022-03", "2023"]


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("الخميس, 6 يونيو, 2024\nعنوان الخبر\nنص الخبر.", ("الخميس, 6 يونيو, 2024", "2024-06-06")),
        ("\n\nعنوان الخبر\n\nالأحد 7 يناير 2024\nنص", ("الاحد 7 يناير 2024", "2024-01-07")),
        ("الدوحة - 6 يونيو 2024\nنص الخبر.", ("6 يونيو 2024", "2024-06-06")),
        ("عنوان\nسطر ثان\nالخميس 6 يونيو 2024", None),  # third line
        ("عقدت اللجنة اجتماعها في 6 يونيو 2024 في الدوحة بحضور الوزراء\nنص", None),  # not mostly the date
        ("عنوان الخبر\nنص بلا تاريخ", None),
    ],
)
def test_publication_date(original: str, expected: tuple[str, str] | None) -> None:
    text = n(original)
    found = publication_date(text)
    if expected is None:
        assert found is None
    else:
        assert isinstance(found, DateMatch)
        assert (text[found.start:found.end], found.value.iso) == expected
