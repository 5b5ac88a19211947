"""Read the ontology and tell what kind of term each IRI is declared as."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import PREFIXES


class TermKind(str, Enum):
    """The OWL entity kinds a term can be declared as."""

    CLASS = "class"
    OBJECT_PROPERTY = "object property"
    DATATYPE_PROPERTY = "datatype property"
    ANNOTATION_PROPERTY = "annotation property"
    DATATYPE = "datatype"
    INDIVIDUAL = "individual"


DECLARATION_TYPES: dict[URIRef, TermKind] = {
    OWL.Class: TermKind.CLASS,
    OWL.ObjectProperty: TermKind.OBJECT_PROPERTY,
    OWL.DatatypeProperty: TermKind.DATATYPE_PROPERTY,
    OWL.AnnotationProperty: TermKind.ANNOTATION_PROPERTY,
    RDFS.Datatype: TermKind.DATATYPE,
    OWL.NamedIndividual: TermKind.INDIVIDUAL,
}

PROPERTY_KINDS = frozenset(
    {TermKind.OBJECT_PROPERTY, TermKind.DATATYPE_PROPERTY, TermKind.ANNOTATION_PROPERTY})


def load_ontology(path: Path | str | None = None) -> Graph:
    """Parse an ontology file (Turtle by default, the format guessed from the suffix)."""
    path = Path(path) if path is not None else paths.ONTOLOGY_FILE
    if not path.is_file():
        raise InputError(f"{path}: no such ontology file")
    fmt = "xml" if path.suffix in {".owl", ".rdf", ".xml"} else "turtle"
    graph = Graph()
    try:
        graph.parse(path, format=fmt)
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        raise InputError(f"{path}: cannot parse as {fmt}: {_one_line(exc)}") from exc
    bind_prefixes(graph)
    return graph


def _one_line(exc: Exception) -> str:
    """rdflib's message without its excerpt of the input: "line 116: Bad syntax (objectList expected)"."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    line = re.search(r"at line (\d+)", text)
    reason = re.search(r"Bad syntax \(([^)]*)\)", text)
    if line and reason:
        return f"line {line.group(1)}: {reason.group(1)}"
    return text[:200]


def bind_prefixes(graph: Graph) -> None:
    """Use the project's prefixes, so that output and messages read ict:Committee."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)


def declared_terms(graph: Graph) -> dict[URIRef, set[TermKind]]:
    """Every IRI with an OWL declaration, and the kinds it is declared as (more than one is punning)."""
    kinds: dict[URIRef, set[TermKind]] = {}
    for rdf_type, kind in DECLARATION_TYPES.items():
        for subject in graph.subjects(RDF.type, rdf_type):
            if isinstance(subject, URIRef):
                kinds.setdefault(subject, set()).add(kind)
    return kinds


def curie(graph: Graph, iri: URIRef) -> str:
    """ict:Committee for a term of a bound namespace, <iri> otherwise."""
    try:
        prefix, _namespace, local = graph.namespace_manager.compute_qname(iri, generate=False)
    except (KeyError, ValueError):
        return f"<{iri}>"
    return f"{prefix}:{local}" if prefix else f"<{iri}>"
