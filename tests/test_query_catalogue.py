"""Every catalogue query answers its question on the graph built from the bundled articles.

Expected rows are facts a reader of data/documents/*.txt knows; a row may carry
more columns, and the graph more rows, than a test names.
"""

from __future__ import annotations

import pytest
from query_helpers import answer, column, matching, store  # noqa: F401  (store is a fixture)

from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.queries import load_catalogue

MEETING = "res:meeting/"
OMAN_HEAD = "سالم بن سلطان الرزيقي"
QATAR_HEAD = "جاسم بن سيف السليطي"
UAE_HEAD = "حمد عبيد المنصوري"


def test_ip_reputation_came_out_of_the_cyber_security_strategy(store) -> None:
    rows = answer(store, "initiatives-by-strategy", lang="en")  # default: that strategy
    found = matching(rows, initiativeLabel="IP Reputation")
    assert found, rows
    # Launched at the 5th GCC ministerial e-government meeting, led by the UAE regulator.
    assert found[0]["launchedAt"] == MEETING + "gcc-ministerial-egov-5"
    assert found[0]["ledBy"] == "res:body/ae-tdra"
    arabic = answer(store, "initiatives-by-strategy", lang="ar")
    assert matching(arabic, initiativeLabel="نظام عناوين الإنترنت المشبوهة")


def test_strategy_can_be_named_in_arabic_or_english(store) -> None:
    by_default = answer(store, "initiatives-by-strategy")
    for name in ("الاستراتيجية الاسترشادية للسلامة والأمن السيبراني",
                 "GCC Guiding Strategy for Cyber Safety and Security"):
        assert answer(store, "initiatives-by-strategy", strategy=name) == by_default
    # The e-government strategy is another strategy: IP Reputation did not come out of it.
    egov = answer(store, "initiatives-by-strategy", lang="en", strategy="res:strategy/gcc-egov-strategy")
    assert not matching(egov, initiativeLabel="IP Reputation")


def test_meetings_of_the_executive_committee_in_order(store) -> None:
    rows = answer(store, "committee-meetings", lang="en",
                  committee="اللجنة التنفيذية للحكومة الإلكترونية")
    ordinals = [int(o) for o in column(rows, "ordinal")]
    assert ordinals == sorted(ordinals)
    assert {18, 22, 25, 26} <= set(ordinals)
    assert {row["committeeLabel"] for row in rows} == {"GCC Executive Committee for E-Government"}
    assert matching(rows, meeting=MEETING + "gcc-executive-egov-22", virtual="true")
    # The 26th was hosted by Qatar at the Ritz-Carlton, in person.
    hosted = matching(rows, meeting=MEETING + "gcc-executive-egov-26")
    assert hosted and hosted[0]["hostLabel"] == "Qatar" and hosted[0]["virtual"] != "true"
    assert "ريتز كارلتون" in hosted[0]["placeLabel"]


def test_every_committee_meeting_with_its_chair(store) -> None:
    rows = answer(store, "committee-meetings")
    bureau = matching(rows, meeting=MEETING + "arab-ict-executive-bureau-48")
    assert bureau and bureau[0]["chairLabel"] == "عمرو طلعت" and bureau[0]["virtual"] == "true"
    sharm = matching(rows, meeting=MEETING + "arab-permanent-post-39")
    assert sharm and sharm[0]["date"] == "2021-06-03" and sharm[0]["placeLabel"] == "شرم الشيخ"


def test_virtual_meetings(store) -> None:
    meetings = set(column(answer(store, "virtual-meetings"), "meeting"))
    virtual = {"gcc-undersecretaries-post-ict-28", "gcc-executive-egov-22", "gcc-ministerial-post-ict-26",
               "gcc-ministerial-egov-6", "arab-ict-executive-bureau-48", "arab-permanent-ict-47"}
    assert {MEETING + m for m in virtual} <= meetings
    # Held in Doha at a hotel, and in Bahrain: in person.
    assert not {MEETING + "gcc-executive-egov-26", MEETING + "gcc-ministerial-egov-5"} & meetings


def test_who_headed_each_delegation(store) -> None:
    rows = answer(store, "delegation-heads")
    expected = [("res:country/om", OMAN_HEAD, "gcc-executive-egov-22"),
                ("res:country/om", OMAN_HEAD, "gcc-undersecretaries-post-ict-28"),
                ("res:country/qa", QATAR_HEAD, "gcc-ministerial-post-ict-26"),
                ("res:country/qa", QATAR_HEAD, "gcc-ministerial-egov-6"),
                ("res:country/ae", UAE_HEAD, "gcc-ministerial-egov-5")]
    for country, head, meeting in expected:
        assert matching(rows, country=country, headLabel=head, meeting=MEETING + meeting), (country, meeting)


def test_meetings_qatar_took_part_in(store) -> None:
    rows = answer(store, "country-meetings", country="قطر")
    assert {row["countryLabel"] for row in rows} == {"دولة قطر"}
    assert matching(rows, meeting=MEETING + "gcc-ministerial-post-ict-26", how="ict:hasDelegation")
    assert matching(rows, meeting=MEETING + "gcc-ministerial-egov-6", how="ict:hasDelegation")
    assert matching(rows, meeting=MEETING + "gcc-executive-egov-26", how="ict:hostedBy")
    # Oman's delegations, the country given by its English name and by its ISO code.
    oman = {row["meeting"] for row in answer(store, "country-meetings", lang="en", country="Oman")}
    assert {MEETING + "gcc-executive-egov-22", MEETING + "gcc-undersecretaries-post-ict-28"} <= oman
    assert answer(store, "country-meetings", country="OM") == answer(store, "country-meetings", country="Oman")


def test_five_joint_e_services_approved_at_the_fifth_ministerial_meeting(store) -> None:
    rows = answer(store, "approved-services")
    services = ["التنقل عبر البوابات الإلكترونية في المطارات", "تأشيرة دخول مرافقي مواطني دول المجلس",
                "الأنشطة التجارية المملوكة لمواطني دول المجلس", "تبادل المخالفات المرورية",
                "التقاعد والمعاشات"]
    for service in services:
        approved = [row for row in rows if service in row["serviceLabel"]]
        assert approved and approved[0]["meeting"] == MEETING + "gcc-ministerial-egov-5", service


def test_committee_hierarchy_from_organisation_to_working_groups(store) -> None:
    rows = answer(store, "committee-hierarchy")
    group = matching(rows, unit="res:working-group/gcc-shared-eservices")
    assert group and group[0]["organization"] == "res:org/gcc" and group[0]["depth"] == "2"
    assert group[0]["reportsTo"] == "res:committee/gcc-executive-egov"
    assert matching(rows, unit="res:committee/gcc-undersecretaries-post-ict", depth="1",
                    reportsTo="res:committee/gcc-ministerial-post-ict")
    assert matching(rows, organization="res:org/arab-league", unit="res:committee/arab-permanent-post",
                    reportsTo="res:committee/arab-ict-executive-bureau")
    gcc_depths = [int(row["depth"]) for row in matching(rows, organization="res:org/gcc")]
    assert gcc_depths == sorted(gcc_depths)  # committees before their working groups
    only_gcc = answer(store, "committee-hierarchy", organization="GCC")
    assert only_gcc and {row["organizationLabel"] for row in only_gcc} == {"مجلس التعاون لدول الخليج العربية"}


def test_working_groups_of_the_executive_committee(store) -> None:
    rows = answer(store, "working-groups", lang="en", committee="GCC Executive Committee for E-Government")
    groups = {row["groupLabel"] for row in rows}
    assert {"GCC Working Group on Shared E-Services", "GCC Working Group on Unified Software Procurement",
            "GCC Working Group on Artificial Intelligence and Emerging Technologies",
            "GCC Working Group on Digital Trust Services"} <= groups
    # The 26th meeting reviewed their minutes.
    assert matching(rows, group="res:working-group/gcc-digital-trust-services",
                    discussedAt=MEETING + "gcc-executive-egov-26")


def test_meetings_that_reviewed_other_meetings(store) -> None:
    rows = answer(store, "reviewed-outcomes")
    for meeting, reviewed in [("gcc-ministerial-post-ict-26", "gcc-undersecretaries-post-ict-28"),
                              ("arab-ict-executive-bureau-48", "arab-permanent-post-39"),
                              ("arab-ict-executive-bureau-48", "arab-permanent-ict-47"),
                              ("gcc-executive-egov-26", "gcc-executive-egov-25"),
                              ("gcc-ministerial-egov-5", "gcc-ministerial-egov-4")]:
        assert matching(rows, meeting=MEETING + meeting, reviewed=MEETING + reviewed), (meeting, reviewed)


def test_people_with_titles_bodies_countries_and_meetings(store) -> None:
    rows = answer(store, "people")
    oman = matching(rows, name=OMAN_HEAD)
    assert {row["meeting"] for row in oman} >= {MEETING + "gcc-executive-egov-22",
                                               MEETING + "gcc-undersecretaries-post-ict-28"}
    assert all(row["role"] == "ict:headedBy" for row in oman)
    assert "الرئيس التنفيذي بالوزارة" in oman[0]["titles"]
    # A cell holding several values lists them in sorted order, whatever the engine joined.
    for row in rows:
        for cell in (row["titles"], row["bodies"], row["countries"]):
            values = (cell or "").split(" | ")
            assert values == sorted(values), cell
    assert any(" | " in (row["titles"] or "") for row in rows), "no person with two titles"
    assert "وزارة التقنية والاتصالات" in oman[0]["bodies"]
    assert oman[0]["countries"] == "سلطنة عمان"
    chair = answer(store, "people", lang="en", person="عمرو طلعت")
    assert [(r["role"], r["roleLabel"], r["meeting"], r["countries"]) for r in chair] == [
        ("ict:chairedBy", "chaired by", MEETING + "arab-ict-executive-bureau-48", "Egypt")]


def test_topics_of_each_meeting_and_meetings_of_a_topic(store) -> None:
    rows = answer(store, "meeting-topics")
    assert matching(rows, meeting=MEETING + "gcc-undersecretaries-post-ict-28", topic="res:topic/radio-interference")
    interconnection = answer(store, "meeting-topics", topic="الربط البيني")
    assert MEETING + "gcc-undersecretaries-post-ict-28" in column(interconnection, "meeting")
    assert {row["topic"] for row in interconnection} == {"res:topic/interconnection"}
    pki = answer(store, "meeting-topics", topic="PKI")  # an abbreviation names the topic too
    assert MEETING + "gcc-ministerial-egov-6" in column(pki, "meeting")


def test_events_with_edition_dates_place_and_host(store) -> None:
    rows = answer(store, "events", lang="en")
    award = [row for row in rows if "جائزة ومؤتمر ومعرض الحكومة الإلكترونية" in row["eventLabel"]]
    assert award, rows
    assert (award[0]["ordinal"], award[0]["date"], award[0]["endDate"]) == ("5", "2017-11-15", "2017-11-16")
    assert (award[0]["placeLabel"], award[0]["hostLabel"]) == ("Riyadh", "Saudi Arabia")
    assert rows.index(award[0]) == 0  # the only dated event comes first


def test_members_of_the_arab_executive_bureau_and_its_chair(store) -> None:
    rows = answer(store, "body-members")  # default: the Arab executive bureau
    members = {row["member"] for row in rows}
    assert {f"res:country/{c}" for c in ("eg", "sa", "ma", "dz", "tn", "ps", "ye", "mr")} <= members
    assert [row["member"] for row in rows if row["relation"] == "ict:chairCountry"] == ["res:country/eg"]
    assert rows[0]["member"] == "res:country/eg"  # the chair first
    # The chair is not listed a second time as a plain member.
    assert [row["member"] for row in rows].count("res:country/eg") == 1
    assert {row["relation"] for row in rows[1:]} == {"ict:memberCountry"}
    # An alternative Arabic name of the bureau gives the same answer.
    assert answer(store, "body-members", body="المكتب التنفيذي لمجلس وزراء الاتصالات العرب") == rows


def test_initiatives_launched_at_meetings_and_who_leads_them(store) -> None:
    rows = answer(store, "launched-initiatives", lang="en")
    ip = matching(rows, initiativeLabel="IP Reputation")
    assert ip and ip[0]["launchedAt"] == MEETING + "gcc-ministerial-egov-5" and ip[0]["ledBy"] == "res:body/ae-tdra"
    platform = [row for row in rows if "المنصة الخليجية لتحليل البرمجيات الخبيثة" in row["initiativeLabel"]]
    assert platform and platform[0]["launchedAt"] == MEETING + "gcc-ministerial-egov-6"


def test_evidence_quotes_the_sentence_at_its_offsets(store) -> None:
    meeting = "https://w3id.org/ictgraph/resource/meeting/gcc-undersecretaries-post-ict-28"
    rows = answer(store, "evidence", resource=meeting)
    virtual = matching(rows, predicate="ict:isVirtual", object="true", file="000_99de0ef1da310e08.txt")
    assert virtual and "عبر الاتصال المرئي" in virtual[0]["quote"]
    for row in rows:
        text = (DOCUMENTS_DIR / row["file"]).read_text(encoding="utf-8")
        assert text[int(row["start"]):int(row["end"])] == row["quote"]
        assert row["rule"]


def test_evidence_of_a_person_named_in_arabic(store) -> None:
    rows = answer(store, "evidence", lang="en", resource=OMAN_HEAD)
    citizen = matching(rows, predicate="ict:citizenOf", object="res:country/om")
    assert citizen and citizen[0]["objectLabel"] == "Oman" and citizen[0]["predicateLabel"] == "citizen of"


def test_timeline_oldest_first(store) -> None:
    rows = answer(store, "timeline")
    items = column(rows, "item")
    award = [row["item"] for row in rows if "جائزة ومؤتمر ومعرض" in row["itemLabel"]]
    assert len(award) == 1
    order = [MEETING + "gcc-ministerial-egov-4", MEETING + "gcc-executive-egov-18", award[0],
             MEETING + "arab-permanent-post-39", MEETING + "arab-permanent-ict-47"]
    assert [items.index(item) for item in order] == sorted(items.index(item) for item in order)
    assert matching(rows, item=order[0], date="2015-03", placeLabel="الدوحة")


def test_counts_of_resources_and_documents(store) -> None:
    rows = answer(store, "counts", lang="en")
    per_class = {row["item"]: int(row["count"]) for row in rows if row["measure"] == "resources per class"}
    assert per_class["ict:SourceDocument"] == 5
    assert per_class["ict:Meeting"] == 12  # the twelve numbered meetings the articles name
    per_committee = {row["item"]: int(row["count"]) for row in rows if row["measure"] == "documents per committee"}
    assert per_committee["res:committee/gcc-undersecretaries-post-ict"] == 2  # 000 and 001
    assert per_committee["res:committee/arab-ict-executive-bureau"] == 1
    arabic = answer(store, "counts", lang="ar")
    assert {row["measure"] for row in arabic} == {"عدد الموارد في الصنف", "عدد الوثائق عن اللجنة"}


@pytest.mark.parametrize("name", sorted(set(load_catalogue()) - {"evidence"}))
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_query_answers_in_both_languages(store, name: str, lang: str) -> None:
    assert answer(store, name, lang=lang)


def test_labels_come_in_the_language_asked_and_fall_back(store) -> None:
    rows = answer(store, "delegation-heads", lang="en")
    oman = matching(rows, country="res:country/om")
    assert oman[0]["countryLabel"] == "Oman"
    assert oman[0]["headLabel"] == OMAN_HEAD  # a person has an Arabic name only
    assert matching(answer(store, "delegation-heads", lang="ar"), countryLabel="سلطنة عمان")
