"""The site: everything that turns the docs tree into the published atlas, for any engine.

It owns the derived navigation (nav), the pages generated from front matter (markers: the index tables,
technologies, the 3 AM index in response_index, /status/ from atlas.status), what the build adds to each
written page (provenance: the not-applicable gate elements and the Sources list; search: the on-call
signals block), the Mermaid fence (fence), the engine-neutral build steps (generate: docs tree -> build
folder with a ready engine config; finish: built HTML -> served site, with Pagefind's index), the offline
check (offline) and the static server and Chromium settings the tests and benches share (server).

MkDocs + Material and Zensical both build from what `generate` writes; mkdocs_hooks only calls it.
Imports run one way: atlas.commands -> atlas.site -> the core (atlas.catalog, pages, model, entries, ...);
the site reads atlas.status only for the status page."""
