#!/usr/bin/env python3
"""The plan's `python scripts/progress_tracker.py`: weekly progress against the catalog's targets (`atlas progress`)."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["progress", *sys.argv[1:]]))
