"""Documents that disagree on a single-valued property: one value kept, the others named."""

from __future__ import annotations

import hashlib

from ictgraph import ntriples as nt
from ictgraph.model import DateValue, Document, EntityRef, Evidence, Fact
from ictgraph.namespaces import ICT, RES
from ictgraph.rdf import to_triples
from ictgraph.reconcile import functional_properties
from ictgraph.resolve import resolve
from ictgraph.validate import validate

COMMITTEE = EntityRef("Committee", ("name", "لجنة الاختبار"), "لجنة الاختبار")
MEETING = EntityRef("Meeting", (COMMITTEE, 3), "الاجتماع الثالث")
SENTENCE = "عقد الاجتماع الثالث للجنة الاختبار."


def _document(name: str, extra: str) -> Document:
    text = SENTENCE + " " + extra
    return Document(name, text, hashlib.sha256(text.encode()).hexdigest())


def _dated(document: Document, iso: str) -> list[Fact]:
    evidence = Evidence(document.name, 0, len(SENTENCE), SENTENCE, "test")
    return [Fact(MEETING, "date", DateValue(iso), evidence)]


def _dates(triples) -> set[str]:
    graph = triples.to_graph()
    return {str(o) for s, p, o in graph if s == RES["meeting/" + _slug(graph)] and p == ICT.date}


def _slug(graph) -> str:
    meetings = {str(s) for s, p, o in graph if p == ICT.ordinal}
    (meeting,) = meetings
    return meeting.rsplit("/", 1)[1]


def test_the_ontology_names_the_single_valued_properties() -> None:
    functional = {nt.iri_value(term) for term in functional_properties()}
    assert {str(p) for p in (ICT.date, ICT.ordinal, ICT.headedBy, ICT.ofCommittee)} <= functional
    assert str(ICT.hasDelegation) not in functional and str(ICT.attendee) not in functional


def test_the_value_most_documents_give_is_kept_and_the_other_named() -> None:
    a, b, c = (_document(f"{n}.txt", n) for n in ("a", "b", "c"))
    facts = _dated(a, "2016-12-20") + _dated(b, "2016-12-21") + _dated(c, "2016-12-21")
    graph = to_triples([a, b, c], facts, resolve(facts), None)
    assert _dates(graph) == {"2016-12-21"}
    (warning,) = graph.warnings
    assert "disagree" in warning and "kept 2016-12-21 (b.txt, c.txt)" in warning
    assert "dropped 2016-12-20 (a.txt)" in warning
    assert validate(graph.to_graph()).conforms


def test_a_tie_keeps_the_value_read_first() -> None:
    a, b = _document("b-later.txt", "x"), _document("a-first.txt", "y")
    facts = _dated(a, "2016-12-20") + _dated(b, "2016-12-22")
    graph = to_triples([a, b], facts, resolve(facts), None)
    assert _dates(graph) == {"2016-12-22"}  # from a-first.txt


def test_agreeing_documents_give_no_warning() -> None:
    a, b = _document("a.txt", "x"), _document("b.txt", "y")
    facts = _dated(a, "2016-12-20") + _dated(b, "2016-12-20")
    graph = to_triples([a, b], facts, resolve(facts), None)
    assert graph.warnings == [] and _dates(graph) == {"2016-12-20"}


def test_a_document_that_contradicts_itself_is_left_to_the_shapes() -> None:
    a, b = _document("a.txt", "x"), _document("b.txt", "y")
    facts = _dated(a, "2016-12-20") + _dated(a, "2017-01-05") + _dated(b, "2016-12-20")
    graph = to_triples([a, b], facts, resolve(facts), None)
    assert graph.warnings == [] and _dates(graph) == {"2016-12-20", "2017-01-05"}
    assert not validate(graph.to_graph()).conforms


def test_dates_that_agree_at_different_precision_keep_the_most_precise_silently() -> None:
    a, b, c = (_document(f"{n}.txt", n) for n in ("a", "b", "c"))
    facts = _dated(a, "2015") + _dated(b, "2015-03") + _dated(c, "2015-03-15")
    graph = to_triples([a, b, c], facts, resolve(facts), None)
    assert _dates(graph) == {"2015-03-15"} and graph.warnings == []
    # A coarse date that agrees with neither is still a disagreement.
    facts = _dated(a, "2014") + _dated(b, "2015-03") + _dated(c, "2015-03-15")
    graph = to_triples([a, b, c], facts, resolve(facts), None)
    assert _dates(graph) == {"2015-03-15"} and len(graph.warnings) == 1
    assert "dropped 2014 (a.txt)" in graph.warnings[0]
