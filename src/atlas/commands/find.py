"""`atlas find "QUERY"`: ranked pages for an error line or a symptom, from the Markdown sources."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..find import find


def run(args) -> int:
    docs = Path(args.docs)
    if not docs.is_dir():
        print(f"atlas find: {docs}: no such docs folder", file=sys.stderr)
        return 2
    query = " ".join(args.query).strip()
    if not query:
        print("atlas find: give a query: an error line or the symptom in your words", file=sys.stderr)
        return 2
    hits = find(docs, query, args.limit)
    if args.format == "json":
        json.dump([{"path": f"{args.docs.rstrip('/')}/{h.rel}", "title": h.title, "score": h.score, "match": h.why}
                   for h in hits], sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for i, h in enumerate(hits, 1):
            print(f"{i}. {h.title}\n   {args.docs.rstrip('/')}/{h.rel}\n   ↳ {h.why}")
        if not hits:
            print("no page matches; try fewer or other words", file=sys.stderr)
    return 0 if hits else 1
