"""Which spec governs which pages. The mapping is the table in specs/README.md (the plan's
"Spec Change Impact Analysis"): `all pages`, or one or more `docs/<folder>/` prefixes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

README = "specs/README.md"
_TICKS = re.compile(r"`([^`]+)`")


class SpecMapError(Exception):
    """specs/README.md cannot be read as the mapping; the message names file and line."""


@dataclass(frozen=True)
class SpecScope:
    spec: str  # path relative to the root: specs/02-DIAGRAM-SPECIFICATIONS-V3.md
    folders: tuple[str, ...]  # docs-relative prefixes ("guarantees/"); empty = all pages
    line: int

    def governs(self, rel: str) -> bool:
        return not self.folders or any(rel.startswith(f) for f in self.folders)

    @property
    def label(self) -> str:
        return "all pages" if not self.folders else ", ".join(f"docs/{f}" for f in self.folders)


def load_spec_map(root: Path) -> list[SpecScope]:
    path = root / README
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[SpecScope] = []
    in_table = False
    for n, line in enumerate(lines, start=1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.lstrip().startswith("|") else None
        if cells is None:
            if in_table:
                break
            continue
        if not in_table:
            in_table = [c.lower() for c in cells] == ["spec", "governs"]
            continue
        if set("".join(cells)) <= set("-: "):
            continue  # the |---|---| row
        if len(cells) != 2:
            raise SpecMapError(f"{README}:{n}: a mapping row has two cells (spec | governs), got {len(cells)}")
        specs = _TICKS.findall(cells[0])
        if not specs:
            raise SpecMapError(f"{README}:{n}: name the spec file in backticks, e.g. `02-DIAGRAM-SPECIFICATIONS-V3.md`")
        if cells[1].lower() == "all pages":
            folders: tuple[str, ...] = ()
        else:
            found = _TICKS.findall(cells[1])
            if not found or not all(f.startswith("docs/") for f in found):
                raise SpecMapError(f"{README}:{n}: 'governs' is `all pages` or `docs/<folder>/` paths, got {cells[1]!r}")
            folders = tuple(f.removeprefix("docs/").rstrip("/") + "/" for f in found)
        for spec in specs:
            out.append(SpecScope(spec=f"specs/{spec}", folders=folders, line=n))
    return out
