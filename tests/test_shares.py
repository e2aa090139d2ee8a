"""Each question's share of the words against its share of the marks."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from builders import para, write_docx
from click.testing import CliRunner

from tma_check.cli import cli


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def three_answers(tmp_path: Path, words: tuple[int, int, int]) -> Path:
    body = ""
    for number, count in enumerate(words, start=1):
        body += para(f"Q{number}) Question {number}.") + para(" ".join(["word"] * count))
    return write_docx(tmp_path / "tma.docx", body)


def rubric(tmp_path: Path, extra: str = "", limits: tuple[str, str, str] = ("", "", "")) -> Path:
    path = tmp_path / "r.yaml"
    questions = "".join(
        f"  - {{id: Q{n}, match: '^Q{n}\\)', marks: {marks}{limit}}}\n"
        for n, marks, limit in zip((1, 2, 3), (10, 30, 60), limits, strict=True)
    )
    path.write_text(
        f"{extra}limit: 2000\nexclude: [question-text]\nquestions:\n{questions}", encoding="utf-8"
    )
    return path


def plain(tmp_path: Path, doc: Path, path: Path) -> list[str]:
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "plain")
    return out.splitlines()


def test_a_question_far_from_its_share_of_the_marks_is_a_warning(tmp_path: Path) -> None:
    # 300, 300 and 400 words: 30%, 30%, 40% of the words for 10%, 30%, 60% of the marks.
    doc = three_answers(tmp_path, (300, 300, 400))
    lines = plain(tmp_path, doc, rubric(tmp_path))
    assert f"{doc}: Q1: warning: has 30% of the words but carries 10% of the marks" in lines
    assert f"{doc}: Q3: warning: has 40% of the words but carries 60% of the marks" in lines
    assert not any(line.startswith(f"{doc}: Q2: warning") for line in lines)
    assert lines[-1] == "1 file, 3 questions: 0 errors, 2 warnings"


def test_the_tolerance_is_a_rubric_setting(tmp_path: Path) -> None:
    doc = three_answers(tmp_path, (300, 300, 400))
    lines = plain(tmp_path, doc, rubric(tmp_path, "share_tolerance: 20\n"))
    assert lines[-1] == "1 file, 3 questions: 0 errors, 0 warnings"  # 20 points is not beyond 20
    lines = plain(tmp_path, doc, rubric(tmp_path, "share_tolerance: 19.5\n"))
    assert lines[-1] == "1 file, 3 questions: 0 errors, 2 warnings"


def test_a_question_with_its_own_limit_is_held_to_that_instead(tmp_path: Path) -> None:
    doc = three_answers(tmp_path, (300, 300, 400))
    path = rubric(tmp_path, limits=(", limit: 300", "", ""))
    lines = plain(tmp_path, doc, path)
    assert not any("Q1: warning" in line for line in lines)
    assert f"{doc}: Q3: warning: has 40% of the words but carries 60% of the marks" in lines


def test_a_short_draft_is_not_judged_on_its_balance(tmp_path: Path) -> None:
    doc = three_answers(tmp_path, (30, 30, 39))  # 99 words
    lines = plain(tmp_path, doc, rubric(tmp_path))
    assert lines[-1] == "1 file, 3 questions: 0 errors, 0 warnings"


def test_shares_in_json_and_csv(tmp_path: Path) -> None:
    doc = three_answers(tmp_path, (300, 300, 400))
    path = rubric(tmp_path)
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "json")
    shares = [q["share"] for q in json.loads(out)["files"][0]["questions"]]
    assert shares == [
        {"words": 30.0, "marks": 10.0},
        {"words": 30.0, "marks": 30.0},
        {"words": 40.0, "marks": 60.0},
    ]
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "csv")
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "question"]
    assert [(r["word_share"], r["mark_share"]) for r in rows] == [
        ("30.0", "10.0"),
        ("30.0", "30.0"),
        ("40.0", "60.0"),
    ]


def test_no_shares_without_two_questions_that_carry_marks(tmp_path: Path) -> None:
    doc = three_answers(tmp_path, (300, 300, 400))
    path = tmp_path / "one.yaml"
    path.write_text(
        "exclude: [question-text]\nquestions:\n"
        "  - {id: Q1, match: '^Q1\\)', marks: 10, limit: 500}\n"
        "  - {id: Q2, match: '^Q2\\)', limit: 500}\n"
        "  - {id: Q3, match: '^Q3\\)', limit: 500}\n",
        encoding="utf-8",
    )
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "json")
    assert [q["share"] for q in json.loads(out)["files"][0]["questions"]] == [None, None, None]
