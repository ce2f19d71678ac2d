#!/usr/bin/env python3
"""The plan's `python scripts/manual_source_discovery.py`: the weekly research checklist (`atlas sources`)."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["sources", *sys.argv[1:]]))
