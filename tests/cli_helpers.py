"""Running the `ictgraph` command as a user does, and reading its one-line errors."""

from __future__ import annotations

import os
import subprocess
import sys


def run(*args: str, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`python -m ictgraph ARGS` with the environment plus `env`; output captured as text."""
    return subprocess.run([sys.executable, "-m", "ictgraph", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single `ictgraph: error: ...` line of a failed command (exit 1, no traceback)."""
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ictgraph: error: "), result.stderr
    return lines[0]
