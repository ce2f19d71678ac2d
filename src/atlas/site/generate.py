"""The site's one generation step, for any engine: the docs tree and its front matter in, a build folder
out (`.build/` by default) that MkDocs + Material or Zensical builds as it is.

It writes:
- `docs/`: every file of the tree; each written page with its index markers expanded (markers), its
  calculator placed after its worked example (calculators),
  its not-applicable gate elements and Sources list appended (provenance) and its on-call signals under
  the title (search); plus the pages that exist only in the site (one per technology, /status/,
  /incidents/statistics/) and the data files the site's scripts load (the 3 AM filter's signals);
- `mkdocs.yml`: the repository's configuration with this `docs_dir`, the derived nav and no hooks;
- `atlas-manifest.json`: which pages the search index takes (written pages, not generated indexes).

A file is rewritten only when its bytes change, and files gone from the tree are removed, so a rerun
(every `mkdocs serve` rebuild) touches only what changed."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..catalog import is_catalogued_rel
from ..pages import PageError, parse_front_matter, split_front_matter
from ..status.statuspage import STATUS_PAGE, status_page_markdown
from .calculators import with_calculator
from .incident_explorer import STATISTICS_REL
from .markers import expand, generated_files, generated_pages, has_marker
from .nav import NavItem, build_nav
from .provenance import with_provenance
from .related import related_pages, related_section
from .search import with_signals

BUILD_DIR = ".build"
MANIFEST = "atlas-manifest.json"
CONFIG = "mkdocs.yml"


@dataclass
class Generated:
    out: Path
    nav: list[NavItem]
    indexed: list[str]  # src paths (under docs/) of the pages search indexes
    written: int = 0  # files whose bytes changed in this run
    removed: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def docs(self) -> Path:
        return self.out / "docs"

    @property
    def config(self) -> Path:
        return self.out / CONFIG


def repository_url(root: Path) -> str | None:
    """Where each page's "edit this page" points: ATLAS_REPO_URL (the Pages workflow sets it), else the
    checkout's `origin` remote as an https URL, else nowhere."""
    if os.environ.get("ATLAS_REPO_URL"):
        return os.environ["ATLAS_REPO_URL"]
    try:
        proc = subprocess.run(["git", "-C", str(root), "remote", "get-url", "origin"], capture_output=True,
                              text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    url = proc.stdout.strip() if proc.returncode == 0 else ""
    ssh = re.match(r"^git@([^:]+):(.+?)(?:\.git)?$", url)
    if ssh:
        return f"https://{ssh.group(1)}/{ssh.group(2)}"
    return url.removesuffix(".git") if url.startswith("https://") else None


def page_markdown(text: str, docs: Path, rel: str, repo_url: str | None = None,
                  related: list | None = None) -> tuple[str, bool]:
    """(the page as the engine should read it, whether it is a generated index). Front matter is kept
    byte for byte; a page whose front matter does not load is passed through (atlas lint reports it)."""
    try:
        yaml_text, body, _ = split_front_matter(text)
        meta = parse_front_matter(yaml_text)[0] if yaml_text is not None else {}
    except PageError:
        return text, False
    head = text[: len(text) - len(body)]
    is_index = has_marker(body)
    body = expand(body, docs, rel)
    body = with_calculator(body, meta)
    body = body.rstrip("\n") + "\n" + related_section(rel, related or []) if related else body
    body = with_provenance(body, meta, rel, repo_url) if is_catalogued_rel(rel) or meta.get("sources") else body
    body = with_signals(body, meta)
    return head + body, is_index


def _write(path: Path, data: bytes) -> bool:
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


# Generated pages the nav lists, after the index of their tab.
GENERATED_NAV = {"Incidents": [{"Statistics": STATISTICS_REL}]}


def _with_section_pages(items: list[NavItem], pages: set[str]) -> None:
    """Open each nav section with its folder's generated index page, if the build generates one (a debugging
    group's symptoms, an incident group's table, a pattern group's summaries): with navigation.indexes,
    the section's title links it."""
    for item in items:
        if not isinstance(item, dict):
            continue
        (_, children), = item.items()
        if not isinstance(children, list) or not children:
            continue
        _with_section_pages(children, pages)
        first = children[0] if isinstance(children[0], str) else next(iter(children[0].values()))
        if isinstance(first, str):
            index = posixpath.join(posixpath.dirname(first), "index.md")
            if index in pages and index not in children:
                children.insert(0, index)


def derived_nav(docs: Path, generated: set[str] | frozenset[str] = frozenset()) -> list[NavItem]:
    """The nav of the tree, with the generated /status/ page under Home, the generated pages of
    GENERATED_NAV in their tabs and each section opened by its generated index page (`generated`: the
    src paths of the pages the build generates)."""
    nav = build_nav(docs)
    _with_section_pages(nav, set(generated))
    for item in nav:
        for tab, extra in GENERATED_NAV.items():
            if isinstance(item, dict) and isinstance(item.get(tab), list):
                children = item[tab]
                at = 1 if children and isinstance(children[0], str) else 0
                children[at:at] = [dict(e) for e in extra]
    status = {"Status": STATUS_PAGE}
    if nav and isinstance(nav[0], dict) and "Home" in nav[0]:
        nav[0]["Home"].append(status)
    else:
        nav.insert(0, {"Home": [status]})
    return nav


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")


def engine_config(root: Path, out: Path, nav: list[NavItem], site_dir: Path | None = None, extra_yaml: str = "") -> str:
    """The repository's mkdocs.yml for a build from `out`: docs_dir, site_dir and the theme's custom_dir
    pointed at absolute places, the derived nav added, hooks removed (generation already ran), and any
    `extra_yaml` top-level keys (site_url for a test server, a plugin for a bench) in place of the
    repository's own."""
    blocks: list[tuple[str | None, list[str]]] = []
    extra = [] if not extra_yaml.strip() else extra_yaml.rstrip().splitlines()
    overridden = {m.group(1) for line in extra if (m := _TOP_KEY.match(line))}
    for line in (root / CONFIG).read_text(encoding="utf-8").splitlines():
        m = _TOP_KEY.match(line)
        if m or not blocks:
            blocks.append((m.group(1) if m else None, [line]))
        else:
            blocks[-1][1].append(line)
    # Paths relative to the generated config, as both engines read them (Zensical takes no absolute ones).
    replace = {
        "docs_dir": ["docs_dir: docs"],
        "site_dir": [f"site_dir: {json.dumps(os.path.relpath(site_dir or root / 'site', out))}"],
        "hooks": ["hooks: []  # generation already ran: atlas site generate wrote this folder"],
    }
    lines: list[str] = ["# Written by `atlas site generate` from the repository's mkdocs.yml: do not edit."]
    seen = set()
    for key, block in blocks:
        if key in overridden:
            continue
        if key in replace:
            lines += replace[key]
            seen.add(key)
        elif key == "theme":
            lines += [re.sub(r"^(\s+custom_dir:\s*)(\S+)(.*)$",
                             lambda m: f"{m.group(1)}{json.dumps(os.path.relpath(root / m.group(2), out))}{m.group(3)}",
                             ln) for ln in block]
        else:
            lines += block
    lines += [replace[k][0] for k in replace if k not in seen]
    lines += extra
    lines.append(yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True, width=1000).rstrip())
    return "\n".join(lines) + "\n"


def generate(root: Path, out: Path | None = None, site_dir: Path | None = None, docs: Path | None = None,
             extra_yaml: str = "") -> Generated:
    """Write the build folder for the repository at `root` (its mkdocs.yml, and docs/ unless `docs` names
    another tree); see the module doc."""
    root = root.resolve()
    out = (out or root / BUILD_DIR).resolve()
    docs = (docs or root / "docs").resolve()
    extra = dict(generated_pages(docs))
    result = Generated(out=out, nav=derived_nav(docs, set(extra)), indexed=[])
    repo_url = repository_url(root)
    related = related_pages(docs)
    expected: set[Path] = set()
    for path in sorted(p for p in docs.rglob("*") if p.is_file()):
        rel = path.relative_to(docs).as_posix()
        target = result.docs / rel
        expected.add(target)
        data = path.read_bytes()
        if path.suffix == ".md":
            try:
                text, is_index = page_markdown(data.decode("utf-8"), docs, rel, repo_url, related.get(rel))
            except UnicodeDecodeError:
                result.warnings.append(f"docs/{rel}: not UTF-8, copied as it is (atlas lint reports it)")
            else:
                data = text.encode("utf-8")
                if not is_index:
                    result.indexed.append(rel)
        result.written += _write(target, data)
    try:
        extra[STATUS_PAGE] = status_page_markdown(docs.parent)
    except Exception as exc:  # a broken status scan must not take the other 900 pages down with it
        result.warnings.append(f"the status page could not be computed: {exc}")
        extra[STATUS_PAGE] = f"# Status\n\nThe status could not be computed when the site was built: `{exc}`.\n"
    for rel, markdown in extra.items():
        if (docs / rel).exists():
            result.warnings.append(f"docs/{rel} is replaced by the generated page; delete it")
        target = result.docs / rel
        expected.add(target)
        result.written += _write(target, markdown.encode("utf-8"))
    for rel, data in generated_files(docs).items():
        target = result.docs / rel
        expected.add(target)
        result.written += _write(target, data)
    for path in sorted(result.docs.rglob("*"), reverse=True):
        if path.is_file() and path not in expected:
            path.unlink()
            result.removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    config = engine_config(root, out, result.nav, site_dir, extra_yaml)
    result.written += _write(out / CONFIG, config.encode("utf-8"))
    result.written += _write(out / MANIFEST, json.dumps({"indexed": result.indexed}, indent=0).encode("utf-8"))
    return result


def clean(out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
