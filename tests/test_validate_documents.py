"""The per-document checks (validate_documents.py) give the results of the whole graph.

The build checks the shapes marked ictsh:checkedPerDocument on each document's evidence and
the rest on the remaining graph plus a summary of the evidence nodes. Each test here builds
a graph with evidence records (the build's own layout, faults injected into it) and compares
that split with the same triples checked whole (a TripleSet without records takes the
whole-graph path), in-process and with worker processes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ictgraph import ntriples as nt
from ictgraph.build import extract_all, graph_of
from ictgraph.evidence_nodes import EVIDENCE_CLASS, TYPE, EvidenceNode
from ictgraph.namespaces import ICT, SHAPES
from ictgraph.paths import DOCUMENTS_DIR, ONTOLOGY_FILE, SHAPES_FILE
from ictgraph.read import read_documents
from ictgraph.shacl.convert import parse_file
from ictgraph.shacl.shapes import compile_shapes
from ictgraph.triples import TripleSet
from ictgraph.validate import document_checks, start_document_checks, validate_triples
from ictgraph.validate_documents import PerDocumentChecks, document_parts, is_split_of
from ictgraph.workers import worker_pool

_EVIDENCE_LINK = nt.iri(str(ICT.evidence))
_NON_NEGATIVE = "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"


@pytest.fixture(scope="module")
def extractions() -> list:
    return extract_all(read_documents(DOCUMENTS_DIR).documents)


@pytest.fixture(scope="module")
def bundled(extractions) -> TripleSet:
    return graph_of(extractions)


def _key(result) -> tuple:
    return (str(result.focus), result.path or "", str(result.value), str(result.shape),
            str(result.component), result.severity)


def _whole(graph: TripleSet) -> list[tuple]:
    """The results of the same triples checked as one graph (no records: no split)."""
    plain = TripleSet(graph)
    assert plain.evidence_count == 0
    return sorted(_key(r) for r in validate_triples(plain).results)


def _split(graph: TripleSet, pool=None) -> list[tuple]:
    assert graph.evidence_count > 0
    return sorted(_key(r) for r in validate_triples(graph, pool=pool).results)


def _rebuilt(graph: TripleSet, change=None, drop=frozenset(), extra=()) -> TripleSet:
    """A copy of the graph: records passed through change(record) (None drops one), plain
    triples in `drop` left out, `extra` plain triples added."""
    copy = TripleSet(t for t in graph.plain_triples() if t not in drop)
    for triple in extra:
        copy.add(triple)
    for record in sorted(graph.evidence_nodes()):
        changed = change(record) if change else record
        if changed is not None:
            copy.add_evidence(changed)
    return copy


def _shapes_of(results: list[tuple]) -> set[str]:
    return {key[3].rsplit("#", 1)[-1] for key in results}


def _first(graph: TripleSet, predicate: str = "") -> EvidenceNode:
    """A record whose statement's predicate ends with `predicate`, the first in order."""
    return next(r for r in sorted(graph.evidence_nodes()) if r.predicate.endswith(predicate + ">"))


def test_the_bundled_graph_conforms_both_ways(bundled):
    assert _split(bundled) == _whole(bundled) == []


FAULTS = {
    # name: (how a record changes, the per-document shape that must report it)
    "span-past-the-end": (lambda r: r._replace(end=nt.typed("99999999", _NON_NEGATIVE)),
                          "EvidenceWithinDocumentShape"),
    "start-after-end": (lambda r: r._replace(start=nt.typed("99999999", _NON_NEGATIVE)),
                        "EvidenceSpanOrderShape"),
    "empty-quote": (lambda r: r._replace(quote=nt.literal("  ", "ar")), "EvidenceQuoteShape"),
    "english-quote": (lambda r: r._replace(quote=nt.literal("text", "en")), "EvidenceQuoteShape"),
    "integer-rule": (lambda r: r._replace(rule=nt.typed("7", "http://www.w3.org/2001/XMLSchema#integer")),
                     "EvidenceRuleShape"),
    "decimal-start": (lambda r: r._replace(start=nt.typed("1.5", "http://www.w3.org/2001/XMLSchema#decimal")),
                      "EvidenceStartShape"),
    "literal-predicate": (lambda r: r._replace(predicate=nt.literal("p")), "EvidencePredicateShape"),
    "unknown-document": (lambda r: r._replace(document=nt.iri("https://w3id.org/ictgraph/resource/document/0")),
                         "EvidenceDocumentShape"),
    "other-statement": (lambda r: r._replace(obj=nt.literal("not stated")), "EvidenceStatementShape"),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_fault_in_one_evidence_node_is_reported_as_the_whole_graph_reports_it(bundled, fault):
    change, shape = FAULTS[fault]
    target = _first(bundled, "ordinal")
    graph = _rebuilt(bundled, lambda r: change(r) if r == target else r)
    whole = _whole(graph)
    assert shape in _shapes_of(whole)  # the fault is one the shapes see
    assert _split(graph) == whole


def test_a_missing_statement_and_a_missing_link_are_reported_as_whole(bundled):
    record = _first(bundled, "ordinal")
    other = _first(bundled, "chairedBy")
    graph = _rebuilt(bundled, drop={(record.subject, record.predicate, record.obj),
                                    (other.subject, _EVIDENCE_LINK, other.node)})
    whole = _whole(graph)
    assert {"EvidenceStatementShape", "EvidenceBacklinkShape"} <= _shapes_of(whole)
    assert _split(graph) == whole


def test_a_statement_without_its_evidence_is_reported_as_whole(bundled):
    record = _first(bundled, "chairedBy")
    graph = _rebuilt(bundled, lambda r: None if r == record else r,
                     drop={(record.subject, _EVIDENCE_LINK, record.node)})
    whole = _whole(graph)
    assert "StatementEvidenceShape" in _shapes_of(whole)
    assert _split(graph) == whole


def test_worker_processes_give_the_same_results(bundled):
    record = _first(bundled, "ordinal")
    graph = _rebuilt(bundled, lambda r: r._replace(end=nt.typed("99999999", _NON_NEGATIVE))
                     if r.document == record.document else r)
    whole = _whole(graph)
    assert len(whole) > 1
    with worker_pool(2) as pool:
        assert pool is not None
        assert _split(graph, pool) == whole


def test_evidence_outside_the_records_turns_the_split_off(bundled):
    stray = nt.iri("https://w3id.org/ictgraph/resource/evidence/stray")
    graph = _rebuilt(bundled, extra=[(stray, TYPE, EVIDENCE_CLASS)])
    assert document_parts(graph) is None
    whole = _whole(graph)
    assert "EvidenceDocumentShape" in _shapes_of(whole)  # the stray node has no values
    assert _split(graph) == whole


def test_each_document_part_is_a_subgraph_and_the_parts_cover_every_record(bundled):
    parts = document_parts(bundled)
    assert parts is not None
    everything = set(bundled)
    seen = []
    for part in parts:
        assert set(part.triples()) <= everything
        assert {r.document for r in part.records} == {part.document}
        seen.extend(part.records)
    assert sorted(seen) == sorted(bundled.evidence_nodes())


def test_the_shapes_file_marks_the_evidence_shapes_per_document():
    compiled = compile_shapes(parse_file(SHAPES_FILE))
    whole, per_document = compiled.split()
    names = {str(s.node.value).rsplit("#", 1)[-1] for s in per_document.shapes}
    assert names == {"EvidenceShape", "EvidenceWithinDocumentShape", "EvidenceStatementShape",
                     "EvidenceBacklinkShape"}
    assert len(whole.shapes) + len(per_document.shapes) == len(compiled.shapes)
    in_document = str(ICT.inDocument)
    # The per-document evidence queries look evidence up by document; the rest does not.
    assert in_document in {p.value for p in per_document.reverse_predicates}
    assert in_document not in {p.value for p in whole.reverse_predicates}
    assert str(SHAPES["checkedPerDocument"]) in SHAPES_FILE.read_text(encoding="utf-8").replace(
        "ictsh:", str(SHAPES))


def test_the_summary_indexed_for_the_rest_is_the_evidence_nodes_class_document_and_statement(bundled):
    from ictgraph.shacl.convert import from_ntriples
    from ictgraph.shacl.datagraph import DataGraph
    from ictgraph.validate_documents import describe_summary, summary_triples

    indexed = DataGraph()
    describe_summary(indexed, bundled, {})
    expected = set(from_ntriples(summary_triples(bundled)))
    assert set(indexed.triples()) == expected
    assert len(expected) == 5 * bundled.evidence_count


# ----- parts given while the graph is made (the build's way)

def _streamed(extractions) -> tuple[TripleSet, list]:
    """The graph of the extractions, and each document's part as given while it was made."""
    checks = PerDocumentChecks(SHAPES_FILE, ONTOLOGY_FILE)
    graph = graph_of(extractions, on_document=checks.add_document)
    checks.finish(graph)
    return graph, list(checks.parts)


def test_parts_given_while_the_graph_is_made_are_its_parts(extractions):
    graph, parts = _streamed(extractions)
    assert len(parts) == len(extractions)  # every bundled document states something
    assert is_split_of(parts, graph)
    assert sorted(parts) == document_parts(graph)


def test_parts_that_are_not_the_graphs_are_refused(extractions):
    graph, parts = _streamed(extractions)
    first, rest = parts[0], parts[1:]
    assert not is_split_of(rest, graph)  # a document's records missing
    assert not is_split_of([first._replace(records=first.records[1:]), *rest], graph)
    assert not is_split_of([first._replace(description=first.description[1:]), *rest], graph)
    assert not is_split_of([first, first, *rest], graph)
    # A triple added about the document after its part was made.
    graph.add((first.document, nt.iri(str(ICT.publisher)), nt.literal("later", "ar")))
    assert not is_split_of(parts, graph)


def test_checks_given_parts_that_are_not_the_graphs_are_made_again(extractions):
    """The build's fallback: the streamed checks are dropped and the graph split afresh."""
    graph, parts = _streamed(extractions)
    streamed = document_checks(None)
    assert streamed is not None
    for part in parts[1:]:  # one document's part never given
        streamed.add(part)
    started = start_document_checks(graph, None, streamed)
    assert started is not None and started is not streamed
    assert sorted(_key(r) for r in validate_triples(graph, started=started).results) == _whole(graph) == []


def test_checks_run_while_the_graph_is_made_give_the_whole_graphs_results(extractions):
    """With worker processes, a document whose evidence breaks a per-document shape (an
    empty quote) is reported as the whole graph reports it."""
    import dataclasses

    first = extractions[0]
    broken = dataclasses.replace(first, facts=[
        dataclasses.replace(fact, evidence=dataclasses.replace(fact.evidence, quote="  "))
        for fact in first.facts])
    with worker_pool(2) as pool:
        # Small chunks: many, most of them waiting for the one being checked.
        streamed = PerDocumentChecks(SHAPES_FILE, ONTOLOGY_FILE, pool, while_made=1, chunk_nodes=50)
        graph = graph_of([broken, *extractions[1:]], on_document=streamed.add_document)
        started = start_document_checks(graph, pool, streamed)
        assert started is streamed
        split = sorted(_key(r) for r in validate_triples(graph, parallel=True, started=started).results)
    whole = _whole(graph)
    assert "EvidenceQuoteShape" in _shapes_of(whole)
    assert split == whole
