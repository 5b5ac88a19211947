"""People rules on short sentences written for the tests: names after honorifics and cue words,
role titles after or before the name, bodies and countries, member lists."""

from __future__ import annotations

import pytest

from extract_helpers import BAHRAIN, OMAN, extract, named


def person(name: str) -> str:
    return named("Person", name)


def people(found) -> set:
    return found.of_type("Person")


@pytest.mark.parametrize("sentence, name", [
    ("وشارك في الاجتماع السيد محمد علي المناعي.", "محمد علي المناعي"),
    ("وأكد معالي الدكتور علي بن عامر الشيذاني أهمية التعاون.", "علي بن عامر الشيذاني"),
    ("وقالت الدكتورة نورة عبدالرحمن السعد إن المنصة مهمة.", "نورة عبدالرحمن السعد"),
    ("وشارك د. سالم الرزيقي في الاجتماع.", "سالم الرزيقي"),
    ("وشارك المهندس/ أحمد محمد العنزي في الاجتماع.", "أحمد محمد العنزي"),
    ("وحضر الاجتماع الفريق الركن الشيخ راشد بن عبد الله آل خليفة.", "راشد بن عبد الله آل خليفة"),
    ("وألقت سعادة الشيخة مريم بنت حمد آل ثاني كلمة.", "مريم بنت حمد آل ثاني"),
])
def test_name_after_honorifics(sentence, name):
    assert people(extract(sentence)) == {person(name)}


def test_the_same_person_with_and_without_a_space_in_abd():
    a = extract("وأكد الدكتور عبد اللطيف بن راشد الزياني أهمية التعاون.")
    b = extract("وأكد معالي عبداللطيف بن راشد الزياني أهمية التعاون.")
    assert people(a) == people(b) == {person("عبداللطيف بن راشد الزياني")}


def test_title_after_the_name_with_body_and_country():
    found = extract("وأكد سعادة الشيخ سلمان بن محمد آل خليفة، وكيل وزارة المواصلات والاتصالات بمملكة البحرين، "
                    "أهمية التعاون.")
    p = person("سلمان بن محمد آل خليفة")
    assert found.values(p, "roleTitle") == {"وكيل وزارة المواصلات والاتصالات"}
    assert found.values(p, "memberOf") == {"body/bh-mtt"}
    assert found.values(p, "citizenOf") == {BAHRAIN}


def test_country_of_a_person_comes_from_the_body_of_the_title():
    found = extract("وشاركت في الاجتماع السيدة مريم عبدالله البلوشية مديرة عام الخدمات الإلكترونية بوزارة "
                    "التقنية والاتصالات.")
    p = person("مريم عبدالله البلوشية")
    assert found.values(p, "memberOf") == {"body/om-mtc"}
    assert found.values(p, "citizenOf") == {OMAN}


@pytest.mark.parametrize("sentence, name, title", [
    ("ألقى وزير الاتصالات وتقنية المعلومات المهندس عبدالله بن عامر السواحه كلمة.",
     "عبدالله بن عامر السواحه", "وزير الاتصالات وتقنية المعلومات"),
    ("وأكد الأمين العام لمجلس التعاون معالي جاسم محمد البديوي أهمية التعاون.",
     "جاسم محمد البديوي", "الأمين العام لمجلس التعاون"),
    ("وترأس وفد دولة الكويت الوكيل المساعد لشؤون الاتصالات المهندس أحمد محمد العنزي.",
     "أحمد محمد العنزي", "الوكيل المساعد لشؤون الاتصالات"),
])
def test_title_before_the_honorific(sentence, name, title):
    found = extract(sentence)
    assert found.values(person(name), "roleTitle") == {title}


def test_title_after_the_name_stops_before_the_meeting():
    found = extract("وشارك المهندس/ أحمد محمد العنزي وكيل وزارة المواصلات في الاجتماع.")
    assert found.values(person("أحمد محمد العنزي"), "roleTitle") == {"وكيل وزارة المواصلات"}


def test_title_before_does_not_run_past_a_verb():
    found = extract("وقال المدير إن الاجتماع مهم، وأكد المهندس خالد العتيبي أهمية التعاون.")
    assert found.values(person("خالد العتيبي"), "roleTitle") == set()


def test_member_list_after_a_chair_with_honorifics():
    found = extract("وتم تشكيل فريق برئاسة الدكتور خالد الشمري وفي عضويته كل من المهندس سالم العتيبي "
                    "والسيد فهد القحطاني.")
    assert people(found) == {person("خالد الشمري"), person("سالم العتيبي"), person("فهد القحطاني")}


def test_member_list_of_bare_names_with_titles():
    found = extract("وضم الوفد كلاً من سعيد المعولي مدير الحكومة الإلكترونية، وبدرية الصلتية مديرة التخطيط.")
    assert people(found) == {person("سعيد المعولي"), person("بدرية الصلتية")}
    assert found.values(person("بدرية الصلتية"), "roleTitle") == {"مديرة التخطيط"}


def test_from_body_at_the_end_of_a_list_covers_untitled_items_before_it():
    found = extract("وضم الوفد كلاً من ناصر الكعبي مدير العلاقات الدولية، وماجد الشامسي، "
                    "وغيث المزروعي من المركز الوطني للاستجابة لطوارئ الحاسب الآلي.")
    centre = found.values(person("غيث المزروعي"), "memberOf")
    assert len(centre) == 1
    assert found.values(person("ماجد الشامسي"), "memberOf") == centre
    # The item with its own title is not covered.
    assert found.values(person("ناصر الكعبي"), "memberOf") == set()


def test_crown_prince_is_a_title_not_a_name():
    assert people(extract("وحضر الاجتماع صاحب السمو الملكي ولي العهد رئيس مجلس الوزراء.")) == set()
    assert people(extract("إضافة إلى مبادرتي سمو ولي عهد المملكة العربية السعودية بشأن حماية الأطفال.")) == set()


def test_headline_bare_name_before_a_heading_verb():
    found = extract("طلال بالهول يترأس وفد الدولة في اجتماعات الرياض | البيان\n\nنص الخبر.")
    assert people(found) == {person("طلال بالهول")}


def test_a_country_before_a_headline_verb_is_no_person():
    assert people(extract("دولة قطر تشارك في الاجتماع الخليجي")) == set()
    assert people(extract("وتم تشكيل لجنة برئاسة الوزير.")) == set()


def test_title_short_form_names_the_body_named_earlier():
    found = extract("شاركت وزارة التقنية والاتصالات في الاجتماع، حيث ترأس الدكتور سالم الرزيقي "
                    "الرئيس التنفيذي بالوزارة الوفد.")
    assert found.values(person("سالم الرزيقي"), "memberOf") == {"body/om-mtc"}


def test_name_ends_before_the_agency_it_speaks_to_and_a_nisba_in_the_title_gives_the_country():
    found = extract("وقالت وكيلة وزارة المواصلات الكويتية المهندسة خلود الشهاب لوكالة الأنباء الكويتية إن "
                    "الاجتماع مهم.")
    p = person("خلود الشهاب")
    assert people(found) == {p}
    assert found.values(p, "roleTitle") == {"وكيلة وزارة المواصلات الكويتية"}
    assert found.values(p, "citizenOf") == {"country/kw"}


def test_name_ends_where_a_place_is_named():
    found = extract("وصرح المهندس سالم العتيبي الرياض اليوم بأن الاجتماع مهم.")
    assert people(found) == {person("سالم العتيبي")}


@pytest.mark.parametrize("sentence, name", [
    ("ترأس وزير الاتصالات وتقنية المعلومات المهندس عبد الله بن عامر السواحه أعمال الاجتماع الخامس للجنة "
     "الوزارية للحكومة الإلكترونية.", "عبدالله بن عامر السواحه"),
    ("وشارك في الاجتماع الثامن للجنة الوزارية للحكومة الإلكترونية السيد حمد عبيد المنصوري فعاليات المؤتمر.",
     "حمد عبيد المنصوري"),
    ("ترأس سعادة السيد جاسم بن سيف السليطي اليوم وفد دولة قطر.", "جاسم بن سيف السليطي"),
], ids=["works", "events", "today"])
def test_name_ends_before_a_word_that_opens_the_object(sentence, name):
    assert people(extract(sentence)) == {person(name)}


@pytest.mark.parametrize("sentence, expected", [
    ("عقد الاجتماع الخامس للجنة العربية الدائمة للبريد في شرم الشيخ على مدى يومين.", set()),
    ("عقد الاجتماع الخامس للجنة العربية الدائمة للبريد في شرم الشيخ يوم الخميس 15 يونيو 2000.", set()),
    ("حضر الوفد اجتماعات شرم الشيخ على هامش المؤتمر، بحضور الشيخ محمد بن علي آل ثاني.",
     {person("محمد بن علي آل ثاني")}),
], ids=["over-two-days", "on-thursday", "honorific-after-the-place"])
def test_an_honorific_inside_a_place_name_starts_no_person(sentence, expected):
    assert people(extract(sentence)) == expected


@pytest.mark.parametrize("sentence, body, country", [
    ("وفي سياق متصل، عقدت اللجنة العربية الدائمة للاتصالات والمعلومات اجتماعها الثاني والثلاثين بمدينة المنامة "
     "برئاسة المدير العام لهيئة تنظيم الاتصالات السيد يوسف بن عيسى آل خليفة.", "body/bh-tra", BAHRAIN),
    ("عقد الاجتماع الخامس للجنة التنفيذية للحكومة الإلكترونية في الدوحة بحضور مدير هيئة تنظيم الاتصالات "
     "السيد يوسف بن عيسى آل خليفة.", "body/qa-cra", "country/qa"),
    ("ترأس المهندس يوسف بن عيسى آل خليفة رئيس هيئة تنظيم الاتصالات أعمال الاجتماع الخامس والثلاثين للجنة "
     "العربية الدائمة للبريد بمدينة الدوحة، بمشاركة وفود الدول الأعضاء.", "body/qa-cra", "country/qa"),
    ("عقدت اللجنة العربية الدائمة للاتصالات والمعلومات اجتماعها الثاني والثلاثين بمدينة المنامة برئاسة المدير "
     "العام لهيئة تنظيم الاتصالات السيد يوسف بن عيسى آل خليفة.\n(العمانية)", "body/bh-tra", BAHRAIN),
], ids=["manama-before", "doha-before", "doha-after", "manama-in-an-omani-article"])
def test_a_city_in_the_sentence_tells_which_countrys_body_a_shared_name_is(sentence, body, country):
    found = extract(sentence)
    p = person("يوسف بن عيسى آل خليفة")
    assert found.values(p, "memberOf") == {body}
    assert found.values(p, "citizenOf") == {country}


def test_a_city_behind_a_comma_does_not_beat_the_articles_country():
    found = extract("شاركت هيئة تنظيم الاتصالات في أعمال الاجتماع التاسع والعشرين للجنة وكلاء وزارات البريد "
                    "والاتصالات وتقنية المعلومات بمدينة الدوحة، حيث ترأس مدير هيئة تنظيم الاتصالات السيد سالم "
                    "بن علي الرزيقي وفد السلطنة.\n(العمانية)")
    assert found.values(person("سالم بن علي الرزيقي"), "memberOf") == {"body/om-tra"}
