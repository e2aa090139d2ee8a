"""GitHub Actions workflow commands: an annotation per problem, a summary per file.

``::error`` for a question over its limit beyond the leeway, a missing
question or a file that cannot be read; ``::warning`` for the rest (over
within the leeway, under a minimum, a declared count that differs, a heading
the rubric does not know); then one ``::notice`` per file summing it up. A
workflow step that runs ``tma-check check --format github`` shows them on the
run's summary page. Values are escaped as the Actions toolkit does.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.model import DocumentCount, FileResult, QuestionResult, Severity
from tma_check.report.common import STATUS_TEXT, CountError, Style, part_name
from tma_check.textsafe import visible

TITLE = "tma-check"
LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """As the Actions toolkit escapes a command's data; other control characters shown."""
    escaped = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return visible(escaped, lines=True)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, path: str, title: str, message: str) -> str:
    """One workflow command: ``::level file=PATH,title=TITLE::MESSAGE``."""
    properties = f"file={escape_property(path)},title={escape_property(title)}"
    return f"::{level} {properties}::{escape_data(message)}"


def _brief(q: QuestionResult) -> str:
    m = q.measurement
    if m is None:
        return f"{q.id} {STATUS_TEXT[q.status]}"
    if not q.spec.count:
        return f"{q.id} {m.counted:,} (not counted)"
    limit = "" if q.spec.limit is None else f"/{q.spec.limit:,}"
    return f"{q.id} {m.counted:,}{limit} {STATUS_TEXT[q.status]}"


def _summary(result: FileResult) -> str:
    if result.error is not None:
        return f"{result.path}: {STATUS_TEXT[result.status]}, could not be read"
    counted = sum(q.counted or 0 for q in result.questions)
    text = f"{result.path}: {STATUS_TEXT[result.status]}; "
    text += ", ".join(_brief(q) for q in result.questions)
    text += f"; {counted:,} words counted toward the questions"
    if result.words is not None:
        text += f" of {result.words:,} in the whole file"
    return text


def file_lines(result: FileResult) -> list[str]:
    path = result.path
    if result.error is not None:
        lines = [command("error", path, TITLE, f"{path}: {result.error}")]
    else:
        lines = []
        if result.unchecked is not None:
            lines.append(command("error", path, TITLE, f"not checked: {result.unchecked}"))
        lines += [
            command(LEVEL[f.severity], path, f"{TITLE} {q.id}", f"{q.id}: {f.message}")
            for q in result.all_questions()
            for f in q.findings
            if f.severity is not Severity.INFO
        ]
        if result.total is not None:
            lines += [
                command(LEVEL[f.severity], path, f"{TITLE} total", f"total: {f.message}")
                for f in result.total.findings
                if f.severity is not Severity.INFO
            ]
        lines += [command(LEVEL[f.severity], path, TITLE, f.message) for f in result.findings]
        lines += [command("notice", path, TITLE, notice) for notice in result.notices]
    lines.append(command("notice", path, f"{TITLE} summary", _summary(result)))
    return lines


def render_check(results: Sequence[FileResult], style: Style) -> str:
    lines = [line for result in results for line in file_lines(result)]
    return "\n".join(lines) + ("\n" if lines else "")


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    lines = []
    for row in rows:
        if isinstance(row, CountError):
            lines.append(command("error", row.path, TITLE, f"{row.path}: {row.message}"))
            continue
        parts = ", ".join(f"{part_name(name)} {words:,}" for name, words in row.parts if words)
        message = f"{row.path}: {row.words:,} words ({parts or 'empty'})"
        lines.append(command("notice", row.path, f"{TITLE} count", message))
    return "\n".join(lines) + ("\n" if lines else "")
