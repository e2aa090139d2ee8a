"""The one-line verdict every report ends with (the table, markdown, HTML)."""

from __future__ import annotations

from pathlib import Path

from builders import para, run, write_docx

from tma_check.api import check_file
from tma_check.report.common import verdict_text
from tma_check.rubric import load_rubric


def bold(text: str) -> str:
    return para(run(text, "<w:b/>"))


def words(n: int) -> str:
    return " ".join(["word"] * n)


def checked(tmp_path: Path, body: str, rubric: str) -> tuple[str, str]:
    doc = write_docx(tmp_path / "a.docx", body)
    path = tmp_path / "r.yaml"
    path.write_text(rubric, encoding="utf-8")
    result = check_file(doc, load_rubric(path))
    return verdict_text(result), verdict_text(result, short=True)


def test_questions_within_over_and_without_a_limit(tmp_path: Path) -> None:
    body = "".join(
        para(f"Q{n}) Question {n}.") + para(words(c)) for n, c in [(1, 9), (2, 12), (3, 5)]
    )
    long, short = checked(
        tmp_path,
        body,
        "leeway: 10\nexclude: [question-text]\nquestions:\n"
        "  - {id: Q1, match: '^Q1\\)', limit: 10}\n"
        "  - {id: Q2, match: '^Q2\\)', limit: 10}\n"
        "  - {id: Q3, match: '^Q3\\)'}\n",
    )
    assert (
        long
        == "1 question within its limit; Q2 2 words over, beyond the 10% leeway; Q3 has no limit"
    )
    assert short == "1 within its limit; Q2 2 over, beyond 10% leeway; Q3 no limit"


def test_a_part_over_its_limit_keeps_its_question_out_of_the_within_count(
    tmp_path: Path,
) -> None:
    body = bold("Q1) Question one.") + bold("(a) Part a.") + para(words(8)) + bold("(b) Part b.")
    body += para(words(3)) + bold("Q2) Question two.") + para(words(4))
    long, _ = checked(
        tmp_path,
        body,
        "exclude: [question-text]\nquestions:\n"
        "  - {id: Q1, match: '^Q1\\)', parts: [{id: a, limit: 5}, {id: b, limit: 5}]}\n"
        "  - {id: Q2, match: '^Q2\\)', limit: 10}\n",
    )
    assert long.startswith("1 question within its limit; Q1 part a 3 words over")
    assert "no limit" not in long  # Q1's parts have limits: it is checked


def test_the_whole_document_and_the_questions_total(tmp_path: Path) -> None:
    long, short = checked(tmp_path, para(words(50)), "limit: 60\n")
    assert (long, short) == ("the document is within its limit", "within the limit")
    long, _ = checked(tmp_path, para(words(50)), "limit: 40\nminimum: 10\n")
    assert long == "the document is 10 words over, with no leeway"
    body = para("Q1) One.") + para(words(30)) + para("Q2) Two.") + para(words(30))
    long, _ = checked(
        tmp_path,
        body,
        "limit: 50\nexclude: [question-text]\nquestions:\n"
        "  - {id: Q1, match: '^Q1\\)', limit: 40}\n  - {id: Q2, match: '^Q2\\)', limit: 40}\n",
    )
    assert long == "all 2 questions within their limits; the total is 10 words over"
