"""Status, versioning, review and source discovery: the plan's weekly workflow commands.

The front matter is the single source of truth; everything here is derived from it, the page
bodies, the specs and git history. Modules, by what they do:

- `paths`     where the site root, the docs and the data files are; which files are pages
- `safety`    atomic writes and the one lock that serialises writers
- `gitlog`    the few facts read from git: when files were added, when a spec last changed
- `specs`     which spec governs which pages (read from specs/README.md)
- `derive`    a page's review status and review priority, from its front matter and body
- `edit`      rewriting only `version` and `review` in a page's front matter, byte-for-byte elsewhere
- `scan`      every page's derived status, counts, velocity: one Snapshot
- `dashboard` the Snapshot in the terminal (rich); `statuspage` the same numbers as the site's /status/
- `export`    the Snapshot as JSON, CSV and Markdown reports
- `review`    compliance scores from the lint rules, fix suggestions, mechanical fixes
- `progress`  weekly progress against the catalog; `discovery` the weekly research checklist
- `impact`    which pages a spec change governs
"""
