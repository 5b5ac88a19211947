"""`ictgraph export -o FILE`: every syntax reads back as the same graph, byte-stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from ictgraph import export
from triplestore_helpers import run_cli

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}


def _graph(triples) -> Graph:
    """The expected graph, parsed by rdflib from pyoxigraph's N-Triples terms."""
    graph = Graph()
    graph.parse(data="".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples),
                format="nt")
    return graph


@pytest.mark.parametrize("fmt", sorted(RDFLIB_FORMATS))
@pytest.mark.parametrize("with_ontology", [False, True])
def test_each_syntax_reads_back_as_the_exported_graph(export_graphs, tmp_path: Path, fmt: str,
                                                      with_ontology: bool) -> None:
    path = tmp_path / f"graph.{fmt}"
    written = export.export_file(export_graphs, path, fmt, with_ontology=with_ontology)
    expected = (export_graphs.merged() if with_ontology
                else export_graphs.parts[export.EXTRACTED_GRAPH])
    read = Graph().parse(path, format=RDFLIB_FORMATS[fmt])  # rdflib: an independent parser
    assert written == len(expected) == len(read)
    assert isomorphic(read, _graph(expected))


def test_with_ontology_adds_the_ontology_and_the_reference_data(export_graphs) -> None:
    merged = set(export_graphs.merged())
    ontology_header = [t for t in export_graphs.parts[export.ONTOLOGY_GRAPH]
                       if t.subject.value == export.ONTOLOGY_GRAPH]
    assert ontology_header and set(ontology_header) <= merged
    assert set(export_graphs.parts[export.REFERENCE_GRAPH]) <= merged
    assert not set(ontology_header) & set(export_graphs.parts[export.EXTRACTED_GRAPH])


def test_trig_holds_three_named_graphs(export_graphs, tmp_path: Path) -> None:
    path = tmp_path / "graph.trig"
    export.export_file(export_graphs, path, "trig")
    dataset = Dataset()
    dataset.parse(path, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {export.ONTOLOGY_GRAPH, export.REFERENCE_GRAPH, export.EXTRACTED_GRAPH}
    for name, triples in export_graphs.parts.items():
        assert isomorphic(dataset.graph(URIRef(name)), _graph(triples)), name


def test_the_same_graph_gives_the_same_bytes(export_graphs, built_graph_file: Path,
                                             tmp_path: Path) -> None:
    # A second load relabels the ontology's blank nodes afresh; canonicalisation undoes that.
    again = export.load_export_graphs(built_graph_file)
    for fmt in ("ttl", "trig", "nt"):
        export.export_file(export_graphs, tmp_path / f"a.{fmt}", fmt, with_ontology=True)
        export.export_file(again, tmp_path / f"b.{fmt}", fmt, with_ontology=True)
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes(), fmt


def test_a_graph_failing_shacl_is_refused(built_graph_file: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    # A meeting ordinal must be a positive integer.
    meeting = next(line.split()[0] for line in built_graph_file.read_text(encoding="utf-8").splitlines()
                   if line.startswith("<https://w3id.org/ictgraph/resource/meeting/"))
    broken.write_text(built_graph_file.read_text(encoding="utf-8")
                      + f'\n{meeting} <https://w3id.org/ictgraph/ontology#ordinal> "first" .\n',
                      encoding="utf-8")
    result = run_cli("export", "-i", str(broken), "-o", str(tmp_path / "out.ttl"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "SHACL violation" in result.stderr
    assert not (tmp_path / "out.ttl").exists()


def test_cli_writes_the_file_and_says_so(built_graph_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "graph.nt"
    result = run_cli("export", "-i", str(built_graph_file), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)  # N-Triples, sorted statements
    assert result.stdout == f"wrote {out}: {len(lines)} triples (nt)\n"


def test_cli_needs_a_format_it_can_tell(built_graph_file: Path, tmp_path: Path) -> None:
    result = run_cli("export", "-i", str(built_graph_file), "-o", str(tmp_path / "graph.data"))
    assert result.returncode == 1 and "give --format" in result.stderr
