"""Delegation rules on short articles written for the tests: who headed which country's delegation
at which meeting, and what the self-references (السلطنة، الدولة، المملكة) mean in an article
from a given publisher or dateline."""

from __future__ import annotations

import pytest

from extract_helpers import (BAHRAIN, EXEC_EGOV, KUWAIT, MIN_EGOV, OMAN, QATAR, SAUDI, UAE, delegation, extract,
                             meeting, named)

EXEC_15 = meeting(EXEC_EGOV, 15)
SENTENCE = "ترأس سعادة أحمد الكعبي وفد {self} في الاجتماع الخامس عشر للجنة التنفيذية للحكومة الإلكترونية."
HEAD = named("Person", "أحمد الكعبي")


@pytest.mark.parametrize("article, country", [
    # Emirati datelines and WAM sign-offs.
    ("دبي -\n{s}", UAE),
    ("أبوظبي - {s}", UAE),
    ("{s}\nوام", UAE),
    ("أبوظبي في 5 مارس / وام / {s}", UAE),
    # A Qatari agency tag: الدولة is Qatar there.
    ("الدوحة في 5 مارس /قنا/ {s}", QATAR),
    # A Kuwaiti agency tag in the dateline.
    ("الكويت - 5 - 3 (كونا) -- {s}", KUWAIT),
])
def test_the_state_means_the_articles_country(article, country):
    found = extract(article.format(s=SENTENCE.format(self="الدولة")))
    d = delegation(EXEC_15, country)
    assert found.has(EXEC_15, "hasDelegation", d)
    assert found.has(d, "delegationOf", country)
    assert found.has(d, "headedBy", HEAD)
    assert found.has(HEAD, "citizenOf", country)


@pytest.mark.parametrize("article, self_word, country", [
    ("{s}\n/ العمانية /", "السلطنة", OMAN),
    ("{s}\n(العمانية)", "السلطنة", OMAN),
    ("الرياض 12 ربيع الأول 1445 هـ الموافق 27 سبتمبر 2023 م واس\n{s}", "المملكة", SAUDI),
    ("{s}\n(واس)", "المملكة", SAUDI),
    ("المنامة في 5 مارس / بنا / {s}", "المملكة", BAHRAIN),
])
def test_sultanate_and_kingdom(article, self_word, country):
    found = extract(article.format(s=SENTENCE.format(self=self_word)))
    assert found.values(delegation(EXEC_15, country), "headedBy") == {HEAD}


def test_a_self_reference_without_a_known_country_makes_no_delegation():
    found = extract(SENTENCE.format(self="الدولة"))
    assert found.of_type("Delegation") == set()


@pytest.mark.parametrize("country_words, country", [
    ("دولة الكويت", KUWAIT), ("الكويت", KUWAIT), ("سلطنة عمان", OMAN), ("مملكة البحرين", BAHRAIN),
    ("المملكة العربية السعودية", SAUDI), ("دولة قطر", QATAR),
])
def test_named_countries(country_words, country):
    found = extract(SENTENCE.format(self=country_words))
    assert found.values(delegation(EXEC_15, country), "headedBy") == {HEAD}


def test_head_named_after_the_delegation_with_a_title_before_the_honorific():
    found = extract("وترأس وفد دولة الكويت الوكيل المساعد لشؤون الاتصالات المهندس أحمد محمد العنزي "
                    "في الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية.")
    assert found.values(delegation(meeting(EXEC_EGOV, 10), KUWAIT), "headedBy") == {
        named("Person", "أحمد محمد العنزي")}


def test_head_of_delegation_noun_before_the_name():
    found = extract("وقال رئيس وفد السلطنة الدكتور علي بن عامر الشيذاني إن الاجتماع التاسع للجنة "
                    "الوزارية للحكومة الإلكترونية ناقش عدة موضوعات.\n/العمانية/")
    assert found.values(delegation(meeting(MIN_EGOV, 9), OMAN), "headedBy") == {
        named("Person", "علي بن عامر الشيذاني")}


def test_head_of_delegation_as_the_title_after_the_name():
    found = extract("وأوضح المهندس خالد العتيبي، رئيس وفد دولة الكويت في الاجتماع التاسع للجنة الوزارية "
                    "للحكومة الإلكترونية، أن الاجتماع ناقش عدة موضوعات.")
    head = named("Person", "خالد العتيبي")
    assert found.values(delegation(meeting(MIN_EGOV, 9), KUWAIT), "headedBy") == {head}
    assert found.has(head, "citizenOf", KUWAIT)


def test_delegation_headed_by_a_relative_clause():
    found = extract("دبي -\nعقدت اللجنة الوزارية للحكومة الإلكترونية اجتماعها السابع في الرياض، بمشاركة "
                    "وفد الدولة الذي ترأسه ماجد سلطان المسمار مدير عام الهيئة العامة لتنظيم قطاع الاتصالات.")
    head = named("Person", "ماجد سلطان المسمار")
    assert found.values(delegation(meeting(MIN_EGOV, 7), UAE), "headedBy") == {head}
    assert found.values(head, "memberOf") == {"body/ae-tdra"}


def test_one_delegation_at_two_meetings():
    found = extract("شاركت الوزارة في أعمال الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية، كما "
                    "شاركت في أعمال الاجتماع الحادي عشر للجنة الوزارية للحكومة الإلكترونية، حيث ترأس "
                    "الدكتور سالم الرزيقي وفد السلطنة في الاجتماعين.\n/ العمانية /")
    head = named("Person", "سالم الرزيقي")
    for m in (meeting(EXEC_EGOV, 10), meeting(MIN_EGOV, 11)):
        assert found.values(delegation(m, OMAN), "headedBy") == {head}


def test_without_the_dual_the_delegation_goes_to_the_meeting_after_it():
    found = extract("شارك وفد دولة قطر برئاسة السيد جاسم السليطي في الاجتماع الثالث للجنة التنفيذية "
                    "للحكومة الإلكترونية والاجتماع الرابع للجنة الوزارية للحكومة الإلكترونية.")
    assert found.of_type("Delegation") == {delegation(meeting(EXEC_EGOV, 3), QATAR)}


def test_members_of_a_delegation_serve_its_country():
    found = extract("وترأس وفد السلطنة في الاجتماع الحادي والثلاثين للجنة التنفيذية للحكومة الإلكترونية "
                    "سعادة الدكتور علي الشيذاني، وفي عضويته كل من المهندس سعيد بن حمود المعولي مدير عام "
                    "الحكومة الإلكترونية، والسيدة بدرية بنت ناصر الصلتية.\n/العمانية/")
    for name in ("سعيد بن حمود المعولي", "بدرية بنت ناصر الصلتية"):
        assert found.has(named("Person", name), "citizenOf", OMAN)


def test_egyptian_agency_after_a_cairo_dateline():
    found = extract("القاهرة - أ ش أ\nوترأس الدكتور عمرو طلعت الدورة العادية الخمسين للمكتب "
                    "التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات.")
    assert found.metadata["publisher_country"] == "country/eg"
    assert found.metadata["publisher"] == "أ ش أ"  # as written


# ----- the meeting's chair is not a delegation's head ----------------------------

@pytest.mark.parametrize("sentence, ordinal, chair, country, head", [
    ("انطلقت أعمال الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية برئاسة السيد سالم بن علي الرزيقي، "
     "وبمشاركة وفد دولة قطر الذي ترأسه السيد جاسم بن سيف السليطي.",
     5, "سالم بن علي الرزيقي", QATAR, "جاسم بن سيف السليطي"),
    ("افتتح الاجتماع التاسع للجنة التنفيذية للحكومة الإلكترونية برئاسة معالي الدكتور علي بن عامر الشيذاني، "
     "بحضور وفد سلطنة عمان الذي ترأسه سعادة السيد أحمد بن سالم الكندي.",
     9, "علي بن عامر الشيذاني", OMAN, "أحمد بن سالم الكندي"),
], ids=["with-participation", "with-attendance"])
def test_a_chair_named_before_a_comma_does_not_head_the_delegation_after_it(sentence, ordinal, chair, country,
                                                                             head):
    found = extract(sentence)
    m = meeting(EXEC_EGOV, ordinal)
    assert found.values(delegation(m, country), "headedBy") == {named("Person", head)}
    assert found.values(m, "chairedBy") == {named("Person", chair)}
    assert found.values(named("Person", chair), "citizenOf") == set()


def test_a_heading_verb_reaches_the_delegation_over_a_time_word():
    found = extract("ترأس سعادة السيد جاسم بن سيف السليطي اليوم وفد دولة قطر في الاجتماع الخامس للجنة "
                    "التنفيذية للحكومة الإلكترونية.")
    head = named("Person", "جاسم بن سيف السليطي")
    assert found.values(delegation(meeting(EXEC_EGOV, 5), QATAR), "headedBy") == {head}


@pytest.mark.parametrize("sentence, country", [
    ("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الخامس في القاهرة، بمشاركة وفد الجمهورية الجزائرية "
     "الديمقراطية الشعبية الذي ترأسه السيد كريم محمد زروقي مدير التعاون الدولي.", "country/dz"),
    ("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الخامس في تونس، بمشاركة وفد المملكة الأردنية "
     "الهاشمية الذي ترأسه السيد كريم محمد زروقي.", "country/jo"),
], ids=["algeria", "jordan"])
def test_the_head_of_a_delegation_with_a_long_country_name_is_no_chair(sentence, country):
    found = extract(sentence)
    m = meeting(EXEC_EGOV, 5)
    assert found.values(delegation(m, country), "headedBy") == {named("Person", "كريم محمد زروقي")}
    assert found.values(m, "chairedBy") == set()
