"""The SHACL-SPARQL constraints of a graph, checked by a fresh interpreter.

With --jobs > 1 the build's gate checks the core constraints in its own process and
the SPARQL constraints beside it. A forked child shared the build's heap copy on
write, and CPython's reference counts made both processes copy most of it: on 10,000
articles the overlap saved 15 of 142 s and doubled the memory. A fresh interpreter
reads the triples from an N-Triples file instead, and shares nothing.

Run as `python -m ictgraph.shacl.sparql_process SHAPES FILE...`: it loads the files
into an in-memory Oxigraph store, runs every SPARQL constraint of the shapes (each
restricted to its shape's target classes inside the query) and writes the results,
pickled, to standard output.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Callable, Sequence

import pyoxigraph as ox

from ictgraph.errors import IctgraphError
from ictgraph.shacl.convert import parse_file
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.engine import RawResult, Validator
from ictgraph.shacl.shapes import ShapesGraph, compile_shapes


def runs_apart(shapes: ShapesGraph) -> bool:
    """Whether the SPARQL constraints can run without the focus nodes: every shape that has
    some (other than those evaluated natively, with the core constraints) targets only
    classes, which the query itself then restricts $this to."""
    return all(kind == "targetClass" for shape in shapes.shapes
               if any(c.native is None for c in shape.sparql)
               for kind, _ in shape.targets)


class SparqlProcess:
    """The SPARQL constraints of `shapes_file` on `files`, checked by another interpreter."""

    def __init__(self, shapes_file: Path, files: Sequence[Path]) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "ictgraph.shacl.sparql_process", str(shapes_file), *map(str, files)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def results(self) -> list[RawResult]:
        out, err = self._process.communicate()
        if self._process.returncode != 0:
            lines = err.decode("utf-8", "replace").strip().splitlines()
            raise IctgraphError("the SPARQL constraints could not be checked: "
                                + (lines[-1] if lines else f"exit code {self._process.returncode}"))
        return pickle.loads(out)

    def cancel(self) -> None:
        """Stop it if it still runs."""
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()


def _load(files: Sequence[Path]):
    def load(store: ox.Store) -> None:
        for path in files:
            syntax = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
            store.bulk_load(path=str(path), format=syntax)
    return load


class SparqlAnswer:
    """SPARQL constraint results from elsewhere (computed already, or by the loader of a new
    store), where validation expects a SparqlProcess."""

    def __init__(self, results: Callable[[], list[RawResult]]) -> None:
        self._results = results

    def results(self) -> list[RawResult]:
        return self._results()

    def cancel(self) -> None:
        pass


def sparql_results(shapes: ShapesGraph, files: Sequence[Path]) -> list[RawResult]:
    """The results of every SPARQL constraint of `shapes` (runs_apart) on the graph in `files`,
    from an in-memory store that is gone when this returns."""
    return _results(shapes, Validator(DataGraph(), _load(files)))


def sparql_results_on(shapes: ShapesGraph, store: ox.Store) -> list[RawResult]:
    """The results of every SPARQL constraint of `shapes` (runs_apart) on what `store` holds."""
    return _results(shapes, Validator(DataGraph(), store=store))


def _results(shapes: ShapesGraph, validator: Validator) -> list[RawResult]:
    # The constraints with a native implementation are checked with the core ones.
    return [result for shape in shapes.shapes for constraint in shape.sparql
            if constraint.native is None
            for result in validator.sparql(shape, constraint, None)]


def main(argv: Sequence[str]) -> None:
    shapes = compile_shapes(parse_file(Path(argv[0])))
    if not runs_apart(shapes):
        raise SystemExit("a SPARQL constraint's shape has targets other than classes")
    results = sparql_results(shapes, [Path(name) for name in argv[1:]])
    sys.stdout.buffer.write(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    main(sys.argv[1:])
