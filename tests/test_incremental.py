"""What new documents add to a graph, worked out from the previous build's choices alone,
equals what a full build of all the documents makes (incremental.py, graph_state.py)."""

from __future__ import annotations

import dataclasses

import pytest

from ictgraph import ntriples as nt
from ictgraph.build import extract_all, graph_of
from ictgraph.graph_state import LABEL
from ictgraph.graph_state import GraphState
from ictgraph.incremental import Fallback, addition
from ictgraph.model import DateValue, EntityRef, Evidence, Fact
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.read import read_documents
from ictgraph.reference import load_reference


@pytest.fixture(scope="module")
def extractions():
    return extract_all(read_documents(DOCUMENTS_DIR).documents)


def _as_sets(graph):
    return set(graph.plain_triples()), {r.node: r for r in graph.evidence_nodes()}


@pytest.mark.parametrize("new", range(5))
def test_each_bundled_document_added_to_the_others_gives_the_full_graph(extractions, new):
    old = [e for i, e in enumerate(extractions) if i != new]
    state = GraphState()
    before = graph_of(old, state=state)
    try:
        added = addition([extractions[new]], state, load_reference())
    except Fallback as reason:
        # Taking a document from the middle can move an entity's first mention: then the
        # label its mentions imply changes, and adding it back is a full build.
        pytest.skip(f"not additive: {reason}")
    plain, evidence = _as_sets(before)
    assert not added.added & plain, "a delta only holds new triples"
    assert not set(added.evidence) & set(evidence)
    full_plain, full_evidence = _as_sets(graph_of(extractions))
    assert plain | added.added == full_plain
    assert {**evidence, **added.evidence} == full_evidence


def test_the_last_document_is_added_exactly(extractions):
    """The usual case (new articles come with later names): no fallback at all."""
    state = GraphState()
    before = graph_of(extractions[:-1], state=state)
    added = addition(extractions[-1:], state, load_reference())
    plain, evidence = _as_sets(before)
    full_plain, full_evidence = _as_sets(graph_of(extractions))
    assert added.added and added.evidence
    assert plain | added.added == full_plain
    assert {**evidence, **added.evidence} == full_evidence


def test_the_state_after_an_addition_serves_the_next_one(extractions):
    state = GraphState()
    graph_of(extractions[:3], state=state)
    first = addition([extractions[3]], state, load_reference())
    second = addition([extractions[4]], state, load_reference())
    before = graph_of(extractions[:3])
    plain, evidence = _as_sets(before)
    full_plain, full_evidence = _as_sets(graph_of(extractions))
    assert plain | first.added | second.added == full_plain
    assert {**evidence, **first.evidence, **second.evidence} == full_evidence


def _with_facts(extraction, facts, name):
    document = dataclasses.replace(extraction.document, name=name, names=(name,),
                                   sha256="f" * 64)
    moved = [dataclasses.replace(f, evidence=dataclasses.replace(f.evidence, document=name))
             for f in facts]
    return dataclasses.replace(extraction, document=document, facts=moved, metadata={})


def _meeting_date_fact(extractions):
    for extraction in extractions:
        for fact in extraction.facts:
            if fact.predicate == "date" and fact.subject.cls == "Meeting":
                return extraction, fact
    pytest.skip("no meeting date in the bundled documents")


def test_a_document_that_would_displace_a_kept_value_is_a_fallback(extractions):
    """Two new documents give a meeting another date: most documents now say that date, so a
    full build keeps it and drops the graph's. That cannot be added: the graph changes."""
    extraction, fact = _meeting_date_fact(extractions)
    other = DateValue("1999-01-01")
    state = GraphState()
    graph_of(extractions, state=state)
    new = [_with_facts(extraction, [dataclasses.replace(fact, value=other)], f"zz{i}.txt")
           for i in range(3)]
    new[1] = dataclasses.replace(new[1], document=dataclasses.replace(
        new[1].document, sha256="e" * 64))
    new[2] = dataclasses.replace(new[2], document=dataclasses.replace(
        new[2].document, sha256="d" * 64))
    with pytest.raises(Fallback, match="which .*date is kept"):
        addition(new, state, load_reference())


def test_a_document_that_agrees_with_the_kept_value_is_added(extractions):
    extraction, fact = _meeting_date_fact(extractions)
    state = GraphState()
    graph_of(extractions, state=state)
    new = _with_facts(extraction, [fact], "zz.txt")
    added = addition([new], state, load_reference())
    assert any(t[1].endswith("#date>") for t in added.added) is False  # the triple is there
    assert any(r.predicate.endswith("#date>") for r in added.evidence.values())


def test_an_explicit_label_replacing_implied_ones_is_a_fallback(extractions):
    """A statement of an entity's label replaces the labels its mentions imply in every
    document: their evidence would go, which an addition cannot do."""
    state = GraphState()
    graph_of(extractions, state=state)
    implied = {subject for subject, predicate in state.kinds_implied if predicate == LABEL}
    extraction, fact, entity = next(
        (e, f, ref) for e in extractions for f in e.facts for ref in (f.subject, f.value)
        if isinstance(ref, EntityRef) and nt.iri(state.resolved[ref][0]) in implied)
    stated = Fact(entity, "label", "اسم آخر",
                  Evidence(fact.evidence.document, 0, 1, fact.evidence.quote, "test-rule"))
    with pytest.raises(Fallback, match="explicit"):
        addition([_with_facts(extraction, [stated], "zz.txt")], state, load_reference())
