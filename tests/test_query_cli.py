"""`ictgraph query` and `ictgraph sparql` as a user runs them: output, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from cli_helpers import one_line_error, run
from rdflib import Graph

from ictgraph.paths import ONTOLOGY_DIR, QUERIES_DIR, REFERENCE_DIR
from ictgraph.store import open_store

OMAN_HEAD = "سالم بن سلطان الرزيقي"


@pytest.fixture(scope="module", autouse=True)
def current_store() -> None:
    """The project's store, built before the tests that expect one line on stderr (the query
    that builds the store says so on stderr, as in a fresh checkout)."""
    open_store()


@pytest.fixture(scope="module")
def graph(built_graph_file: Path) -> str:
    return str(built_graph_file)


def test_query_without_name_lists_the_catalogue() -> None:
    result = run("query")
    assert result.returncode == 0, result.stderr
    for path in QUERIES_DIR.glob("*.rq"):
        assert path.stem in result.stdout
    assert "المبادرات المنبثقة عن استراتيجية" in result.stdout
    assert "strategy (default res:strategy/gcc-cyber-security-strategy)" in result.stdout


def test_query_as_csv_in_english(graph: str) -> None:
    result = run("query", "delegation-heads", "--graph", graph, "--lang", "en", "--format", "csv")
    assert result.returncode == 0, result.stderr
    records = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert "lang" not in records[0]  # a given parameter is not a column
    oman = [r for r in records if r["countryLabel"] == "Oman"]
    assert {r["headLabel"] for r in oman} == {OMAN_HEAD}


def test_query_with_a_label_parameter_as_json(graph: str) -> None:
    result = run("query", "initiatives-by-strategy", "--graph", graph, "--lang", "en", "--format", "json",
                 "--param", "strategy=GCC Guiding Strategy for Cyber Safety and Security")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert "strategy" not in document["head"]["vars"]
    labels = [b["initiativeLabel"]["value"] for b in document["results"]["bindings"]]
    assert "IP Reputation" in labels


def test_query_table_prints_arabic(graph: str) -> None:
    result = run("query", "virtual-meetings", "--graph", graph)
    assert result.returncode == 0, result.stderr
    assert "لجنة وكلاء وزارات البريد والاتصالات وتقنية المعلومات" in result.stdout
    assert "res:meeting/gcc-undersecretaries-post-ict-28" in result.stdout


def test_hostile_parameter_matches_nothing(graph: str) -> None:
    result = run("query", "country-meetings", "--graph", graph, "--format", "json",
                 "-p", 'country=Qatar" } UNION { ?s ?p ?o } #')
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
    assert "matches nothing" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["query", "no-such-query"], "no query named 'no-such-query'"),
    (["query", "virtual-meetings", "-p", "country=qa"], "has no parameter 'country'"),
    (["query", "evidence"], "needs the parameter 'resource'"),
    (["query", "body-members", "--graph", "/nonexistent/graph.ttl"], "run `ictgraph build` first"),
])
def test_query_errors_are_one_line(args: list[str], message: str) -> None:
    assert message in one_line_error(run(*args))


def test_bad_param_syntax_is_a_usage_error() -> None:
    result = run("query", "virtual-meetings", "-p", "country")
    assert result.returncode == 2 and "expected KEY=VALUE" in result.stderr
    result = run("query", "virtual-meetings", "--lang", "en", "-p", "lang=ar")
    assert result.returncode == 2 and "--lang" in result.stderr


def test_sparql_select_file(graph: str, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("PREFIX ict: <https://w3id.org/ictgraph/ontology#>\n"
                     "SELECT ?meeting WHERE { ?meeting ict:isVirtual true } ORDER BY ?meeting\n",
                     encoding="utf-8")
    result = run("sparql", str(query), "--graph", graph, "--format", "tsv")
    assert result.returncode == 0, result.stderr
    assert "<https://w3id.org/ictgraph/resource/meeting/gcc-executive-egov-22>" in result.stdout.splitlines()


def test_sparql_ask_and_construct(graph: str) -> None:
    ask = run("sparql", "--graph", graph, "--format", "json", "--query",
              "ASK { <https://w3id.org/ictgraph/resource/meeting/gcc-executive-egov-22> ?p ?o }")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}
    construct = run("sparql", "--graph", graph, "--query",
                    "PREFIX ict: <https://w3id.org/ictgraph/ontology#> "
                    "CONSTRUCT { ?d ict:delegationOf ?c } WHERE { ?d ict:delegationOf ?c }")
    assert construct.returncode == 0, construct.stderr
    triples = Graph().parse(data=construct.stdout, format="turtle")
    assert len(triples) >= 5


def test_sparql_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    query = tmp_path / "bad.rq"
    query.write_text("SELECT ?s\nWHERE { ?s ?p ?o FILTER(?s = ) }\n", encoding="utf-8")
    line = one_line_error(run("sparql", str(query)))
    assert f"{query}:2:" in line  # the file, then the line of the error
    assert re.search(r"\b1:\d+\b", one_line_error(run("sparql", "--query", "SELEC * WHERE {}")))


def test_sparql_refuses_an_update() -> None:
    line = one_line_error(run("sparql", "--query", "DELETE WHERE { ?s ?p ?o }"))
    assert "SPARQL Update (DELETE) is refused" in line


def test_sparql_needs_exactly_one_query(tmp_path: Path) -> None:
    assert run("sparql").returncode == 2
    query = tmp_path / "q.rq"
    query.write_text("ASK {}", encoding="utf-8")
    assert run("sparql", str(query), "--query", "ASK {}").returncode == 2


def test_default_store_is_built_on_first_query_and_reused(built_graph_file: Path, tmp_path: Path) -> None:
    home = tmp_path / "project"
    shutil.copytree(ONTOLOGY_DIR, home / "ontology")
    shutil.copytree(REFERENCE_DIR, home / "data" / "reference")
    shutil.copytree(QUERIES_DIR, home / "queries")
    shutil.copy(built_graph_file, home / "data" / "graph.ttl")
    env = {"ICTGRAPH_HOME": str(home)}
    first = run("query", "delegation-heads", "--format", "csv", env=env)
    assert first.returncode == 0, first.stderr
    live = home / "data" / "store" / "live"
    assert (live / "manifest.json").is_file()
    inode = live.stat().st_ino
    second = run("query", "delegation-heads", "--format", "csv", env=env)
    assert second.stdout == first.stdout and live.stat().st_ino == inode


# --- paging: --limit and --offset; a table on a terminal shows its first rows ----------------

def test_limit_and_offset_page_through_the_rows(graph: str) -> None:
    everything = run("query", "meeting-topics", "--graph", graph, "--format", "csv")
    assert everything.returncode == 0 and everything.stderr == ""  # no paging unless asked
    rows = everything.stdout.splitlines()
    assert len(rows) > 6
    page = run("query", "meeting-topics", "--graph", graph, "--format", "csv",
               "--limit", "3", "--offset", "2")
    assert page.returncode == 0, page.stderr
    assert page.stdout.splitlines() == rows[:1] + rows[3:6]  # the header, then rows 3 to 5
    total = len(rows) - 1
    assert page.stderr == (f"ictgraph: rows 3-5 of {total} shown; --offset 0 --limit 0 shows "
                           f"them all, --offset 5 the next 3\n")


def test_an_offset_past_the_end_prints_no_rows_and_says_so(graph: str) -> None:
    result = run("query", "virtual-meetings", "--graph", graph, "--format", "json",
                 "--offset", "1000")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["results"]["bindings"] == []
    assert "no rows from row 1001" in result.stderr


def test_a_table_on_a_terminal_shows_its_first_rows_and_how_to_see_the_rest(graph: str) -> None:
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios

    # The real command on a real terminal, its page size made small for the bundled graph.
    script = ("import sys, ictgraph.cli as cli; cli._TERMINAL_ROWS = 4; "
              "sys.argv = ['ictgraph', 'query', 'meeting-topics', '--graph', sys.argv[1]]; cli.main()")
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 400, 0, 0))  # one line a row
    process = subprocess.Popen([sys.executable, "-c", script, graph], stdout=follower,
                               stderr=subprocess.PIPE, text=True)
    os.close(follower)
    screen = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        screen += chunk
    os.close(leader)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    table_rows = [line for line in screen.decode().splitlines() if "res:meeting/" in line]
    assert len(table_rows) == 4
    assert "ictgraph: rows 1-4 of " in stderr and "--limit 0 shows them all" in stderr
