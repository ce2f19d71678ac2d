"""The site navigation, derived from the docs tree and the pages' front matter (ATLAS.md §2).

Nobody hand-maintains hundreds of nav entries: atlas.site.generate calls build_nav(), and the
NAV001 lint rule reports every page build_nav() does not reach.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..pages import PageError, split_front_matter
from .paging import guide_words
from ..catalog import GROUPS, HEADER_PAGES, HOME_SECTIONS, SYSTEM_KINDS, SYSTEMS, TABS, folder_title

try:  # the C loader is ~10x faster on 1,000 front matters
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

NavItem = str | dict

# A folder with more pages than this lists them in runs of at most SHELF pages, each a nav section
# labelled by the titles' initials (A–F, G–M ...). With Material's navigation.prune a page carries
# only its own run's entries: a flat category of 80 pages would otherwise put ~80 × 200 bytes of nav
# into every page of it (issue 23 item 2: every page ≤ 60 KB).
SHELF_FROM = 30
SHELF = 20


def page_title(path: Path) -> str:
    """The `title` of a page's front matter, else its first '# ' heading, else its file name."""
    try:
        st = path.stat()
    except OSError:
        return path.stem
    return _page_title(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8192)
def _page_title(path: Path, mtime_ns: int, size: int) -> str:
    """page_title, memoized by the file's stamp: `mkdocs serve` rebuilds the nav on every change,
    and sorting a folder asks for each title several times."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return path.stem
    try:
        yaml_text, text, _ = split_front_matter(text)
    except PageError:
        yaml_text = None  # never closed: atlas lint reports it (IO001)
    if yaml_text is not None:
        try:
            meta = yaml.load(yaml_text, Loader=_Loader)
            if isinstance(meta, dict) and meta.get("title"):
                return str(meta["title"])
        except (yaml.YAMLError, ValueError, RecursionError):
            pass  # atlas lint reports it (IO001); the nav falls back to the heading
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return folder_title(path.stem)


def _folder(docs: Path, folder: Path, order: list[str] | None = None, only: list[str] | None = None,
            title=page_title) -> list[NavItem]:
    """Items of a folder: its index.md first, then pages by title, then sub-folders (in `order`)."""
    items: list[NavItem] = []
    rel = lambda p: p.relative_to(docs).as_posix()  # noqa: E731
    if (folder / "index.md").is_file():
        items.append(rel(folder / "index.md"))
    pages = [p for p in folder.glob("*.md") if p.name != "index.md"]
    if order:
        rank = {name: i for i, name in enumerate(order)}
        pages.sort(key=lambda p: (rank.get(p.stem, len(rank)), title(p).lower()))
    else:
        pages.sort(key=lambda p: title(p).lower())
    entries = [{title(p): rel(p)} for p in pages]
    items.extend(shelves(entries) if len(entries) > SHELF_FROM else entries)
    subs = sorted(d for d in folder.iterdir() if d.is_dir() and not d.name.startswith((".", "_")))
    if only is not None:
        subs = sorted((d for d in subs if d.name in only), key=lambda d: only.index(d.name))
    for sub in subs:
        children = _folder(docs, sub, order=SYSTEM_KINDS if folder.name == "systems" else None, title=title)
        if children:
            items.append({folder_title(sub.name): children})
    return items


def shelves(entries: list[dict]) -> list[NavItem]:
    """Entries (each {title: path}, in order) in runs of at most SHELF, of sizes as even as they can be,
    each under its guide words (paging.guide_words: the first and last titles' initials, as many letters
    as it takes for one run's end to differ from the next one's start: 'A–F', 'G–M'; 'A–Seg', 'Seh–Sod'
    when many titles start with S)."""
    count = -(-len(entries) // SHELF)
    runs, start = [], 0
    for i in range(count):
        size = len(entries) // count + (i < len(entries) % count)
        runs.append(entries[start:start + size])
        start += size
    labels = [part.label for part in guide_words(runs, key=lambda entry: next(iter(entry)).strip())]
    if len(set(labels)) < len(labels):  # titles alike to the letter: number the runs
        labels = [f"{label} ({i})" for i, label in enumerate(labels, 1)]
    return [{label: run} for label, run in zip(labels, runs)]


def build_nav(docs: Path, title=page_title) -> list[NavItem]:
    """The nav; `title(path)` labels and orders pages (page_title: front matter, heading, file name)."""
    home: list[NavItem] = []
    if (docs / "index.md").is_file():
        home.append("index.md")
    for p in sorted(docs.glob("*.md"), key=lambda p: title(p).lower()):
        if p.name != "index.md" and p.name not in HEADER_PAGES:
            home.append({title(p): p.name})
    for section in HOME_SECTIONS:
        if (docs / section).is_dir():
            children = _folder(docs, docs / section, title=title)
            if children:
                home.append({folder_title(section): children})
    nav: list[NavItem] = [{"Home": home}] if home else []
    nav += [{label: name} for name, label in HEADER_PAGES.items() if (docs / name).is_file()]
    for tab in TABS:
        folder = docs / tab
        if not folder.is_dir():
            continue
        only = SYSTEMS if tab == "systems" else GROUPS.get(tab)
        children = _folder(docs, folder, only=only, title=title)
        if any(not isinstance(child, str) for child in children):  # a tab appears once it has pages
            nav.append({folder_title(tab): children})
    return nav


def nav_paths(nav: list[NavItem]) -> set[str]:
    out: set[str] = set()
    for item in nav:
        if isinstance(item, str):
            out.add(item)
        else:
            for value in item.values():
                out |= nav_paths(value) if isinstance(value, list) else {value}
    return out


def reached_pages(docs: Path) -> set[str]:
    """Pages the nav reaches. Titles only label and order entries, so they are not read here."""
    return nav_paths(build_nav(docs, title=lambda p: p.stem))
