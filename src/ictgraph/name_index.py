"""The names a query parameter can be given as, indexed in the store at build time.

A parameter given by name ("قطر", "Qatar", "GCC") is compared with every label,
alternative label, abbreviation and ISO code after Arabic normalisation, which
SPARQL cannot do. Scanning and normalising every name on each query cost 0.26 s
on a 1,000-article graph and grows with it; instead, when the store is built,
each name's normalised key is written into a named graph of its own
(urn:ictgraph:name-index), which no catalogue query reads (they read the default
graph), and a lookup is one indexed pattern.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ictgraph.text.normalize import normalize_key

NAMES_GRAPH = ox.NamedNode("urn:ictgraph:name-index")
_NAMES_QUERY = Path(__file__).resolve().parent / "resources" / "sparql" / "names.rq"
_INDEX_QUERY = _NAMES_QUERY.with_name("index-names.rq")
# Which naming property wins when a value matches several resources.
NAME_RANK = {
    "http://www.w3.org/2000/01/rdf-schema#label": 0,
    "http://www.w3.org/2004/02/skos/core#altLabel": 1,
}
OTHER_NAME_RANK = 2  # abbreviations and ISO codes
_RANK_PREFIX = "urn:ictgraph:name-rank:"
_CANDIDATES = f"""
SELECT DISTINCT ?resource ?rank ?key WHERE {{ GRAPH <{NAMES_GRAPH.value}> {{ ?resource ?rank ?key }} }}"""
# Asked per candidate, both ends bound: a path from a bound class alone walks every instance.
_INSTANCE = """
SELECT ?resource ?class WHERE {
  ?resource <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
} LIMIT 1"""
_TYPED = """
SELECT ?resource WHERE { ?resource <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?class } LIMIT 1"""


def name_key(name: str) -> str:
    """What two names that mean the same share: normalised Arabic, case folded."""
    return normalize_key(name).casefold()


@functools.lru_cache(maxsize=1)
def names_query() -> str:
    return _NAMES_QUERY.read_text(encoding="utf-8")


def index_names(store: ox.Store) -> int:
    """Write the name index of the store's default graph into NAMES_GRAPH; return its size."""
    quads = name_index_quads(store)
    store.extend(quads)
    return len(quads)


def name_index_quads(store: ox.Store) -> list[ox.Quad]:
    """The quads index_names() writes, in the order it writes them (for a caller that reads
    them while the store is busy, and writes them after)."""
    return sorted(_index_quads(store.query(_index_query())), key=str)


def index_names_of(store: ox.Store, resources: Iterable[ox.NamedNode]) -> int:
    """Add to NAMES_GRAPH the entries of `resources`, after triples about them were added to
    the default graph; the number of entries new to the index.

    Every row of the index query is read from triples whose subject is the row's resource
    (its names and its type), so triples added about other resources change none of its rows,
    and adding triples never removes one: after triples were added, indexing their subjects
    again gives the index of the whole graph (store_update.py relies on it)."""
    query = _index_query()
    quads: set[ox.Quad] = set()
    for resource in resources:
        quads |= _index_quads(store.query(query, substitutions={ox.Variable("resource"): resource}))
    new = sorted((quad for quad in quads if quad not in store), key=str)
    store.extend(new)
    return len(new)


@functools.lru_cache(maxsize=1)
def _index_query() -> str:
    return _INDEX_QUERY.read_text(encoding="utf-8")


def _index_quads(rows: Iterable[ox.QuerySolution]) -> set[ox.Quad]:
    quads = set()
    for row in rows:
        key = name_key(row["name"].value)
        if key:
            rank = NAME_RANK.get(row["property"].value, OTHER_NAME_RANK)
            quads.add(ox.Quad(row["resource"], ox.NamedNode(f"{_RANK_PREFIX}{rank}"),
                              ox.Literal(key), NAMES_GRAPH))
    return quads


def has_index(store: ox.Store) -> bool:
    try:
        return bool(store.query(f"ASK {{ GRAPH <{NAMES_GRAPH.value}> {{ ?s ?p ?o }} }}"))
    except (OSError, RuntimeError, ValueError, SyntaxError):
        return False


def lookup(store: ox.Store, name: str, classes: Iterable[str] = ()) -> dict[str, int]:
    """resource IRI -> best rank of the names equal to `name`, among resources of `classes`
    (or, with none, among resources of any class)."""
    key = name_key(name)
    ranks: dict[str, int] = {}
    if not key:
        return ranks
    classes = list(classes)
    for row in store.query(_CANDIDATES, substitutions={ox.Variable("key"): ox.Literal(key)}):
        resource = row["resource"]
        if not _of_class(store, resource, classes):
            continue
        rank = int(row["rank"].value[len(_RANK_PREFIX):])
        ranks[resource.value] = min(rank, ranks.get(resource.value, rank))
    return ranks


def _of_class(store: ox.Store, resource: ox.NamedNode, classes: list[str]) -> bool:
    if not classes:
        return bool(list(store.query(_TYPED, substitutions={ox.Variable("resource"): resource})))
    return any(list(store.query(_INSTANCE, substitutions={ox.Variable("resource"): resource,
                                                          ox.Variable("class"): ox.NamedNode(c)}))
               for c in classes)
