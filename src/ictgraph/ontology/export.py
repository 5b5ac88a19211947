"""Write the ontology as RDF/XML, the format Protégé and owlready2 read."""

from __future__ import annotations

from pathlib import Path

from ictgraph import paths
from ictgraph.io import write_atomic
from ictgraph.ontology.load import load_ontology
from ictgraph.ontology.rdfxml import serialize_rdfxml


def export_rdfxml(source: Path | str | None = None, destination: Path | str | None = None) -> Path:
    """Convert the Turtle source to RDF/XML at destination (atomically); returns the path written."""
    destination = Path(destination) if destination is not None else paths.ONTOLOGY_OWL_FILE
    text = serialize_rdfxml(load_ontology(source))
    destination.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(destination, text.encode("utf-8"))
    return destination
