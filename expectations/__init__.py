"""Data-quality rules on the raw layer: DuckDB computes one residual per equation, GX validates them."""
