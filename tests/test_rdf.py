"""Facts to RDF and deterministic Turtle, on hand-made facts (no extraction).

Run as a script, this module prints the sample graph's Turtle: the test for
hash-seed independence compares the output of two interpreters.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ictgraph.model import DateValue, Document, EntityRef, Evidence, Fact
from ictgraph import namespaces as ns
from ictgraph.namespaces import ICT, RDF, RDFS, RES, SKOS
from ictgraph.ntriples import triples_from_rdflib
from ictgraph.rdf import serialize_turtle, to_graph
from ictgraph.resolve import document_iri, resolve

REFERENCE_TTL = """
@prefix ict: <https://w3id.org/ictgraph/ontology#> .
@prefix res: <https://w3id.org/ictgraph/resource/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/ictgraph/resource/org/gcc> a ict:RegionalOrganization ;
    rdfs:label "مجلس التعاون لدول الخليج العربية"@ar , "Gulf Cooperation Council"@en ;
    skos:altLabel "مجلس التعاون"@ar ; ict:abbreviation "GCC" ;
    ict:memberCountry <https://w3id.org/ictgraph/resource/country/qa> ,
                      <https://w3id.org/ictgraph/resource/country/om> .
<https://w3id.org/ictgraph/resource/committee/egov> a ict:Committee ;
    rdfs:label "اللجنة التنفيذية للحكومة الإلكترونية"@ar , "E-Government Executive Committee"@en ;
    ict:subOrganizationOf <https://w3id.org/ictgraph/resource/org/gcc> ;
    rdfs:comment "not a curated statement that is copied" .
<https://w3id.org/ictgraph/resource/committee/postal> a ict:Committee ;
    rdfs:label "لجنة وكلاء البريد"@ar ;
    ict:reportsTo <https://w3id.org/ictgraph/resource/committee/egov> .
<https://w3id.org/ictgraph/resource/country/qa> a ict:Country ; ict:isoCode "QA" ;
    rdfs:label "قطر"@ar , "Qatar"@en .
<https://w3id.org/ictgraph/resource/country/om> a ict:Country ; ict:isoCode "OM" ;
    rdfs:label "عمان"@ar , "Oman"@en .
<https://w3id.org/ictgraph/resource/org/itu> a ict:RegionalOrganization ;
    rdfs:label "الاتحاد الدولي للاتصالات"@ar .
"""

TEXT_A = ("شاركت السلطنة في الاجتماع الثاني والعشرين للجنة التنفيذية للحكومة الإلكترونية.\n"
          "وترأس وفد السلطنة سالم بن سلطان الرزيقي الرئيس التنفيذي.\n"
          "وعقد الاجتماع عبر الاتصال المرئي في 15 يونيو 2020.")
TEXT_B = ("استعرض الاجتماع 22 للجنة التنفيذية للحكومة الإلكترونية التقرير.\n"
          "كما عقد الاجتماع الثاني والعشرون للجنة البريد.")

EGOV = EntityRef("Committee", ("ref", str(RES["committee/egov"])), "اللجنة التنفيذية")
POSTAL = EntityRef("Committee", ("ref", str(RES["committee/postal"])))
OMAN = EntityRef("Country", ("ref", str(RES["country/om"])), "السلطنة")
MEETING = EntityRef("Meeting", (EGOV, 22), "الاجتماع الثاني والعشرين")
POSTAL_MEETING = EntityRef("Meeting", (POSTAL, 22), "الاجتماع الثاني والعشرون")
DELEGATION = EntityRef("Delegation", (MEETING, OMAN), "وفد السلطنة")
SALIM = EntityRef("Person", ("name", "سالم بن سلطان الرزيقي"), "سالم بن سلطان الرزيقي")
SALIM_SHORT = EntityRef("Person", ("name", "سالم الرزيقي"))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


DOC_A = Document("000_a.txt", TEXT_A, sha(TEXT_A))
DOC_B = Document("001_b.txt", TEXT_B, sha(TEXT_B))


def evidence(document: Document, sentence: int, rule: str) -> Evidence:
    """Evidence for the n-th line of a document, with its real offsets."""
    line = document.text.split("\n")[sentence]
    start = document.text.index(line)
    return Evidence(document.name, start, start + len(line), line, rule)


def sample_facts() -> list[Fact]:
    a0, a1, a2 = (evidence(DOC_A, i, "meeting") for i in range(3))
    b0, b1 = (evidence(DOC_B, i, "meeting") for i in range(2))
    return [
        Fact(MEETING, "ofCommittee", EGOV, a0),
        Fact(MEETING, "ofCommittee", EGOV, b0),
        Fact(MEETING, "label", "الاجتماع 22", b0),
        Fact(MEETING, "label", "الاجتماع 22", a2),
        Fact(MEETING, "label", "الاجتماع الثاني والعشرين", a0),
        Fact(MEETING, "isVirtual", True, a2),
        Fact(MEETING, "date", DateValue("2020-06-15"), a2),
        Fact(MEETING, "statedCount", 6, a2),
        Fact(POSTAL_MEETING, "date", DateValue("2020-06"), b1),
        Fact(EGOV, "label", "لجنة الحكومة الإلكترونية", a0),  # the reference label wins
        Fact(DELEGATION, "headedBy", SALIM, a1),
        Fact(SALIM, "roleTitle", "الرئيس التنفيذي", a1),
        Fact(SALIM_SHORT, "memberOf", EGOV, b0),
        Fact(EntityRef("Event", ("name", "جيتكس", 40), "جيتكس"), "date", DateValue("2020"), b1),
        Fact(EntityRef("Topic", ("name", "الحوسبة السحابية")), "discussedAt", MEETING, a0),
        Fact(EntityRef("Topic", ("name", "الحوسبة السحابية")), "priority", -2, a0),
    ]


def sample_reference() -> Graph:
    return Graph().parse(data=REFERENCE_TTL, format="turtle")


def build(facts: list[Fact] | None = None, doc_meta: dict | None = None) -> Graph:
    facts = sample_facts() if facts is None else facts
    reference = sample_reference()
    return to_graph([DOC_A, DOC_B], facts, resolve(facts, reference), reference, doc_meta)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return build()


def evidence_nodes(graph: Graph, subject: URIRef, predicate: URIRef, obj) -> set:
    return {e for e in graph.objects(subject, ICT.evidence)
            if (e, RDF.predicate, predicate) in graph and (e, RDF.object, obj) in graph}


# --------------------------------------------------------------------------- resources

def test_one_meeting_mentioned_in_two_documents(graph):
    meeting = RES["meeting/egov-22"]
    assert set(graph.objects(meeting, ICT.mentionedIn)) == {
        document_iri(DOC_A.sha256), document_iri(DOC_B.sha256)}
    nodes = evidence_nodes(graph, meeting, ICT.ofCommittee, RES["committee/egov"])
    assert {graph.value(e, ICT.inDocument) for e in nodes} == {
        document_iri(DOC_A.sha256), document_iri(DOC_B.sha256)}
    assert len(nodes) == 2


def test_meetings_of_two_committees_with_one_ordinal_are_two_resources(graph):
    meetings = set(graph.subjects(RDF.type, ICT.Meeting))
    assert meetings == {RES["meeting/egov-22"], RES["meeting/postal-22"]}
    assert graph.value(RES["meeting/postal-22"], ICT.ofCommittee) == RES["committee/postal"]


def test_key_statements_are_implied_with_evidence(graph):
    """The postal meeting's committee and ordinal, and the delegation's links, come from keys."""
    postal = RES["meeting/postal-22"]
    assert graph.value(postal, ICT.ordinal) == Literal("22", datatype=ns.XSD.positiveInteger)
    assert evidence_nodes(graph, postal, ICT.ordinal, graph.value(postal, ICT.ordinal))
    delegation = RES["delegation/egov-22-om"]
    assert (RES["meeting/egov-22"], ICT.hasDelegation, delegation) in graph
    assert (delegation, ICT.delegationOf, RES["country/om"]) in graph
    assert (delegation, RDF.type, ICT.Delegation) in graph


def test_shortened_person_name_joins_the_full_one(graph):
    salim = RES["person/salm-bn-sltan-alrzyqy"]
    assert (salim, ICT.memberOf, RES["committee/egov"]) in graph
    assert (salim, ICT.roleTitle, Literal("الرئيس التنفيذي", lang="ar")) in graph
    assert set(graph.subjects(RDF.type, ICT.Person)) == {salim}


def test_literal_datatypes(graph):
    meeting, postal = RES["meeting/egov-22"], RES["meeting/postal-22"]
    assert graph.value(meeting, ICT.ordinal) == Literal("22", datatype=ns.XSD.positiveInteger)
    assert graph.value(meeting, ICT.statedCount) == Literal("6", datatype=ns.XSD.positiveInteger)
    assert graph.value(meeting, ICT.isVirtual) == Literal("true", datatype=ns.XSD.boolean)
    assert graph.value(meeting, ICT.date) == Literal("2020-06-15", datatype=ns.XSD.date)
    assert graph.value(postal, ICT.date) == Literal("2020-06", datatype=ns.XSD.gYearMonth)
    assert graph.value(RES["event/jytks-40"], ICT.date) == Literal("2020", datatype=ns.XSD.gYear)
    topic = RES["topic/alhwsbh-alshabyh"]
    assert graph.value(topic, ICT.priority) == Literal("-2", datatype=ns.XSD.integer)
    assert graph.value(RES["country/qa"], ICT.isoCode) == Literal("QA")


def test_one_arabic_label_per_resource(graph):
    for subject in set(graph.subjects(RDF.type, None)):
        arabic = [o for o in graph.objects(subject, RDFS.label) if o.language == "ar"]
        assert len(arabic) <= 1, subject
    # Two mentions of "الاجتماع 22" beat one of the longer form.
    assert graph.value(RES["meeting/egov-22"], RDFS.label) == Literal("الاجتماع 22", lang="ar")
    assert not evidence_nodes(graph, RES["meeting/egov-22"], RDFS.label,
                              Literal("الاجتماع الثاني والعشرين", lang="ar"))


def test_label_ties_go_to_the_longest_then_the_first():
    ev = evidence(DOC_A, 0, "r")
    topic = EntityRef("Topic", ("name", "موضوع"))
    facts = [Fact(topic, "label", text, ev) for text in ("ب", "اا", "ب ب", "أأأ")]
    labels = lambda fs: list(build(fs).objects(RES["topic/mwdwa"], RDFS.label))  # noqa: E731
    assert labels(facts) == [Literal("أأأ", lang="ar")] == labels(list(reversed(facts)))
    same_length = [Fact(topic, "label", text, ev) for text in ("بب", "اا")]
    assert labels(same_length) == [Literal("اا", lang="ar")]


def test_every_extracted_statement_has_evidence_that_reifies_it(graph):
    unevidenced_predicates = {ICT.mentionedIn, ICT.evidence}
    reference_defined = set(graph.subjects(RDFS.isDefinedBy, RES["reference"]))
    subjects_needing = {s for s in graph.subjects(RDF.type, None)} - reference_defined - set(
        graph.subjects(RDF.type, ICT.Evidence)) - set(graph.subjects(RDF.type, ICT.SourceDocument))
    assert RES["meeting/egov-22"] in subjects_needing
    for s in subjects_needing:
        for p, o in graph.predicate_objects(s):
            if p not in unevidenced_predicates:
                assert evidence_nodes(graph, s, p, o), (s, p, o)


def test_evidence_node_has_all_properties(graph):
    nodes = set(graph.subjects(RDF.type, ICT.Evidence))
    assert nodes
    documents = {DOC_A.name: DOC_A, DOC_B.name: DOC_B}
    for node in nodes:
        s, p, o = (graph.value(node, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert (s, p, o) in graph
        assert (s, ICT.evidence, node) in graph
        doc_iri = graph.value(node, ICT.inDocument)
        assert (doc_iri, RDF.type, ICT.SourceDocument) in graph
        document = documents[str(graph.value(doc_iri, ICT.sourceFile))]
        start, end = graph.value(node, ICT.charStart), graph.value(node, ICT.charEnd)
        assert start.datatype == end.datatype == ns.XSD.nonNegativeInteger
        quote = graph.value(node, ICT.quote)
        assert quote.language == "ar"
        assert document.text[int(start):int(end)] == str(quote)
        assert str(graph.value(node, ICT.rule)) == "meeting"
        assert (doc_iri, ICT.mentionedIn, None) not in graph
        assert (s, ICT.mentionedIn, doc_iri) in graph


def test_source_documents(graph):
    doc = document_iri(DOC_A.sha256)
    assert (doc, RDF.type, ICT.SourceDocument) in graph
    assert graph.value(doc, ICT.sourceFile) == Literal("000_a.txt")
    assert graph.value(doc, ICT.sha256) == Literal(DOC_A.sha256)
    assert graph.value(doc, ICT.textLength) == Literal(str(len(TEXT_A)),
                                                      datatype=ns.XSD.nonNegativeInteger)
    assert graph.value(doc, ICT.encoding) == Literal("utf-8")
    assert graph.value(doc, RDFS.label) == Literal("000_a.txt")


def test_document_metadata():
    muscat = EntityRef("Place", ("name", "مسقط"), "مسقط")
    meta = {DOC_A.name: {"date": DateValue("2020-06-16"), "publisher": "وكالة الأنباء العمانية",
                         "publisher_country": EntityRef("Country", ("ref", str(RES["country/om"]))),
                         "dateline": muscat}}
    facts = sample_facts()
    reference = sample_reference()
    graph = to_graph([DOC_A, DOC_B], facts, resolve(facts, reference, extra=[muscat]), reference, meta)
    doc = document_iri(DOC_A.sha256)
    assert graph.value(doc, ICT.date) == Literal("2020-06-16", datatype=ns.XSD.date)
    assert graph.value(doc, ICT.publisher) == Literal("وكالة الأنباء العمانية", lang="ar")
    assert graph.value(doc, ICT.publisherCountry) == RES["country/om"]
    assert graph.value(doc, ICT.dateline) == RES["place/msqt"]
    assert (RES["place/msqt"], RDF.type, ICT.Place) in graph
    assert graph.value(RES["place/msqt"], RDFS.label) == Literal("مسقط", lang="ar")
    with pytest.raises(ValueError, match="unknown document metadata"):
        build(doc_meta={DOC_A.name: {"author": "x"}})
    with pytest.raises(ValueError, match="not in the run"):
        build(doc_meta={"missing.txt": {}})


# --------------------------------------------------------------------------- reference data

def test_reference_closure_copies_used_resources_and_their_parents(graph):
    reference = RES["reference"]
    copied = set(graph.subjects(RDFS.isDefinedBy, reference))
    # egov and postal are used; gcc is egov's parent; qa and om are gcc's members.
    assert copied == {RES["committee/egov"], RES["committee/postal"], RES["org/gcc"],
                      RES["country/qa"], RES["country/om"]}
    assert (RES["committee/egov"], ICT.subOrganizationOf, RES["org/gcc"]) in graph
    assert (RES["org/gcc"], SKOS.altLabel, Literal("مجلس التعاون", lang="ar")) in graph
    assert (RES["org/gcc"], ICT.abbreviation, Literal("GCC")) in graph
    assert (RES["org/gcc"], RDF.type, ICT.RegionalOrganization) in graph
    assert (RES["committee/egov"], RDFS.comment, None) not in graph


def test_reference_labels_replace_extracted_ones(graph):
    egov = RES["committee/egov"]
    assert set(graph.objects(egov, RDFS.label)) == {
        Literal("اللجنة التنفيذية للحكومة الإلكترونية", lang="ar"),
        Literal("E-Government Executive Committee", lang="en")}
    assert not list(graph.objects(egov, ICT.evidence))  # curated statements carry no evidence
    assert list(graph.objects(egov, RDF.type)) == [ICT.Committee]


def test_without_reference_data_reference_entities_get_extracted_statements():
    facts = sample_facts()
    graph = to_graph([DOC_A, DOC_B], facts, resolve(facts), None)
    egov = RES["committee/egov"]
    assert (egov, RDF.type, ICT.Committee) in graph
    assert (egov, RDFS.isDefinedBy, None) not in graph
    assert len(list(graph.objects(egov, RDFS.label))) == 1
    assert evidence_nodes(graph, egov, RDF.type, ICT.Committee)


# --------------------------------------------------------------------------- failures

def test_bad_evidence_is_refused():
    unknown = Evidence("missing.txt", 0, 1, "ش", "r")
    with pytest.raises(ValueError, match="missing.txt: evidence cites a document"):
        build([Fact(MEETING, "isVirtual", True, unknown)])
    outside = Evidence(DOC_B.name, 0, len(TEXT_B) + 1, "ش", "r")
    with pytest.raises(ValueError, match="001_b.txt: evidence span"):
        build([Fact(MEETING, "isVirtual", True, outside)])


@pytest.mark.parametrize("predicate, value", [
    ("ordinal", 0), ("date", DateValue("2020-6")), ("type", "not a class"), ("has space", 1),
    ("label", 1.5)])
def test_bad_values_are_refused(predicate, value):
    with pytest.raises(ValueError):
        build([Fact(MEETING, predicate, value, evidence(DOC_A, 0, "r"))])


# --------------------------------------------------------------------------- Turtle

def turtle(graph: Graph) -> bytes:
    return serialize_turtle(triples_from_rdflib(graph))


def test_turtle_round_trips(graph):
    data = turtle(graph)
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert len(parsed) == len(graph)
    assert isomorphic(parsed, graph)


def test_turtle_escapes_strings_and_iris():
    g = Graph()
    odd = URIRef("https://w3id.org/ictgraph/resource/place/مسقط{x}")
    g.add((odd, RDFS.label, Literal('قال "نعم"\\ \n\tسطر\r\x01', lang="ar")))
    g.add((odd, ICT.note, Literal("line\nbreak")))
    g.add((odd, ICT.amount, Literal("5", datatype=ns.XSD.integer)))
    g.add((RES["x"], ICT.link, odd))
    data = turtle(g)
    parsed = Graph().parse(data=data.decode("utf-8"), format="turtle")
    assert set(parsed) == set(g)
    assert b"@prefix sh:" not in data  # only the prefixes used
    assert b"@prefix rdfs:" in data


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_turtle_streamed_in_chunks_is_the_same_bytes(graph, chunk):
    import io

    from ictgraph.serialize import write_turtle

    stream = io.BytesIO()
    write_turtle(triples_from_rdflib(graph), stream, chunk=chunk)
    data = stream.getvalue()
    assert data == turtle(graph)
    # The header, written before any block, declares each prefix the blocks use and no other.
    header, body = data.decode("utf-8").split("\n\n", 1)
    declared = {line.split()[1][:-1] for line in header.splitlines()}
    assert declared == {name for name in ns.PREFIXES if f"{name}:" in body}


def test_turtle_layout_written_by_hand():
    # Subjects, predicates and objects in value order: ".../m-1" before ".../m-1/part" although
    # their terms, "<...m-1>" and "<...m-1/part>", sort the other way ('/' < '>'); IRIs before
    # literals; a literal by lexical form, then language, then datatype. Prefixed names only
    # where the rest is a local name, and only the prefixes used.
    from ictgraph import ntriples as nt

    meeting, part = RES["meeting/m-1"], RES["meeting/m-1/part"]
    triples = [
        (meeting, RDF.type, ICT.Meeting), (meeting, RDF.type, ICT.Event),
        (meeting, RDFS.label, nt.literal("اجتماع", "ar")),
        (meeting, RDFS.label, nt.literal("Meeting", "en")),
        (meeting, RDFS.label, nt.literal("Meeting")),
        (meeting, ICT.ordinal, nt.typed("3", str(ns.XSD.positiveInteger))),
        (meeting, ICT.note, nt.typed("b", "http://example.org/t")),
        (meeting, ICT.note, nt.literal("a")),
        (meeting, ICT.note, RES["place/a"]), (meeting, ICT.heldIn, RES["x"]),
        (part, ICT.partOf, meeting), (part, RDF.value, nt.literal("2")),
    ]
    terms = [tuple(term if term[0] == '"' else nt.iri(term) for term in triple)
             for triple in triples]
    expected = """\
@prefix ict: <https://w3id.org/ictgraph/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/ictgraph/resource/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<https://w3id.org/ictgraph/resource/meeting/m-1>
    a ict:Event ,
        ict:Meeting ;
    rdfs:label "Meeting" ,
        "Meeting"@en ,
        "اجتماع"@ar ;
    ict:heldIn res:x ;
    ict:note <https://w3id.org/ictgraph/resource/place/a> ,
        "a" ,
        "b"^^<http://example.org/t> ;
    ict:ordinal "3"^^xsd:positiveInteger .

<https://w3id.org/ictgraph/resource/meeting/m-1/part>
    rdf:value "2" ;
    ict:partOf <https://w3id.org/ictgraph/resource/meeting/m-1> .
"""
    assert serialize_turtle(terms).decode("utf-8") == expected
    assert serialize_turtle(reversed(terms)) == expected.encode("utf-8")


def test_turtle_is_sorted_with_type_first(graph):
    text = turtle(graph).decode("utf-8")
    subjects = [line for line in text.split("\n") if line and not line.startswith((" ", "@"))]
    assert all(s.startswith("<") for s in subjects)  # every subject IRI has a "/" in its path
    assert subjects == sorted(subjects)
    meeting_block = text.split("<https://w3id.org/ictgraph/resource/meeting/egov-22>\n")[1]
    assert meeting_block.startswith("    a ict:Meeting ;")


def test_turtle_does_not_depend_on_fact_order(graph):
    facts = sample_facts()
    random.Random(7).shuffle(facts)
    assert turtle(build(facts)) == turtle(graph)


def test_turtle_is_identical_across_hash_seeds(graph):
    outputs = []
    for seed in ("0", "4242"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, str(Path(__file__).resolve())], env=env,
                             capture_output=True, check=True)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1] == turtle(graph)


def test_blank_nodes_are_refused():
    from rdflib import BNode
    g = Graph()
    g.add((BNode(), RDFS.label, Literal("x")))
    with pytest.raises(ValueError, match="blank nodes"):
        turtle(g)


@pytest.mark.parametrize("triple, message", [
    (("_:b", "<http://example.org/p>", '"x"'), "blank nodes"),
    (("<http://example.org/s>", "<http://example.org/p>", "_:b"), "blank nodes"),
    (("<http://example.org/s>", '"p"', '"x"'), "must be an IRI"),
])
def test_writer_refuses_terms_turtle_cannot_hold(triple, message):
    # Terms as the writer gets them (N-Triples strings), past the rdflib conversion's own check.
    with pytest.raises(ValueError, match=message):
        serialize_turtle([("<http://example.org/a>", "<http://example.org/p>", '"ok"'), triple])


if __name__ == "__main__":
    sys.stdout.buffer.write(turtle(build()))
