"""Meeting rules on short sentences written for the tests (not taken from the bundled articles):
numbered meetings and sessions, their committee (known, referred back to, or new), reported and
referenced meetings, dates, places, virtual, host and chair."""

from __future__ import annotations

import pytest

from extract_helpers import (ARAB_BUREAU, ARAB_ICT, ARAB_POST, BAHRAIN, EXEC_EGOV, GCC, KUWAIT, MIN_EGOV,
                             MIN_POST_ICT, OMAN, QATAR, SAUDI, UNDERSECRETARIES, extract, meeting, meetings,
                             named)

EXEC = "للجنة التنفيذية للحكومة الإلكترونية"


# ----- ordinals -------------------------------------------------------------

@pytest.mark.parametrize("phrase, ordinal", [
    ("الاجتماع الأول", 1),
    ("الدورة الأولى", 1),
    ("الاجتماع العاشر", 10),
    ("الدورة العاشرة", 10),
    ("الاجتماع الحادي عشر", 11),
    ("الدورة الحادية عشرة", 11),
    ("الاجتماع التاسع عشر", 19),
    ("الاجتماع الثاني والعشرين", 22),   # genitive / accusative
    ("الاجتماع الثاني والعشرون", 22),   # nominative
    ("الدورة الثانية والعشرين", 22),    # feminine
    ("الدورة الحادية والثلاثين", 31),
    ("الدورة الثامنة والأربعون", 48),
    ("الاجتماع السابع والخمسين", 57),
    ("الاجتماع المائة", 100),
    ("الدورة العادية المائة والخامسة", 105),
    ("الدورة العادية الثالثة", 3),
    ("الدورة الاستثنائية الثالثة", 3),
])
def test_ordinal_words_in_both_genders_and_case_endings(phrase, ordinal):
    found = extract(f"عقد {phrase} {EXEC} في مسقط.")
    assert meetings(found) == {meeting(EXEC_EGOV, ordinal)}
    assert found.has(meeting(EXEC_EGOV, ordinal), "ordinal", ordinal)


@pytest.mark.parametrize("phrase, ordinal", [
    ("الاجتماع (39)", 39),
    ("الاجتماع ( 39 )", 39),
    ("الدورة ال36", 36),
    ("الدورة الـ36", 36),
    ("الدورة الـ 36", 36),
    ("الاجتماع 21", 21),
    ("الاجتماع رقم 12", 12),
    ("الاجتماع رقم (12)", 12),
    ("الدورة 155", 155),
    ("الاجتماع ٢٣", 23),
])
def test_ordinal_digit_forms(phrase, ordinal):
    found = extract(f"شارك الوفد في {phrase} {EXEC}.")
    assert meetings(found) == {meeting(EXEC_EGOV, ordinal)}


def test_possessive_with_digits_in_parentheses():
    found = extract("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها (٢٢) في الرياض.")
    assert meetings(found) == {meeting(EXEC_EGOV, 22)}


def test_a_number_that_is_not_an_ordinal_makes_no_meeting():
    assert meetings(extract("شارك في الاجتماع 15 مسؤولاً من اللجنة التنفيذية للحكومة الإلكترونية.")) == set()
    assert meetings(extract("حضر الاجتماع خمسة وزراء من دول المجلس.")) == set()


def test_a_meeting_noun_without_a_committee_makes_no_meeting():
    assert meetings(extract("عقد الاجتماع الثالث في العاصمة العمانية مسقط يوم 3 مايو 2023.")) == set()


# ----- which committee ---------------------------------------------------------

def test_possessive_refers_to_the_committee_that_holds_the_meeting():
    found = extract("عقدت لجنة وكلاء وزارات الاتصالات وتقنية المعلومات بدول مجلس التعاون لدول الخليج "
                    "العربية اجتماعها التاسع والعشرين في الكويت.")
    assert meetings(found) == {meeting(UNDERSECRETARIES, 29)}


def test_session_noun_after_the_subject_committee():
    """"عقد <committee> الدورة ...": the session belongs to the verb's subject."""
    found = extract("عقد المكتب التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات اليوم "
                    "الدورة العادية الثامنة والأربعين.")
    assert meetings(found) == {meeting(ARAB_BUREAU, 48)}


def test_possessive_session_of_the_subject_with_a_time_word_between():
    found = extract("عقد اليوم مجلس الوزراء العرب للاتصالات والمعلومات دورته العادية السابعة والعشرين.")
    assert meetings(found) == {meeting("committee/arab-ict-ministers-council", 27)}


def test_possessive_in_a_later_sentence_refers_back():
    found = extract("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الثلاثين في الكويت. "
                    "واستعرضت اللجنة قرارات اجتماعها التاسع والعشرين.")
    assert meetings(found) == {meeting(EXEC_EGOV, 30), meeting(EXEC_EGOV, 29)}
    assert found.has(meeting(EXEC_EGOV, 30), "reviewedOutcomesOf", meeting(EXEC_EGOV, 29))


def test_short_form_after_the_noun_refers_to_the_committee_named_before():
    found = extract("عقدت لجنة وكلاء وزارات الاتصالات وتقنية المعلومات اجتماعها التاسع والعشرين، "
                    "واستعرضت نتائج الاجتماع الثامن والعشرين للجنة.")
    assert meetings(found) == {meeting(UNDERSECRETARIES, 29), meeting(UNDERSECRETARIES, 28)}
    label = found.values(meeting(UNDERSECRETARIES, 28), "label")
    assert label == {"الاجتماع الثامن والعشرين للجنة وكلاء وزارات البريد والاتصالات وتقنية المعلومات"}


def test_label_of_a_possessive_meeting_contracts_li_with_the_article():
    found = extract("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الخامس.")
    assert found.values(meeting(EXEC_EGOV, 5), "label") == {"الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية"}


def test_committee_variants_resolve_to_one_reference_committee():
    a = extract("شارك الوفد في الاجتماع العاشر للجنة وكلاء البريد والاتصالات بدول المجلس.")
    b = extract("شارك الوفد في الاجتماع العاشر للجنة وكلاء وزارات الاتصالات وتقنية المعلومات.")
    assert meetings(a) == meetings(b) == {meeting(UNDERSECRETARIES, 10)}


UNKNOWN = named("Committee", "اللجنة الخليجية للتجارة الإلكترونية")


def test_unknown_committee_is_created_from_its_name_and_the_tail_gives_its_organisation():
    found = extract("انطلقت أعمال الاجتماع الثالث للجنة الخليجية للتجارة الإلكترونية بدول المجلس في الدوحة.")
    assert meetings(found) == {meeting(UNKNOWN, 3)}
    assert found.has(UNKNOWN, "type", "Committee")
    assert found.values(UNKNOWN, "label") == {"اللجنة الخليجية للتجارة الإلكترونية"}
    assert found.has(UNKNOWN, "subOrganizationOf", GCC)
    assert found.has(meeting(UNKNOWN, 3), "heldIn", "place/doha")


def test_unknown_committee_as_subject_is_the_same_committee():
    found = extract("عقدت اللجنة الخليجية للتجارة الإلكترونية اجتماعها الثالث في الدوحة.")
    assert meetings(found) == {meeting(UNKNOWN, 3)}
    assert found.has(UNKNOWN, "subOrganizationOf", GCC)


def test_unknown_committee_name_ends_before_a_date():
    found = extract("عقدت اليوم لجنة التجارة الإلكترونية الخليجية اجتماعها الأول يوم الأحد 5 مايو 2024.")
    committee = named("Committee", "لجنة التجارة الإلكترونية الخليجية")
    assert meetings(found) == {meeting(committee, 1)}
    assert found.has(meeting(committee, 1), "date", "2024-05-05")


def test_unknown_arab_committee_belongs_to_the_arab_league():
    found = extract("شارك الوفد في الاجتماع الخامس للجنة العربية للاتصالات الراديوية في تونس.")
    committee = named("Committee", "اللجنة العربية للاتصالات الراديوية")
    assert meetings(found) == {meeting(committee, 5)}
    assert found.has(committee, "subOrganizationOf", "org/arab-league")


# ----- reported and referenced meetings --------------------------------------

def test_results_of_another_committee_are_reviewed_by_the_reporting_meeting():
    found = extract("عقدت اللجنة الوزارية للبريد والاتصالات وتقنية المعلومات اجتماعها الثلاثين، "
                    "وناقشت نتائج وتوصيات الاجتماع الثاني والثلاثين للجنة وكلاء وزارات الاتصالات "
                    "وتقنية المعلومات.")
    assert found.has(meeting(MIN_POST_ICT, 30), "reviewedOutcomesOf", meeting(UNDERSECRETARIES, 32))
    assert "meeting-reported" in found.rules[(meeting(MIN_POST_ICT, 30), "type", "Meeting")]
    assert "meeting-referenced" in found.rules[(meeting(UNDERSECRETARIES, 32), "type", "Meeting")]


def test_recommendations_named_before_the_committee_of_a_possessive():
    found = extract("عقدت اللجنة الوزارية للحكومة الإلكترونية اجتماعها الثامن في الدوحة، واطلعت على "
                    "توصيات اللجنة التنفيذية للحكومة الإلكترونية في اجتماعها الثلاثين.")
    assert found.has(meeting(MIN_EGOV, 8), "reviewedOutcomesOf", meeting(EXEC_EGOV, 30))
    assert not found.has(meeting(EXEC_EGOV, 30), "reviewedOutcomesOf", meeting(MIN_EGOV, 8))


def test_decisions_of_an_earlier_meeting_in_an_agenda():
    found = extract("وناقش الاجتماع الحادي والثلاثون للجنة التنفيذية للحكومة الإلكترونية قرارات اللجنة "
                    "في اجتماعها الثلاثين.")
    assert found.has(meeting(EXEC_EGOV, 31), "reviewedOutcomesOf", meeting(EXEC_EGOV, 30))


def test_outcomes_discussed_later_by_a_demonstrative():
    found = extract("وجاءت التوصيات الصادرة عن الاجتماع السابع للجنة الوزارية للحكومة الإلكترونية، "
                    "وتمت مناقشة تلك التوصيات في الاجتماع العشرين للجنة التنفيذية للحكومة الإلكترونية.")
    assert found.has(meeting(EXEC_EGOV, 20), "reviewedOutcomesOf", meeting(MIN_EGOV, 7))


def test_a_past_meeting_mentioned_in_passing_is_not_reviewed():
    found = extract("عقد الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية في مسقط، بعد الاجتماع "
                    "التاسع للجنة الذي انعقد في الكويت.")
    assert meetings(found) == {meeting(EXEC_EGOV, 10), meeting(EXEC_EGOV, 9)}
    assert found.about("reviewedOutcomesOf") == set()


# ----- dates ----------------------------------------------------------------

@pytest.mark.parametrize("when, start, end", [
    ("خلال الفترة من 10 إلى 11 أكتوبر 2022", "2022-10-10", "2022-10-11"),
    ("يومي 15 و16 نوفمبر 2017", "2017-11-15", "2017-11-16"),
    ("في الفترة 30 نوفمبر - 2 ديسمبر 2017", "2017-11-30", "2017-12-02"),
    ("يوم الأربعاء الموافق 3 مايو 2023م", "2023-05-03", None),
    ("في 7 تموز 2021", "2021-07-07", None),
    ("في أبريل 2016", "2016-04", None),
    ("بتاريخ 5/3/2019", "2019-03-05", None),
    ("في عام 2020", "2020", None),
])
def test_meeting_dates(when, start, end):
    found = extract(f"عقد الاجتماع السابع عشر {EXEC} {when}.")
    m = meeting(EXEC_EGOV, 17)
    assert found.values(m, "date") == {start}
    assert found.values(m, "endDate") == ({end} if end else set())


def test_date_after_an_organisation_tail_and_a_place():
    found = extract("شاركت الوزارة في أعمال الاجتماع الرابع والعشرين للجنة التنفيذية للحكومة الإلكترونية "
                    "بدول مجلس التعاون لدول الخليج العربية الذي عقد في العاصمة العمانية مسقط "
                    "يومي 13 و14 مارس 2023.")
    m = meeting(EXEC_EGOV, 24)
    assert found.values(m, "date") == {"2023-03-13"}
    assert found.values(m, "endDate") == {"2023-03-14"}


def test_place_and_date_in_parentheses_after_a_referenced_meeting():
    found = extract("ناقش المكتب التنفيذي نتائج الاجتماع (40) للجنة العربية الدائمة للبريد (المنامة: 5/3/2019).")
    m = meeting(ARAB_POST, 40)
    assert found.values(m, "date") == {"2019-03-05"}
    assert found.values(m, "heldIn") == {"place/manama"}


def test_remote_and_date_in_parentheses():
    found = extract("كما ناقش المكتب نتائج الاجتماع (48) للجنة العربية الدائمة للاتصالات والمعلومات "
                    "(عن بعد: 14/9/2022).")
    m = meeting(ARAB_ICT, 48)
    assert found.values(m, "date") == {"2022-09-14"}
    assert found.has(m, "isVirtual", True)


def test_two_meetings_in_one_sentence_keep_their_own_dates_and_places():
    found = extract("عقد الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية في الرياض يوم 3 مايو 2023، "
                    "والاجتماع السادس للجنة الوزارية للحكومة الإلكترونية في مسقط يوم 10 أكتوبر 2023.")
    first, second = meeting(EXEC_EGOV, 5), meeting(MIN_EGOV, 6)
    assert found.values(first, "date") == {"2023-05-03"}
    assert found.values(first, "heldIn") == {"place/riyadh"}
    assert found.values(second, "date") == {"2023-10-10"}
    assert found.values(second, "heldIn") == {"place/muscat"}


# ----- virtual ----------------------------------------------------------------

@pytest.mark.parametrize("how", [
    "عبر الاتصال المرئي", "عبر تقنية الاتصال المرئي", "عن بعد", "عن بُعد", "افتراضياً", "افتراضيًا",
    "عبر تقنية التواصل المرئي", "بالاتصال المرئي", "( عن بعد )", "بشكل افتراضي",
])
def test_virtual_cues(how):
    found = extract(f"عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الخامس {how}.")
    assert found.has(meeting(EXEC_EGOV, 5), "isVirtual", True)


def test_distance_learning_does_not_make_a_meeting_virtual():
    found = extract("عقد الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية في الرياض وناقش التعليم عن بعد.")
    assert found.about("isVirtual") == set()
    found = extract("عقد الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية في الرياض. "
                    "وأكد الوزير أهمية العمل عن بعد.")
    assert found.about("isVirtual") == set()


def test_virtual_closing_clause_covers_both_meetings_reported():
    found = extract("شاركت الوزارة في أعمال الاجتماع العاشر للجنة التنفيذية للحكومة الإلكترونية، "
                    "كما شاركت في أعمال الاجتماع الثلاثين للجنة وكلاء البريد والاتصالات وذلك عبر الاتصال المرئي.")
    assert found.has(meeting(EXEC_EGOV, 10), "isVirtual", True)
    assert found.has(meeting(UNDERSECRETARIES, 30), "isVirtual", True)


# ----- host -------------------------------------------------------------------

@pytest.mark.parametrize("sentence, host", [
    ("استضافت سلطنة عمان الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية في مسقط.", OMAN),
    ("الكويت تستضيف الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية", KUWAIT),
    ("تستضيف الدوحة الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية.", QATAR),
    ("استضافت وزارة التقنية والاتصالات الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية.", OMAN),
    ("عقد الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية باستضافة من مملكة البحرين.", BAHRAIN),
    ("وتستضيف المملكة العربية السعودية في الرياض الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية.", SAUDI),
])
def test_host(sentence, host):
    assert extract(sentence).values(meeting(MIN_EGOV, 8), "hostedBy") == {host}


def test_host_self_reference_in_an_omani_article():
    found = extract("استضافت السلطنة الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية.\n/ العمانية /")
    assert found.values(meeting(MIN_EGOV, 8), "hostedBy") == {OMAN}


def test_host_verb_hosts_only_the_first_meeting_after_it():
    found = extract("استضافت قطر الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية، كما شاركت في "
                    "الاجتماع التاسع للجنة التنفيذية للحكومة الإلكترونية.")
    assert found.values(meeting(MIN_EGOV, 8), "hostedBy") == {QATAR}
    assert found.values(meeting(EXEC_EGOV, 9), "hostedBy") == set()


# ----- chair ------------------------------------------------------------------

def test_chair_after_honorifics():
    found = extract("عقد الاجتماع السابع للجنة الوزارية للحكومة الإلكترونية عن بعد برئاسة معالي الدكتور "
                    "علي بن عامر الشيذاني وزير النقل والاتصالات وتقنية المعلومات.")
    assert found.values(meeting(MIN_EGOV, 7), "chairedBy") == {named("Person", "علي بن عامر الشيذاني")}


def test_head_of_a_delegation_is_no_chair():
    found = extract("دبي -\nعقد الاجتماع السابع للجنة الوزارية للحكومة الإلكترونية بمشاركة وفد الدولة الذي "
                    "ترأسه سعادة حمد عبيد المنصوري مدير عام الهيئة العامة لتنظيم قطاع الاتصالات.")
    assert found.about("chairedBy") == set()


# ----- places -----------------------------------------------------------------

@pytest.mark.parametrize("where, place", [
    ("في مدينة مسقط", "place/muscat"),
    ("في العاصمة العمانية مسقط", "place/muscat"),
    ("بالمنامة", "place/manama"),
    ("في مدينة جدة بالمملكة العربية السعودية", "place/jeddah"),
    ("بمملكة البحرين", BAHRAIN),
])
def test_places(where, place):
    found = extract(f"عقد الاجتماع الرابع للجنة الوزارية للحكومة الإلكترونية {where}.")
    assert found.values(meeting(MIN_EGOV, 4), "heldIn") == {place}


def test_venue_is_a_new_place():
    found = extract("عقد الاجتماع الرابع للجنة الوزارية للحكومة الإلكترونية في الفترة 30 نوفمبر - 2 ديسمبر "
                    "2017 بفندق شيراتون الدوحة.")
    venue = named("Place", "فندق شيراتون الدوحة")
    assert found.values(meeting(MIN_EGOV, 4), "heldIn") == {venue}
    assert found.has(venue, "type", "Place")


def test_a_leader_country_is_not_where_the_meeting_was_held():
    found = extract("وشهد الاجتماع الثاني عشر للجنة التنفيذية للحكومة الإلكترونية تدشين مشروع الربط "
                    "الإلكتروني لأنظمة الهوية بقيادة دولة الإمارات.")
    assert found.values(meeting(EXEC_EGOV, 12), "heldIn") == set()


def test_chair_named_by_a_verb_before_the_meeting():
    found = extract("ترأس الدكتور عمرو طلعت وزير الاتصالات وتكنولوجيا المعلومات اليوم أعمال الدورة العادية "
                    "السابعة والعشرين لمجلس الوزراء العرب للاتصالات والمعلومات.")
    council = "committee/arab-ict-ministers-council"
    assert found.values(meeting(council, 27), "chairedBy") == {named("Person", "عمرو طلعت")}


def test_heading_a_delegation_to_a_meeting_is_not_chairing_it():
    found = extract("ترأس سعادة السيد جاسم السليطي وزير المواصلات والاتصالات وفد دولة قطر المشارك في أعمال "
                    "الاجتماع السادس للجنة الوزارية للحكومة الإلكترونية.")
    assert found.about("chairedBy") == set()


def test_short_form_of_a_committee_whose_parent_the_article_names():
    found = extract("وناقش مجلس الوزراء العرب للاتصالات والمعلومات في دورته الثامنة والعشرين نتائج أعمال "
                    "الدورة العادية التاسعة والأربعين للمكتب التنفيذي.")
    council = "committee/arab-ict-ministers-council"
    assert found.has(meeting(council, 28), "reviewedOutcomesOf", meeting(ARAB_BUREAU, 49))


def test_a_short_form_without_a_referent_makes_no_meeting():
    assert meetings(extract("وناقش الوزراء نتائج الاجتماع التاسع للجنة.")) == set()


def test_host_after_the_meeting_and_host_of_a_future_meeting():
    found = extract("شارك الوفد في الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية، الذي استضافته مملكة "
                    "البحرين في المنامة.")
    assert found.values(meeting(MIN_EGOV, 8), "hostedBy") == {BAHRAIN}
    found = extract("المنامة في 10 أكتوبر / بنا / وأشار إلى أن المملكة ستستضيف الاجتماع التاسع للجنة الوزارية "
                    "للحكومة الإلكترونية العام المقبل.")
    assert found.values(meeting(MIN_EGOV, 9), "hostedBy") == {BAHRAIN}


def test_a_city_after_a_venue_is_where_the_meeting_was_held():
    found = extract("عقد المكتب التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات دورته الخمسين بمقر الأمانة "
                    "العامة لجامعة الدول العربية بالقاهرة.")
    assert found.values(meeting(ARAB_BUREAU, 50), "heldIn") == {"place/cairo"}


def test_a_time_phrase_is_not_part_of_a_committee_name():
    found = extract("وتعقد اللجنة الوزارية للحكومة الإلكترونية اجتماعها العاشر، ثم الاجتماع الحادي عشر "
                    "للجنة العام المقبل.")
    assert meetings(found) == {meeting(MIN_EGOV, 10), meeting(MIN_EGOV, 11)}


def test_a_session_of_an_organisation_or_a_state_body_is_no_committee_meeting():
    assert meetings(extract("انطلقت الدورة الرابعة والأربعين لمجلس التعاون لدول الخليج العربية في الدوحة.")) == set()
    assert meetings(extract("عقد الاجتماع الخامس للهيئة العامة لتنظيم قطاع الاتصالات.")) == set()


def test_unknown_board_is_labelled_without_its_preposition():
    found = extract("عقد الاجتماع العاشر لمجلس إدارة هيئة تنظيم الاتصالات.")
    board = named("Committee", "مجلس إدارة هيئة تنظيم الاتصالات")
    assert meetings(found) == {meeting(board, 10)}
    assert found.values(board, "label") == {"مجلس إدارة هيئة تنظيم الاتصالات"}


def test_short_form_under_its_parent_named_in_the_article():
    found = extract("عقد مجلس الوزراء العرب للاتصالات والمعلومات دورته العادية السادسة والعشرين، "
                    "واستعرض نتائج أعمال الدورة الخمسين للمكتب التنفيذي للمجلس.")
    assert found.has(meeting(ARAB_BUREAU, 50), "ordinal", 50)


# ----- chairs named title first, delegations, and what turns the text back ----------

@pytest.mark.parametrize("sentence, committee, ordinal, chair", [
    ("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها الخامس في الدوحة برئاسة وزير الاتصالات وتكنولوجيا "
     "المعلومات سعادة السيد محمد بن علي المناعي.", EXEC_EGOV, 5, "محمد بن علي المناعي"),
    ("عقد الاجتماع السابع للجنة الوزارية للحكومة الإلكترونية عن بعد برئاسة وزير النقل والاتصالات وتقنية "
     "المعلومات معالي الدكتور علي بن عامر الشيذاني.", MIN_EGOV, 7, "علي بن عامر الشيذاني"),
    ("ترأس وزير الاتصالات وتقنية المعلومات المهندس عبد الله بن عامر السواحه أعمال الاجتماع الخامس للجنة "
     "الوزارية للحكومة الإلكترونية.", MIN_EGOV, 5, "عبدالله بن عامر السواحه"),
    ("ترأست وزيرة الاتصالات والاقتصاد الرقمي الدكتورة نهى محمد الأنصاري اليوم أعمال الاجتماع الثامن للجنة "
     "الوزارية للحكومة الإلكترونية.", MIN_EGOV, 8, "نهى محمد الأنصاري"),
], ids=["cue-title-honorific", "cue-title-two-honorifics", "verb-title-honorific", "feminine-verb-today"])
def test_chair_named_after_a_title(sentence, committee, ordinal, chair):
    found = extract(sentence)
    assert found.values(meeting(committee, ordinal), "chairedBy") == {named("Person", chair)}
    assert found.of_type("Person") == {named("Person", chair)}


def test_a_delegation_head_after_a_long_country_name_does_not_chair():
    found = extract("عقدت اللجنة العربية الدائمة للبريد اجتماعها الخامس في القاهرة، بمشاركة وفد الجمهورية "
                    "الجزائرية الديمقراطية الشعبية الذي ترأسه السيد كريم محمد زروقي مدير التعاون الدولي.")
    assert found.values(meeting(ARAB_POST, 5), "chairedBy") == set()
    assert found.values(meeting(ARAB_POST, 5), "heldIn") == {"place/cairo"}


@pytest.mark.parametrize("sentence, reviewer, reviewed", [
    ("شاركت الوزارة في أعمال الاجتماع 22 للجنة التنفيذية للحكومة الإلكترونية، كما شاركت في أعمال الاجتماع 28 "
     "للجنة وكلاء البريد والاتصالات. واستعرض اجتماع اللجنة التنفيذية للحكومة الإلكترونية تقرير الأمانة العامة "
     "بشأن تنفيذ قرارات اللجنة في اجتماعها الحادي والعشرين.",
     meeting(EXEC_EGOV, 22), meeting(EXEC_EGOV, 21)),
    ("شاركت قطر في الاجتماع الخامس للجنة الوزارية للحكومة الإلكترونية، وفي الاجتماع العاشر للجنة وكلاء البريد "
     "والاتصالات. وناقش اجتماع اللجنة الوزارية للحكومة الإلكترونية قرارات اللجنة في دورتها الرابعة.",
     meeting(MIN_EGOV, 5), meeting(MIN_EGOV, 4)),
], ids=["meeting", "session"])
def test_a_possessive_follows_the_meeting_the_text_turned_back_to(sentence, reviewer, reviewed):
    found = extract(sentence)
    assert found.about("reviewedOutcomesOf") == {(reviewer, reviewed)}


@pytest.mark.parametrize("article", [
    "انطلاق أعمال الاجتماع الخامس للجنة العربية الدائمة للبريد | المصري اليوم\nالخميس، 15 يونيو 2023\n"
    "عقدت اللجنة العربية الدائمة للبريد اجتماعها الخامس في القاهرة.",
    "الخميس، 15 يونيو 2023\nانطلاق أعمال الاجتماع الخامس للجنة العربية الدائمة للبريد | الإمارات اليوم\n"
    "عقدت اللجنة العربية الدائمة للبريد اجتماعها الخامس في القاهرة.",
], ids=["almasry-alyoum", "emarat-alyoum"])
def test_a_masthead_that_ends_in_today_is_no_date(article):
    found = extract(article)
    assert found.metadata["date"] == "2023-06-15"  # the article is dated, so "today" could be read
    assert found.values(meeting(ARAB_POST, 5), "date") == set()


def test_today_outside_the_masthead_is_still_a_date():
    found = extract("انطلاق أعمال الاجتماع الخامس للجنة العربية الدائمة للبريد | المصري اليوم\n"
                    "الخميس، 15 يونيو 2023\n"
                    "عقد الاجتماع السادس للجنة العربية الدائمة للبريد بمشاركة الوفد المصري اليوم في القاهرة.")
    assert found.values(meeting(ARAB_POST, 5), "date") == set()
    assert found.values(meeting(ARAB_POST, 6), "date") == {"2023-06-15"}


@pytest.mark.parametrize("sentence, committee, ordinal", [
    ("شاركت الوزارة في أعمال الدورة 20 لمجلس الوزراء العرب للاتصالات والمعلومات، حيث ترأست معالي هبة عادل طلعت "
     "وزيرة الاتصالات بجمهورية مصر العربية وفد مصر.", "committee/arab-ict-ministers-council", 20),
    ("عقد الاجتماع الرابع للجنة الوزارية للحكومة الإلكترونية، حيث ترأست سعادة السيدة مريم بنت حمد آل ثاني "
     "وكيلة وزارة المواصلات والاتصالات بدولة قطر وفد الدولة.", MIN_EGOV, 4),
], ids=["egypt", "qatar"])
def test_the_country_in_a_delegation_heads_title_is_not_where_the_meeting_was_held(sentence, committee, ordinal):
    assert extract(sentence).values(meeting(committee, ordinal), "heldIn") == set()


def test_a_host_named_before_a_comma_reports_the_meeting_after_a_date_line():
    found = extract("الجمعة، 16 ديسمبر 2011م\nاستضافت المملكة المغربية، الدورة الرابعة عشرة للمكتب التنفيذي "
                    "لمجلس الوزراء العرب للاتصالات والمعلومات اليوم.\nوتم خلال الاجتماع تدشين منصة الحكومة "
                    "الرقمية العربية.\nوفي سياق متصل، عقد المكتب التنفيذي لمجلس الوزراء العرب للاتصالات "
                    "والمعلومات دورته الحادية والثلاثين.")
    hosted = meeting(ARAB_BUREAU, 14)
    assert "meeting-reported" in found.rules[(hosted, "type", "Meeting")]
    assert found.values(hosted, "date") == {"2011-12-16"}
    assert found.values(hosted, "hostedBy") == {"country/ma"}
    assert found.subjects("launchedAt", hosted) == {named("Initiative", "منصة الحكومة الرقمية العربية")}


def test_a_host_represented_by_a_body_before_a_comma_reports_the_meeting():
    found = extract("الأحد، 12 مارس 2023\nاستضافت السلطنة ممثلة في هيئة تنظيم الاتصالات، الاجتماع التاسع للجنة "
                    "الوزارية للحكومة الإلكترونية أمس.\nوفي سياق متصل، عقدت اللجنة التنفيذية للحكومة "
                    "الإلكترونية اجتماعها العاشر.\n/ العمانية /")
    assert found.values(meeting(MIN_EGOV, 9), "date") == {"2023-03-11"}
    assert found.values(meeting(MIN_EGOV, 9), "hostedBy") == {OMAN}


@pytest.mark.parametrize("clause", ["وقد شاركت الوزارة في تطوير الخدمات", "وقد شاركت في الأمن السيبراني"],
                         ids=["words", "a-topic"])
def test_a_clause_before_a_comma_still_cuts_a_reporting_verb_from_the_meeting(clause):
    found = extract(f"الأحد، 12 مارس 2023\n{clause}، الاجتماع التاسع للجنة الوزارية للحكومة الإلكترونية "
                    "أمس.\nوفي سياق متصل، عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها العاشر.")
    assert found.rules[(meeting(MIN_EGOV, 9), "type", "Meeting")] == {"meeting-referenced"}
    assert found.values(meeting(MIN_EGOV, 9), "date") == set()


def test_a_shared_body_name_hosts_for_the_country_of_the_city_before_it():
    found = extract("عقد الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية بمدينة الدوحة باستضافة وزارة "
                    "المواصلات والاتصالات.")
    assert found.values(meeting(EXEC_EGOV, 5), "hostedBy") == {QATAR}
