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

A question's parts are checked the same way, each against its own limit.
A rubric without questions checks the whole document against its ``limit``
and ``minimum``; with questions, those apply to the questions' total, and so
does a count declared for the whole document. A check in which no limit at
all could be applied is *unchecked*: it passes nothing, and exits 2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from tma_check.amounts import percent_text, words_text
from tma_check.exitcodes import ExitCode
from tma_check.model import (
    WHOLE_DOCUMENT,
    FileResult,
    Finding,
    Measurement,
    QuestionResult,
    QuestionSpec,
    Rubric,
    Section,
    Severity,
    Share,
    Status,
    TotalResult,
)
from tma_check.penalty import assess, penalty_message
from tma_check.record import replace
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


_percent = percent_text


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
    if limit is None and spec.minimum is not None:
        return f"{counted:,} words, at least {spec.minimum:,} asked (no upper limit)"
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


PartMeasures = dict[tuple[str, ...], Measurement]  # keyed by the ids from the question down


def spec_parent(where: str, part_id: str) -> str:
    """The question a part's findings name it under ("Q1 part a" -> "Q1")."""
    suffix = f" part {part_id}"
    return where[: -len(suffix)] if where.endswith(suffix) else "its question"


def _severity(status: Status) -> Severity:
    return {Status.FAIL: Severity.ERROR, Status.OK: Severity.INFO}.get(status, Severity.WARNING)


def check_question(
    spec: QuestionSpec,
    measurement: Measurement | None,
    rubric: Rubric,
    hint: str = "",
    parts: PartMeasures | None = None,
    leeway: float | None = None,
    where: str = "",
    path: tuple[str, ...] = (),
) -> QuestionResult:
    """The verdict on one question (or part), and on each of its parts."""
    path = (*path, spec.id)
    leeway = (rubric.leeway if leeway is None else leeway) if spec.leeway is None else spec.leeway
    name = where or spec.id
    if measurement is None:
        if spec.match:
            message = f"not found in the document: no paragraph matches the pattern {spec.match}"
        elif where:
            message = f"not found in {spec_parent(where, spec.id)}: no part labelled {spec.id!r}"
        else:
            message = f"not found in the document: no question labelled {spec.id!r}"
        if hint:
            message += f"; did you mean {hint!r}?"
        finding = Finding(name, Severity.ERROR, "missing", message)
        return QuestionResult(spec, Status.MISSING, None, leeway, (finding,))
    status = verdict(measurement.counted, spec, leeway) if spec.count else Status.OK
    penalty = None
    if spec.count and len(path) == 1:  # a question's parts roll up into its penalty
        penalty = assess(measurement.counted, spec.limit, rubric.penalties_for(spec))
    message = describe(spec, status, measurement.counted, leeway)
    if penalty is not None:
        message += f"; {penalty_message(penalty)}"
    findings = [Finding(name, _severity(status), status.value, message)]
    declared = _declared_finding(spec, measurement, rubric.declared_tolerance)
    if declared is not None:
        findings.append(replace(declared, where=name))
    part_results = tuple(
        check_question(
            part,
            (parts or {}).get((*path, part.id)),
            rubric,
            parts=parts,
            leeway=leeway,
            where=part.id if part.id.startswith(name) else f"{name} part {part.id}",
            path=path,
        )
        for part in spec.parts
    )
    return QuestionResult(
        spec, status, measurement, leeway, tuple(findings), part_results, penalty=penalty
    )


def whole_spec(rubric: Rubric) -> QuestionSpec:
    """The one question a rubric without questions checks: the whole document."""
    return QuestionSpec(WHOLE_DOCUMENT, limit=rubric.limit, minimum=rubric.minimum)


def _declared_total(
    questions: Sequence[QuestionResult], others: Sequence[Measurement], counted: int
) -> int | None:
    """The count a student declared for the whole document.

    It is declared outside the questions (on the cover sheet, before or after
    the references), or at the end of the last question when it is nearer
    the document's total than that question's own count.
    """
    for kind in ("front-matter", "references", "appendices"):
        for m in others:
            if m.section.kind == kind and m.declared is not None:
                return m.declared
    if len(questions) > 1:
        last = questions[-1].measurement
        if (
            last is not None
            and last.declared is not None
            and abs(last.declared - counted) < abs(last.declared - last.counted)
        ):
            return last.declared
    return None


def _total(
    rubric: Rubric, questions: Sequence[QuestionResult], others: Sequence[Measurement]
) -> TotalResult | None:
    counted = sum(q.counted or 0 for q in questions)
    declared = _declared_total(questions, others, counted)
    if rubric.limit is None and rubric.minimum is None and declared is None:
        return None
    spec = whole_spec(rubric)
    status = verdict(counted, spec, rubric.leeway)
    findings = []
    penalty = assess(counted, rubric.limit, rubric.penalties)
    if rubric.limit is not None or rubric.minimum is not None:
        message = describe(spec, status, counted, rubric.leeway)
        if penalty is not None:
            message += f"; {penalty_message(penalty)}"
        findings.append(Finding("total", _severity(status), status.value, message))
    if declared is not None:
        total = Measurement(
            Section("question", "total", "", ()), counted, counted, declared=declared
        )
        mismatch = _declared_finding(spec, total, rubric.declared_tolerance)
        if mismatch is not None:
            findings.append(replace(mismatch, where="total"))
    return TotalResult(
        counted,
        rubric.limit,
        rubric.minimum,
        rubric.leeway,
        declared,
        status,
        tuple(findings),
        penalty,
    )


SHARE_FLOOR = 100  # words among the questions with marks before their balance is judged


def with_shares(
    questions: Sequence[QuestionResult], tolerance: float
) -> tuple[QuestionResult, ...]:
    """The questions, each that carries marks with its share of the words and of the marks.

    Shares are taken among the questions (not parts) that carry marks and were
    found and counted; there must be two or more. A question with no limit of its
    own whose share of the words is more than ``tolerance`` percentage points from
    its share of the marks gets a warning (a question with a limit is held to
    that: the limits say how the module wants the words spent). Below
    :data:`SHARE_FLOOR` words in all, a draft says nothing yet of its balance.
    """
    weighed = [q for q in questions if q.spec.marks and q.spec.count and q.measurement is not None]
    words = sum(q.counted or 0 for q in weighed)
    marks = sum(q.spec.marks or 0 for q in weighed)
    if len(weighed) < 2 or not words or not marks:
        return tuple(questions)
    out = []
    for q in questions:
        if q not in weighed:
            out.append(q)
            continue
        share = Share((q.counted or 0) * 100 / words, (q.spec.marks or 0) * 100 / marks)
        findings = q.findings
        if q.spec.limit is None and words >= SHARE_FLOOR and abs(share.gap) > tolerance:
            message = (
                f"has {share.words:.0f}% of the words but carries {share.marks:.0f}% of the marks"
            )
            findings += (Finding(q.id, Severity.WARNING, "share", message),)
        out.append(replace(q, share=share, findings=findings))
    return tuple(out)


def _limited(spec: QuestionSpec) -> bool:
    return spec.count and (
        spec.limit is not None or spec.minimum is not None or any(_limited(p) for p in spec.parts)
    )


def check(
    path: str,
    rubric: Rubric,
    parts: Split,
    measurements: Sequence[Measurement],
    words: int | None = None,
    cached_words: int | None = None,
    notices: Sequence[str] = (),
    part_measures: PartMeasures | None = None,
    unlimited: str = "",
) -> FileResult:
    """The verdict on one document: every question of ``rubric`` in order.

    ``unlimited`` is what to tell the user when no limit at all can be
    applied (the check is then *unchecked*, which is no pass).
    """
    by_id = {m.section.id: m for m in measurements if m.section.kind == "question"}
    hints = dict(parts.hints)
    specs = (whole_spec(rubric),) if rubric.whole else rubric.questions
    others = tuple(m for m in measurements if m.section.kind != "question")
    if rubric.whole and WHOLE_DOCUMENT in by_id and by_id[WHOLE_DOCUMENT].declared is None:
        declared = _declared_total((), others, by_id[WHOLE_DOCUMENT].counted)
        by_id[WHOLE_DOCUMENT] = replace(by_id[WHOLE_DOCUMENT], declared=declared)
    questions = tuple(
        check_question(spec, by_id.get(spec.id), rubric, hints.get(spec.id, ""), part_measures)
        for spec in specs
    )
    questions = with_shares(questions, rubric.share_tolerance)
    total = None if rubric.whole else _total(rubric, questions, others)
    findings = [
        Finding(
            question,
            Severity.WARNING,
            "repeated-question",
            f"{question} is written twice; the second time ({heading!r}) is kept apart as "
            f"{counted_in!r} and counts toward no question",
        )
        for question, heading, counted_in in parts.repeats
    ]
    findings += [
        Finding(
            "file",
            Severity.WARNING,
            "unknown-section",
            f"heading {m.section.title[:60]!r} is not in the rubric: its {words_text(m.counted)} "
            "count toward no question",
        )
        for m in others
        if m.section.kind == "unknown" and m.section.id not in {r[2] for r in parts.repeats}
    ]
    results = [r for q in questions for r in q.walk()]
    statuses = [r.status for r in results] + ([total.status] if total is not None else [])
    status = max(statuses, key=lambda s: s.rank, default=Status.OK)
    applied = any(_limited(r.spec) and r.measurement is not None for r in results) or (
        total is not None and (total.limit is not None or total.minimum is not None)
    )
    unchecked = None
    if not applied:
        found = any(r.measurement is not None for r in results)
        if not found and specs:
            unchecked = (
                "none of the rubric's questions was found in the document, so no limit was "
                "checked; is it the right --rubric?"
            )
        elif not any(_limited(r.spec) for r in results):  # (a limited one missing is MISSING)
            unchecked = unlimited or (
                "the rubric sets no word limit, so nothing was checked; "
                "give one with --limit N or in the rubric"
            )
    if unchecked is not None:
        status = max(status, Status.UNCHECKED, key=lambda s: s.rank)
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
        total=total,
        unchecked=unchecked,
    )


def exit_code(results: Sequence[FileResult], strict: bool = False) -> ExitCode:
    """0 all within limits, 1 a question failed or is missing, 2 a file could not be read.

    With ``strict``, warnings (over within the leeway, under the minimum, a
    declared count that differs, a section the rubric lacks) also give 1.
    """
    code = ExitCode.OK
    for result in results:
        if result.status is Status.ERROR or result.unchecked:
            return ExitCode.ERROR
        if result.status in (Status.FAIL, Status.MISSING) or (
            strict
            and (
                result.status.is_problem
                or any(
                    f.severity is not Severity.INFO
                    for q in result.all_questions()
                    for f in q.findings
                )
                or result.findings
                or (
                    result.total is not None
                    and any(f.severity is not Severity.INFO for f in result.total.findings)
                )
            )
        ):
            code = ExitCode.FAILED
    return code
