"""RDF terms as N-Triples strings: what the build carries from resolution to the written file.

A graph of millions of triples built from rdflib terms spent most of its time
making Literal objects (rdflib parses and normalises each lexical form) and
comparing them. The build only needs to make terms, deduplicate and sort them,
so a term here is its N-Triples text: `<iri>`, `"text"@lang`, `"5"^^<datatype>`
or `"text"`. Strings hash once, compare in C, and are what N-Triples and Turtle
writers print anyway. rdflib terms are made only where a caller asks for an
rdflib graph (`to_rdflib`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

Term = str
Triple = tuple[Term, Term, Term]

# Characters N-Triples and Turtle forbid inside <...>; written as \uXXXX.
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_STRING_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f]')
_UNESCAPES = {"\\": "\\", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "'": "'"}
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]+(-[A-Za-z0-9]+)*")


def escape_string(text: str) -> str:
    if _STRING_SPECIAL.search(text) is None:
        return text
    return _STRING_SPECIAL.sub(
        lambda m: _STRING_ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match) -> str:
        code = match.group(1)
        return chr(int(code[1:], 16)) if code[0] in "uU" and len(code) > 1 else _UNESCAPES[code]
    return _ESCAPE.sub(one, text)


# No caches on the functions below: a large graph has millions of distinct terms (one
# evidence node per statement), and an LRU cache that size only adds its bookkeeping.

def iri(value: str) -> Term:
    """An IRI term; characters the syntax forbids are escaped."""
    value = str(value)  # a plain str: rdflib's URIRef would make "<" + value a URIRef
    if _IRI_FORBIDDEN.search(value) is None:
        return "<" + value + ">"
    return "<" + _IRI_FORBIDDEN.sub(lambda m: f"\\u{ord(m.group()):04X}", value) + ">"


def literal(text: str, language: str | None = None) -> Term:
    """A plain string, or a language-tagged one."""
    if language is None:
        return f'"{escape_string(text)}"'
    if not _LANGUAGE_TAG.fullmatch(language):
        raise ValueError(f"invalid language tag: {language!r}")
    return f'"{escape_string(text)}"@{language}'


def typed(text: str, datatype: str) -> Term:
    """A literal of the datatype (an IRI string)."""
    return f'"{escape_string(text)}"^^{iri(datatype)}'


def is_iri(term: Term) -> bool:
    return term[0] == "<"


def iri_value(term: Term) -> str:
    """The IRI an IRI term names."""
    if term[0] != "<" or term[-1] != ">":
        raise ValueError(f"not an IRI term: {term!r}")
    return _unescape(term[1:-1])


def literal_parts(term: Term) -> tuple[str, str | None, str | None]:
    """(lexical form, language or None, datatype IRI or None) of a literal term."""
    if term[0] != '"':
        raise ValueError(f"not a literal term: {term!r}")
    close = term.rindex('"')  # the suffix (@lang or ^^<iri>) never holds a quote
    lexical = _unescape(term[1:close])
    suffix = term[close + 1:]
    if not suffix:
        return lexical, None, None
    if suffix[0] == "@":
        return lexical, suffix[1:], None
    return lexical, None, iri_value(suffix[2:])


def value(term: Term) -> str:
    """The IRI of an IRI term, the lexical form of a literal."""
    return iri_value(term) if is_iri(term) else literal_parts(term)[0]


def language(term: Term) -> str | None:
    return None if is_iri(term) else literal_parts(term)[1]


def datatype(term: Term) -> str | None:
    return None if is_iri(term) else literal_parts(term)[2]


# --------------------------------------------------------------------------- rdflib, at the edges

def to_rdflib(term: Term) -> Node:
    if is_iri(term):
        return URIRef(iri_value(term))
    lexical, lang, dt = literal_parts(term)
    return Literal(lexical, lang=lang, datatype=URIRef(dt) if dt else None)


def from_rdflib(node: Node) -> Term:
    """The term of an rdflib IRI or literal; blank nodes are refused (the graph has none)."""
    if isinstance(node, URIRef):
        return iri(str(node))
    if isinstance(node, Literal):
        if node.language:
            return literal(str(node), node.language)
        if node.datatype is not None:
            return typed(str(node), str(node.datatype))
        return literal(str(node))
    raise ValueError(f"cannot write {node!r}: the graph must have no blank nodes")


def triples_from_rdflib(graph: Iterable[tuple[Node, Node, Node]]) -> Iterator[Triple]:
    for s, p, o in graph:
        yield from_rdflib(s), from_rdflib(p), from_rdflib(o)


def to_rdflib_graph(triples: Iterable[Triple]) -> Graph:
    graph = Graph()
    graph += ((to_rdflib(s), to_rdflib(p), to_rdflib(o)) for s, p, o in triples)
    return graph
