"""Initiative, strategy and joint e-service rules on short texts written for the tests."""

from __future__ import annotations

from extract_helpers import (CYBER_STRATEGY, EXEC_EGOV, MIN_EGOV, QATAR, SAUDI, UAE, extract, meeting, named)

EGOV_STRATEGY = "strategy/gcc-egov-strategy"


def initiative(name: str) -> str:
    return named("Initiative", name)


def initiatives(found) -> set:
    return found.of_type("Initiative")


# ----- launched, led, derived -------------------------------------------------

def test_launched_platform_led_by_a_country():
    found = extract("عقدت اللجنة الوزارية للحكومة الإلكترونية اجتماعها العاشر في الرياض، وتم خلال الاجتماع "
                    "إطلاق منصة الخدمات الحكومية الموحدة بقيادة المملكة العربية السعودية.")
    i = initiative("منصة الخدمات الحكومية الموحدة")
    assert initiatives(found) == {i}
    assert found.has(i, "launchedAt", meeting(MIN_EGOV, 10))
    assert found.has(i, "ledBy", SAUDI)


def test_launched_system_with_an_english_name_led_by_a_short_form_derived_from_a_strategy():
    found = extract("شاركت الهيئة العامة لتنظيم قطاع الاتصالات في الاجتماع السابع للجنة الوزارية للحكومة "
                    "الإلكترونية، وتم الإعلان عن إطلاق نظام رصد التهديدات الإلكترونية (Threat Monitor) بقيادة "
                    "الهيئة، وهو من المبادرات المنبثقة عن الاستراتيجية الاسترشادية للسلامة والأمن السيبراني.")
    i = initiative("نظام رصد التهديدات الإلكترونية")
    assert found.has(i, "labelEn", "Threat Monitor")
    assert found.has(i, "launchedAt", meeting(MIN_EGOV, 7))
    assert found.has(i, "ledBy", "body/ae-tdra")
    assert found.has(i, "derivedFrom", CYBER_STRATEGY)


def test_inaugurated_project_derived_from_the_egov_strategy():
    found = extract("وشهد الاجتماع الثاني عشر للجنة التنفيذية للحكومة الإلكترونية تدشين مشروع الربط "
                    "الإلكتروني لأنظمة الهوية بقيادة دولة الإمارات، وهو من مبادرات الاستراتيجية "
                    "الاسترشادية للحكومة الإلكترونية.")
    i = initiative("مشروع الربط الإلكتروني لأنظمة الهوية")
    assert found.has(i, "launchedAt", meeting(EXEC_EGOV, 12))
    assert found.has(i, "ledBy", UAE)
    assert found.has(i, "derivedFrom", EGOV_STRATEGY)


def test_pair_of_initiatives_split_at_a_conjunction_without_the_article():
    found = extract("واستعرضت اللجنة الوزارية للحكومة الإلكترونية في اجتماعها السادس مبادرتي سمو ولي عهد "
                    "دولة قطر بشأن حماية البيانات الشخصية وتعزيز الثقة الرقمية.")
    pair = {initiative("حماية البيانات الشخصية"), initiative("تعزيز الثقة الرقمية")}
    assert initiatives(found) == pair
    for i in pair:
        assert found.has(i, "ledBy", QATAR)
        assert found.has(i, "discussedAt", meeting(MIN_EGOV, 6))


def test_pair_of_initiatives_split_at_a_conjunction_with_the_article():
    found = extract("واستعرض الاجتماع السادس للجنة الوزارية للحكومة الإلكترونية مبادرتي دولة قطر بشأن "
                    "الهوية الرقمية الموحدة والتوقيع الإلكتروني المشترك.")
    assert initiatives(found) == {initiative("الهوية الرقمية الموحدة"),
                                  initiative("التوقيع الإلكتروني المشترك")}


# ----- lists "مبادرات ... مثل A، وB" ------------------------------------------------

def test_list_of_initiatives_after_mithl():
    found = extract("وناقش الاجتماع السادس للجنة الوزارية للحكومة الإلكترونية عدة مبادرات مثل منصة البيانات "
                    "المفتوحة، ومشروع الحوسبة السحابية الحكومية، ونظام الدفع الإلكتروني الموحد.")
    items = {initiative("منصة البيانات المفتوحة"), initiative("مشروع الحوسبة السحابية الحكومية"),
             initiative("نظام الدفع الإلكتروني الموحد")}
    assert initiatives(found) == items
    for i in items:
        assert found.has(i, "discussedAt", meeting(MIN_EGOV, 6))


def test_list_items_lose_the_organisation_tail_and_the_list_ends_at_a_closing_phrase():
    found = extract("واطلع الاجتماع السادس للجنة الوزارية للحكومة الإلكترونية على مبادرات الاستراتيجية "
                    "الاسترشادية للحكومة الإلكترونية ومنها بوابة التوظيف الخليجية، والسجل التجاري الموحد "
                    "بدول المجلس، بالإضافة إلى تقرير الأمانة العامة عن الخدمات.")
    items = {initiative("بوابة التوظيف الخليجية"), initiative("السجل التجاري الموحد")}
    assert initiatives(found) == items
    for i in items:
        assert found.has(i, "derivedFrom", EGOV_STRATEGY)


def test_list_cut_by_a_sentence_end_goes_on_in_the_next_sentence():
    found = extract("وقال الوزير إن المبادرات التي ناقشتها اللجنة مهمة، وهي مبادرات نوعية مثل مختبر الابتكار "
                    "الحكومي، والمنصة الموحدة للمشتريات.\nومبادرات حماية البنية التحتية الرقمية، وإنشاء "
                    "السحابة الخليجية، فضلاً عن تنفيذ عدد من الخدمات المشتركة.")
    assert initiatives(found) == {
        initiative("مختبر الابتكار الحكومي"), initiative("المنصة الموحدة للمشتريات"),
        initiative("حماية البنية التحتية الرقمية"), initiative("إنشاء السحابة الخليجية")}


def test_mithl_after_a_noun_that_is_not_an_initiative_list():
    found = extract("وتناول الاجتماع التعاون العربي مع المجموعات والمنظمات الإقليمية الأخرى مثل الصين وروسيا.")
    assert initiatives(found) == set()
    found = extract("وتناول الاجتماع مبادرات الدول، مثل الأردن والمغرب.")
    assert initiatives(found) == set()


def test_named_initiative_in_an_agenda_is_discussed():
    found = extract("وناقش المكتب التنفيذي لمجلس الوزراء العرب للاتصالات والمعلومات في دورته العادية الخمسين "
                    "المبادرة العربية للتحول الرقمي، وأخيرا مبادرة المدن الذكية العربية.")
    items = {initiative("المبادرة العربية للتحول الرقمي"), initiative("مبادرة المدن الذكية العربية")}
    assert initiatives(found) == items
    for i in items:
        assert found.has(i, "discussedAt", meeting("committee/arab-ict-executive-bureau", 50))


# ----- strategies -------------------------------------------------------------

def test_strategy_approved_at_the_meeting():
    found = extract("عقدت اللجنة الوزارية للحكومة الإلكترونية اجتماعها الخامس وقررت اعتماد الاستراتيجية "
                    "الاسترشادية للسلامة والأمن السيبراني.")
    assert found.has(CYBER_STRATEGY, "approvedAt", meeting(MIN_EGOV, 5))


def test_strategy_variant_with_the_gcc_tail():
    found = extract("واستعرضت اللجنة الوزارية للحكومة الإلكترونية في اجتماعها التاسع تنفيذ استراتيجية "
                    "الحكومة الإلكترونية لدول المجلس.")
    assert found.has(EGOV_STRATEGY, "discussedAt", meeting(MIN_EGOV, 9))


# ----- joint e-services ---------------------------------------------------------

SERVICES = ("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها العشرين في مسقط، وقررت اعتماد {count} "
            "من الخدمات الإلكترونية المشتركة، وهي:\n{items}")


def service(name: str) -> str:
    return named("SharedService", name)


def test_services_listed_after_a_decision_with_their_count():
    items = ["خدمة الاستعلام عن المخالفات المرورية", "خدمة تجديد جواز السفر", "خدمة التحقق من الشهادات الجامعية"]
    found = extract(SERVICES.format(count="ثلاث خدمات", items="\n".join(f"* {i}" for i in items)))
    assert found.of_type("SharedService") == {service(i) for i in items}
    for i in items:
        assert found.has(service(i), "approvedAt", meeting(EXEC_EGOV, 20))
    assert found.warnings == []


def test_services_with_dash_bullets_and_a_count_that_does_not_match():
    items = ["خدمة الاستعلام عن المخالفات المرورية", "خدمة تجديد جواز السفر"]
    found = extract(SERVICES.format(count="أربع خدمات", items="\n".join(f"- {i}" for i in items)))
    assert found.of_type("SharedService") == {service(i) for i in items}
    assert len(found.warnings) == 1
    assert "4" in found.warnings[0] and "2" in found.warnings[0]


def test_no_services_without_a_bullet_list():
    found = extract("وقررت اللجنة التنفيذية للحكومة الإلكترونية في اجتماعها العشرين تنفيذ عدد من الخدمات "
                    "الإلكترونية المشتركة.")
    assert found.of_type("SharedService") == set()


def test_launched_initiative_is_not_also_an_agenda_item_and_its_name_ends_before_its_edition():
    found = extract("وقرر مجلس الوزراء العرب للاتصالات والمعلومات في دورته السابعة والعشرين إطلاق مبادرة "
                    "العاصمة الرقمية العربية بنسختها الرابعة.")
    i = initiative("مبادرة العاصمة الرقمية العربية")
    council = "committee/arab-ict-ministers-council"
    assert initiatives(found) == {i}
    assert found.values(i, "launchedAt") == {meeting(council, 27)}
    assert found.values(i, "discussedAt") == set()


def test_service_items_lose_the_organisation_tail():
    found = extract(SERVICES.format(count="خدمتين", items="* خدمة تجديد الجوازات بدول المجلس.\n"
                                                          "* خدمة تبادل السجلات الطبية بين دول المجلس"))
    assert found.of_type("SharedService") == {service("خدمة تجديد الجوازات"),
                                              service("خدمة تبادل السجلات الطبية بين دول المجلس")}
    assert found.values(service("خدمة تجديد الجوازات"), "label") == {"خدمة تجديد الجوازات"}
