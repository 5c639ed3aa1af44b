"""A tiny harness: time a workload and its baseline alternately, report medians and their ratio."""

from __future__ import annotations

import signal
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """A printed line of a benchmark's report that is not a timed comparison (figures, checks, notes)."""

    text: str

    def line(self) -> str:
        return self.text


@dataclass(frozen=True)
class Result:
    name: str
    baseline: str
    workload_s: float
    baseline_s: float

    @property
    def ratio(self) -> float:
        """Baseline time over workload time: above 1 means the workload is faster."""
        return self.baseline_s / self.workload_s

    def line(self) -> str:
        return (
            f"{self.name:<44} {self.workload_s * 1000:9.1f} ms   baseline ({self.baseline}) "
            f"{self.baseline_s * 1000:9.1f} ms   speed-up ×{self.ratio:5.1f}"
        )


def compare(
    name: str,
    workload: Callable[[], object],
    baseline_name: str,
    baseline: Callable[[], object],
    repeat: int = 5,
) -> Result:
    """Run both alternately `repeat` times (after one warm-up each) and keep the medians."""
    workload()
    baseline()
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(repeat):
        for fn, bucket in ((workload, ours), (baseline, theirs)):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return Result(name, baseline_name, statistics.median(ours), statistics.median(theirs))


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by a benchmark: SIGTERM, then kill it after 15 s."""
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
