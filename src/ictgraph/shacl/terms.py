"""RDF terms as pyoxigraph objects, and the few term tests SHACL Core needs."""

from __future__ import annotations

import datetime
import re
from typing import Callable, Union

import pyoxigraph as ox

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
Triple = tuple[Term, Term, Term]

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

RDF_TYPE = ox.NamedNode(RDF + "type")
RDF_FIRST = ox.NamedNode(RDF + "first")
RDF_REST = ox.NamedNode(RDF + "rest")
RDF_NIL = ox.NamedNode(RDF + "nil")
RDF_LANG_STRING = RDF + "langString"
SUBCLASS_OF = ox.NamedNode(RDFS + "subClassOf")


def sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


# --- well-formed literals -------------------------------------------------------------------
# sh:datatype also requires a well-formed lexical form; these are the XSD types the
# shapes use or a curator might. An unknown datatype is checked by its IRI only.

_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_DATE = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})(Z|[+-][0-9]{2}:[0-9]{2})?")
_DATETIME = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
                       r"(Z|[+-][0-9]{2}:[0-9]{2})?")


def _integer(low: int | None = None, high: int | None = None) -> Callable[[str], bool]:
    def check(text: str) -> bool:
        if not _INTEGER.fullmatch(text):
            return False
        value = int(text)
        return (low is None or value >= low) and (high is None or value <= high)
    return check


def _calendar(year: str, month: str, day: str) -> bool:
    try:
        datetime.date(2000 if len(year.lstrip("-")) != 4 or year.startswith("-") else int(year),
                      int(month), int(day))
    except ValueError:
        return False
    return True


def _date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    return bool(match) and _calendar(*match.groups()[:3])


def _datetime(text: str) -> bool:
    match = _DATETIME.fullmatch(text)
    if not match:
        return False
    year, month, day, hour, minute, second = match.groups()[:6]
    return _calendar(year, month, day) and int(hour) < 24 and int(minute) < 60 and int(second) < 60


WELL_FORMED: dict[str, Callable[[str], bool]] = {
    XSD + "integer": _integer(),
    XSD + "positiveInteger": _integer(1),
    XSD + "nonNegativeInteger": _integer(0),
    XSD + "negativeInteger": _integer(None, -1),
    XSD + "nonPositiveInteger": _integer(None, 0),
    XSD + "long": _integer(-2**63, 2**63 - 1),
    XSD + "int": _integer(-2**31, 2**31 - 1),
    XSD + "short": _integer(-2**15, 2**15 - 1),
    XSD + "byte": _integer(-2**7, 2**7 - 1),
    XSD + "unsignedLong": _integer(0, 2**64 - 1),
    XSD + "unsignedInt": _integer(0, 2**32 - 1),
    XSD + "unsignedShort": _integer(0, 2**16 - 1),
    XSD + "unsignedByte": _integer(0, 2**8 - 1),
    XSD + "decimal": _DECIMAL.fullmatch,
    XSD + "boolean": lambda text: text in ("true", "false", "1", "0"),
    XSD + "date": _date,
    XSD + "dateTime": _datetime,
}


def has_datatype(term: Term, datatype: str) -> bool:
    """sh:datatype: a literal of that datatype whose lexical form is valid for it."""
    if not isinstance(term, ox.Literal):
        return False
    if datatype == RDF_LANG_STRING:
        return bool(term.language)
    if term.language or term.datatype.value != datatype:
        return False
    check = WELL_FORMED.get(datatype)
    return check is None or bool(check(term.value))


def language_matches(tag: str, wanted: str) -> bool:
    """SPARQL langMatches: the basic filtering of RFC 4647."""
    tag, wanted = tag.lower(), wanted.lower()
    return wanted == "*" and bool(tag) or tag == wanted or tag.startswith(wanted + "-")


# --- order (sh:lessThan) -----------------------------------------------------------------------

NUMERIC = {XSD + name for name in ("integer", "decimal", "double", "float", "positiveInteger",
                                    "nonNegativeInteger", "negativeInteger", "nonPositiveInteger",
                                    "long", "int", "short", "byte", "unsignedLong", "unsignedInt",
                                    "unsignedShort", "unsignedByte")}


def less_than(a: Term, b: Term) -> bool | None:
    """a < b as SPARQL compares them; None when they cannot be compared."""
    if not (isinstance(a, ox.Literal) and isinstance(b, ox.Literal)):
        return None
    da, db = a.datatype.value, b.datatype.value
    if da in NUMERIC and db in NUMERIC:
        try:
            return float(a.value) < float(b.value)
        except ValueError:
            return None
    if da == db and not a.language and not b.language and da in (XSD + "string", XSD + "date",
                                                                  XSD + "dateTime", XSD + "gYear",
                                                                  XSD + "gYearMonth"):
        return a.value < b.value
    return None
