"""The build's worker pool: its processes exist before the build grows, and do not carry it."""

from __future__ import annotations

import os

from ictgraph.workers import worker_pool


def _resident_megabytes() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def _pid() -> int:
    return os.getpid()


def test_one_job_has_no_pool():
    with worker_pool(1) as pool:
        assert pool is None


def test_the_workers_are_started_before_the_caller_grows():
    with worker_pool(2) as pool:
        assert pool is not None
        large = bytearray(400 * 2**20)  # made after the pool: no worker maps it
        large[::4096] = b"x" * len(large[::4096])  # touched, so resident here
        sizes = [pool.submit(_resident_megabytes).result() for _ in range(4)]
        pids = {pool.submit(_pid).result() for _ in range(8)}
        assert _resident_megabytes() > 400
        assert max(sizes) < 300, sizes
        assert os.getpid() not in pids and 1 <= len(pids) <= 2
        del large
