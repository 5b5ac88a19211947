"""Entity resolution and IRI minting: the only place resource IRIs are made.

Every EntityRef of the extraction gets one IRI, built from its key alone:

  ("ref", iri)                            that IRI (reference data)
  ("name", normalised name)               res:{class-slug}/{slug}
  Event ("name", name[, ordinal])         res:event/{slug}[-{ordinal}]
  Meeting (committee ref, ordinal)        res:meeting/{committee-slug}-{ordinal}
  Delegation (meeting ref, country ref)   res:delegation/{meeting-slug}-{iso2}

where a *-slug of a referenced entity is the last path segment of its IRI.
Person names merge when one is a sub-sequence of exactly one longer name with
the same first and last word ("حمد المنصوري" -> "حمد عبيد المنصوري"); nothing
else merges. When two different keys would get the same IRI, each gets a short
hash of its full key appended, so IRIs never depend on input order or counters.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat

from rdflib import Graph, URIRef

from ictgraph import ntriples as nt
from ictgraph.errors import InputError
from ictgraph.model import EntityRef, Fact
from ictgraph.namespaces import RES
from ictgraph.paths import PATTERNS_DIR
from ictgraph.text.normalize import normalize, normalize_key

# The IRI path of each class that can be keyed by a name (graph-layout.md).
CLASS_SLUGS: dict[str, str] = {
    "Committee": "committee",
    "WorkingGroup": "working-group",
    "Person": "person",
    "Place": "place",
    "Initiative": "initiative",
    "SharedService": "service",
    "Strategy": "strategy",
    "Event": "event",
    "Topic": "topic",
    "GovernmentBody": "body",
    "RegionalOrganization": "organization",
}
MAX_SLUG_LENGTH = 60
_EVIDENCE_PREFIX = str(RES["evidence/"])
HASH_LENGTH = 8

TRANSLITERATION_FILE = PATTERNS_DIR.parent / "transliteration.json"
# Honorific lists: a dedicated file if the project has one, else the people patterns.
HONORIFIC_FILES = ((PATTERNS_DIR / "honorifics.json", None), (PATTERNS_DIR / "people.json", "honorifics"))


# --------------------------------------------------------------------------- data files

def _load_json(path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc


@lru_cache(maxsize=1)
def _letters() -> dict[str, str]:
    data = _load_json(TRANSLITERATION_FILE)
    if not isinstance(data, dict) or not isinstance(data.get("letters"), dict):
        raise InputError(f"{TRANSLITERATION_FILE}: expected an object with a 'letters' table")
    return data["letters"]


def _strings(data: object) -> Iterator[str]:
    """Every string of a JSON value; keys starting with '_' are comments."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item)
    elif isinstance(data, dict):
        for key, value in data.items():
            if not str(key).startswith("_"):
                yield from _strings(value)


@lru_cache(maxsize=1)
def _honorifics() -> tuple[tuple[str, ...], ...]:
    """Honorific word sequences, normalised, longest first; empty if no list exists."""
    for path, key in HONORIFIC_FILES:
        if path.is_file():
            data = _load_json(path)
            if key is not None:
                data = data.get(key, []) if isinstance(data, dict) else []
            words = {tuple(normalize_key(s).split()) for s in _strings(data)}
            return tuple(sorted((w for w in words if w), key=lambda w: (-len(w), w)))
    return ()


# --------------------------------------------------------------------------- slugs and keys

def slugify(name: str) -> str:
    """An ASCII slug of an Arabic (or Latin) name, at most MAX_SLUG_LENGTH characters.

    Letters follow resources/transliteration.json; Latin letters and digits are
    kept lowercased; everything else becomes one "-".
    """
    letters = _letters()
    out: list[str] = []
    for ch in normalize(name).text:
        if ch in letters:
            out.append(letters[ch])
        elif ch.isascii() and ch.isalnum():
            out.append(ch.lower())
        else:
            # Accented Latin letters keep their base letter; anything else separates words.
            base = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(base.lower() if base.isalnum() else "-")
    slug = re.sub(r"-+", "-", "".join(out)).strip("-")
    if len(slug) > MAX_SLUG_LENGTH:
        cut = slug[:MAX_SLUG_LENGTH]
        # Prefer ending on a word boundary unless that throws away half the slug.
        boundary = cut.rfind("-")
        slug = (cut[:boundary] if boundary > MAX_SLUG_LENGTH // 2 else cut).strip("-")
    return slug


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def person_name_key(name: str) -> str:
    """A person's comparison key: normalised, عبد joined, leading honorifics removed."""
    words = normalize_key(name).split()
    stripped = True
    while stripped:
        stripped = False
        for honorific in _honorifics():
            n = len(honorific)
            if len(words) > n and tuple(words[:n]) == honorific:
                words = words[n:]
                stripped = True
                break
    return " ".join(words)


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    remaining = iter(long)
    return all(word in remaining for word in short)


def merge_person_names(names: Iterable[str]) -> dict[str, str]:
    """Map each shorter person name to the one longer name it abbreviates.

    A name of two words or more abbreviates a longer one when its words are a
    sub-sequence of the longer one's and the first and last words agree. It is
    merged only into a unique maximal such name: two unrelated longer names
    ("محمد حسن علي", "محمد سعيد علي") make "محمد علي" ambiguous, so it stays.
    """
    by_ends: dict[tuple[str, str], list[tuple[str, ...]]] = defaultdict(list)
    for name in sorted(set(names)):
        words = tuple(name.split())
        if words:
            by_ends[(words[0], words[-1])].append(words)
    merges: dict[str, str] = {}
    for group in by_ends.values():
        for short in group:
            if len(short) < 2:
                continue
            longer = [w for w in group if len(w) > len(short) and _is_subsequence(short, w)]
            maximal = [w for w in longer
                       if not any(len(o) > len(w) and _is_subsequence(w, o) for o in longer)]
            if len(maximal) == 1:
                merges[" ".join(short)] = " ".join(maximal[0])
    return merges


def _check_key(ref: EntityRef) -> None:
    """Raise ValueError unless ref.key has one of the shapes this module knows."""
    key = ref.key

    def bad(reason: str) -> ValueError:
        return ValueError(f"unsupported EntityRef key for {ref.cls}: {key!r} ({reason})")

    if not isinstance(key, tuple) or not key:
        raise bad("a key is a non-empty tuple")
    if key[0] == "ref":
        if len(key) != 2 or not isinstance(key[1], str) or not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", key[1]):
            raise bad('expected ("ref", absolute IRI)')
        return
    if key[0] == "name":
        if ref.cls not in CLASS_SLUGS:
            raise bad(f"only {', '.join(sorted(CLASS_SLUGS))} can be keyed by name")
        if len(key) < 2 or not isinstance(key[1], str) or not key[1].strip():
            raise bad('expected ("name", non-empty name)')
        if len(key) == 3 and ref.cls == "Event" and _is_positive_int(key[2]):
            return
        if len(key) != 2:
            raise bad('expected ("name", name), or ("name", name, ordinal) for an Event')
        return
    if ref.cls == "Meeting":
        if len(key) != 2 or not isinstance(key[0], EntityRef) or not _is_positive_int(key[1]):
            raise bad("expected (committee EntityRef, ordinal >= 1)")
        _check_key(key[0])
        return
    if ref.cls == "Delegation":
        if (len(key) != 2 or not isinstance(key[0], EntityRef) or key[0].cls != "Meeting"
                or not isinstance(key[1], EntityRef) or key[1].cls != "Country"):
            raise bad("expected (meeting EntityRef, country EntityRef)")
        _check_key(key[0])
        _check_key(key[1])
        return
    raise bad('expected ("ref", iri) or ("name", name)')


def _is_positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def components(ref: EntityRef) -> Iterator[EntityRef]:
    """The ref and every EntityRef nested in its key, depth first."""
    yield ref
    if ref.key and ref.key[0] not in ("ref", "name"):
        for part in ref.key:
            if isinstance(part, EntityRef):
                yield from components(part)


def _depth(ref: EntityRef) -> int:
    parts = [p for p in ref.key if isinstance(p, EntityRef)] if ref.key[0] not in ("ref", "name") else []
    return 1 + max(_depth(p) for p in parts) if parts else 0


def is_reference(ref: EntityRef) -> bool:
    """Whether the ref names a reference-data resource (its IRI is given, not minted)."""
    return bool(ref.key) and ref.key[0] == "ref"


# --------------------------------------------------------------------------- resolution

@dataclass(frozen=True)
class Resolution:
    """Every entity of a run mapped to its canonical entity and IRI.

    facts: the input facts rewritten to canonical entities;
    canonical: every EntityRef seen (and every canonical one) -> canonical EntityRef;
    iris: canonical EntityRef -> IRI.
    """

    facts: list[Fact]
    canonical: dict[EntityRef, EntityRef]
    iris: dict[EntityRef, URIRef]
    # Each entity key as first met, in order, and where (see resolve's `documents`).
    met: list[tuple[EntityRef, tuple[int, str] | None]] = field(default_factory=list)
    _terms: dict[EntityRef, nt.Term] = field(default_factory=dict, init=False, compare=False,
                                            repr=False)
    # The same by object (see by_object.py), written out here: this runs for every statement,
    # and a call less per lookup is a second of a 10,000-article build.
    _terms_by_object: dict[int, tuple[EntityRef, nt.Term]] = field(
        default_factory=dict, init=False, compare=False, repr=False)

    def canonical_ref(self, ref: EntityRef) -> EntityRef:
        return self.canonical.get(ref, ref)

    def term(self, ref: EntityRef) -> nt.Term:
        """iri() as an N-Triples term, remembered per entity and per object: asked for every
        statement."""
        known = self._terms_by_object.get(id(ref))
        if known is not None and known[0] is ref:
            return known[1]
        found = self._terms.get(ref)
        if found is None:
            found = self._terms[ref] = nt.iri(str(self.iri(ref)))
        self._terms_by_object[id(ref)] = (ref, found)  # holds ref: its id stays its
        return found

    def iri(self, ref: EntityRef) -> URIRef:
        canonical = self.canonical_ref(ref)
        if canonical in self.iris:
            return self.iris[canonical]
        if is_reference(ref):
            return URIRef(ref.key[1])
        raise KeyError(f"{ref.cls} {ref.key!r} was not resolved; pass it to resolve(..., extra=...)")


def resolve(facts: list[Fact], reference: Graph | None = None, *,
            extra: Iterable[EntityRef] = (), first: Iterable[EntityRef] = (),
            documents: Sequence[tuple[int, str]] | None = None) -> Resolution:
    """Resolve every entity of the facts (and of extra, e.g. document metadata) to one IRI.

    reference, when given, reserves the IRIs it defines: a minted IRI that
    would equal one of them gets a hash instead.

    An entity's label is that of its first mention: of `first`, then of the facts' subjects,
    then of their values. `documents` ((index of its first fact, name) for each document,
    in order) has Resolution.met say where each entity was first met.
    """
    # Hundreds of thousands of mentions name a few thousand entities, often through one shared
    # object: each object is looked at once, then each distinct entity (in first-mention
    # order, so that the first bad key is the one reported).
    objects, places = _distinct_objects(facts, documents)
    met = _met(chain(zip(first, repeat(None)), zip(objects.values(), places),
                     zip(extra, repeat(None))))
    seen = {ref for ref, _ in met}
    people = {person_name_key(r.key[1]) for r in seen if r.cls == "Person" and r.key[0] == "name"}
    merges = merge_person_names(people)

    canonical: dict[EntityRef, EntityRef] = {}

    def canonicalise(ref: EntityRef) -> EntityRef:
        if ref in canonical:
            return canonical[ref]
        key = ref.key
        if key[0] == "name" and ref.cls == "Person":
            name = person_name_key(key[1])
            new_key: tuple = ("name", merges.get(name, name))
        elif key[0] == "name":
            new_key = ("name", normalize_key(key[1]), *key[2:])
        elif key[0] == "ref":
            new_key = key
        else:
            new_key = tuple(canonicalise(p) if isinstance(p, EntityRef) else p for p in key)
        result = EntityRef(ref.cls, new_key, ref.label)
        canonical[ref] = result
        return result

    for ref in sorted(seen, key=_sort_key):
        canonicalise(ref)
    for result in list(canonical.values()):
        canonical.setdefault(result, result)

    iris = _mint(set(canonical.values()), reference)
    # Looked up by object identity: hashing a ref hashes its whole nested key.
    canonical_of = {key: canonical[ref] for key, ref in objects.items()}
    rewritten = [
        Fact(canonical_of[id(f.subject)], f.predicate,
             canonical_of[id(f.value)] if isinstance(f.value, EntityRef) else f.value, f.evidence)
        for f in facts
    ]
    return Resolution(rewritten, canonical, iris, met)


def first_met(facts: list[Fact], documents: Sequence[tuple[int, str]]
              ) -> list[tuple[EntityRef, tuple[int, str] | None]]:
    """Resolution.met of resolve(facts, documents=documents), without resolving: each entity
    key as first met in the facts, and where."""
    objects, places = _distinct_objects(facts, documents)
    return _met(zip(objects.values(), places))


def _met(mentions: Iterable[tuple[EntityRef, tuple[int, str] | None]]
         ) -> list[tuple[EntityRef, tuple[int, str] | None]]:
    """Each entity key (of the mentions and of the keys they nest) as first met, in order."""
    seen: set[EntityRef] = set()
    met: list[tuple[EntityRef, tuple[int, str] | None]] = []
    for ref, place in mentions:
        try:
            known = ref in seen
        except TypeError:  # an unhashable key: _check_key says what is wrong with it
            known = False
        if not known:
            _check_key(ref)
            for part in components(ref):
                if part not in seen:
                    seen.add(part)
                    met.append((part, place))
    return met


def _distinct_objects(facts: list[Fact], documents: Sequence[tuple[int, str]] | None
                      ) -> tuple[dict[int, EntityRef], list[tuple[int, str] | None]]:
    """Every EntityRef object the facts mention (subjects, then values), by id, in order of
    first mention; the facts keep them alive, so an id stays theirs. And where each was
    first met: (0 for a subject, 1 for a value only, the document), with `documents`."""
    objects: dict[int, EntityRef] = {}
    places: list[tuple[int, str] | None] = []
    ranges = ([(start, end, name) for (start, name), (end, _) in
               zip(documents, [*documents[1:], (len(facts), "")])] if documents is not None
              else [(0, len(facts), None)])
    for phase in (0, 1):
        for start, end, name in ranges:
            if phase == 0:
                for fact in facts[start:end]:
                    objects.setdefault(id(fact.subject), fact.subject)
            else:
                for fact in facts[start:end]:
                    if isinstance(fact.value, EntityRef):
                        objects.setdefault(id(fact.value), fact.value)
            # (each document's new objects, at once: a look per fact would cost more)
            places.extend(repeat(None if name is None else (phase, name),
                                 len(objects) - len(places)))
    return objects, places


def _sort_key(ref: EntityRef) -> tuple[str, str]:
    return ref.cls, _key_text(ref, None)


def _key_text(ref: EntityRef, iris: dict[EntityRef, URIRef] | None) -> str:
    """The full key as one string: what a disambiguating hash is computed from."""
    if ref.key[0] == "name":  # the normalised name (and an event's ordinal)
        return "\x1f".join(str(p) for p in ref.key[1:])
    if ref.key[0] == "ref":
        return ref.key[1]
    parts = [(str(iris[p]) if iris is not None else _key_text(p, None)) if isinstance(p, EntityRef)
             else str(p) for p in ref.key]
    return "\x1f".join([ref.cls, *parts])


def _last_segment(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def _candidate(ref: EntityRef, iris: dict[EntityRef, URIRef], hashed: bool) -> URIRef:
    """The IRI ref gets, given the IRIs of the entities its key names."""
    key = ref.key
    if key[0] == "name":
        path = CLASS_SLUGS[ref.cls]
        slug = slugify(key[1])
        local = slug or short_hash(_key_text(ref, iris))
        if hashed and slug:
            local = f"{slug}-{short_hash(_key_text(ref, iris))}"
        if len(key) == 3:
            local = f"{local}-{key[2]}"
        return RES[f"{path}/{local}"]
    if ref.cls == "Meeting":
        local = f"{_last_segment(iris[key[0]])}-{key[1]}"
        path = "meeting"
    else:  # Delegation
        local = f"{_last_segment(iris[key[0]])}-{_last_segment(iris[key[1]]).lower()}"
        path = "delegation"
    if hashed:
        local = f"{local}-{short_hash(_key_text(ref, iris))}"
    return RES[f"{path}/{local}"]


def _mint(refs: set[EntityRef], reference: Graph | None) -> dict[EntityRef, URIRef]:
    """IRIs for canonical refs, level by level (a meeting needs its committee's IRI first)."""
    iris = {r: URIRef(r.key[1]) for r in refs if is_reference(r)}
    taken: set[URIRef] = set(iris.values())
    if reference is not None:
        taken.update(s for s in reference.subjects() if isinstance(s, URIRef))
    minted = [r for r in refs if not is_reference(r)]
    for depth in sorted({_depth(r) for r in minted}):
        level = [r for r in minted if _depth(r) == depth]
        plain = {r: _candidate(r, iris, hashed=False) for r in level}
        claimants: dict[URIRef, int] = defaultdict(int)
        for iri in plain.values():
            claimants[iri] += 1
        for ref, iri in plain.items():
            clash = claimants[iri] > 1 or iri in taken
            iris[ref] = _candidate(ref, iris, hashed=True) if clash else iri
        level_iris = [iris[r] for r in level]
        if len(set(level_iris)) != len(level_iris) or taken.intersection(level_iris):
            raise ValueError("IRI collision that a hash could not separate")  # a sha256 prefix clash
        taken.update(level_iris)
    return iris


# --------------------------------------------------------------------------- documents and evidence

def document_iri(sha256: str) -> URIRef:
    """res:document/{first 16 hex of the document's sha256}."""
    if not re.fullmatch(r"[0-9a-f]{16,}", sha256):
        raise ValueError(f"not a lowercase hex sha256: {sha256!r}")
    return RES[f"document/{sha256[:16]}"]


def _term_key(term: nt.Term) -> object:
    if nt.is_iri(term):
        return nt.iri_value(term)
    lexical, language, datatype = nt.literal_parts(term)
    return [lexical, language or "", datatype or ""]


# One encoder for every key: json.dumps with options makes a new one per call.
_KEY_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


@lru_cache(maxsize=1 << 12)
def _json_of_text(text: str) -> str:
    return _KEY_ENCODER.encode(text)


@lru_cache(maxsize=1 << 16)
def _json_of_term(term: nt.Term) -> str:
    """The JSON of a term's part of an evidence key. Terms repeat from key to key (entities,
    predicates, labels), so each is encoded once; a JSON array is its items' JSON, joined."""
    return _KEY_ENCODER.encode(nt.iri_value(term) if nt.is_iri(term) else _term_key(term))


def evidence_iri(document_sha256: str, start: int, end: int, rule: str,
                 subject: nt.Term, predicate: nt.Term, obj: nt.Term) -> URIRef:
    """res:evidence/{first 16 hex of sha256 of the evidence key}: one per statement and span
    (subject, predicate and object as N-Triples terms)."""
    return URIRef(nt.iri_value(evidence_term(document_sha256, start, end, rule, subject, predicate, obj)))


def evidence_term(document_sha256: str, start: int, end: int, rule: str,
                  subject: nt.Term, predicate: nt.Term, obj: nt.Term) -> nt.Term:
    """evidence_iri() as an N-Triples term, made directly (one per statement: hundreds of
    thousands on a large corpus; the hex digits need no escaping)."""
    for term in (subject, predicate):
        if not nt.is_iri(term):
            raise ValueError(f"not an IRI term: {term!r}")
    if type(start) is int and type(end) is int:
        # The bytes of the general case below, made from parts encoded once each.
        key = (f"[{_KEY_ENCODER.encode(document_sha256)},{start},{end},{_json_of_text(rule)},"
               f"{_json_of_term(subject)},{_json_of_term(predicate)},{_json_of_term(obj)}]")
    else:
        key = _KEY_ENCODER.encode([document_sha256, start, end, rule, nt.iri_value(subject),
                                   nt.iri_value(predicate), _term_key(obj)])
    return "<" + _EVIDENCE_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16] + ">"
