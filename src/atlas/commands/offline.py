"""`atlas check-offline [SITE_DIR]`: report every resource the built site would load from another host."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from ..site.offline import scan_site


def run(args) -> int:
    site_dir = Path(getattr(args, "site_dir", None) or "site")
    try:
        findings = scan_site(site_dir)
    except FileNotFoundError as exc:
        print(f"atlas: {exc}", file=sys.stderr)
        return 2
    for f in findings:
        print(f"{os.path.join(str(site_dir), f.file.relative_to(site_dir).as_posix())}:{f.line}:1 "
              f"OFF001 external resource {f.url}")
    files = len({f.file for f in findings})
    if findings:
        print(f"{len(findings)} external resources in {files} files of {site_dir}: the site must serve "
              f"everything itself", file=sys.stderr)
        return 1
    print(f"{site_dir}: nothing is loaded from another host", file=sys.stderr)
    return 0
