"""How validation time grows with graph size (run on demand, not in the tests).

    .venv/bin/python bench/validate_scaling.py [--sizes 1000 10000 50000] [--reference]
        [--engines native pyshacl] [--profile-shapes]

Generates conforming synthetic graphs in the layout of notes/graph-layout.md: N
meetings spread over a few committees, each with a dated session, one delegation
with a country and a head, the head's person resource, a source document per
meeting and one ict:Evidence per statement; then times ictgraph.validate.validate()
on each, with each engine (the native one and pyshacl, side by side). --profile-shapes also times each targeted node shape alone on the largest
graph, to find the rules that dominate.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time

from rdflib import Graph, Literal, URIRef

from ictgraph.namespaces import ICT, RDF, RDFS, RES, SH, XSD
from ictgraph.validate import REFERENCE_SOURCE, load_reference, load_shapes, validate

COMMITTEES = 8
COUNTRIES = ["ae", "bh", "kw", "om", "qa", "sa"]
QUOTE = "عقدت اللجنة اجتماعها بمشاركة وفد الدولة الذي ترأسه المدير العام."


def _digest(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _reference_part(graph: Graph) -> None:
    organisation = RES["org/bench"]
    graph.add((organisation, RDF.type, ICT.RegionalOrganization))
    graph.add((organisation, RDFS.label, Literal("منظمة", lang="ar")))
    graph.add((organisation, RDFS.isDefinedBy, REFERENCE_SOURCE))
    for code in COUNTRIES:
        country = RES[f"country/{code}"]
        graph.add((organisation, ICT.memberCountry, country))
        graph.add((country, RDF.type, ICT.Country))
        graph.add((country, RDFS.label, Literal(f"دولة {code}", lang="ar")))
        graph.add((country, ICT.isoCode, Literal(code.upper())))
        graph.add((country, RDFS.isDefinedBy, REFERENCE_SOURCE))
    for number in range(COMMITTEES):
        committee = RES[f"committee/bench-{number}"]
        graph.add((committee, RDF.type, ICT.Committee))
        graph.add((committee, RDFS.label, Literal(f"اللجنة {number}", lang="ar")))
        graph.add((committee, ICT.subOrganizationOf, organisation))
        graph.add((committee, RDFS.isDefinedBy, REFERENCE_SOURCE))


def _add_meeting(graph: Graph, index: int) -> None:
    committee_number, ordinal = index % COMMITTEES, index // COMMITTEES + 1
    slug = f"bench-{committee_number}-{ordinal}"
    code = COUNTRIES[index % len(COUNTRIES)]
    text_length = 1000
    sha = _digest("document", index)
    document = RES[f"document/{sha[:16]}"]
    graph.add((document, RDF.type, ICT.SourceDocument))
    graph.add((document, RDFS.label, Literal(f"{index:06d}.txt")))
    graph.add((document, ICT.sourceFile, Literal(f"{index:06d}.txt")))
    graph.add((document, ICT.sha256, Literal(sha)))
    graph.add((document, ICT.textLength, Literal(str(text_length), datatype=XSD.nonNegativeInteger)))

    meeting, delegation = RES[f"meeting/{slug}"], RES[f"delegation/{slug}-{code}"]
    person = RES[f"person/head-{index}"]
    year, month = 2000 + ordinal // 12, ordinal % 12 + 1
    statements = [
        (meeting, RDF.type, ICT.Meeting),
        (meeting, RDFS.label, Literal(f"الاجتماع {ordinal} للجنة {committee_number}", lang="ar")),
        (meeting, ICT.ofCommittee, RES[f"committee/bench-{committee_number}"]),
        (meeting, ICT.ordinal, Literal(str(ordinal), datatype=XSD.positiveInteger)),
        (meeting, ICT.date, Literal(f"{year:04d}-{month:02d}", datatype=XSD.gYearMonth)),
        (meeting, ICT.hasDelegation, delegation),
        (delegation, RDF.type, ICT.Delegation),
        (delegation, RDFS.label, Literal(f"وفد {code} إلى الاجتماع {ordinal}", lang="ar")),
        (delegation, ICT.delegationOf, RES[f"country/{code}"]),
        (delegation, ICT.headedBy, person),
        (person, RDF.type, ICT.Person),
        (person, RDFS.label, Literal(f"رئيس الوفد {index}", lang="ar")),
        (person, ICT.roleTitle, Literal("المدير العام", lang="ar")),
    ]
    for subject, predicate, obj in statements:
        graph.add((subject, predicate, obj))
        evidence = RES[f"evidence/{_digest(sha, subject, predicate, obj)[:16]}"]
        graph.add((subject, ICT.evidence, evidence))
        graph.add((subject, ICT.mentionedIn, document))
        graph.add((evidence, RDF.type, ICT.Evidence))
        graph.add((evidence, ICT.inDocument, document))
        graph.add((evidence, ICT.charStart, Literal("0", datatype=XSD.nonNegativeInteger)))
        graph.add((evidence, ICT.charEnd, Literal(str(len(QUOTE)), datatype=XSD.nonNegativeInteger)))
        graph.add((evidence, ICT.quote, Literal(QUOTE, lang="ar")))
        graph.add((evidence, ICT.rule, Literal("bench")))
        graph.add((evidence, RDF.subject, subject))
        graph.add((evidence, RDF.predicate, predicate))
        graph.add((evidence, RDF.object, obj))


def synthetic_graph(triples: int) -> tuple[Graph, int]:
    """A conforming graph of at least `triples` triples, and its number of meetings."""
    graph = Graph()
    _reference_part(graph)
    meetings = 0
    while len(graph) < triples:
        _add_meeting(graph, meetings)
        meetings += 1
    return graph, meetings


def _time(graph: Graph, **kwargs) -> tuple[float, bool]:
    start = time.perf_counter()
    report = validate(graph, **kwargs)
    return time.perf_counter() - start, report.conforms


def _profile_shapes(graph: Graph) -> None:
    """Each targeted node shape alone (the others' targets removed), with pyshacl."""
    shapes = load_shapes()
    targeted = sorted({s for s in shapes.subjects(SH.targetClass, None) if isinstance(s, URIRef)})
    baseline_shapes = Graph()
    baseline_shapes += shapes
    baseline_shapes.remove((None, SH.targetClass, None))
    baseline, _ = _time(graph, shapes=baseline_shapes, engine="pyshacl")
    rows = []
    for shape in targeted:
        only = Graph()
        only += baseline_shapes
        for target in shapes.objects(shape, SH.targetClass):
            only.add((shape, SH.targetClass, target))
        seconds, _ = _time(graph, shapes=only, engine="pyshacl")
        rows.append((seconds - baseline, shape))
    print(f"  per shape (minus {baseline:.2f} s without targets):")
    for seconds, shape in sorted(rows, reverse=True):
        print(f"    {seconds:7.2f} s  {shape.split('#')[-1]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--reference", action="store_true",
                        help="also validate the reference data (data/reference/*.ttl) with each graph")
    parser.add_argument("--engines", nargs="+", default=["native", "pyshacl"],
                        choices=["native", "pyshacl"])
    parser.add_argument("--profile-shapes", action="store_true")
    args = parser.parse_args(argv)
    reference = load_reference() if args.reference else None
    for engine in args.engines:  # warm-up: imports, shapes and ontology parsed once
        validate(synthetic_graph(200)[0], engine=engine)
    print(f"{'engine':>8} {'triples':>8} {'meetings':>8} {'seconds':>8} {'µs/triple':>9}  conforms")
    largest = None
    for size in args.sizes:
        graph, meetings = synthetic_graph(size)
        for engine in args.engines:
            seconds, conforms = _time(graph, reference=reference, engine=engine)
            print(f"{engine:>8} {len(graph):>8} {meetings:>8} {seconds:>8.2f} "
                  f"{1e6 * seconds / len(graph):>9.0f}  {conforms}", flush=True)
        largest = graph
    if args.profile_shapes and largest is not None:
        _profile_shapes(largest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
