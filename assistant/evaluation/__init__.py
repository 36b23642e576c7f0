"""Evaluation layer: golden-set evaluation, benchmarks, the scale benchmark and the Markdown report."""
