#!/usr/bin/env python3
"""The plan's `python scripts/validate_mermaid.py`: every diagram through the real Mermaid parser."""
import sys

from _bootstrap import run

if __name__ == "__main__":
    sys.exit(run(["validate-mermaid", *sys.argv[1:]]))
