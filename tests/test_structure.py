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
        ("Question 2", 32, 30, Status.FAIL),  # the copy states no leeway
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


def heading(text: str, level: int = 1) -> str:
    return para(text, style=f"Heading{level}")


def test_q1a_parts_under_a_question_1_heading_are_its_parts(tmp_path: Path) -> None:
    body = (
        heading("Question 1 (300 words)")
        + bold("Q1a Describe")
        + para(words(180))
        + bold("Q1b Explain")
        + para(words(250))
    )
    result = check(tmp_path, body)
    assert counts(result) == [
        ("Question 1", 430, Status.FAIL),
        ("Q1a", 180, Status.OK),
        ("Q1b", 250, Status.OK),
    ]
    assert not [f for f in result.findings if f.code == "unknown-section"]
    rubric = (
        "extends: ou-default\nquestions:\n  - id: Q1\n    limit: 500\n    parts:\n"
        "      - {id: a, limit: 200}\n      - {id: b, limit: 200}\n"
    )
    assert counts(check(tmp_path, body, rubric)) == [
        ("Q1", 430, Status.OK),
        ("a", 180, Status.OK),
        ("b", 250, Status.FAIL),
    ]


def test_an_appendix_heading_inside_a_question_ends_where_the_next_question_starts(
    tmp_path: Path,
) -> None:
    body = (
        bold("Q1) Describe your organisation (200 words)")
        + para(words(150))
        + heading("Appendix A: Interview notes")
        + para(words(60))
        + bold("Q2) Analyse its culture (200 words)")
        + para(words(400))
    )
    result = check(tmp_path, body)
    assert counts(result) == [("Q1", 150, Status.OK), ("Q2", 400, Status.FAIL)]
    assert result.total is None or result.total.declared is None  # "(200 words)" is a limit


def test_a_cover_sheet_row_states_the_limit_and_its_values_start_no_question(
    tmp_path: Path,
) -> None:
    cover = table_xml(
        ("Student", "A. Student"),
        ("Tutor", "I. Khan"),
        ("Word limit", "2,000 words (+/-5%)"),
        ("Word count", "2,090"),
    )
    result = check(tmp_path, cover + para("My essay", style="Title") + para(words(2090)))
    assert counts(result) == [("Document", 2090, Status.OVER)]
    (document,) = result.questions
    assert (document.spec.limit, document.leeway, document.measurement.declared) == (  # type: ignore[union-attr]
        2000,
        5.0,
        2090,
    )


def test_answers_of_one_paragraph_each_that_start_with_their_number(tmp_path: Path) -> None:
    body = "".join(para(f"{n}. The answer {words(100)}") for n in (1, 2, 3))
    assert [q for q, _, _ in counts(check(tmp_path, body))] == ["Q1", "Q2", "Q3"]
    rubric = "questions: [{id: Q1, limit: 150}, {id: Q2, limit: 150}, {id: Q3, limit: 90}]\n"
    assert [status for _, _, status in counts(check(tmp_path, body, rubric))] == [
        Status.OK,
        Status.OK,
        Status.FAIL,
    ]
    # after an opening that leads into them, the same paragraphs are an essay's points
    essay = para(f"There are three reasons for this, {words(30)}:") + body
    assert counts(check(tmp_path, essay, limit=1000)) == [("Document", 3 * 103 + 36, Status.OK)]


def test_hash_numbers_and_journal_entries_label_questions(tmp_path: Path) -> None:
    body = bold("#1 Discuss the model") + para(words(150))
    body += bold("#2 Evaluate the model") + para(words(150))
    rubric = "questions: [{id: Q1, limit: 100}, {id: Q2, limit: 200}]\n"
    assert [(q, s) for q, _, s in counts(check(tmp_path, body, rubric))] == [
        ("Q1", Status.FAIL),
        ("Q2", Status.OK),
    ]
    entries = bold("Learning Journal Entry 1 Discuss the model") + para(words(150))
    entries += bold("Learning Journal Entry 2 Evaluate the model") + para(words(150))
    assert [q for q, _, _ in counts(check(tmp_path, entries))] == ["Entry 1", "Entry 2"]


def test_a_check_with_no_limit_is_not_checked_in_its_status(tmp_path: Path) -> None:
    result = check(tmp_path, bold("Q1) Describe it.") + para(words(80)))
    assert result.status is Status.UNCHECKED
    assert result.unchecked is not None


def test_a_question_written_twice_is_named_so_whatever_the_rubrics_ids(tmp_path: Path) -> None:
    body = heading("Question 1") + para(words(150)) + heading("Question 2") + para(words(150))
    body += heading("Question 1") + para(words(100))
    result = check(tmp_path, body, "questions: [{id: Q1, limit: 200}, {id: Q2, limit: 200}]\n")
    codes = [f.code for f in result.findings]
    assert "repeated-question" in codes and "unknown-section" not in codes


def test_a_missing_question_with_a_limit_is_missing_not_unchecked(tmp_path: Path) -> None:
    result = check(
        tmp_path, bold("Q1)") + para(words(80)), "questions: [{id: Q1}, {id: Q2, limit: 100}]\n"
    )
    assert (result.status, result.unchecked) == (Status.MISSING, None)
