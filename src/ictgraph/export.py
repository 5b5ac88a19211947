"""Exporting the graph: to files in the standard RDF syntaxes, and to SPARQL 1.1 stores.

This is the project's only network code. What is exported is what the embedded
store holds (data/graph.ttl, the ontology and the reference data), parsed the same
way, after the SHACL gate: a graph that does not conform is never exported.

Named graphs (TriG files; the store export merges the three into one graph):
  https://w3id.org/ictgraph/ontology             the ontology (its own IRI)
  https://w3id.org/ictgraph/resource/reference   the curated reference data
  https://w3id.org/ictgraph/resource/extracted   the graph built from the articles
  https://w3id.org/ictgraph/resource/graph       default target of a store export

Blank nodes (the ontology's OWL axioms) are relabelled by RDF canonicalisation
(RDFC-1.0) and statements sorted, so the same input always gives the same bytes.

A store export replaces one named graph so that readers never see half of it:
with the Graph Store Protocol, one PUT; else SPARQL Update through SPARQLWrapper,
batched INSERT DATA into a temporary graph, then one MOVE onto the target. Then it
counts the target's triples (a COUNT query: stores such as Virtuoso cut long
SELECT results) and compares with the local count. Credentials come only from
ICTGRAPH_ENDPOINT_USER / ICTGRAPH_ENDPOINT_PASSWORD; basic or digest is chosen from
the server's challenge, and the password is never printed.
"""

from __future__ import annotations

import ast
import base64
import hashlib
import http.client
import json
import os
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import pyoxigraph as ox

from ictgraph import __version__
from ictgraph.errors import IctgraphError, ValidationFailed
from ictgraph.io import write_atomic
from ictgraph.namespaces import PREFIXES, RES
from ictgraph.paths import GRAPH_FILE, ONTOLOGY_FILE, REFERENCE_DIR

ONTOLOGY_GRAPH = "https://w3id.org/ictgraph/ontology"
REFERENCE_GRAPH = str(RES["reference"])
EXTRACTED_GRAPH = str(RES["extracted"])
STORE_GRAPH = str(RES["graph"])

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML,
}
FORMAT_OF_SUFFIX = {".ttl": "ttl", ".nt": "nt", ".trig": "trig", ".jsonld": "jsonld",
                    ".json": "jsonld", ".rdf": "rdfxml", ".xml": "rdfxml", ".owl": "rdfxml"}
USER_VARIABLE = "ICTGRAPH_ENDPOINT_USER"
PASSWORD_VARIABLE = "ICTGRAPH_ENDPOINT_PASSWORD"
DEFAULT_TIMEOUT = 30.0  # seconds without an answer before a request fails
DEFAULT_BATCH = 500  # triples per INSERT DATA request (Virtuoso fails near 2000)

_SERVERS_FILE = Path(__file__).resolve().parent / "resources" / "endpoints" / "servers.json"
_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_COUNT_QUERY = "SELECT (COUNT(*) AS ?triples) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"

Progress = Callable[[int, int], None]  # (triples sent, triples in all)


class EndpointError(IctgraphError):
    """A store cannot be reached, refuses a request or ends up with the wrong graph."""


# --- what is exported -------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportGraphs:
    """The three parts of the export, each a sorted list of triples, by graph IRI."""

    parts: Mapping[str, Sequence[ox.Triple]]

    def merged(self) -> list[ox.Triple]:
        """Every triple once, sorted: what the embedded store and a store export hold."""
        return sorted({t for triples in self.parts.values() for t in triples}, key=_triple_key)

    def quads(self) -> list[ox.Quad]:
        return [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph))
                for graph, triples in self.parts.items() for t in triples]


def load_export_graphs(graph_file: Path = GRAPH_FILE, *, ontology_file: Path = ONTOLOGY_FILE,
                       reference_dir: Path = REFERENCE_DIR) -> ExportGraphs:
    """The graph, ontology and reference data, after checking the graph against the shapes."""
    from ictgraph.store import source_files
    from ictgraph.validate import validate_file

    graph_file, ontology_file, *reference = source_files(graph_file, ontology_file, reference_dir)
    report = validate_file(graph_file, reference_dir=reference_dir)
    if not report.conforms:
        raise ValidationFailed(f"{graph_file}: {len(report.violations)} SHACL violation(s); "
                               "nothing exported (`ictgraph validate` lists them)")
    sources = {ONTOLOGY_GRAPH: [ontology_file], REFERENCE_GRAPH: reference,
               EXTRACTED_GRAPH: [graph_file]}
    dataset = ox.Dataset()
    for graph, files in sources.items():
        for path in files:
            for quad in _parse(path):
                dataset.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(graph)))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    parts = {graph: sorted((q.triple for q in dataset.quads_for_graph_name(ox.NamedNode(graph))),
                           key=_triple_key)
             for graph in sources}
    return ExportGraphs(parts)


def _parse(path: Path) -> list[ox.Quad]:
    # The same parser and base IRI as the embedded store (store.py), so the same triples.
    try:
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE,
                             base_iri=Path(path).resolve().as_uri()))
    except SyntaxError as exc:
        raise IctgraphError(f"{path}: invalid Turtle: {' '.join(str(exc).split())}") from exc


def _triple_key(triple: ox.Triple) -> tuple[str, str, str]:
    return str(triple.subject), str(triple.predicate), str(triple.object)


# --- files ------------------------------------------------------------------------------------

def format_for(path: Path, fmt: str | None) -> str:
    """The export format: the one given, else the one the file's suffix names."""
    if fmt:
        return fmt
    try:
        return FORMAT_OF_SUFFIX[Path(path).suffix.lower()]
    except KeyError:
        raise IctgraphError(f"{path}: cannot tell the format from the suffix; give --format "
                            f"({'|'.join(FORMATS)})") from None


def export_file(graphs: ExportGraphs, path: Path, fmt: str, *, with_ontology: bool = False) -> int:
    """Write the graph to `path` in `fmt` (atomically); the number of statements written.

    trig always holds the three named graphs; the other formats hold the extracted
    graph, or with `with_ontology` the merge of all three (what the queries read).
    """
    if fmt == "trig":
        statements: list = graphs.quads()
    elif with_ontology:
        statements = graphs.merged()
    else:
        statements = list(graphs.parts[EXTRACTED_GRAPH])
    rdf_format = FORMATS[fmt]
    options = {}
    if fmt in ("ttl", "trig", "rdfxml", "jsonld"):
        options["prefixes"] = _prefixes_for(statements)
    write_atomic(Path(path), ox.serialize(statements, format=rdf_format, **options))
    return len(statements)


def _prefixes_for(statements: Iterable) -> dict[str, str]:
    """The project prefixes every local name of which is a plain word (res:meeting/x is not)."""
    iris = set()
    for s in statements:
        for term in (s.subject, s.predicate, s.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal):
                iris.add(term.datatype.value)
    prefixes = {}
    for prefix, ns in PREFIXES.items():
        namespace = str(ns)
        names = [iri[len(namespace):] for iri in iris if iri.startswith(namespace)]
        if names and all(_LOCAL_NAME.fullmatch(name) for name in names):
            prefixes[prefix] = namespace
    return prefixes


# --- talking to a store -----------------------------------------------------------------------

@dataclass
class Connection:
    """Credentials, timeout and the authentication scheme each URL asked for."""

    timeout: float = DEFAULT_TIMEOUT
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    _challenges: dict[str, tuple[str, str | None]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_environment(cls, timeout: float = DEFAULT_TIMEOUT) -> "Connection":
        user, password = os.environ.get(USER_VARIABLE), os.environ.get(PASSWORD_VARIABLE)
        if bool(user) != bool(password):
            raise EndpointError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE}, or neither")
        return cls(timeout, user or None, password or None)

    def scheme(self, url: str) -> tuple[str, str | None]:
        """("basic" | "digest", realm) as the server's 401 challenge asks; basic if it asks nothing."""
        if url not in self._challenges:
            challenge = self._challenge(url)
            scheme, realm = "basic", None
            if challenge.lower().startswith("digest"):
                found = re.search(r'realm="([^"]*)"', challenge)
                scheme, realm = "digest", found.group(1) if found else None
            self._challenges[url] = (scheme, realm)
        return self._challenges[url]

    def _challenge(self, url: str) -> str:
        """The WWW-Authenticate header of an unauthenticated GET of `url` ("" when none)."""
        try:
            urllib.request.build_opener().open(url, timeout=self.timeout).close()
        except urllib.error.HTTPError as exc:
            return exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        except (OSError, http.client.HTTPException) as exc:
            raise _failure(url, exc, self.timeout, with_credentials=bool(self.user)) from exc
        return ""

    def wrapper(self, query_url: str, update_url: str | None = None):
        """A SPARQLWrapper for these endpoints with the timeout and credentials."""
        from SPARQLWrapper import BASIC, DIGEST, POST, URLENCODED, SPARQLWrapper

        wrapper = SPARQLWrapper(query_url, updateEndpoint=update_url,
                                agent=f"ictgraph/{__version__}")
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setTimeout(self.timeout)
        if self.user:
            scheme, realm = self.scheme(update_url or query_url)
            wrapper.setHTTPAuth(DIGEST if scheme == "digest" else BASIC)
            wrapper.setCredentials(self.user, self.password, realm=realm or "SPARQL")
        return wrapper

    def check_access(self, url: str) -> None:
        """Fail with a clear 401 line before uploading to a URL that would refuse us.

        A server that refuses a request part-way through its body resets the
        connection, and all the client would see is a broken pipe.
        """
        request = urllib.request.Request(url, method="GET")
        self.authorize(request, url)
        try:
            urllib.request.build_opener().open(request, timeout=self.timeout).close()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise _failure(url, exc, self.timeout, with_credentials=bool(self.user)) from exc
            # Other answers (404 for no graph, 400, 405) say nothing about the credentials.
        except (OSError, http.client.HTTPException) as exc:
            raise _failure(url, exc, self.timeout, with_credentials=bool(self.user)) from exc

    def authorize(self, request: urllib.request.Request, url: str) -> None:
        """Put the credentials on a request before it is sent.

        Not in answer to a 401 as urllib does: a server that refuses a large body
        part-way closes the connection, and the body never gets sent again.
        """
        if not self.user:
            return
        scheme, _realm = self.scheme(url)
        if scheme == "basic":
            token = base64.b64encode(f"{self.user}:{self.password}".encode("utf-8")).decode("ascii")
            request.add_unredirected_header("Authorization", f"Basic {token}")
            return
        challenge = self._challenge(request.full_url)  # a fresh nonce for this request
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, self.user, self.password)
        fields = urllib.request.parse_keqv_list(
            filter(None, urllib.request.parse_http_list(challenge.partition(" ")[2])))
        answer = urllib.request.HTTPDigestAuthHandler(passwords).get_authorization(request, fields)
        if answer:
            request.add_unredirected_header("Authorization", f"Digest {answer}")


def check_url(url: str) -> str:
    """An http(s) URL without credentials in it (those come from the environment)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{redact(url)}: not an http(s) URL")
    if parts.username or parts.password:
        raise EndpointError(f"{redact(url)}: put no credentials in the URL; set "
                            f"{USER_VARIABLE} and {PASSWORD_VARIABLE}")
    return url


def redact(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def _failure(url: str, exc: BaseException, timeout: float, *,
             with_credentials: bool = False) -> EndpointError:
    """One line saying what went wrong with a request to `url`."""
    from SPARQLWrapper import SPARQLExceptions as sw

    where = redact(url)
    if isinstance(exc, sw.Unauthorized) or getattr(exc, "code", None) == 401:
        hint = ("the credentials were refused" if with_credentials
                else f"set {USER_VARIABLE} and {PASSWORD_VARIABLE}")
        return EndpointError(f"{where}: HTTP 401 Unauthorized ({hint})")
    statuses = {sw.QueryBadFormed: "400 Bad Request", sw.EndPointNotFound: "404 Not Found",
                sw.URITooLong: "414 URI Too Long", sw.EndPointInternalError: "500 Internal Server Error"}
    for kind, status in statuses.items():
        if isinstance(exc, kind):
            return EndpointError(f"{where}: HTTP {status}{_server_says(str(exc))}")
    if isinstance(exc, urllib.error.HTTPError):
        body = ""
        try:
            body = exc.read(2000).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            pass
        return EndpointError(f"{where}: HTTP {exc.code} {exc.reason}{_server_says(body)}")
    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return EndpointError(f"{where}: no answer within {timeout:g} s")
    if isinstance(reason, ConnectionRefusedError):
        return EndpointError(f"{where}: connection refused (is the server running?)")
    if isinstance(reason, socket.gaierror):
        return EndpointError(f"{where}: unknown host")
    text = " ".join(str(reason).split()) or type(reason).__name__
    return EndpointError(f"{where}: the request failed: {text[:200]}")


def _server_says(text: str | bytes | None) -> str:
    """": the first line of the server's answer", or "" when it said nothing."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    text = text or ""
    if "Response:" in text:  # SPARQLWrapper's message: a preamble, then repr(body)
        text = text.split("Response:", 1)[1].strip()
        if text[:2] in ("b'", 'b"'):
            try:
                text = ast.literal_eval(text).decode("utf-8", "replace")
            except (ValueError, SyntaxError):
                pass
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return f": {lines[0][:200]}" if lines else ""


def _request(url: str, connection: Connection, action: Callable[[], object]):
    """Run a request, turning every network or HTTP failure into one EndpointError."""
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    # SPARQLWrapper's digest authentication installs a process-wide urllib opener holding
    # the password; without this reset the next request, to any URL, would carry it.
    urllib.request.install_opener(None)
    try:
        return action()
    except EndpointError:
        raise
    except (SPARQLWrapperException, OSError, http.client.HTTPException) as exc:
        raise _failure(url, exc, connection.timeout,
                       with_credentials=bool(connection.user)) from exc
    finally:
        urllib.request.install_opener(None)


# --- endpoints --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Endpoints:
    """A store's SPARQL query, update and Graph Store endpoints (gsp None: not offered)."""

    query: str
    update: str
    gsp: str | None
    server: str | None  # the recognised server, or None


def resolve_endpoints(query_url: str, connection: Connection, *, update_url: str | None = None,
                      gsp_url: str | None = None) -> Endpoints:
    """The endpoints given, with the missing ones from the server's conventions.

    The server is asked one `ASK {}` (which also proves it is reachable) and
    recognised by its Server header and the path of its query endpoint. An
    unrecognised server is sent updates at the query URL, as SPARQL 1.1 allows.
    """
    check_url(query_url)
    header = _server_header(query_url, connection)
    server = None
    for known in json.loads(_SERVERS_FILE.read_text(encoding="utf-8"))["servers"]:
        path = urllib.parse.urlsplit(query_url).path.rstrip("/")
        if header.startswith(known["server_header"]) and path.endswith(known["query"]):
            server = known
            break
    base = query_url.rstrip("/")[: -len(server["query"])] if server else None
    update = update_url or (base + server["update"] if server else query_url)
    gsp = gsp_url or (base + server["gsp"] if server else None)
    for url in (update, gsp):
        if url:
            check_url(url)
    return Endpoints(query_url, update, gsp, server["name"] if server else None)


def _server_header(url: str, connection: Connection) -> str:
    probe = url + ("&" if "?" in url else "?") + urllib.parse.urlencode({"query": "ASK {}"})
    request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.build_opener().open(request, timeout=connection.timeout) as response:
            return response.headers.get("Server", "")
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):  # a protected query endpoint is still a server that answered
            return exc.headers.get("Server", "")
        raise _failure(url, exc, connection.timeout,
                       with_credentials=bool(connection.user)) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise _failure(url, exc, connection.timeout,
                       with_credentials=bool(connection.user)) from exc


# --- pushing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PushReport:
    graph: str
    triples: int
    protocol: str  # "Graph Store Protocol" or "SPARQL Update"
    endpoint: str  # where the data went
    server: str | None


def push(graphs: ExportGraphs, query_url: str, *, graph: str = STORE_GRAPH,
         update_url: str | None = None, gsp_url: str | None = None, protocol: str = "auto",
         connection: Connection | None = None, batch_size: int = DEFAULT_BATCH,
         on_progress: Progress | None = None) -> PushReport:
    """Replace `graph` in the store with the export, check its count; see the module doc.

    protocol "auto" uses the Graph Store Protocol when the store offers it (given
    or known), "gsp" insists on it, "update" uses SPARQL Update.
    """
    connection = connection or Connection.from_environment()
    graph = _check_graph_iri(graph)
    triples = graphs.merged()
    endpoints = preflight(query_url, connection, update_url=update_url, gsp_url=gsp_url,
                          protocol=protocol)
    if protocol != "update" and endpoints.gsp:
        _put_graph(endpoints.gsp, graph, triples, connection, on_progress)
        used, target = "Graph Store Protocol", endpoints.gsp
    else:
        _update_graph(endpoints, graph, triples, connection, batch_size, on_progress)
        used, target = "SPARQL Update", endpoints.update
    stored = count_triples(endpoints.query, graph, connection)
    if stored != len(triples):
        raise EndpointError(f"{redact(endpoints.query)}: graph <{graph}> holds {stored} triples "
                            f"after the export, {len(triples)} were sent")
    return PushReport(graph, len(triples), used, redact(target), endpoints.server)


def preflight(query_url: str, connection: Connection, *, update_url: str | None = None,
              gsp_url: str | None = None, protocol: str = "auto") -> Endpoints:
    """The endpoints, once the store has answered and accepted the credentials for writing.

    Cheap, so a caller can run it before the SHACL gate and fail fast.
    """
    endpoints = resolve_endpoints(query_url, connection, update_url=update_url, gsp_url=gsp_url)
    if protocol == "gsp" and not endpoints.gsp:
        raise EndpointError(f"{redact(query_url)}: no Graph Store endpoint known; give --gsp-endpoint")
    connection.check_access(endpoints.gsp if protocol != "update" and endpoints.gsp
                            else endpoints.update)
    return endpoints


def count_triples(query_url: str, graph: str, connection: Connection) -> int:
    """How many triples `graph` holds, by a COUNT query."""
    store = RemoteStore(query_url, default_graph=None, connection=connection)
    rows = list(store.query(_COUNT_QUERY.format(graph=_check_graph_iri(graph))))
    try:
        return int(rows[0]["triples"].value)
    except (IndexError, KeyError, TypeError, ValueError):
        raise EndpointError(f"{redact(query_url)}: the COUNT query gave no number") from None


def _check_graph_iri(graph: str) -> str:
    try:
        return ox.NamedNode(graph).value
    except ValueError:
        raise EndpointError(f"--graph {graph!r}: not an absolute IRI") from None


def _put_graph(gsp_url: str, graph: str, triples: Sequence[ox.Triple], connection: Connection,
               on_progress: Progress | None) -> None:
    """One Graph Store Protocol PUT: the server swaps the graph for the body in one step."""
    body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)  # N-Triples is also Turtle
    url = gsp_url + ("&" if "?" in gsp_url else "?") + urllib.parse.urlencode({"graph": graph})
    report = (lambda sent: on_progress(len(triples) * sent // max(len(body), 1), len(triples))
              if on_progress else None)
    request = urllib.request.Request(
        url, data=_ReplayableBody(body, report), method="PUT",
        headers={"Content-Type": "text/turtle; charset=utf-8", "Content-Length": str(len(body)),
                 "User-Agent": f"ictgraph/{__version__}"})


    def send() -> None:
        connection.authorize(request, gsp_url)
        with urllib.request.build_opener().open(request, timeout=connection.timeout) as response:
            response.read()

    _request(gsp_url, connection, send)


class _ReplayableBody:
    """A request body read in blocks, reporting progress, that starts over when re-sent.

    urllib sends the same body again after an authentication challenge; a plain
    stream would then be empty.
    """

    _BLOCK = 1 << 16

    def __init__(self, data: bytes, report: Callable[[int], None] | None) -> None:
        self.data, self.report, self.position = data, report, 0

    def read(self, size: int = -1) -> bytes:
        if self.position >= len(self.data):
            self.position = 0  # the previous pass ended: this is a new request
            return b""
        size = self._BLOCK if size is None or size < 0 else size
        block = self.data[self.position:self.position + size]
        self.position += len(block)
        if self.report:
            self.report(self.position)
        return block


def _update_graph(endpoints: Endpoints, graph: str, triples: Sequence[ox.Triple],
                  connection: Connection, batch_size: int, on_progress: Progress | None) -> None:
    """INSERT DATA in batches into a temporary graph, then MOVE it onto `graph`."""
    temporary = temporary_graph(graph)

    def update(text: str) -> None:
        wrapper = connection.wrapper(endpoints.query, endpoints.update)
        wrapper.setQuery(text)
        _request(endpoints.update, connection, lambda: wrapper.query().response.read())

    # A temporary graph left by an interrupted export is cleared first.
    update(f"DROP SILENT GRAPH <{temporary}>")
    try:
        sent = 0
        for batch in batches(triples, batch_size):
            update(insert_request(temporary, batch))
            sent += len(batch)
            if on_progress:
                on_progress(sent, len(triples))
        update(f"MOVE <{temporary}> TO <{graph}>")
    except EndpointError:
        try:
            update(f"DROP SILENT GRAPH <{temporary}>")
        except EndpointError:
            pass  # the server is gone; the next export clears the temporary graph
        raise


def insert_request(graph: str, triples: Sequence[ox.Triple]) -> str:
    """A SPARQL Update adding `triples` to `graph`.

    INSERT DATA, or with blank nodes INSERT {...} WHERE {}, which means the same
    (fresh nodes, one per label) and is accepted by stores such as Virtuoso that
    refuse blank nodes in INSERT DATA.
    """
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    if any(isinstance(term, ox.BlankNode) for t in triples for term in (t.subject, t.object)):
        return f"INSERT {{ GRAPH <{graph}> {{\n{lines}\n}} }} WHERE {{}}"
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{lines}\n}} }}"


def temporary_graph(graph: str) -> str:
    """The graph an update-based export fills before moving it onto `graph`."""
    return f"urn:x-ictgraph:upload:{hashlib.sha256(graph.encode('utf-8')).hexdigest()[:16]}"


def batches(triples: Sequence[ox.Triple], size: int) -> list[list[ox.Triple]]:
    """Triples in batches of about `size`, the triples sharing a blank node in one batch.

    A blank node label means one node only within a request: a node split over
    two INSERT DATA requests would become two nodes.
    """
    groups: dict[str, list[ox.Triple]] = {}
    alone: list[list[ox.Triple]] = []
    parent: dict[str, str] = {}

    def root(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for triple in triples:
        labels = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for label in labels[1:]:
            parent[root(label)] = root(labels[0])
    for triple in triples:
        labels = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        if labels:
            groups.setdefault(root(labels[0]), []).append(triple)
        else:
            alone.append([triple])
    units = alone + [groups[key] for key in sorted(groups)]
    result: list[list[ox.Triple]] = []
    for unit in units:
        if result and len(result[-1]) + len(unit) <= size:
            result[-1].extend(unit)
        else:
            result.append(list(unit))
    return result


# --- querying a store -------------------------------------------------------------------------

class RemoteStore:
    """The query side of a pyoxigraph Store, answered by a SPARQL endpoint.

    queries.py runs catalogue queries on anything with Store.query(text,
    substitutions=...); this one writes the substitutions into the text
    (substitute.py), sends it through SPARQLWrapper and parses the answer with
    pyoxigraph, so the rows and their printing are exactly those of a local query.
    `default_graph` is sent as default-graph-uri (None: the store's own default graph).
    """

    def __init__(self, query_url: str, *, default_graph: str | None = STORE_GRAPH,
                 connection: Connection | None = None) -> None:
        self.url = check_url(query_url)
        self.default_graph = default_graph
        self.connection = connection or Connection.from_environment()

    def quads_for_pattern(self, subject=None, predicate=None, object=None, graph_name=None):
        """The triples matching a pattern (None: any), as quads in the default graph."""
        if graph_name is not None:
            raise EndpointError("a remote store is queried through its default graph only")
        terms = {"s": subject, "p": predicate, "o": object}
        bound = {ox.Variable(name): term for name, term in terms.items() if term is not None}
        rows = self.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", substitutions=bound)
        return [ox.Quad(row["s"], row["p"], row["o"], ox.DefaultGraph()) for row in rows]

    def query(self, query: str, *, substitutions: Mapping[ox.Variable, ox.NamedNode | ox.Literal]
              | None = None):
        from SPARQLWrapper import JSON, TURTLE

        from ictgraph.substitute import substitute

        text = substitute(query, {v.value: term for v, term in (substitutions or {}).items()})
        wrapper = self.connection.wrapper(self.url)
        wrapper.setQuery(text)
        graph_form = wrapper.queryType in ("CONSTRUCT", "DESCRIBE")
        wrapper.setReturnFormat(TURTLE if graph_form else JSON)
        if self.default_graph:
            wrapper.addDefaultGraph(self.default_graph)

        def fetch() -> tuple[bytes, str]:
            response = wrapper.query().response
            return response.read(), response.headers.get("Content-Type", "")

        body, content_type = _request(self.url, self.connection, fetch)
        try:
            if graph_form:
                rdf_format = (ox.RdfFormat.RDF_XML if "xml" in content_type
                              else ox.RdfFormat.TURTLE)
                return [quad.triple for quad in ox.parse(body, format=rdf_format)]
            results_format = (ox.QueryResultsFormat.XML if "xml" in content_type
                              else ox.QueryResultsFormat.JSON)
            if results_format == ox.QueryResultsFormat.JSON:
                body = _portable_terms(body)
            # Read once to the end, so that a broken answer fails here, not in the caller's loop.
            answer = ox.parse_query_results(body, format=results_format)
            if isinstance(answer, ox.QuerySolutions):
                list(answer)
            return ox.parse_query_results(body, format=results_format)
        except (SyntaxError, ValueError) as exc:
            raise EndpointError(f"{redact(self.url)}: unreadable answer ({content_type or 'no type'}): "
                                f"{' '.join(str(exc).split())[:200]}") from exc


# A store may answer in any lexical form of a value ("1"^^xsd:boolean from Virtuoso);
# the canonical form makes remote rows print exactly as local ones.
_CANONICAL_LEXICAL = {
    "http://www.w3.org/2001/XMLSchema#boolean": {"1": "true", "0": "false"},
}


def _portable_terms(body: bytes) -> bytes:
    """JSON results pyoxigraph reads and prints as it would a local answer.

    Blank node labels become plain names (Virtuoso's "nodeID://b10001" is not a
    valid N-Triples label, and a label only identifies a node within one answer
    anyway), and literals of a datatype with several lexical forms for one value
    get the canonical form.
    """
    if b'"bnode"' not in body and not any(d.encode() in body for d in _CANONICAL_LEXICAL):
        return body
    document = json.loads(body)

    def fix(term: dict) -> None:
        if term.get("type") == "bnode":
            term["value"] = "b" + hashlib.sha256(term["value"].encode("utf-8")).hexdigest()[:24]
        elif term.get("type") in ("literal", "typed-literal"):
            forms = _CANONICAL_LEXICAL.get(term.get("datatype", ""), {})
            term["value"] = forms.get(term["value"], term["value"])
        elif term.get("type") == "triple":
            for part in term["value"].values():
                fix(part)

    for binding in document.get("results", {}).get("bindings", []):
        for term in binding.values():
            fix(term)
    return json.dumps(document).encode("utf-8")
