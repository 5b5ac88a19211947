"""Paragraph and sentence spans."""

from __future__ import annotations

import pytest

from ictgraph.text.normalize import normalize
from ictgraph.text.sentences import MAX_SENTENCE_CHARS, split_paragraphs, split_sentences


def sentences(original: str) -> list[str]:
    text = normalize(original).text
    return [text[a:b] for a, b in split_sentences(text)]


def n(original: str) -> str:
    return normalize(original).text


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # terminators . ! ? ؟
        ("عُقد الاجتماع. وناقشت اللجنة البنود؟ نعم! ثم ماذا? انتهى",
         ["عقد الاجتماع.", "وناقشت اللجنه البنود؟", "نعم!", "ثم ماذا?", "انتهي"]),
        # a line break ends a sentence even without punctuation
        ("سطر أول بلا نقطة\nسطر ثان", ["سطر اول بلا نقطه", "سطر ثان"]),
        ("سطر أول\r\nسطر ثان", ["سطر اول", "سطر ثان"]),
        # decimal point and dotted date
        ("بلغ النمو 3.5 بالمئة في 3.6.2021 فقط.", ["بلغ النمو 3.5 بالمئه في 3.6.2021 فقط."]),
        # single-letter abbreviations
        ("ترأس د. سالم الوفد. ثم غادر", ["تراس د. سالم الوفد.", "ثم غادر"]),
        ("حضر أ.د. محمد علي الاجتماع.", ["حضر ا.د. محمد علي الاجتماع."]),
        # nothing inside parentheses ends a sentence
        ("نتائج الاجتماع (39) للجنة (شرم الشيخ: 3/6/2021. عن بعد) والذي تضمن. ثم",
         ["نتائج الاجتماع (39) للجنه (شرم الشيخ: 3/6/2021. عن بعد) والذي تضمن.", "ثم"]),
        # an unclosed bracket is a stray character
        ("بدأ (الاجتماع. ثم انتهى", ["بدا (الاجتماع.", "ثم انتهي"]),
        # a colon does not end a sentence
        ("قال الوزير: نفتخر بالعمل المشترك", ["قال الوزير: نفتخر بالعمل المشترك"]),
        # a closing quote after the stop belongs to the sentence
        ("قال: «نفتخر بذلك.» ثم غادر.", ['قال: "نفتخر بذلك."', "ثم غادر."]),
        # no space after the stop: split between Arabic words, not in a URL
        ("انتهى الاجتماع.وبدأ الحفل", ["انتهي الاجتماع.", "وبدا الحفل"]),
        ("زوروا www.example.com للمزيد.", ["زوروا www.example.com للمزيد."]),
        # a numbered item keeps its number
        ("1. تأسيس الأنشطة التجارية", ["1. تاسيس الانشطه التجاريه"]),
        # a sentence of punctuation alone is dropped
        ("نص.\n.\n/ العمانية /", ["نص.", "/ العمانيه /"]),
        # repeated terminators stay with their sentence
        ("حقا؟! نعم...", ["حقا؟!", "نعم..."]),
    ],
)
def test_split_sentences(original: str, expected: list[str]) -> None:
    assert sentences(original) == expected


def test_bullet_items_are_sentences_without_their_bullet() -> None:
    text = n("وتشمل الخدمات ما يلي:\n*التنقل عبر البوابات.\n* تأشيرة دخول\n- تبادل المخالفات\n  • خدمة التقاعد\n· أخرى")
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == [
        "وتشمل الخدمات ما يلي:", "التنقل عبر البوابات.", "تاشيره دخول", "تبادل المخالفات", "خدمه التقاعد", "اخري",
    ]
    for a, _ in spans[1:]:
        line_start = text.rfind("\n", 0, a) + 1
        assert text[line_start:a].strip() in {"*", "-", "•", "·"}


def test_a_negative_number_is_not_a_bullet() -> None:
    assert sentences("-5 درجات تحت الصفر") == ["-5 درجات تحت الصفر"]


def test_spans_are_trimmed() -> None:
    text = "  أولى.   ثانية  \n"
    spans = split_sentences(text)
    assert spans == [(2, 7), (10, 15)]


def test_paragraphs_are_non_blank_lines() -> None:
    text = "  فقرة أولى. جملة ثانية\n\n   \nفقرة ثانية  \n"
    assert split_paragraphs(text) == [(2, 23), (29, 39)]
    assert [text[a:b] for a, b in split_paragraphs(text)] == ["فقرة أولى. جملة ثانية", "فقرة ثانية"]


def test_empty_text() -> None:
    assert split_sentences("") == []
    assert split_paragraphs(" \n\t\n") == []


def test_a_run_on_line_is_cut_at_commas_then_spaces() -> None:
    clause = "ناقش الاجتماع بنود جدول الاعمال " * 10  # 320 characters, no stop
    text = (clause + "، ") * 12 + "كلمه " * 600
    spans = split_sentences(text)
    assert all(b - a <= MAX_SENTENCE_CHARS for a, b in spans)
    assert "".join(text[a:b] for a, b in spans).replace(" ", "") == text.replace(" ", "")  # nothing lost
    # Cut right after a comma while commas come (the last at 3862), then at spaces: never
    # inside a word.
    assert [text[b - 1] for a, b in spans[:3]] == ["،"] * 3
    assert spans[3][0] > text.rindex("،")
    assert all(text[b] == " " for a, b in spans[3:-1]) and len(spans) == 6


def test_a_line_without_spaces_is_cut_at_the_limit() -> None:
    assert split_sentences("ا" * (2 * MAX_SENTENCE_CHARS + 7)) == [
        (0, MAX_SENTENCE_CHARS), (MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS),
        (2 * MAX_SENTENCE_CHARS, 2 * MAX_SENTENCE_CHARS + 7)]
