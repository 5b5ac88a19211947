"""The catalogue of canned SPARQL queries (queries/*.rq) and running SPARQL on the store.

Each query file is plain SPARQL 1.1 under a comment header:

    # title: Initiatives that came out of a strategy
    # title@ar: المبادرات المنبثقة عن استراتيجية
    # description: One line saying what the rows are.
    # param strategy: ict:Strategy | what the value is | default res:strategy/gcc-cyber-security-strategy
    # param lang: language | the language of the labels | default ar
    # sets: titles, bodies

`sets` names the columns whose cells join several values with " | "
(GROUP_CONCAT): the standard leaves the order of those values to the engine, so
they are sorted here and every store prints the same cell.

A parameter's type is `language`, `resource` (anything with a name), or the classes
its resource must belong to (`ict:Committee, ict:RegionalOrganization`); its last
field is `default VALUE`, `optional: what leaving it out means` or `required`.

Parameters are bound as RDF terms (SEP-0007 substitution), never as text a value
could escape from: a value is first resolved to an IRI (given as an IRI, a prefixed
name, or a label compared after Arabic normalisation); one that names nothing is
bound as a plain literal, which matches nothing. Substitution needs each parameter
in the query's SELECT clause. On the embedded store the term is written into the
query as N-Triples by pyoxigraph (substitute.py, as for a remote store), because
Oxigraph plans a query before it applies its own substitutions and would not use a
bound resource to narrow the search.

On the embedded store a catalogue query's ORDER BY on plain variables is done in
Python (sparql_order.py), which gives the engine's own order, much faster.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox

from ictgraph.errors import IctgraphError
from ictgraph.prefixes import PREFIX_IRIS as PREFIXES
from ictgraph.paths import QUERIES_DIR
from ictgraph.results import AskResult, GraphResult, Result, SelectResult
from ictgraph.name_index import NAME_RANK, OTHER_NAME_RANK, has_index, lookup, name_key, names_query
from ictgraph.sparql_order import project, sort_rows, split_order_by
from ictgraph.store import StoreDamaged, is_damage
from ictgraph.substitute import SubstitutionError, substitute
from ictgraph.time_limit import ChildFailed, TimeLimitExceeded, call_with_time_limit

_HEADER_LINE = re.compile(r"#\s*(title@ar|title|description|sets|param\s+[A-Za-z_]\w*)\s*:\s*(.*\S)\s*$")
SET_SEPARATOR = " | "  # what a `sets` column's GROUP_CONCAT joins its values with
_QUERY_NAME = re.compile(r"[a-z0-9][a-z0-9-]*")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
# Characters no IRI may contain (RFC 3987), besides controls: a value with any is a name.
_NOT_IN_IRI = re.compile(r"[\s<>\"{}|\\^`]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
DEFAULT_TIME_LIMIT = 30.0  # seconds a query may run
TIME_LIMIT_VARIABLE = "ICTGRAPH_QUERY_TIMEOUT"


class QueryError(IctgraphError):
    """A query cannot be run: unknown name, bad parameter, invalid SPARQL, bad header."""


class QueryTimeLimit(QueryError):
    """A query ran past its time limit and was stopped."""


@dataclass(frozen=True)
class Parameter:
    """One parameter of a catalogue query, as its header declares it."""

    name: str
    kind: str  # "language", "resource" (any named resource) or "class" (see classes)
    classes: tuple[str, ...]  # for kind "class": IRIs of the classes its value may have
    description: str
    default: str | None  # the default value as written, None when there is none
    required: bool
    when_omitted: str = ""  # for an optional parameter: what leaving it unbound means

    def summary(self) -> str:
        """`name (default X)`, `name (required)` or `name (optional: every X)`."""
        if self.required:
            return f"{self.name} (required)"
        if self.default is not None:
            return f"{self.name} (default {self.default})"
        return f"{self.name} (optional: {self.when_omitted})" if self.when_omitted else f"{self.name} (optional)"


@dataclass(frozen=True)
class CatalogueQuery:
    """A queries/NAME.rq file: its header and its SPARQL text."""

    name: str
    path: Path
    titles: Mapping[str, str]  # language -> title ("en", "ar")
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    set_columns: tuple[str, ...] = ()  # cells holding several values joined by SET_SEPARATOR

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or self.titles["en"]

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


@dataclass
class Answer:
    """The result of a catalogue query, with what the caller should know about it."""

    result: Result
    bound: dict[str, ox.NamedNode | ox.Literal] = field(default_factory=dict)  # parameter -> term
    warnings: list[str] = field(default_factory=list)


# --- the catalogue ---------------------------------------------------------------------------

def load_catalogue(directory: Path = QUERIES_DIR) -> dict[str, CatalogueQuery]:
    """Every queries/*.rq file by name, in name order."""
    directory = Path(directory)
    files = sorted(directory.glob("*.rq"))
    if not files:
        raise QueryError(f"{directory}: no queries (*.rq) found")
    return {path.stem: parse_query_file(path) for path in files}


def get_query(name: str, directory: Path = QUERIES_DIR) -> CatalogueQuery:
    """The catalogue query called `name`; an error naming the catalogue when there is none."""
    path = Path(directory) / f"{name}.rq"
    if not _QUERY_NAME.fullmatch(name) or not path.is_file():
        raise QueryError(f"no query named {name!r} in {directory} "
                         "(`ictgraph query` lists the catalogue)")
    return parse_query_file(path)


def parse_query_file(path: Path) -> CatalogueQuery:
    """Read a query file and its comment header."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"{path}: not UTF-8 text") from exc
    return parse_query(text, path)


def parse_query(text: str, path: Path) -> CatalogueQuery:
    """The header fields of a catalogue query; every leading comment line must be one."""
    titles: dict[str, str] = {}
    description = ""
    parameters: list[Parameter] = []
    set_columns: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        match = _HEADER_LINE.fullmatch(line)
        if not match:
            raise QueryError(f"{path}:{number}: header lines are `# title:`, `# title@ar:`, "
                             f"`# description:`, `# sets:` or `# param NAME:`; got {line!r}")
        key, value = match.group(1), match.group(2)
        if key == "title":
            titles["en"] = value
        elif key == "title@ar":
            titles["ar"] = value
        elif key == "description":
            description = value
        elif key == "sets":
            set_columns = tuple(name.strip().lstrip("?") for name in value.split(","))
        else:
            name = key.split()[1]
            if any(p.name == name for p in parameters):
                raise QueryError(f"{path}:{number}: parameter {name!r} declared twice")
            parameters.append(_parse_parameter(name, value, f"{path}:{number}"))
    missing = [k for k, ok in (("title", "en" in titles), ("title@ar", "ar" in titles),
                               ("description", bool(description))) if not ok]
    if missing:
        raise QueryError(f"{path}: header lacks {', '.join(missing)}")
    return CatalogueQuery(path.stem, path, titles, description, tuple(parameters), text,
                          set_columns)


def _parse_parameter(name: str, spec: str, where: str) -> Parameter:
    fields = [f.strip() for f in spec.split("|")]
    if len(fields) != 3:
        raise QueryError(f"{where}: expected `param {name}: TYPE | DESCRIPTION | DEFAULT`")
    type_, description, default = fields
    classes: tuple[str, ...] = ()
    if type_ in ("language", "resource"):
        kind = type_
    else:
        kind = "class"
        classes = tuple(_expand(c.strip(), where) for c in type_.split(","))
    if default == "required":
        return Parameter(name, kind, classes, description, None, True)
    if default.startswith("optional"):
        return Parameter(name, kind, classes, description, None, False,
                         default.partition(":")[2].strip())
    if default.startswith("default "):
        return Parameter(name, kind, classes, description, default[len("default "):].strip(), False)
    raise QueryError(f"{where}: the last field is `default VALUE`, `optional: ...` or `required`")


def _expand(curie: str, where: str) -> str:
    prefix, _, local = curie.partition(":")
    if prefix not in PREFIXES or not local:
        raise QueryError(f"{where}: {curie!r} is not a class with a known prefix "
                         f"({', '.join(sorted(PREFIXES))})")
    return str(PREFIXES[prefix]) + local


# --- parameters ------------------------------------------------------------------------------

def bind_parameters(store: ox.Store, query: CatalogueQuery,
                    values: Mapping[str, str]) -> tuple[dict[str, ox.NamedNode | ox.Literal], list[str]]:
    """RDF terms for the query's parameters (given values, else defaults) and any warnings."""
    unknown = sorted(set(values) - {p.name for p in query.parameters})
    if unknown:
        known = ", ".join(p.name for p in query.parameters) or "none"
        raise QueryError(f"query {query.name} has no parameter {unknown[0]!r} (its parameters: {known})")
    bound: dict[str, ox.NamedNode | ox.Literal] = {}
    warnings: list[str] = []
    for parameter in query.parameters:
        value = values.get(parameter.name, parameter.default)
        if value is None:
            if parameter.required:
                raise QueryError(f"query {query.name} needs the parameter {parameter.name!r}: "
                                 f"{parameter.description}")
            continue
        term, warning = resolve_value(store, parameter, value)
        bound[parameter.name] = term
        if warning:
            warnings.append(f"{query.name}: {warning}")
    return bound, warnings


def resolve_value(store: ox.Store, parameter: Parameter,
                  value: str) -> tuple[ox.NamedNode | ox.Literal, str | None]:
    """The RDF term a parameter value stands for, and a warning when it names nothing."""
    value = value.strip()
    if parameter.kind == "language":
        if not _LANGUAGE_TAG.fullmatch(value):
            raise QueryError(f"parameter {parameter.name}: {value!r} is not a language tag such as ar or en")
        return ox.Literal(value.lower()), None
    iri = as_iri(value)
    if iri is not None:
        if _mentioned(store, iri):
            return iri, None
        return iri, f"nothing in the graph is <{iri.value}>; it matches nothing"
    matches = find_by_name(store, value, parameter.classes)
    if len(matches) == 1:
        return matches[0], None
    if matches:
        raise QueryError(f"parameter {parameter.name}: {value!r} names {len(matches)} resources "
                         f"({', '.join(m.value for m in matches)}); give the IRI")
    what = " or ".join(_short(c) for c in parameter.classes) or "resource"
    # Bound as what it is, a literal: it matches no resource, so the query answers nothing.
    return ox.Literal(value), f"no {what} is named {value!r}; it matches nothing"


def as_iri(value: str) -> ox.NamedNode | None:
    """The IRI a value spells: <...>, an absolute IRI, or a prefixed name (res:country/qa)."""
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    elif not _SCHEME.match(value):
        return None
    elif not (value.partition(":")[0] in PREFIXES or "://" in value or value.startswith("urn:")):
        return None  # "Qatar:" is a name with a colon, not an IRI in a scheme of its own
    if not value or _NOT_IN_IRI.search(value) or any(ord(c) < 0x20 for c in value):
        return None
    prefix, _, local = value.partition(":")
    if prefix in PREFIXES:
        value = str(PREFIXES[prefix]) + local
    try:
        return ox.NamedNode(value)
    except ValueError:
        return None


def _mentioned(store: ox.Store, iri: ox.NamedNode) -> bool:
    """True when the IRI is the subject or the object of some triple."""
    patterns = ((iri, None, None), (None, None, iri))
    return any(next(iter(store.quads_for_pattern(*pattern)), None) is not None for pattern in patterns)


def find_by_name(store: ox.Store, name: str, classes: Iterable[str] = ()) -> list[ox.NamedNode]:
    """The resources (of any of `classes`, or of any class) whose best-ranked name is `name`.

    The store's name index when it has one (name_index.py); else, for a remote store,
    every name compared here."""
    if not name_key(name):
        return []
    if isinstance(store, ox.Store) and has_index(store):
        ranks = lookup(store, name, classes)
    else:
        ranks = _scan_names(store, name, classes)
    if not ranks:
        return []
    best = min(ranks.values())
    return [ox.NamedNode(iri) for iri in sorted(i for i, r in ranks.items() if r == best)]


def _scan_names(store, name: str, classes: Iterable[str]) -> dict[str, int]:
    key = name_key(name)
    text = names_query()
    ranks: dict[str, int] = {}
    for cls in list(classes) or [None]:
        substitutions = {ox.Variable("class"): ox.NamedNode(cls)} if cls else None
        for row in store.query(text, substitutions=substitutions):
            if name_key(row["name"].value) != key:
                continue
            iri = row["resource"].value
            rank = NAME_RANK.get(row["property"].value, OTHER_NAME_RANK)
            ranks[iri] = min(rank, ranks.get(iri, rank))
    return ranks


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


# --- running ---------------------------------------------------------------------------------

def query_time_limit(seconds: float | None = None) -> float | None:
    """The time limit for a query: `seconds` when given, else ICTGRAPH_QUERY_TIMEOUT, else
    DEFAULT_TIME_LIMIT; None (no limit) for 0."""
    if seconds is None:
        setting = os.environ.get(TIME_LIMIT_VARIABLE, "").strip()
        try:
            seconds = float(setting) if setting else DEFAULT_TIME_LIMIT
        except ValueError:
            seconds = -1.0
        if not (0 <= seconds < float("inf")):
            raise QueryError(f"{TIME_LIMIT_VARIABLE}={setting!r}: expected a number of seconds "
                             "(0: no limit)")
    return seconds or None


def run_catalogue_query(store: ox.Store, query: CatalogueQuery, values: Mapping[str, str], *,
                        time_limit: float | None = None) -> Answer:
    """Bind the parameters (given or default) and run a catalogue query."""
    bound, warnings = bind_parameters(store, query, values)
    result = run_sparql(store, query.text, source=str(query.path), bindings=bound,
                        time_limit=time_limit, catalogue=True)
    if isinstance(result, SelectResult) and query.set_columns:
        result = result.with_sorted_sets(query.set_columns, SET_SEPARATOR)
    return Answer(result, bound, warnings)


def run_sparql(store: ox.Store, text: str, *, source: str = "query",
               bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
               time_limit: float | None = None, catalogue: bool = False) -> Result:
    """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query; every failure is one QueryError line.

    With a `time_limit` (seconds), the query runs in a child process that is
    stopped at the deadline (QueryTimeLimit): a query in Oxigraph cannot be
    interrupted otherwise. A store found damaged while reading raises StoreDamaged.
    `catalogue` (a catalogue query, on the embedded store): see _evaluate_catalogue.
    """
    evaluate = _evaluate_catalogue if catalogue and isinstance(store, ox.Store) else _evaluate
    if not time_limit:
        return evaluate(store, text, source, bindings)
    try:
        return call_with_time_limit(lambda: evaluate(store, text, source, bindings), time_limit)
    except TimeLimitExceeded as exc:
        raise QueryTimeLimit(f"{source}: the query was stopped after the {exc.seconds:g} s time "
                             f"limit (--timeout SECONDS or {TIME_LIMIT_VARIABLE} sets it; "
                             "0: no limit)") from None
    except ChildFailed as exc:
        raise QueryError(f"{source}: the query failed: {exc}") from None


def _evaluate_catalogue(store: ox.Store, text: str, source: str,
                        bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> Result:
    """_evaluate for a catalogue query on the embedded store, planned well and sorted quickly.

    The parameters are written into the text as RDF terms (substitute.py, as for a
    remote store): Oxigraph plans a query before applying its substitutions, so a
    bound resource did not narrow the search (the evidence for one resource read
    every piece of evidence: 4 s instead of 0.1 s on 10,000 articles). An ORDER BY
    on plain variables is done in Python when that surely gives the engine's order
    (sparql_order.py); else the engine sorts.
    """
    unordered = split_order_by(text)
    if unordered is not None:
        try:
            result = _evaluate_substituted(store, unordered.text, source, bindings)
        except QueryError:
            result = None  # reported below, for the query as it is written
        if isinstance(result, SelectResult):
            rows = sort_rows(result.variables, result.rows, unordered.keys)
            if rows is not None:
                # The engine's DISTINCT made the rows distinct already, unless order
                # variables were added to them: only then are they made distinct again.
                distinct = unordered.distinct and result.variables != unordered.projection
                rows = project(result.variables, rows, unordered.projection, distinct)
                return SelectResult(unordered.projection, rows)
    try:
        return _evaluate_substituted(store, text, source, bindings)
    except QueryError:
        # Said again with Oxigraph's own substitutions, so that a syntax error is located
        # in the text as written.
        return _evaluate(store, text, source, bindings)


def _evaluate_substituted(store: ox.Store, text: str, source: str,
                          bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> Result:
    try:
        text = substitute(text, bindings or {})
    except SubstitutionError:  # a parameter the query assigns itself: bound the other way
        return _evaluate(store, text, source, bindings)
    return _evaluate(store, text, source, None)


def _evaluate(store: ox.Store, text: str, source: str,
              bindings: Mapping[str, ox.NamedNode | ox.Literal] | None) -> Result:
    substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()} or None
    try:
        answer = store.query(text, substitutions=substitutions)
        if isinstance(answer, ox.QueryBoolean):
            return AskResult(bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            variables = tuple(v.value for v in answer.variables)
            # A solution iterates in `variables` order: far quicker than a lookup by name.
            rows = [tuple(solution) for solution in answer]
            return SelectResult(variables, rows)
        return GraphResult(list(answer))
    except SyntaxError as exc:
        raise QueryError(_syntax_error(text, source, exc)) from exc
    except (OSError, RuntimeError) as exc:
        if isinstance(store, ox.Store) and is_damage(exc):
            # RocksDB checks each block it reads: a damaged file shows only when read.
            raise StoreDamaged(f"it is damaged: {_one_line(exc)}") from exc
        raise QueryError(f"{source}: the query failed: {_one_line(exc)}") from exc
    except (ValueError, TypeError) as exc:
        raise QueryError(f"{source}: the query failed: {_one_line(exc)}") from exc


def _syntax_error(text: str, source: str, exc: SyntaxError) -> str:
    """One line locating a syntax error: `source:line:column: invalid SPARQL: what`.

    Oxigraph places an error where its parser gave up, often a clause or a line
    further on; rdflib's parser names the offending token, so its position is
    used when it sees the same error.
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql import prepareQuery

    try:
        prepareQuery(text)
    except ParseException as located:
        found = f", found {located.found}" if getattr(located, "found", None) else ""
        return f"{source}:{located.lineno}:{located.col}: invalid SPARQL: {located.msg}{found}"
    except Exception as other:  # noqa: BLE001  rdflib raises plain Exceptions for some errors
        return f"{source}: invalid SPARQL: {_one_line(exc)} ({_one_line(other)})"
    return f"{source}: invalid SPARQL: {_one_line(exc)}"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def catalogue_listing(catalogue: Mapping[str, CatalogueQuery]) -> SelectResult:
    """The catalogue as rows (name, English and Arabic titles, parameters) for any output format."""
    rows = []
    for query in catalogue.values():
        parameters = "; ".join(p.summary() for p in query.parameters if p.kind != "language")
        rows.append((ox.Literal(query.name), ox.Literal(query.title("en")),
                     ox.Literal(query.title("ar"), language="ar"), ox.Literal(parameters)))
    return SelectResult(("name", "title", "title_ar", "parameters"), rows)
