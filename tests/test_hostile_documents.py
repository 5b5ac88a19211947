"""Hostile and broken input files: encodings, sizes, names, duplicates, HTML pages, errors.

Through read_documents, and end to end through `ictgraph build DIR -o TMP/graph.ttl`
(exit 3 when some documents are skipped, each named on one line).
"""

from __future__ import annotations

import codecs
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF

from ictgraph.errors import InputError
from ictgraph.extract.gazetteer import Gazetteer
from ictgraph.extract.pipeline import extract_document
from ictgraph.model import Document
from ictgraph.namespaces import ICT
from ictgraph.paths import DOCUMENTS_DIR
from ictgraph.read import DEFAULT_MAX_BYTES, MAX_BYTES_VARIABLE, read_document, read_documents
from ictgraph.reference import load_reference

ARTICLES = sorted(DOCUMENTS_DIR.glob("*.txt"))
ARTICLE = ARTICLES[0]
TEXT = ARTICLE.read_text(encoding="utf-8")
ARABIC_NAME = "اجتماع اللجنة الوزارية للحكومة الإلكترونية.txt"


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def only_error(folder: Path) -> str:
    result = read_documents(folder)
    assert not result.documents
    (error,) = result.errors
    message = str(error)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize(("data", "encoding"), [
    (TEXT.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    (TEXT.encode("cp1256"), "windows-1256"),
], ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "windows-1256"])
def test_encodings_are_detected_decoded_and_recorded(tmp_path: Path, data: bytes, encoding: str) -> None:
    write(tmp_path, "a.txt", data)
    (document,) = read_documents(tmp_path).documents
    assert document.text == TEXT  # no byte-order mark, no mojibake
    assert document.encoding == encoding
    assert document.media_type == "text/plain"


def test_windows_1256_text_that_is_not_arabic_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "french.txt", "Réunion à Genève, déjà très animée".encode("latin-1"))
    message = only_error(tmp_path)
    assert message.startswith("french.txt: not valid UTF-8")
    assert "windows-1256" in message


def test_random_bytes_are_refused(tmp_path: Path) -> None:
    rng = random.Random(8)
    noise = bytes(rng.randrange(1, 256) for _ in range(4000))  # no NUL byte
    write(tmp_path, "noise.txt", noise)
    assert only_error(tmp_path).startswith("noise.txt: ")


def test_utf8_with_a_stray_byte_is_refused_not_read_as_mojibake(tmp_path: Path) -> None:
    head = TEXT[:300].encode("utf-8")
    write(tmp_path, "stray.txt", head + b"\xff" + TEXT[300:].encode("utf-8"))
    # As Windows-1256 these bytes would read as "ط" and "ظ" soup that is mostly Arabic letters.
    assert only_error(tmp_path).startswith(f"stray.txt: damaged UTF-8 (byte {len(head)}: invalid start byte")


def test_utf8_cut_inside_a_character_is_refused(tmp_path: Path) -> None:
    data = (TEXT.rstrip() + " ة").encode("utf-8")[:-1]
    write(tmp_path, "cut.txt", data)
    assert only_error(tmp_path).startswith(f"cut.txt: damaged UTF-8 (byte {len(data) - 1}: unexpected end of data")


def test_binary_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only_error(tmp_path).startswith("image.txt: binary file")


def test_utf16_without_byte_order_mark_is_named_as_such(tmp_path: Path) -> None:
    write(tmp_path, "bare16.txt", TEXT.encode("utf-16-le"))
    message = only_error(tmp_path)
    assert message.startswith("bare16.txt: binary file") and "byte-order mark" in message


def test_truncated_utf16_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "cut.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")[:-1])
    message = only_error(tmp_path)
    assert message.startswith("cut.txt: ") and "utf-16-le" in message


@pytest.mark.parametrize("data", [b"", b"  \n\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
                         ids=["zero-bytes", "whitespace", "bom-only", "utf16-whitespace"])
def test_empty_files_are_refused(tmp_path: Path, data: bytes) -> None:
    write(tmp_path, "empty.txt", data)
    assert only_error(tmp_path).startswith("empty.txt: empty file")


# --------------------------------------------------------------------------- sizes

def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(8 * 1024 ** 3)  # a sparse 8 GB file: reading it would take minutes
    began = time.perf_counter()
    message = only_error(tmp_path)
    assert time.perf_counter() - began < 2
    assert message == (f"huge.txt: 8192.0 MB, over the document size limit of 5.0 MB "
                       f"(set {MAX_BYTES_VARIABLE} to change it)")


def test_size_limit_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "a.txt", TEXT.encode("utf-8"))
    size = len(TEXT.encode("utf-8"))
    monkeypatch.setenv(MAX_BYTES_VARIABLE, str(size))
    assert len(read_documents(tmp_path).documents) == 1  # the limit itself is allowed
    monkeypatch.setenv(MAX_BYTES_VARIABLE, str(size - 1))
    message = only_error(tmp_path)
    assert message.startswith(f"a.txt: {size:,} bytes, over the document size limit of {size - 1:,} bytes")


def test_default_size_limit_is_5_mb(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(MAX_BYTES_VARIABLE, raising=False)
    assert DEFAULT_MAX_BYTES == 5 * 1024 * 1024
    # Just under the limit is read: a long article of valid Arabic text.
    body = (TEXT + "\n") * (DEFAULT_MAX_BYTES // len((TEXT + "\n").encode("utf-8")))
    write(tmp_path, "long.txt", body.encode("utf-8"))
    assert read_documents(tmp_path).documents[0].text == body
    write(tmp_path, "long.txt", body.encode("utf-8") + b"x" * DEFAULT_MAX_BYTES)
    assert "over the document size limit of 5.0 MB" in only_error(tmp_path)


@pytest.mark.parametrize("value", ["lots", "-3", "0", "5MB"])
def test_a_malformed_size_limit_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  value: str) -> None:
    monkeypatch.setenv(MAX_BYTES_VARIABLE, value)
    with pytest.raises(InputError, match=f"^{MAX_BYTES_VARIABLE}='{value}': expected a positive whole number"):
        read_documents(tmp_path)


# --------------------------------------------------------------------------- files that are not files

def test_broken_symbolic_link(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert only_error(tmp_path) == "gone.txt: broken symbolic link"


def test_symbolic_link_loop(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    assert only_error(tmp_path).startswith("loop.txt: cannot read file (")


def test_working_symbolic_link_is_read(tmp_path: Path) -> None:
    (tmp_path / "link.txt").symlink_to(ARTICLE)
    (document,) = read_documents(tmp_path).documents
    assert document.name == "link.txt" and document.text == TEXT


def test_directory_with_a_document_suffix(tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    assert only_error(tmp_path) == "folder.txt: not a regular file (a directory)"


def test_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would wait for a writer forever
    assert only_error(tmp_path) == "pipe.txt: not a regular file (a device, pipe or socket)"


@pytest.fixture
def open_folder():
    """A folder any user can list (pytest's tmp_path is private to its owner)."""
    folder = Path(tempfile.mkdtemp(prefix="ictgraph-hostile-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_unreadable_file(open_folder: Path) -> None:
    write(open_folder, "locked.txt", TEXT.encode("utf-8")).chmod(0)
    write(open_folder, "open.txt", ARTICLES[1].read_bytes())
    script = ("import sys; from pathlib import Path; from ictgraph.read import read_documents; "
              "r = read_documents(Path(sys.argv[1])); "
              "print([d.name for d in r.documents]); print([str(e) for e in r.errors])")
    command = [sys.executable, "-c", script, str(open_folder)]
    if os.geteuid() == 0:
        # Root reads any file whatever its mode: read as the unprivileged user "nobody".
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv to drop privileges")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
    result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["['open.txt']",
                                          "['locked.txt: cannot read file (Permission denied)']"]


# --------------------------------------------------------------------------- names and duplicates

def test_arabic_file_name_with_spaces(tmp_path: Path) -> None:
    write(tmp_path, ARABIC_NAME, TEXT.encode("utf-8"))
    (document,) = read_documents(tmp_path).documents
    assert document.name == ARABIC_NAME and document.names == (ARABIC_NAME,)


def test_a_line_break_in_a_file_name_stays_out_of_the_one_line_error(tmp_path: Path) -> None:
    write(tmp_path, "two\nlines\u200f.txt", b"")
    assert only_error(tmp_path) == "two\\nlines\\u200f.txt: empty file"
    write(tmp_path, "two\nlines\u200f.txt", TEXT.encode("utf-8"))
    assert read_documents(tmp_path).documents[0].name == "two\nlines\u200f.txt"  # the real name


def test_same_bytes_under_two_names_are_one_document_with_both_names(tmp_path: Path) -> None:
    write(tmp_path, "b-copy.txt", TEXT.encode("utf-8"))
    write(tmp_path, "a-original.txt", TEXT.encode("utf-8"))
    write(tmp_path, "other.txt", ARTICLES[1].read_bytes())
    documents = read_documents(tmp_path).documents
    assert [d.names for d in documents] == [("a-original.txt", "b-copy.txt"), ("other.txt",)]
    assert documents[0].name == "a-original.txt"


def test_same_text_in_two_encodings_stays_two_documents(tmp_path: Path) -> None:
    # The document IRI is the SHA-256 of the bytes (ontology/CONTRACT.md): different bytes.
    write(tmp_path, "a.txt", TEXT.encode("utf-8"))
    write(tmp_path, "b.txt", TEXT.encode("cp1256"))
    documents = read_documents(tmp_path).documents
    assert [d.encoding for d in documents] == ["utf-8", "windows-1256"]
    assert documents[0].text == documents[1].text and documents[0].sha256 != documents[1].sha256


def test_windows_line_endings_give_the_same_facts(tmp_path: Path) -> None:
    write(tmp_path, "crlf.txt", TEXT.replace("\n", "\r\n").encode("utf-8"))
    (document,) = read_documents(tmp_path).documents
    assert "\r\n" in document.text  # the text as decoded: offsets point into it
    reference = load_reference()
    gazetteer = Gazetteer.from_reference(reference)
    crlf = extract_document(document, reference, gazetteer)
    lf = extract_document(Document("lf.txt", TEXT, "0" * 64), reference, gazetteer)
    assert [(f.subject, f.predicate, f.value) for f in crlf.facts] == \
        [(f.subject, f.predicate, f.value) for f in lf.facts]
    for fact in crlf.facts:
        quote = fact.evidence.quote
        assert quote == document.text[fact.evidence.start:fact.evidence.end] and "\r" not in quote


# --------------------------------------------------------------------------- HTML pages

def saved_page(paragraphs: list[str], *, article: bool = True) -> str:
    """A news page as a browser saves it: head, scripts, navigation, header, footer, aside."""
    body = "\n".join(f"<p>\n   {p.replace(' ', '  ', 1)}\n</p>" for p in paragraphs)
    if article:
        body = f'<article class="story"><h1></h1>{body}</article>'
    return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>عنوان الصفحة | الموقع</title>
<style>p {{ color: red }} /* <p>not text</p> */</style>
<script>var html = "<p>ليس نصا</p>"; if (a < b && c > d) {{}}</script></head>
<body><header><a href="/">الرئيسية</a> <span>اتصل بنا</span></header>
<nav><ul><li>أخبار</li><li>رياضة</li></ul></nav>
<div class="ad"><script async src="ads.js"></script><noscript>فعّل جافاسكربت</noscript></div>
{body}
<aside><h3>أخبار ذات صلة</h3><p>مقال آخر عن الاجتماع الخامس للجنة</p></aside>
<form><button>اشترك</button></form>
<footer>جميع الحقوق محفوظة &copy; 2021</footer></body></html>"""


def test_html_page_gives_its_article_text(tmp_path: Path) -> None:
    paragraphs = TEXT.split("\n")
    write(tmp_path, "page.html", saved_page(paragraphs).encode("utf-8"))
    (document,) = read_documents(tmp_path).documents
    assert document.text == "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
    assert document.media_type == "text/html" and document.encoding == "utf-8"


def test_html_page_without_article_element_uses_the_body(tmp_path: Path) -> None:
    write(tmp_path, "page.htm", saved_page(["الفقرة الأولى.", "الفقرة &amp; الثانية."], article=False)
          .encode("cp1256", errors="strict"))
    (document,) = read_documents(tmp_path).documents
    assert document.text == "الفقرة الأولى.\nالفقرة & الثانية."
    assert document.encoding == "windows-1256"


def test_html_page_without_text_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "blank.html", b"<html><head><title>x</title></head><body><nav>menu</nav>"
                                  b"<script>1</script></body></html>")
    assert only_error(tmp_path) == "blank.html: HTML page without any article text"


def test_other_suffixes_are_not_documents(tmp_path: Path) -> None:
    write(tmp_path, "notes.md", TEXT.encode("utf-8"))
    write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00")
    assert read_documents(tmp_path).documents == [] and read_documents(tmp_path).errors == []


def test_read_document_names_the_file_in_every_error(tmp_path: Path) -> None:
    for name, data in [("a.txt", b""), ("b.txt", b"\x00\x01"), ("c.txt", "é".encode("latin-1") * 9)]:
        path = write(tmp_path, name, data)
        with pytest.raises(InputError, match=f"^{name}: "):
            read_document(path)


# --------------------------------------------------------------------------- end to end

def run_build(folder: Path, output: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ictgraph", "build", str(folder), "-o", str(output)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, **env})


def test_build_of_a_hostile_folder_keeps_the_good_documents(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, ARABIC_NAME, TEXT.encode("utf-8"))
    write(folder, "copy of the same.txt", TEXT.encode("utf-8"))
    write(folder, "second utf16.txt", codecs.BOM_UTF16_BE + ARTICLES[1].read_text(encoding="utf-8").encode("utf-16-be"))
    write(folder, "third 1256.txt", ARTICLES[3].read_text(encoding="utf-8").encode("cp1256"))
    write(folder, "page.html", saved_page(ARTICLES[4].read_text(encoding="utf-8").split("\n")).encode("utf-8"))
    write(folder, "empty.txt", b"")
    write(folder, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    write(folder, "french.txt", "Réunion à Genève".encode("latin-1"))
    write(folder, "big.txt", TEXT.encode("utf-8") * 12)
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    output = tmp_path / "out" / "graph.ttl"

    result = run_build(folder, output, **{MAX_BYTES_VARIABLE: "20000"})

    assert result.returncode == 3, result.stderr
    skipped = sorted(line for line in result.stderr.splitlines() if line.startswith("ictgraph: skipped "))
    assert [line.split(": ")[1].removeprefix("skipped ") for line in skipped] == \
        ["big.txt", "empty.txt", "french.txt", "gone.txt", "image.txt"]
    assert "over the document size limit of 20,000 bytes" in next(s for s in skipped if "big.txt" in s)
    assert "4 documents" in result.stdout

    graph = Graph().parse(output, format="turtle")
    documents = {str(f): d for d, f in graph.subject_objects(ICT.sourceFile)}
    assert set(documents) == {ARABIC_NAME, "copy of the same.txt", "second utf16.txt", "third 1256.txt",
                              "page.html"}
    assert documents[ARABIC_NAME] == documents["copy of the same.txt"]  # one document, two names
    assert len(set(graph.subjects(RDF.type, ICT.SourceDocument))) == 4
    assert graph.value(documents["second utf16.txt"], ICT.encoding) == Literal("utf-16-be")
    assert graph.value(documents["third 1256.txt"], ICT.encoding) == Literal("windows-1256")
    assert graph.value(documents["page.html"], DCTERMS["format"]) == Literal("text/html")
    assert graph.value(documents[ARABIC_NAME], DCTERMS["format"]) == Literal("text/plain")

    # Every evidence quote is the document text (as read: decoded, or the page's article text)
    # at its offsets, and every good document yields facts.
    texts = {str(d.sha256): d.text for d in read_documents(folder).documents}
    quoted: set[str] = set()
    for evidence in graph.subjects(RDF.type, ICT.Evidence):
        document = graph.value(evidence, ICT.inDocument)
        text = texts[str(graph.value(document, ICT.sha256))]
        start, end = (int(graph.value(evidence, p)) for p in (ICT.charStart, ICT.charEnd))
        assert text[start:end] == str(graph.value(evidence, ICT.quote))
        quoted.add(str(document))
    assert quoted == {str(d) for d in documents.values()}

    # The evidence query lists a document found under two names once, with both names.
    from ictgraph.queries import get_query, run_catalogue_query
    from ictgraph.store import open_store

    duplicate = documents[ARABIC_NAME]
    resource = next(graph.value(e, RDF.subject) for e in graph.subjects(ICT.inDocument, duplicate))
    answer = run_catalogue_query(open_store(output, store_dir=None), get_query("evidence"),
                                 {"resource": str(resource)})
    files = {row[answer.result.variables.index("file")].value for row in answer.result.rows}
    assert files == {" | ".join(sorted([ARABIC_NAME, "copy of the same.txt"]))}
    assert len(answer.result.rows) == len(set(answer.result.rows))


def test_build_of_nothing_but_broken_files_fails_and_writes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder, "empty.txt", b"")
    write(folder, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    output = tmp_path / "graph.ttl"
    result = run_build(folder, output)
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and not output.exists()
