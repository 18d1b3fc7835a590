"""`make bench`: extraction speed against bare quantulum3, ingestion through the real service,
and query latency at a million claims. `python -m benchmarks.run --help` lists the options."""
