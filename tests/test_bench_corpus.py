"""bench/corpus.py: a seeded synthetic corpus whose planted facts are valid gold files."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from ictgraph.evaluation.gold import gold_problems, load_gold_dir

CORPUS_SCRIPT = Path(__file__).resolve().parents[1] / "bench" / "corpus.py"
ARTICLES = 20


def _load_corpus_module():
    spec = importlib.util.spec_from_file_location("bench_corpus", CORPUS_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


def _files(directory: Path) -> dict[str, bytes]:
    return {str(path.relative_to(directory)): path.read_bytes()
            for path in sorted(directory.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(out, ARTICLES, seed=7)
    return out


def test_one_document_and_one_gold_file_per_article(written: Path) -> None:
    documents = sorted(p.stem for p in (written / "documents").glob("*.txt"))
    golds = sorted(p.stem for p in (written / "gold").glob("*.json"))
    assert len(documents) == ARTICLES
    assert documents == golds
    assert [stem.split("_")[0] for stem in documents] == [f"{i:05d}" for i in range(ARTICLES)]
    manifest = json.loads((written / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["articles"] == ARTICLES and manifest["seed"] == 7


def test_same_seed_gives_byte_identical_files(written: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    corpus.write_corpus(again, ARTICLES, seed=7)
    assert _files(again) == _files(written)


def test_another_seed_gives_other_articles(written: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    corpus.write_corpus(other, ARTICLES, seed=8)
    texts = {p.read_text(encoding="utf-8") for p in (written / "documents").glob("*.txt")}
    assert not texts & {p.read_text(encoding="utf-8") for p in (other / "documents").glob("*.txt")}


def test_worker_processes_do_not_change_the_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "CHUNK", 4)
    assert list(corpus.generate(12, 3, jobs=2)) == list(corpus.generate(12, 3, jobs=1))


def test_planted_facts_are_valid_gold_files(written: Path) -> None:
    for path in sorted((written / "gold").glob("*.json")):
        assert gold_problems(json.loads(path.read_text(encoding="utf-8"))) == [], path.name
    facts = load_gold_dir(written / "gold")  # the evaluator's own loader accepts them
    assert len(facts) == ARTICLES
    assert sum(len(f.items["meetings"]) for f in facts.values()) >= ARTICLES


def test_planted_names_are_written_in_their_article(written: Path) -> None:
    for path in sorted((written / "gold").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (written / "documents" / f"{path.stem}.txt").read_text(encoding="utf-8")
        names = [p["name"] for p in gold["people"]] + [t for p in gold["people"] for t in p.get("titles", [])]
        for key in ("strategies", "initiatives", "services", "working_groups", "events"):
            names += [item["name"] for item in gold[key]]
        for name in names:
            assert name in text, f"{path.stem}: {name}"


def test_articles_agree_on_single_valued_facts() -> None:
    """The graph keeps one date, end date and head per meeting or delegation, so two
    articles must never plant two (committees are named differently from article to article)."""
    committee_of = {name: c["id"] for c in corpus.load_templates()["committees"] for name in c["names"]}
    seen: dict[tuple, list] = {}

    def note(key: tuple, record: dict, attrs: tuple[str, ...]) -> None:
        for attr in attrs:
            if attr in record:
                seen.setdefault(key + (attr,), []).append(record[attr])

    for _, _, gold in corpus.generate(300, seed=11):
        for m in gold["meetings"]:
            note((committee_of[m["committee"]], m["ordinal"]), m, ("date", "end_date", "host", "chair"))
        for d in gold["delegations"]:
            meeting = d["meeting"]
            note((committee_of[meeting["committee"]], meeting["ordinal"], d["country"]), d, ("head",))
        for e in gold["events"]:
            note((e["name"], e["ordinal"]), e, ("date", "end_date", "place", "host"))
    shared = {key: values for key, values in seen.items() if len(values) > 1}
    assert len(shared) > 50  # enough facts stated twice for the check to mean something
    assert {key: set(values) for key, values in shared.items() if len(set(values)) > 1} == {}


def test_a_non_empty_directory_is_refused_without_force(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    assert corpus.main(["--articles", "2", "--out", str(tmp_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert str(tmp_path) in error and "--force" in error and "\n" not in error
    assert not (tmp_path / "documents").exists()
    assert corpus.main(["--articles", "2", "--out", str(tmp_path), "--force"]) == 0
    assert len(list((tmp_path / "documents").glob("*.txt"))) == 2
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not list(tmp_path.glob(".corpus-tmp-*"))


def test_ordinals_in_words_follow_gender() -> None:
    numbers = corpus.load_templates()["numbers"]
    assert corpus.ordinal_words(26, numbers, feminine=False, nominative=False) == "السادس والعشرين"
    assert corpus.ordinal_words(48, numbers, feminine=True, nominative=True) == "الثامنة والأربعون"
    assert corpus.ordinal_words(11, numbers, feminine=True, nominative=False) == "الحادية عشرة"
    assert corpus.ordinal_words(5, numbers, feminine=False, nominative=False) == "الخامس"


def test_an_unknown_placeholder_is_reported_with_its_file(tmp_path: Path) -> None:
    data = corpus.load_templates()
    data["leads"] = data["leads"] + ["عقدت {committee.a} {no_such_slot.a}."]
    bad = tmp_path / "templates.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(corpus.CorpusError, match=r"templates\.json: unknown placeholder \{no_such_slot\}"):
        corpus.load_templates(bad)
