#!/usr/bin/env python3
"""The plan's `python scripts/unified_status_tracker.py`: status, versioning and review tracking (`atlas status`)."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["status", *sys.argv[1:]]))
