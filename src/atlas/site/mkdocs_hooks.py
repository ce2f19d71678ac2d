"""MkDocs hooks for `mkdocs serve` (and a plain `mkdocs build`) on the repository's mkdocs.yml: they
only call the site's steps. on_config runs atlas.site.generate into .build/ and points MkDocs at it
(docs_dir, derived nav, the original tree watched for changes); on_post_build runs atlas.site.finish.
`atlas site build` runs the same steps around either engine without these hooks."""

from __future__ import annotations

import logging
from pathlib import Path

from atlas.site.finish import finish
from atlas.site.generate import generate

log = logging.getLogger("mkdocs.plugins.atlas")
_BUILD: dict[str, Path] = {}


def on_config(config, **kwargs):
    root = Path(config["config_file_path"]).resolve().parent
    result = generate(root)
    for warning in result.warnings:
        log.warning("atlas: %s", warning)
    config["docs_dir"] = str(result.docs)
    config["nav"] = result.nav
    if str(root / "docs") not in config["watch"]:
        config["watch"].append(str(root / "docs"))
    _BUILD["dir"] = result.out
    return config


def on_post_build(config, **kwargs):
    finish(Path(config["site_dir"]), _BUILD["dir"])
