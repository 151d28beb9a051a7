"""Benchmarks of the stand-in: HTTP load with wrk, in-process timings and list queries at scale.

Run with `python -m bench.run` from the project root; bench/README.md explains the figures.
"""
