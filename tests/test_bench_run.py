"""bench/run.py, the scale benchmark: what it reports of repeated builds, run end to end on a
tiny corpus (its figures are not checked: speed targets live in the benchmark itself)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_run() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_median_run_is_reported_with_every_wall_time_and_the_largest_peak() -> None:
    run = bench_run()
    runs = [{"wall_seconds": wall, "peak_memory_bytes": peak, "stages": {"extract": wall / 2}}
            for wall, peak in ((70.0, 2), (63.0, 3), (66.0, 1))]
    figures = run.median_run(runs)
    assert (figures["wall_seconds"], figures["stages"]) == (66.0, {"extract": 33.0})
    assert figures["wall_seconds_runs"] == [70.0, 63.0, 66.0]
    assert figures["peak_memory_bytes"] == 3
    assert run.median_run(runs[:2])["wall_seconds"] == 63.0  # two: the faster
    assert runs[2] == {"wall_seconds": 66.0, "peak_memory_bytes": 1, "stages": {"extract": 33.0}}


def test_the_documented_command_runs_and_reports_each_build_it_repeats(tmp_path: Path) -> None:
    figures, results = tmp_path / "figures.json", tmp_path / "RESULTS.md"
    subprocess.run([sys.executable, str(BENCH / "run.py"), "--articles", "3", "--jobs", "1",
                    "--builds", "2", "--repeat", "1", "--baseline-max", "0",
                    "--workdir", str(tmp_path / "work"), "--json", str(figures),
                    "--results", str(results)], check=True, capture_output=True, timeout=300)
    report = json.loads(figures.read_text(encoding="utf-8"))
    build = report["sizes"]["3"]["builds"]["1"]
    assert len(build["wall_seconds_runs"]) == 2
    assert build["wall_seconds"] in build["wall_seconds_runs"]
    assert report["sizes"]["3"]["identical_to_full_rebuild"] is True
    assert "2 runs)" in results.read_text(encoding="utf-8")
