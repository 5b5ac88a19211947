"""The curated reference data (data/reference/*.ttl) as a typed, read-only catalogue.

The Turtle files stay the single source of truth (reviewable in Protégé); this
module reads them once, checks that they hold together (one main class and
one Arabic label per resource, every link pointing at a known resource, unique
ISO codes) and answers the questions the extractor asks: the labels of a
resource, the country of a place or body, the country a publisher or a
self-reference ("السلطنة") stands for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Sequence

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from ictgraph.errors import InputError
from ictgraph.io import read_json_object
from ictgraph.namespaces import ICT, PREFIXES, SCHEMA
from ictgraph.paths import PATTERNS_DIR, REFERENCE_DIR
from ictgraph.text.normalize import normalize_key

# The classes a reference resource may have as its main class: the contract's,
# less the pipeline-only ones (Meeting, Person, Evidence ...), plus the
# ontology's Secretariat, which is disjoint from every contract class. A resource
# may also carry ontology sub-classes of its main class (ict:Ministry for a
# GovernmentBody); those are kept in ReferenceResource.kinds.
REFERENCE_CLASSES: tuple[str, ...] = (
    "RegionalOrganization", "Committee", "WorkingGroup", "Secretariat", "GovernmentBody",
    "Country", "Place", "Strategy", "Initiative", "SharedService", "Event", "Topic",
)

_ISO_CODE = re.compile(r"[A-Z]{2}")
# Characters around a publisher name as it stands in a sign-off: "/ العمانية /".
_NAME_EDGES = " \t/()[]-|,.،:"


@dataclass(frozen=True)
class ReferenceResource:
    """One curated resource and everything the pipeline needs to know about it."""

    iri: str
    cls: str  # main class local name: "Committee", "Country", ...
    label_ar: str  # rdfs:label @ar, as written in the file
    label_en: str | None  # rdfs:label @en
    alt_labels: tuple[str, ...] = ()  # skos:altLabel @ar
    hidden_labels: tuple[str, ...] = ()  # skos:hiddenLabel @ar (countries' nisba adjectives)
    abbreviations: tuple[str, ...] = ()  # ict:abbreviation
    iso_code: str | None = None  # ict:isoCode (countries)
    parent: str | None = None  # ict:subOrganizationOf
    reports_to: str | None = None  # ict:reportsTo
    member_countries: tuple[str, ...] = ()  # ict:memberCountry (IRIs)
    country: str | None = None  # IRI: schema:containedInPlace (places), dcterms:spatial (bodies)
    attributed_to: str | None = None  # prov:wasAttributedTo (strategies)
    broader: tuple[str, ...] = ()  # skos:broader (topics)
    kinds: tuple[str, ...] = ()  # further ict: classes, sub-classes of cls ("Ministry")
    source: str = ""  # the file it was read from


class Reference:
    """The loaded catalogue; build it with load_reference()."""

    def __init__(self, graph: Graph, resources: dict[str, ReferenceResource],
                 self_references: dict[str, list[str]], publishers: dict[str, str]) -> None:
        self.graph = graph  # every triple of the reference files, for the RDF output
        self.resources = resources  # by IRI, in IRI order
        self._self_references = self_references  # normalised word -> ISO codes
        self._publishers = publishers  # normalised name -> ISO code
        self._by_iso = {r.iso_code: r.iri for r in resources.values() if r.iso_code}
        self._organizations: dict[str, str] = {}
        for r in self.of_class("RegionalOrganization"):
            for name in (r.label_ar, *r.alt_labels, *r.abbreviations):
                self._organizations.setdefault(normalize_key(name), r.iri)

    def __iter__(self) -> Iterator[ReferenceResource]:
        return iter(self.resources.values())

    def __len__(self) -> int:
        return len(self.resources)

    def __contains__(self, iri: object) -> bool:
        return iri in self.resources

    def get(self, iri: str) -> ReferenceResource | None:
        return self.resources.get(iri)

    def of_class(self, cls: str) -> list[ReferenceResource]:
        """Every resource of one contract class, in IRI order."""
        return [r for r in self.resources.values() if r.cls == cls]

    def by_iso(self, code: str) -> str | None:
        """The IRI of the country with this ISO 3166-1 alpha-2 code."""
        return self._by_iso.get(code.upper())

    def label(self, iri: str, lang: str = "ar") -> str | None:
        """The rdfs:label of a resource in "ar" or "en", as written in the reference file."""
        r = self.resources.get(iri)
        if r is None:
            return None
        return r.label_ar if lang == "ar" else r.label_en if lang == "en" else None

    def labels(self, iri: str) -> list[str]:
        """The Arabic names of a resource (label, then alt labels), normalised."""
        r = self.resources.get(iri)
        if r is None:
            return []
        return list(dict.fromkeys(normalize_key(n) for n in (r.label_ar, *r.alt_labels)))

    def country_of(self, iri: str) -> str | None:
        """ISO code of the country a resource is in (a country: its own code)."""
        r = self.resources.get(iri)
        if r is None:
            return None
        if r.iso_code:
            return r.iso_code
        country = self.resources.get(r.country) if r.country else None
        return country.iso_code if country else None

    def organization(self, name: str) -> str | None:
        """The IRI of a regional organisation named by abbreviation ("GCC") or Arabic name."""
        return self._organizations.get(normalize_key(name))

    def self_reference(self, word: str) -> list[str]:
        """ISO codes of the countries whose own press calls itself `word` (السلطنة → ["OM"])."""
        return list(self._self_references.get(normalize_key(word), []))

    def publisher_country(self, name: str) -> str | None:
        """ISO code of the country a news agency or newspaper publishes from, if known."""
        return self._publishers.get(normalize_key(name.strip(_NAME_EDGES)))

    def pick(self, iris: Sequence[str], country: str | None) -> str:
        """Of several readings of one name, the one in `country` (ISO), else the first."""
        if country:
            for iri in iris:
                if self.country_of(iri) == country:
                    return iri
        return iris[0]


def load_reference(directory: Path = REFERENCE_DIR, patterns: Path = PATTERNS_DIR) -> Reference:
    """Read and check every *.ttl file of `directory` (cached per directory)."""
    return _load(Path(directory).resolve(), Path(patterns).resolve())


@lru_cache(maxsize=8)
def _load(directory: Path, patterns: Path) -> Reference:
    files = sorted(directory.glob("*.ttl")) if directory.is_dir() else []
    if not files:
        raise InputError(f"{directory}: no reference data (*.ttl) found")
    graph = Graph()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    resources: dict[str, ReferenceResource] = {}
    for path in files:
        part = _parse(path)
        for resource in _resources(part, path):
            if resource.iri in resources:
                raise InputError(f"{path}: {resource.iri} is also described in "
                                 f"{resources[resource.iri].source}")
            resources[resource.iri] = resource
        graph += part
    resources = dict(sorted(resources.items()))
    _check_links(resources, directory)
    countries = {r.iso_code for r in resources.values() if r.iso_code}
    return Reference(
        graph, resources,
        _load_self_references(patterns / "self_reference.json", countries),
        _load_publishers(patterns / "publishers.json", countries),
    )


def _parse(path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many unrelated types for bad syntax
        message = " ".join(str(exc).split())
        raise InputError(f"{path}: invalid Turtle: {message[:200]}") from exc
    return graph


def _resources(graph: Graph, path: Path) -> Iterator[ReferenceResource]:
    """Every subject typed with an ict: class, read into a ReferenceResource."""
    subjects = sorted({s for s, o in graph.subject_objects(RDF.type)
                       if isinstance(s, URIRef) and str(o).startswith(str(ICT))})
    for subject in subjects:
        yield _resource(graph, subject, path)


def _resource(graph: Graph, s: URIRef, path: Path) -> ReferenceResource:
    where = f"{path}: {s}"
    types = sorted(str(o)[len(str(ICT)):] for o in graph.objects(s, RDF.type)
                   if str(o).startswith(str(ICT)))
    classes = [t for t in types if t in REFERENCE_CLASSES]
    if len(classes) != 1:
        raise InputError(f"{where}: needs exactly one class of {', '.join(REFERENCE_CLASSES)}; "
                         f"has {', '.join(types)}")
    labels_ar = _literals(graph, s, RDFS.label, "ar")
    labels_en = _literals(graph, s, RDFS.label, "en")
    if len(labels_ar) != 1:
        raise InputError(f"{where}: needs exactly one rdfs:label @ar, has {len(labels_ar)}")
    if len(labels_en) > 1:
        raise InputError(f"{where}: has {len(labels_en)} rdfs:label @en, at most one allowed")
    iso = _single(graph, s, ICT.isoCode, where)
    if iso is not None and not _ISO_CODE.fullmatch(iso):
        raise InputError(f"{where}: ict:isoCode {iso!r} is not an ISO 3166-1 alpha-2 code")
    parents = _iris(graph, s, ICT.subOrganizationOf)
    if len(set(parents)) > 1:
        raise InputError(f"{where}: more than one parent organisation")
    countries = _iris(graph, s, SCHEMA.containedInPlace) + _iris(graph, s, DCTERMS.spatial)
    if len(set(countries)) > 1:
        raise InputError(f"{where}: more than one country")
    return ReferenceResource(
        iri=str(s),
        cls=classes[0],
        label_ar=labels_ar[0],
        label_en=labels_en[0] if labels_en else None,
        alt_labels=tuple(_literals(graph, s, SKOS.altLabel, "ar")),
        hidden_labels=tuple(_literals(graph, s, SKOS.hiddenLabel, "ar")),
        abbreviations=tuple(_literals(graph, s, ICT.abbreviation, None)),
        iso_code=iso,
        parent=parents[0] if parents else None,
        reports_to=_single_iri(graph, s, ICT.reportsTo, where),
        member_countries=tuple(_iris(graph, s, ICT.memberCountry)),
        country=countries[0] if countries else None,
        attributed_to=_single_iri(graph, s, PROV.wasAttributedTo, where),
        broader=tuple(_iris(graph, s, SKOS.broader)),
        kinds=tuple(t for t in types if t not in REFERENCE_CLASSES),
        source=path.name,
    )


def _literals(graph: Graph, s: URIRef, p: URIRef, lang: str | None) -> list[str]:
    """Literal values of s p, in a stable order; lang None means any (or no) language."""
    values = [o for o in graph.objects(s, p) if isinstance(o, Literal)
              and (lang is None or o.language == lang)]
    return sorted(str(o) for o in values)


def _iris(graph: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(str(o) for o in graph.objects(s, p) if isinstance(o, URIRef))


def _single(graph: Graph, s: URIRef, p: URIRef, where: str) -> str | None:
    values = _literals(graph, s, p, None)
    if len(values) > 1:
        raise InputError(f"{where}: more than one {graph.namespace_manager.normalizeUri(p)}")
    return values[0] if values else None


def _single_iri(graph: Graph, s: URIRef, p: URIRef, where: str) -> str | None:
    values = _iris(graph, s, p)
    if len(values) > 1:
        raise InputError(f"{where}: more than one {graph.namespace_manager.normalizeUri(p)}")
    return values[0] if values else None


# Which class each link must point at.
_LINK_TARGETS: dict[str, tuple[str, ...]] = {
    "parent": ("RegionalOrganization", "Committee"),
    "reports_to": ("Committee",),
    "member_countries": ("Country",),
    "country": ("Country",),
    "attributed_to": ("RegionalOrganization", "Committee", "GovernmentBody"),
    "broader": ("Topic",),
}


def _check_links(resources: dict[str, ReferenceResource], directory: Path) -> None:
    """Every link targets a known resource of the right class; ISO codes are unique."""
    seen_iso: dict[str, str] = {}
    for r in resources.values():
        for field_name, allowed in _LINK_TARGETS.items():
            value = getattr(r, field_name)
            for target in (value if isinstance(value, tuple) else (value,) if value else ()):
                found = resources.get(target)
                if found is None or found.cls not in allowed:
                    what = "unknown resource" if found is None else f"a {found.cls}"
                    raise InputError(f"{directory / r.source}: {r.iri}: {field_name} points at "
                                     f"{what} {target}; expected {' or '.join(allowed)}")
        if r.iso_code:
            if r.iso_code in seen_iso:
                raise InputError(f"{directory / r.source}: ISO code {r.iso_code} is used by "
                                 f"{seen_iso[r.iso_code]} and {r.iri}")
            seen_iso[r.iso_code] = r.iri





def _check_codes(path: Path, codes: object, countries: set[str], what: str) -> list[str]:
    if not isinstance(codes, list) or not codes or not all(isinstance(c, str) for c in codes):
        raise InputError(f"{path}: {what}: expected a non-empty list of ISO codes")
    unknown = [c for c in codes if c not in countries]
    if unknown:
        raise InputError(f"{path}: {what}: {', '.join(unknown)} not in the reference countries")
    return list(codes)


def _load_self_references(path: Path, countries: set[str]) -> dict[str, list[str]]:
    words = read_json_object(path).get("words")
    if not isinstance(words, dict):
        raise InputError(f"{path}: expected an object \"words\": {{word: [ISO codes]}}")
    return {normalize_key(word): _check_codes(path, codes, countries, word)
            for word, codes in words.items()}


def _load_publishers(path: Path, countries: set[str]) -> dict[str, str]:
    entries = read_json_object(path).get("publishers")
    if not isinstance(entries, list):
        raise InputError(f"{path}: expected a list \"publishers\"")
    by_name: dict[str, str] = {}
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("names"), list):
            raise InputError(f"{path}: publishers[{index}]: expected {{country, kind, names}}")
        country = _check_codes(path, [entry.get("country")], countries, f"publishers[{index}]")[0]
        for name in entry["names"]:
            key = normalize_key(str(name))
            if by_name.get(key, country) != country:
                raise InputError(f"{path}: {name!r} is listed for {by_name[key]} and {country}")
            by_name[key] = country
    return by_name
