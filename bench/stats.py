"""Percentiles of timing samples, and the load of the machine they were taken on."""
import math
import os


def percentile(values, share):
    """The nearest-rank percentile of `values` (share from 0 to 100)."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, math.ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(seconds):
    """Median, p90, p99, min and max of timings given in seconds, in milliseconds."""
    def ms(value):
        return None if value is None else round(value * 1000, 3)

    return {
        "median_ms": ms(percentile(seconds, 50)),
        "p90_ms": ms(percentile(seconds, 90)),
        "p99_ms": ms(percentile(seconds, 99)),
        "min_ms": ms(min(seconds, default=None)),
        "max_ms": ms(max(seconds, default=None)),
    }


def load_average():
    """The 1-minute load average of the machine, or None where it cannot be read."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None
