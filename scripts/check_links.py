#!/usr/bin/env python3
"""The plan's `python scripts/check_links.py`: internal links and anchors; external links' form."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["check-links", *sys.argv[1:]]))
