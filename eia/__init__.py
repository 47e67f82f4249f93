"""EIA calculation engine: the application (scenarios, standards, pipeline, scoring, chapters, CLI)."""
__version__ = "0.1.0"
