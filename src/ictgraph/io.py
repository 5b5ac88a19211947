"""Writing output files so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO, Callable


def write_atomic(path: Path, data: bytes) -> None:
    """Replace path with data: a temp file in the same directory, fsync, then os.replace.

    The same directory keeps os.replace a rename on one filesystem; a crash
    leaves either the old file or the new one, never a truncated one.
    """
    publish(stage_file(path, data), path)


def stage_file(path: Path, data: bytes | Callable[[BinaryIO], None]) -> Path:
    """Write data (bytes, or a function writing to a binary stream) to a temp file beside
    path, on disk but not yet path; publish() makes it path, and a caller that changes its
    mind unlinks it (remove_leftovers() finds those a killed process left)."""
    write = data if callable(data) else (lambda stream: stream.write(data))
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    # An existing file keeps its permissions; a new one gets the usual 0644, not mkstemp's 0600.
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return Path(tmp_name)


def publish(staged: Path, path: Path) -> None:
    """Replace path with a file stage_file() wrote for it, durably."""
    path = Path(path)
    try:
        os.replace(staged, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(staged)
        raise
    _fsync_directory(path.parent if str(path.parent) else Path("."))


def remove_leftovers(path: Path) -> list[Path]:
    """Remove the temporary files write_atomic(path, ...) left when its process was killed.

    Only for a caller that holds the lock on path: another writer's file would go too."""
    path = Path(path)
    removed = []
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed.append(leftover)
    return removed


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable; not every platform allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_json_object(path: Path) -> dict:
    """A JSON file that must hold an object; a missing or malformed file is one InputError line."""
    import json

    from ictgraph.errors import InputError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputError(f"{path}: file missing") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected a JSON object")
    return data
