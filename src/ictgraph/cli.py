"""The command line: argument parsing and printing only; the work is in the library."""

from __future__ import annotations

import sys

import click

from ictgraph import __version__
from ictgraph.errors import IctgraphError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="ictgraph")
def cli() -> None:
    """ictgraph: a knowledge graph of regional ICT cooperation, built from Arabic news."""


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
