"""The shapes test cases: tests/shapes_cases/valid.ttl and its one-change variants.

A variant file is Turtle added to valid.ttl, with a header of comment lines:

    # <what is wrong>
    # expect: ictsh:SomeShape | an English message fragment   (one line per failing shape;
    #                                                           "# expect: nothing" = conforms)
    # delete: <subject> <predicate>     statements removed first, with their evidence
    # evidence: none                    do not give the added statements evidence

Unless "evidence: none", every added statement of a described resource gets an
ict:Evidence like the valid graph's (same document and span), so that a variant
fails only for the reason it is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from ictgraph.namespaces import ICT, RDF, RES, SHAPES

CASES_DIR = Path(__file__).resolve().parent / "shapes_cases"
VALID_FILE = CASES_DIR / "valid.ttl"
CASE_FILES = sorted(p for p in CASES_DIR.glob("*.ttl") if p != VALID_FILE)

_EXPECT = re.compile(r"#\s*expect:\s*(\S+)\s*\|\s*(.+?)\s*$")
_DELETE = re.compile(r"#\s*delete:\s*(\S+)\s+(\S+)\s*$")
_NOT_EVIDENCED = {ICT.mentionedIn, ICT.evidence}


@dataclass
class Case:
    path: Path
    expected: dict[URIRef, str] = field(default_factory=dict)  # shape -> English message fragment
    deletions: list[tuple[URIRef, URIRef]] = field(default_factory=list)
    with_evidence: bool = True
    body: Graph = field(default_factory=Graph)


def read_case(path: Path) -> Case:
    case = Case(path, body=Graph().parse(path, format="turtle"))
    namespaces = case.body.namespace_manager
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if match := _EXPECT.match(line):
            shape = match.group(1)
            assert shape.startswith("ictsh:"), f"{path.name}: {shape}"
            case.expected[SHAPES[shape.removeprefix("ictsh:")]] = match.group(2)
        elif match := _DELETE.match(line):
            case.deletions.append((namespaces.expand_curie(match.group(1)),
                                   namespaces.expand_curie(match.group(2))))
        elif re.match(r"#\s*evidence:\s*none\s*$", line):
            case.with_evidence = False
    return case


def valid_graph() -> Graph:
    return Graph().parse(VALID_FILE, format="turtle")


def case_graph(case: Case) -> Graph:
    """valid.ttl changed as the case says."""
    graph = valid_graph()
    for subject, predicate in case.deletions:
        delete_statements(graph, subject, predicate)
    template = _evidence_template(graph)
    graph += case.body
    if case.with_evidence:
        for number, (s, p, o) in enumerate(sorted(case.body)):
            if p in _NOT_EVIDENCED or (s, RDF.type, ICT.Evidence) in graph \
                    or (s, RDF.type, ICT.SourceDocument) in graph:
                continue
            add_evidence(graph, template, RES[f"evidence/case-{number}"], (s, p, o))
    return graph


def delete_statements(graph: Graph, subject: URIRef, predicate: URIRef) -> None:
    """Remove subject's predicate statements and the evidence nodes that support them."""
    graph.remove((subject, predicate, None))
    for evidence in list(graph.subjects(RDF.subject, subject)):
        if (evidence, RDF.predicate, predicate) in graph:
            graph.remove((evidence, None, None))
            graph.remove((None, ICT.evidence, evidence))


def add_evidence(graph: Graph, template: URIRef, evidence: URIRef, statement: tuple) -> None:
    """An ict:Evidence for statement, in the template evidence's document and span."""
    subject, predicate, obj = statement
    for p in (ICT.inDocument, ICT.charStart, ICT.charEnd, ICT.quote):
        graph.add((evidence, p, graph.value(template, p)))
    graph.add((evidence, RDF.type, ICT.Evidence))
    graph.add((evidence, ICT.rule, Literal("test-case")))
    graph.add((evidence, RDF.subject, subject))
    graph.add((evidence, RDF.predicate, predicate))
    graph.add((evidence, RDF.object, obj))
    graph.add((subject, ICT.evidence, evidence))


def _evidence_template(graph: Graph) -> URIRef:
    return min(graph.subjects(RDF.type, ICT.Evidence))
