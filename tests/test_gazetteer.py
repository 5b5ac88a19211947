"""The gazetteer: reference names found in normalised Arabic text."""

from __future__ import annotations

import time
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph

from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.reference import Reference, ReferenceResource, load_reference
from ictgraph.text.normalize import normalize

RES = "https://w3id.org/ictgraph/resource/"
EXEC_EGOV = RES + "committee/gcc-executive-egov"
MIN_EGOV = RES + "committee/gcc-ministerial-egov"
UNDERSECRETARIES = RES + "committee/gcc-undersecretaries-post-ict"
ARAB_COUNCIL = RES + "committee/arab-ict-ministers-council"
ARAB_BUREAU = RES + "committee/arab-ict-executive-bureau"


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def gazetteer():
    return _shared_gazetteer()


@lru_cache(maxsize=1)
def _shared_gazetteer() -> Gazetteer:
    """For hypothesis tests, which cannot take function-scoped fixtures."""
    return Gazetteer.from_reference(load_reference())


def find(gazetteer, sentence):
    """Matches in the normalised sentence, with the normalised text they cover."""
    text = normalize(sentence).text
    return [(m, text[m.start:m.end]) for m in gazetteer.find(text)], text


def iris(gazetteer, sentence):
    return [m.iri for m, _ in find(gazetteer, sentence)[0]]


@pytest.mark.parametrize("written, prefix", [
    ("اللجنة التنفيذية للحكومة الإلكترونية", ""),
    ("واللجنة التنفيذية للحكومة الإلكترونية", "و"),
    ("باللجنة التنفيذية للحكومة الإلكترونية", "ب"),
    ("فاللجنة التنفيذية للحكومة الإلكترونية", "ف"),
    ("للجنة التنفيذية للحكومة الإلكترونية", "ل"),
    ("وللجنة التنفيذية للحكومة الالكترونية", "ول"),
    ("اللجنه التنفيذيه للحكومه الالكترونيه", ""),
    ("اللَّجْنَةُ التَّنْفِيذِيَّةُ لِلْحُكُومَةِ الإِلِكْتْرُونِيَّةِ", ""),
])
def test_article_label_with_proclitics(gazetteer, written, prefix):
    matches, text = find(gazetteer, f"شارك الوفد في اجتماع {written} امس")
    assert [m.iri for m, _ in matches] == [EXEC_EGOV]
    m, covered = matches[0]
    assert m.prefix == prefix
    assert text[m.start - len(prefix):m.start] == prefix  # the prefix is just before the span
    assert covered.endswith("للحكومه الالكترونيه")
    assert m.form == "label" and m.cls == "Committee"


@pytest.mark.parametrize("written, iso, prefix", [
    ("بمملكة البحرين", "bh", "ب"),
    ("لسلطنة عمان", "om", "ل"),
    ("وقطر", "qa", "و"),
    ("وبمملكة البحرين", "bh", "وب"),
    ("كمصر", "eg", "ك"),
    ("ولدولة الكويت", "kw", "ول"),
])
def test_bare_label_with_proclitics(gazetteer, written, iso, prefix):
    matches, _ = find(gazetteer, f"رحب الوزير {written} في الاجتماع")
    assert [m.iri for m, _ in matches] == [RES + "country/" + iso]
    assert matches[0][0].prefix == prefix


def test_longest_name_wins(gazetteer):
    matches, _ = find(gazetteer, "عقدت اللجنة الوزارية للحكومة الإلكترونية اجتماعها الخامس")
    assert [m.iri for m, _ in matches] == [MIN_EGOV]  # not the topic الحكومة الإلكترونية
    matches, _ = find(gazetteer, "تطوير الحكومة الإلكترونية")
    assert [m.iri for m, _ in matches] == [RES + "topic/e-government"]


def test_working_group_beats_its_topic(gazetteer):
    assert iris(gazetteer, "وفريق عمل الشراء الموحد للبرمجيات") == [
        RES + "working-group/gcc-unified-software-procurement"]
    assert iris(gazetteer, "مواضيع الشراء الموحد للبرمجيات") == [RES + "topic/unified-procurement"]


def test_longest_reading_wins_whatever_the_proclitic_split():
    # "للجنه" is ل + لجنه or ل + اللجنه: the reading that continues further wins.
    resources = {
        "urn:x:short": ReferenceResource("urn:x:short", "Committee", "لجنة", "Committee"),
        "urn:x:long": ReferenceResource("urn:x:long", "Committee", "اللجنة العليا", "High committee"),
    }
    small = Gazetteer.from_reference(Reference(Graph(), resources, {}, {}), blockers=[])
    text = normalize("قرار للجنة العليا").text
    assert [(m.iri, m.prefix, text[m.start:m.end]) for m in small.find(text)] == [
        ("urn:x:long", "ل", "لجنه العليا")]


def test_nisba_is_a_hidden_label_and_the_name_is_not(gazetteer):
    (name, _), = find(gazetteer, "ترأس الوزير وفد دولة قطر")[0]
    (nisba, _), = find(gazetteer, "وأكد الجانب القطري")[0]
    assert name.iri == nisba.iri == RES + "country/qa"
    assert name.form == "label" and nisba.form == "hidden"
    (company, _), = find(gazetteer, "الشركة القطرية للخدمات البريدية")[0]
    assert company.iri == RES + "body/qa-post"  # the longer name, not the nisba inside it


@pytest.mark.parametrize("sentence", [
    "تساقطت قطرات المطر",   # قطر inside a word
    "افتتح مصرف جديد",      # مصر inside a word
    "زيارة للبحرينيين",      # البحرين at the start of a longer word
    "الخدمات الحكومية",      # a prefix of a name is not the name
])
def test_no_match_inside_a_word_or_on_a_partial_name(gazetteer, sentence):
    assert find(gazetteer, sentence)[0] == []


@pytest.mark.parametrize("variant", [
    "لجنة وكلاء البريد والاتصالات",
    "لجنة وكلاء وزارات الاتصالات وتقنية المعلومات",
    "لجنة وكلاء وزارات البريد والاتصالات وتقنية المعلومات",
    "لجنة وكلاء البريد والاتصالات وتقنية المعلومات",
])
def test_undersecretaries_committee_variants(gazetteer, variant):
    matches, text = find(gazetteer, f"الاجتماع الثامن والعشرين ل{variant} بدول المجلس")
    assert [m.iri for m, _ in matches] == [UNDERSECRETARIES]
    assert matches[0][1].endswith(normalize(variant).text.split()[-1])  # the whole variant


@pytest.mark.parametrize("variant", [
    "مجلس الوزراء العرب للاتصالات والمعلومات",
    "مجلس وزراء الاتصالات والمعلومات العرب",
    "مجلس وزراء الاتصالات العرب",
])
def test_arab_council_variants(gazetteer, variant):
    assert iris(gazetteer, f"وهنا يأتي دور {variant} وكافة الأجهزة التابعة له") == [ARAB_COUNCIL]
    assert iris(gazetteer, f"عقد المكتب التنفيذي ل{variant} دورته") == [ARAB_BUREAU]


def test_offsets_map_back_to_the_original_text(gazetteer):
    original = "وشارك فيه مُمثلو دولةِ قطر، وسلطنة عُمان، واللجنة الوزارية للحكومة الإلكترونية."
    norm = normalize(original)
    found = {m.iri: norm.original_slice(m.start, m.end) for m in gazetteer.find(norm.text)}
    assert found == {
        RES + "country/qa": "دولةِ قطر",
        RES + "country/om": "سلطنة عُمان",
        MIN_EGOV: "اللجنة الوزارية للحكومة الإلكترونية",
    }


def test_words_of_a_name_may_be_split_by_hyphen_space_or_a_detached_conjunction(gazetteer):
    covid = RES + "topic/covid-19"
    assert iris(gazetteer, "جائحة كوفيد-19") == [covid]
    assert iris(gazetteer, "(كوفيد 19)") == [covid]
    assert iris(gazetteer, "تحديث الاستراتيجية العربية للاتصالات و المعلومات") == [
        RES + "strategy/arab-ict-strategy"]


def test_names_do_not_cross_punctuation_or_lines(gazetteer):
    assert iris(gazetteer, "كوفيد، 19") == []
    assert iris(gazetteer, "مجلس التعاون\nلدول الخليج العربية") == [RES + "org/gcc"]
    matches, _ = find(gazetteer, "مجلس التعاون\nلدول الخليج العربية")
    assert matches[0][1] == "مجلس التعاون"


def test_shared_names_offer_every_reading(gazetteer, reference):
    (m, _), = find(gazetteer, "رئيس هيئة تنظيم الاتصالات")[0]
    readings = (m.iri, *m.alternatives)
    assert sorted(readings) == sorted(RES + "body/" + s for s in ("om-tra", "qa-cra", "bh-tra"))
    assert reference.pick(readings, "QA") == RES + "body/qa-cra"


def test_bare_name_of_a_country_and_its_capital_reads_as_the_country(gazetteer):
    (oman, _), = find(gazetteer, "زار عمان")[0]
    assert oman.iri == RES + "country/om" and oman.alternatives == (RES + "place/amman",)
    assert iris(gazetteer, "في الكويت") == [RES + "country/kw"]
    assert iris(gazetteer, "في مدينة الكويت") == [RES + "place/kuwait-city"]
    assert iris(gazetteer, "في تونس العاصمة") == [RES + "place/tunis"]


def test_blocking_phrases_report_nothing(gazetteer):
    assert iris(gazetteer, "عبر البريد الإلكتروني") == []
    assert iris(gazetteer, "ولد في مسقط رأسه") == []
    assert iris(gazetteer, "دول المغرب العربي") == []
    assert iris(gazetteer, "عقد في مسقط") == [RES + "place/muscat"]
    assert iris(gazetteer, "الخدمات البريدية والبريد") == [RES + "topic/postal-services"] * 2


def test_abbreviations(gazetteer):
    matches, _ = find(gazetteer, "بنية المفاتيح العامة (PKI)")
    assert [(m.iri, m.form, covered) for m, covered in matches] == [
        (RES + "topic/pki", "label", "بنيه المفاتيح العامه"),
        (RES + "topic/pki", "abbreviation", "PKI"),
    ]
    assert iris(gazetteer, "pki") == []  # abbreviations are case-sensitive


def test_long_adversarial_line_is_linear(gazetteer):
    line = ("و لل وبال " * 4000 + "مجلس التعاون لدول الخليج " * 2000)[:100_000]
    started = time.perf_counter()
    matches = gazetteer.find(line)
    assert time.perf_counter() - started < 2.0
    assert len(matches) == 2000


_PIECES = ["اللجنه", "للجنه", "التنفيذيه", "للحكومه", "الالكترونيه", "مجلس", "التعاون", "قطر",
           "وقطر", "قطرات", "عمان", "و", "-", " ", "  ", "\n", "،", "البريد", "كوفيد", "19"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_matches_are_ordered_disjoint_whole_words(pieces):
    gazetteer = _shared_gazetteer()
    text = " ".join(pieces)
    previous_end = 0
    for m in gazetteer.find(text):
        word_start = m.start - len(m.prefix)
        assert previous_end <= word_start < m.start + 1 <= m.end <= len(text)
        assert word_start == 0 or not text[word_start - 1].isalnum()
        assert m.end == len(text) or not text[m.end].isalnum()
        previous_end = m.end

