"""The terminal table at the widths terminals have: what a user sees at 60, 80 and 120 columns.

The example assignment (examples/tma02.docx) has a golden file at each width
(rewrite them with UPDATE_GOLDEN=1), and so do a batch summary and a count
table at 80. A harder document (parts, long ids, a missing question, a
penalty, a section the rubric does not know) must fit every width it is
given, with every number and status whole.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from builders import para, run, write_docx

from tma_check import record
from tma_check.api import check_file, count_file
from tma_check.model import DocumentCount, FileResult, Status
from tma_check.report import CountError, Style, render_check, render_count
from tma_check.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
WIDTHS = (60, 80, 120)


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def table(text: str) -> list[str]:
    """The table's rows: the lines between the rule under the header and the one above
    the total."""
    shown = lines(text)
    rules = [n for n, line in enumerate(shown) if line and set(line) == {"─"}]
    return shown[rules[0] + 1 : rules[1]]


@pytest.fixture(scope="module")
def example() -> FileResult:
    result = check_file(
        str(ROOT / "examples" / "tma02.docx"),
        load_rubric(str(ROOT / "rubrics" / "example-tma02.yaml")),
    )
    return record.replace(result, path="examples/tma02.docx")


def check(result: FileResult, width: int) -> str:
    return render_check([result], Style(format="table", width=width))


@pytest.mark.parametrize("width", WIDTHS)
def test_golden_example(example: FileResult, width: int) -> None:
    golden(f"table_example_{width}.txt", check(example, width))


def test_at_80_columns_a_question_is_a_line_and_nothing_that_matters_is_cut(
    example: FileResult,
) -> None:
    text = check(example, 80)
    assert lines(text)[:3] == [
        "examples/tma02.docx  (B123 Leadership in practice, TMA 02)",
        "Question     Marks    Limit Counted % limit Status Left out             Share",
        "─" * 77,
    ]
    assert table(text) == [
        "Q1              10 200 +10%     191   95.5% ok     49 question-text, … 14/10%",
        "Q2              50 600 +10%     637  106.2% over   86 question-text, … 48/50%",
        "Q3              30 300 +10%     268   89.3% ok     29 question-text, … 20/30%",
        "Part B          10        -     225       - ok     9 question-text     17/10%",
        "front matter                     11                0",
        "appendices                        0                52 appendices",
        "references                        0                81 reference-list",
    ]
    # what the cells abbreviate follows the table, then the findings, and last the verdict
    assert lines(text)[-9:] == [
        "Total          100            1,321         over",
        "  Left out  Q1  question-text 29, appendix-pointers 15, declarations 5",
        "            Q2  question-text 50, reference-list 31, declarations 5",
        "            Q3  question-text 27, declarations 2",
        "  Share         each question's % of the words counted / % of the marks",
        "  Q2: over limit by 37 words (6.2%), within 10% leeway",
        "  Whole file: 1,638 words as Word counts them (the file's own cached count:",
        "  1,638).",
        "2 within limits; Q2 37 over, within 10% leeway; Part B no limit",  # short: one line
    ]
    assert "Declared" not in text  # no room; a declared count that is off is a finding


def test_at_120_columns_the_declared_counts_and_more_reasons_are_shown(
    example: FileResult,
) -> None:
    rows = table(check(example, 120))
    assert rows[0].split() == [
        *("Q1", "10", "200", "+10%", "191", "191", "95.5%", "ok"),
        *("49:", "question-text", "29,", "appendix-pointers", "15,", "…", "14/10%"),
    ]
    assert "29: question-text 27, declarations 2" in rows[2]  # all its reasons
    assert "  Left out  Q3 " not in check(example, 120)  # so it is not repeated below


def test_at_60_columns_the_least_needed_columns_give_way(example: FileResult) -> None:
    text = check(example, 60)
    assert lines(text)[1].split() == [
        *("Question", "Marks", "Limit", "Counted", "%", "limit", "Status", "Left", "out")
    ]
    assert table(text)[:2] == [
        "Q1              10 200 +10%     191   95.5% ok           49",
        "Q2              50 600 +10%     637  106.2% over         86",
    ]
    assert "            references  reference-list 81" in lines(text)


HARD_RUBRIC = """\
title: "[bold]A rubric[/bold] with a rather long title for the hardest table"
extends: ou-default
leeway: 10
total_marks: 100
penalties: [{over: 10, deduct: 10}]
questions:
  - id: Question 1
    marks: 40
    parts:
      - {id: Question 1a, match: '^\\(a\\)', limit: 20, marks: 10}
      - {id: Question 1b, match: '^\\(b\\)', limit: 40, marks: 30}
  - id: Question 2
    limit: 300
    marks: 40
  - id: Question 3 Evaluation of the leadership development plan
    limit: 500
    marks: 20
"""


def words(count: int) -> str:
    return " ".join(["word"] * count)


@pytest.fixture(scope="module")
def hard(tmp_path_factory: pytest.TempPathFactory) -> FileResult:
    folder = tmp_path_factory.mktemp("hard")
    body = (
        para("A. Student, B123 TMA 02")
        + para("Question 1 Leadership in a small organisation", style="Heading1")
        + para(run("(a) Define leadership.", "<w:b/>"))
        + para(words(18))
        + para(run("(b) Compare two models of it.", "<w:b/>"))
        + para(words(52) + " (see Appendix A).")
        + para("Question 2 Reflection on the online discussion forum", style="Heading1")
        + para("(Word count: 300)")
        + para(words(380))
        + para("Part C [/dim] Glossary of the terms used here", style="Heading1")
        + para(words(12))
        + para("References", style="Heading1")
        + para("Raelin, J. (2003) Creating Leaderful Organizations. Berrett-Koehler.")
    )
    doc = write_docx(folder / "hard.docx", body)
    rubric = folder / "hard.yaml"
    rubric.write_text(HARD_RUBRIC, encoding="utf-8")
    result = check_file(str(doc), load_rubric(str(rubric)))
    return record.replace(result, path="scripts/[red]hard.docx")


def test_the_hard_document_has_what_it_should(hard: FileResult) -> None:
    assert [(q.id, q.status) for q in hard.all_questions()] == [
        ("Question 1", Status.OK),
        ("Question 1a", Status.OK),
        ("Question 1b", Status.FAIL),
        ("Question 2", Status.FAIL),
        ("Question 3 Evaluation of the leadership development plan", Status.MISSING),
    ]
    assert hard.questions[1].penalty is not None
    assert hard.questions[0].share is not None
    assert [m.section.kind for m in hard.others] == ["front-matter", "unknown", "references"]


@pytest.mark.parametrize("width", [*WIDTHS, 40])
def test_no_line_is_wider_than_the_width_given(
    hard: FileResult, example: FileResult, width: int
) -> None:
    for result in (hard, example):
        text = check(result, width)
        assert max(len(line) for line in text.splitlines()) <= width
    flat = " ".join(check(hard, width).split())  # markup from a file or rubric is shown as is
    assert "scripts/[red]hard.docx ([bold]A rubric[/bold] with a rather long title" in flat


def test_the_hard_document_at_80_columns(hard: FileResult) -> None:
    text = check(hard, 80)
    assert lines(text)[:3] == [
        "scripts/[red]hard.docx  ([bold]A rubric[/bold] with a rather long title for the",
        "hardest table)",
        "Question               Marks    Limit Counted % limit Status    Penalty Left out",
    ]
    assert table(text) == [
        "Question 1                40        -      70       - ok                      19",
        "└ a                       10  20 +10%      18   90.0% ok                       3",
        "└ b                       30  40 +10%      52  130.0% FAIL                     9",
        "Question 2                40 300 +10%     380  126.7% FAIL    -10 marks       11",
        "Question 3 Evaluation     20 500 +10%       -       - MISSING                  -",
        "of the leadership",  # a long id folds
        "development plan",
        "front matter                                5                                  0",
        "(not in rubric) Part …                     21                                  0",
        "references                                  0                                  8",
    ]
    assert lines(text)[16:21] == [
        "  Left out  Question 1  question-text 16, appendix-pointers 3",
        "            a           question-text 3",
        "            b           question-text 6, appendix-pointers 3",
        "            Question 2  question-text 8, declarations 3",
        "            references  reference-list 8",
    ]
    flat = " ".join(text.split())
    assert "penalty: 10 marks deducted (more than 10% over)" in flat
    assert "heading 'Part C [/dim] Glossary of the terms used here' is not in the rubric" in flat
    assert flat.endswith(  # even the short form needs two lines here
        "Question 1b 12 over, beyond 10% leeway; Question 2 80 over, beyond 10% leeway"
        " (-10 marks); Question 3 Evaluation of the leadership development plan missing"
    )


def test_the_hard_document_at_60_and_120_columns(hard: FileResult) -> None:
    narrow = check(hard, 60)
    assert lines(narrow)[2].split() == ["Question", "Limit", "Counted", "%", "limit", "Status"]
    assert table(narrow)[2] == "└ b                       40 +10%       52   130.0%  FAIL"
    assert table(narrow)[4] == "Question 3 Evaluation    500 +10%        -        -  MISSING"
    wide = table(check(hard, 120))
    assert wide[0].endswith(" ok                19: question-text 16, appendix-pointers 3 16/50%")
    assert wide[3].endswith(" FAIL    -10 marks 11: question-text 8, declarations 3       84/50%")
    assert "Left out" not in " ".join(lines(check(hard, 120))[15:])  # all in the table


# -- several documents ----------------------------------------------------------------------

SCRIPTS = "/home/tutor/marking/B123/TMA02/scripts/"


def batch(example: FileResult, *paths: str) -> list[FileResult]:
    over, fine, broken = paths
    return [
        record.replace(example, path=over),
        record.replace(example, path=fine, status=Status.OK),
        FileResult(path=broken, status=Status.ERROR, error="is empty (0 bytes)"),
    ]


def test_golden_batch_summary(example: FileResult) -> None:
    names = ("student-0412-alexandra-montgomery.docx", "student-0413.docx", "student-0414.docx")
    results = batch(example, *(SCRIPTS + name for name in names))
    text = render_check(results, Style(format="table", width=80))
    golden("table_batch_80.txt", text)
    assert lines(text) == [
        f"3 documents in {SCRIPTS}",  # the folder they share, once
        "File                                   Status Worst question     Counted Words",
        "─" * 78,
        "student-0412-alexandra-montgomery.docx over   Q2 over (637/600)    1,321 1,638",
        "student-0413.docx                      ok     Q2 over (637/600)    1,321 1,638",
        "student-0414.docx                      ERROR  is empty (0 bytes)       -     -",
        "1 ok, 1 over, 1 ERROR",
    ]


def test_a_long_path_is_shortened_from_the_left_keeping_the_file_name(
    example: FileResult,
) -> None:
    paths = (SCRIPTS + "student-0412-alexandra-montgomery.docx", "ok.docx", "broken.docx")
    text = render_check(batch(example, *paths), Style(format="table", width=80))
    assert lines(text)[0] == "3 documents"
    assert lines(text)[3].startswith("…/student-0412-alexandra-montgomery.docx over ")
    for width in (60, 40):
        text = render_check(batch(example, *paths), Style(format="table", width=width))
        assert max(len(line) for line in text.splitlines()) <= width
        row = next(line for line in lines(text) if line.startswith("…/student-0412-"))
        assert row.endswith(" 1,638")  # the numbers whole; at 40 without the questions' count


# -- count ----------------------------------------------------------------------------------


def every_part(path: str) -> DocumentCount:
    parts = (("body", 12_345), ("tables", 1_234), ("textboxes", 56))
    parts += (("footnotes", 789), ("endnotes", 10))
    return DocumentCount(path, 14_434, parts, 14_001, True)


def count(rows: list[DocumentCount | CountError], width: int) -> str:
    return render_count(rows, Style(format="table", width=width))


def test_golden_count() -> None:
    example = count_file(str(ROOT / "examples" / "tma02.docx"))
    notes = (("body", 2_310), ("tables", 96), ("textboxes", 0), ("footnotes", 41))
    rows: list[DocumentCount | CountError] = [
        record.replace(example, path="examples/tma02.docx"),
        DocumentCount(SCRIPTS + "student-0412-alexandra-montgomery.docx", 2_447, notes, None, True),
        CountError("notes.txt", "is not a Word document (.docx): it is not a zip package"),
    ]
    text = count(rows, 80)
    golden("table_count_80.txt", text)
    assert lines(text) == [
        "Word count (as Microsoft Word counts it)",
        "File                                     Words  Body Tables Footnotes File says",
        "─" * 79,
        "examples/tma02.docx                      1,638 1,534    104         0     1,638",
        "…/student-0412-alexandra-montgomery.docx 2,447 2,310     96        41         -",
        "notes.txt: error: is not a Word document (.docx): it is not a zip package",
    ]


def test_count_leaves_out_parts_no_file_has_and_never_cuts_the_words() -> None:
    example = count_file(str(ROOT / "examples" / "tma02.docx"))
    assert lines(count([example], 80))[1].split() == [
        *("File", "Words", "Body", "Tables", "File", "says")
    ]
    only_body = record.replace(example, parts=(("body", 1_638),))
    assert lines(count([only_body], 80))[1].split() == ["File", "Words", "File", "says"]
    for width in (40, 60, 80):
        text = count([every_part("a-long-file-name.docx")], width)
        assert max(len(line) for line in text.splitlines()) <= width
        row = lines(text)[3].split()
        assert row[1:2] + row[-1:] == ["14,434", "14,001"]  # what Word says, and the file


def test_a_file_count_could_not_read_is_said_under_the_table() -> None:
    text = count([every_part("a.docx"), CountError("b.docx", "is empty (0 bytes)")], 80)
    assert lines(text)[-1] == "b.docx: error: is empty (0 bytes)"


# -- the width the command line draws at ----------------------------------------------------


def test_the_width_is_columns_else_the_terminal_s(monkeypatch: pytest.MonkeyPatch) -> None:
    from tma_check.cli_options import terminal_width

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr("os.get_terminal_size", lambda: os.terminal_size((87, 24)))
    assert (terminal_width(True), terminal_width(False)) == (87, None)
    monkeypatch.setenv("COLUMNS", "132")
    assert (terminal_width(True), terminal_width(False)) == (132, 132)
    monkeypatch.setenv("COLUMNS", "wide")
    assert terminal_width(False) is None

    def no_size() -> os.terminal_size:
        raise OSError("inappropriate ioctl for device")

    monkeypatch.setattr("os.get_terminal_size", no_size)
    assert terminal_width(True) is None
