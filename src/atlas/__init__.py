"""The Atlas: tooling that keeps every diagram valid, sourced, reviewed and findable."""

__version__ = "0.1.0"
