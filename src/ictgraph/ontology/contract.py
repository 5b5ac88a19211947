"""The public contract (ontology/CONTRACT.md): the class and property names the ontology must keep.

The contract is a Markdown page; its two tables, under "## Classes" and
"## Properties", list terms in backticks in the first column. Properties list
"from → to" in the second column, which tells, where it is plain, whether
the property is an object or a datatype property.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from ictgraph import paths
from ictgraph.errors import InputError
from ictgraph.namespaces import ICT, PREFIXES

_TERM = re.compile(r"`([A-Za-z][\w-]*):([A-Za-z][\w-]*)`")
_DATATYPE_HINT = re.compile(r"\bxsd:|\bliteral\b", re.IGNORECASE)
_SECTIONS = {"classes": "class", "properties": "property"}


@dataclass(frozen=True)
class ContractTerm:
    """One name of the contract."""

    iri: URIRef
    curie: str  # as the contract writes it
    table: str  # "class" or "property"
    usage: str  # the second column, as written
    expected_kind: str | None  # "class", "object", "datatype", or None where the text is not plain


@dataclass(frozen=True)
class Contract:
    source: Path
    terms: tuple[ContractTerm, ...]

    def ict_terms(self) -> tuple[ContractTerm, ...]:
        """The terms the ontology itself must declare (rdfs:label, rdf:subject ... are standard)."""
        return tuple(t for t in self.terms if str(t.iri).startswith(str(ICT)))


def read_contract(path: Path | str | None = None) -> Contract:
    """Parse the contract's tables."""
    path = Path(path) if path is not None else paths.CONTRACT_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the contract: {exc.strerror or exc}") from exc
    rows = list(_table_rows(text))
    class_names = {term.group(2) for table, cells in rows if table == "class"
                   for term in _TERM.finditer(cells[0])}
    terms: list[ContractTerm] = []
    for table, cells in rows:
        names = list(_TERM.finditer(cells[0]))
        usage = cells[1] if len(cells) > 1 else ""
        for match in names:
            prefix, local = match.group(1), match.group(2)
            if prefix not in PREFIXES:
                raise InputError(f"{path}: unknown prefix in `{match.group(0)}`")
            kind = "class" if table == "class" else (
                _property_kind(usage, class_names) if len(names) == 1 else None)
            terms.append(ContractTerm(URIRef(PREFIXES[prefix] + local), f"{prefix}:{local}",
                                      table, usage, kind))
    if not any(t.table == "class" for t in terms) or not any(t.table == "property" for t in terms):
        raise InputError(f"{path}: no '## Classes' and '## Properties' tables found")
    return Contract(path, tuple(terms))


def _table_rows(text: str):
    """(table, cells) for every body row of the two tables."""
    section = None
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            section = _SECTIONS.get(stripped.lstrip("#").strip().lower())
            continue
        if section is None or not stripped.startswith("|"):
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if all(set(c) <= set("-: ") for c in cells):  # the |---|---| separator
            continue
        if _TERM.search(cells[0]):  # skips the header row, whose cells are plain words
            yield section, cells


def _property_kind(usage: str, class_names: set[str]) -> str | None:
    """'datatype' or 'object' when the row's range says so plainly, else None."""
    _domain, arrow, range_text = usage.partition("→")
    if not arrow:
        return None
    if _DATATYPE_HINT.search(range_text):
        return "datatype"
    if any(re.search(rf"\b{re.escape(name)}\b", range_text) for name in class_names):
        return "object"
    return None
