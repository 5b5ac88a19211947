"""Bilingual HTML documentation of the ontology: every ict: term with its Arabic and English
label and definition, its axioms, and links between terms.

pyLODE 3.3.4 was tried first: it runs its labels of both languages together in
one heading, marks no text as Arabic (lang/dir), and its output changes from
run to run (union members and fragment IDs), so a committed page would never
be stable. This renderer is small, deterministic and marks each language.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VANN

from ictgraph import paths
from ictgraph.io import write_atomic
from ictgraph.namespaces import ICT, PREFIXES
from ictgraph.ontology.load import curie, load_ontology

_SECTIONS = (
    (OWL.Class, "classes", "Classes", "الأصناف"),
    (OWL.ObjectProperty, "object-properties", "Object properties", "الخصائص الرابطة"),
    (OWL.DatatypeProperty, "datatype-properties", "Datatype properties", "خصائص القيم"),
    (OWL.AnnotationProperty, "annotation-properties", "Annotation properties", "خصائص التعليقات"),
)
_KIND_NAMES = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
_CHARACTERISTICS = (
    (OWL.FunctionalProperty, "functional", "وظيفية"),
    (OWL.InverseFunctionalProperty, "inverse functional", "وظيفية عكسية"),
    (OWL.IrreflexiveProperty, "irreflexive", "غير انعكاسية"),
    (OWL.TransitiveProperty, "transitive", "متعدية"),
    (OWL.SymmetricProperty, "symmetric", "متماثلة"),
)
_CSS = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
h1, h2 { border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
h3 { margin-bottom: .3rem; }
h3 code { font-size: .85em; color: #555; font-weight: normal; }
table { border-collapse: collapse; width: 100%; margin-bottom: 1.5rem; }
th, td { border: 1px solid #ddd; padding: .3rem .6rem; vertical-align: top; text-align: start; }
th { background: #f5f5f5; width: 12rem; font-weight: 600; }
[lang=ar] { font-size: 1.1em; }
.kind { font-size: .75em; color: #fff; background: #777; border-radius: .3rem; padding: 0 .3rem; }
nav ul { columns: 3; }
"""


def render_docs(graph: Graph) -> str:
    """The HTML page for an ontology graph."""
    return _Renderer(graph).page()


def write_docs(source: Path | str | None = None, destination: Path | str | None = None) -> Path:
    """Render the ontology file's documentation to destination (atomically); returns the path."""
    destination = Path(destination) if destination is not None else paths.ONTOLOGY_DOCS_FILE
    html = render_docs(load_ontology(source))
    destination.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(destination, html.encode("utf-8"))
    return destination


class _Renderer:
    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.ontology = next(iter(sorted(graph.subjects(RDF.type, OWL.Ontology))), None)

    # --- page ----------------------------------------------------------------

    def page(self) -> str:
        title_en = self._text(self.ontology, DCTERMS.title, "en") or "Ontology"
        parts = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{escape(title_en)}</title>",
            f"<style>{_CSS}</style>",
            "</head>",
            "<body>",
        ]
        parts += self._header()
        parts += self._toc()
        for rdf_type, anchor, title_en, title_ar in _SECTIONS:
            terms = self._terms(rdf_type)
            if not terms:
                continue
            parts.append(f'<h2 id="{anchor}">{escape(title_en)} · {_ar(title_ar)}</h2>')
            for term in terms:
                parts += self._term(term, rdf_type)
        parts += self._external()
        parts += self._namespaces()
        parts += ["</body>", "</html>", ""]
        return "\n".join(parts)

    def _header(self) -> list[str]:
        o = self.ontology
        if o is None:
            return ["<h1>Ontology</h1>"]
        rows = [("IRI", _code(str(o)))]
        for predicate, name in ((OWL.versionIRI, "Version IRI"), (DCTERMS.license, "Licence")):
            for value in sorted(self.g.objects(o, predicate)):
                rows.append((name, f'<a href="{escape(str(value))}">{escape(str(value))}</a>'))
        for predicate, name in ((OWL.versionInfo, "Version"), (DCTERMS.creator, "Creator"),
                                (VANN.preferredNamespacePrefix, "Preferred prefix"),
                                (VANN.preferredNamespaceUri, "Namespace")):
            for value in sorted(self.g.objects(o, predicate)):
                rows.append((name, escape(str(value))))
        for lang in ("en", "ar"):
            description = self._text(o, DCTERMS.description, lang)
            if description:
                rows.append((f"Description ({lang})", _lang(description, lang)))
        title_ar = self._text(o, DCTERMS.title, "ar")
        return ([f"<h1>{escape(self._text(o, DCTERMS.title, 'en') or str(o))}</h1>"]
                + ([f"<h1>{_ar(title_ar)}</h1>"] if title_ar else []) + _table(rows))

    def _toc(self) -> list[str]:
        lines = ["<nav>"]
        for rdf_type, anchor, title_en, title_ar in _SECTIONS:
            terms = self._terms(rdf_type)
            if not terms:
                continue
            lines.append(f'<h3><a href="#{anchor}">{escape(title_en)} · {_ar(title_ar)}</a></h3>')
            lines.append("<ul>")
            for term in terms:
                lines.append(f"<li>{self._link(term)}</li>")
            lines.append("</ul>")
        return lines + ["</nav>"]

    # --- one term ------------------------------------------------------------

    def _term(self, term: URIRef, rdf_type: URIRef) -> list[str]:
        en, ar = self._text(term, RDFS.label, "en"), self._text(term, RDFS.label, "ar")
        kind = _KIND_NAMES[rdf_type]
        heading = (f'<h3 id="{escape(_local(term))}">{escape(en or _local(term))} · {_ar(ar or "")} '
                   f'<code>{escape(curie(self.g, term))}</code> <span class="kind">{kind}</span></h3>')
        rows = [("IRI", _code(str(term)))]
        for lang, name in (("en", "Label (en)"), ("ar", "التسمية (ar)")):
            for label in self._texts(term, RDFS.label, lang):
                rows.append((name, _lang(label, lang)))
        for lang, name in (("en", "Definition (en)"), ("ar", "التعريف (ar)")):
            for text in self._texts(term, SKOS.definition, lang):
                rows.append((name, _lang(text, lang)))
        for lang in ("en", "ar"):
            alts = self._texts(term, SKOS.altLabel, lang)
            if alts:
                rows.append((f"Also called ({lang})", ", ".join(_lang(a, lang) for a in alts)))
            for note in self._texts(term, SKOS.scopeNote, lang):
                rows.append((f"Note ({lang})", _lang(note, lang)))
        rows += self._axioms(term, rdf_type)
        return [heading] + _table(rows)

    def _axioms(self, term: URIRef, rdf_type: URIRef) -> list[tuple[str, str]]:
        rows = []
        if rdf_type == OWL.Class:
            rows += self._related("Sub-class of", self.g.objects(term, RDFS.subClassOf))
            rows += self._related("Super-class of", self.g.subjects(RDFS.subClassOf, term))
            rows += self._related("Disjoint with", self._disjoint_with(term))
            for key in self.g.objects(term, OWL.hasKey):
                rows.append(("Key", ", ".join(self._expr(k) for k in Collection(self.g, key))))
            rows += self._related("In domain of", self._mentioned_in(term, RDFS.domain))
            rows += self._related("In range of", self._mentioned_in(term, RDFS.range))
        else:
            rows += self._related("Sub-property of", self.g.objects(term, RDFS.subPropertyOf))
            rows += self._related("Super-property of", self.g.subjects(RDFS.subPropertyOf, term))
            rows += self._related("Inverse of", self.g.objects(term, OWL.inverseOf))
            rows += [("Domain", self._expr(d)) for d in sorted(self.g.objects(term, RDFS.domain), key=str)]
            rows += [("Range", self._expr(r)) for r in sorted(self.g.objects(term, RDFS.range), key=str)]
            traits = [f"{en} · {_ar(ar)}" for t, en, ar in _CHARACTERISTICS if (term, RDF.type, t) in self.g]
            if traits:
                rows.append(("Characteristics", ", ".join(traits)))
        return rows

    def _related(self, name: str, nodes) -> list[tuple[str, str]]:
        named = sorted({n for n in nodes if isinstance(n, URIRef)}, key=lambda n: curie(self.g, n))
        return [(name, ", ".join(self._link(n) for n in named))] if named else []

    def _disjoint_with(self, term: URIRef) -> set[URIRef]:
        others = set(self.g.objects(term, OWL.disjointWith)) | set(self.g.subjects(OWL.disjointWith, term))
        for axiom in self.g.subjects(RDF.type, OWL.AllDisjointClasses):
            for members in self.g.objects(axiom, OWL.members):
                listed = list(Collection(self.g, members))
                if term in listed:
                    others |= set(listed) - {term}
        return others

    def _mentioned_in(self, cls: URIRef, predicate: URIRef) -> set[URIRef]:
        """Properties whose domain (or range) is the class or a union that lists it."""
        found = set()
        for prop, value in self.g.subject_objects(predicate):
            if value == cls:
                found.add(prop)
            elif isinstance(value, BNode):
                for union in self.g.objects(value, OWL.unionOf):
                    if cls in set(Collection(self.g, union)):
                        found.add(prop)
        return found

    def _expr(self, node) -> str:
        """A class or datatype expression: a named term, or a union of them."""
        if isinstance(node, URIRef):
            return self._link(node)
        for union in self.g.objects(node, OWL.unionOf):
            return " or ".join(self._expr(member) for member in Collection(self.g, union))
        return "(anonymous expression)"

    # --- external terms and namespaces --------------------------------------

    def _external(self) -> list[str]:
        rows = []
        for rdf_type, kind in _KIND_NAMES.items():
            for term in sorted(self.g.subjects(RDF.type, rdf_type), key=lambda t: curie(self.g, t)):
                if isinstance(term, URIRef) and not str(term).startswith(str(ICT)):
                    label = escape(self._text(term, RDFS.label, "en") or "")
                    rows.append((curie(self.g, term), f'<a href="{escape(str(term))}">{label}</a> ({kind})'))
        if not rows:
            return []
        return ['<h2 id="external">Reused terms · المفردات المستعارة</h2>'] + _table(rows)

    def _namespaces(self) -> list[str]:
        rows = [(prefix, _code(str(ns))) for prefix, ns in sorted(PREFIXES.items())]
        return ['<h2 id="namespaces">Namespaces · نطاقات الأسماء</h2>'] + _table(rows)

    # --- helpers -------------------------------------------------------------

    def _terms(self, rdf_type: URIRef) -> list[URIRef]:
        return sorted((t for t in self.g.subjects(RDF.type, rdf_type)
                       if isinstance(t, URIRef) and str(t).startswith(str(ICT))), key=_local)

    def _texts(self, subject, predicate, lang: str) -> list[str]:
        return sorted(str(o) for o in self.g.objects(subject, predicate)
                      if isinstance(o, Literal) and o.language == lang)

    def _text(self, subject, predicate, lang: str) -> str | None:
        texts = self._texts(subject, predicate, lang) if subject is not None else []
        return texts[0] if texts else None

    def _link(self, iri: URIRef) -> str:
        name = escape(curie(self.g, iri))
        if str(iri).startswith(str(ICT)):
            return f'<a href="#{escape(_local(iri))}">{name}</a>'
        return f'<a href="{escape(str(iri))}">{name}</a>'


def _local(iri: URIRef) -> str:
    return str(iri)[len(str(ICT)):] if str(iri).startswith(str(ICT)) else str(iri)


def _lang(text: str, lang: str) -> str:
    return _ar(text) if lang == "ar" else f'<span lang="{lang}">{escape(text, quote=False)}</span>'


def _ar(text: str) -> str:
    return f'<span lang="ar" dir="rtl">{escape(text, quote=False)}</span>'


def _code(text: str) -> str:
    return f"<code>{escape(text, quote=False)}</code>"


def _table(rows: list[tuple[str, str]]) -> list[str]:
    lines = ["<table>"]
    for name, value in rows:
        lines.append(f"<tr><th>{escape(name)}</th><td>{value}</td></tr>")
    return lines + ["</table>"]
