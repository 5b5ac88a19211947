"""A SHACL Core + SHACL-SPARQL validator for the subset of SHACL the project's shapes use.

pyshacl validates about 3,500 triples a second on rdflib: a second for the bundled
graph, minutes for a corpus. This engine indexes the data once in plain Python
dictionaries (Core constraints need the literals exactly as written, which a
store that canonicalises xsd:positiveInteger to xsd:integer would lose) and runs
each SHACL-SPARQL constraint once over every focus node on an in-memory Oxigraph
store. It refuses shapes that use a feature it does not implement, and
tests/test_shacl_engine.py checks it against pyshacl on every shape test case.
"""

from ictgraph.shacl.engine import RawResult, Validator
from ictgraph.shacl.shapes import ShapesError, compile_shapes

__all__ = ["RawResult", "ShapesError", "Validator", "compile_shapes"]
