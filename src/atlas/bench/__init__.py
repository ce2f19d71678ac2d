"""The speed benchmark (`make bench`, `python -m atlas.bench`): a synthetic corpus shaped like the
catalog, timed through `atlas lint` (cold and warm), stock `mermaid.parse()` and `mkdocs build`.

A benchmark, never a timed test: it reports numbers and PASS/FAIL against the targets in
BENCHMARKS.md and always exits 0 unless it could not run at all.
"""
