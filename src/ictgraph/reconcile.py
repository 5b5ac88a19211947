"""One value for a single-valued property, when documents disagree.

Two articles may give one meeting two dates, or one delegation two heads. The
ontology declares which properties take one value (owl:FunctionalProperty); for
those, the value stated by the most documents is kept (then the one read first:
document name, then offset), and each dropped value becomes a warning naming
its documents. Without this, one disagreement between two articles would fail
the whole build at the SHACL gate, since no single document explains it.

Dates of different precision that agree (2015-03 and 2015-03-15) are not a
disagreement: the most precise is kept, silently.

A document that itself gives two values is not reconciled: it contradicts
itself, the shapes say so, and the build quarantines it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from pathlib import Path
from typing import Protocol, Sequence, TypeVar

from ictgraph import ntriples as nt
from ictgraph import paths

OWL_FUNCTIONAL = "http://www.w3.org/2002/07/owl#FunctionalProperty"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_DATE_TYPES = {_XSD + "date", _XSD + "gYearMonth", _XSD + "gYear"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class _Statement(Protocol):
    subject: object
    predicate: object
    obj: object
    evidence: object  # has .document and .start


S = TypeVar("S", bound=_Statement)


@functools.lru_cache(maxsize=4)
def functional_properties(ontology_file: Path = paths.ONTOLOGY_FILE) -> frozenset[nt.Term]:
    """The properties the ontology declares owl:FunctionalProperty, as N-Triples terms."""
    from ictgraph.shacl.convert import parse_file

    return frozenset(nt.iri(s.value) for s, p, o in parse_file(ontology_file)
                     if p.value == RDF_TYPE and o.value == OWL_FUNCTIONAL)


def reconcile(statements: Sequence[S], functional: frozenset,
              by_group: dict[tuple, list[str]] | None = None) -> tuple[list[S], list[str]]:
    """The statements with one value per subject for each functional property, and a
    warning per dropped value (also in `by_group`, per (subject, predicate), when given).
    Terms are N-Triples strings."""
    values: dict[tuple, dict[object, list[S]]] = defaultdict(lambda: defaultdict(list))
    for s in statements:
        if s.predicate in functional:
            values[(s.subject, s.predicate)][s.obj].append(s)
    dropped: set[tuple] = set()
    warnings: list[str] = []
    for (subject, predicate), by_value in sorted(values.items(), key=lambda item: tuple(map(nt.value, item[0]))):
        for coarse, fine in _refinements(by_value):
            by_value[fine] = by_value[fine] + by_value[coarse]  # its documents agree with fine
        for coarse in {coarse for coarse, _ in _refinements(by_value)}:
            dropped.add((subject, predicate, coarse))
            del by_value[coarse]
        if len(by_value) < 2 or _self_contradicting(by_value):
            continue
        ranked = sorted(by_value, key=lambda value: _rank(by_value[value]))
        kept = ranked[0]
        for value in ranked[1:]:
            dropped.add((subject, predicate, value))
            warning = (
                f"{nt.value(subject)}: documents disagree on {nt.value(predicate)}: kept {nt.value(kept)} "
                f"({_documents(by_value[kept])}), dropped {nt.value(value)} ({_documents(by_value[value])})")
            warnings.append(warning)
            if by_group is not None:
                by_group.setdefault((subject, predicate), []).append(warning)
    kept_statements = [s for s in statements if (s.subject, s.predicate, s.obj) not in dropped]
    return kept_statements, warnings


def _refinements(by_value: dict) -> list[tuple]:
    """(coarse, fine) for each date a more precise date agrees with (2015-03, 2015-03-15)."""
    dates = [v for v in by_value if nt.datatype(v) in _DATE_TYPES]
    return [(coarse, fine) for coarse in dates for fine in dates
            if fine != coarse and nt.value(fine).startswith(nt.value(coarse) + "-")]



def _self_contradicting(by_value: dict) -> bool:
    seen: set = set()
    for support in by_value.values():
        documents = {s.evidence.document for s in support}
        if documents & seen:
            return True
        seen |= documents
    return False


def _rank(support: list) -> tuple:
    documents = {s.evidence.document for s in support}
    first = min((s.evidence.document, s.evidence.start) for s in support)
    return (-len(documents), first)


def _documents(support: list) -> str:
    return ", ".join(sorted({s.evidence.document for s in support}))
