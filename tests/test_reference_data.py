"""The curated reference data: it parses, it holds together, and it states true facts."""

from __future__ import annotations

import re
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ictgraph.errors import InputError
from ictgraph.namespaces import ICT
from ictgraph.paths import PATTERNS_DIR
from ictgraph.reference import load_reference
from ictgraph.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = ROOT / "data" / "reference"
TTL_FILES = sorted(REFERENCE_DIR.glob("*.ttl"))

GCC = {"SA", "AE", "BH", "OM", "QA", "KW"}
ARAB_LEAGUE = GCC | {"DZ", "DJ", "EG", "IQ", "JO", "KM", "LB", "LY", "MA", "MR", "PS", "SD",
                     "SO", "SY", "TN", "YE"}


def _contract_classes() -> set[str]:
    """The class names of ontology/CONTRACT.md's class table."""
    text = (ROOT / "ontology" / "CONTRACT.md").read_text(encoding="utf-8")
    table = text.split("## Classes", 1)[1].split("## Properties", 1)[0]
    return set(re.findall(r"`ict:(\w+)`", table))


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(ROOT / "ontology" / "ictgraph.ttl", format="turtle")


@pytest.fixture(scope="module")
def ref():
    return load_reference(REFERENCE_DIR)


def test_one_file_per_family():
    names = {p.name for p in TTL_FILES}
    assert {"organisations.ttl", "committees.ttl", "countries.ttl", "strategies.ttl",
            "topics.ttl", "bodies.ttl", "places.ttl"} <= names


@pytest.mark.parametrize("path", TTL_FILES, ids=lambda p: p.name)
def test_turtle_file_parses_on_its_own(path):
    graph = Graph().parse(path, format="turtle")
    assert len(graph) > 0


def test_every_resource_has_a_contract_or_ontology_class_and_both_labels(ref, ontology):
    contract = _contract_classes()
    assert "Country" in contract and "Committee" in contract  # the table was read
    for r in ref:
        # Contract classes, except the ontology's Secretariat (disjoint from all of them).
        assert r.cls in contract or r.cls == "Secretariat", r.iri
        assert (ICT[r.cls], RDF.type, OWL.Class) in ontology, r.iri
        for kind in r.kinds:  # a further class must be a declared sub-class of the main one
            assert (ICT[kind], RDFS.subClassOf, ICT[r.cls]) in ontology, (r.iri, kind)
        assert r.label_ar.strip(), r.iri
        assert r.label_en and r.label_en.strip(), f"{r.iri} has no @en label"
        assert re.search("[\u0600-\u06ff]", r.label_ar), f"{r.iri}: @ar label is not Arabic"


def test_every_typed_subject_in_the_files_is_in_the_catalogue(ref):
    typed = {str(s) for s, o in ref.graph.subject_objects(RDF.type) if str(o).startswith(str(ICT))}
    assert typed == {r.iri for r in ref}


def test_resource_iris_are_readable_slugs(ref):
    for r in ref:
        assert re.fullmatch(r"https://w3id\.org/ictgraph/resource/[a-z-]+/[a-z0-9-]+", r.iri), r.iri


def test_countries_have_unique_iso_codes(ref):
    countries = ref.of_class("Country")
    codes = [c.iso_code for c in countries]
    assert all(code and re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert len(codes) == len(set(codes))
    assert ARAB_LEAGUE <= set(codes)
    for c in countries:
        assert c.iri.endswith("/country/" + c.iso_code.lower())


def test_organisation_membership(ref):
    members = {org: {ref.country_of(c) for c in ref.get(ref.organization(org)).member_countries}
               for org in ("GCC", "LAS")}
    assert members["GCC"] == GCC
    assert members["LAS"] == ARAB_LEAGUE
    assert members["GCC"] <= members["LAS"]


def test_hierarchy_targets_exist_with_the_right_class(ref):
    for r in ref:
        if r.parent:
            assert ref.get(r.parent).cls in {"RegionalOrganization", "Committee"}, r.iri
        if r.reports_to:
            assert ref.get(r.reports_to).cls == "Committee", r.iri
        if r.cls in {"Committee", "WorkingGroup", "Secretariat"}:
            assert r.parent, f"{r.iri} belongs to no organisation"


def test_reporting_lines_have_no_cycle_and_end_in_an_organisation(ref):
    for r in ref.of_class("Committee") + ref.of_class("WorkingGroup"):
        seen, node = set(), r
        while node.reports_to:
            assert node.iri not in seen, f"cycle through {node.iri}"
            seen.add(node.iri)
            node = ref.get(node.reports_to)
        while node.cls != "RegionalOrganization":
            node = ref.get(node.parent)
        assert node.cls == "RegionalOrganization"


def test_known_gcc_hierarchy(ref):
    base = "https://w3id.org/ictgraph/resource/"
    under = ref.get(base + "committee/gcc-undersecretaries-post-ict")
    assert under.reports_to == base + "committee/gcc-ministerial-post-ict"
    executive = ref.get(base + "committee/gcc-executive-egov")
    assert executive.reports_to == base + "committee/gcc-ministerial-egov"
    bureau = ref.get(base + "committee/arab-ict-executive-bureau")
    assert bureau.parent == base + "committee/arab-ict-ministers-council"
    groups = ref.of_class("WorkingGroup")
    assert len(groups) == 4 and all(g.reports_to == executive.iri for g in groups)


def test_places_and_bodies_point_at_countries(ref):
    for r in ref.of_class("Place") + ref.of_class("GovernmentBody"):
        if r.country:
            assert ref.get(r.country).cls == "Country", r.iri
    # A capital lies in its country; bodies of one name are told apart by country.
    assert ref.country_of("https://w3id.org/ictgraph/resource/place/doha") == "QA"
    assert ref.country_of("https://w3id.org/ictgraph/resource/place/amman") == "JO"
    assert all(r.country for r in ref.of_class("GovernmentBody"))
    assert all(r.kinds for r in ref.of_class("GovernmentBody"))  # ministry, regulator ...


def _names(r):
    yield from ((form, normalize_key(n)) for form, names in
                (("label", [r.label_ar]), ("alt", r.alt_labels), ("hidden", r.hidden_labels))
                for n in names)


def test_no_name_shared_within_a_class_unless_countries_differ(ref):
    holders: dict[tuple[str, str], list] = defaultdict(list)
    for r in ref:
        for _, name in set(_names(r)):
            holders[(r.cls, name)].append(r)
    for (cls, name), resources in holders.items():
        if len(resources) > 1:
            countries = [r.country for r in resources]
            assert all(countries) and len(set(countries)) == len(countries), \
                f"{cls} name {name!r} is shared by {[r.iri for r in resources]}"


def test_names_shared_across_classes_are_only_country_and_city(ref):
    holders: dict[str, set[str]] = defaultdict(set)
    for r in ref:
        for _, name in _names(r):
            holders[name].add(r.cls)
    for name, classes in holders.items():
        assert len(classes) == 1 or classes == {"Country", "Place"}, (name, classes)


def test_nisba_adjectives_are_hidden_labels_of_countries_only(ref):
    for r in ref:
        if r.hidden_labels:
            assert r.cls == "Country", r.iri
        assert not set(map(normalize_key, r.hidden_labels)) & set(map(normalize_key, r.alt_labels))
    qatar = ref.get(ref.by_iso("QA"))
    assert normalize_key("القطرية") in map(normalize_key, qatar.hidden_labels)
    assert normalize_key("قطر") in map(normalize_key, qatar.alt_labels)


def test_topics_form_a_skos_scheme(ref):
    graph = ref.graph
    scheme = URIRef("https://w3id.org/ictgraph/resource/topic/scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for topic in ref.of_class("Topic"):
        s = URIRef(topic.iri)
        assert (s, SKOS.inScheme, scheme) in graph
        assert (s, RDF.type, SKOS.Concept) in graph
        assert set(graph.objects(s, SKOS.prefLabel)) == set(graph.objects(s, RDFS.label))
        is_top = (s, SKOS.topConceptOf, scheme) in graph
        assert is_top != bool(topic.broader), f"{topic.iri}: top concept iff it has no broader"


def test_strategies_are_attributed_to_an_organisation(ref):
    for strategy in ref.of_class("Strategy"):
        assert ref.get(strategy.attributed_to).cls == "RegionalOrganization", strategy.iri


def test_lookups(ref):
    assert ref.by_iso("qa") == "https://w3id.org/ictgraph/resource/country/qa"
    assert ref.by_iso("XX") is None
    assert ref.label(ref.by_iso("OM"), "en") == "Oman"
    assert ref.label(ref.by_iso("OM"), "ar") == "سلطنة عمان"
    assert ref.organization("GCC") == "https://w3id.org/ictgraph/resource/org/gcc"
    assert ref.organization("جامعة الدول العربية") == "https://w3id.org/ictgraph/resource/org/arab-league"
    assert normalize_key("مجلس التعاون الخليجي") in ref.labels(ref.organization("GCC"))


def test_self_references_and_publishers(ref):
    assert ref.self_reference("السلطنة") == ["OM"]
    assert set(ref.self_reference("المملكه")) >= {"SA", "BH"}
    assert ref.self_reference("الوزارة") == []
    assert ref.publisher_country("/ العمانية /") == "OM"
    assert ref.publisher_country("قنا") == "QA"
    assert ref.publisher_country("أ ش أ") == "EG"
    assert ref.publisher_country("البيان") == "AE"
    assert ref.publisher_country("الوطن") is None  # several countries have a الوطن


def test_pick_prefers_the_reading_in_the_articles_country(ref):
    base = "https://w3id.org/ictgraph/resource/body/"
    readings = [base + "eg-mcit", base + "qa-mcit"]
    assert ref.pick(readings, "QA") == base + "qa-mcit"
    assert ref.pick(readings, "EG") == base + "eg-mcit"
    assert ref.pick(readings, None) == base + "eg-mcit"


# --- the loader rejects broken reference data with one clear line ----------

def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, target)
    return target


def test_bad_turtle_names_the_file(tmp_path):
    directory = _copy(tmp_path)
    (directory / "broken.ttl").write_text("@prefix ict: <x#> .\nict:a ict:b", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.ttl: invalid Turtle"):
        load_reference(directory)


def test_dangling_reports_to_is_rejected(tmp_path):
    directory = _copy(tmp_path)
    path = directory / "committees.ttl"
    text = path.read_text(encoding="utf-8").replace(
        "ict:reportsTo committee:gcc-ministerial-egov", "ict:reportsTo committee:no-such-committee")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"committees\.ttl: .*gcc-executive-egov: reports_to"):
        load_reference(directory)


def test_duplicate_iso_code_is_rejected(tmp_path):
    directory = _copy(tmp_path)
    path = directory / "countries.ttl"
    path.write_text(path.read_text(encoding="utf-8").replace('ict:isoCode "BH"', 'ict:isoCode "AE"'),
                    encoding="utf-8")
    with pytest.raises(InputError, match="ISO code AE"):
        load_reference(directory)


def test_missing_arabic_label_is_rejected(tmp_path):
    directory = _copy(tmp_path)
    (directory / "extra.ttl").write_text(
        "@prefix ict: <https://w3id.org/ictgraph/ontology#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<https://w3id.org/ictgraph/resource/topic/x> a ict:Topic ; rdfs:label \"X\"@en .\n",
        encoding="utf-8")
    with pytest.raises(InputError, match=r"extra\.ttl: .*topic/x: needs exactly one rdfs:label @ar"):
        load_reference(directory)


def test_publisher_with_unknown_country_is_rejected(tmp_path):
    patterns = tmp_path / "patterns"
    shutil.copytree(PATTERNS_DIR, patterns)
    (patterns / "publishers.json").write_text(
        '{"publishers": [{"country": "ZZ", "kind": "news agency", "names": ["x"]}]}',
        encoding="utf-8")
    with pytest.raises(InputError, match=r"publishers\.json: .*ZZ not in the reference countries"):
        load_reference(_copy(tmp_path), patterns)
