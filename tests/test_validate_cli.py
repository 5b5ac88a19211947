"""`ictgraph validate` as a user runs it: reports, formats, languages, exit codes, errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from ictgraph import paths
from ictgraph.namespaces import SH

from shapes_helpers import CASE_FILES, VALID_FILE, case_graph, read_case

MEETING_5 = "الاجتماع الخامس للجنة الوزارية للحكومة الإلكترونية"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph", "validate", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def write_case(name: str, directory: Path) -> Path:
    path = directory / f"{name}.ttl"
    case_graph(read_case(next(p for p in CASE_FILES if p.stem == name))).serialize(path, format="turtle")
    return path


@pytest.fixture(scope="module")
def violating(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ordinal 0 for the fifth meeting: one violation, of MeetingOrdinalShape."""
    return write_case("meeting_ordinal_zero", tmp_path_factory.mktemp("violating"))


def test_conforming_graph_exits_0() -> None:
    result = run(str(VALID_FILE))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("conforms: 0 violation(s), 0 warning(s)")


def test_warnings_are_listed_but_do_not_fail(tmp_path: Path) -> None:
    result = run(str(write_case("meeting_dated_before_lower_ordinal", tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("conforms: 0 violation(s), 1 warning(s)")
    (line,) = [l for l in result.stdout.splitlines() if l.startswith("  - ")]
    assert MEETING_5 in line and "ict:date" in line and '"2014"^^xsd:gYear' in line
    assert "A meeting is dated before a lower-numbered meeting of the same committee" in line
    assert "Warning · ictsh:OrdinalChronologyShape" in result.stdout


def test_violations_exit_1_with_label_path_value_and_message_grouped_by_shape(violating: Path) -> None:
    result = run(str(violating))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("does not conform: ")
    group = lines.index("Violation · ictsh:MeetingOrdinalShape · 1 result(s)")
    assert lines[group + 1] == (
        f"  - {MEETING_5} (res:meeting/gcc-ministerial-egov-5) · ict:ordinal · "
        '"0"^^xsd:integer · A meeting has exactly one ordinal (ict:ordinal), an xsd:positiveInteger.')


def test_arabic_messages(violating: Path) -> None:
    result = run(str(violating), "--lang", "ar")
    assert result.returncode == 1
    assert result.stdout.startswith("لا يطابق الأشكال")
    assert "لكل اجتماع رقم ترتيبي واحد بالضبط (ict:ordinal)" in result.stdout
    assert "A meeting has exactly one ordinal" not in result.stdout


def test_json_report(violating: Path) -> None:
    result = run(str(violating), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False and report["violations"] == len(report["results"]) == 1
    (ordinal,) = report["results"]
    assert ordinal["shape"] == "https://w3id.org/ictgraph/shapes#MeetingOrdinalShape"
    assert ordinal["focusNode"] == "https://w3id.org/ictgraph/resource/meeting/gcc-ministerial-egov-5"
    assert ordinal["focusLabel"] == MEETING_5
    assert ordinal["path"] == "ict:ordinal"
    assert ordinal["value"] == '"0"^^<http://www.w3.org/2001/XMLSchema#integer>'
    assert ordinal["messages"]["en"].startswith("A meeting has exactly one ordinal")
    assert "رقم ترتيبي" in ordinal["messages"]["ar"]
    assert ordinal["documents"] == ["https://w3id.org/ictgraph/resource/document/231a1a933335aeb0"]


def test_turtle_report_is_a_shacl_validation_report(violating: Path) -> None:
    result = run(str(violating), "--format", "turtle")
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    (node,) = report.subjects(None, SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(False)
    assert len(list(report.objects(node, SH.result))) == 1
    assert run(str(violating), "--format", "turtle").stdout == result.stdout  # deterministic


def test_default_file_is_data_graph_ttl(tmp_path: Path) -> None:
    (tmp_path / "ontology").mkdir()
    shutil.copy(paths.SHAPES_FILE, tmp_path / "ontology" / "shapes.ttl")
    shutil.copy(paths.ONTOLOGY_FILE, tmp_path / "ontology" / "ictgraph.ttl")
    (tmp_path / "data").mkdir()
    shutil.copy(VALID_FILE, tmp_path / "data" / "graph.ttl")
    result = run(env={**os.environ, "ICTGRAPH_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("conforms")
    (tmp_path / "data" / "graph.ttl").unlink()
    missing = run(env={**os.environ, "ICTGRAPH_HOME": str(tmp_path)})
    assert missing.returncode == 1
    assert missing.stderr == f"ictgraph: error: {tmp_path / 'data' / 'graph.ttl'}: no such file\n"


def test_missing_file_is_one_line_naming_it(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nowhere.ttl"))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == f"ictgraph: error: {tmp_path / 'nowhere.ttl'}: no such file\n"


def test_unparsable_file_is_one_line_naming_it_and_the_parser_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix ict: <https://w3id.org/ictgraph/ontology#> .\nict:a ict:b\n",
                      encoding="utf-8")
    result = run(str(broken))
    assert result.returncode == 1 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"ictgraph: error: {broken}: cannot parse as turtle: ")
    assert "line 3" in result.stderr and "nexpected" in result.stderr  # the parser's own words
