"""Inferring a rubric from the prompts a document states (zero-config)."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import numbering_xml, para, run, styles_xml, write_docx

from tma_check.api import check_file
from tma_check.infer import Inferred, Note, infer, infer_rubric, to_yaml
from tma_check.labels import of_block
from tma_check.load import load
from tma_check.model import Document, QuestionSpec, Rubric, Status
from tma_check.rubric import load_rubric
from tma_check.rubric.scalars import text as quote
from tma_check.split import find_starts
from tma_check.statements import read_leeway, read_marks, read_words

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tma02.docx"
STYLES = styles_xml(
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>',
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>',
)


def bold(text: str) -> str:
    return para(run(text, "<w:b/>"))


def heading(text: str) -> str:
    return para(text, style="Heading1")


def build(tmp_path: Path, *paragraphs: str) -> Path:
    return write_docx(tmp_path / "paper.docx", "".join(paragraphs), styles=STYLES)


def read(tmp_path: Path, *paragraphs: str) -> Document:
    return load(str(build(tmp_path, *paragraphs)))


def table(inferred: Inferred) -> list[tuple[str, int | None, int | None, float | None]]:
    """(id, limit, minimum, marks) per question."""
    return [(q.id, q.limit, q.minimum, q.marks) for q in inferred.questions]


def starts(document: Document, inferred: Inferred) -> list[str]:
    """The paragraph each inferred question starts at, as the splitter finds it."""
    rubric = Rubric(title="t", source="test", questions=inferred.questions)
    found, missing = find_starts(document, rubric)
    assert not missing
    return [document.blocks[found[q.id]].text for q in inferred.questions]


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("(200 words)", [(None, 200)]),
        ("Question 2 (1,400 words, 60%)", [(None, 1400)]),
        ("Word limit: 400", [(None, 400)]),
        ("The word limit for this question is 1,000 words.", [(None, 1000)]),
        ("(maximum 500 words)", [(None, 500)]),
        ("in no more than 250 words", [(None, 250)]),
        ("with a 400-word summary", [(None, 400)]),
        ("between 300 and 400 words", [(300, 400)]),
        ("300-400 words", [(300, 400)]),
        ("300 to 400 words", [(300, 400)]),
        ("(minimum 300, maximum 400 words)", [(300, 400)]),
        ("at least 300 words", [(300, None)]),
        ("at least two module readings", []),
        ("in 2022–23 we handled 1,517 referrals", []),
        ("10% over the word limit is allowed", []),
    ],
)
def test_statements_of_words(text: str, stated: list[tuple[int | None, int | None]]) -> None:
    assert [(w.minimum, w.limit) for w in read_words(text)] == stated


def test_after_the_prompt_only_bracketed_or_explicit_words_count() -> None:
    assert read_words("I wrote 300 words on this.", strict=True) == []
    assert [w.limit for w in read_words("Explain it. (500 words)", strict=True)] == [500]
    assert [w.limit for w in read_words("Word limit: 400", strict=True)] == [400]


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("(10 marks)", [(10, False)]),
        ("[20 marks]", [(20, False)]),
        ("Marks: 12.5", [(12.5, False)]),
        ("(1,400 words, 60%)", [(60, True)]),
        ("(1500 words, 40% of the marks)", [(40, True)]),
        ("(500 words; 10% over the word limit is allowed)", []),
        ("a leeway of 10%", []),
    ],
)
def test_statements_of_marks(text: str, stated: list[tuple[float, bool]]) -> None:
    assert [(m.value, m.percent) for m in read_marks(text)] == stated


@pytest.mark.parametrize(
    ("text", "stated"),
    [
        ("10% over the word limit is allowed.", [(10, False)]),
        ("A leeway of 10% applies to each question.", [(10, False)]),
        ("There is a 5% tolerance.", [(5, False)]),
        ("You may exceed the word limit by up to 10%.", [(10, False)]),
        ("Note that 10% over the word limit is not allowed.", [(10, True)]),
        ("Question 2 (1,400 words, 60%)", []),
    ],
)
def test_statements_of_leeway(text: str, stated: list[tuple[float, bool]]) -> None:
    assert [(value, denied) for value, denied, _ in read_leeway(text)] == stated


def test_q_labels_and_the_forms_of_limits_and_marks(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            bold(
                "Q1) Provide a brief description of an organisation you know well (200 words). "
                "Include its purpose and size. (10 marks)"
            ),
            para("My organisation is a housing charity."),
            bold("Q1.2 Define a charity (50 words)"),  # a sub-question: a part of Q1
            bold("Q2. Discuss the model (maximum 500 words) [20 marks]"),
            para("The model is useful."),
            bold("Q3: Explain your approach in between 300 and 400 words. (15 marks)"),
            para("My approach is simple."),
            bold("Q4 – Evaluate the change (300-400 words, 5 marks)"),
            para("It worked."),
            bold("Q5 Reflect on your learning. Word limit: 1,250 (Marks: 10)"),
            para("I learnt a lot."),
        )
    )
    assert table(inferred) == [
        ("Q1", 200, None, 10),
        ("Q2", 500, None, 20),
        ("Q3", 400, 300, 15),
        ("Q4", 400, 300, 5),
        ("Q5", 1250, None, 10),
    ]
    assert [(p.id, p.limit) for p in inferred.questions[0].parts] == [("Q1.2", 50)]
    # no patterns: the ids find the questions again, in any layout
    assert [q.match for q in inferred.questions] == [None] * 5
    assert inferred.notes == ()
    assert inferred.leeway is None


def test_question_labels_with_percentages_note_them(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            bold("Question 1 (1,400 words, 60%)"),
            para("Answer one."),
            bold("Question 2 (600 words, 40%)"),
            para("Answer two."),
        )
    )
    assert table(inferred) == [("Question 1", 1400, None, 60), ("Question 2", 600, None, 40)]
    assert inferred.notes_for("Question 1") == (
        "marks given as a percentage (60%): taken as 60 marks",
    )
    assert inferred.overall == ()  # 60% + 40% = 100%


def test_task_labels_and_percentages_that_do_not_add_up(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            heading("Task 1 – Report (1500 words, 40% of the marks)"),
            para("The report."),
            heading("Task 2 – Reflection (500 words, 50% of the marks)"),
            para("The reflection."),
        )
    )
    assert table(inferred) == [("Task 1", 1500, None, 40), ("Task 2", 500, None, 50)]
    assert inferred.overall == ("the percentages add up to 90, not 100",)
    assert [q.match for q in inferred.questions] == [None, None]


def test_parts_with_marks_only_get_no_limit(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            bold("Part A (10 marks)"),
            para("Answer A, in about 300 words."),
            bold("Part B: Reflection (10 marks)"),
            para("Answer B."),
        )
    )
    assert table(inferred) == [("Part A", None, None, 10), ("Part B", None, None, 10)]
    assert inferred.notes_for("Part A") == ("no word limit stated",)
    assert inferred.notes_for("Part B") == ("no word limit stated",)


def test_nothing_is_invented(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            bold("Q1) Describe the team. (200 words) (10 marks)"),
            para("The team has nine members."),
            bold("Q2) Reflect on what you learnt."),
            para("I learnt that 300 words is not much."),
            heading("Q3"),
            para("(468 words)"),
            para("My answer states (250 words) here but after my own count."),
        )
    )
    assert table(inferred) == [
        ("Q1", 200, None, 10),
        ("Q2", None, None, None),
        ("Q3", None, None, None),
    ]
    assert inferred.notes_for("Q2") == ("no word limit stated", "no marks stated")
    assert inferred.notes_for("Q3") == ("no word limit stated", "no marks stated")


def test_a_limit_in_a_later_paragraph_is_read_with_a_note(tmp_path: Path) -> None:
    path = build(
        tmp_path,
        heading("Question 1"),
        bold("(200 words)"),
        para("(190 words)"),
        para("My answer to the first question."),
        heading("Question 2"),
        para("Describe the change you would make. (500 words)"),
        para("My answer to the second question."),
        heading("Question 3"),
        para("Word limit: 400"),
        para("My answer to the third question."),
    )
    inferred = infer(load(str(path)))
    assert table(inferred) == [
        ("Question 1", 200, None, None),
        ("Question 2", 500, None, None),
        ("Question 3", 400, None, None),
    ]
    assert inferred.notes == (
        Note(
            "limit read from a later paragraph of the prompt: '(200 words)'", "Question 1", "limit"
        ),
        Note(  # a plain instruction under a label with nothing else on its line is the prompt
            "limit read from a later paragraph of the prompt: "
            "'Describe the change you would make. (500 words)'",
            "Question 2",
            "limit",
        ),
        Note(
            "limit read from a later paragraph of the prompt: 'Word limit: 400'",
            "Question 3",
            "limit",
        ),
    )
    # The bold "(200 words)" is question text, and the student's own "(190
    # words)" stays their declared count.
    result = check_file(str(path), infer_rubric(load(str(path)), "paper.docx"))
    first = result.questions[0].measurement
    assert first is not None and first.declared == 190
    roles = [(e.role, e.block.text) for e in first.section.entries]
    assert roles[:3] == [
        ("prompt", "Question 1"),
        ("prompt", "(200 words)"),
        ("answer", "(190 words)"),
    ]


def test_two_numbers_of_words_in_one_prompt(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            bold(
                "Q1) (a) Describe the model (200 words). (b) Evaluate it (300 words). (20 marks, 25%)"
            ),
            para("Answer."),
        )
    )
    assert table(inferred) == [("Q1", 200, None, 20)]
    assert inferred.notes == (
        Note("the prompt states 200 and 300 words; 200 is taken", "Q1", "limit"),
        Note("the prompt states 20 marks and 25%; 20 is taken", "Q1", "marks"),
    )


def test_ids_that_skip_or_repeat_and_a_total_that_does_not_add_up(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            para("This assignment is marked out of 100 marks."),
            bold("Q1) First (100 words) (10 marks)"),
            para("One."),
            bold("Q2) Second (100 words) (20 marks)"),
            para("Two."),
            bold("Q4) Fourth (100 words) (30 marks)"),
            para("Four."),
            para("Q2) is where I said more."),
        )
    )
    assert [q.id for q in inferred.questions] == ["Q1", "Q2", "Q4"]
    assert inferred.notes_for("Q2") == ("Q2 appears again later: 'Q2) is where I said more.'",)
    assert inferred.notes_for("Q4") == ("no Q3 found before Q4",)
    assert inferred.overall == ("the marks add up to 60, not the 100 stated",)


def test_leeway_stated_or_denied(tmp_path: Path) -> None:
    allowed = infer(
        read(
            tmp_path,
            para("Up to 10% over the word limit is allowed."),
            bold("Q1) Describe it. (200 words)"),
        )
    )
    assert allowed.leeway == 10
    assert allowed.overall == ()
    denied = infer(
        read(
            tmp_path,
            para("Note that 10% over the word limit is not allowed."),
            bold("Q1) Describe it. (200 words)"),
        )
    )
    assert denied.leeway is None
    assert denied.overall == (
        "a leeway of 10% seems not allowed: 'Note that 10% over the word limit is not allowed'",
    )


def test_contents_and_answers_that_mention_a_question_are_not_prompts(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        para("Contents", style="Heading1"),
        para("Question 1: The organisation\t2", style="TOC1"),
        para("Question 1: The organisation ........ 2"),
        para("Question 2: The change ........ 4"),
        bold("Question 1: The organisation (500 words)"),
        para("Question 2 asks us to propose a change; first I set the scene."),
        para("As I argue under Question 2, the team works well."),
        bold("Question 2: The change (700 words)"),
        para("The change is a huddle."),
    )
    inferred = infer(document)
    assert table(inferred) == [("Question 1", 500, None, None), ("Question 2", 700, None, None)]
    assert starts(document, inferred) == [
        "Question 1: The organisation (500 words)",
        "Question 2: The change (700 words)",
    ]
    # the answer that mentions "Question 2" is no label: the id alone finds the question
    assert [q.match for q in inferred.questions] == [None, None]
    assert inferred.notes == ()


def test_q1_to_q10_ids_do_not_cross_match(tmp_path: Path) -> None:
    paragraphs = []
    for n in range(1, 11):
        paragraphs += [bold(f"Q{n}) Answer part {n}. ({n * 100} words)"), para(f"Answer {n}.")]
    document = read(tmp_path, *paragraphs)
    inferred = infer(document)
    assert table(inferred) == [(f"Q{n}", n * 100, None, None) for n in range(1, 11)]
    prompts = [b.text for b in document.blocks if b.text.startswith("Q")]
    assert starts(document, inferred) == prompts


def test_sub_parts_and_answer_headings_are_not_questions(tmp_path: Path) -> None:
    parts = infer(
        read(
            tmp_path,
            bold("Question 1 (500 words)"),
            para("Part A: the context."),
            para("Part B: the analysis."),
            bold("Question 2 (500 words)"),
            para("Part A: the plan."),
        )
    )
    assert [q.id for q in parts.questions] == ["Question 1", "Question 2"]
    # "Part A" again under each question: parts, not questions
    assert [[p.id for p in q.parts] for q in parts.questions] == [["Part A", "Part B"], ["Part A"]]
    assert parts.overall == ()
    sections = infer(
        read(
            tmp_path,
            bold("Task 1 – Report (1500 words)"),
            heading("Section 1: Introduction"),
            para("The report begins."),
            heading("Section 2: Findings"),
            para("The findings."),
            bold("Task 2 – Reflection (500 words)"),
        )
    )
    # "Section 1: Introduction" and the like are the report's own headings
    assert [(q.id, q.parts) for q in sections.questions] == [("Task 1", ()), ("Task 2", ())]
    assert sections.overall == ()


def test_one_form_of_question_label(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        para("Question 1", style="Heading1"),
        bold("Q1) Describe the team. (200 words)"),
        para("The team."),
        para("Question 2", style="Heading1"),
        bold("Q2) Propose a change. (300 words)"),
        para("The change."),
    )
    inferred = infer(document)
    # the label restated straight under itself is the same question
    assert table(inferred) == [("Question 1", 200, None, None), ("Question 2", 300, None, None)]
    assert inferred.overall == ()
    assert inferred.notes_for("Question 1") == (
        "limit read from a later paragraph of the prompt: 'Q1) Describe the team. (200 words)'",
    )


def test_roman_sections_and_a_plain_answer_line_that_is_no_label(tmp_path: Path) -> None:
    document = read(
        tmp_path,
        heading("Section I"),
        para("Q2 Evaluate the model."),  # plain text, nothing stated: an answer line
        heading("Section II (800 words)"),
        heading("Section IV: Reflection (200 words)"),
    )
    assert [of_block(b) is not None for b in document.blocks] == [True, True, True, True]
    inferred = infer(document)
    assert table(inferred) == [
        ("Section I", None, None, None),
        ("Section II", 800, None, None),
        ("Section IV", 200, None, None),
    ]
    assert inferred.notes_for("Section IV") == ("no Section III found before Section IV",)


def test_a_label_from_automatic_numbering(tmp_path: Path) -> None:
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    path = write_docx(
        tmp_path / "numbered.docx",
        para(run("Describe the team. (200 words)", "<w:b/>"), props=numbered)
        + para("The team.")
        + para(run("Propose a change. (300 words)", "<w:b/>"), props=numbered)
        + para("The change."),
        numbering=numbering_xml(text="Question %1:"),
    )
    document = load(str(path))
    inferred = infer(document)
    assert table(inferred) == [("Question 1", 200, None, None), ("Question 2", 300, None, None)]
    assert starts(document, inferred) == [
        "Describe the team. (200 words)",
        "Propose a change. (300 words)",
    ]


def test_title_guess(tmp_path: Path) -> None:
    titled = read(tmp_path, para("TMA 01"), para("Sam's TMA", style="Title"), bold("Q1) Go."))
    assert infer(titled).title == "Sam's TMA"
    headed = read(tmp_path, para("A. Student"), heading("B123 TMA 02"), bold("Q1) Go."))
    assert infer(headed).title == "B123 TMA 02"
    plain = read(tmp_path, para(""), para("B123 Leadership in practice"), bold("Q1) Go."))
    assert infer(plain).title == "B123 Leadership in practice"
    assert infer(read(tmp_path, bold("Q1) Go."))).title is None


def test_yaml_text_with_check_comments_and_quotes(tmp_path: Path) -> None:
    inferred = infer(
        read(
            tmp_path,
            para("Sam's TMA", style="Title"),
            para("A 10% tolerance applies to every word limit."),
            bold("Q1) Describe the team (1,400 words, 60%)"),
            para("Answer."),
            bold("Q3) Reflect."),
            para("Answer."),
        )
    )
    assert to_yaml(inferred, "paper.docx") == (
        "# Rubric inferred by tma-check from paper.docx.\n"
        "# The values were read from the document and may be wrong or\n"
        "# missing: check each one against the assignment's own guide, above all\n"
        "# the lines marked 'check:', before you rely on it.\n"
        "extends: ou-default\n"
        "title: 'Sam''s TMA'\n"
        "leeway: 10\n"
        "questions:\n"
        "  - id: 'Q1'\n"
        "    limit: 1400\n"
        "    # check: marks given as a percentage (60%): taken as 60 marks\n"
        "    marks: 60\n"
        "  # check: no Q2 found before Q3\n"
        "  # check: no word limit stated\n"
        "  # check: no marks stated\n"
        "  - id: 'Q3'\n"
    )


def test_quote() -> None:
    assert quote("it's") == "'it''s'"
    assert quote("a\nb\\d") == "'a b\\d'"


def test_yaml_round_trip_loads_and_checks(tmp_path: Path) -> None:
    path = build(
        tmp_path,
        para("O'Brien – TMA 03", style="Title"),
        para("You may exceed the word limit by 5%."),
        bold("Question 1: Context (between 300 and 400 words) [20 marks]"),
        para("The context is a small team of nine people."),
        heading("Question 2"),
        bold("(600 words)"),
        para("(12 words)"),
        para("The change is a huddle twice a week for new cases."),
        bold("Question 4: Reflection (10 marks)"),
        para("I learnt to listen before I decide."),
    )
    document = load(str(path))
    inferred = infer(document)
    rubric_path = tmp_path / "inferred.yaml"
    rubric_path.write_text(to_yaml(inferred, "paper.docx"), encoding="utf-8")
    loaded = load_rubric(str(rubric_path))
    assert loaded.title == "O'Brien – TMA 03"
    assert loaded.leeway == 5
    assert table(inferred) == [
        ("Question 1", 400, 300, 20),
        ("Question 2", 600, None, None),
        ("Question 4", None, None, 10),
    ]
    assert [_plain(q) for q in loaded.questions] == [_plain(q) for q in inferred.questions]
    in_memory = infer_rubric(document, "paper.docx")
    assert [_plain(q) for q in in_memory.questions] == [_plain(q) for q in loaded.questions]
    assert (in_memory.title, in_memory.leeway) == (loaded.title, loaded.leeway)
    assert [u.id for u in in_memory.exclude] == [u.id for u in loaded.exclude]
    result = check_file(str(path), loaded)
    assert [(q.id, q.status, q.counted) for q in result.questions] == [
        ("Question 1", Status.UNDER, 9),
        ("Question 2", Status.OK, 11),
        ("Question 4", Status.OK, 7),
    ]


def _plain(spec: QuestionSpec) -> QuestionSpec:
    """A question without where it was read from."""
    return QuestionSpec(
        spec.id, spec.match, spec.limit, spec.minimum, spec.marks, prompt=spec.prompt
    )


def test_the_example_assignment(tmp_path: Path) -> None:
    document = load(str(EXAMPLE))
    inferred = infer(document)
    assert table(inferred) == [
        ("Q1", 200, None, 10),
        ("Q2", 600, None, 50),
        ("Q3", 300, None, 30),
        ("Part B", None, None, 10),
    ]
    # every value is stated in the question's own prompt paragraph
    stated = {"Q1": "(200 words) (10 marks)", "Q2": "(600 words) (50 marks)"}
    stated |= {"Q3": "(300 words) (30 marks)", "Part B": "(10 marks)"}
    for spec, prompt in zip(inferred.questions, starts(document, inferred), strict=True):
        assert prompt.endswith(stated[spec.id])
    assert inferred.title == "B123 Leadership in practice"
    assert inferred.notes_for("Part B") == ("no Part A found before Part B", "no word limit stated")
    hand_written = load_rubric(str(ROOT / "rubrics" / "example-tma02.yaml"))
    assert [(q.id, q.limit, q.marks) for q in hand_written.questions] == [
        (q.id, q.limit, q.marks) for q in inferred.questions
    ]
    rubric_path = tmp_path / "tma02.yaml"
    written = to_yaml(inferred, EXAMPLE.name)
    # the document states no leeway, so the rubric allows none until the student says so
    assert "# check: the document states no leeway, so none is allowed" in written
    assert "\nleeway: 0\n" in written
    rubric_path.write_text(written.replace("\nleeway: 0\n", "\nleeway: 10\n"), encoding="utf-8")
    ours = check_file(str(EXAMPLE), load_rubric(str(rubric_path)))
    theirs = check_file(str(EXAMPLE), hand_written)
    assert [(q.id, q.status, q.counted) for q in ours.questions] == [
        (q.id, q.status, q.counted) for q in theirs.questions
    ]


def test_a_long_text_reads_the_same_statements_as_a_search_of_every_character(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long paragraphs are searched only near "word" and "%"; the statements found are
    the ones a search of the whole text finds, in the same order."""
    import random

    from tma_check import statements

    rng = random.Random(7)
    pieces = [
        "(200 words)", "1,400 words", "a 400-word summary", "(maximum 500 words)",
        "Word limit: 400", "(250 words max)", "between 300 and 400 words",
        "minimum 300, maximum 400 words", "10% over the word limit is allowed.", "(+/-10%)",
        "a leeway of 10%", "words", "%", "1,000", "limit", "maximum", ".", "12345",
    ]  # fmt: skip
    texts = [
        " ".join(
            rng.choice(pieces) if rng.random() < 0.3 else rng.choice(["x", "team", "of"])
            for _ in range(rng.randint(300, 2000))
        )
        for _ in range(25)
    ]
    windowed = [(read_words(t), read_words(t, strict=True), read_leeway(t)) for t in texts]
    monkeypatch.setattr(statements, "_LONG", 10**9)  # every text searched whole
    whole = [(read_words(t), read_words(t, strict=True), read_leeway(t)) for t in texts]
    assert windowed == whole
    assert sum(len(found[0]) for found in whole) > 500
