"""GitHub-flavoured Markdown: a table per file, to paste into a message or forum post.

Each file gets a heading, the same table as the terminal (a row per question,
a row per part of the file that belongs to no question, a totals row) and its
findings as a bullet list. Text from the document or the rubric is escaped so
that a ``|`` or a ``*`` in it cannot break the table or start emphasis.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.model import DOCUMENT_PARTS, DocumentCount, FileResult, QuestionResult, Status
from tma_check.penalty import penalty_text
from tma_check.report.common import (
    STATUS_TEXT,
    CountError,
    Style,
    counted_text,
    excluded_text,
    limit_text,
    marks_text,
    percent_of_limit,
    problems,
    question_rows,
    section_label,
    share_text,
    total_limit_text,
    unchecked_text,
    verdict_text,
    whole_file_text,
)
from tma_check.textsafe import visible

HEADER = ("Question", "Marks", "Limit", "Counted", "Excluded", "Declared", "% of limit", "Status")
ALIGN = ("---", "--:", "--:", "--:", "---", "--:", "--:", "---")
_SPECIAL = "\\`*_[]<>|#~"


def escape(text: str) -> str:
    """``text`` safe inside a table cell: markup characters escaped, one line."""
    text = "".join("\\" + char if char in _SPECIAL else char for char in visible(text, lines=True))
    return " ".join(text.split())


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def _status(status: Status) -> str:
    text = STATUS_TEXT[status]
    return f"**{text}**" if status.rank >= Status.MISSING.rank else text


def _table(result: FileResult) -> list[str]:
    shares = any(q.share is not None for q in result.questions)
    penalties = bool(result.penalties())
    extra = (["Words / marks"] if shares else []) + (["Penalty"] if penalties else [])
    rows = [
        _row([*HEADER[:-1], *extra, HEADER[-1]]),
        _row([*ALIGN[:-1], *(["--:"] * len(extra)), ALIGN[-1]]),
    ]

    def more(q: QuestionResult | None) -> list[str]:
        cells = []
        if shares:
            cells.append("" if q is None else share_text(q.share))
        if penalties:
            cells.append("" if q is None or q.penalty is None else penalty_text(q.penalty))
        return cells

    for depth, q in question_rows(result):
        m = q.measurement
        counted = counted_text(q)
        declared = "-" if m is None or m.declared is None else f"{m.declared:,}"
        rows.append(
            _row(
                [
                    ("&nbsp;&nbsp;" * depth) + escape(q.id),
                    marks_text(q.spec.marks),
                    limit_text(q),
                    counted,
                    escape(excluded_text(m)),
                    declared,
                    percent_of_limit(q),
                    *more(q),
                    _status(q.status),
                ]
            )
        )
    for m in result.others:
        declared = "" if m.declared is None else f"{m.declared:,}"
        label = f"*{escape(section_label(m))}*"
        excluded = escape(excluded_text(m))
        rows.append(
            _row([label, "", "", f"{m.counted:,}", excluded, declared, "", *more(None), "-"])
        )
    marks = sum(q.spec.marks or 0 for q in result.questions)
    total = sum(q.counted or 0 for q in result.questions)
    whole = result.total
    totals = [  # limits are not summed: a question with no limit would skew the comparison
        "**Total**",
        marks_text(marks) if any(q.spec.marks for q in result.questions) else "",
        "" if whole is None else total_limit_text(whole),
        f"**{total:,}**",
        "",
        "" if whole is None or whole.declared is None else f"{whole.declared:,}",
        "",
        *more(None),
        f"**{STATUS_TEXT[result.status]}**",
    ]
    if penalties and whole is not None and whole.penalty is not None:
        totals[-2] = penalty_text(whole.penalty)
    rows.append(_row(totals))
    return rows


def _findings(result: FileResult) -> list[str]:
    lines = []
    unchecked = unchecked_text(result)
    if unchecked is not None:
        lines.append(f"- **{escape(unchecked)}**")
    for finding in problems(result):
        if finding in result.findings:
            lines.append(f"- {escape(finding.message)}")
        else:
            lines.append(f"- **{escape(finding.where)}**: {escape(finding.message)}")
    lines += [f"- {escape(notice)}" for notice in result.notices]
    return lines


def _file(result: FileResult) -> list[str]:
    title = f"### {escape(result.path)}"
    if result.error is not None:
        return [title, "", f"**{STATUS_TEXT[result.status]}**: {escape(result.error)}"]
    if result.rubric is not None:
        title += f" ({escape(result.rubric.title)})"
    out = [title, "", *_table(result), "", f"**Verdict:** {escape(verdict_text(result))}"]
    findings = _findings(result)
    if findings:
        out += ["", *findings]
    whole = whole_file_text(result)
    if whole is not None:
        out += ["", whole]
    return out


def render_check(results: Sequence[FileResult], style: Style) -> str:
    blocks = ["\n".join(_file(result)) for result in results]
    return "\n\n".join(blocks) + ("\n" if blocks else "")


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    parts = DOCUMENT_PARTS
    header = ["File", "Words", "Body", "Tables", "Text boxes", "Footnotes", "Endnotes", "File says"]
    out = [_row(header), _row(["---"] + ["--:"] * 7)]
    for row in rows:
        if isinstance(row, CountError):
            out.append(_row([escape(row.path), "**error**", escape(row.message)] + [""] * 5))
            continue
        counts = dict(row.parts)
        cached = "-" if row.cached_words is None else f"{row.cached_words:,}"
        numbers = [f"{counts.get(name, 0):,}" for name in parts]
        out.append(_row([escape(row.path), f"**{row.words:,}**", *numbers, cached]))
    return "\n".join(out) + "\n"
