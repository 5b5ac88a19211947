"""Loading the text layer's word lists: normalised words, and one clear line for a broken file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ictgraph.errors import InputError
from ictgraph.text.wordlists import alternation, load_wordlist

SCHEMA = {"months": {str: int}, "weekdays": [str], "limits": {"min": int, "max": int}}
GOOD = {
    "_about": "a comment, dropped",
    "months": {"أبريل": 4, "كانون الأول": 12},
    "weekdays": ["الإثنين", "الجمعة"],
    "limits": {"min": 1, "max": 2},
}


def write(directory: Path, content: object, raw: str | None = None) -> None:
    text = raw if raw is not None else json.dumps(content, ensure_ascii=False)
    (directory / "calendar.json").write_text(text, encoding="utf-8")


def test_words_are_normalised_and_comments_dropped(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    loaded = load_wordlist("calendar", SCHEMA, tmp_path)
    assert loaded == {
        "months": {"ابريل": 4, "كانون الاول": 12},
        "weekdays": ["الاثنين", "الجمعه"],
        "limits": {"min": 1, "max": 2},
    }


@pytest.mark.parametrize(
    ("content", "raw", "message"),
    [
        (None, '{"months": {"يناير": 1,}', "invalid JSON at line 1"),
        ({**GOOD, "weekdays": ["الأحد", 7]}, None, "$.weekdays[1]: expected a non-empty string, got 7"),
        ({**GOOD, "weekdays": []}, None, "$.weekdays: expected a non-empty list of strings"),
        ({**GOOD, "months": {"يناير": "1"}}, None, '$.months.يناير: expected an integer, got "1"'),
        ({**GOOD, "months": {"يناير": True}}, None, "$.months.يناير: expected an integer, got true"),
        ({k: v for k, v in GOOD.items() if k != "limits"}, None, "$: missing key 'limits'"),
        ({**GOOD, "weekday": ["السبت"]}, None, "$: unknown key 'weekday'"),
        ({**GOOD, "limits": [1, 2]}, None, "$.limits: expected an object"),
        ([1, 2], None, "$: expected an object"),
    ],
)
def test_a_malformed_file_names_the_file_and_the_problem(
    tmp_path: Path, content: object, raw: str | None, message: str
) -> None:
    write(tmp_path, content, raw)
    with pytest.raises(InputError) as caught:
        load_wordlist("calendar", SCHEMA, tmp_path)
    text = str(caught.value)
    assert text.startswith(str(tmp_path / "calendar.json") + ": ")
    assert message in text
    assert "\n" not in text


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="numbers.json: word list missing"):
        load_wordlist("numbers", SCHEMA, tmp_path)


def test_the_bundled_files_load() -> None:
    # Importing the modules loads and checks numbers.json and calendar.json.
    from ictgraph.text import dates, numbers  # noqa: F401


def test_alternation_prefers_longer_words() -> None:
    import re

    regex = re.compile(alternation(["الاول", "الاولي", "كانون الاول"]))
    assert regex.match("الاولي").group() == "الاولي"
    assert regex.match("كانون  الاول").group() == "كانون  الاول"
    assert regex.match("كانون\nالاول") is None
