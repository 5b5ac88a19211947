"""Catalogue query latency: the embedded Oxigraph store against in-memory rdflib (run on demand).

    .venv/bin/python bench/query_latency.py [--graph data/graph.ttl] [--copies N] [--repeat 20]
        [--query people --query country-meetings ...]
    .venv/bin/python bench/query_latency.py --store DIR [--repeat 20] [--query ...]

Both engines get the same data (the graph, the ontology and the reference data)
and the same query with the same parameters bound as RDF terms (Oxigraph
substitutions, rdflib initBindings). Reported, in milliseconds:

- load: what each engine pays before it can answer: opening the built on-disk
  store read-only, against parsing the Turtle files into an rdflib Graph (what
  every command would pay without a store); the one-off store build is shown too;
- query: the median (and fastest) of --repeat runs of each query, results
  materialised, after one warm-up run: the query text as written, on Oxigraph and
  on rdflib, and the way `ictgraph query` runs it (queries.run_catalogue_query:
  parameters written into the text, ORDER BY done in Python when it can be).

--copies N adds N renamed copies of every extracted resource (not the reference
data), to see how each engine grows with a bigger corpus. --store DIR times an
existing store instead (a directory holding live/oxigraph, as `ictgraph` or
bench/run.py builds it, e.g. for 10,000 articles): Oxigraph only, p50 and p95.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR
from ictgraph.queries import bind_parameters, get_query, run_catalogue_query
from ictgraph.store import build_store, open_store, source_files

RES = "https://w3id.org/ictgraph/resource/"
REFERENCE = URIRef(RES + "reference")
IS_DEFINED_BY = URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy")
DEFAULT_QUERIES = ["people", "country-meetings", "committee-hierarchy", "timeline", "counts"]


def timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    value = action()
    return (time.perf_counter() - start) * 1000, value


def enlarged_graph(graph_file: Path, copies: int, directory: Path) -> Path:
    """The graph plus `copies` renamed copies of every extracted (non-reference) resource."""
    if copies == 0:
        return graph_file
    graph = Graph().parse(graph_file, format="turtle")
    reference = set(graph.subjects(IS_DEFINED_BY, REFERENCE))

    def rename(term, k):
        if isinstance(term, URIRef) and str(term).startswith(RES) and term not in reference \
                and term != REFERENCE:
            return URIRef(f"{term}-copy{k}")
        return term

    original = list(graph)
    for k in range(1, copies + 1):
        for s, p, o in original:
            graph.add((rename(s, k), p, rename(o, k)))
    out = directory / "graph.ttl"
    graph.serialize(out, format="nt")  # N-Triples is valid Turtle, and quick to write
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=GRAPH_FILE)
    parser.add_argument("--copies", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--query", action="append", dest="queries")
    parser.add_argument("--store", type=Path, default=None,
                        help="time this built store (DIR/live/oxigraph) instead, Oxigraph only")
    args = parser.parse_args()
    names = args.queries or DEFAULT_QUERIES
    if args.store is not None:
        return time_store(args.store, args.queries, args.repeat)

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        graph_file = enlarged_graph(args.graph, args.copies, scratch)
        files = source_files(graph_file, ONTOLOGY_FILE, REFERENCE_DIR)
        build_ms, triples = timed(lambda: build_store(scratch / "store", files))
        open_ms, store = timed(lambda: open_store(graph_file, scratch / "store"))

        def parse_all() -> Graph:
            graph = Graph()
            for path in files:
                graph.parse(path, format="turtle")
            return graph

        parse_ms, rdflib_graph = timed(parse_all)

        print(f"data: {len(rdflib_graph)} triples ({graph_file.name}, ontology, reference data); "
              f"{args.repeat} runs per query, after one warm-up", file=sys.stderr)
        print(f"{'':24} {'oxigraph store':>16} {'rdflib in memory':>18} {'ratio':>7} "
              f"{'ictgraph query':>16}")
        print(f"{'load':24} {open_ms:13.1f} ms {parse_ms:15.1f} ms {parse_ms / open_ms:6.0f}x")
        print(f"{'  (store build, once)':24} {build_ms:13.1f} ms")
        for name in names:
            query = get_query(name)
            bound, _ = bind_parameters(store, query, {})
            substitutions = {ox.Variable(k): v for k, v in bound.items()}
            init = {k: _to_rdflib(v) for k, v in bound.items()}
            ox_runs = _runs(lambda: list(store.query(query.text, substitutions=substitutions)), args.repeat)
            rdf_runs = _runs(lambda: list(rdflib_graph.query(query.text, initBindings=init)), args.repeat)
            catalogue_runs = _runs(lambda: run_catalogue_query(store, query, {}), args.repeat)
            ox_median, rdf_median = statistics.median(ox_runs), statistics.median(rdf_runs)
            print(f"{name:24} {ox_median:13.2f} ms {rdf_median:15.2f} ms {rdf_median / ox_median:6.0f}x"
                  f" {statistics.median(catalogue_runs):13.2f} ms"
                  f"   (fastest {min(ox_runs):.2f} / {min(rdf_runs):.2f} / {min(catalogue_runs):.2f} ms)")
        del store
    return 0


def time_store(store_dir: Path, names: list[str] | None, repeat: int) -> int:
    """p50 and p95 of each catalogue query (default parameters) on an existing store: the text
    as written on Oxigraph, and as `ictgraph query` runs it."""
    from ictgraph.queries import load_catalogue

    store = ox.Store.read_only(str(store_dir / "live" / "oxigraph"))
    catalogue = load_catalogue()
    names = names or [n for n, q in catalogue.items() if not any(p.required for p in q.parameters)]
    print(f"{'':24} {'as written p50':>15} {'p95':>9} {'ictgraph query p50':>19} {'p95':>9} {'rows':>7}")
    medians = []
    for name in names:
        query = catalogue[name]
        bound, _ = bind_parameters(store, query, {})
        substitutions = {ox.Variable(k): v for k, v in bound.items()}
        written = _runs(lambda: list(store.query(query.text, substitutions=substitutions)), repeat)
        rows = len(run_catalogue_query(store, query, {}).result.rows)
        catalogue_runs = _runs(lambda: run_catalogue_query(store, query, {}), repeat)
        medians.append(statistics.median(catalogue_runs))
        print(f"{name:24} {statistics.median(written):12.1f} ms {_p95(written):6.1f} ms "
              f"{medians[-1]:16.1f} ms {_p95(catalogue_runs):6.1f} ms {rows:7}", flush=True)
    print(f"median p50 over these queries (ictgraph query): {statistics.median(medians):.1f} ms")
    return 0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def _runs(action, repeat: int) -> list[float]:
    action()  # warm-up: query parsing caches, first page reads
    return [timed(action)[0] for _ in range(repeat)]


def _to_rdflib(term: ox.NamedNode | ox.Literal):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return Literal(term.value, lang=term.language) if term.language else Literal(term.value)


if __name__ == "__main__":
    sys.exit(main())
