"""Every exclusion rule, by example: what it must leave out and what it must count.

Each example is a small TMA built in code: a bold prompt "Q1) ..." followed
by the paragraphs given, checked with only the rule under test switched on.
``excluded`` lists the texts of the spans the rule must leave out, in
document order; an empty list is a should-count example.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from builders import notes_xml, para, run, write_docx

from tma_check.api import check_document
from tma_check.load import load
from tma_check.model import QuestionSpec, Rubric, RuleUse
from tma_check.rules import RULES

PROMPT = para(run("Q1) Describe the model you chose. (100 words)", "<w:b/>"))


@dataclass(frozen=True)
class Example:
    body: tuple[str, ...]
    excluded: tuple[str, ...] = ()
    kept: tuple[str, ...] = ()
    declared: int | None = None
    options: tuple[tuple[str, object], ...] = ()
    prompt: str = PROMPT
    note: str = field(default="")


def answer(*texts: str) -> tuple[str, ...]:
    return tuple(para(text) for text in texts)


EXAMPLES: dict[str, list[Example]] = {
    "question-text": [
        Example(
            answer("The model has three parts."),
            excluded=("Q1) Describe the model you chose. (100 words)",),
        ),
        Example(
            (para(run("Set out the main risks.", "<w:b/>")), *answer("First, the budget.")),
            excluded=("Q1) Describe the model you chose. (100 words)", "Set out the main risks."),
            note="a bold paragraph straight after a bold prompt is part of the prompt",
        ),
        Example(
            answer("Set out the main risks.", "First, the budget."),
            excluded=("Q1) Describe the model you chose. (100 words)",),
            kept=("Set out the main risks.", "First, the budget."),
            note="a plain paragraph after the prompt is the answer",
        ),
        Example(
            (
                para("Question 1", style="Heading1"),
                para(run("Describe the model.", "<w:i/>")),
                para("It works."),
            ),
            excluded=("Question 1", "Describe the model."),
            prompt="",
            note="without a match pattern the heading is the prompt, with the italic task under it",
        ),
    ],
    "declarations": [
        Example(answer("(1,517 Words)", "Text."), excluded=("(1,517 Words)",), declared=1517),
        Example(
            answer("(191 Words – Excluding Appendix Indicators)"),
            excluded=("(191 Words – Excluding Appendix Indicators)",),
            declared=191,
        ),
        Example(answer("Word count: 1517"), excluded=("Word count: 1517",), declared=1517),
        Example(
            answer("Total word count = 1,380 words"),
            excluded=("Total word count = 1,380 words",),
            declared=1380,
        ),
        Example(
            answer("My answer ends here. [212 words]"), excluded=("[212 words]",), declared=212
        ),
        Example(answer("The report (about 300 words long) was short.")),
        Example(answer("In 2019 the board met 12 times.")),
        Example(answer("We wrote 200 words each on the forum.")),
        Example(answer("200 words are not enough to cover the topic in full.")),
        Example(
            answer("1,517 words (excluding references)"),
            excluded=("1,517 words (excluding references)",),
            declared=1517,
        ),
        Example(
            answer("Word count: 1,517 excluding the reference list"),
            excluded=("Word count: 1,517 excluding the reference list",),
            declared=1517,
        ),
    ],
    "appendix-pointers": [
        Example(
            answer("The homepage is clear (see Appendix A for the homepage)."),
            excluded=("(see Appendix A for the homepage)",),
        ),
        Example(
            answer("The heading works (Appendix B shows an article heading from the site)."),
            excluded=("(Appendix B shows an article heading from the site)",),
        ),
        Example(
            answer("A logo matters (See Appendix C which shows a logo in use)."),
            excluded=("(See Appendix C which shows a logo in use)",),
        ),
        Example(
            answer("Sales rose (see Figure 2) and fell (Table 3)."),
            excluded=("(see Figure 2)", "(Table 3)"),
        ),
        Example(answer("Appendix A shows the homepage in full.")),
        Example(answer("The tablet (a cheap one) was fine.")),
        Example(answer("Leaders sat at the table (round, oak) to talk.")),
    ],
    "reference-list": [
        Example(
            answer(
                "Leadership is shared (Raelin, 2003).",
                "References",
                "Raelin, J. (2003) Creating leaderful organizations.",
            ),
            excluded=("References", "Raelin, J. (2003) Creating leaderful organizations."),
        ),
        Example(
            answer("The references we used were old.", "Sources of funding were thin."),
            note="a sentence that starts with a heading word is not a heading",
        ),
    ],
    "appendices": [
        Example(
            answer("The site is clear.", "Appendix A: Homepage", "A screenshot of the homepage."),
            excluded=("Appendix A: Homepage", "A screenshot of the homepage."),
        ),
        Example(
            answer("Appendices", "Appendix A", "The homepage."),
            excluded=("Appendices", "Appendix A", "The homepage."),
        ),
        Example(answer("Appendix A shows the homepage.", "The logo is blue.")),
    ],
    "quotations": [
        Example(
            answer(
                "Gronn argues that ‘more than one leader can operate at the same time’ in a team."
            ),
            excluded=("‘more than one leader can operate at the same time’",),
        ),
        Example(
            answer("She wrote “leadership is a shared, collective practice” and moved on."),
            excluded=("“leadership is a shared, collective practice”",),
        ),
        Example(
            answer("He said \"we all lead here\" twice, and 'so do the managers in turn' once."),
            excluded=('"we all lead here"', "'so do the managers in turn'"),
        ),
        Example(
            answer(
                "The King’s Fund report on students’ work cites Raelin’s (2003) idea of the ‘4 C’s’ model."
            ),
            kept=("King’s", "students’", "Raelin’s", "‘4 C’s’"),
            note="apostrophes open and close nothing; a two-word quote is under min_words",
        ),
        Example(
            answer("The ‘4 C’s’ model is simple."),
            excluded=("‘4 C’s’",),
            options=(("min_words", 1),),
        ),
        Example(
            answer("Dana said ‘the team’s way of working is ours’ and The King’s Fund agrees."),
            excluded=("‘the team’s way of working is ours’",),
            note="an apostrophe later in the paragraph is no closing mark to wait for",
        ),
        Example(
            answer("Raelin calls it ‘the students’ work of the whole team’ in 2003."),
            excluded=("‘the students’ work of the whole team’",),
            note="a plural possessive inside a quotation does not close it",
        ),
        Example(
            answer("“He told me ‘no, not this time’ and left the room,” she said."),
            excluded=("“He told me ‘no, not this time’ and left the room,”",),
            note="nested quotations: the outer one is the span",
        ),
        Example(
            (
                para(
                    "A quotation that starts",
                    "<w:r><w:br/></w:r>",
                    "‘across a line break and runs over",
                ),
                para("Next one."),
            ),
            excluded=("‘across a line break and runs over",),
            note="unbalanced: bounded by its paragraph",
        ),
        Example(answer("Teams value their ‘identity’ and their ‘shared purpose’.")),
        Example(answer("The 12\" ruler and the 6' pole were both 1990s kit.")),
        Example(answer("Leaders in the ’90s and ’em all were rock ‘n’ roll fans.")),
        Example(
            (
                para(
                    "We must always remember the long view in all that we do today.", style="Quote"
                ),
                para("It works."),
            ),
            excluded=("We must always remember the long view in all that we do today.",),
        ),
        Example(
            (
                para(
                    "An indented block of quoted text from a book.", props='<w:ind w:left="1134"/>'
                ),
                para("Mine."),
            ),
            excluded=("An indented block of quoted text from a book.",),
        ),
        Example(
            (para("A slightly indented paragraph of my own.", props='<w:ind w:left="283"/>'),),
            kept=("A slightly indented paragraph of my own.",),
        ),
    ],
    "citations": [
        Example(
            answer(
                "Leadership is shared (Raelin, 2003) and spread (Bennett et al, 2003), as others note "
                "(West, M. et al, 2014; The King’s Fund, 2019)."
            ),
            excluded=(
                "(Raelin, 2003)",
                "(Bennett et al, 2003)",
                "(West, M. et al, 2014; The King’s Fund, 2019)",
            ),
        ),
        Example(
            answer(
                "It recurs (Raelin, 2003 and 2011) and recurs (Spillane, 2005; Gronn, 2002) again."
            ),
            excluded=("(Raelin, 2003 and 2011)", "(Spillane, 2005; Gronn, 2002)"),
        ),
        Example(
            answer(
                "As shown (ibid., p. 42), and undated (n.d.) elsewhere, and paged (Raelin, 2003, p. 4)."
            ),
            excluded=("(ibid., p. 42)", "(Raelin, 2003, p. 4)"),
            note="a bare (n.d.) after a lowercase word is not after a name",
        ),
        Example(answer("Raelin (2017) argues the point."), excluded=("(2017)",)),
        Example(
            answer("As Raelin (2017) argues, Bennett et al. (2003) agree."),
            excluded=("Raelin (2017)", "Bennett et al. (2003)"),
            options=(("narrative_author", True),),
        ),
        Example(
            answer("Studies agree [4] and disagree [1–3] or [2, 5, 7]."),
            excluded=("[4]", "[1–3]", "[2, 5, 7]"),
        ),
        Example(answer("A parenthesis (in 2019 the board met) is counted.")),
        Example(answer("The policy (March 2020) changed, and the growth (2019) slowed.")),
        Example(
            (
                para(
                    "Shared leadership matters ",
                    run("12", '<w:vertAlign w:val="superscript"/>'),
                    " a lot.",
                ),
            ),
            excluded=("12",),
            note="a superscript number standing alone",
        ),
        Example(
            (
                para(
                    "Leadership is shared ",
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                    '<w:r><w:instrText xml:space="preserve"> ADDIN ZOTERO_ITEM CSL_CITATION {"citationID":"x"} </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
                    "(Raelin 2003)",
                    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                    " and ",
                    '<w:fldSimple w:instr=" CITATION Gro02 \\l 2057 "><w:r><w:t>[Gronn 02]</w:t></w:r></w:fldSimple>',
                    " today.",
                ),
            ),
            excluded=("(Raelin 2003)", "[Gronn 02]"),
            note="reference-manager fields are found structurally, whatever their text",
        ),
    ],
    "captions": [
        Example(
            answer("Figure 3: Sales by region", "Table 2. Results of the survey", "The text."),
            excluded=("Figure 3: Sales by region", "Table 2. Results of the survey"),
        ),
        Example(
            (para("Staff turnover by year", style="Caption"), para("Text.")),
            excluded=("Staff turnover by year",),
        ),
        Example(
            (
                para('<w:r><w:drawing><a:blip r:embed="rId9"/></w:drawing></w:r>'),
                para("The homepage in 2024"),
                para("Then a long sentence."),
            ),
            excluded=("The homepage in 2024",),
        ),
        Example(answer("Figure 3 shows the trend clearly.", "Table manners matter.")),
    ],
    "tables": [
        Example(
            (
                para("Posts:"),
                "<w:tbl><w:tr><w:tc>"
                + para("12 May")
                + "</w:tc><w:tc>"
                + para("I agree with you.")
                + "</w:tc></w:tr></w:tbl>",
            ),
            excluded=("12 May", "I agree with you."),
            kept=("Posts:",),
        ),
    ],
    "footnotes": [
        Example(
            (para("Text with a note.", '<w:r><w:footnoteReference w:id="1"/></w:r>'),),
            excluded=("The note itself.",),
            kept=("Text with a note.",),
        ),
    ],
    "endnotes": [
        Example(
            (para("Text with a note.", '<w:r><w:endnoteReference w:id="1"/></w:r>'),),
            excluded=("An endnote.",),
            kept=("Text with a note.",),
        ),
    ],
    "textboxes": [
        Example(
            (
                para(
                    "Body.",
                    "<w:r><w:pict><v:shape><v:textbox><w:txbxContent>"
                    + para("Boxed text.")
                    + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>",
                ),
            ),
            excluded=("Boxed text.",),
            kept=("Body.",),
        ),
    ],
    "headings": [
        Example(
            (para("Introduction", style="Heading2"), para("My answer.")),
            excluded=("Introduction",),
            kept=("My answer.",),
        ),
        Example(answer("Introduction to my answer, in plain text.")),
    ],
}


def _check(tmp_path: Path, rule_id: str, example: Example) -> tuple[list[str], int | None]:
    body = example.prompt + "".join(example.body)
    notes = {}
    if "footnoteReference" in body:
        notes["footnotes"] = notes_xml("footnote", {1: para("The note itself.")})
    if "endnoteReference" in body:
        notes["endnotes"] = notes_xml("endnote", {1: para("An endnote.")})
    path = write_docx(tmp_path / "answer.docx", body, **notes)
    spec = QuestionSpec(id="Q1", match=r"^Q1\)" if example.prompt else None)
    if not example.prompt:
        spec = QuestionSpec(id="Question 1")
    rubric = Rubric(
        title="t", source="test", exclude=(RuleUse(rule_id, example.options),), questions=(spec,)
    )
    result = check_document(load(str(path)), rubric)
    measurement = result.questions[0].measurement
    assert measurement is not None, "the question was not found"
    spans = [e.text for e in measurement.exclusions if e.rule == rule_id]
    for other in result.others:
        spans += [e.text for e in other.exclusions if e.rule == rule_id]
    return spans, measurement.declared


CASES = [
    (rule_id, n, example)
    for rule_id, examples in EXAMPLES.items()
    for n, example in enumerate(examples)
]


@pytest.mark.parametrize(
    ("rule_id", "number", "example"), CASES, ids=[f"{r}-{n}" for r, n, _ in CASES]
)
def test_rule_example(tmp_path: Path, rule_id: str, number: int, example: Example) -> None:
    spans, declared = _check(tmp_path, rule_id, example)
    assert tuple(spans) == example.excluded, example.note
    for text in example.kept:
        assert not any(text in span for span in spans), f"{text!r} must be counted"
    if example.declared is not None:
        assert declared == example.declared


@pytest.mark.parametrize("rule_id", list(RULES))
def test_every_rule_has_examples_both_ways(rule_id: str) -> None:
    examples = EXAMPLES.get(rule_id, [])
    assert any(e.excluded for e in examples), f"{rule_id} has no should-exclude example"
    assert any(not e.excluded or e.kept for e in examples), f"{rule_id} has no should-count example"


def test_every_rule_is_documented() -> None:
    for rule in RULES.values():
        assert len(rule.doc.split()) >= 15, f"{rule.id} needs a docstring that explains it to users"
