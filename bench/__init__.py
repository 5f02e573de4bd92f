"""Benchmarks of kambook (make bench): not part of the test suite."""
