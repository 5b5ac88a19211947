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
    return "(?:" + "|".join(space.join(map(re.escape, w.split())) for w in parts) + ")"


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
