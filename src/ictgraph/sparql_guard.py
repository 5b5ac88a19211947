"""What an ad-hoc SPARQL query may do: read the graph, and nothing else.

Two things are refused before a query runs:

- SPARQL Update (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP, COPY, MOVE, ADD, WITH).
  Store.query cannot run an update anyway; this gives the reason instead of a
  syntax error. The keyword is the first word after the prologue (BASE and
  PREFIX declarations), which a small tokenizer finds without ambiguity.
- SERVICE, unless allowed: Oxigraph sends a SERVICE clause as an HTTP request to
  any address, so a query could reach the network (or the machine's own
  services). It is found by parsing, not by searching the text: "SERVICE" in a
  literal, an IRI or a comment is harmless, and a lexer alone cannot tell
  `<` the operator from `<` the start of an IRI (in `FILTER(?a<?b)SERVICE?s#>`
  the keyword hides in what looks like an IRI). rdflib's SPARQL 1.1 parser
  reads the query by the grammar; it is slow to import, so it is used only when
  the text (after \\u escapes) holds the letters "service" at all. A query that
  mentions them and does not parse is refused too: it cannot be checked.
"""

from __future__ import annotations

import re

from ictgraph.queries import QueryError

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY",
                             "MOVE", "ADD", "WITH"})
# SPARQL's codepoint escapes, which rdflib (and the SPARQL 1.1 text) apply before parsing.
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE_LETTERS = re.compile("service", re.IGNORECASE)
# The prologue and the first keyword after it. Inside a prologue `<` only opens an IRI.
_PROLOGUE_TOKEN = re.compile(
    r"""(?P<skip>\s+|\#[^\n]*)
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<pname>[^\s:<>#]*:)
      | (?P<word>[A-Za-z]+)""",
    re.VERBOSE)


class RefusedQuery(QueryError):
    """A query tries to write or to reach the network."""


def check_read_only(text: str, *, source: str = "query", allow_service: bool = False) -> None:
    """Refuse (RefusedQuery) an update, and a SERVICE clause unless `allow_service`."""
    keyword = update_keyword(text)
    if keyword:
        raise RefusedQuery(f"{source}: SPARQL Update ({keyword}) is refused: queries here only "
                           "read the graph")
    if not allow_service and uses_service(text, source=source):
        raise RefusedQuery(f"{source}: SERVICE is refused: a query may not call other endpoints "
                           "(--allow-service permits it)")


def update_keyword(text: str) -> str | None:
    """The update operation the text starts with (after its prologue), upper-cased; else None."""
    text = _expand_escapes(text)
    position, expect = 0, "keyword"  # after BASE: an IRI; after PREFIX: a name, then an IRI
    while position < len(text):
        match = _PROLOGUE_TOKEN.match(text, position)
        if not match:
            return None
        position = match.end()
        kind, token = match.lastgroup, match.group()
        if kind == "skip":
            continue
        if expect == "keyword":
            word = token.upper() if kind == "word" else ""
            if word == "BASE":
                expect = "iri"
            elif word == "PREFIX":
                expect = "pname"
            else:
                return word if word in UPDATE_KEYWORDS else None
        elif expect == "pname" and kind == "pname":
            expect = "iri"
        elif expect == "iri" and kind == "iri":
            expect = "keyword"
        else:
            return None  # not a prologue: the engine reports the syntax error
    return None


def uses_service(text: str, *, source: str = "query") -> bool:
    """True when the query has a SERVICE clause anywhere (by rdflib's SPARQL 1.1 parser).

    RefusedQuery when the text mentions "service" but cannot be parsed, so cannot be checked.
    """
    if not _SERVICE_LETTERS.search(_expand_escapes(text)):
        return False  # no keyword can be spelled without the letters: no parsing needed
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except ParseException as exc:
        raise RefusedQuery(f"{source}:{exc.lineno}:{exc.col}: the query mentions SERVICE and "
                           f"cannot be checked: invalid SPARQL 1.1: {exc.msg}") from exc
    except (RecursionError, ValueError) as exc:
        raise RefusedQuery(f"{source}: the query mentions SERVICE and cannot be checked: "
                           f"{' '.join(str(exc).split())}") from exc
    try:
        return _has_service(tree)
    except RecursionError as exc:
        raise RefusedQuery(f"{source}: the query mentions SERVICE and is nested too deeply "
                           "to be checked") from exc


def _has_service(node: object) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        return node.name == "ServiceGraphPattern" or any(_has_service(v) for v in dict.values(node))
    if isinstance(node, (list, tuple, ParseResults)):
        return any(_has_service(item) for item in node)
    return False


def _expand_escapes(text: str) -> str:
    """The text with \\uXXXX and \\UXXXXXXXX written out; an invalid code point stays as it is."""
    def expand(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF else match.group()

    return _ESCAPE.sub(expand, text)
