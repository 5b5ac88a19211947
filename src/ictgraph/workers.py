"""The build's worker processes: one pool, forked while the build is still small.

The build uses workers twice: to extract documents, and to check each document's
evidence (validate_documents.py) once the graph exists. Workers forked at that point
would map the parent's large heap (counted again in their resident size, and copied
page by page as reference counts touch it); spawned workers would re-run the caller's
main script. So the pool's processes are all started first, before anything large is
made, and serve both.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager


def _ready() -> bool:
    return True


@contextmanager
def worker_pool(jobs: int) -> Iterator[ProcessPoolExecutor | None]:
    """`jobs` worker processes, started now; None for one job (the work is done in-process)."""
    if jobs <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        pool.submit(_ready).result()  # a forking pool starts every process at the first task
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
