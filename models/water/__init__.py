"""Surface-water quality models and supporting relations (HJ 2.3-2018)."""
