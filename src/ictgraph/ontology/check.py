"""A quality report on the ontology, in the manner of ROBOT's `report`.

Rules written in Python cover what needs the whole term list (labels and
definitions per language, duplicates, declarations, domains and ranges, the
contract); the rest are SPARQL queries kept as data in ontology/qc/, each of
which must return no rows. Every finding is an ERROR or a WARN; the ontology
passes when there is no ERROR.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import ICT
from ictgraph.ontology.contract import Contract, read_contract
from ictgraph.ontology.load import PROPERTY_KINDS, TermKind, curie, declared_terms, load_ontology

ERROR = "ERROR"
WARN = "WARN"
LANGUAGES = ("ar", "en")

# Vocabularies whose terms OWL tools know without a declaration.
_BUILT_IN = tuple(str(ns) for ns in (RDF, RDFS, OWL, XSD))
# Predicates whose subject and object are both terms (classes or properties).
_AXIOM_PREDICATES = (
    RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.disjointWith, OWL.propertyDisjointWith, OWL.inverseOf, RDFS.domain, RDFS.range,
)
# Predicates whose object is a term, or a list of terms.
_TERM_OBJECT_PREDICATES = (OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom, OWL.onClass,
                           OWL.complementOf, OWL.onDataRange)
_TERM_LIST_PREDICATES = (OWL.unionOf, OWL.intersectionOf, OWL.members, OWL.hasKey,
                         OWL.propertyChainAxiom, OWL.disjointUnionOf)
_MENTION = re.compile(r"\bict:([A-Za-z][A-Za-z0-9_]*)")


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: its level, the rule that found it, the term it is about, and what is wrong."""

    level: str
    rule: str
    term: str
    detail: str


@dataclass
class Report:
    source: Path
    findings: list[Finding] = field(default_factory=list)
    classes: int = 0
    properties: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == WARN]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0


def check_file(path: Path | str | None = None, *, contract: Path | str | None = None,
               qc_dir: Path | str | None = None, use_contract: bool = True) -> Report:
    """Load an ontology file and check it; the defaults are the project's files."""
    path = Path(path) if path is not None else paths.ONTOLOGY_FILE
    graph = load_ontology(path)
    terms = read_contract(contract) if use_contract else None
    report = Report(path, check_graph(graph, contract=terms,
                                      qc_dir=Path(qc_dir) if qc_dir else paths.ONTOLOGY_QC_DIR))
    kinds = _ict_declarations(graph)
    report.classes = sum(1 for k in kinds.values() if TermKind.CLASS in k)
    report.properties = sum(1 for k in kinds.values() if k & PROPERTY_KINDS)
    return report


def check_graph(graph: Graph, *, contract: Contract | None = None,
                qc_dir: Path | None = None) -> list[Finding]:
    """Every finding on an ontology graph, sorted: errors first, then by rule and term."""
    findings: list[Finding] = []
    findings += _declarations(graph)
    findings += _labels_and_definitions(graph)
    findings += _duplicate_labels(graph)
    findings += _domains_and_ranges(graph)
    findings += _mentions_in_text(graph)
    if contract is not None:
        findings += _contract(graph, contract)
    if qc_dir is not None:
        findings += _sparql_checks(graph, qc_dir)
    return sorted(set(findings), key=lambda f: (f.level != ERROR, f.rule, f.term, f.detail))


def format_report(report: Report) -> list[str]:
    """The report as aligned lines, then one summary line."""
    lines = []
    if report.findings:
        widths = [max(len(getattr(f, col)) for f in report.findings) for col in ("level", "rule", "term")]
        for f in report.findings:
            lines.append(f"{f.level:<{widths[0]}}  {f.rule:<{widths[1]}}  {f.term:<{widths[2]}}  {f.detail}")
    errors, warnings = len(report.errors), len(report.warnings)
    lines.append(f"{report.source}: {errors} error{'s' * (errors != 1)}, "
                 f"{warnings} warning{'s' * (warnings != 1)} "
                 f"({report.classes} classes, {report.properties} properties checked)")
    return lines


# --- rules --------------------------------------------------------------------


def _ict_declarations(graph: Graph) -> dict[URIRef, set[TermKind]]:
    return {iri: kinds for iri, kinds in declared_terms(graph).items() if str(iri).startswith(str(ICT))}


def _declarations(graph: Graph) -> list[Finding]:
    """ict: terms used but not declared; external terms used as classes or properties but not
    declared (Protégé would flag them); one IRI declared as two kinds (punning); unused declarations."""
    declared = declared_terms(graph)
    findings = []
    for iri in sorted(_used_terms(graph) | _ict_iris(graph)):
        if iri not in declared and not str(iri).startswith(_BUILT_IN):
            findings.append(Finding(ERROR, "undeclared-term", curie(graph, iri),
                                    "used but never declared (owl:Class, owl:ObjectProperty, ...)"))
    for iri, kinds in sorted(declared.items()):
        # Object, datatype and annotation properties must stay apart in OWL 2 DL.
        property_kinds = kinds & PROPERTY_KINDS
        if len(property_kinds) > 1 or (TermKind.CLASS in kinds and property_kinds):
            findings.append(Finding(ERROR, "kind-clash", curie(graph, iri),
                                    "declared as " + " and ".join(sorted(k.value for k in kinds))))
    referenced = {o for _s, p, o in graph if p != RDF.type} | set(graph.predicates())
    for iri in sorted(declared):
        if not str(iri).startswith(str(ICT)) and iri not in referenced:
            findings.append(Finding(WARN, "unused-declaration", curie(graph, iri),
                                    "external term declared but not used"))
    return findings


def _used_terms(graph: Graph) -> set[URIRef]:
    """IRIs that stand as a class or a property somewhere in the axioms."""
    used: set[URIRef] = set(graph.predicates())
    used |= {o for o in graph.objects(None, RDF.type)}
    for predicate in _AXIOM_PREDICATES:
        for s, o in graph.subject_objects(predicate):
            used |= {s, o}
    for predicate in _TERM_OBJECT_PREDICATES:
        used |= set(graph.objects(None, predicate))
    for predicate in _TERM_LIST_PREDICATES:
        for head in graph.objects(None, predicate):
            used |= set(Collection(graph, head))
    return {iri for iri in used if isinstance(iri, URIRef)}


def _ict_iris(graph: Graph) -> set[URIRef]:
    """Every ict: IRI anywhere in the graph."""
    return {node for triple in graph for node in triple
            if isinstance(node, URIRef) and str(node).startswith(str(ICT))}


def _labels_and_definitions(graph: Graph) -> list[Finding]:
    findings = []
    for iri in sorted(_ict_declarations(graph)):
        for predicate, rule, name in ((RDFS.label, "missing-label", "rdfs:label"),
                                      (SKOS.definition, "missing-definition", "skos:definition")):
            langs = {o.language for o in graph.objects(iri, predicate)
                     if isinstance(o, Literal) and str(o).strip()}
            for lang in LANGUAGES:
                if lang not in langs:
                    findings.append(Finding(ERROR, rule, curie(graph, iri), f"no {name} in @{lang}"))
    return findings


def _duplicate_labels(graph: Graph) -> list[Finding]:
    """Two ict: terms with one label in one language (ignoring case and spacing)."""
    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for iri in _ict_declarations(graph):
        for label in graph.objects(iri, RDFS.label):
            if isinstance(label, Literal):
                key = (" ".join(str(label).split()).casefold(), label.language or "")
                owners[key].add(iri)
    findings = []
    for (text, lang), iris in sorted(owners.items()):
        if len(iris) > 1:
            names = sorted(curie(graph, i) for i in iris)
            for name in names:
                others = ", ".join(n for n in names if n != name)
                findings.append(Finding(ERROR, "duplicate-label", name,
                                        f'label "{text}"@{lang} also on {others}'))
    return findings


def _domains_and_ranges(graph: Graph) -> list[Finding]:
    findings = []
    for iri, kinds in sorted(_ict_declarations(graph).items()):
        if not kinds & {TermKind.OBJECT_PROPERTY, TermKind.DATATYPE_PROPERTY}:
            continue
        for predicate, rule in ((RDFS.domain, "missing-domain"), (RDFS.range, "missing-range")):
            if graph.value(iri, predicate) is None:
                findings.append(Finding(ERROR, rule, curie(graph, iri),
                                        f"property without {curie(graph, predicate)}"))
    return findings


def _mentions_in_text(graph: Graph) -> list[Finding]:
    """Definitions and notes that name an ict: term the ontology does not declare."""
    declared = _ict_declarations(graph)
    findings = []
    for s, p, o in graph.triples((None, None, None)):
        if isinstance(o, Literal) and p in (SKOS.definition, SKOS.scopeNote, RDFS.comment):
            for match in _MENTION.finditer(str(o)):
                if ICT[match.group(1)] not in declared:
                    subject = curie(graph, s) if isinstance(s, URIRef) else "_:"
                    findings.append(Finding(ERROR, "unknown-term-in-text", subject,
                                            f"{curie(graph, p)} names ict:{match.group(1)}, "
                                            "which is not declared"))
    return findings


def _contract(graph: Graph, contract: Contract) -> list[Finding]:
    """Every ict: name of the contract is declared, with the kind the contract implies."""
    declared = declared_terms(graph)
    findings = []
    for term in contract.ict_terms():
        kinds = declared.get(term.iri, set())
        if not kinds:
            findings.append(Finding(ERROR, "contract-missing", term.curie,
                                    f"named in {contract.source.name} but not declared"))
            continue
        wanted = {
            "class": {TermKind.CLASS},
            "object": {TermKind.OBJECT_PROPERTY},
            "datatype": {TermKind.DATATYPE_PROPERTY},
            None: {TermKind.OBJECT_PROPERTY, TermKind.DATATYPE_PROPERTY},
        }[term.expected_kind if term.table == "property" else "class"]
        if not kinds & wanted:
            findings.append(Finding(ERROR, "contract-kind", term.curie,
                                    f"declared as {', '.join(sorted(k.value for k in kinds))}; "
                                    f"the contract wants {' or '.join(sorted(k.value for k in wanted))}"))
    return findings


def _sparql_checks(graph: Graph, qc_dir: Path) -> list[Finding]:
    """Run every ontology/qc/*-violation.rq; each row is an ERROR named after its file.

    Oxigraph runs them: rdflib's own SPARQL engine takes about a second for the set.
    """
    queries = sorted(Path(qc_dir).glob("*-violation.rq"))
    if not queries:
        raise InputError(f"{qc_dir}: no *-violation.rq quality checks found")
    store = pyoxigraph.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    findings = []
    for query_file in queries:
        rule = query_file.stem.removesuffix("-violation")
        try:
            solutions = store.query(query_file.read_text(encoding="utf-8"))
            rows = [(solution["term"], solution["detail"]) for solution in solutions]
        except (SyntaxError, OSError, ValueError, TypeError) as exc:
            raise InputError(f"{query_file}: cannot run as a SELECT ?term ?detail query: {exc}") from exc
        for term, detail in rows:
            if isinstance(term, pyoxigraph.NamedNode):
                term_text = curie(graph, URIRef(term.value))
            else:
                term_text = "_:" if term is None or isinstance(term, pyoxigraph.BlankNode) else term.value
            findings.append(Finding(ERROR, rule, term_text, detail.value if detail is not None else "violation"))
    return findings
