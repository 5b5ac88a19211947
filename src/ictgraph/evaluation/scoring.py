"""Precision and recall from a one-to-one matching of gold items to graph items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ictgraph.evaluation.items import CATEGORY_KEYS, Facts, Item
from ictgraph.evaluation.matching import items_match


@dataclass(frozen=True)
class Score:
    """Counts for one category; the ratios are None where undefined (nothing to divide by)."""

    gold: int = 0
    found: int = 0
    correct: int = 0

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.gold + other.gold, self.found + other.found,
                     self.correct + other.correct)


@dataclass
class DocumentResult:
    """One document's scores, misses (gold not found) and false finds (found, not gold)."""

    document: str
    in_graph: bool
    scores: dict[str, Score] = field(default_factory=dict)
    misses: list[tuple[str, Item]] = field(default_factory=list)
    false_finds: list[tuple[str, Item]] = field(default_factory=list)


def max_matching(gold: Sequence[Item], found: Sequence[Item],
                 match: Callable[[Item, Item], bool]) -> dict[int, int]:
    """A largest one-to-one pairing gold index → found index (augmenting paths).

    Greedy pairing could spend a graph item on the wrong gold item and
    under-count; augmenting paths give the best pairing, deterministically.
    """
    candidates = [[j for j, item in enumerate(found) if match(g, item)] for g in gold]
    gold_of: dict[int, int] = {}

    def assign(i: int, visited: set[int]) -> bool:
        for j in candidates[i]:
            if j in visited:
                continue
            visited.add(j)
            if j not in gold_of or assign(gold_of[j], visited):
                gold_of[j] = i
                return True
        return False

    for i in range(len(gold)):
        assign(i, set())
    return {i: j for j, i in gold_of.items()}


def score_document(document: str, gold: Facts, found: Facts | None) -> DocumentResult:
    """Compare one document's gold facts with what the graph states for it."""
    result = DocumentResult(document, in_graph=found is not None)
    found = found or Facts()
    for category in CATEGORY_KEYS:
        gold_items, found_items = gold.items[category], found.items[category]
        pairs = max_matching(gold_items, found_items,
                             lambda g, f, c=category: items_match(c, g, f))
        result.scores[category] = Score(len(gold_items), len(found_items), len(pairs))
        matched_found = set(pairs.values())
        result.misses.extend((category, item) for i, item in enumerate(gold_items)
                             if i not in pairs)
        result.false_finds.extend((category, item) for j, item in enumerate(found_items)
                                  if j not in matched_found)
    return result


def total_scores(results: Sequence[DocumentResult]) -> dict[str, Score]:
    """Micro-averaged totals: counts summed over documents, ratios from the sums."""
    totals = {category: Score() for category in CATEGORY_KEYS}
    for result in results:
        for category, score in result.scores.items():
            totals[category] = totals[category] + score
    return totals
