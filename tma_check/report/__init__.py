"""Reporters by name. ``auto`` is a table on a terminal and plain lines otherwise.

Each reporter is imported only when it is used, so that rich is not loaded
for plain or JSON output.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tma_check.measure import DocumentCount
from tma_check.model import FileResult
from tma_check.report.common import CountError

FORMATS = ("auto", "table", "plain", "json")


@dataclass(frozen=True)
class Style:
    """How to render: the chosen format and terminal details."""

    format: str = "auto"
    color: bool = False
    width: int | None = None
    quiet: bool = False
    is_terminal: bool = False

    def resolved(self) -> str:
        if self.format != "auto":
            return self.format
        return "table" if self.is_terminal else "plain"


def render_check(results: Sequence[FileResult], style: Style) -> str:
    name = style.resolved()
    if name == "json":
        from tma_check.report import jsonout

        return jsonout.render_check(results)
    if name == "table":
        from tma_check.report import terminal

        return terminal.render_check(results, color=style.color, width=style.width)
    from tma_check.report import plain

    return plain.render_check(results, quiet=style.quiet)


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    name = style.resolved()
    if name == "json":
        from tma_check.report import jsonout

        return jsonout.render_count(rows)
    if name == "table":
        from tma_check.report import terminal

        return terminal.render_count(rows, color=style.color, width=style.width)
    from tma_check.report import plain

    return plain.render_count(rows)


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    name = style.resolved()
    if name == "json":
        from tma_check.report import jsonout

        return jsonout.render_check([result])
    if name == "table":
        from tma_check.report import terminal

        return terminal.render_explain(result, question, color=style.color, width=style.width)
    from tma_check.report import explain

    return explain.render_plain(result, question)


__all__ = ["FORMATS", "CountError", "Style", "render_check", "render_count", "render_explain"]
