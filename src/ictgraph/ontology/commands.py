"""`ictgraph ontology ...`: check, export and document the ontology (parsing and printing only)."""

from __future__ import annotations

from pathlib import Path

import click

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.group("ontology")
def ontology() -> None:
    """Check, export and document the OWL ontology (ontology/ictgraph.ttl)."""


@ontology.command("check")
@click.argument("file", required=False, type=_FILE)
@click.option("--contract", type=_FILE, default=None,
              help="The contract whose names must be declared (default: ontology/CONTRACT.md).")
@click.option("--no-contract", is_flag=True, help="Skip the contract check.")
@click.option("--qc-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Directory of *-violation.rq SPARQL checks (default: ontology/qc).")
@click.pass_context
def check(ctx: click.Context, file: Path | None, contract: Path | None, no_contract: bool,
          qc_dir: Path | None) -> int:
    """Quality report: labels and definitions in Arabic and English, duplicates, declarations,
    domains and ranges, the contract, and the SPARQL checks. Exit 1 on any ERROR."""
    from ictgraph.ontology.check import check_file, format_report

    report = check_file(file, contract=contract, qc_dir=qc_dir, use_contract=not no_contract)
    for line in format_report(report):
        click.echo(line)
    ctx.exit(report.exit_code)


@ontology.command("export")
@click.argument("file", required=False, type=_FILE)
@click.option("-o", "--output", type=_FILE, default=None,
              help="Where to write the RDF/XML (default: ontology/ictgraph.owl).")
def export(file: Path | None, output: Path | None) -> None:
    """Write the ontology as RDF/XML for Protégé and owlready2."""
    from ictgraph.ontology.export import export_rdfxml

    click.echo(f"wrote {export_rdfxml(file, output)}")


@ontology.command("docs")
@click.argument("file", required=False, type=_FILE)
@click.option("-o", "--output", type=_FILE, default=None,
              help="Where to write the HTML (default: ontology/docs/index.html).")
def docs(file: Path | None, output: Path | None) -> None:
    """Write bilingual (Arabic and English) HTML documentation of every term."""
    from ictgraph.ontology.docs import write_docs

    click.echo(f"wrote {write_docs(file, output)}")
