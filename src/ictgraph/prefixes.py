"""The project's prefixes as plain strings: for code that must start fast (queries), which
should not pay for importing rdflib. namespaces.py builds rdflib Namespaces from these."""

PREFIX_IRIS: dict[str, str] = {
    "ict": "https://w3id.org/ictgraph/ontology#",
    "res": "https://w3id.org/ictgraph/resource/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",  # ontology header: preferred prefix and namespace
}
