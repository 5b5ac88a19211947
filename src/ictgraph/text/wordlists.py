"""Load the text layer's word lists (resources/patterns/*.json) and check their shape.

The files are written in ordinary Arabic spelling; every word (string values
and mapping keys) is normalised on load so that it matches normalised text.
Keys starting with "_" are comments and are dropped.

A schema is a small Python literal:
    str, int              a string / an integer
    [spec]                a non-empty list of spec
    {str: spec}           an object with any keys (words), each value a spec
    {"key": spec, ...}    an object with exactly these keys
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable

from ictgraph.errors import InputError
from ictgraph.paths import PATTERNS_DIR
from ictgraph.text.normalize import normalize

Schema = Any  # str | int | list | dict, see the module docstring


def normalize_word(word: str) -> str:
    """A word list entry as it appears in normalised text: folded, spaces collapsed."""
    return " ".join(normalize(word).text.split())


def alternation(words: Iterable[str], space: str = r"[^\S\r\n]+") -> str:
    """A non-capturing regex alternation of the words, longest first (الاولي before الاول).

    Spaces inside a phrase match `space` (by default any run of spaces, no line break).
    """
    parts = sorted(set(words), key=lambda w: (-len(w), w))
    either = "|".join(space.join(map(re.escape, w.split())) for w in parts)
    if not all(w.split() for w in parts):
        return f"(?:{either})"  # an empty word matches anywhere: nothing to test first
    return f"(?:(?={prefix_trie(w.split()[0] for w in parts)})(?:{either}))"


def prefix_trie(strings: Iterable[str]) -> str:
    """A regex that matches where one of the (non-empty) strings begins, as a trie: a prefix
    shared by several strings is tested once. "(?!)" for no strings.

    Meant for a lookahead put before an alternation (?=...)(?:a|b|...): Python's regex engine
    tries every alternative at every position, one after the other, while the trie rejects a
    position where none can begin in a test or two. As long as every alternative begins with
    one of the strings, the lookahead is only a necessary condition: where it holds, the
    alternation runs as before, so what is matched does not change.

    The trie stops at the shortest string of a branch: which string it matches and how far it
    reaches are unspecified, only whether one of them begins here.
    """
    trie: dict = {}
    for string in strings:
        node = trie
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}  # a string ends here: whatever follows does not matter

    def branch(node: dict) -> str:
        if "" in node:
            return ""
        options = [re.escape(ch) + branch(child) for ch, child in sorted(node.items())]
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    return branch(trie) if trie else "(?!)"


def _describe(spec: Schema) -> str:
    if spec is str:
        return "a string"
    if spec is int:
        return "an integer"
    if isinstance(spec, list):
        return f"a non-empty list of {_describe(spec[0]).split(' ', 1)[1]}s"
    return "an object"


def _check(value: Any, spec: Schema, where: str) -> Any:
    """value checked against spec and normalised; raises ValueError(where: problem)."""
    if spec is str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{where}: expected a non-empty string, got {json.dumps(value, ensure_ascii=False)}")
        return normalize_word(value)
    if spec is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{where}: expected an integer, got {json.dumps(value, ensure_ascii=False)}")
        return value
    if isinstance(spec, list):
        if not isinstance(value, list) or not value:
            raise ValueError(f"{where}: expected {_describe(spec)}")
        return [_check(item, spec[0], f"{where}[{i}]") for i, item in enumerate(value)]
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise ValueError(f"{where}: expected an object")
        entries = {k: v for k, v in value.items() if not k.startswith("_")}
        if set(spec) == {str}:  # a mapping of words
            if not entries:
                raise ValueError(f"{where}: expected a non-empty object")
            return {_check(k, str, f"{where} key {k!r}"): _check(v, spec[str], f"{where}.{k}")
                    for k, v in entries.items()}
        missing = sorted(set(spec) - set(entries))
        unknown = sorted(set(entries) - set(spec))
        if missing:
            raise ValueError(f"{where}: missing key {missing[0]!r}")
        if unknown:
            raise ValueError(f"{where}: unknown key {unknown[0]!r}")
        return {k: _check(entries[k], spec[k], f"{where}.{k}") for k in spec}
    raise TypeError(f"bad schema {spec!r}")  # a programming error, not a data error


def load_wordlist(name: str, schema: Schema, directory: Path = PATTERNS_DIR) -> Any:
    """The checked, normalised content of DIRECTORY/NAME.json; InputError names the file and problem."""
    path = directory / f"{name}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: word list missing") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    try:
        return _check(raw, schema, "$")
    except ValueError as exc:
        raise InputError(f"{path}: {exc}") from exc
