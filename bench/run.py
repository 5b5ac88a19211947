"""The scale benchmark: build, validate, load and query a generated corpus (run on demand).

    .venv/bin/python bench/run.py --articles 1000 [10000 ...] [--jobs 1 2] [--json FILE]
        [--workdir DIR] [--seed 0] [--repeat 20] [--baseline-max 100] [--verify-max 10000]
        [--builds 1]

For each corpus size N (bench/corpus.py writes the articles, seeded), it measures:
- a full build with each --jobs value, in a fresh process (--builds times, reporting the
  median run): wall time, articles per second, the share of each stage (read, extract,
  resolve, rdf, validate, write, store load) and the peak memory of the build and its workers;
- canned-query latency on the embedded store built from that graph: p50 and p95 over
  --repeat runs of every catalogue query with its default parameters;
- adding one new article to the N-article graph: a build of the N articles (cache warm from
  the full build), then the article copied into the folder and the build timed; and (up to
  --verify-max articles) whether the result is byte-identical to a full build of the N + 1
  articles without the cache;
- the plain way, for the ratio to beat (up to --baseline-max articles, since it grows
  fastest): rdflib parsing the graph, rdflib answering the same queries, pyshacl validating;
and, once, the cold command-line time of `ictgraph query NAME` on the bundled graph.

It writes bench/RESULTS.md (with the machine's description and the date) and, with --json,
every figure under plain names.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
COLD_QUERY = "delegation-heads"

# Runs in a fresh interpreter, so that peak memory is that build's alone. Its peak memory is
# sampled from outside (run_build): a sampler inside would take the interpreter's lock from
# the build it measures. Reported beside it: the build's own peak plus the largest child's
# (what getrusage records; with several children at once, as with --jobs 2, no upper bound).
_BUILD_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from ictgraph.build import build

documents, output, cache, jobs, store, mode = sys.argv[1:7]
start = time.perf_counter()
report = build(Path(documents), Path(output), jobs=int(jobs),
               cache_dir=Path(cache) if cache != "-" else None, store_dir=Path(store),
               incremental=mode != "full")
wall = time.perf_counter() - start
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # at least this, however short
bound = own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(json.dumps({"wall_seconds": wall, "stages": report.timings, "triples": report.triples,
                  "documents": report.documents, "cached": report.cached,
                  "added": report.added, "rebuilt_because": report.rebuilt_because,
                  "quarantined": len(report.quarantined), "own_peak_bytes": own,
                  "peak_memory_bound_bytes": bound}))
"""
_SAMPLE_SECONDS = 0.1
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def tree_rss(pid: int) -> int:
    """The total resident size of a process and all its descendants now (0 once it is gone),
    found through /proc/PID/task/TID/children: no scan of every process on the machine."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as stream:
                total += int(stream.read().split()[1]) * _PAGE
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as stream:
                    todo.extend(int(child) for child in stream.read().split())
        except (OSError, ValueError, IndexError):
            continue  # it ended meanwhile
    return total


def machine() -> dict[str, object]:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                      if line.startswith("model name")), "")
    memory = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        memory = int(meminfo.read_text().split("MemTotal:")[1].split()[0]) * 1024
    from importlib.metadata import version

    return {"platform": platform.platform(), "cpu": model or platform.processor(),
            "cpus": os.cpu_count(), "memory_bytes": memory, "python": platform.python_version(),
            "packages": {name: version(name) for name in ("pyoxigraph", "rdflib", "pyshacl")}}


def corpus(workdir: Path, articles: int, seed: int) -> Path:
    directory = workdir / f"corpus-{articles}-{seed}"
    if not (directory / "documents").is_dir():
        subprocess.run([PYTHON, str(BENCH / "corpus.py"), "--articles", str(articles), "--seed",
                        str(seed), "--out", str(directory), "--force"], check=True,
                       stdout=subprocess.DEVNULL)
    return directory / "documents"


def run_build(documents: Path, output: Path, cache: Path | None, jobs: int, store: Path,
              full: bool = True) -> dict:
    """A build in a fresh process; `full`: the whole graph, even if the previous build's
    could be added to (the timed builds of each size start from nothing anyway)."""
    # The build's peak memory: the largest sum of the resident sizes of the build process and
    # all its children at one time, sampled every 0.1 s (the children run beside the build,
    # at times that their own peaks need not share).
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen([PYTHON, "-c", _BUILD_SCRIPT, str(documents), str(output),
                                    str(cache) if cache else "-", str(jobs), str(store),
                                    "full" if full else "add"], stdout=out, stderr=err, text=True)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(_SAMPLE_SECONDS)
        out.seek(0)
        err.seek(0)
        if process.returncode not in (0, 3):
            raise SystemExit(f"build failed: {err.read().strip().splitlines()[-1:]}")
        figures = json.loads(out.read().strip().splitlines()[-1])
    figures["peak_memory_bytes"] = max(peak, figures.pop("own_peak_bytes"))
    return figures


def median_run(runs: list[dict]) -> dict:
    """The run of median wall time (the faster of the two middle ones), with every run's wall
    time and the largest peak memory of all."""
    ordered = sorted(runs, key=lambda run: run["wall_seconds"])
    figures = dict(ordered[(len(ordered) - 1) // 2])
    figures["wall_seconds_runs"] = [run["wall_seconds"] for run in runs]
    figures["peak_memory_bytes"] = max(run["peak_memory_bytes"] for run in runs)
    return figures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def query_latency(store_dir: Path, repeat: int) -> dict[str, dict[str, float]]:
    """Milliseconds per catalogue query on the store, default parameters, after one warm-up."""
    from ictgraph.queries import load_catalogue, run_catalogue_query
    from ictgraph.store import open_store
    from ictgraph.paths import GRAPH_FILE

    import pyoxigraph as ox

    store = ox.Store.read_only(str(store_dir / "live" / "oxigraph"))
    figures = {}
    for name, query in load_catalogue().items():
        if any(p.required for p in query.parameters):
            continue
        run_catalogue_query(store, query, {})
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            run_catalogue_query(store, query, {})
            times.append(1000 * (time.perf_counter() - start))
        figures[name] = {"p50_ms": statistics.median(times), "p95_ms": percentile(times, 0.95)}
    return figures


def baseline(graph_file: Path, repeat: int) -> dict[str, float]:
    """The same work the plain way: rdflib parses and queries, pyshacl validates."""
    from rdflib import Graph

    from ictgraph.queries import bind_parameters, load_catalogue
    from ictgraph.store import open_store, source_files
    from ictgraph.validate import load_reference, validate

    start = time.perf_counter()
    graph = Graph()
    for path in source_files(graph_file):
        graph.parse(path, format="turtle")
    parse = time.perf_counter() - start
    store = open_store(graph_file, store_dir=None)
    times = []
    for name, query in load_catalogue().items():
        if any(p.required for p in query.parameters):
            continue
        from rdflib import Literal, URIRef
        import pyoxigraph as ox
        bound, _ = bind_parameters(store, query, {})
        init = {k: URIRef(v.value) if isinstance(v, ox.NamedNode) else Literal(v.value)
                for k, v in bound.items()}
        start = time.perf_counter()
        list(graph.query(query.text, initBindings=init))
        times.append(1000 * (time.perf_counter() - start))
    data = Graph().parse(graph_file, format="turtle")
    start = time.perf_counter()
    validate(data, reference=load_reference(), engine="pyshacl")
    pyshacl_seconds = time.perf_counter() - start
    start = time.perf_counter()
    validate(data, reference=load_reference(), engine="native")
    native_seconds = time.perf_counter() - start
    return {"rdflib_parse_seconds": parse, "rdflib_query_p50_ms": statistics.median(times),
            "pyshacl_validate_seconds": pyshacl_seconds,
            "native_validate_same_graph_seconds": native_seconds}


def cold_query(repeat: int = 5) -> float:
    """Median seconds of `ictgraph query NAME` from process start to exit, on the bundled graph."""
    ictgraph = Path(PYTHON).with_name("ictgraph")
    command = [str(ictgraph)] if ictgraph.exists() else [PYTHON, "-m", "ictgraph"]
    subprocess.run(command + ["query", COLD_QUERY], capture_output=True, check=True)  # store built
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command + ["query", COLD_QUERY], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def add_one(documents: Path, workdir: Path, articles: int, seed: int, cache: Path, jobs: int,
            verify: bool) -> dict:
    """Time the build that follows the addition of one new article to the folder of a built
    graph of N articles (cache warm); with `verify`, compare it with a full rebuild."""
    extra = corpus(workdir, 1, seed + 1_000_003)
    grown = workdir / f"grown-{articles}"
    shutil.rmtree(grown, ignore_errors=True)
    shutil.copytree(documents, grown)
    output = workdir / f"grown-{articles}.ttl"
    store = workdir / f"store-grown-{articles}"
    shutil.rmtree(store, ignore_errors=True)
    before = run_build(grown, output, cache, jobs, store)  # the N articles: the graph added to
    for path in extra.iterdir():
        shutil.copy(path, grown / f"new_{path.name}")
    figures = run_build(grown, output, cache, jobs, store, full=False)
    result = {"add_one_seconds": figures["wall_seconds"], "add_one_stages": figures["stages"],
              "add_one_cached": figures["cached"], "add_one_added": figures["added"],
              "add_one_rebuilt_because": figures["rebuilt_because"],
              "warm_build_seconds": before["wall_seconds"]}
    if verify:
        full = workdir / f"grown-{articles}-full.ttl"
        run_build(grown, full, None, jobs, workdir / f"store-grown-full-{articles}")
        result["identical_to_full_rebuild"] = output.read_bytes() == full.read_bytes()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=20)
    # pyshacl runs the SPARQL constraints once per focus node with rdflib: 20 s at 100
    # articles, still running after 7 minutes at 1,000 (stopped there).
    parser.add_argument("--baseline-max", type=int, default=100,
                        help="run the rdflib/pyshacl baseline only up to this many articles")
    parser.add_argument("--verify-max", type=int, default=10000,
                        help="check the incremental build against a full rebuild up to this size")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    # The same code's 10,000-article build took 63 to 77 s within one hour on the 2-core
    # machine these figures come from: one run says little about a change of a few percent.
    parser.add_argument("--builds", type=int, default=1, metavar="N",
                        help="time each build N times, each from nothing, and report the "
                             "median run (with the fastest and slowest)")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="ictgraph-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    report: dict = {"date": datetime.date.today().isoformat(), "machine": machine(),
                    "cold_query_seconds": cold_query(), "cold_query": COLD_QUERY, "sizes": {}}
    print(f"cold `ictgraph query {COLD_QUERY}`: {report['cold_query_seconds']:.3f} s", flush=True)
    for articles in args.articles:
        documents = corpus(workdir, articles, args.seed)
        size: dict = {"articles": articles, "builds": {}}
        for jobs in args.jobs:
            cache = workdir / f"cache-{articles}-j{jobs}"
            output = workdir / f"graph-{articles}-j{jobs}.ttl"
            runs = []
            for _ in range(max(1, args.builds)):
                shutil.rmtree(cache, ignore_errors=True)  # each run extracts every article
                runs.append(run_build(documents, output, cache, jobs,
                                      workdir / f"store-{articles}-j{jobs}"))
            figures = median_run(runs)
            figures["articles_per_second"] = articles / figures["wall_seconds"]
            size["builds"][str(jobs)] = figures
            size["triples"] = figures["triples"]
            print(f"{articles} articles, --jobs {jobs}: {figures['wall_seconds']:.1f} s, "
                  f"{figures['articles_per_second']:.0f} articles/s, "
                  f"{figures['peak_memory_bytes'] / 2**30:.2f} GiB peak", flush=True)
        jobs = max(args.jobs)
        size["query_latency_ms"] = query_latency(workdir / f"store-{articles}-j{jobs}", args.repeat)
        p50s = [q["p50_ms"] for q in size["query_latency_ms"].values()]
        size["query_p50_ms_median"] = statistics.median(p50s)
        size["query_p50_ms_max"] = max(p50s)
        size.update(add_one(documents, workdir, articles, args.seed,
                            workdir / f"cache-{articles}-j{jobs}", jobs,
                            articles <= args.verify_max))
        print(f"  queries: p50 median {size['query_p50_ms_median']:.1f} ms, worst "
              f"{size['query_p50_ms_max']:.1f} ms; add one article: {size['add_one_seconds']:.1f} s"
              f" (identical: {size.get('identical_to_full_rebuild')})", flush=True)
        if articles <= args.baseline_max:
            size["baseline"] = baseline(workdir / f"graph-{articles}-j{jobs}.ttl", args.repeat)
            print(f"  plain way: {size['baseline']}", flush=True)
        report["sizes"][str(articles)] = size
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    args.results.write_text(render(report), encoding="utf-8")
    print(f"wrote {args.results}")
    return 0


def render(report: dict) -> str:
    m = report["machine"]
    lines = [
        "# ictgraph scale benchmark",
        "",
        f"Run on {report['date']} by `python bench/run.py` on {m['platform']}, {m['cpus']} CPUs "
        f"({m['cpu']}), {m['memory_bytes'] / 2**30:.1f} GiB memory, Python {m['python']}, "
        + ", ".join(f"{k} {v}" for k, v in sorted(m["packages"].items())) + ".",
        "",
        f"Cold `ictgraph query {report['cold_query']}` on the bundled graph (process start to exit, "
        f"median of 5): **{report['cold_query_seconds']:.2f} s** (target < 0.5 s).",
        "",
    ]
    lines += ["Wall time: one run, or the median of several (`--builds N`) with the fastest "
              "and the slowest; the stages are the median run's. Peak memory (the largest of "
              "the runs): the largest total resident size of the build and its child processes "
              "at one time, sampled every 0.1 s; beside it, the build's own peak plus the "
              "largest child's (what getrusage records: with several children at once, as with "
              "--jobs 2, no upper bound).", ""]
    for articles, size in report["sizes"].items():
        lines += [f"## {int(articles):,} articles ({size['triples']:,} triples)", "",
                  "| --jobs | wall (s) | articles/s | peak memory (GiB) | own + largest child peak (GiB) | " +
                  " | ".join(STAGES) + " |",
                  "|---|---|---|---|---|" + "---|" * len(STAGES)]
        for jobs, build in size["builds"].items():
            stages = build["stages"]
            total = sum(stages.values()) or 1
            shares = " | ".join(f"{stages.get(s, 0):.1f} ({100 * stages.get(s, 0) / total:.0f}%)"
                                for s in STAGES)
            walls = build.get("wall_seconds_runs", [build["wall_seconds"]])
            wall = f"{build['wall_seconds']:.1f}" + (
                f" ({min(walls):.1f}-{max(walls):.1f}, {len(walls)} runs)" if len(walls) > 1 else "")
            lines.append(f"| {jobs} | {wall} | {build['articles_per_second']:.0f} "
                         f"| {build['peak_memory_bytes'] / 2**30:.2f} "
                         f"| {build.get('peak_memory_bound_bytes', 0) / 2**30:.2f} | {shares} |")
        lines += ["", f"Canned queries on the store, default parameters (ms): median p50 "
                  f"{size['query_p50_ms_median']:.1f}, worst p50 {size['query_p50_ms_max']:.1f} "
                  "(target p50 < 50 ms).", "",
                  "| query | p50 (ms) | p95 (ms) |", "|---|---|---|"]
        for name, q in size["query_latency_ms"].items():
            lines.append(f"| {name} | {q['p50_ms']:.1f} | {q['p95_ms']:.1f} |")
        lines += ["", f"Adding one article (cache warm): **{size['add_one_seconds']:.1f} s** "
                  f"(target < 2 s); stages: " + ", ".join(
                      f"{k} {v:.1f} s" for k, v in size["add_one_stages"].items())
                  + f"; identical to a full rebuild: {size.get('identical_to_full_rebuild', 'not checked')}. "
                  + (f"The article was added to the graph (incremental build)."
                     if size.get("add_one_added") is not None else
                     f"The graph was made again in full: {size.get('add_one_rebuilt_because')}.")
                  + (f" The warm full build of the {size['articles']:,} articles before it took "
                     f"{size['warm_build_seconds']:.1f} s." if "warm_build_seconds" in size else ""),
                  ""]
        if "baseline" in size:
            b = size["baseline"]
            lines += ["The plain way on the same graph: rdflib parses it in "
                      f"{b['rdflib_parse_seconds']:.1f} s and answers a catalogue query in "
                      f"{b['rdflib_query_p50_ms']:.0f} ms (median over the catalogue); pyshacl "
                      f"validates it in {b['pyshacl_validate_seconds']:.1f} s against "
                      f"{b['native_validate_same_graph_seconds']:.1f} s for the native engine.", ""]
    return "\n".join(lines)


STAGES = ("read", "extract", "resolve", "rdf", "validate", "write", "store")

if __name__ == "__main__":
    sys.exit(main())
