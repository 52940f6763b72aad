"""Page benchmarks: `python -m benchmarks.run` (or `make bench`). See README.md."""
