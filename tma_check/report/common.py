"""Wording shared by every reporter, so all formats say the same thing."""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.amounts import percent_text
from tma_check.model import (
    WHOLE_DOCUMENT,
    FileResult,
    Finding,
    Measurement,
    QuestionResult,
    Severity,
    Share,
    Status,
    TotalResult,
)
from tma_check.penalty import penalty_text
from tma_check.record import record

STATUS_TEXT = {
    Status.OK: "ok",
    Status.OVER: "over",
    Status.FAIL: "FAIL",
    Status.UNDER: "under",
    Status.MISSING: "MISSING",
    Status.UNCHECKED: "NOT CHECKED",
    Status.ERROR: "ERROR",
}


SEVERITY_WORD = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "ok"}


def severity_word(severity: Severity, checked: bool = True) -> str:
    """ "error", "warning", "ok"; information about something no limit applies to is
    a "note"."""
    return SEVERITY_WORD[severity] if checked or severity is not Severity.INFO else "note"


@record
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


@record
class CountError:
    """A file ``count`` could not read."""

    path: str
    message: str


PART_NAMES = {
    "body": "body",
    "tables": "tables",
    "textboxes": "text boxes",
    "footnotes": "footnotes",
    "endnotes": "endnotes",
}


def part_name(part: str) -> str:
    """A part of the document as the reports name it: "textboxes" -> "text boxes"."""
    return PART_NAMES.get(part, part)


def limit_text(result: QuestionResult) -> str:
    spec = result.spec
    if spec.limit is None:
        return "-"
    text = f"{spec.limit:,}"
    if result.leeway:
        text += f" +{result.leeway:g}%"
    return text


def counted_text(result: QuestionResult) -> str:
    """The counted words; in brackets for a question with ``count: false``."""
    m = result.measurement
    if m is None:
        return "-"
    return f"{m.counted:,}" if result.spec.count else f"({m.counted:,})"


def whole_file_text(result: FileResult) -> str | None:
    """ "Whole file: 1,638 words as Word counts them (the file's own cached count: ...)." """
    if result.words is None:
        return None
    text = f"Whole file: {result.words:,} words as Word counts them"
    if result.cached_words is not None:
        text += f" (the file's own cached count: {result.cached_words:,})"
    return text + "."


def marks_text(marks: float | None) -> str:
    return "-" if marks is None else f"{marks:g}"


def percent_of_limit(result: QuestionResult) -> str:
    counted = result.counted
    if counted is None or result.spec.limit is None:
        return "-"
    return percent_text(counted, result.spec.limit)


def reasons(measurement: Measurement, top: int = 3) -> list[str]:
    """The biggest reasons words were left out, "question-text 23", biggest first."""
    ranked = sorted(measurement.excluded, key=lambda item: -item[1])
    shown = [f"{rule} {count:,}" for rule, count in ranked[:top]]
    if len(ranked) > top:
        shown.append(f"+{len(ranked) - top} more rules")
    return shown


def excluded_text(measurement: Measurement | None, top: int = 3, sep: str = ", ") -> str:
    """ "41: question-text 23, appendix-pointers 18" with the biggest reasons."""
    if measurement is None:
        return "-"
    if not measurement.excluded_words:
        return "0"
    return f"{measurement.excluded_words:,}: {sep.join(reasons(measurement, top))}"


def problems(result: FileResult) -> list[Finding]:
    """Findings worth a line under ``--quiet``: everything but plain ok."""
    return [f for f in all_findings(result) if f.severity is not Severity.INFO]


def all_findings(result: FileResult) -> list[Finding]:
    """Every finding: each question's (its parts' after it), the total's, the file's."""
    found = [f for q in result.all_questions() for f in q.findings]
    if result.total is not None:
        found += list(result.total.findings)
    return found + list(result.findings)


def question_rows(result: FileResult) -> list[tuple[int, QuestionResult]]:
    """Each question with its depth: 0 for a question, 1 for its parts, 2 below."""
    out: list[tuple[int, QuestionResult]] = []

    def add(q: QuestionResult, depth: int) -> None:
        out.append((depth, q))
        for part in q.parts:
            add(part, depth + 1)

    for q in result.questions:
        add(q, 0)
    return out


def qualified_rows(result: FileResult) -> list[tuple[str, QuestionResult]]:
    """Each question and part with a name that stands on its own: "Q1", "Q1 part a"."""
    out: list[tuple[str, QuestionResult]] = []

    def add(q: QuestionResult, parent: str) -> None:
        name = q.id if not parent or q.id.startswith(parent) else f"{parent} part {q.id}"
        out.append((name, q))
        for part in q.parts:
            add(part, name)

    for q in result.questions:
        add(q, "")
    return out


def indented(depth: int, ident: str) -> str:
    """A part's id under its question: "  └ Q2a"."""
    return ident if depth == 0 else "  " * (depth - 1) + "└ " + ident


def total_limit_text(total: TotalResult) -> str:
    if total.limit is None:
        return "" if total.minimum is None else f"≥{total.minimum:,}"
    text = f"{total.limit:,}"
    if total.leeway:
        text += f" +{total.leeway:g}%"
    return text


def unchecked_text(result: FileResult) -> str | None:
    """ "Not checked: ..." when no limit at all could be applied."""
    return None if result.unchecked is None else f"Not checked: {result.unchecked}"


def section_label(measurement: Measurement) -> str:
    section = measurement.section
    if section.kind == "unknown":
        return f"(not in rubric) {section.title[:30]}"
    return section.id


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def tally(results: Sequence[FileResult]) -> tuple[int, int, int]:
    """Questions (parts not counted apart), errors and warnings over a set of results.

    An unreadable file and a check in which no limit could be applied are one
    error each.
    """
    questions = errors = warnings = 0
    for result in results:
        if result.error is not None:
            errors += 1
            continue
        questions += len(result.questions)
        errors += result.unchecked is not None
        for finding in all_findings(result):
            errors += finding.severity is Severity.ERROR
            warnings += finding.severity is Severity.WARNING
    return questions, errors, warnings


def summary_text(results: Sequence[FileResult]) -> str:
    """ "2 files, 7 questions: 1 error, 2 warnings" (ruff's "Found 3 errors")."""
    questions, errors, warnings = tally(results)
    counted = f"{_plural(len(results), 'file')}, {_plural(questions, 'question')}"
    return f"{counted}: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}"


def share_text(share: Share | None) -> str:
    """A question's share of the words against its share of the marks: "14% / 10%"."""
    if share is None:
        return "-"
    return f"{share.words:.0f}% / {share.marks:.0f}%"


def _limited(q: QuestionResult) -> bool:
    """Whether a limit (or minimum) applies to ``q`` or to one of its parts."""
    own = q.spec.limit is not None or q.spec.minimum is not None
    return q.spec.count and (own or any(_limited(part) for part in q.parts))


def _clear(q: QuestionResult) -> bool:
    """Within every limit: the question and each of its parts."""
    return all(r.status is Status.OK for r in q.walk())


def _words(number: int) -> str:
    return _plural(number, "word")


def problem_text(q: QuestionResult, short: bool = False) -> str:
    """What is wrong with a question: "57 words over, beyond the 10% leeway" (``short``:
    "57 over, beyond 10% leeway")."""
    counted, spec = q.counted or 0, q.spec
    if q.status is Status.MISSING:
        return "missing"
    if q.status is Status.UNDER and spec.minimum is not None:
        under = spec.minimum - counted
        return f"{under:,} under its minimum" if short else f"{_words(under)} under its minimum"
    if q.status in (Status.OVER, Status.FAIL) and spec.limit is not None:
        over = f"{counted - spec.limit:,}" if short else _words(counted - spec.limit)
        the = "" if short else "the "
        if q.status is Status.OVER:
            return f"{over} over, within {the}{q.leeway:g}% leeway"
        if q.leeway:
            return f"{over} over, beyond {the}{q.leeway:g}% leeway"
        return f"{over} over, with no leeway"
    return STATUS_TEXT[q.status]


def _total_problem(total: TotalResult, short: bool) -> str | None:
    """What is wrong with the questions' total, or None."""
    if not total.status.is_problem:
        return None
    if total.limit is not None and total.counted > total.limit:
        over = total.counted - total.limit
        text = f"the total is {over:,} over" if short else f"the total is {_words(over)} over"
    elif total.minimum is not None and total.counted < total.minimum:
        under = total.counted - total.minimum
        text = f"the total is {-under:,} under its minimum"
    else:
        return None
    if total.penalty is not None:
        text += f" ({penalty_text(total.penalty)})"
    return text


def verdict_text(result: FileResult, short: bool = False) -> str:
    """The file in one line: "2 questions within their limits; Q3 57 words over, beyond
    the 10% leeway (-10 marks); Part B has no limit". ``short`` says the same in fewer
    characters ("2 within limits; Q3 57 over, beyond 10% leeway (-10 marks); Part B no
    limit"), for a narrow terminal."""
    if result.error is not None:
        return f"not read: {result.error}"
    if result.unchecked is not None:
        return f"not checked: {result.unchecked}"
    tops = result.questions
    pieces: list[str] = []
    within = [q for q in tops if _clear(q) and _limited(q)]
    whole = len(tops) == 1 and tops[0].id == WHOLE_DOCUMENT
    if whole and within:
        return "within the limit" if short else "the document is within its limit"
    if within and not whole:
        every = "all " if len(within) == len(tops) and len(tops) > 1 else ""
        if short:
            pieces.append(
                f"{every}{len(within)} within {'its limit' if len(within) == 1 else 'limits'}"
            )
        else:
            noun = "question" if len(within) == 1 else "questions"
            whose = "its limit" if len(within) == 1 else "their limits"
            pieces.append(f"{every}{len(within)} {noun} within {whose}")
    for name, q in qualified_rows(result):
        if q.status.is_problem:
            subject = ("the document is" if not short else "") if whole else name
            text = " ".join(part for part in (subject, problem_text(q, short)) if part)
            if q.penalty is not None:
                text += f" ({penalty_text(q.penalty)})"
            pieces.append(text)
    if result.total is not None:
        total = _total_problem(result.total, short)
        if total is not None:
            pieces.append(total)
    unlimited = [q for q in tops if not _limited(q) and q.status is Status.OK]
    if unlimited and len(unlimited) < len(tops):
        names = " and ".join(q.id for q in unlimited)
        if len(unlimited) > 2:
            pieces.append(f"{len(unlimited)} with no limit")
        elif short:
            pieces.append(f"{names} no limit")
        else:
            pieces.append(f"{names} {'has' if len(unlimited) == 1 else 'have'} no limit")
    return "; ".join(pieces) if pieces else "nothing to check"


FILE = "file"  # where a finding about the file as a whole is, in plain lines


def error_line(path: str, message: str) -> str:
    """The line for a file that cannot be read, in every command's plain output."""
    return f"{path}: {FILE}: error: {message}"


def count_summary_text(rows: Sequence[object]) -> str:
    """ "2 files: 1 error": the files ``count`` was given and how many could not be read."""
    errors = sum(isinstance(row, CountError) for row in rows)
    return f"{_plural(len(rows), 'file')}: {_plural(errors, 'error')}"
