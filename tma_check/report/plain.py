"""One line per finding, ``path: where: severity: message``, then a summary line.

``where`` is a question (or part, or a section such as ``references``), or
``file`` for what is about the file as a whole (it cannot be read, no limit
could be applied, how the rubric was chosen). The severity is ``error`` (over
beyond the leeway, missing, not checked, not readable), ``warning`` (over
within the leeway, under a minimum, a declared count that differs, ...),
``ok``, or ``note`` for what is only information. So every line of a check
matches ``^(.+?): (.+?): (error|warning|ok|note): (.*)$`` but the summary.
This is the default when output is piped; ``--quiet`` keeps only errors and
warnings and drops the summary.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.amounts import words_text
from tma_check.model import DocumentCount, FileResult, Finding, Measurement, Severity
from tma_check.report.common import (
    FILE,
    CountError,
    Style,
    error_line,
    part_name,
    severity_word,
    summary_text,
)
from tma_check.textsafe import visible


def render_check(results: Sequence[FileResult], style: Style) -> str:
    lines: list[str] = []
    for result in results:
        lines += file_lines(result, style.quiet)
    if not style.quiet and any(result.error is None for result in results):
        lines.append(summary_text(results))  # a file that cannot be read alone: its one line
    return "".join(visible(line) + "\n" for line in lines)


def file_lines(result: FileResult, quiet: bool = False) -> list[str]:
    """``path: where: severity: message`` for each finding about one document."""
    path = result.path
    if result.error is not None:
        return [error_line(path, result.error)]
    lines = [] if quiet else [f"{path}: {FILE}: note: {notice}" for notice in result.notices]
    if result.unchecked is not None:
        lines.append(f"{path}: {FILE}: error: not checked: {result.unchecked}")
    for word, finding in _findings(result):
        if finding.severity is not Severity.INFO or not quiet:
            lines.append(f"{path}: {finding.where}: {word}: {finding.message}")
    if not quiet:
        lines += [
            f"{path}: {m.section.id}: note: {_section(m)}"
            for m in result.others
            if m.section.kind != "unknown"  # reported as a finding already
        ]
    return lines


def _findings(result: FileResult) -> list[tuple[str, Finding]]:
    """Each finding with its severity word: a question's verdict is ``ok`` only where a
    limit (or minimum) was applied; with none it is a ``note``."""
    found: list[tuple[str, Finding]] = []
    for q in result.all_questions():
        checked = q.spec.limit is not None or q.spec.minimum is not None
        for f in q.findings:
            found.append((severity_word(f.severity, checked and q.spec.count), f))
    if result.total is not None:
        found += [(severity_word(f.severity), f) for f in result.total.findings]
    found += [(severity_word(f.severity, False), f) for f in result.findings]
    return found


def _section(measurement: Measurement) -> str:
    left_out = measurement.excluded_words
    shown = f", {left_out:,} left out" if left_out else ""
    return f"{words_text(measurement.total)}{shown} (no question)"


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    lines = []
    for row in rows:
        if isinstance(row, CountError):
            lines.append(error_line(row.path, row.message))
            continue
        parts = ", ".join(f"{part_name(name)} {words:,}" for name, words in row.parts if words)
        cached = "" if row.cached_words is None else f"; the file says {row.cached_words:,}"
        lines.append(f"{row.path}: {row.words:,} words ({parts or 'empty'}){cached}")
    return "".join(visible(line) + "\n" for line in lines)


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    from tma_check.report.explain import render_plain

    return render_plain(result, question)
