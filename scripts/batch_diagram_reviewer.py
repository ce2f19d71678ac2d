#!/usr/bin/env python3
"""The plan's `python scripts/batch_diagram_reviewer.py`: compliance review from the lint rules, fix suggestions, mechanical fixes (`atlas review`)."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["review", *sys.argv[1:]]))
