"""One line per finding: ``path: where: message``. Used when output is piped."""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.check import words_text
from tma_check.model import DocumentCount, FileResult
from tma_check.report.common import CountError, Style, all_findings, problems
from tma_check.textsafe import visible


def render_check(results: Sequence[FileResult], style: Style) -> str:
    quiet = style.quiet
    lines: list[str] = []
    for result in results:
        if result.error is not None:
            lines.append(f"{result.path}: error: {result.error}")
            continue
        lines += [f"{result.path}: note: {notice}" for notice in result.notices]
        if result.unchecked is not None:
            lines.append(f"{result.path}: not checked: {result.unchecked}")
        findings = problems(result) if quiet else all_findings(result)
        for finding in findings:
            lines.append(f"{result.path}: {finding.where}: {finding.message}")
        if not quiet:
            for measurement in result.others:
                section = measurement.section
                if section.kind == "unknown":
                    continue
                left_out = (
                    f", {measurement.excluded_words:,} left out"
                    if measurement.excluded_words
                    else ""
                )
                total = f"{words_text(measurement.total)}{left_out}"
                lines.append(f"{result.path}: {section.id}: {total} (no question)")
    return "".join(visible(line) + "\n" for line in lines)


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    lines = []
    for row in rows:
        if isinstance(row, CountError):
            lines.append(f"{row.path}: error: {row.message}")
            continue
        parts = ", ".join(f"{name} {words:,}" for name, words in row.parts if words)
        cached = "" if row.cached_words is None else f"; the file says {row.cached_words:,}"
        lines.append(f"{row.path}: {row.words:,} words ({parts or 'empty'}){cached}")
    return "".join(visible(line) + "\n" for line in lines)


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    from tma_check.report.explain import render_plain

    return render_plain(result, question)
