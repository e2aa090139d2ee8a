"""Comma-separated values for a spreadsheet: one row per file and question.

A tutor checking a batch of scripts gets one table: a row for every question
(and each of its parts, kind ``part``) of every file, a ``total`` row when the
document has a limit or a declared count of its own, then a row for each
part of the file that belongs to no
question (front matter, a final reference list, a heading the rubric does not
know), and a row per document-wide finding or notice. A file that cannot be
read is a single row with its error in ``message``. Numbers are plain
(``1517``, ``95.5``), so a spreadsheet can sum and sort them. Text that a
spreadsheet would take for a formula (it starts with ``=``, ``+``, ``-`` or
``@``) gets a leading apostrophe, since file names come from students, and a
control character in it is written as an escape (``\\x1b``), as in every report.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from tma_check.amounts import percent
from tma_check.model import (
    DOCUMENT_PARTS,
    DocumentCount,
    FileResult,
    Measurement,
    Penalty,
    QuestionResult,
)
from tma_check.report.common import STATUS_TEXT, CountError, Style, qualified_rows
from tma_check.textsafe import visible

CHECK_COLUMNS = (
    "path",
    "file_status",
    "question",
    "kind",
    "marks",
    "limit",
    "leeway",
    "minimum",
    "counted",
    "total",
    "excluded",
    "excluded_by",
    "declared",
    "percent_of_limit",
    "word_share",
    "mark_share",
    "penalty_marks",
    "penalty_percent",
    "mark_cap",
    "status",
    "message",
)
COUNT_COLUMNS = ("path", "words", *DOCUMENT_PARTS, "cached_words", "error")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, str | float | None]


def _cell(value: str | float | None) -> str:
    if isinstance(value, str):
        value = visible(value)  # a control character in a file name reaches no terminal
        return "'" + value if value.startswith(_FORMULA_START) else value
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _table(header: Sequence[str], rows: Iterable[Row]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, restval="", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def _measured(m: Measurement) -> Row:
    return {
        "counted": m.counted,
        "total": m.total,
        "excluded": m.excluded_words,
        "excluded_by": "; ".join(f"{rule} {words}" for rule, words in m.excluded),
        "declared": m.declared,
    }


def _penalty(penalty: Penalty | None) -> Row:
    """A penalty as numbers a spreadsheet can add up: marks off, percent off, a cap."""
    if penalty is None:
        return {}
    return {
        "penalty_marks": penalty.marks or None,
        "penalty_percent": penalty.percent or None,
        "mark_cap": penalty.cap,
    }


def _question_row(q: QuestionResult, kind: str = "question", name: str = "") -> Row:
    m, spec = q.measurement, q.spec
    row: Row = {"question": name or q.id, "kind": kind, "marks": spec.marks, "limit": spec.limit}
    row.update(leeway=q.leeway, minimum=spec.minimum, status=STATUS_TEXT[q.status])
    if m is not None:
        row.update(_measured(m))
        if spec.limit and spec.count:
            row["percent_of_limit"] = f"{percent(m.counted, spec.limit):.1f}"
    if q.share is not None:
        row.update(word_share=f"{q.share.words:.1f}", mark_share=f"{q.share.marks:.1f}")
    row.update(_penalty(q.penalty))
    row["message"] = "; ".join(f.message for f in q.findings)
    return row


def check_rows(result: FileResult) -> list[Row]:
    """The rows of one file, keyed by the names in ``CHECK_COLUMNS``."""
    if result.error is not None:
        rows: list[Row] = [{"status": STATUS_TEXT[result.status], "message": result.error}]
    else:
        tops = {id(q) for q in result.questions}
        rows = [
            _question_row(q, "question" if id(q) in tops else "part", name)
            for name, q in qualified_rows(result)
        ]
        if result.total is not None:
            total = result.total
            rows.append(
                {
                    "question": "total",
                    "kind": "total",
                    "limit": total.limit,
                    "leeway": total.leeway,
                    "minimum": total.minimum,
                    "counted": total.counted,
                    "declared": total.declared,
                    **_penalty(total.penalty),
                    "status": STATUS_TEXT[total.status],
                    "message": "; ".join(f.message for f in total.findings),
                }
            )
        if result.unchecked is not None:
            rows.append({"kind": "not checked", "message": result.unchecked})
        unknown = iter(f for f in result.findings if f.code == "unknown-section")
        for m in result.others:
            row: Row = {"question": m.section.id, "kind": m.section.kind, **_measured(m)}
            finding = next(unknown, None) if m.section.kind == "unknown" else None
            rows.append(row if finding is None else {**row, "message": finding.message})
        rows += [
            {"kind": finding.where, "message": finding.message}
            for finding in result.findings
            if finding.code != "unknown-section"
        ]
        rows += [{"kind": "notice", "message": notice} for notice in result.notices]
    return [{"path": result.path, "file_status": STATUS_TEXT[result.status], **row} for row in rows]


def render_check(results: Sequence[FileResult], style: Style) -> str:
    return _table(CHECK_COLUMNS, (row for result in results for row in check_rows(result)))


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    table: list[Row] = []
    for row in rows:
        if isinstance(row, CountError):
            table.append({"path": row.path, "error": row.message})
        else:
            parts = dict(row.parts)
            table.append({"path": row.path, "words": row.words, "cached_words": row.cached_words})
            table[-1].update({name: parts.get(name) for name in DOCUMENT_PARTS})
    return _table(COUNT_COLUMNS, table)
