"""An exclusive lock on a file, so that two processes never build the same output at once.

The lock is `flock` on a lock file that stays in place: the kernel releases it
when its holder closes the file or dies in any way (SIGKILL included), so there
is never a stale lock to clean up by hand. The holder writes its process id
into the file, for the message another process gets. Locks belong to an open
file, so taking the same lock twice in one process fails as it would across
processes (and a forked child holds its parent's lock until it exits).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path
from typing import Iterator

from ictgraph.errors import IctgraphError

_POLL = 0.05  # seconds between two tries while waiting


class BuildLocked(IctgraphError):
    """Another process holds the lock."""

    def __init__(self, lock_file: Path, holder: int | None = None) -> None:
        pid = f", pid {holder}" if holder else ""
        super().__init__(f"another ictgraph build is running (lock {lock_file}{pid})")
        self.lock_file = lock_file
        self.holder = holder


@contextlib.contextmanager
def build_lock(path: Path, *, wait: float = 0.0) -> Iterator[Path]:
    """Hold an exclusive lock on the file `path` (created if missing) for the `with` block.

    Raises BuildLocked when another process holds it, at once or, with `wait`
    seconds, once they have passed.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise BuildLocked(path, _holder(fd)) from None
                time.sleep(_POLL)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock; the file stays for the next holder


def _holder(fd: int) -> int | None:
    """The process id the current holder wrote, when it is readable."""
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return None
