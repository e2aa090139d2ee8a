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
from builders import para, run, write_docx

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
}


def _check(tmp_path: Path, rule_id: str, example: Example) -> tuple[list[str], int | None]:
    path = write_docx(tmp_path / "answer.docx", example.prompt + "".join(example.body))
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
