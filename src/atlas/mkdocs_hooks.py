"""MkDocs hooks (mkdocs.yml `hooks:`): derive the nav from the tree, keep pages small, serve vendor
files ourselves."""

from __future__ import annotations

from pathlib import Path

from atlas.indexes import expand
from atlas.mermaid_worker import find_node_modules
from atlas.nav import build_nav
from atlas.site import collapse_whitespace, copy_vendor


def on_config(config, **kwargs):
    config["nav"] = build_nav(Path(config["docs_dir"]))
    return config


def on_page_markdown(markdown, page, config, **kwargs):
    return expand(markdown, Path(config["docs_dir"]), page.file.src_uri)  # generated index tables


def on_post_page(output, page, config, **kwargs):
    return collapse_whitespace(output)  # template indentation: ~30 % of a page (see BENCHMARKS.md)


def on_post_build(config, **kwargs):
    copy_vendor(find_node_modules(Path(config["config_file_path"]).parent), Path(config["site_dir"]))
