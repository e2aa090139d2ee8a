"""Turn measurements into verdicts: ok, over (within leeway), fail, under, missing.

* ``fail``: more words than the limit plus the leeway;
* ``over``: more than the limit but within the leeway (a warning);
* ``under``: fewer than the question's ``minimum`` (a warning);
* ``missing``: the rubric lists the question, the document lacks it;
* ``ok``: otherwise, and always for a question with no limit or with
  ``count: false``.

A declared count that differs from tma-check's by more than the rubric's
``declared_tolerance`` (percent, at least two words) is a warning, and so is a
section under a heading the rubric does not know.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tma_check.exitcodes import ExitCode
from tma_check.model import (
    FileResult,
    Finding,
    Measurement,
    QuestionResult,
    QuestionSpec,
    Rubric,
    Severity,
    Status,
)
from tma_check.split import Split


def verdict(counted: int, spec: QuestionSpec, leeway: float) -> Status:
    if spec.limit is not None:
        if counted * 100 > spec.limit * (100 + leeway):
            return Status.FAIL
        if counted > spec.limit:
            return Status.OVER
    if spec.minimum is not None and counted < spec.minimum:
        return Status.UNDER
    return Status.OK


def words_text(number: int) -> str:
    return f"{number:,} word" if number == 1 else f"{number:,} words"


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "-"


def describe(spec: QuestionSpec, status: Status, counted: int, leeway: float) -> str:
    """The one-line message for a question's verdict."""
    limit = spec.limit
    if status is Status.FAIL and limit is not None:
        over = counted - limit
        by = f"{words_text(over)} ({_percent(over, limit)})"
        if not leeway:
            return f"over limit by {by}; no leeway is allowed"
        return f"over limit by {by}, beyond the {leeway:g}% leeway"
    if status is Status.OVER and limit is not None:
        over = counted - limit
        share = _percent(over, limit)
        return f"over limit by {words_text(over)} ({share}), within {leeway:g}% leeway"
    if status is Status.UNDER and spec.minimum is not None:
        short = spec.minimum - counted
        least = f"{counted:,} of at least {spec.minimum:,}"
        return f"under the minimum by {words_text(short)} ({least})"
    if not spec.count:
        return f"{words_text(counted)}, not counted toward any limit"
    if limit is None:
        return f"{words_text(counted)} (no limit)"
    return f"{counted:,} of {limit:,} words ({_percent(counted, limit)})"


def _declared_finding(
    spec: QuestionSpec, measurement: Measurement, tolerance: float
) -> Finding | None:
    declared = measurement.declared
    if declared is None:
        return None
    counted = measurement.counted
    allowed = max(2, math.ceil(counted * tolerance / 100))
    if abs(declared - counted) <= allowed:
        return None
    return Finding(
        spec.id,
        Severity.WARNING,
        "declared-mismatch",
        f"you declared {declared:,}, tma-check counts {counted:,}",
    )


def check_question(
    spec: QuestionSpec, measurement: Measurement | None, rubric: Rubric, hint: str = ""
) -> QuestionResult:
    leeway = rubric.leeway_for(spec)
    if measurement is None:
        if spec.match:
            message = f"not found in the document: no paragraph matches the pattern {spec.match}"
        else:
            message = f"not found in the document: no heading starts with {spec.id!r}"
        if hint:
            message += f"; did you mean {hint!r}?"
        finding = Finding(spec.id, Severity.ERROR, "missing", message)
        return QuestionResult(spec, Status.MISSING, None, leeway, (finding,))
    status = verdict(measurement.counted, spec, leeway) if spec.count else Status.OK
    severity = {Status.FAIL: Severity.ERROR, Status.OK: Severity.INFO}.get(status, Severity.WARNING)
    findings = [
        Finding(
            spec.id, severity, status.value, describe(spec, status, measurement.counted, leeway)
        )
    ]
    declared = _declared_finding(spec, measurement, rubric.declared_tolerance)
    if declared is not None:
        findings.append(declared)
    return QuestionResult(spec, status, measurement, leeway, tuple(findings))


def check(
    path: str,
    rubric: Rubric,
    parts: Split,
    measurements: Sequence[Measurement],
    words: int | None = None,
    cached_words: int | None = None,
    notices: Sequence[str] = (),
) -> FileResult:
    """The verdict on one document: every question of ``rubric`` in order."""
    by_id = {m.section.id: m for m in measurements if m.section.kind == "question"}
    hints = dict(parts.hints)
    questions = tuple(
        check_question(spec, by_id.get(spec.id), rubric, hints.get(spec.id, ""))
        for spec in rubric.questions
    )
    others = tuple(m for m in measurements if m.section.kind != "question")
    findings = [
        Finding(
            question,
            Severity.WARNING,
            "repeated-question",
            f"heading {heading!r} starts {question} again; its words are counted in {counted_in}",
        )
        for question, heading, counted_in in parts.repeats
    ]
    findings += [
        Finding(
            "document",
            Severity.WARNING,
            "unknown-section",
            f"heading {m.section.title[:60]!r} is not in the rubric: its {words_text(m.counted)} "
            "count toward no question",
        )
        for m in others
        if m.section.kind == "unknown"
    ]
    status = max((q.status for q in questions), key=lambda s: s.rank, default=Status.OK)
    return FileResult(
        path=path,
        status=status,
        rubric=rubric,
        questions=questions,
        others=others,
        findings=tuple(findings),
        words=words,
        cached_words=cached_words,
        notices=tuple(notices),
    )


def exit_code(results: Sequence[FileResult], strict: bool = False) -> ExitCode:
    """0 all within limits, 1 a question failed or is missing, 2 a file could not be read.

    With ``strict``, warnings (over within the leeway, under the minimum, a
    declared count that differs, a section the rubric lacks) also give 1.
    """
    code = ExitCode.OK
    for result in results:
        if result.status is Status.ERROR:
            return ExitCode.ERROR
        if result.status in (Status.FAIL, Status.MISSING) or (
            strict
            and (
                result.status.is_problem
                or any(
                    f.severity is not Severity.INFO for q in result.questions for f in q.findings
                )
                or result.findings
            )
        ):
            code = ExitCode.FAILED
    return code
