"""MkDocs hooks (mkdocs.yml `hooks:`): derive the nav from the tree; generate the /status/ page, the
technology pages and the index tables from front matter; keep pages small; serve vendor files
ourselves; build the search index."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.structure.files import File

from atlas.generated import expand, generated_pages, has_marker
from atlas.mermaid_worker import find_node_modules
from atlas.nav import build_nav
from atlas.provenance import with_provenance
from atlas.search import build_index, indexable, mark_body, with_signals
from atlas.site import collapse_whitespace, copy_vendor
from atlas.status.statuspage import STATUS_PAGE, status_page_markdown

log = logging.getLogger("mkdocs.plugins.atlas")


def on_config(config, **kwargs):
    nav = build_nav(Path(config["docs_dir"]))
    status = {"Status": STATUS_PAGE}
    if nav and isinstance(nav[0], dict) and "Home" in nav[0]:
        nav[0]["Home"].append(status)
    else:
        nav.insert(0, {"Home": [status]})
    config["nav"] = nav
    return config


def on_files(files, config, **kwargs):
    """/status/ is computed from the tree on every build (and every `mkdocs serve` rebuild): the same
    numbers as `atlas status --dashboard`, never a file someone edits."""
    root = Path(config["docs_dir"]).resolve().parent  # the site root, even for a config INHERITed elsewhere
    try:
        content = status_page_markdown(root)
    except Exception as exc:  # a broken status scan must not take the other 900 pages down with it
        log.warning("atlas: the status page could not be computed: %s", exc)
        content = f"# Status\n\nThe status could not be computed when the site was built: `{exc}`.\n"
    existing = files.get_file_from_path(STATUS_PAGE)
    if existing is not None:
        log.warning("atlas: docs/%s is replaced by the generated status page; delete it", STATUS_PAGE)
        files.remove(existing)
    files.append(File.generated(config, STATUS_PAGE, content=content))
    for src_uri, markdown in generated_pages(Path(config["docs_dir"])).items():  # /technologies/<slug>/
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=markdown))
    return files


def on_page_markdown(markdown, page, config, **kwargs):
    page.meta["atlas_index"] = has_marker(markdown)
    markdown = expand(markdown, Path(config["docs_dir"]), page.file.src_uri)  # generated index tables
    markdown = with_provenance(markdown, page.meta or {})  # not-applicable gate elements, the Sources list
    return with_signals(markdown, page.meta or {})  # on-call signals under the title, weighted in search


def on_post_page(output, page, config, **kwargs):
    output = collapse_whitespace(output)  # template indentation: ~30 % of a page (see BENCHMARKS.md)
    if indexable(page.file.generated_by is not None, bool(page.meta.get("atlas_index"))):
        output = mark_body(output)  # Pagefind indexes this page's article
    return output


def on_post_build(config, **kwargs):
    node_modules = find_node_modules(Path(config["config_file_path"]).parent)
    copy_vendor(node_modules, Path(config["site_dir"]))
    build_index(Path(config["site_dir"]), node_modules)  # site/pagefind/: the search index
