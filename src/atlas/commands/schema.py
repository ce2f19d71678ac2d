"""`atlas schema`: export the page contract's JSON Schema to specs/."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..cache import atomic_write_text
from ..model import json_schema


def render() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def run(args) -> int:
    out = Path(args.output)
    text = render()
    if args.check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"{out}:1:1 {out} is out of date: run `atlas schema`", file=sys.stderr)
            return 1
        return 0
    atomic_write_text(out, text)
    print(f"wrote {out}")
    return 0
