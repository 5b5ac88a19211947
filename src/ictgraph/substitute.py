"""Writing parameter values into SPARQL text, for stores that take no initial bindings.

The embedded store binds a catalogue query's parameters through Oxigraph's
substitutions (SEP-0007). The SPARQL 1.1 Protocol has no such thing, so for a
remote store the same substitution is done on the text: every occurrence of a
bound variable, in subqueries too, becomes the RDF term, and where the grammar
needs a variable the term takes its place as SEP-0007 says:

- a top-level projection `?v` becomes `(TERM AS ?v)`, so the column still exists;
- a subquery's projection drops `?v` (the outer query has the term already, and
  projecting it again would bind ?v twice);
- in GROUP BY and ORDER BY, `?v` becomes `(TERM)`, a bracketed expression.

A variable assigned by the query itself (`AS ?v`, `VALUES ?v`) cannot be
substituted: that is an error. Terms are written in N-Triples syntax by
pyoxigraph, which escapes them, so a value can never become query text.
"""

from __future__ import annotations

import re
from typing import Mapping

import pyoxigraph as ox

from ictgraph.errors import IctgraphError

# SPARQL text as tokens: comments, strings, IRIs, variables and words whole (so that a
# brace or keyword inside them is not taken for one), runs of space, any other character.
SPARQL_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                   |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
      | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<space>\s+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL)
# Words that end a GROUP BY or ORDER BY clause.
_AFTER_MODIFIER = {"LIMIT", "OFFSET", "HAVING", "VALUES", "ORDER", "GROUP"}


class SubstitutionError(IctgraphError):
    """A parameter cannot be written into a query's text."""


def substitute(text: str, bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    """The query text with each bound variable replaced by its term (see the module doc)."""
    if not bindings:
        return text
    terms = {name: str(term) for name, term in bindings.items()}
    out: list[str] = []
    braces = 0  # nesting of { }
    parens = 0  # nesting of ( ) inside the current projection or modifier
    mode = "pattern"  # "projection", "modifier" (GROUP BY, ORDER BY), "values" or "pattern"
    subquery = False  # the projection being read belongs to a nested SELECT
    previous = ""  # the previous significant token, upper-cased
    for match in SPARQL_TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "comment" or token.isspace():
            out.append(token)
            continue
        upper = token.upper()
        if kind == "word":
            if upper == "SELECT":
                mode, parens, subquery = "projection", 0, braces > 0
            elif upper == "WHERE" and mode == "projection":
                mode = "pattern"
            elif upper == "BY" and previous in ("GROUP", "ORDER"):
                mode, parens = "modifier", 0
            elif upper == "VALUES":
                mode = "values"
            elif mode == "modifier" and upper in _AFTER_MODIFIER:
                mode = "pattern"
        elif token in "{}":
            if mode in ("projection", "modifier", "values"):
                mode = "pattern"
            braces += 1 if token == "{" else -1
        elif token == "(":
            parens += 1
        elif token == ")":
            parens -= 1
        if kind == "var" and token[1:] in terms:
            out.append(_replacement(token, terms[token[1:]], mode, parens, subquery, previous))
        else:
            out.append(token)
        previous = upper
    return "".join(out)


def _replacement(variable: str, term: str, mode: str, parens: int, subquery: bool,
                 previous: str) -> str:
    if previous == "AS" or mode == "values":
        raise SubstitutionError(f"{variable} is assigned by the query itself, so it cannot be "
                                "given a value")
    if mode == "projection" and parens == 0:
        return "" if subquery else f"({term} AS {variable})"
    if mode == "modifier" and parens == 0:
        return f"({term})"
    return term
