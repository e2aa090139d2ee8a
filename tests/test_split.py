"""Splitting a document into questions, front matter and end matter."""

from __future__ import annotations

from pathlib import Path

from builders import numbering_xml, para, run, write_docx

from tma_check.load import load
from tma_check.model import QuestionSpec, Rubric, RuleUse
from tma_check.split import Split, split

BOLD = "<w:b/>"


def bold(text: str) -> str:
    return para(run(text, BOLD))


END_RULES = (RuleUse("reference-list"), RuleUse("appendices"))


def rubric(*specs: QuestionSpec, exclude: tuple[RuleUse, ...] = END_RULES) -> Rubric:
    return Rubric(title="t", source="test", questions=specs, exclude=exclude)


Q1 = QuestionSpec("Q1", match=r"^Q1\)")
Q2 = QuestionSpec("Q2", match=r"^Q2\)")
Q3 = QuestionSpec("Q3", match=r"^Q3\)")


def do_split(
    tmp_path: Path,
    body: str,
    *specs: QuestionSpec,
    exclude: tuple[RuleUse, ...] = END_RULES,
    **parts: object,
) -> Split:
    path = write_docx(tmp_path / "doc.docx", body, **parts)
    return split(load(str(path)), rubric(*specs, exclude=exclude))


def outline(result: Split) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(kind, id, [(role, text), ...]) for every section: what a reader would check."""
    return [(s.kind, s.id, [(e.role, e.block.text) for e in s.entries]) for s in result.sections]


def test_front_matter_questions_and_prompts(tmp_path: Path) -> None:
    body = (
        para("TMA 02", style="Heading1")
        + para("A. Student, A1234567")
        + bold("Q1) Describe the model. (200 words)")
        + bold("Use one example.")
        + para("The model has parts.")
        + bold("Q2) Evaluate it. (300 words)")
        + para("It is good.")
    )
    assert outline(do_split(tmp_path, body, Q1, Q2)) == [
        (
            "front-matter",
            "front matter",
            [("front-matter", "TMA 02"), ("front-matter", "A. Student, A1234567")],
        ),
        (
            "question",
            "Q1",
            [
                ("prompt", "Q1) Describe the model. (200 words)"),
                ("prompt", "Use one example."),
                ("answer", "The model has parts."),
            ],
        ),
        ("question", "Q2", [("prompt", "Q2) Evaluate it. (300 words)"), ("answer", "It is good.")]),
    ]


def test_declaration_line_ends_a_bold_prompt(tmp_path: Path) -> None:
    body = bold("Q1) Describe the model. (200 words)") + bold("(191 Words)") + para("Answer.")
    roles = [role for _, _, entries in outline(do_split(tmp_path, body, Q1)) for role, _ in entries]
    assert roles == ["prompt", "answer", "answer"]


def test_prompt_length_set_by_the_rubric(tmp_path: Path) -> None:
    body = para("Q1) Describe the model.") + para("Say why it matters.") + para("Answer.")
    spec = QuestionSpec("Q1", match=r"^Q1\)", prompt=2)
    roles = [
        role for _, _, entries in outline(do_split(tmp_path, body, spec)) for role, _ in entries
    ]
    assert roles == ["prompt", "prompt", "answer"]


def test_heading_fallback_without_match(tmp_path: Path) -> None:
    body = (
        para("Question 1 is below", style="")
        + para("Question 1", style="Heading1")
        + para("Answer one.")
        + para("Question 10", style="Heading1")
        + para("Answer ten.")
    )
    result = do_split(tmp_path, body, QuestionSpec("Question 1"), QuestionSpec("Question 10"))
    assert [(s.kind, s.id, s.title) for s in result.sections] == [
        ("front-matter", "front matter", "Question 1 is below"),
        ("question", "Question 1", "Question 1"),
        ("question", "Question 10", "Question 10"),
    ]


def test_missing_question_with_a_hint(tmp_path: Path) -> None:
    body = bold("Q1) One.") + para("A.") + bold("Question 2: Two.") + para("B.")
    result = do_split(tmp_path, body, Q1, QuestionSpec("Question 2", match=r"^Question 2\)"))
    assert [spec.id for spec in result.missing] == ["Question 2"]
    assert dict(result.hints) == {"Question 2": "Question 2: Two."}


def test_questions_in_another_order_than_the_rubric(tmp_path: Path) -> None:
    body = bold("Q2) Second first.") + para("B.") + bold("Q1) Then first.") + para("A.")
    result = do_split(tmp_path, body, Q1, Q2)
    assert [s.id for s in result.sections] == ["Q2", "Q1"]
    assert result.question("Q1") is not None and result.question("Q1").blocks[-1].text == "A."  # type: ignore[union-attr]


def test_table_of_contents_entries_are_not_question_starts(tmp_path: Path) -> None:
    body = (
        para("Q1) Describe the model\t1", style="TOC1")
        + bold("Q1) Describe the model.")
        + para("Answer.")
    )
    toc_style = '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
    from builders import styles_xml

    result = do_split(tmp_path, body, Q1, styles=styles_xml(toc_style))
    assert [(s.kind, s.title) for s in result.sections] == [
        ("front-matter", "Q1) Describe the model\t1"),
        ("question", "Q1) Describe the model."),
    ]


def test_auto_numbered_prompt_matches_with_its_label(tmp_path: Path) -> None:
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    body = para(run("Describe the model.", BOLD), props=numbered) + para("Answer.")
    result = do_split(
        tmp_path,
        body,
        QuestionSpec("Q1", match=r"^Question 1\b"),
        numbering=numbering_xml(text="Question %1"),
    )
    assert [(s.kind, s.id) for s in result.sections] == [("question", "Q1")]


def test_per_question_reference_lists_and_final_end_matter(tmp_path: Path) -> None:
    body = (
        bold("Q1) One.")
        + para("Answer one.")
        + para("References")
        + para("Raelin (2003).")
        + bold("Q2) Two.")
        + para("Answer two.")
        + para("References")
        + para("Gronn (2002).")
        + para("Appendix A: Homepage")
        + para("A screenshot.")
    )
    assert outline(do_split(tmp_path, body, Q1, Q2)) == [
        (
            "question",
            "Q1",
            [
                ("prompt", "Q1) One."),
                ("answer", "Answer one."),
                ("references", "References"),
                ("references", "Raelin (2003)."),
            ],
        ),
        (
            "question",
            "Q2",
            [
                ("prompt", "Q2) Two."),
                ("answer", "Answer two."),
                ("references", "References"),
                ("references", "Gronn (2002)."),
            ],
        ),
        (
            "appendices",
            "appendices",
            [("appendices", "Appendix A: Homepage"), ("appendices", "A screenshot.")],
        ),
    ]


def test_a_single_final_reference_list_belongs_to_no_question(tmp_path: Path) -> None:
    body = (
        bold("Q1) One.")
        + para("Answer one.")
        + bold("Q2) Two.")
        + para("Answer two.")
        + para("Reference list")
        + para("Raelin (2003).")
    )
    result = do_split(tmp_path, body, Q1, Q2)
    assert [(s.kind, s.id) for s in result.sections] == [
        ("question", "Q1"),
        ("question", "Q2"),
        ("references", "references"),
    ]
    assert [b.text for b in result.sections[-1].blocks] == ["Reference list", "Raelin (2003)."]


def test_unknown_heading_at_question_level_is_its_own_section(tmp_path: Path) -> None:
    body = (
        para("Q1) One.", style="Heading1")
        + para("Background", style="Heading2")
        + para("Answer one.")
        + para("Question 4", style="Heading1")
        + para("Extra words.")
        + para("Q2) Two.", style="Heading1")
        + para("Answer two.")
    )
    result = do_split(tmp_path, body, Q1, Q2)
    assert [(s.kind, s.id) for s in result.sections] == [
        ("question", "Q1"),
        ("unknown", "Question 4"),
        ("question", "Q2"),
    ]
    assert [b.text for b in result.sections[0].blocks] == ["Q1) One.", "Background", "Answer one."]


def test_footnotes_and_text_boxes_go_with_their_paragraph(tmp_path: Path) -> None:
    from builders import notes_xml

    ref = '<w:r><w:footnoteReference w:id="1"/></w:r>'
    body = bold("Q1) One.") + para("Answer one.", ref) + bold("Q2) Two.") + para("Answer two.")
    footnotes = notes_xml("footnote", {1: para("A note on one.")})
    result = do_split(tmp_path, body, Q1, Q2, footnotes=footnotes)
    first = result.question("Q1")
    assert first is not None
    assert [(e.role, e.block.kind, e.block.text) for e in first.entries][-1] == (
        "answer",
        "footnote",
        "A note on one.",
    )


def test_a_typed_contents_list_is_not_taken_for_the_questions(tmp_path: Path) -> None:
    body = (
        para("Q1) Describe\t1")
        + para("Q2) Evaluate ........ 2")
        + bold("Q1) Describe the model.")
        + para("Answer one.")
        + bold("Q2) Evaluate it.")
        + para("Answer two.")
    )
    result = do_split(tmp_path, body, Q1, Q2)
    assert [(s.kind, s.title) for s in result.sections] == [
        ("front-matter", "Q1) Describe\t1"),
        ("question", "Q1) Describe the model."),
        ("question", "Q2) Evaluate it."),
    ]


def test_prompt_length_skips_empty_paragraphs(tmp_path: Path) -> None:
    body = para("Q1) Describe the model.") + para("") + para("Use two readings.") + para("Answer.")
    spec = QuestionSpec("Q1", match=r"^Q1\)", prompt=2)
    roles = [
        (role, text)
        for _, _, entries in outline(do_split(tmp_path, body, spec))
        for role, text in entries
    ]
    assert roles == [
        ("prompt", "Q1) Describe the model."),
        ("prompt", ""),
        ("prompt", "Use two readings."),
        ("answer", "Answer."),
    ]


def test_final_end_matter_stays_with_the_last_question_when_the_rubric_counts_it(
    tmp_path: Path,
) -> None:
    # APA style: everything counts, so a final reference list is part of the essay.
    body = bold("Q1) One.") + para("Answer one.") + para("References") + para("Raelin (2003).")
    result = do_split(tmp_path, body, Q1, exclude=())
    assert [(s.kind, s.id) for s in result.sections] == [("question", "Q1")]
    assert [e.role for e in result.sections[0].entries] == [
        "prompt",
        "answer",
        "references",
        "references",
    ]


def test_any_heading_at_question_level_ends_the_question_above(tmp_path: Path) -> None:
    body = (
        para("Q1) One.", style="Heading1")
        + para("Two words.")
        + para("Introduction", style="Heading1")
        + para("More words, under a heading as high as the questions'.")
        + para("Q2) Two.", style="Heading1")
    )
    result = do_split(tmp_path, body, Q1, Q2)
    assert [(s.kind, s.id) for s in result.sections] == [
        ("question", "Q1"),
        ("unknown", "Introduction"),
        ("question", "Q2"),
    ]
    assert [b.text for b in result.sections[0].blocks] == ["Q1) One.", "Two words."]


def test_a_heading_below_the_questions_stays_in_the_answer(tmp_path: Path) -> None:
    body = (
        para("Q1) One.", style="Heading1")
        + para("Introduction", style="Heading2")
        + para("More words of the same answer.")
        + para("Q2) Two.", style="Heading1")
    )
    result = do_split(tmp_path, body, Q1, Q2)
    assert [(s.kind, s.id) for s in result.sections] == [("question", "Q1"), ("question", "Q2")]


def test_a_question_heading_written_twice_is_kept_apart(tmp_path: Path) -> None:
    body = (
        para("Q1) One.", style="Heading1")
        + para("First part of the answer.")
        + para("Q1) One, continued.", style="Heading1")
        + para("Second part.")
        + para("Q2) Two.", style="Heading1")
        + para("Answer two.")
    )
    result = do_split(tmp_path, body, QuestionSpec("Q1"), QuestionSpec("Q2"))
    assert [(s.kind, s.id) for s in result.sections] == [
        ("question", "Q1"),
        ("unknown", "Q1 (again)"),
        ("question", "Q2"),
    ]
    assert result.repeats == (("Q1", "Q1) One, continued.", "Q1 (again)"),)
    assert "Second part." not in [b.text for b in result.sections[0].blocks]


def test_two_reference_lists_after_the_questions_have_their_own_ids(tmp_path: Path) -> None:
    body = (
        bold("Q1) One.")
        + para("Answer.")
        + para("References")
        + para("Raelin (2003).")
        + para("Appendix A: Survey")
        + para("The survey.")
        + para("References")
        + para("Gronn (2002).")
    )
    result = do_split(tmp_path, body, Q1)
    assert [(s.kind, s.id) for s in result.sections] == [
        ("question", "Q1"),
        ("references", "references"),
        ("appendices", "appendices"),
        ("references", "references 2"),
    ]
