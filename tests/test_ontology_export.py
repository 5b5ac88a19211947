"""The RDF/XML export: deterministic, committed up to date, the same triples as the Turtle source,
inside OWL 2 DL, and consistent with no unsatisfiable class under HermiT."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import owlready2
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from ictgraph import paths
from ictgraph.ontology.export import export_rdfxml

HERMIT_JAR = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
JAVA_SOURCE = Path(__file__).parent / "java" / "OWL2DLProfileCheck.java"
ICT = "https://w3id.org/ictgraph/ontology#"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    return export_rdfxml(paths.ONTOLOGY_FILE, tmp_path_factory.mktemp("export") / "ictgraph.owl")


def test_committed_export_is_up_to_date(exported):
    assert paths.ONTOLOGY_OWL_FILE.read_bytes() == exported.read_bytes(), \
        "ontology/ictgraph.owl is stale: run `ictgraph ontology export`"


def test_export_is_byte_stable_across_processes(exported, tmp_path):
    # A fresh interpreter with another hash seed orders sets differently: the output must not change.
    target = tmp_path / "again.owl"
    code = f"from ictgraph.ontology.export import export_rdfxml; export_rdfxml(None, {str(target)!r})"
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "PYTHONHASHSEED": "12345"})
    assert target.read_bytes() == exported.read_bytes()


def test_export_has_exactly_the_source_triples(exported):
    source = Graph().parse(paths.ONTOLOGY_FILE)
    assert isomorphic(source, Graph().parse(exported, format="xml"))


def _world_with(owl_file: Path) -> tuple[owlready2.World, object]:
    world = owlready2.World()  # isolated: nothing leaks into owlready2's default world
    world.get_ontology(owl_file.as_uri()).load()
    return world, world.get_namespace(ICT)


def test_owlready2_reads_the_export(exported):
    world, ict = _world_with(exported)
    assert "الاجتماع" in [str(x) for x in ict.Meeting.label]
    assert ict.Initiative in ict.SharedService.is_a
    assert ict.ofCommittee.domain == [ict.Meeting]


def test_hermit_finds_the_ontology_and_valid_data_consistent(exported):
    world, ict = _world_with(exported)
    with world.get_ontology("http://example.org/valid-abox#"):
        qatar, doha = ict.Country("qatar"), ict.Place("doha")
        meeting = ict.Meeting("m26", ofCommittee=ict.Committee("ministerial"), heldIn=[qatar, doha],
                              hostedBy=[qatar], ordinal=26, isVirtual=True)
        head = ict.Person("minister", memberOf=[ict.Ministry("motc")], citizenOf=[qatar])
        meeting.hasDelegation = [ict.Delegation("qatar_at_m26", delegationOf=qatar, headedBy=head)]
        ict.SharedService("traffic_violations", approvedAt=[meeting], discussedAt=[meeting])
        award = ict.Award("award5", ordinal=5)
        award.is_a.append(ict.Conference)  # one edition can be award and conference at once
    owlready2.sync_reasoner(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []


def test_hermit_detects_an_individual_of_two_disjoint_classes(exported):
    world, ict = _world_with(exported)
    with world.get_ontology("http://example.org/bad-abox#"):
        qatar = ict.Country("qatar")
        qatar.is_a.append(ict.Place)  # a country is not a place in this model
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)


def test_hermit_detects_two_ordinals_on_one_meeting(exported, tmp_path):
    # owlready2 will not put two values on a functional property, so the data is written as RDF.
    abox = tmp_path / "abox.nt"
    meeting = "<http://example.org/abox#m>"
    abox.write_text(
        f"<http://example.org/abox> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        f"<http://www.w3.org/2002/07/owl#Ontology> .\n"
        f"{meeting} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{ICT}Meeting> .\n"
        f'{meeting} <{ICT}ordinal> "22"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .\n'
        f'{meeting} <{ICT}ordinal> "28"^^<http://www.w3.org/2001/XMLSchema#positiveInteger> .\n',
        encoding="utf-8")
    world, _ict = _world_with(exported)
    world.get_ontology(abox.as_uri()).load(format="ntriples")
    with pytest.raises(owlready2.OwlReadyInconsistentOntologyError):
        owlready2.sync_reasoner(world, infer_property_values=False, debug=0)


@pytest.fixture(scope="module")
def dl_checker(tmp_path_factory):
    if shutil.which("javac") is None or shutil.which("java") is None:
        pytest.skip("no JDK (javac) to compile the OWL API profile check")
    classes = tmp_path_factory.mktemp("owlapi")
    subprocess.run(["javac", "-d", str(classes), "-cp", str(HERMIT_JAR), str(JAVA_SOURCE)],
                   check=True, capture_output=True)

    def check(owl_file: Path) -> str:
        done = subprocess.run(["java", "-cp", f"{HERMIT_JAR}{os.pathsep}{classes}", "OWL2DLProfileCheck",
                               str(owl_file)], check=True, capture_output=True, text=True)
        return done.stdout

    return check


def test_export_is_inside_owl2_dl(exported, dl_checker):
    output = dl_checker(exported)
    assert output.splitlines()[-1] == "violations=0", output
    assert int(output.splitlines()[-2].removeprefix("axioms=")) > 100


def test_the_profile_check_catches_a_dl_violation(tmp_path, dl_checker):
    # A property used both as a datatype and an object property is outside OWL 2 DL.
    bad = tmp_path / "bad.ttl"
    bad.write_text("""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <http://example.org/o> a owl:Ontology .
        <http://example.org/p> a owl:DatatypeProperty , owl:ObjectProperty ;
            rdfs:range <http://example.org/C> .
        <http://example.org/C> a owl:Class .
        """, encoding="utf-8")
    assert dl_checker(bad).splitlines()[-1] != "violations=0"
