"""Evaluation results as a text table with every miss and false find, or as JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ictgraph.evaluation.items import CATEGORIES, describe_value
from ictgraph.evaluation.scoring import DocumentResult, Score

_LABELS = dict(CATEGORIES)


@dataclass
class Evaluation:
    """The whole run: inputs, per-document results, micro-averaged totals."""

    gold_dir: str
    graph_file: str
    documents: list[DocumentResult]
    totals: dict[str, Score]


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _table(scores: dict[str, Score], skip_empty: bool) -> list[str]:
    lines = [f"{'category':<22} {'gold':>5} {'found':>5} {'correct':>7} "
             f"{'precision':>9} {'recall':>6} {'f1':>6}"]
    for category, label in CATEGORIES:
        score = scores[category]
        if skip_empty and not (score.gold or score.found):
            continue
        lines.append(f"{label:<22} {score.gold:>5} {score.found:>5} {score.correct:>7} "
                     f"{_ratio(score.precision):>9} {_ratio(score.recall):>6} "
                     f"{_ratio(score.f1):>6}")
    return lines


def render_text(evaluation: Evaluation) -> str:
    """Tables per document and in total, then one line per miss and per false find."""
    lines = [f"gold: {evaluation.gold_dir} ({len(evaluation.documents)} documents)",
             f"graph: {evaluation.graph_file}", ""]
    for result in evaluation.documents:
        lines.append(f"== {result.document}")
        if not result.in_graph:
            lines.append("(not in the graph: no ict:SourceDocument has this ict:sourceFile)")
        lines.extend(_table(result.scores, skip_empty=True))
        lines.append("")
    lines.append("== all documents")
    lines.extend(_table(evaluation.totals, skip_empty=False))
    misses = [(r.document, c, i) for r in evaluation.documents for c, i in r.misses]
    false_finds = [(r.document, c, i) for r in evaluation.documents for c, i in r.false_finds]
    lines += ["", f"misses (in the gold, not in the graph): {len(misses)}"]
    lines += [f"MISS  {doc}  {_LABELS[cat]}: {describe_value(item)}" for doc, cat, item in misses]
    lines += ["", f"false finds (in the graph, not in the gold): {len(false_finds)}"]
    lines += [f"FALSE  {doc}  {_LABELS[cat]}: {_describe_found(item)}"
              for doc, cat, item in false_finds]
    return "\n".join(lines) + "\n"


def _describe_found(item: object) -> str:
    # A false find is easier to trace with its IRI.
    iri = getattr(item, "iri", "")
    text = describe_value(item)
    return f"{text} <{iri}>" if iri and iri not in text else text


def _score_json(score: Score) -> dict:
    def rounded(value: float | None) -> float | None:
        return None if value is None else round(value, 4)

    return {"gold": score.gold, "found": score.found, "correct": score.correct,
            "precision": rounded(score.precision), "recall": rounded(score.recall),
            "f1": rounded(score.f1)}


def render_json(evaluation: Evaluation) -> str:
    """The same content as render_text, as a JSON document."""
    payload = {
        "gold": evaluation.gold_dir,
        "graph": evaluation.graph_file,
        "documents": [{
            "document": result.document,
            "in_graph": result.in_graph,
            "scores": {c: _score_json(result.scores[c]) for c, _ in CATEGORIES},
            "misses": [{"category": c, "item": describe_value(i)} for c, i in result.misses],
            "false_finds": [{"category": c, "item": describe_value(i),
                             "iri": getattr(i, "iri", "") or None}
                            for c, i in result.false_finds],
        } for result in evaluation.documents],
        "total": {c: _score_json(evaluation.totals[c]) for c, _ in CATEGORIES},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
