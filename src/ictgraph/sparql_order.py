"""SPARQL ORDER BY done in Python, for queries whose order keys are plain variables.

Oxigraph sorts the solutions of a query on the encoded terms and decodes a
string from the store at every comparison: on a large answer (23,000 rows on
the 10,000-article graph) the ORDER BY is most of the query's time. The rows
are decoded once anyway to be printed, so the query is run without its ORDER BY
and the decoded rows are sorted here, comparing as SPARQL 1.1 (15.1) and
Oxigraph do:

- unbound first, then IRIs (by their text), then literals;
- literals of one kind by value: numbers (xsd:integer, xsd:decimal)
  numerically, booleans false first, strings with or without a language tag by
  their text, then datatype, then tag; ISO dates, year-months and years
  (xsd:date, xsd:gYearMonth, xsd:gYear, no time zone) compare as their text.

Only what is certain is done here. A key column holding a term outside these
kinds (a blank node, a double, a date with a time zone ...) or mixing them
(numbers and strings: an order SPARQL leaves partly to the engine), and an
answer in which two different rows tie on every key (whose relative order is the
engine's to choose), make `sort_rows` return None, and the caller lets the
engine sort. The result is then always exactly the engine's own order.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

import pyoxigraph as ox

from ictgraph.substitute import SPARQL_TOKEN

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_TEXT_TYPES = {_XSD + "string", _RDF_LANG_STRING}
# Fixed-width forms without a time zone: for these, time order and text order agree.
_DATE_SHAPES = {_XSD + "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
                _XSD + "gYearMonth": re.compile(r"\d{4}-\d{2}"),
                _XSD + "gYear": re.compile(r"\d{4}")}
_INTEGER = re.compile(r"[+-]?\d{1,18}")  # well inside Oxigraph's 64-bit integers
_DECIMAL = re.compile(r"[+-]?(\d{1,18}(\.\d{0,18})?|\.\d{1,18})")  # inside its fixed point
_NUMBER_TYPES = {_XSD + "integer": _INTEGER, _XSD + "decimal": _DECIMAL}
_BOOLEAN = {"true": True, "1": True, "false": False, "0": False}

@dataclass(frozen=True)
class OrderKey:
    variable: str
    descending: bool = False


@dataclass(frozen=True)
class UnorderedQuery:
    """A SELECT query split into its text without ORDER BY, and the order it asked for."""

    text: str  # the query without its ORDER BY, projecting the order variables too
    projection: tuple[str, ...]  # the variables the original query projects, in order
    keys: tuple[OrderKey, ...]
    distinct: bool


@functools.lru_cache(maxsize=64)  # the catalogue's texts come again and again
def split_order_by(text: str) -> UnorderedQuery | None:
    """The query without its final ORDER BY, when that is on plain variables only.

    None for anything else: no ORDER BY, an expression in it, a LIMIT or OFFSET
    (the engine would cut before sorting here), SELECT * or an expression in the
    projection, GROUP BY or HAVING at the top level, or a query that is not SELECT.
    """
    tokens = [(m.lastgroup, m.group(), m.start(), m.end()) for m in SPARQL_TOKEN.finditer(text)]
    significant = [t for t in tokens if t[0] not in ("comment", "space")]
    depth = 0
    select_at = order_at = None
    closed_group = False
    for index, (kind, token, _, _) in enumerate(significant):
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            closed_group = closed_group or depth == 0
        elif depth == 0 and kind == "word":
            word = token.upper()
            if word == "SELECT" and select_at is None:
                select_at = index
            elif word in ("ASK", "CONSTRUCT", "DESCRIBE") and select_at is None:
                return None
            elif closed_group and word in ("GROUP", "HAVING", "LIMIT", "OFFSET", "VALUES"):
                return None
            elif closed_group and word == "ORDER":
                order_at = index
    if select_at is None or order_at is None or depth != 0:
        return None
    projection, distinct, insert_at = _projection(significant, select_at)
    if projection is None:
        return None
    keys = _order_keys(significant[order_at + 1:])
    if keys is None:
        return None
    extra = [k.variable for k in keys if k.variable not in projection]
    cut_from = significant[order_at][2]
    head = text[:insert_at] + "".join(f" ?{v}" for v in dict.fromkeys(extra))
    body = text[insert_at:cut_from].rstrip() + "\n"
    return UnorderedQuery(head + body, tuple(projection), keys, distinct)


def _projection(tokens: list, select_at: int) -> tuple[list[str] | None, bool, int]:
    """The projected variables, DISTINCT, and where in the text more variables can go."""
    index = select_at + 1
    distinct = False
    if index < len(tokens) and tokens[index][1].upper() in ("DISTINCT", "REDUCED"):
        if tokens[index][1].upper() == "REDUCED":
            return None, False, 0
        distinct = True
        index += 1
    variables: list[str] = []
    while index < len(tokens) and tokens[index][0] == "var":
        variables.append(tokens[index][1][1:])
        index += 1
    after = tokens[index][1].upper() if index < len(tokens) else ""
    if not variables or after not in ("WHERE", "FROM", "{"):
        return None, False, 0
    return variables, distinct, tokens[index - 1][3]


def _order_keys(tokens: list) -> tuple[OrderKey, ...] | None:
    """ORDER BY's conditions when each is ?v, ASC(?v) or DESC(?v); else None."""
    if not tokens or tokens[0][1].upper() != "BY":
        return None
    keys: list[OrderKey] = []
    index = 1
    while index < len(tokens):
        kind, token = tokens[index][0], tokens[index][1]
        if kind == "var":
            keys.append(OrderKey(token[1:]))
            index += 1
        elif token.upper() in ("ASC", "DESC") and _is_bracketed_variable(tokens[index + 1:index + 4]):
            keys.append(OrderKey(tokens[index + 2][1][1:], token.upper() == "DESC"))
            index += 4
        else:
            return None
    return tuple(keys) or None


def _is_bracketed_variable(tokens: list) -> bool:
    """True for the three tokens `(`, `?v`, `)`."""
    return (len(tokens) == 3 and tokens[0][1] == "(" and tokens[1][0] == "var"
            and tokens[2][1] == ")")


# --- comparing terms ---------------------------------------------------------------------------

def _literal_key(term: ox.Literal) -> tuple[str, object] | None:
    """(kind, value to compare) for a literal of a kind compared here; None otherwise."""
    datatype = term.datatype.value
    value = term.value
    if datatype in _TEXT_TYPES:
        return "lexical", (value, datatype, term.language or "")
    shape = _DATE_SHAPES.get(datatype)
    if shape is not None and shape.fullmatch(value):
        # Across these types SPARQL has no order and Oxigraph compares the text: the same.
        return "lexical", (value, datatype, "")
    number = _NUMBER_TYPES.get(datatype)
    if number is not None and number.fullmatch(value):
        return "number", Decimal(value)
    if datatype == _XSD + "boolean" and value in _BOOLEAN:
        return "boolean", _BOOLEAN[value]
    return None


class _Unsupported(Exception):
    """A key column holds a term this module does not order."""


def _column_ranks(terms: Sequence[ox.NamedNode | ox.Literal | None]) -> dict[object, int]:
    """Each distinct term of a column -> its rank in ORDER BY's order (equal terms, equal rank).

    Ranks are computed once per distinct term: rows repeat the same few hundred terms, and
    comparing small integers is far quicker than comparing the texts on every row."""
    keys: dict[object, tuple] = {}
    kinds: set[str] = set()
    for term in terms:
        if term in keys:
            continue
        if term is None:
            keys[term] = (0,)
        elif isinstance(term, ox.NamedNode):
            keys[term] = (1, term.value)
        elif isinstance(term, ox.Literal):
            found = _literal_key(term)
            if found is None:
                raise _Unsupported
            kinds.add(found[0])
            keys[term] = (2, found[1])
        else:
            raise _Unsupported
    if len(kinds) > 1:
        raise _Unsupported
    rank = {key: index for index, key in enumerate(sorted(set(keys.values())))}
    return {term: rank[key] for term, key in keys.items()}


def sort_rows(variables: Sequence[str], rows: Sequence[tuple], keys: Sequence[OrderKey]
              ) -> list[tuple] | None:
    """The rows in the order ORDER BY `keys` gives them; None when only the engine can say.

    Returns None when a key column holds a term (or a mix of kinds) this module
    does not compare, or when two different rows tie on every key.
    """
    columns = [[row[variables.index(k.variable)] for row in rows] for k in keys]
    try:
        ranks = [_column_ranks(column) for column in columns]
    except _Unsupported:
        return None
    # Column by column (quicker than row by row); descending: the negated rank.
    ranked = [[rank[term] for term in column] if not key.descending
              else [-rank[term] for term in column]
              for column, rank, key in zip(columns, ranks, keys)]
    keyed = list(zip(zip(*ranked), rows))
    keyed.sort(key=lambda item: item[0])  # stable, as the engine's sort
    for (key_a, row_a), (key_b, row_b) in zip(keyed, keyed[1:]):
        if key_a == key_b and row_a != row_b:
            return None  # a tie: which comes first is the engine's choice
    return [row for _, row in keyed]


def project(variables: Sequence[str], rows: Sequence[tuple], projection: Sequence[str],
            distinct: bool) -> list[tuple]:
    """The rows cut to `projection`; with `distinct`, each row once, where it first comes."""
    positions = [variables.index(v) for v in projection]
    if positions == list(range(len(variables))):
        cut = list(rows)
    else:
        cut = [tuple(row[p] for p in positions) for row in rows]
    if not distinct:
        return cut
    return list(dict.fromkeys(cut))
