"""Executors: where synthesis runs (this process, local worker processes, a Dask cluster)."""
