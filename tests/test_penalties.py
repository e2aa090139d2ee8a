"""Penalty bands: each policy the presets cite, worked by hand, and how reports show them.

Every case is an essay of N words against a 1,000-word limit, so "percent
over" is (N - 1000) / 10 and each boundary can be checked word by word.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from builders import para, write_docx
from click.testing import CliRunner

from tma_check.cli import cli
from tma_check.model import PenaltyBand
from tma_check.penalty import assess, penalty_text

LIMIT = 1000


def essay(tmp_path: Path, words: int) -> Path:
    """An essay of exactly ``words`` words: one paragraph of "word word ..."."""
    return write_docx(tmp_path / f"essay{words}.docx", para(" ".join(["word"] * words)))


def rubric(tmp_path: Path, preset: str, limit: int = LIMIT) -> Path:
    path = tmp_path / f"{preset}-{limit}.yaml"
    path.write_text(f"title: Essay\nextends: {preset}\nlimit: {limit}\n", encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def json_penalty(tmp_path: Path, preset: str, words: int) -> str | None:
    code, out, _ = invoke(
        "check",
        str(essay(tmp_path, words)),
        "-r",
        str(rubric(tmp_path, preset)),
        "--format",
        "json",
    )
    assert code in (0, 1), out
    (question,) = json.loads(out)["files"][0]["questions"]
    penalty = question["penalty"]
    return None if penalty is None else str(penalty["text"])


# Warwick WMG: 10% allowed; 10-30% over loses 10 points; over 30% capped at a pass (50).
WARWICK = [
    (1000, None),
    (1100, None),  # exactly 10% over: the leeway
    (1101, "-10 marks"),
    (1300, "-10 marks"),  # exactly 30% over: still the 10-30% band
    (1301, "mark capped at 50"),
    (2500, "mark capped at 50"),
]

# York St John: up to 10% noted only; 10-24% -5; 25-49% -15; over 50% capped (at 40).
YORK = [
    (1100, None),
    (1101, "-5 marks"),
    (1240, "-5 marks"),  # 24% over
    (1241, "-15 marks"),  # 24.1% over: the 25-49% band
    (1250, "-15 marks"),
    (1490, "-15 marks"),
    (1500, "-15 marks"),  # exactly 50%: not yet "over 50%"
    (1501, "mark capped at 40"),
]

# Auckland Law: 5% allowed; -5 marks per further 10% over (or part of it).
AUCKLAND = [
    (1050, None),
    (1051, "-5 marks"),  # 5.1% over: the first further step begun
    (1150, "-5 marks"),  # 15%: one full step
    (1151, "-10 marks"),  # 15.1%: a second step begun
    (1250, "-10 marks"),
    (1251, "-15 marks"),
    (1950, "-45 marks"),  # 95% over: 90% beyond the 5%, nine steps
]


@pytest.mark.parametrize(
    ("preset", "words", "expected"),
    [("warwick-wmg", w, e) for w, e in WARWICK]
    + [("york-st-john", w, e) for w, e in YORK]
    + [("auckland-law", w, e) for w, e in AUCKLAND],
)
def test_each_preset_policy_worked_by_hand(
    tmp_path: Path, preset: str, words: int, expected: str | None
) -> None:
    assert json_penalty(tmp_path, preset, words) == expected


def test_a_percentage_of_the_mark_per_further_step_never_passes_100() -> None:
    bands = (PenaltyBand(over=0, percent=30, per=5),)
    assert assess(1000, LIMIT, bands) is None  # at the limit: nothing
    first = assess(1001, LIMIT, bands)
    assert first is not None and penalty_text(first) == "-30% of the mark"
    second = assess(1051, LIMIT, bands)  # 5.1% over: a second step
    assert second is not None and penalty_text(second) == "-60% of the mark"
    most = assess(3000, LIMIT, bands)
    assert most is not None and most.percent == 100


def test_the_penalty_is_in_every_report(tmp_path: Path) -> None:
    doc, path = essay(tmp_path, 1200), rubric(tmp_path, "warwick-wmg")
    code, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "plain")
    assert code == 1
    assert (
        f"{doc}: Document: error: over limit by 200 words (20.0%), beyond the 10% leeway; "
        "penalty: 10 marks deducted (more than 10% over)"
    ) in out.splitlines()
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "csv")
    (row,) = [r for r in csv.DictReader(io.StringIO(out)) if r["question"] == "Document"]
    assert (row["penalty_marks"], row["penalty_percent"], row["mark_cap"]) == ("10", "", "")
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "json")
    (question,) = json.loads(out)["files"][0]["questions"]
    assert question["penalty"] == {
        "over_percent": 20.0,
        "marks": 10.0,
        "percent_of_mark": 0.0,
        "cap": None,
        "text": "-10 marks",
    }
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "markdown")
    assert "| -10 marks | **FAIL** |" in out
    assert "**Verdict:** the document is 200 words over, beyond the 10% leeway (-10 marks)" in out


def test_per_step_penalties_say_how_they_were_reached(tmp_path: Path) -> None:
    doc, path = essay(tmp_path, 1151), rubric(tmp_path, "auckland-law")
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "plain")
    assert (
        "penalty: 10 marks deducted (more than 5% over, 5 marks for each further 10% or part of it)"
    ) in out


def test_a_question_may_set_its_own_bands_or_none(tmp_path: Path) -> None:
    doc = write_docx(
        tmp_path / "tma.docx",
        para("Q1) First.")
        + para(" ".join(["one"] * 15))
        + para("Q2) Second.")
        + para(" ".join(["two"] * 15)),
    )
    path = tmp_path / "r.yaml"
    path.write_text(
        "exclude: [question-text]\n"
        "penalties: [{over: 0, deduct: 3}]\n"
        "questions:\n"
        "  - {id: Q1, match: '^Q1\\)', limit: 10}\n"
        "  - {id: Q2, match: '^Q2\\)', limit: 10, penalties: []}\n",
        encoding="utf-8",
    )
    _, out, _ = invoke("check", str(doc), "-r", str(path), "--format", "json")
    questions = json.loads(out)["files"][0]["questions"]
    assert [q["penalty"] and q["penalty"]["text"] for q in questions] == ["-3 marks", None]


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        (
            "[{over: 10, deduct: 5, cap: 40}]",
            "penalties[0]: a band gives one of deduct, deduct_percent or cap (this gives deduct "
            "and cap)",
        ),
        ("[{over: 10}]", "penalties[0]: a band gives one of deduct, deduct_percent or cap"),
        (
            "[{over: 10, cap: 40, per: 10}]",
            "penalties[0].per: per repeats a deduction for each further step over; a cap is "
            "not repeated",
        ),
        (
            "[{over: 30, deduct: 5}, {over: 10, deduct: 10}]",
            "penalties[1].over: bands go from the least over to the most: over 10 comes after "
            "over 30",
        ),
        ("[{over: 10, deduct: 5, marks: 3}]", "penalties[0].marks: unknown key 'marks'"),
        ("[{over: -1, deduct: 5}]", "penalties[0].over: must be at least 0, not -1"),
        (
            "[{over: 1, deduct_percent: 120}]",
            "penalties[0].deduct_percent: must be at most 100, not 120",
        ),
    ],
)
def test_bad_bands_are_rubric_errors_with_their_line(
    tmp_path: Path, bands: str, message: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(f"title: T\nlimit: 100\npenalties: {bands}\n", encoding="utf-8")
    code, report, _ = invoke("rubric", "validate", str(path))  # the errors are the report
    assert code == 2
    assert f"{path}:3: {message}" in report


def test_rubric_show_writes_the_bands_back(tmp_path: Path) -> None:
    code, out, _ = invoke("rubric", "show", "york-st-john")
    assert code == 0
    assert "penalties:" in out
    assert "  - {over: 24, deduct: 15}" in out
    assert "  - {over: 50, cap: 40}" in out
