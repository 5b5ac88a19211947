"""The build lock: one holder at a time across processes, never left stale by a killed holder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictgraph.errors import IctgraphError
from ictgraph.lock import BuildLocked, build_lock

# Another process takes the lock, says so, then holds it for `seconds`.
HOLDER = """
import sys, time
from pathlib import Path
from ictgraph.lock import build_lock
with build_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
print("released", flush=True)
time.sleep(60)
"""


def hold(lock_file: Path, seconds: float = 60) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(lock_file), str(seconds)],
                              stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline() == "held\n"
    return holder


def stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def test_a_second_process_is_refused_with_the_lock_file_and_the_holder(tmp_path: Path) -> None:
    lock_file = tmp_path / "data" / ".ictgraph.lock"
    holder = hold(lock_file)
    try:
        with pytest.raises(BuildLocked) as refused:
            with build_lock(lock_file):
                pytest.fail("the lock was taken twice")
        assert isinstance(refused.value, IctgraphError)
        assert str(refused.value) == (f"another ictgraph build is running "
                                      f"(lock {lock_file}, pid {holder.pid})")
    finally:
        stop(holder)


def test_a_killed_holder_leaves_no_stale_lock(tmp_path: Path) -> None:
    lock_file = tmp_path / ".ictgraph.lock"
    holder = hold(lock_file)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_file.exists()  # the file stays; the lock went with the process
    with build_lock(lock_file) as held:
        assert held == lock_file
        assert lock_file.read_text(encoding="ascii") == f"{os.getpid()}\n"


def test_released_at_the_end_of_the_block(tmp_path: Path) -> None:
    lock_file = tmp_path / ".ictgraph.lock"
    holder = hold(lock_file, seconds=0.2)
    try:
        assert holder.stdout.readline() == "released\n"  # the holder lives on, without the lock
        with build_lock(lock_file):
            pass
    finally:
        stop(holder)


def test_waiting_gets_the_lock_when_the_holder_lets_go(tmp_path: Path) -> None:
    lock_file = tmp_path / ".ictgraph.lock"
    holder = hold(lock_file, seconds=0.5)
    try:
        start = time.monotonic()
        with build_lock(lock_file, wait=20):
            waited = time.monotonic() - start
        assert 0.2 < waited < 20
    finally:
        stop(holder)


def test_waiting_gives_up_after_the_wait(tmp_path: Path) -> None:
    lock_file = tmp_path / ".ictgraph.lock"
    holder = hold(lock_file)
    try:
        start = time.monotonic()
        with pytest.raises(BuildLocked):
            with build_lock(lock_file, wait=0.3):
                pass
        assert 0.3 <= time.monotonic() - start < 5
    finally:
        stop(holder)


def test_one_process_cannot_take_its_own_lock_twice(tmp_path: Path) -> None:
    lock_file = tmp_path / ".ictgraph.lock"
    with build_lock(lock_file):
        with pytest.raises(BuildLocked):
            with build_lock(lock_file):
                pass
    with build_lock(lock_file):  # and the first release frees it
        pass
