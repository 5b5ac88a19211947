"""The command line: argument parsing and printing only; the work is in the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ictgraph import __version__
from ictgraph.errors import IctgraphError
from ictgraph.ontology.commands import ontology as ontology_group


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100, "terminal_width": 100})
@click.version_option(__version__, prog_name="ictgraph")
def cli() -> None:
    """ictgraph: a knowledge graph of regional ICT cooperation, built from Arabic news."""


@cli.command()
@click.argument("directory", required=False, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
              help="Where to write the graph (default: data/graph.ttl).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to extract with.")
@click.option("--strict", is_flag=True, help="Any unreadable document or SHACL violation is fatal.")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL gate (debugging only).")
@click.option("--no-cache", is_flag=True,
              help="Extract every document again, ignoring and not filling data/cache/.")
@click.option("--full", is_flag=True,
              help="Make the whole graph again, even when the folder only has new documents "
                   "that could be added to the previous graph.")
def build(directory: Path | None, output: Path | None, jobs: int, strict: bool, no_validate: bool,
          no_cache: bool, full: bool) -> int:
    """Build the graph from a folder of Arabic articles (default data/documents)."""
    from ictgraph import build as build_module
    from ictgraph import paths

    directory = directory or paths.DOCUMENTS_DIR
    output = output or paths.GRAPH_FILE
    if no_validate:
        click.echo("ictgraph: WARNING: --no-validate: the graph is written WITHOUT the SHACL gate; "
                   "it may not conform (debugging only)", err=True)
    progress = _progress()
    with progress:
        task = progress.add_task("extracting", total=None)
        report = build_module.build(
            directory, output, jobs=jobs, strict=strict, validate_output=not no_validate,
            cache_dir=None if no_cache else paths.CACHE_DIR, incremental=not full,
            on_start=lambda n: progress.update(task, total=n),
            on_done=lambda _doc: progress.advance(task),
        )
    for error in report.skipped:
        click.echo(f"ictgraph: skipped {error}", err=True)
    for item in report.quarantined:
        click.echo(f"ictgraph: quarantined {item.name}: {len(item.violations)} SHACL violation(s)", err=True)
        for violation in item.violations:
            click.echo(f"    {violation}", err=True)
    for warning in report.warnings:
        click.echo(f"ictgraph: warning: {warning}", err=True)
    if report.added == 0:
        click.echo("no new or changed documents: the graph and its store are up to date")
    elif report.added is not None:
        click.echo(f"added {report.added} new document(s) to the previous graph")
    elif report.rebuilt_because:
        click.echo(f"made the whole graph again: {report.rebuilt_because}")
    click.echo(f"wrote {report.output}: {report.documents} documents ({report.cached} from the cache), "
               f"{report.triples} triples, {report.statements} statements with evidence")
    for cls, count in report.classes.items():
        click.echo(f"  {cls:<20} {count}")
    if report.skipped or report.quarantined:
        click.echo(f"partial: {len(report.skipped)} document(s) skipped, "
                   f"{len(report.quarantined)} quarantined", err=True)
    return report.exit_code


def _progress():
    """A progress bar on a terminal, nothing when output is piped."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from rich.console import Console

    console = Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    console=console, transient=True, disable=not console.is_terminal)


# --- evaluate: measured quality against the gold files ------------------------------------
@cli.command()
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option("--graph", "graph_file", type=click.Path(path_type=Path), default=None,
              help="The graph to score (default: data/graph.ttl).")
@click.option("--reference", "reference_dir", type=click.Path(path_type=Path), default=None,
              help="Reference data whose labels count as names (default: data/reference).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def evaluate(gold_dir: Path, graph_file: Path | None, reference_dir: Path | None,
             output_format: str) -> int:
    """Precision and recall of the graph against gold facts, per document and in total."""
    from ictgraph import evaluate as evaluate_module
    from ictgraph import paths

    evaluation = evaluate_module.evaluate(gold_dir, graph_file or paths.GRAPH_FILE,
                                          reference_dir or paths.REFERENCE_DIR)
    render = evaluate_module.render_json if output_format == "json" else evaluate_module.render_text
    click.echo(render(evaluation), nl=False)
    return 0


cli.add_command(ontology_group)  # ictgraph ontology check|export|docs


# --- validate: the SHACL gate ----------------------------------------------------------------
@cli.command("validate")
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json", "turtle"]),
              default="text", show_default=True, help="turtle: the standard SHACL validation report.")
@click.option("--lang", type=click.Choice(["en", "ar"]), default="en", show_default=True,
              help="Language of the messages in the text report.")
@click.option("--engine", type=click.Choice(["native", "pyshacl"]), default="native", show_default=True,
              help="native: ictgraph's own SHACL engine; pyshacl: the reference engine (slower).")
def validate_command(file: Path | None, output_format: str, lang: str, engine: str) -> int:
    """Check a graph (default: data/graph.ttl) against the SHACL shapes, with the ontology and
    the reference data. Exit 0 when it conforms (warnings are listed), 1 on violations."""
    from ictgraph import paths
    from ictgraph.validate import validate_file
    from ictgraph.validate_render import render

    report = validate_file(file or paths.GRAPH_FILE, engine=engine)
    click.echo(render(report, output_format, lang), nl=False)
    return 0 if report.conforms else 1


# --- query, sparql: canned questions and any SPARQL, on the embedded store -------------------
_RESULT_FORMATS = ["table", "csv", "tsv", "json"]
_GRAPH_OPTION_HELP = ("Query this graph file (loaded in memory, with the ontology and the reference "
                      "data) instead of the store built from data/graph.ttl.")
_TIMEOUT_HELP = "Seconds a query may run (default 30, or ICTGRAPH_QUERY_TIMEOUT); 0: no limit."
# Rows a table shows on a terminal unless --limit says otherwise: thousands of rows are no use
# on a screen, and laying them out takes seconds.
_TERMINAL_ROWS = 100


@cli.command("query")
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter: an IRI, a prefixed name (res:country/qa) or an Arabic or English "
                   "label. Repeatable.")
@click.option("--lang", type=click.Choice(["ar", "en"]), default=None,
              help="Language of the labels (default ar); a label missing in it comes in the other.")
@click.option("--format", "output_format", type=click.Choice(_RESULT_FORMATS), default="table",
              show_default=True, help="json, csv and tsv are the SPARQL 1.1 results formats.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help=_GRAPH_OPTION_HELP)
@click.option("--endpoint", default=None, metavar="URL",
              help="Ask this remote SPARQL endpoint instead (see `ictgraph export --endpoint`).")
@click.option("--endpoint-graph", default=None, metavar="IRI",
              help="With --endpoint: the graph to query (default: the graph `ictgraph export` "
                   "writes); '' for the store's default graph.")
@click.option("--timeout", "time_limit", type=click.FloatRange(min=0), default=None,
              metavar="SECONDS", help=_TIMEOUT_HELP)
@click.option("--limit", type=click.IntRange(min=0), default=None, metavar="N",
              help="Print at most N rows; 0: all. Default: all, but a table on a terminal "
                   f"shows the first {_TERMINAL_ROWS}.")
@click.option("--offset", type=click.IntRange(min=0), default=0, metavar="N",
              help="Skip the first N rows.")
def query_command(name: str | None, params: tuple[str, ...], lang: str | None, output_format: str,
                  graph_file: Path | None, endpoint: str | None = None,
                  endpoint_graph: str | None = None, time_limit: float | None = None,
                  limit: int | None = None, offset: int = 0) -> int:
    """Answer a question from the catalogue (queries/*.rq); without NAME, list the catalogue."""
    from ictgraph import queries
    from ictgraph.results import SelectResult, page_note, render

    if name is None:
        if params:
            raise click.UsageError("--param needs a query NAME")
        listing = queries.catalogue_listing(queries.load_catalogue())
        click.echo(render(listing, output_format, width=_terminal_width()), nl=False)
        return 0
    query = queries.get_query(name)
    values = _parse_params(params)
    if lang is not None:
        if "lang" in values:
            raise click.UsageError("give the language with --lang, not --param lang=")
        values["lang"] = lang
    time_limit = queries.query_time_limit(time_limit)
    answer = _on_query_store(graph_file, endpoint, endpoint_graph,
                             lambda store: queries.run_catalogue_query(store, query, values,
                                                                       time_limit=time_limit))
    for warning in answer.warnings:
        click.echo(f"ictgraph: warning: {warning}", err=True)
    result, note = answer.result, None
    if isinstance(result, SelectResult):
        result = result.without(answer.bound)  # a given parameter is the same on every row
        if limit is None and output_format == "table" and sys.stdout.isatty():
            limit = _TERMINAL_ROWS
        page = result.page(offset, limit or None)
        note = page_note(offset, len(page.rows), len(result.rows))
        result = page
    click.echo(render(result, output_format, width=_terminal_width()), nl=False)
    if note:
        click.echo(f"ictgraph: {note}", err=True)
    return 0


@cli.command("sparql")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--query", "-q", "text", default=None, help="The query text, instead of FILE.")
@click.option("--format", "output_format", type=click.Choice(_RESULT_FORMATS), default="table",
              show_default=True, help="For SELECT and ASK; CONSTRUCT and DESCRIBE print Turtle.")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help=_GRAPH_OPTION_HELP)
@click.option("--timeout", "time_limit", type=click.FloatRange(min=0), default=None,
              metavar="SECONDS", help=_TIMEOUT_HELP)
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses call other endpoints over the network (refused by default).")
def sparql_command(file: Path | None, text: str | None, output_format: str,
                   graph_file: Path | None, time_limit: float | None = None,
                   allow_service: bool = False) -> int:
    """Run any SPARQL 1.1 SELECT, ASK, CONSTRUCT or DESCRIBE query on the graph (read-only:
    updates are refused, and so is SERVICE unless --allow-service)."""
    from ictgraph.queries import QueryError, query_time_limit, run_sparql
    from ictgraph.results import render
    from ictgraph.sparql_guard import check_read_only

    if (file is None) == (text is None):
        raise click.UsageError("give a query FILE or --query TEXT (exactly one)")
    source = "--query"
    if file is not None:
        source = str(file)
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise QueryError(f"{file}: not UTF-8 text") from exc
    check_read_only(text, source=source, allow_service=allow_service)
    time_limit = query_time_limit(time_limit)
    result = _on_store(graph_file, lambda store: run_sparql(store, text, source=source,
                                                            time_limit=time_limit))
    click.echo(render(result, output_format, width=_terminal_width()), nl=False)
    return 0


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        if not sep or not key.strip():
            raise click.UsageError(f"--param {param!r}: expected KEY=VALUE")
        if key.strip() in values:
            raise click.UsageError(f"--param {key.strip()} given twice")
        values[key.strip()] = value
    return values


def _on_store(graph_file: Path | None, action):
    """action(store) on the embedded store (rebuilt, with a note, when missing, stale or
    damaged), or on an in-memory store of `graph_file`."""
    from ictgraph.store import with_store

    return with_store(action, graph_file,
                      on_rebuild=lambda note: click.echo(f"ictgraph: {note}", err=True))


def _terminal_width() -> int | None:
    """The terminal's width for tables on a terminal; None (no wrapping) when piped."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


# --- export, serve: files, remote stores, a local endpoint (export.py, serve.py) --------------
def _on_query_store(graph_file: Path | None, endpoint: str | None, endpoint_graph: str | None,
                    action):
    """action(store) on the store `ictgraph query` asks: a remote endpoint, a graph file, or
    the embedded store."""
    if endpoint is None:
        if endpoint_graph is not None:
            raise click.UsageError("--endpoint-graph needs --endpoint")
        return _on_store(graph_file, action)
    if graph_file is not None:
        raise click.UsageError("give --graph FILE or --endpoint URL, not both")
    from ictgraph.export import STORE_GRAPH, RemoteStore

    return action(RemoteStore(endpoint, default_graph=STORE_GRAPH if endpoint_graph is None
                              else endpoint_graph or None))


@cli.command("export")
@click.option("--format", "fmt", type=click.Choice(["ttl", "nt", "trig", "jsonld", "rdfxml"]),
              default=None, help="File syntax (default: from the file's suffix).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The file to write.")
@click.option("--with-ontology", is_flag=True,
              help="Files: also the ontology and the reference data (trig always has them, "
                   "as named graphs).")
@click.option("--endpoint", default=None, metavar="URL", help="A store's SPARQL query endpoint.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="The store's graph to replace (default https://w3id.org/ictgraph/resource/graph).")
@click.option("--update-endpoint", default=None, metavar="URL",
              help="SPARQL Update endpoint (default: by the server's conventions).")
@click.option("--gsp-endpoint", default=None, metavar="URL",
              help="Graph Store Protocol endpoint (default: by the server's conventions).")
@click.option("--protocol", type=click.Choice(["auto", "gsp", "update"]), default="auto",
              show_default=True, help="auto: the Graph Store Protocol where offered, else SPARQL Update.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for an answer to each request.")
@click.option("-i", "--input", "graph_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="The graph to export (default: data/graph.ttl).")
def export_command(fmt: str | None, output: Path | None, with_ontology: bool, endpoint: str | None,
                   graph_iri: str | None, update_endpoint: str | None, gsp_endpoint: str | None,
                   protocol: str, timeout: float, graph_file: Path | None) -> int:
    """Write the graph to a file, or replace a graph in a SPARQL 1.1 store (credentials from
    ICTGRAPH_ENDPOINT_USER and ICTGRAPH_ENDPOINT_PASSWORD)."""
    from ictgraph import export, paths

    if (endpoint is None) == (output is None):
        raise click.UsageError("give -o FILE or --endpoint URL (exactly one)")
    store_options = (graph_iri, update_endpoint, gsp_endpoint)
    if output is not None and any(o is not None for o in store_options):
        raise click.UsageError("--graph, --update-endpoint and --gsp-endpoint go with --endpoint")
    if endpoint is not None and (fmt or with_ontology):
        raise click.UsageError("--format and --with-ontology go with -o FILE")
    # What can fail fast (format, store, credentials) is checked before the SHACL gate.
    if output is not None:
        fmt = export.format_for(output, fmt)
    else:
        connection = export.Connection.from_environment(timeout)
        export.preflight(endpoint, connection, update_url=update_endpoint, gsp_url=gsp_endpoint,
                         protocol=protocol)
    graphs = export.load_export_graphs(graph_file or paths.GRAPH_FILE)
    if output is not None:
        count = export.export_file(graphs, output, fmt, with_ontology=with_ontology)
        click.echo(f"wrote {output}: {count} {'quads' if fmt == 'trig' else 'triples'} ({fmt})")
        return 0
    progress = _progress()
    with progress:
        task = progress.add_task("uploading", total=None)
        report = export.push(
            graphs, endpoint, graph=graph_iri or export.STORE_GRAPH, update_url=update_endpoint,
            gsp_url=gsp_endpoint, protocol=protocol,
            connection=connection,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total))
    server = f" ({report.server})" if report.server else ""
    click.echo(f"exported {report.triples} triples to <{report.graph}> at {report.endpoint}{server} "
               f"by {report.protocol}; the store counts {report.triples}")
    return 0


@cli.command("serve")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The graph file to serve (default: data/graph.ttl), with the ontology and the "
                   "reference data.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL Update (on a temporary copy, lost when the server stops); "
                   "read-only by default.")
def serve_command(port: int, graph_file: Path | None, allow_update: bool = False) -> int:
    """Serve the graph over SPARQL 1.1 on 127.0.0.1, with a query page, until Ctrl-C."""
    from ictgraph import paths
    from ictgraph.queries import query_time_limit
    from ictgraph.serve import serve

    def ready(url: str) -> None:
        mode = (f"with updates allowed (update endpoint {url}update; changes are lost when it stops)"
                if allow_update else "read-only")
        click.echo(f"serving the graph at {url} {mode} (SPARQL endpoint {url}query); Ctrl-C stops")

    return serve(graph_file or paths.GRAPH_FILE, port, allow_update=allow_update,
                 time_limit=query_time_limit(), on_ready=ready)


def main() -> None:
    """Console entry point: every known error becomes one line on stderr."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("ictgraph: aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except IctgraphError as exc:
        click.echo(f"ictgraph: error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("ictgraph: interrupted", err=True)
        sys.exit(130)
    except OSError as exc:
        click.echo(f"ictgraph: error: {exc.filename or ''}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    # Commands return their exit code (0 done, 1 nothing written, 3 partial).
    sys.exit(code if isinstance(code, int) else 0)
