"""Where things are: the site root (the folder with mkdocs.yml), docs/, data/, and which files are pages."""

from __future__ import annotations

from pathlib import Path

from ..catalog import is_catalogued_rel

METRICS_FILE = "data/CENTRAL_METRICS.json"
STATUS_FILE = "data/unified_diagram_status.json"
EXPORT_DIR = "data/exports"
REGISTRY_FILE = "data/source-registry.yaml"
LOCK_FILE = ".cache/atlas/status.lock"


class RootNotFound(Exception):
    pass


def find_root(start: Path | None = None) -> Path:
    """The atlas site root: the nearest folder, from `start` up, holding mkdocs.yml and docs/."""
    here = (start or Path.cwd()).resolve()
    for d in [here, *here.parents]:
        if (d / "mkdocs.yml").is_file() and (d / "docs").is_dir():
            return d
    raise RootNotFound(f"no mkdocs.yml with a docs/ folder in {here} or above: run from the atlas repository")


def page_files(docs: Path) -> list[str]:
    """Every catalogued page under docs/, as sorted posix paths relative to docs/."""
    out = []
    for p in docs.rglob("*.md"):
        if not p.is_file():
            continue
        rel = p.relative_to(docs).as_posix()
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        if is_catalogued_rel(rel):
            out.append(rel)
    return sorted(out)


def category_of(rel: str) -> str:
    return rel.split("/", 1)[0]


def system_kind_of(rel: str) -> tuple[str | None, str | None]:
    parts = rel.split("/")
    if parts[0] == "systems" and len(parts) == 3:
        return parts[1], parts[2].removesuffix(".md")
    return None, None


def display(path: Path, root: Path) -> str:
    """A path as the user should see it: relative to the root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
