"""What a lint rule is. Each rule lives in its own module under atlas.lint.rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Iterator, Literal

if TYPE_CHECKING:
    from ..pages import Diagram, Page
    from .context import LintContext

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = "error"

    def text(self) -> str:
        return f"{self.path}:{self.line}:{self.col} {self.code} {self.message}"


class Rule:
    """A small check with a stable code. Subclasses set the class attributes and `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    rationale: ClassVar[str]
    good: ClassVar[str]  # a page (or fragment) that passes
    bad: ClassVar[str]  # a page (or fragment) that fails
    # Which pages: "all" Markdown pages, or only "catalogued" ones (under a category, not index.md).
    applies_to: ClassVar[Literal["all", "catalogued"]] = "all"

    def check(self, page: "Page", ctx: "LintContext") -> Iterator[Diagnostic]:
        raise NotImplementedError

    def at(self, page: "Page", line: int | None, message: str, col: int = 1) -> Diagnostic:
        return Diagnostic(str(page.path), line or 1, col, self.code, message, self.severity)

    def in_diagram(self, page: "Page", diagram: "Diagram", line_in_diagram: int | None, message: str) -> Diagnostic:
        """A diagnostic at a line inside a diagram (1-based within its source)."""
        line = diagram.line + max((line_in_diagram or 1) - 1, 0)
        return self.at(page, line, message)


@dataclass
class RuleDoc:
    code: str
    name: str
    summary: str
    severity: str
    rationale: str
    good: str
    bad: str
    extra: dict = field(default_factory=dict)
