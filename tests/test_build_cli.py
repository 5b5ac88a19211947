"""`ictgraph build` as a user runs it: exit codes, skipped documents, atomic output."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ictgraph.paths import DOCUMENTS_DIR

ONE_ARTICLE = sorted(DOCUMENTS_DIR.glob("*.txt"))[0]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ONE_ARTICLE, docs / ONE_ARTICLE.name)
    return docs


def test_build_writes_graph_and_exits_0(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file() and "ict:Meeting" in out.read_text(encoding="utf-8")
    assert "1 documents" in result.stdout
    assert "\x1b[" not in result.stdout + result.stderr  # no progress bar when piped


def test_unreadable_document_is_named_skipped_and_exit_is_3(folder: Path, tmp_path: Path) -> None:
    (folder / "bad.txt").write_bytes("Réunion à Genève, déjà ouverte".encode("latin-1"))  # neither UTF-8 nor Arabic
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out))
    assert result.returncode == 3
    lines = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert any("bad.txt" in line and "UTF-8" in line for line in lines)
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert out.is_file()


def test_strict_makes_an_unreadable_document_fatal_and_writes_nothing(folder: Path, tmp_path: Path) -> None:
    (folder / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")  # binary
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out), "--strict")
    assert result.returncode == 1
    assert "bad.txt" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_missing_folder_is_one_line_and_keeps_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    out.write_text("previous", encoding="utf-8")
    result = run("build", str(tmp_path / "nowhere"), "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nowhere" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == "previous"


def test_help_lists_every_command_and_version_works() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "evaluate", "ontology"):
        assert f"  {command} " in result.stdout
    version = run("--version")
    from ictgraph import __version__
    assert __version__ in version.stdout


def test_jobs_gives_the_same_bytes(tmp_path: Path) -> None:
    one, two = tmp_path / "one.ttl", tmp_path / "two.ttl"
    assert run("build", str(DOCUMENTS_DIR), "-o", str(one), "--jobs", "1").returncode == 0
    assert run("build", str(DOCUMENTS_DIR), "-o", str(two), "--jobs", "2").returncode == 0
    assert one.read_bytes() == two.read_bytes()


# ----- the SHACL gate --------------------------------------------------------------------
# One article that gives one meeting two different dates: its facts violate the shapes
# (a meeting has at most one ict:date), and only that article explains the violation.
SELF_CONTRADICTING = (
    "عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها السابع في 5 مارس 2020.\n"
    "وكان الاجتماع السابع للجنة التنفيذية للحكومة الإلكترونية قد عقد في 9 يونيو 2021.\n"
)


# With --jobs 2 the gate's SPARQL constraints run in another process: same verdicts.
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_that_violates_the_shapes_is_quarantined_and_the_rest_written(
        folder: Path, tmp_path: Path, jobs: str) -> None:
    (folder / "zz_contradicts.txt").write_text(SELF_CONTRADICTING, encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out), "--jobs", jobs)
    assert result.returncode == 3, result.stderr
    assert "quarantined zz_contradicts.txt" in result.stderr
    assert "ict:date" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "zz_contradicts.txt" not in text and ONE_ARTICLE.name in text
    assert run("validate", str(out)).returncode == 0


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_violation_no_single_document_explains_fails_and_keeps_the_previous_graph(
        tmp_path: Path, jobs: str) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها السابع في 5 مارس 2020.\n",
                                encoding="utf-8")
    # b.txt dates the meeting otherwise: the dates are reconciled (a.txt's is kept, a tie goes
    # to the first document), but b.txt's end date then falls before a.txt's start date.
    (docs / "b.txt").write_text("عقدت اللجنة التنفيذية للحكومة الإلكترونية اجتماعها السابع "
                                "خلال الفترة من 9 إلى 10 مارس 2019.\n", encoding="utf-8")
    out = tmp_path / "g.ttl"
    out.write_text("previous", encoding="utf-8")
    result = run("build", str(docs), "-o", str(out), "--jobs", jobs)
    assert result.returncode == 1
    assert "no single document" in result.stderr and "ict:endDate" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert out.read_text(encoding="utf-8") == "previous"


def test_an_article_contradicting_itself_is_quarantined_even_when_another_mentions_the_meeting(
        tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(SELF_CONTRADICTING, encoding="utf-8")
    (docs / "b.txt").write_text("شاركت الوزارة في الاجتماع السابع للجنة التنفيذية للحكومة الإلكترونية.\n",
                                encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("build", str(docs), "-o", str(out))
    # The two dates are both a.txt's: a.txt is quarantined, b.txt is written.
    assert result.returncode == 3, result.stderr
    assert "quarantined a.txt" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert "b.txt" in text and "a.txt" not in text


def test_strict_makes_a_violation_fatal(folder: Path, tmp_path: Path) -> None:
    (folder / "zz_contradicts.txt").write_text(SELF_CONTRADICTING, encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out), "--strict")
    assert result.returncode == 1 and "--strict" in result.stderr
    assert not out.exists()


def test_no_validate_writes_and_says_so_loudly(folder: Path, tmp_path: Path) -> None:
    (folder / "zz_contradicts.txt").write_text(SELF_CONTRADICTING, encoding="utf-8")
    out = tmp_path / "g.ttl"
    result = run("build", str(folder), "-o", str(out), "--no-validate")
    assert result.returncode == 0
    assert "WITHOUT the SHACL gate" in result.stderr
    assert "zz_contradicts.txt" in out.read_text(encoding="utf-8")
    assert run("validate", str(out)).returncode == 1
