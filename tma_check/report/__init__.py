"""Reporters by name. ``auto`` is a table on a terminal and plain lines otherwise.

Each reporter is a module with ``render_check(results, style)`` and, where it
makes sense, ``render_count(rows, style)`` and ``render_explain(result,
question, style)``. A reporter is imported only when it is used, so that rich
is not loaded for plain or JSON output.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

from tma_check.errors import UsageError
from tma_check.model import DocumentCount, FileResult
from tma_check.record import replace
from tma_check.report.common import CountError, Style

# format name -> module in this package
REPORTERS = {
    "table": "terminal",
    "plain": "plain",
    "json": "jsonout",
    "csv": "csvout",
    "markdown": "markdown",
    "github": "github",
    "html": "html",
}
FORMATS = ("auto", *REPORTERS)


def _reporter(style: Style, function: str, command: str) -> ModuleType:
    name = style.resolved()
    module = importlib.import_module(f"tma_check.report.{REPORTERS[name]}")
    if not hasattr(module, function):
        raise UsageError("--format", f"{name} output is not available for {command}")
    return module


def render_check(results: Sequence[FileResult], style: Style) -> str:
    return str(_reporter(style, "render_check", "check").render_check(results, style))


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    return str(_reporter(style, "render_count", "count").render_count(rows, style))


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    if style.resolved() == "json":
        if question is not None:
            chosen = tuple(
                q for q in result.all_questions() if q.id.casefold() == question.casefold()
            )
            result = replace(result, questions=chosen)
        return render_check([result], style)
    return str(
        _reporter(style, "render_explain", "explain").render_explain(result, question, style)
    )


__all__ = [
    "FORMATS",
    "REPORTERS",
    "CountError",
    "Style",
    "render_check",
    "render_count",
    "render_explain",
]
