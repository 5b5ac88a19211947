"""A deterministic RDF/XML writer for OWL files.

rdflib's writers are not byte-stable from run to run (random blank node IDs,
namespace declarations in set order), and a committed generated file must be.
This writer sorts everything, nests each blank node where it is used (OWL's
class expressions, lists and AllDisjointClasses axioms are used once), writes
lists as rdf:parseType="Collection", and falls back to rdf:nodeID only for a
blank node used more than once, with IDs numbered in output order.
"""

from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ictgraph.namespaces import PREFIXES

# Node element types, by preference, for a subject with several rdf:type values.
_TYPE_ORDER = (OWL.Ontology, OWL.AnnotationProperty, OWL.Class, OWL.ObjectProperty,
               OWL.DatatypeProperty, RDFS.Datatype, OWL.NamedIndividual, OWL.AllDisjointClasses,
               OWL.Restriction)
_INDENT = "    "


def serialize_rdfxml(graph: Graph, prefixes: dict[str, str] | None = None) -> str:
    """The graph as RDF/XML text, the same for the same triples on every run."""
    return _Writer(graph, prefixes or {p: str(ns) for p, ns in PREFIXES.items()}).write()


class _Writer:
    def __init__(self, graph: Graph, prefixes: dict[str, str]) -> None:
        self.graph = graph
        self.prefixes = dict(sorted(prefixes.items(), key=lambda kv: -len(kv[1])))  # longest first
        self.used_prefixes: set[str] = {"rdf"}
        self.references: dict[BNode, int] = defaultdict(int)
        for obj in graph.objects():
            if isinstance(obj, BNode):
                self.references[obj] += 1
        self.node_ids: dict[BNode, str] = {}

    # --- document ------------------------------------------------------------

    def write(self) -> str:
        top = sorted((s for s in set(self.graph.subjects()) if isinstance(s, URIRef)), key=self._subject_key)
        body: list[str] = []
        for subject in top:
            body += self._node(subject, 1)
        # Blank nodes nobody points to (OWL's AllDisjointClasses ...), then shared ones.
        free = [b for b in set(self.graph.subjects()) if isinstance(b, BNode) and self.references[b] != 1]
        for rendered in sorted(("\n".join(self._node(b, 1)) for b in free if self.references[b] == 0)):
            body.append(rendered)
        for node in sorted((b for b in free if self.references[b] > 1), key=self._node_id):
            body += self._node(node, 1)
        head = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
        for prefix in sorted(self.used_prefixes):
            head.append(f"{_INDENT}xmlns:{prefix}={quoteattr(self.prefixes[prefix])}")
        head[-1] += ">"
        return "\n".join(head + body + ["</rdf:RDF>", ""])

    def _subject_key(self, subject: URIRef) -> tuple:
        types = set(self.graph.objects(subject, RDF.type))
        rank = min((i for i, t in enumerate(_TYPE_ORDER) if t in types), default=len(_TYPE_ORDER))
        return (rank, str(subject))

    # --- nodes ---------------------------------------------------------------

    def _node(self, subject: URIRef | BNode, depth: int, nested: bool = False) -> list[str]:
        """A node element: typed by its main rdf:type, with its properties inside."""
        pad = _INDENT * depth
        types = set(self.graph.objects(subject, RDF.type))
        main_type = next((t for t in _TYPE_ORDER if t in types), None)
        element = self._qname(main_type) if main_type is not None else "rdf:Description"
        if isinstance(subject, URIRef):
            attribute = f" rdf:about={quoteattr(str(subject))}"
        elif self.references[subject] > 1:
            attribute = f" rdf:nodeID={quoteattr(self._node_id(subject))}"
        else:
            attribute = ""
        properties = [(p, o) for p, o in self.graph.predicate_objects(subject)
                      if not (p == RDF.type and o == main_type)]
        if not properties:
            return [f"{pad}<{element}{attribute}/>"]
        lines = [f"{pad}<{element}{attribute}>"]
        for predicate, obj in sorted(properties, key=lambda po: (str(po[0]), self._object_key(po[1]))):
            lines += self._property(predicate, obj, depth + 1)
        lines.append(f"{pad}</{element}>")
        return lines

    def _property(self, predicate: URIRef, obj, depth: int) -> list[str]:
        pad = _INDENT * depth
        name = self._qname(predicate)
        if isinstance(obj, Literal):
            attributes = ""
            if obj.language:
                attributes = f" xml:lang={quoteattr(obj.language)}"
            elif obj.datatype is not None:
                attributes = f" rdf:datatype={quoteattr(str(obj.datatype))}"
            return [f"{pad}<{name}{attributes}>{escape(str(obj))}</{name}>"]
        if isinstance(obj, URIRef):
            return [f"{pad}<{name} rdf:resource={quoteattr(str(obj))}/>"]
        if self.references[obj] > 1:
            return [f"{pad}<{name} rdf:nodeID={quoteattr(self._node_id(obj))}/>"]
        items = self._list_items(obj)
        if items is not None:
            lines = [f'{pad}<{name} rdf:parseType="Collection">']
            for item in items:
                if isinstance(item, URIRef):
                    lines.append(f"{pad}{_INDENT}<rdf:Description rdf:about={quoteattr(str(item))}/>")
                else:
                    lines += self._node(item, depth + 1)
            return lines + [f"{pad}</{name}>"]
        return [f"{pad}<{name}>"] + self._node(obj, depth + 1) + [f"{pad}</{name}>"]

    def _list_items(self, head: BNode) -> list | None:
        """The members of a well-formed RDF list of resources, else None (written as plain triples)."""
        items, node, seen = [], head, set()
        while node != RDF.nil:
            if not isinstance(node, BNode) or node in seen:
                return None
            seen.add(node)
            if node != head and self.references[node] != 1:
                return None
            if set(self.graph.predicates(node)) != {RDF.first, RDF.rest}:
                return None
            first, rest = list(self.graph.objects(node, RDF.first)), list(self.graph.objects(node, RDF.rest))
            if len(first) != 1 or len(rest) != 1 or isinstance(first[0], Literal):
                return None
            if isinstance(first[0], BNode) and self.references[first[0]] != 1:
                return None
            items.append(first[0])
            node = rest[0]
        return items

    # --- names and order -----------------------------------------------------

    def _qname(self, iri: URIRef) -> str:
        text = str(iri)
        for prefix, namespace in self.prefixes.items():
            local = text[len(namespace):]
            if text.startswith(namespace) and local and _is_ncname(local):
                self.used_prefixes.add(prefix)
                return f"{prefix}:{local}"
        # An IRI outside the known namespaces: split at the last '#' or '/' and invent a prefix.
        cut = max(text.rfind("#"), text.rfind("/")) + 1
        namespace, local = text[:cut], text[cut:]
        if not local or not _is_ncname(local):
            raise ValueError(f"cannot write <{iri}> as an RDF/XML element name")
        prefix = next((p for p, ns in self.prefixes.items() if ns == namespace), None)
        if prefix is None:
            prefix = f"ns{sum(1 for p in self.prefixes if p.startswith('ns')) + 1}"
            self.prefixes[prefix] = namespace
        self.used_prefixes.add(prefix)
        return f"{prefix}:{local}"

    def _object_key(self, obj) -> tuple:
        if isinstance(obj, Literal):
            return (0, str(obj.language or ""), str(obj.datatype or ""), str(obj))
        if isinstance(obj, URIRef):
            return (1, str(obj))
        return (2, self._canonical(obj, set()))

    def _canonical(self, node, seen: set) -> str:
        """A text standing for a blank node's content, to order blank nodes without their random IDs."""
        if not isinstance(node, BNode):
            return node.n3()
        if node in seen:
            return "_:cycle"
        seen = seen | {node}
        parts = sorted(f"{p.n3()} {self._canonical(o, seen)}" for p, o in self.graph.predicate_objects(node))
        return "[" + "; ".join(parts) + "]"

    def _node_id(self, node: BNode) -> str:
        if node not in self.node_ids:
            ranked = sorted((b for b, n in self.references.items() if n > 1), key=lambda b: self._canonical(b, set()))
            for i, b in enumerate(ranked, 1):
                self.node_ids[b] = f"b{i}"
        return self.node_ids[node]


def _is_ncname(local: str) -> bool:
    return (local[0].isalpha() or local[0] == "_") and all(c.isalnum() or c in "-_." for c in local)
