"""MkDocs hooks (mkdocs.yml `hooks:`): derive the nav from the tree, serve vendor files ourselves."""

from __future__ import annotations

from pathlib import Path

from atlas.mermaid_worker import find_node_modules
from atlas.nav import build_nav
from atlas.site import copy_vendor


def on_config(config, **kwargs):
    config["nav"] = build_nav(Path(config["docs_dir"]))
    return config


def on_post_build(config, **kwargs):
    copy_vendor(find_node_modules(Path(config["config_file_path"]).parent), Path(config["site_dir"]))
