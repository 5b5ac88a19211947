"""Entity resolution and IRI minting, on hand-made facts."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from ictgraph.model import EntityRef, Evidence, Fact
from ictgraph.namespaces import ICT, RDF, RES, XSD
from ictgraph import ntriples as nt
from ictgraph.resolve import (MAX_SLUG_LENGTH, document_iri, evidence_iri, merge_person_names,
                              resolve, slugify)

EV = Evidence("a.txt", 0, 10, "نص", "test-rule")
COUNTRY_QA = EntityRef("Country", ("ref", str(RES["country/qa"])))
EGOV = EntityRef("Committee", ("ref", str(RES["committee/egov"])))
POSTAL = EntityRef("Committee", ("ref", str(RES["committee/postal"])))


def person(name: str) -> EntityRef:
    return EntityRef("Person", ("name", name))


def mention(*refs: EntityRef) -> list[Fact]:
    """One fact per ref, so that the ref is part of the run."""
    return [Fact(ref, "type", ref.cls, EV) for ref in refs]


def iri_of(ref: EntityRef, *others: EntityRef) -> URIRef:
    return resolve(mention(ref, *others)).iri(ref)


def short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


# --------------------------------------------------------------------------- slugs

def test_slug_transliterates_letters_by_the_table():
    assert slugify("سالم الرزيقي") == "salm-alrzyqy"
    assert slugify("خالد ذياب") == "khald-dhyab"
    assert slugify("غرفة الشارقة") == "ghrfh-alsharqh"  # ة is normalised to ه first


def test_slug_ignores_diacritics_and_letter_variants():
    assert slugify("سَالِم") == slugify("سالم")
    assert slugify("إبراهيم") == slugify("ابراهيم") == "abrahym"


def test_slug_keeps_latin_and_digits_and_collapses_punctuation():
    assert slugify("ITU  2024") == "itu-2024"
    assert slugify("«جيتكس» - دبي") == "jytks-dby"
    assert slugify("Télécom") == "telecom"


def test_long_slug_is_cut_on_a_word_boundary():
    slug = slugify(" ".join(["الاستراتيجية"] * 10))
    assert len(slug) <= MAX_SLUG_LENGTH
    assert not slug.endswith("-")
    assert all(part == "alastratyjyh" for part in slug.split("-"))


# --------------------------------------------------------------------------- IRIs

def test_reference_keys_keep_their_iri():
    assert iri_of(EGOV) == RES["committee/egov"]


@pytest.mark.parametrize("cls, path", [
    ("Committee", "committee"), ("WorkingGroup", "working-group"), ("Person", "person"),
    ("Place", "place"), ("Initiative", "initiative"), ("SharedService", "service"),
    ("Strategy", "strategy"), ("Event", "event"), ("Topic", "topic"), ("GovernmentBody", "body"),
    ("RegionalOrganization", "organization"),
])
def test_named_things_get_class_path_and_slug(cls, path):
    assert iri_of(EntityRef(cls, ("name", "خالد"))) == RES[f"{path}/khald"]


def test_meeting_iri_is_committee_slug_and_ordinal():
    meeting = EntityRef("Meeting", (EGOV, 22))
    assert iri_of(meeting) == RES["meeting/egov-22"]
    unknown = EntityRef("Committee", ("name", "لجنة البريد"))
    assert iri_of(EntityRef("Meeting", (unknown, 3))) == RES["meeting/ljnh-albryd-3"]


def test_meetings_of_two_committees_with_one_ordinal_stay_apart():
    a, b = EntityRef("Meeting", (EGOV, 28)), EntityRef("Meeting", (POSTAL, 28))
    resolution = resolve(mention(a, b))
    assert resolution.iri(a) == RES["meeting/egov-28"]
    assert resolution.iri(b) == RES["meeting/postal-28"]


def test_delegation_iri_is_meeting_slug_and_iso_code():
    delegation = EntityRef("Delegation", (EntityRef("Meeting", (EGOV, 22)), COUNTRY_QA))
    assert iri_of(delegation) == RES["delegation/egov-22-qa"]


def test_event_iri_with_and_without_ordinal():
    assert iri_of(EntityRef("Event", ("name", "جيتكس"))) == RES["event/jytks"]
    assert iri_of(EntityRef("Event", ("name", "جيتكس", 40))) == RES["event/jytks-40"]


def test_iris_do_not_depend_on_fact_order():
    refs = [person("صالح علي"), person("سالح علي"), EntityRef("Meeting", (EGOV, 5)),
            person("حمد المنصوري"), person("حمد عبيد المنصوري")]
    forward, backward = resolve(mention(*refs)), resolve(mention(*reversed(refs)))
    assert [forward.iri(r) for r in refs] == [backward.iri(r) for r in refs]


def test_colliding_slugs_get_a_hash_of_the_full_name():
    a, b, c = person("صالح علي"), person("سالح علي"), person("خالد")  # ص and س are both "s"
    resolution = resolve(mention(a, b, c))
    assert resolution.iri(a) == RES[f"person/salh-aly-{short('صالح علي')}"]
    assert resolution.iri(b) == RES[f"person/salh-aly-{short('سالح علي')}"]
    assert resolution.iri(c) == RES["person/khald"]


def test_minted_iri_never_takes_a_reference_iri():
    reference = Graph()
    reference.add((RES["committee/itu"], RDF.type, ICT.Committee))
    named = EntityRef("Committee", ("name", "ITU"))
    assert resolve(mention(named)).iri(named) == RES["committee/itu"]
    assert resolve(mention(named), reference).iri(named) == RES[f"committee/itu-{short('ITU')}"]


def test_meetings_of_colliding_committees_stay_apart():
    a = EntityRef("Committee", ("name", "لجنة صالح"))
    b = EntityRef("Committee", ("name", "لجنة سالح"))
    ma, mb = EntityRef("Meeting", (a, 1)), EntityRef("Meeting", (b, 1))
    resolution = resolve(mention(ma, mb))
    assert resolution.iri(ma) != resolution.iri(mb)
    # The hash is of the normalised name (ة is folded to ه).
    assert resolution.iri(ma) == RES[f"meeting/ljnh-salh-{short('لجنه صالح')}-1"]


@pytest.mark.parametrize("ref", [
    EntityRef("Committee", ("wikidata", "Q1")),
    EntityRef("Country", ("name", "قطر")),
    EntityRef("Meeting", (EGOV, 0)),
    EntityRef("Meeting", (EGOV, True)),
    EntityRef("Meeting", ("name", "الاجتماع")),
    EntityRef("Delegation", (EntityRef("Meeting", (EGOV, 1)), EGOV)),
    EntityRef("Person", ("name", "  ")),
    EntityRef("Person", ("name", "خالد", 2)),
    EntityRef("Place", ("ref", "not an iri")),
    EntityRef("Place", ()),
])
def test_unknown_key_shapes_are_refused(ref):
    with pytest.raises(ValueError, match="unsupported EntityRef key"):
        resolve(mention(ref))


def test_unresolved_entity_lookup_names_it():
    with pytest.raises(KeyError, match="was not resolved"):
        resolve([]).iri(person("خالد"))
    assert resolve([]).iri(COUNTRY_QA) == RES["country/qa"]


def test_extra_entities_are_resolved_too():
    dateline = EntityRef("Place", ("name", "مسقط"))
    assert resolve([], extra=[dateline]).iri(dateline) == RES["place/msqt"]


# --------------------------------------------------------------------------- people

def test_honorifics_do_not_change_a_person():
    plain, titled = person("سالم بن سلطان الرزيقي"), person("الدكتور سالم بن سلطان الرزيقي")
    resolution = resolve(mention(plain, titled))
    assert resolution.iri(titled) == resolution.iri(plain) == RES["person/salm-bn-sltan-alrzyqy"]
    assert iri_of(person("معالي الشيخ حمد")) == RES["person/hmd"]


def test_abd_is_joined_to_the_name_after_it():
    a, b = person("عبد اللطيف الزياني"), person("عبداللطيف الزياني")
    resolution = resolve(mention(a, b))
    assert resolution.iri(a) == resolution.iri(b) == RES["person/abdalltyf-alzyany"]


def test_shorter_name_merges_into_the_unique_longer_one():
    pairs = [("حمد المنصوري", "حمد عبيد المنصوري"), ("سالم الرزيقي", "سالم بن سلطان الرزيقي")]
    refs = [person(n) for pair in pairs for n in pair]
    resolution = resolve(mention(*refs))
    for short_name, long_name in pairs:
        assert resolution.iri(person(short_name)) == resolution.iri(person(long_name))
    assert resolution.iri(person("حمد المنصوري")) == RES["person/hmd-abyd-almnswry"]
    merged = [f.subject for f in resolution.facts if f.subject == person("حمد المنصوري")]
    assert merged == []  # facts are rewritten to the canonical person


def test_ambiguous_short_name_is_not_merged():
    names = ["محمد علي", "محمد حسن علي", "محمد سعيد علي"]
    resolution = resolve(mention(*map(person, names)))
    assert len({resolution.iri(person(n)) for n in names}) == 3


def test_names_in_a_chain_merge_into_the_longest():
    names = ["حمد المنصوري", "حمد عبيد المنصوري", "حمد عبيد سالم المنصوري"]
    resolution = resolve(mention(*map(person, names)))
    assert {resolution.iri(person(n)) for n in names} == {RES["person/hmd-abyd-salm-almnswry"]}


def test_names_merge_only_with_same_first_and_last_word():
    assert merge_person_names(["حمد المنصوري", "حمد عبيد الكعبي", "خالد حمد المنصوري"]) == {}
    assert merge_person_names(["حمد", "حمد عبيد حمد"]) == {}  # one word says too little
    assert merge_person_names(["حمد المنصوري", "حمد عبيد المنصوري"]) == {
        "حمد المنصوري": "حمد عبيد المنصوري"}


def test_committees_are_never_merged_by_name_overlap():
    a = EntityRef("Committee", ("name", "اللجنة التنفيذية"))
    b = EntityRef("Committee", ("name", "اللجنة التنفيذية للحكومة"))
    resolution = resolve(mention(a, b))
    assert resolution.iri(a) != resolution.iri(b)


# --------------------------------------------------------------------------- documents and evidence

def test_document_iri_is_the_sha_prefix():
    sha = hashlib.sha256(b"x").hexdigest()
    assert document_iri(sha) == RES[f"document/{sha[:16]}"]
    with pytest.raises(ValueError):
        document_iri("not-a-sha")


def _evidence_key_hash(*parts: object) -> str:
    """The documented key: the JSON array of the parts, compact and not ASCII-escaped."""
    key = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))
    return str(RES["evidence/"]) + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@settings(max_examples=300, deadline=None)
@given(lexical=st.text(), language=st.sampled_from([None, "ar", "en-GB"]),
       typed_value=st.booleans(), rule=st.text(min_size=1),
       start=st.integers(0, 10**6), length=st.integers(0, 500))
def test_evidence_iri_hashes_the_json_of_its_key(lexical, language, typed_value, rule, start,
                                                 length):
    """The IRI is computed from parts encoded once each (they repeat from statement to
    statement); it must be the hash of the JSON array the layout describes, whatever the
    object's text holds (quotes, backslashes, control characters, Arabic)."""
    sha = hashlib.sha256(lexical.encode("utf-8", "surrogatepass")).hexdigest()
    subject, predicate = nt.iri(RES["meeting/egov-1"]), nt.iri(ICT.label)
    if typed_value:
        obj, obj_key = nt.typed(lexical, str(XSD.string)), [lexical, "", str(XSD.string)]
    else:
        obj, obj_key = nt.literal(lexical, language), [lexical, language or "", ""]
    for _ in range(2):  # the second time from the encoded parts remembered
        assert str(evidence_iri(sha, start, start + length, rule, subject, predicate, obj)) == \
            _evidence_key_hash(sha, start, start + length, rule, str(RES["meeting/egov-1"]),
                               str(ICT.label), obj_key)
    iri_object = nt.iri(RES["country/qa"])
    assert str(evidence_iri(sha, start, start, rule, subject, nt.iri(ICT.country), iri_object)) == \
        _evidence_key_hash(sha, start, start, rule, str(RES["meeting/egov-1"]), str(ICT.country),
                           str(RES["country/qa"]))


def test_evidence_iri_refuses_a_literal_subject_or_predicate():
    sha = hashlib.sha256(b"x").hexdigest()
    with pytest.raises(ValueError, match="not an IRI term"):
        evidence_iri(sha, 0, 1, "rule", nt.literal("x"), nt.iri(ICT.label), nt.literal("y"))
    with pytest.raises(ValueError, match="not an IRI term"):
        evidence_iri(sha, 0, 1, "rule", nt.iri(RES["x"]), nt.literal("p"), nt.literal("y"))


def test_evidence_iri_changes_with_every_part_of_its_key():
    sha = hashlib.sha256(b"x").hexdigest()
    args = [sha, 3, 9, "rule", nt.iri(RES["meeting/egov-1"]), nt.iri(ICT.ordinal), nt.literal("1")]
    base = evidence_iri(*args)
    assert base == evidence_iri(*args)
    assert str(base).startswith(str(RES["evidence/"])) and len(str(base).rsplit("/", 1)[1]) == 16
    variants = [hashlib.sha256(b"y").hexdigest(), 4, 10, "other", nt.iri(RES["meeting/egov-2"]),
                nt.iri(ICT.date), nt.literal("1", "ar")]
    for index, variant in enumerate(variants):
        changed = list(args)
        changed[index] = variant
        assert evidence_iri(*changed) != base
