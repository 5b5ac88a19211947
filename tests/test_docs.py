"""The README stays true: its commands are the ones CI runs, and every CLI command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from ictgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, re.S)]


def test_readme_has_one_setup_and_one_test_command() -> None:
    setup, tests = _shell_blocks(README)[:2]
    assert "pip install" in setup and "ictgraph build" in setup
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = _shell_blocks(README)[1]
    assert test_command in ci.splitlines()


def test_every_cli_command_is_documented() -> None:
    for name in cli.commands:
        assert f"ictgraph {name}" in README, f"README does not document `ictgraph {name}`"
