"""Benchmarks of build cost and page weight (``make bench``, ``make lighthouse``); see README.md."""
