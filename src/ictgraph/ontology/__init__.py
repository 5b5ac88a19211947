"""The OWL ontology's tooling: load it, check its quality, export it for Protégé, document it.

ontology/ictgraph.ttl is the source of truth; everything here reads it and
never edits it. Modules: load, check, contract, export, rdfxml, docs, commands
(the CLI group). Nothing is imported here, so that `ictgraph` starts without rdflib.
"""
