"""Query results and their output formats.

SELECT rows print as a table for people, or in the standard SPARQL 1.1 results
formats: JSON (application/sparql-results+json), CSV and TSV. ASK prints true or
false (JSON: {"head": {}, "boolean": ...}); CONSTRUCT and DESCRIBE print Turtle.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Iterable, Union

import pyoxigraph as ox
from rich import box
from rich.console import Console
from rich.table import Table

from ictgraph.prefixes import PREFIX_IRIS as PREFIXES

FORMATS = ("table", "csv", "tsv", "json")

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, NKo ... and their presentation forms).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# A local name written after a prefix: a plain word, nothing Turtle would escape.
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_COLUMN_RULE = "│"  # the vertical rule of box.SQUARE, between table cells
# Unicode bidi isolates (FSI ... PDI): each Arabic cell is laid out on its own, so a
# terminal that applies the bidi algorithm does not reorder cells across the rules.
_ISOLATE, _POP_ISOLATE = "\u2068", "\u2069"

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal, ox.Triple]


@dataclass(frozen=True)
class SelectResult:
    variables: tuple[str, ...]
    rows: list[tuple[Term | None, ...]]

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def without(self, hidden: Iterable[str]) -> "SelectResult":
        """The same rows without some columns (parameters whose value the caller gave)."""
        keep = [i for i, v in enumerate(self.variables) if v not in set(hidden)]
        return SelectResult(tuple(self.variables[i] for i in keep),
                            [tuple(row[i] for i in keep) for row in self.rows])

    def with_sorted_sets(self, columns: Iterable[str], separator: str) -> "SelectResult":
        """The same rows with the values inside each cell of `columns` in sorted order."""
        indexes = [self.variables.index(c) for c in columns if c in self.variables]

        def sort_cell(term: Term | None) -> Term | None:
            if not isinstance(term, ox.Literal) or separator not in term.value:
                return term
            value = separator.join(sorted(term.value.split(separator)))
            if term.language:
                return ox.Literal(value, language=term.language)
            return ox.Literal(value, datatype=term.datatype)

        return SelectResult(self.variables, [
            tuple(sort_cell(cell) if i in indexes else cell for i, cell in enumerate(row))
            for row in self.rows])

    def page(self, offset: int = 0, limit: int | None = None) -> "SelectResult":
        """Rows offset+1 .. offset+limit (all from offset on when limit is None)."""
        end = None if limit is None else offset + limit
        return SelectResult(self.variables, self.rows[offset:end])

    def __reduce__(self):
        # Pickled with each distinct term once: a query run under a time limit sends its
        # rows back from a child process, and its thousands of rows repeat a few hundred
        # terms (pickling 23,000 rows term by term took 5 s, this way 0.4 s).
        index: dict[Term, int] = {}
        rows = [[-1 if term is None else index.setdefault(term, len(index)) for term in row]
                for row in self.rows]
        return _unpickle_select, (self.variables, list(index), rows)


def _unpickle_select(variables: tuple[str, ...], terms: list[Term],
                     rows: list[list[int]]) -> SelectResult:
    return SelectResult(variables, [tuple(None if i < 0 else terms[i] for i in row)
                                    for row in rows])


@dataclass(frozen=True)
class AskResult:
    value: bool


@dataclass(frozen=True)
class GraphResult:
    triples: list[ox.Triple]


Result = Union[SelectResult, AskResult, GraphResult]


def render(result: Result, output_format: str = "table", *, width: int | None = None) -> str:
    """The result as text in `output_format` (FORMATS); graphs are always Turtle."""
    if isinstance(result, GraphResult):
        return to_turtle(result)
    if isinstance(result, AskResult):
        if output_format == "json":
            return json.dumps({"head": {}, "boolean": result.value}) + "\n"
        return ("true" if result.value else "false") + "\n"
    renderers = {"table": lambda r: to_table(r, width=width), "csv": to_csv, "tsv": to_tsv,
                 "json": to_json}
    return renderers[output_format](result)


# --- SPARQL 1.1 Query Results formats ---------------------------------------------------------

def to_json(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    bindings = [{var: _json_term(term) for var, term in zip(result.variables, row) if term is not None}
                for row in result.rows]
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def to_csv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results CSV Format: plain values, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_plain(term) for term in row])
    return buffer.getvalue()


def to_tsv(result: SelectResult) -> str:
    """SPARQL 1.1 Query Results TSV Format: ?variables, terms in Turtle syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if term is None else _turtle_term(term) for term in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _plain(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return _turtle_term(term)


def _turtle_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        # Escaped by hand: a tab or line break inside a TSV field would break the row.
        text = (term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                .replace("\r", "\\r").replace("\t", "\\t"))
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype.value in (_XSD_STRING, _LANG_STRING):
            return f'"{text}"'
        return f'"{text}"^^<{term.datatype.value}>'
    return f"<< {_turtle_term(term.subject)} {_turtle_term(term.predicate)} {_turtle_term(term.object)} >>"


def to_turtle(result: GraphResult) -> str:
    """A CONSTRUCT result as Turtle, triples sorted so the same answer prints the same."""
    triples = sorted(result.triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    text = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=_turtle_prefixes(triples))
    return text.decode("utf-8").rstrip("\n") + "\n"


def _turtle_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    """The project prefixes the triples use, where every local name is a plain word.

    A namespace with a local name such as `meeting/gcc-5` is left out: the IRI is
    clearer written in full than as `res:meeting\\/gcc-5`.
    """
    iris = {term.value for t in triples for term in (t.subject, t.predicate, t.object)
            if isinstance(term, ox.NamedNode)}
    iris |= {t.object.datatype.value for t in triples if isinstance(t.object, ox.Literal)}
    prefixes = {}
    for prefix, namespace in PREFIXES.items():
        local_names = [iri[len(str(namespace)):] for iri in iris if iri.startswith(str(namespace))]
        if local_names and all(_LOCAL_NAME.fullmatch(name) for name in local_names):
            prefixes[prefix] = str(namespace)
    return prefixes


# --- table ------------------------------------------------------------------------------------

def to_table(result: SelectResult, *, width: int | None = None) -> str:
    """A table for a terminal: IRIs as prefixed names, literals as their text.

    `width` None lays every row on one line (for a pager or a file); a terminal
    passes its width and long cells wrap.
    """
    table = Table(box=box.SQUARE, show_lines=False, caption=_count(len(result.rows)))
    for variable in result.variables:
        table.add_column(variable, overflow="fold")
    for row in result.rows:
        table.add_row(*(compact(term) for term in row))
    console = Console(file=io.StringIO(), width=width or 100_000, color_system=None,
                      force_terminal=False, no_color=True, highlight=False, emoji=False,
                      markup=False, soft_wrap=False)
    console.print(table)
    lines = console.file.getvalue().splitlines()
    return "\n".join(_isolate_rtl_cells(line.rstrip()) for line in lines) + "\n"


def compact(term: Term | None) -> str:
    """How a table shows a term: a prefixed name for a known namespace, a literal's text."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(str(namespace)) and len(term.value) > len(str(namespace)):
                return f"{prefix}:{term.value[len(str(namespace)):]}"
        return term.value
    return _plain(term)


def _isolate_rtl_cells(line: str) -> str:
    if not _RTL.search(line):
        return line
    cells = line.split(_COLUMN_RULE)
    for index, cell in enumerate(cells):
        if _RTL.search(cell):
            stripped = cell.strip(" ")
            left = cell[: len(cell) - len(cell.lstrip(" "))]
            right = cell[len(cell.rstrip(" ")):]
            cells[index] = f"{left}{_ISOLATE}{stripped}{_POP_ISOLATE}{right}"
    return _COLUMN_RULE.join(cells)


def page_note(offset: int, shown: int, total: int) -> str | None:
    """One line saying which rows of `total` a page shows and how to see the others;
    None when it shows them all."""
    if offset == 0 and shown == total:
        return None
    everything = "--limit 0 shows them all" if offset == 0 else "--offset 0 --limit 0 shows them all"
    if shown == 0:
        return f"no rows from row {offset + 1}: the answer has {_count(total)}; {everything}"
    following = total - offset - shown
    after = f", --offset {offset + shown} the next {min(following, shown)}" if following > 0 else ""
    return f"rows {offset + 1}-{offset + shown} of {total} shown; {everything}{after}"


def _count(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"
