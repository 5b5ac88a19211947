"""`ictgraph ontology check|export|docs` through the command line."""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from ictgraph import paths
from ictgraph.cli import cli
from ictgraph.errors import InputError


def test_help_lists_the_ontology_group():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "ontology" in result.output
    sub = CliRunner().invoke(cli, ["ontology", "--help"])
    assert {"check", "export", "docs"} <= set(sub.output.split())


def test_check_passes_on_the_project_ontology():
    result = CliRunner().invoke(cli, ["ontology", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("properties checked)")
    assert "0 errors, 0 warnings" in result.output


def test_check_fails_with_a_readable_line(tmp_path):
    text = paths.ONTOLOGY_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "broken.ttl"
    broken.write_text(text.replace('"المكان"@ar', '"المكان"@ar , "الموقع"@ar'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["ontology", "check", str(broken)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(line.split()[:3] == ["ERROR", "multiple-labels", "ict:Place"] for line in lines)
    assert lines[-1].startswith(f"{broken}: 1 error, 0 warnings")


def test_check_without_the_contract(tmp_path):
    # A tiny, correct ontology of its own passes when the project's contract is not applied.
    tiny = tmp_path / "tiny.ttl"
    tiny.write_text("""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix ict: <https://w3id.org/ictgraph/ontology#> .
        <https://w3id.org/ictgraph/ontology> a owl:Ontology ;
            owl:versionIRI <https://w3id.org/ictgraph/ontology/1.0.0> ; owl:versionInfo "1.0.0" ;
            dcterms:title "t"@en , "ع"@ar ; dcterms:description "d"@en , "و"@ar ;
            dcterms:license <https://creativecommons.org/licenses/by/4.0/> ; dcterms:creator "me" .
        dcterms:title a owl:AnnotationProperty . dcterms:description a owl:AnnotationProperty .
        dcterms:license a owl:AnnotationProperty . dcterms:creator a owl:AnnotationProperty .
        skos:definition a owl:AnnotationProperty .
        ict:Meeting a owl:Class ; rdfs:label "meeting"@en , "الاجتماع"@ar ;
            skos:definition "A session."@en , "دورة."@ar .
        """, encoding="utf-8")
    assert CliRunner().invoke(cli, ["ontology", "check", "--no-contract", str(tiny)]).exit_code == 0
    with_contract = CliRunner().invoke(cli, ["ontology", "check", str(tiny)])
    assert with_contract.exit_code == 1
    assert "contract-missing" in with_contract.output


def test_export_writes_rdfxml(tmp_path):
    target = tmp_path / "out" / "ictgraph.owl"
    result = CliRunner().invoke(cli, ["ontology", "export", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {target}"
    assert isomorphic(Graph().parse(target, format="xml"), Graph().parse(paths.ONTOLOGY_FILE))
    assert [p.name for p in target.parent.iterdir()] == ["ictgraph.owl"]  # no temp file left behind


def test_docs_writes_html(tmp_path):
    target = tmp_path / "index.html"
    result = CliRunner().invoke(cli, ["ontology", "docs", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert '<span lang="ar" dir="rtl">الوفد</span>' in target.read_text(encoding="utf-8")


def test_unreadable_ontology_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ontology", "check", str(bad)])
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)


def test_console_entry_point_prints_one_error_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ictgraph", "ontology", "export", str(bad), "-o",
                           str(tmp_path / "x.owl")], capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith(f"ictgraph: error: {bad}: cannot parse as turtle")
    assert not (tmp_path / "x.owl").exists()
