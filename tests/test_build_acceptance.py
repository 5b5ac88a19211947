"""What a careful reader finds in the bundled articles, asked of the built graph.

Each test states one fact of the articles in the contract vocabulary (issue 3's
"done when"); none is copied from the output.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from ictgraph.namespaces import ICT
from ictgraph.text.normalize import normalize_key

PREFIXES = """
PREFIX ict: <https://w3id.org/ictgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _labels(graph: Graph, node) -> set[str]:
    from rdflib.namespace import SKOS
    return {normalize_key(str(o)) for p in (RDFS.label, SKOS.altLabel) for o in graph.objects(node, p)}


def _named(graph: Graph, cls, text: str) -> list:
    """Resources of a class one of whose labels contains text (normalised)."""
    key = normalize_key(text)
    return [s for s in graph.subjects(RDF.type, cls) if any(key in label for label in _labels(graph, s))]


def _meeting(graph: Graph, committee_text: str, ordinal: int) -> list:
    committees = _named(graph, ICT.Committee, committee_text)
    return [m for c in committees for m in graph.subjects(ICT.ofCommittee, c)
            if (m, ICT.ordinal, Literal(ordinal, datatype=XSD.positiveInteger)) in graph]


def test_ip_reputation_is_an_initiative_of_the_cyber_security_strategy(built_graph: Graph) -> None:
    [system] = _named(built_graph, ICT.Initiative, "نظام عناوين الإنترنت المشبوهة")
    [strategy] = _named(built_graph, ICT.Strategy, "الاستراتيجية الاسترشادية للسلامة والأمن السيبراني")
    assert (system, ICT.derivedFrom, strategy) in built_graph
    [meeting] = _meeting(built_graph, "اللجنة الوزارية للحكومة الإلكترونية", 5)
    assert (system, ICT.launchedAt, meeting) in built_graph
    bahrain = _named(built_graph, ICT.Country, "البحرين")
    assert set(built_graph.objects(meeting, ICT.heldIn)) & set(bahrain)
    [leader] = built_graph.objects(system, ICT.ledBy)
    assert normalize_key("الهيئة العامة لتنظيم قطاع الاتصالات") in _labels(built_graph, leader)
    # The text gives the system's English name in parentheses.
    assert Literal("IP Reputation", lang="en") in set(built_graph.objects(system, RDFS.label))


def test_28th_undersecretaries_meeting_is_one_virtual_meeting_reviewed_by_the_26th(built_graph: Graph) -> None:
    meetings = _meeting(built_graph, "لجنة وكلاء", 28)
    assert len(meetings) == 1, meetings
    [meeting] = meetings
    assert len(set(built_graph.objects(meeting, ICT.mentionedIn))) == 2
    assert (meeting, ICT.isVirtual, Literal(True)) in built_graph
    [ministerial] = _meeting(built_graph, "اللجنة الوزارية للبريد والاتصالات وتقنية المعلومات", 26)
    assert (ministerial, ICT.reviewedOutcomesOf, meeting) in built_graph


def test_oman_delegation_to_the_22nd_egov_executive_meeting(built_graph: Graph) -> None:
    [meeting] = _meeting(built_graph, "اللجنة التنفيذية للحكومة الإلكترونية", 22)
    [oman] = _named(built_graph, ICT.Country, "سلطنة عمان")
    delegations = [d for d in built_graph.objects(meeting, ICT.hasDelegation)
                   if (d, ICT.delegationOf, oman) in built_graph]
    assert len(delegations) == 1
    [head] = built_graph.objects(delegations[0], ICT.headedBy)
    assert normalize_key("سالم بن سلطان الرزيقي") in _labels(built_graph, head)


def test_five_joint_services_approved_at_the_5th_ministerial_egov_meeting(built_graph: Graph) -> None:
    [meeting] = _meeting(built_graph, "اللجنة الوزارية للحكومة الإلكترونية", 5)
    services = set(built_graph.subjects(ICT.approvedAt, meeting)) & set(
        built_graph.subjects(RDF.type, ICT.SharedService))
    assert len(services) == 5
    names = " | ".join(label for s in services for label in _labels(built_graph, s))
    for expected in ("تأشيرة دخول مرافقي مواطني دول المجلس", "تبادل المخالفات المرورية",
                     "خدمة التقاعد والمعاشات"):
        assert normalize_key(expected) in names


def test_arab_executive_bureau_48th_session(built_graph: Graph) -> None:
    [session] = _meeting(built_graph, "المكتب التنفيذي", 48)
    assert (session, ICT.isVirtual, Literal(True)) in built_graph
    [chair] = built_graph.objects(session, ICT.chairedBy)
    assert normalize_key("عمرو طلعت") in _labels(built_graph, chair)
    egypt = set(_named(built_graph, ICT.Country, "مصر"))
    assert set(built_graph.objects(chair, ICT.citizenOf)) & egypt
    [post] = _meeting(built_graph, "اللجنة العربية الدائمة للبريد", 39)
    [comms] = _meeting(built_graph, "اللجنة العربية الدائمة للاتصالات والمعلومات", 47)
    assert (session, ICT.reviewedOutcomesOf, post) in built_graph
    assert (session, ICT.reviewedOutcomesOf, comms) in built_graph
    assert (post, ICT.date, Literal("2021-06-03", datatype=XSD.date)) in built_graph
    sharm = _named(built_graph, ICT.Place, "شرم الشيخ")
    assert set(built_graph.objects(post, ICT.heldIn)) & set(sharm)
    assert (comms, ICT.date, Literal("2021-07-12", datatype=XSD.date)) in built_graph
    assert (comms, ICT.isVirtual, Literal(True)) in built_graph


def test_meetings_of_different_committees_never_merge(built_graph: Graph) -> None:
    for meeting in built_graph.subjects(RDF.type, ICT.Meeting):
        assert len(set(built_graph.objects(meeting, ICT.ofCommittee))) == 1
        assert len(set(built_graph.objects(meeting, ICT.ordinal))) == 1


def test_every_statement_about_an_extracted_resource_quotes_its_sentence(built_graph: Graph) -> None:
    rows = built_graph.query(PREFIXES + """
        SELECT ?ev ?quote ?start ?end ?file WHERE {
          ?ev a ict:Evidence ; ict:quote ?quote ; ict:charStart ?start ; ict:charEnd ?end ;
              ict:inDocument ?doc . ?doc ict:sourceFile ?file }""")
    from ictgraph.paths import DOCUMENTS_DIR
    texts: dict[str, str] = {}
    count = 0
    for ev, quote, start, end, file in rows:
        text = texts.setdefault(str(file), (DOCUMENTS_DIR / str(file)).read_text(encoding="utf-8"))
        assert text[int(start):int(end)] == str(quote)
        count += 1
    assert count > 100


def test_build_is_deterministic_and_committed_graph_is_current(built_graph_file, tmp_path) -> None:
    from ictgraph.build import build
    from ictgraph.paths import DOCUMENTS_DIR, GRAPH_FILE

    again = tmp_path / "again.ttl"
    build(DOCUMENTS_DIR, again)
    assert again.read_bytes() == built_graph_file.read_bytes()
    assert GRAPH_FILE.read_bytes() == built_graph_file.read_bytes(), \
        "data/graph.ttl is stale: run `ictgraph build` and commit it"
