"""Working groups, events, membership lists and agenda topics on short texts written for the tests."""

from __future__ import annotations

from extract_helpers import (ARAB_BUREAU, EGYPT, EXEC_EGOV, QATAR, SAUDI, UNDERSECRETARIES, extract, meeting,
                             named)


# ----- working groups -----------------------------------------------------------

def test_working_group_under_a_committee():
    found = extract("واستعرض الاجتماع السابع للجنة التنفيذية للحكومة الإلكترونية أعمال فريق عمل الحوسبة "
                    "السحابية التابع للجنة التنفيذية للحكومة الإلكترونية.")
    group = named("WorkingGroup", "فريق عمل الحوسبة السحابية")
    assert found.of_type("WorkingGroup") == {group}
    assert found.values(group, "label") == {"فريق عمل الحوسبة السحابية"}
    assert found.has(group, "subOrganizationOf", EXEC_EGOV)
    assert found.has(group, "discussedAt", meeting(EXEC_EGOV, 7))


def test_working_group_after_a_conjunction_keeps_its_first_letter():
    found = extract("وناقش الاجتماع الثامن للجنة وكلاء وزارات الاتصالات وتقنية المعلومات تقرير فريق العمل "
                    "الخليجي لأمن المعلومات وفريق عمل الطيف الترددي.")
    assert found.of_type("WorkingGroup") == {named("WorkingGroup", "فريق العمل الخليجي لأمن المعلومات"),
                                             named("WorkingGroup", "فريق عمل الطيف الترددي")}
    for group in found.of_type("WorkingGroup"):
        assert found.has(group, "discussedAt", meeting(UNDERSECRETARIES, 8))


def test_reference_working_group_is_recognised():
    found = extract("واستعرض الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية محاضر فريق عمل الخدمات "
                    "الإلكترونية المشتركة.")
    assert found.of_type("WorkingGroup") == {"working-group/gcc-shared-eservices"}


# ----- events -------------------------------------------------------------------

def test_event_with_edition_host_dates_and_place():
    found = extract("وتستضيف دولة قطر الدورة الثالثة من مؤتمر الأمن السيبراني الخليجي في الدوحة خلال الفترة "
                    "3 - 5 مايو 2024.")
    event = named("Event", "مؤتمر الأمن السيبراني الخليجي", 3)
    assert found.of_type("Event") == {event}
    assert found.has(event, "ordinal", 3)
    assert found.has(event, "hostedBy", QATAR)
    assert found.has(event, "heldIn", "place/doha")
    assert found.has(event, "date", "2024-05-03")
    assert found.has(event, "endDate", "2024-05-05")


def test_event_before_a_host_noun_phrase():
    found = extract("وأشار إلى استعدادات المملكة العربية السعودية لاستضافة النسخة الرابعة من معرض التقنيات "
                    "الحكومية والذي سيقام في مدينة جدة.")
    event = named("Event", "معرض التقنيات الحكومية", 4)
    assert found.has(event, "hostedBy", SAUDI)
    assert found.has(event, "heldIn", "place/jeddah")


def test_event_name_ends_before_where_it_takes_place():
    found = extract("وتنظم الهيئة ملتقى الابتكار الرقمي بالرياض يوم 3 مايو 2024.")
    event = named("Event", "ملتقى الابتكار الرقمي")
    assert found.of_type("Event") == {event}
    assert found.has(event, "heldIn", "place/riyadh")
    assert found.has(event, "date", "2024-05-03")
    found = extract("وناقش المكتب ندوة التحول الرقمي باكسبو 2020، وموضوعات أخرى.")
    assert found.of_type("Event") == {named("Event", "ندوة التحول الرقمي")}


def test_award_conference_and_exhibition_are_one_event():
    found = extract("وتستضيف سلطنة عمان جائزة ومؤتمر ومعرض التحول الرقمي الخليجي في مسقط.")
    assert found.of_type("Event") == {named("Event", "جائزة ومؤتمر ومعرض التحول الرقمي الخليجي")}


# ----- membership -----------------------------------------------------------------

def test_member_countries_with_the_chair():
    found = extract("ويضم المكتب التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات في عضويته كلاً من "
                    "المملكة العربية السعودية (رئيساً) ومصر والأردن.")
    assert found.values(ARAB_BUREAU, "memberCountry") == {SAUDI, EGYPT, "country/jo"}
    assert found.values(ARAB_BUREAU, "chairCountry") == {SAUDI}


def test_member_countries_of_a_committee_named_before_by_a_short_form():
    found = extract("عقد المكتب التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات دورته الخمسين.\n"
                    "ويضم المكتب في عضويته قطر (رئيساً) والمغرب.")
    assert found.values(ARAB_BUREAU, "memberCountry") == {QATAR, "country/ma"}
    assert found.values(ARAB_BUREAU, "chairCountry") == {QATAR}


# ----- topics -----------------------------------------------------------------------

def test_topics_discussed_at_the_meeting():
    found = extract("وناقش الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية موضوعات الذكاء الاصطناعي "
                    "والأمن السيبراني.")
    assert found.subjects("discussedAt", meeting(EXEC_EGOV, 10)) == {
        "topic/artificial-intelligence", "topic/cyber-security"}


def test_a_topic_without_a_discussion_word_is_not_an_agenda_topic():
    found = extract("عقد الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية في مبنى الأمن السيبراني.")
    assert found.about("discussedAt") == set()


def test_a_committee_named_without_a_meeting_is_still_mentioned():
    found = extract("وأشاد الوزير بجهود اللجنة التنفيذية للحكومة الإلكترونية في دعم التحول الرقمي.")
    assert found.has(EXEC_EGOV, "type", "Committee")
