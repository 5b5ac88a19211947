"""The OWL ontology's tooling: load it, check its quality, export it for Protégé, document it.

ontology/ictgraph.ttl is the source of truth; everything here reads it and
never edits it.
"""

from ictgraph.ontology.check import Finding, Report, check_file, check_graph, format_report
from ictgraph.ontology.contract import Contract, ContractTerm, read_contract
from ictgraph.ontology.docs import render_docs, write_docs
from ictgraph.ontology.export import export_rdfxml
from ictgraph.ontology.load import TermKind, declared_terms, load_ontology
from ictgraph.ontology.rdfxml import serialize_rdfxml

__all__ = [
    "Contract", "ContractTerm", "Finding", "Report", "TermKind", "check_file", "check_graph",
    "declared_terms", "export_rdfxml", "format_report", "load_ontology", "read_contract",
    "render_docs", "serialize_rdfxml", "write_docs",
]
