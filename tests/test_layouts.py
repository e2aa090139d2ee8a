"""The layouts students really use, each built here, checked with no rubric and with ids only.

Every document is checked twice: zero-config (the rubric read from the
document) and against a rubric that gives only ids and limits (no
``match``), which must find the questions whatever the layout. The tests
assert what a user sees: ids, counts, limits, statuses and exit codes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from builders import listed, lists_xml, para, run, styles_xml, table_xml, write_docx
from click.testing import CliRunner

from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.model import FileResult, Status
from tma_check.rubric import load_rubric

BOLD = "<w:b/>"
STYLES = styles_xml(
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>',
)


def words(count: int, word: str = "word") -> str:
    return " ".join([word] * count)


def bold(text: str) -> str:
    return para(run(text, BOLD))


def heading(text: str) -> str:
    return para(text, style="Heading1")


def invoke(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout


def table(result: FileResult) -> list[tuple[str, int | None, int | None, float | None, Status]]:
    """(id, counted, limit, marks, status) of every question and part, in order."""
    return [(q.id, q.counted, q.spec.limit, q.spec.marks, q.status) for q in result.all_questions()]


@pytest.fixture
def ids_only(tmp_path: Path) -> Path:
    path = tmp_path / "ids.yaml"
    path.write_text(
        "extends: ou-default\nquestions:\n"
        "  - {id: Q1, limit: 20}\n  - {id: Q2, limit: 20}\n  - {id: Q3, limit: 10}\n",
        encoding="utf-8",
    )
    return path


def three_questions(label: str, make: object) -> str:
    """Q1 (12 words of answer), Q2 (15) and Q3 (12, over its limit of 10 by 20%)."""
    assert callable(make)
    return (
        para("B123 TMA 01")
        + make(f"{label.format(1)} Describe the team. (20 words)")
        + para(words(12))
        + make(f"{label.format(2)} Propose a change. (20 words)")
        + para(words(15))
        + make(f"{label.format(3)} Reflect on it. (10 words)")
        + para(words(12))
    )


# -- headings, bold lines, Word's numbering, question boxes ------------------------


@pytest.mark.parametrize(
    ("label", "make", "ids"),
    [
        ("Question {}", heading, ["Question 1", "Question 2", "Question 3"]),
        ("Q{})", bold, ["Q1", "Q2", "Q3"]),
        ("{}.", bold, ["Q1", "Q2", "Q3"]),
        ("QUESTION {}:", bold, ["Question 1", "Question 2", "Question 3"]),
        ("Task{} –", heading, ["Task 1", "Task 2", "Task 3"]),
        ("Question # 0{}:", bold, ["Question 1", "Question 2", "Question 3"]),
    ],
)
def test_labelled_lines_are_found_with_and_without_a_rubric(
    tmp_path: Path, ids_only: Path, label: str, make: object, ids: list[str]
) -> None:
    doc = write_docx(tmp_path / "tma.docx", three_questions(label, make))
    inferred = check_file(str(doc), None)
    assert table(inferred) == [
        (ids[0], 12, 20, None, Status.OK),
        (ids[1], 15, 20, None, Status.OK),
        (ids[2], 12, 10, None, Status.FAIL),
    ]
    if not ids[0].startswith("Task"):
        given = check_file(str(doc), load_rubric(str(ids_only)))
        assert [(q.id, q.counted, q.status) for q in given.questions] == [
            ("Q1", 12, Status.OK),
            ("Q2", 15, Status.OK),
            ("Q3", 12, Status.FAIL),
        ]
    assert invoke("check", str(doc))[0] == 1


def test_word_numbered_questions_and_a_numbered_list_inside_an_answer(
    tmp_path: Path, ids_only: Path
) -> None:
    """Questions numbered by Word (the "1." is not in the text), with five numbered points
    inside the first answer: the points are the answer's, not five more questions."""
    points = "".join(listed(f"Point {n} of the answer.", list_id=2) for n in range(1, 6))
    body = (
        para("B123 TMA 01")
        + listed(run("Describe the team. (40 words)", BOLD))
        + para(words(12))
        + points
        + listed(run("Propose a change. (20 words)", BOLD))
        + para(words(15))
        + listed(run("Reflect on it. (10 words)", BOLD))
        + para(words(11) + ".")  # 11 words: 10% over
        + para("One more.")  # 13 words: 30% over
    )
    numbering = lists_xml((("decimal", "%1."),), (("decimal", "%1)"),))
    doc = write_docx(tmp_path / "numbered.docx", body, numbering=numbering)
    # each point is its 5 words and Word's list number: 6 words
    expected = [
        ("Q1", 12 + 5 * 6, 40, None, Status.FAIL),  # 5% over, and the document allows none
        ("Q2", 15, 20, None, Status.OK),
        ("Q3", 13, 10, None, Status.FAIL),
    ]
    assert table(check_file(str(doc), None)) == expected
    given = check_file(str(doc), load_rubric(str(ids_only)))
    assert [(q.id, q.counted) for q in given.questions] == [("Q1", 42), ("Q2", 15), ("Q3", 13)]
    assert invoke("check", str(doc))[0] == 1  # once: 0, with only "Part B" found


def test_question_boxes_with_a_cover_sheet_contents_header_and_tracked_changes(
    tmp_path: Path,
) -> None:
    """The usual TMA template: a cover-sheet table (with the student's total), a contents
    list, a header, and each question in a one-cell table, the answer below it."""
    cover = table_xml(
        ("Student name", "Sam Taylor"),
        ("Module", "B123"),
        ("Total word count", "26"),
    )
    contents = (
        para("Contents") + para("Question 1\t2", style="TOC1") + para("Question 2\t3", style="TOC1")
    )
    box_one = table_xml(
        (para("Question 1 (30 words, 50 marks)") + para("Describe an organisation you know."),)
    )
    inserted = '<w:ins w:id="1" w:author="S"><w:r><w:t xml:space="preserve"> and seven more words in here</w:t></w:r></w:ins>'
    deleted = (
        '<w:del w:id="2" w:author="S"><w:r><w:delText>not counted at all</w:delText></w:r></w:del>'
    )
    answer_one = para(run(words(10)), inserted, deleted)
    box_two = table_xml((para("Question 2 (10 words, 50 marks)") + para("Evaluate its website."),))
    answer_two = para(words(9))
    header = (
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:p><w:r><w:t>B123 TMA 02 Sam Taylor A1234567</w:t></w:r></w:p></w:hdr>"
    )
    body = cover + contents + box_one + answer_one + box_two + answer_two
    doc = write_docx(tmp_path / "boxes.docx", body, styles=STYLES, header=header)
    result = check_file(str(doc), None)
    assert table(result) == [
        ("Question 1", 16, 30, 50, Status.OK),  # 10 + the 6 inserted ("and" ... "here")
        ("Question 2", 9, 10, 50, Status.OK),
    ]
    assert result.total is not None
    assert (result.total.counted, result.total.declared) == (25, 26)
    assert result.total.findings == ()  # 26 declared, 25 counted: within the tolerance
    ids = tmp_path / "ids.yaml"
    ids.write_text("extends: ou-default\nquestions: [{id: Q1}, {id: '2', limit: 8}]\n")
    given = check_file(str(doc), load_rubric(str(ids)))
    assert [(q.id, q.counted, q.status) for q in given.questions] == [
        ("Q1", 16, Status.OK),
        ("2", 9, Status.FAIL),
    ]
    assert invoke("check", str(doc))[0] == 0
    assert invoke("check", str(doc), "-r", str(ids))[0] == 1


# -- parts ---------------------------------------------------------------------------------


def test_sub_questions_are_parts_with_limits_of_their_own(tmp_path: Path) -> None:
    body = (
        bold("Question 1 (50 marks)")
        + bold("(a) Define leadership. (20 words)")
        + para(words(18))
        + bold("(b) Compare two models of it. (30 words)")
        + para(words(32))
        + bold("Question 2 (50 marks, 40 words)")
        + para(words(25))
    )
    doc = write_docx(tmp_path / "parts.docx", body)
    result = check_file(str(doc), None)
    assert table(result) == [
        ("Question 1", 50, None, 50, Status.OK),  # the parts' answers rolled up
        ("Question 1a", 18, 20, None, Status.OK),
        ("Question 1b", 32, 30, None, Status.FAIL),  # no leeway stated, so none allowed
        ("Question 2", 25, 40, 50, Status.OK),
    ]
    code, out = invoke("check", str(doc), "--format", "json")
    assert code == 1  # Question 1b: over its limit, and no leeway is stated
    first = json.loads(out)["files"][0]["questions"][0]
    assert [(p["id"], p["counted"], p["limit"]) for p in first["parts"]] == [
        ("Question 1a", 18, 20),
        ("Question 1b", 32, 30),
    ]
    code, out = invoke("check", str(doc), "--format", "csv")
    rows = [line.split(",")[2:4] for line in out.splitlines()[1:5]]
    assert rows == [
        ["Question 1", "question"],
        ["Question 1a", "part"],
        ["Question 1b", "part"],
        ["Question 2", "question"],
    ]
    assert "Question 1b" in invoke("check", str(doc), "--format", "html")[1]
    rubric = tmp_path / "parts.yaml"
    rubric.write_text(
        "extends: ou-default\nquestions:\n"
        "  - id: Q1\n    parts: [{id: a, limit: 15}, {id: b, limit: 40}]\n"
        "  - {id: Q2}\n",
        encoding="utf-8",
    )
    given = check_file(str(doc), load_rubric(str(rubric)))
    assert table(given) == [
        ("Q1", 50, None, None, Status.OK),
        ("a", 18, 15, None, Status.FAIL),
        ("b", 32, 40, None, Status.OK),
        ("Q2", 25, None, None, Status.OK),
    ]
    assert given.status is Status.FAIL


# -- one piece of writing ------------------------------------------------------------------


def essay(limit_line: str = "Maximum length 40 words") -> str:
    return (
        para("Leadership in a small charity", style="Title")
        + para("A. Student, B123")
        + (para(limit_line) if limit_line else "")
        + para("Word count: 45")
        + bold("Introduction")
        + para(words(25))
        + bold("Conclusion")
        + para(words(20))
        + heading("References")
        + para(
            "Raelin, J. (2003) Creating Leaderful Organizations. San Francisco: Berrett-Koehler."
        )
    )


def test_a_single_essay_is_checked_against_the_limit_it_states(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "essay.docx", essay(), styles=STYLES)
    result = check_file(str(doc), None)
    assert result.rubric is not None and result.rubric.whole
    # the title, the student line and the word-count line are left out; the headings count
    assert table(result) == [("Document", 47, 40, None, Status.FAIL)]
    document = result.questions[0].measurement
    assert document is not None and document.declared == 45
    code, out = invoke("check", str(doc), "--format", "plain")
    assert code == 1
    assert f"{doc}: Document: error: over limit by 7 words (17.5%); no leeway is allowed" in out
    assert invoke("check", str(doc), "--limit", "50")[0] == 0
    code, out = invoke("check", str(doc), "--limit", "60", "--minimum", "50", "--format", "plain")
    assert code == 0 and "under the minimum by 3 words" in out
    assert invoke("check", str(doc), "--limit", "60", "--minimum", "50", "--strict")[0] == 1
    rubric = tmp_path / "essay.yaml"
    rubric.write_text("extends: ou-default\nlimit: 45\nminimum: 30\n", encoding="utf-8")
    given = check_file(str(doc), load_rubric(str(rubric)))
    assert table(given) == [("Document", 47, 45, None, Status.OVER)]
    assert invoke("check", str(doc), "-r", str(rubric))[0] == 0


def test_limits_in_other_words_are_read(tmp_path: Path) -> None:
    for line, limit, minimum in [
        ("Word limit: 40", 40, None),
        ("Essay (40 words (+/-10%))", 40, None),
        ("Write between 30 and 40 words.", 40, 30),
        ("Aim for at least 30 words.", None, 30),
    ]:
        doc = write_docx(tmp_path / "essay.docx", essay(line), styles=STYLES)
        rubric = check_file(str(doc), None).rubric
        assert rubric is not None and (rubric.limit, rubric.minimum) == (limit, minimum), line


def test_no_limit_anywhere_is_not_a_pass(tmp_path: Path) -> None:
    doc = write_docx(tmp_path / "essay.docx", essay(""), styles=STYLES)
    code, out = invoke("check", str(doc), "--format", "plain")
    assert code == 2
    assert out.splitlines()[1] == (
        f"{doc}: file: error: not checked: no word limit found in the document, so nothing was checked; "
        "give one with --limit N (or --rubric FILE)"
    )
    assert invoke("check", str(doc), "--limit", "2000")[0] == 0
    assert invoke("count", str(doc))[0] == 0  # count works on anything


def test_questions_with_no_limit_at_all_are_not_a_pass(tmp_path: Path) -> None:
    body = bold("Question 1") + para(words(5)) + bold("Question 2") + para(words(6))
    doc = write_docx(tmp_path / "nolimits.docx", body)
    code, out = invoke("check", str(doc), "--format", "plain")
    assert code == 2
    assert f"{doc}: Question 1: note: 5 words (no limit)" in out
    assert f"{doc}: file: error: not checked: no word limit found in the document" in out
    missed = tmp_path / "missed.yaml"
    missed.write_text("extends: ou-default\nquestions: [{id: Task 7, limit: 100}]\n")
    code, out = invoke("check", str(doc), "-r", str(missed), "--format", "plain")
    assert code == 2
    assert "none of the rubric's questions was found in the document" in out


def test_numbered_points_in_an_essay_are_not_questions(tmp_path: Path) -> None:
    points = "".join(listed(f"Point number {n} here.") for n in range(1, 6))
    typed = "".join(para(f"{n}. A typed point.") for n in range(1, 4))
    body = (
        para("My essay", style="Title")
        + para(words(30))
        + points
        + para(words(20))
        + typed
        + para(words(10))
    )
    doc = write_docx(
        tmp_path / "essay.docx", body, styles=STYLES, numbering=lists_xml((("decimal", "%1."),))
    )
    result = check_file(str(doc), None, limit=200)
    assert [(q.id, q.counted) for q in result.questions] == [
        ("Document", 30 + 5 * 5 + 20 + 3 * 4 + 10)
    ]


# -- nothing folds silently ----------------------------------------------------------------


def test_a_label_the_rubric_does_not_list_is_a_section_of_its_own(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        "extends: ou-default\nquestions: [{id: Q1, limit: 20}, {id: Q2, limit: 20}]\n"
    )
    body = (
        bold("Q1) Describe it. (20 words)")
        + para(words(10))
        + bold("Q2) Evaluate it. (20 words)")
        + para(words(12))
        + bold("Part B")
        + para(words(30))
    )
    doc = write_docx(tmp_path / "tma.docx", body)
    result = check_file(str(doc), load_rubric(str(rubric)))
    assert [(q.id, q.counted, q.status) for q in result.questions] == [
        ("Q1", 10, Status.OK),
        ("Q2", 12, Status.OK),  # not 42 with Part B folded in
    ]
    assert [(m.section.kind, m.section.id, m.counted) for m in result.others] == [
        ("unknown", "Part B", 32)
    ]
    assert [f.code for f in result.findings] == ["unknown-section"]


def test_part_1_then_a_numbered_case_study_is_part_2(tmp_path: Path) -> None:
    body = (
        bold("Part 1: Short answers")
        + bold("Q1: What is a team? (20 words)")
        + para(words(10))
        + bold("Q2: Why do teams fail? (20 words)")
        + para(words(11))
        + bold("2. Case study analysis")
        + para(words(40))
    )
    result = check_file(str(write_docx(tmp_path / "parts.docx", body)), None, limit=100)
    assert [(q.id, q.counted) for q in result.all_questions()] == [
        ("Part 1", 21),
        ("Q1", 10),
        ("Q2", 11),
        ("Part 2", 40),
    ]


# -- declared counts wherever students write them -------------------------------------------


def test_a_count_in_brackets_at_the_end_of_an_answer(tmp_path: Path) -> None:
    body = (
        bold("Q1) Describe it. (30 words)")
        + para(words(20) + " in the end. (23)")
        + bold("Q2) Evaluate it. (30 words)")
        + para("It was founded in 2019 and it grew fast (2019)")
        + bold("Q3) Reflect on it. (30 words)")
        + para(words(12) + " at last. (15 words)")
    )
    result = check_file(str(write_docx(tmp_path / "tma.docx", body)), None)
    declared = [q.measurement.declared for q in result.questions if q.measurement]
    assert declared == [23, None, 15]  # a year in brackets is no count
    assert [q.counted for q in result.questions] == [23, 10, 14]


def test_a_total_declared_after_the_references(tmp_path: Path) -> None:
    body = (
        bold("Q1) Describe it. (30 words)")
        + para(words(20))
        + bold("Q2) Evaluate it. (30 words)")
        + para(words(10))
        + heading("References")
        + para("Raelin, J. (2003) Creating Leaderful Organizations.")
        + para("Word Count: 45")
    )
    result = check_file(str(write_docx(tmp_path / "tma.docx", body)), None)
    assert result.total is not None and (result.total.counted, result.total.declared) == (30, 45)
    assert [f.message for f in result.total.findings] == ["you declared 45, tma-check counts 30"]
