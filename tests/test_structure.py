"""Hard cases for the structure recogniser: where questions are easily confused with an
answer's own numbering, headings or the question paper copied above the answers."""

from __future__ import annotations

from pathlib import Path

from builders import para, run, styles_xml, table_xml, write_docx

from tma_check.api import check_file
from tma_check.labels import read
from tma_check.model import FileResult, Status
from tma_check.rubric import load_rubric

BOLD = "<w:b/>"
STYLES = styles_xml(
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
)


def words(count: int) -> str:
    return " ".join(["word"] * count)


def bold(text: str) -> str:
    return para(run(text, BOLD))


def counts(result: FileResult) -> list[tuple[str, int | None, Status]]:
    return [(q.id, q.counted, q.status) for q in result.all_questions()]


def check(tmp_path: Path, body: str, rubric: str | None = None, **limits: int) -> FileResult:
    doc = write_docx(tmp_path / "doc.docx", body, styles=STYLES)
    loaded = None
    if rubric is not None:
        path = tmp_path / "rubric.yaml"
        path.write_text(rubric, encoding="utf-8")
        loaded = load_rubric(str(path))
    return check_file(str(doc), loaded, **limits)  # type: ignore[arg-type]


def test_an_answers_own_numbered_points_do_not_take_the_question_numbers(tmp_path: Path) -> None:
    body = (
        para("1. Describe the team. (30 words)")
        + para(words(5))
        + "".join(para(f"{n}. a point made here") for n in range(1, 4))
        + para("2. Propose a change. (20 words)")
        + para(words(25))
        + para("3. Reflect. (20 words)")
        + para(words(5))
    )
    assert counts(check(tmp_path, body)) == [
        ("Q1", 5 + 3 * 5, Status.OK),
        ("Q2", 25, Status.FAIL),
        ("Q3", 5, Status.OK),
    ]


def test_bold_numbered_sub_headings_inside_an_answer(tmp_path: Path) -> None:
    body = (
        bold("1. Describe the team. (60 words)")
        + bold("1. Leadership")
        + para(words(20))
        + bold("2. Communication")
        + para(words(20))
        + bold("2. Propose a change. (30 words)")
        + para(words(45))
        + bold("3. Reflect on it. (30 words)")
        + para(words(20))
    )
    expected = [("Q1", 2 + 20 + 2 + 20, Status.OK), ("Q2", 45, Status.FAIL), ("Q3", 20, Status.OK)]
    assert counts(check(tmp_path, body)) == expected
    rubric = "extends: ou-default\nquestions: [{id: Q1}, {id: Q2, limit: 30}, {id: Q3}]\n"
    assert counts(check(tmp_path, body, rubric))[1] == ("Q2", 45, Status.FAIL)


def test_parts_of_parts_under_two_questions_are_measured_apart(tmp_path: Path) -> None:
    def question(n: int, first: int, second: int) -> str:
        return (
            bold(f"Question {n}")
            + bold("(a) Discuss it.")
            + bold("(i) First point.")
            + para(words(first))
            + bold("(ii) Second point.")
            + para(words(second))
        )

    rubric = "extends: ou-default\nquestions:\n" + "".join(
        f"  - id: Q{n}\n    parts:\n      - id: a\n        parts: [{{id: i, limit: 20}}, {{id: ii}}]\n"
        for n in (1, 2)
    )
    result = check(tmp_path, question(1, 50, 11) + question(2, 5, 6), rubric)
    assert [(q.id, q.counted) for q in result.all_questions()] == [
        ("Q1", 61),
        ("a", 61),
        ("i", 50),
        ("ii", 11),
        ("Q2", 11),
        ("a", 11),
        ("i", 5),
        ("ii", 6),
    ]
    assert result.status is Status.FAIL


def test_a_rubric_question_is_not_found_in_references_or_an_answers_list(tmp_path: Path) -> None:
    body = (
        bold("Q1) Describe it. (30 words)")
        + para(words(12))
        + para("1. A first point.")
        + para("2. A second point.")
        + bold("Q3) Reflect on it. (30 words)")
        + para(words(10))
        + para("References", style="Heading1")
        + para("1. Smith, J. (2020) Teams. London: Sage.")
        + para("2. Jones, K. (2019) Change. Leeds: Press.")
    )
    rubric = "extends: ou-default\nquestions: [{id: Q1}, {id: Q2, limit: 30}, {id: Q3}]\n"
    assert counts(check(tmp_path, body, rubric))[1] == ("Q2", None, Status.MISSING)


def test_a_paragraph_of_answer_that_starts_with_its_label(tmp_path: Path) -> None:
    body = (
        para("Q1. The article argues that " + words(45) + ".")
        + para(words(20))
        + para("Question 2: My own workplace " + words(40) + ".")
    )
    assert [(q.id, q.counted) for q in check(tmp_path, body, limit=500).questions] == [
        ("Q1", 4 + 45 + 20),
        ("Question 2", 43),
    ]


def test_an_essays_short_first_paragraph_is_counted(tmp_path: Path) -> None:
    body = (
        para("On leadership", style="Title")
        + para("This essay argues that leaders are made, not born.")
        + para(words(40) + ".")
        + para(words(30) + ".")
    )
    assert [(q.id, q.counted) for q in check(tmp_path, body, limit=500).questions] == [
        ("Document", 9 + 40 + 30)
    ]


def test_a_limit_named_in_the_opening_does_not_make_it_the_brief(tmp_path: Path) -> None:
    opening = "Within the 1,500-word limit this essay looks at " + words(20) + "."
    result = check(tmp_path, para("On leadership", style="Title") + para(opening) + para(words(30)))
    assert result.rubric is not None and result.rubric.limit == 1500
    assert [q.counted for q in result.questions] == [8 + 20 + 30]


def test_at_least_in_the_middle_of_an_essay_is_no_minimum(tmp_path: Path) -> None:
    prose = "Each volunteer wrote at least 50 words in a diary, " + words(30) + "."
    result = check(tmp_path, para("On volunteering", style="Title") + para(prose))
    assert result.rubric is not None and result.rubric.minimum is None
    assert result.unchecked is not None  # no limit at all: not a pass


def test_sub_headings_of_an_essay_are_no_questions(tmp_path: Path) -> None:
    body = (
        para("Report on the charity", style="Title")
        + para(words(45) + ".")
        + bold("Recommendation 1: Hire staff")
        + para(words(30))
        + bold("Recommendation 2: Train staff")
        + para(words(30))
    )
    result = check(tmp_path, body, limit=120)
    assert [(q.id, q.counted) for q in result.questions] == [("Document", 45 + 4 + 30 + 4 + 30)]


def test_a_copied_question_paper_with_its_prompts(tmp_path: Path) -> None:
    body = (
        bold("Question 1 (30 words)")
        + para("Describe the organisation you work for and what it does for its clients.")
        + bold("Question 2 (30 words)")
        + para("Evaluate its website for the people who use it most often in a week.")
        + bold("Answers")
        + bold("Question 1")
        + para(words(20))
        + bold("Question 2")
        + para(words(32))
    )
    result = check(tmp_path, body)
    assert [(q.id, q.counted, q.spec.limit, q.status) for q in result.questions] == [
        ("Question 1", 20, 30, Status.OK),  # the limits stated in the copy apply
        ("Question 2", 32, 30, Status.OVER),
    ]


def test_an_ids_only_rubric_leaves_the_parts_questions_out(tmp_path: Path) -> None:
    body = (
        bold("Question 1 (50 marks)")
        + bold("(a) Define leadership. (20 words)")
        + para(words(18))
        + bold("(b) Compare two models of it. (30 words)")
        + para(words(32))
    )
    result = check(tmp_path, body, "extends: ou-default\nquestions: [{id: Q1, limit: 45}]\n")
    question = result.questions[0]
    assert question.counted == 50
    assert question.measurement is not None and question.measurement.declared is None


def test_a_question_box_with_its_label_on_a_line_of_its_own(tmp_path: Path) -> None:
    box = table_xml((para("Question 1") + para("Describe the team you lead. (20 words)"),))
    row = table_xml(("Question 2", "Evaluate its website. (20 words)"))
    result = check(tmp_path, box + para(words(10)) + row + para(words(25)))
    assert counts(result) == [("Question 1", 10, Status.OK), ("Question 2", 25, Status.FAIL)]


def test_a_limit_in_a_section_the_rubric_lacks_is_no_declared_count(tmp_path: Path) -> None:
    body = (
        para("TMA 01 (1000 words)")
        + bold("Q1) Describe it.")
        + para(words(10))
        + bold("Part B: Reflection (500 words)")
        + para(words(12))
    )
    result = check(tmp_path, body, "extends: ou-default\nquestions: [{id: Q1, limit: 20}]\n")
    assert result.total is None or result.total.declared is None


def test_a_plain_prompt_under_a_label_alone_on_its_line(tmp_path: Path) -> None:
    body = (
        bold("Question 1")
        + para("Describe the team you lead and what it does. (30 words)")
        + para(words(25))
    )
    question = check(tmp_path, body).questions[0]
    assert (question.counted, question.spec.limit, question.status) == (25, 30, Status.OK)
    assert question.measurement is not None and question.measurement.declared is None


def test_i_after_h_is_a_letter() -> None:
    label = read("(i) Ninth point")
    assert label is not None and label.style == "roman"  # alone: roman one


def test_parts_a_to_j(tmp_path: Path) -> None:
    letters = "abcdefghij"
    body = bold("Question 1") + "".join(
        bold(f"({c}) Point {c}. (20 words)") + para(words(5)) for c in letters
    )
    parts = check(tmp_path, body).questions[0].parts
    assert [p.id for p in parts] == [f"Question 1{c}" for c in letters]
    assert all(p.spec.limit == 20 for p in parts)


def test_marks_after_a_tab_are_no_contents_line(tmp_path: Path) -> None:
    body = bold("Question 1\t25") + para(words(10)) + bold("Question 2\t25") + para(words(12))
    assert [q.id for q in check(tmp_path, body, limit=100).questions] == [
        "Question 1",
        "Question 2",
    ]


def test_sources_of_funding_is_no_reference_list(tmp_path: Path) -> None:
    body = (
        bold("Q1) Describe the charity. (40 words)")
        + para(words(10))
        + bold("Sources of funding")
        + para(words(40))
    )
    assert counts(check(tmp_path, body))[0] == ("Q1", 10 + 3 + 40, Status.FAIL)
