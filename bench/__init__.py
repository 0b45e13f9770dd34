"""c2graph benchmarks: ``python -m bench`` (see bench/README.md); not part of the tests."""
