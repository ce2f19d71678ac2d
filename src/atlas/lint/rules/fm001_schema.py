from pydantic import ValidationError

from ...model import PageMeta
from ..rule import Rule


class FrontMatterSchema(Rule):
    code = "FM001"
    name = "front-matter-schema"
    summary = "Front matter must follow the page contract (specs/page-schema.json)."
    applies_to = "catalogued"
    rationale = ("Front matter is the single source of truth for metadata: nav, indexes, search, status "
                 "tracking and the incident response index are all generated from it.")
    good = ("---\ntitle: Kafka consumer lag keeps growing\ncategory: debugging\nsummary: From a rising lag "
            "alert to the slow partition.\ntechnologies: [Kafka 3.6]\nsymptoms: [...]\nerror_signatures: [...]\n"
            "sources: [...]\nversion: '1.0'\nreview: {status: up_to_date, last_reviewed: 2026-11-01}\n---")
    bad = "---\ntitle: Kafka lag\ncategory: debuging\nversion: 1.0\n---"

    def check(self, page, ctx):
        if not page.meta_lines and not page.meta:
            yield self.at(page, 1, "page has no front matter: start it with '---', the contract's fields, '---'")
            return
        try:
            PageMeta.model_validate(page.meta)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(x) for x in err["loc"]]
                key = loc[0] if loc else ""
                nested = f"{key}[{loc[1]}]" if len(loc) > 1 and loc[1].isdigit() else ".".join(loc[:2])
                line = page.meta_lines.get(nested) or page.line_of(key)
                where = ".".join(loc) or "front matter"
                msg = err["msg"]
                if key == "version" and isinstance(page.meta.get("version"), float):
                    msg = "must be a quoted 'Major.Minor' string (YAML reads 1.10 as the number 1.1)"
                elif err["type"] == "missing":
                    msg = "is required"
                elif err["type"] == "extra_forbidden":
                    msg = "is not a field of the page contract"
                elif err["type"] == "literal_error":
                    msg = f"{msg} (got {err.get('input')!r})"
                yield self.at(page, line, f"front matter `{where}` {msg}")


RULE = FrontMatterSchema()
