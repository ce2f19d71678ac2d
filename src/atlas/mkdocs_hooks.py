"""MkDocs hooks (mkdocs.yml `hooks:`): derive the nav from the tree, generate indexes from front matter,
keep pages small, serve vendor files ourselves, build the search index."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File

from atlas.generated import expand, generated_pages, has_marker
from atlas.mermaid_worker import find_node_modules
from atlas.nav import build_nav
from atlas.search import build_index, indexable, mark_body, with_signals
from atlas.site import collapse_whitespace, copy_vendor


def on_config(config, **kwargs):
    config["nav"] = build_nav(Path(config["docs_dir"]))
    return config


def on_files(files, config, **kwargs):
    for src_uri, markdown in generated_pages(Path(config["docs_dir"])).items():  # /technologies/<slug>/
        if files.get_file_from_path(src_uri) is None:
            files.append(File.generated(config, src_uri, content=markdown))
    return files


def on_page_markdown(markdown, page, config, **kwargs):
    page.meta["atlas_index"] = has_marker(markdown)
    markdown = expand(markdown, Path(config["docs_dir"]), page.file.src_uri)  # generated index tables
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
