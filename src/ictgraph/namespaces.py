"""Every namespace and prefix of the project, declared once."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VANN, XSD

ICT = Namespace("https://w3id.org/ictgraph/ontology#")
RES = Namespace("https://w3id.org/ictgraph/resource/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
# The SHACL shapes (ontology/shapes.ttl); not in PREFIXES: data and ontology never use it.
SHAPES = Namespace("https://w3id.org/ictgraph/shapes#")

from ictgraph.prefixes import PREFIX_IRIS  # noqa: E402

_KNOWN = {"ict": ICT, "res": RES, "org": ORG, "prov": PROV, "skos": SKOS, "time": TIME,
          "foaf": FOAF, "schema": SCHEMA, "dcterms": DCTERMS, "owl": OWL, "rdf": RDF,
          "rdfs": RDFS, "xsd": XSD, "sh": SH, "vann": VANN}
PREFIXES: dict[str, Namespace] = {name: _KNOWN[name] for name in PREFIX_IRIS}
assert all(str(PREFIXES[name]) == iri for name, iri in PREFIX_IRIS.items()), "prefixes.py disagrees"

__all__ = ["ICT", "RES", "ORG", "SCHEMA", "SH", "SHAPES", "PREFIXES", "DCTERMS", "FOAF", "OWL", "PROV",
           "RDF", "RDFS", "SKOS", "TIME", "VANN", "XSD"]
