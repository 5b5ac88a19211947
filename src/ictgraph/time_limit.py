"""Running a call under a time limit, in a forked child process killed at the deadline.

pyoxigraph evaluates a query in Rust, where no Python signal handler runs and no
thread can stop it. A child process can always be stopped: at the deadline it
gets SIGKILL, and the CPU and memory of a runaway query go with it. Forking
costs a few milliseconds and shares the parent's open store; the child sends
its return value (or its exception) back pickled through a pipe.

Where there is no fork (Windows), the call runs in this process without a limit.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
import warnings
from typing import Callable, TypeVar

from ictgraph.errors import IctgraphError

T = TypeVar("T")
_CHUNK = 1 << 20


class TimeLimitExceeded(IctgraphError):
    """The call ran past its time limit and was stopped."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after the {seconds:g} s time limit")
        self.seconds = seconds


class ChildFailed(IctgraphError):
    """The child process died without an answer (a crash, or killed from outside)."""


def call_with_time_limit(function: Callable[[], T], seconds: float | None) -> T:
    """function() run in a child process; TimeLimitExceeded once `seconds` have passed.

    `seconds` None (or 0) means no limit, and the call runs in this process. The
    result and any exception must pickle; an exception is raised again here.
    """
    if not seconds or not hasattr(os, "fork"):
        return function()
    read_end, write_end = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12+ warns about forking a threaded process (the store's RocksDB
        # threads): the child only runs `function` and leaves through os._exit.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(read_end)
        _answer(function, write_end)
    os.close(write_end)
    try:
        data = _read_until(read_end, time.monotonic() + seconds)
    except BaseException:  # Ctrl-C while waiting: the child goes too
        _kill(pid)
        raise
    finally:
        os.close(read_end)
    if data is None:
        _kill(pid)
        raise TimeLimitExceeded(seconds)
    _, status = os.waitpid(pid, 0)
    if not data:
        how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit code {os.waitstatus_to_exitcode(status)}")
        raise ChildFailed(f"the worker process died without an answer ({how})")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _answer(function: Callable[[], T], write_end: int) -> None:
    """In the child: run, send (ok, value) pickled, and exit without running atexit hooks."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child at once
        try:
            payload = pickle.dumps((True, function()), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:  # noqa: BLE001  every failure goes back to the parent
            try:
                payload = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001  an exception that does not pickle: its text does
                payload = pickle.dumps((False, IctgraphError(f"{type(exc).__name__}: {exc}")))
        view = memoryview(payload)
        while view:
            view = view[os.write(write_end, view):]
        os.close(write_end)  # the parent reads the end of the answer now, not after the exit
    finally:
        os._exit(0)


def _read_until(fd: int, deadline: float) -> bytes | None:
    """Everything written to the pipe until it closes; None when the deadline comes first."""
    chunks: list[bytes] = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            return None
        chunk = os.read(fd, _CHUNK)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
