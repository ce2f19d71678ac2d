"""A capacity model's calculator on the page: the `calculator:` front matter as data in a container that
docs/javascripts/calculator.js turns into a form (atlas.calculator is the same language in Python).
The container goes right after the page's worked example (the section whose heading starts with
"Worked example"), else at the end of the page."""

from __future__ import annotations

import html
import json
import re

FIELDS = {"inputs": ("name", "label", "unit", "default", "min", "max", "step"),
          "outputs": ("name", "label", "unit", "formula", "decimals")}
_H2 = re.compile(r"^## ", re.M)
_WORKED = re.compile(r"^##+ Worked example", re.M | re.I)


def calculator_block(calculator: dict) -> str:
    model = {part: [{k: item[k] for k in keys if item.get(k) is not None}
                    for item in calculator.get(part) or [] if isinstance(item, dict)]
             for part, keys in FIELDS.items()}
    data = html.escape(json.dumps(model, ensure_ascii=False, separators=(",", ":")), quote=True)
    return (f'<div class="atlas-calculator" data-calculator="{data}">'
            '<p class="atlas-calculator__title">Calculator: the worked example with your numbers</p>'
            '<noscript>The calculator needs JavaScript; the worked example above shows the same model.</noscript>'
            "</div>\n")


def with_calculator(markdown: str, meta: dict) -> str:
    calculator = meta.get("calculator")
    if not isinstance(calculator, dict):
        return markdown
    block = "\n" + calculator_block(calculator) + "\n"
    worked = _WORKED.search(markdown)
    if worked:
        after = _H2.search(markdown, worked.end())
        at = after.start() if after else len(markdown)
    else:
        at = len(markdown)
    return markdown[:at].rstrip("\n") + "\n" + block + markdown[at:]
