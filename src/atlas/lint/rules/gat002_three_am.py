from ...catalog import ERROR_SIGNATURES_REQUIRED, GATE_3AM, gates_for, needs_symptoms
from ..context import group_of, place
from ..rule import Rule


class ThreeAmSignals(Rule):
    code = "GAT002"
    name = "three-am-signals"
    summary = "3 AM pages list symptoms (and, for debugging, exact error strings) and quote each error string in the body."
    applies_to = "catalogued"
    rationale = ("On-call engineers search with what they see: the alert, the log line. `symptoms` and "
                 "`error_signatures` feed the incident response index and search; quoting each signature "
                 "verbatim in the page lets the reader confirm the match.")
    good = ("error_signatures:\n  - 'FATAL: sorry, too many clients already'\n...\n"
            "Postgres logs `FATAL: sorry, too many clients already` when ...")
    bad = "error_signatures: []   (a debugging guide with no error strings)"

    def check(self, page, ctx):
        category, kind = place(page)
        if GATE_3AM not in gates_for(category, kind, group_of(page)) and not needs_symptoms(category, kind):
            return
        if needs_symptoms(category, kind) and not page.meta.get("symptoms"):
            yield self.at(page, page.line_of("symptoms"), "3 AM gate: list `symptoms` as on-call sees them")
        signatures = page.meta.get("error_signatures") or []
        if not isinstance(signatures, list):
            return  # FM001 reports the type
        if category in ERROR_SIGNATURES_REQUIRED and not signatures:
            yield self.at(page, page.line_of("error_signatures"), "3 AM gate: list the exact `error_signatures` "
                                                                  "(strings from logs, alerts, CLIs)")
        for i, sig in enumerate(signatures):
            if isinstance(sig, str) and sig.strip() and sig.strip() not in page.body:
                yield self.at(page, page.line_of(f"error_signatures[{i}]"),
                              f"error signature {sig.strip()!r} is not quoted verbatim in the page body")


RULE = ThreeAmSignals()
