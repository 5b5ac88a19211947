"""Output formats: the SPARQL 1.1 results formats read back by a real parser, and the table."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from rdflib import Graph
from rich.cells import cell_len

from ictgraph.results import AskResult, GraphResult, SelectResult, render

XSD = "http://www.w3.org/2001/XMLSchema#"
ROWS = SelectResult(
    ("meeting", "label", "ordinal", "note"),
    [
        (ox.NamedNode("https://w3id.org/ictgraph/resource/meeting/gcc-executive-egov-22"),
         ox.Literal("الاجتماع الثاني والعشرين", language="ar"),
         ox.Literal("22", datatype=ox.NamedNode(XSD + "integer")),
         ox.Literal('a "quoted", tabbed\tand\nbroken value')),
        (ox.NamedNode("https://w3id.org/ictgraph/resource/meeting/gcc-ministerial-egov-5"),
         ox.Literal("5th ministerial meeting", language="en"), None, None),
    ],
)


def parsed(text: str, fmt: ox.QueryResultsFormat) -> list[tuple]:
    solutions = ox.parse_query_results(text, fmt)
    variables = [v.value for v in solutions.variables]
    assert variables == list(ROWS.variables)
    return [tuple(solution[v] for v in variables) for solution in solutions]


def test_json_is_sparql_results_json() -> None:
    text = render(ROWS, "json")
    assert parsed(text, ox.QueryResultsFormat.JSON) == ROWS.rows
    document = json.loads(text)
    assert document["results"]["bindings"][0]["label"] == {
        "type": "literal", "value": "الاجتماع الثاني والعشرين", "xml:lang": "ar"}
    assert "ordinal" not in document["results"]["bindings"][1]  # unbound: left out


def test_tsv_is_sparql_results_tsv() -> None:
    text = render(ROWS, "tsv")
    assert len(text.splitlines()) == 3  # the line break inside a value is escaped
    assert parsed(text, ox.QueryResultsFormat.TSV) == ROWS.rows


def test_csv_is_sparql_results_csv() -> None:
    text = render(ROWS, "csv")
    assert text.endswith("\r\n")
    records = list(csv.reader(io.StringIO(text, newline="")))
    assert records[0] == list(ROWS.variables)
    assert records[1] == [ROWS.rows[0][0].value, "الاجتماع الثاني والعشرين", "22",
                          'a "quoted", tabbed\tand\nbroken value']
    assert records[2][2:] == ["", ""]


def test_table_keeps_arabic_whole_and_columns_aligned() -> None:
    text = render(ROWS, "table")
    lines = text.splitlines()
    assert "res:meeting/gcc-executive-egov-22" in text  # IRIs as prefixed names
    arabic_line = next(line for line in lines if "الاجتماع الثاني والعشرين" in line)
    # The Arabic cell is a bidi isolate, so a terminal does not reorder it across the rules.
    assert "\u2068الاجتماع الثاني والعشرين\u2069" in arabic_line
    framed = [line for line in lines if line.startswith(("┌", "│", "├", "└"))]
    assert len({cell_len(line) for line in framed}) == 1  # every row as wide as the frame
    assert "2 rows" in lines[-1]


def test_table_wraps_to_a_terminal_width() -> None:
    assert max(cell_len(line) for line in render(ROWS, "table", width=60).splitlines()) <= 60


def test_ask_answers() -> None:
    assert render(AskResult(True), "table") == "true\n"
    assert json.loads(render(AskResult(False), "json")) == {"head": {}, "boolean": False}


def test_construct_prints_turtle_that_reads_back() -> None:
    triples = [ox.Triple(ox.NamedNode("https://w3id.org/ictgraph/resource/meeting/m-1"),
                         ox.NamedNode("https://w3id.org/ictgraph/ontology#ordinal"),
                         ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))),
               ox.Triple(ox.NamedNode("https://w3id.org/ictgraph/resource/meeting/m-1"),
                         ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                         ox.Literal("الاجتماع الأول", language="ar"))]
    text = render(GraphResult(triples), "json")  # a graph is Turtle whatever the format
    assert "@prefix ict:" in text and "res:" not in text
    graph = Graph().parse(data=text, format="turtle")
    assert len(graph) == 2
    assert render(GraphResult(list(reversed(triples)))) == text  # the same answer prints the same
