"""Where the project's files live: the ontology, reference data, documents, queries."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout that holds ontology/ and data/.

    ICTGRAPH_HOME wins; else the checkout this package was installed from
    (editable install); else the current directory.
    """
    env = os.environ.get("ICTGRAPH_HOME")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "ontology" / "ictgraph.ttl").is_file():
            return parent
    return Path.cwd()


ROOT = project_root()
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "ictgraph.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
REFERENCE_DIR = ROOT / "data" / "reference"
DOCUMENTS_DIR = ROOT / "data" / "documents"
GRAPH_FILE = ROOT / "data" / "graph.ttl"
QUERIES_DIR = ROOT / "queries"
# The embedded Oxigraph store the queries run on (rebuilt from the files above; not in git).
STORE_DIR = ROOT / "data" / "store"
PATTERNS_DIR = Path(__file__).resolve().parent / "resources" / "patterns"

# The ontology's contract, generated artefacts and SPARQL quality checks.
CONTRACT_FILE = ONTOLOGY_DIR / "CONTRACT.md"
ONTOLOGY_OWL_FILE = ONTOLOGY_DIR / "ictgraph.owl"
ONTOLOGY_DOCS_FILE = ONTOLOGY_DIR / "docs" / "index.html"
ONTOLOGY_QC_DIR = ONTOLOGY_DIR / "qc"
# What the build remembers of each document's extraction (not in git; safe to delete).
CACHE_DIR = ROOT / "data" / "cache"
RESOURCES_DIR = Path(__file__).resolve().parent / "resources"
