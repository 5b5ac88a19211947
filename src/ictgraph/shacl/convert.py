"""Between the engine's pyoxigraph terms and rdflib's, which the rest of validate.py speaks."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from ictgraph import ntriples as nt
from ictgraph.errors import InputError
from ictgraph.shacl.datagraph import DataGraph
from ictgraph.shacl.engine import RawResult
from ictgraph.shacl.terms import Term, Triple

_XSD_STRING = str(XSD.string)
_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".n3": ox.RdfFormat.N3,
            ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML}


def parse_file(path: Path) -> Iterator[Triple]:
    """The triples of an RDF file (format from the suffix, Turtle by default), read by Oxigraph.

    Oxigraph's parser keeps literals as written; only its store canonicalises them."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    rdf_format = _FORMATS.get(path.suffix.lower(), ox.RdfFormat.TURTLE)
    try:
        quads = list(ox.parse(path=str(path), format=rdf_format))
    except (SyntaxError, ValueError, OSError) as exc:
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise InputError(f"{path}: cannot parse as {rdf_format.name.lower()}: {message[:300]}") from exc
    return ((q.subject, q.predicate, q.object) for q in quads)


def from_ntriples(triples: Iterable[tuple[str, str, str]],
                  made: dict[str, Term] | None = None) -> Iterator[Triple]:
    """Triples of N-Triples terms (ictgraph.ntriples) as Oxigraph terms, each distinct term
    made once (`made`: the terms made so far, text → term, shared with the caller): reading
    the same graph back from bytes made three objects per triple."""
    if made is None:
        made = {}
    for triple in triples:
        try:
            yield made[triple[0]], made[triple[1]], made[triple[2]]
        except KeyError:
            for text in triple:
                if text not in made:
                    made[text] = _from_ntriples_term(text)
            yield made[triple[0]], made[triple[1]], made[triple[2]]


def from_ntriples_term(text: str, made: dict[str, Term]) -> Term:
    """One N-Triples term as an Oxigraph term, made once (see from_ntriples)."""
    term = made.get(text)
    if term is None:
        term = made[text] = _from_ntriples_term(text)
    return term


def _from_ntriples_term(text: str) -> Term:
    if nt.is_iri(text):
        return ox.NamedNode(nt.iri_value(text))
    lexical, language, datatype = nt.literal_parts(text)
    if language:
        return ox.Literal(lexical, language=language)
    datatype = datatype or _XSD_STRING
    node = _DATATYPES.get(datatype)
    if node is None:
        node = _DATATYPES[datatype] = ox.NamedNode(datatype)
    return ox.Literal(lexical, datatype=node)


_DATATYPES: dict[str, ox.NamedNode] = {}  # a few datatypes for millions of literals


def from_rdflib_term(term) -> Term:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def from_rdflib(graph: Graph) -> Iterator[Triple]:
    # Terms repeat a lot (predicates, classes, documents): convert each once.
    cache: dict = {}

    def convert(term) -> Term:
        found = cache.get(term)
        if found is None:
            found = cache[term] = from_rdflib_term(term)
        return found

    for s, p, o in graph:
        yield convert(s), convert(p), convert(o)


def to_rdflib(term: Term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class NativeGraphView:
    """The lookups ValidationReport makes (labels, documents), on the engine's index."""

    def __init__(self, graph: DataGraph) -> None:
        self.graph = graph

    def objects(self, subject, predicate) -> Iterable:
        return [to_rdflib(o) for o in self.graph.objects(from_rdflib_term(subject),
                                                         from_rdflib_term(predicate))]

    def predicates(self, subject, obj) -> Iterator:
        s, o = from_rdflib_term(subject), from_rdflib_term(obj)
        return (to_rdflib(p) for p in self.graph.predicates(s) if o in self.graph.objects(s, p))

    def __contains__(self, triple) -> bool:
        s, p, o = (from_rdflib_term(t) for t in triple)
        return self.graph.has(s, p, o)


def report_graph_of(results: list[RawResult], conforms: bool) -> Graph:
    """The standard SHACL validation report (sh:ValidationReport) of the results."""
    report = Graph()
    node = BNode()
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    for raw in results:
        result = BNode()
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, to_rdflib(raw.focus)))
        if raw.path is not None:
            predicate = URIRef(raw.path.predicate.value)
            if raw.path.inverse:
                inverse = BNode()
                report.add((inverse, SH.inversePath, predicate))
                report.add((result, SH.resultPath, inverse))
            else:
                report.add((result, SH.resultPath, predicate))
        if raw.value is not None:
            report.add((result, SH.value, to_rdflib(raw.value)))
        report.add((result, SH.resultSeverity, to_rdflib(raw.severity)))
        report.add((result, SH.sourceShape, to_rdflib(raw.shape)))
        report.add((result, SH.sourceConstraintComponent, to_rdflib(raw.component)))
        if raw.constraint is not None:
            report.add((result, SH.sourceConstraint, to_rdflib(raw.constraint)))
        for message in raw.messages:
            report.add((result, SH.resultMessage, to_rdflib(message)))
    return report
