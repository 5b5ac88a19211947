"""Measured quality: score a built graph against the gold files, per document and in total.

    evaluation = evaluate(Path("tests/gold"))
    print(render_text(evaluation))

Matching rules and the gold schema are documented in tests/gold/README.md.
"""

from __future__ import annotations

from pathlib import Path

from ictgraph.errors import InputError
from ictgraph.evaluation.gold import load_gold_dir
from ictgraph.evaluation.graphview import GraphView
from ictgraph.evaluation.report import Evaluation, render_json, render_text
from ictgraph.evaluation.scoring import score_document, total_scores
from ictgraph.evaluation.triple_index import TripleIndex, load_triples
from ictgraph.paths import GRAPH_FILE, REFERENCE_DIR

__all__ = ["evaluate", "load_graph", "render_text", "render_json", "Evaluation"]


def load_graph(graph_file: Path, reference_dir: Path | None = REFERENCE_DIR) -> TripleIndex:
    """The built graph, plus the reference data (labels, altLabels) when there is any."""
    if not graph_file.is_file():
        raise InputError(f"{graph_file}: no such graph file (build it first)")
    files = [graph_file]
    if reference_dir is not None and reference_dir.is_dir():
        files += sorted(reference_dir.glob("*.ttl"))
    return load_triples(files)


def evaluate(gold_dir: Path, graph_file: Path = GRAPH_FILE,
             reference_dir: Path | None = REFERENCE_DIR) -> Evaluation:
    """Score the graph against every gold file of gold_dir (a file's stem names its document)."""
    gold = load_gold_dir(gold_dir)
    view = GraphView(load_graph(graph_file, reference_dir))
    documents = view.documents()
    results = [score_document(stem, facts,
                              view.facts(documents[stem]) if stem in documents else None)
               for stem, facts in gold.items()]
    return Evaluation(str(gold_dir), str(graph_file), results, total_scores(results))
