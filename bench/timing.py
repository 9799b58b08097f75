"""Wall-time helper shared by the benchmarks (run them as `python bench/x.py`, so this imports)."""

import statistics
import time


def median_seconds(fn, repeats: int) -> float:
    """Median wall time of `repeats` calls of fn()."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
