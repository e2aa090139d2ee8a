"""The label grammar: every common way of numbering a question, and what is no label."""

from __future__ import annotations

import pytest

from tma_check.labels import read, same_part, same_question


@pytest.mark.parametrize(
    ("text", "ident", "rest"),
    [
        ("Q1 Describe the model.", "Q1", "Describe the model."),
        ("Q1) Describe the model.", "Q1", "Describe the model."),
        ("Q.1 Describe", "Q1", "Describe"),
        ("Q 1", "Q1", ""),
        ("Q1: How do they work?", "Q1", "How do they work?"),
        ("Question 1", "Question 1", ""),
        ("QUESTION 2", "Question 2", ""),
        ("Question One", "Question 1", ""),
        ("Question # 01:", "Question 1", ""),
        ("Essay Question 3", "Question 3", ""),
        ("1. Describe", "Q1", "Describe"),
        ("1) Describe", "Q1", "Describe"),
        ("(1) Describe", "Q1", "Describe"),
        ("1 - Describe", "Q1", "Describe"),
        ("1 Project Report", "Q1", "Project Report"),
        ("Task 1 – Report", "Task 1", "Report"),
        ("Task1", "Task 1", ""),
        ("Section3: Therapeutic communication", "Section 3", "Therapeutic communication"),
        ("Part A", "Part A", ""),
        ("Part IV (10 marks)", "Part IV", "(10 marks)"),
        ("Section B: Music match", "Section B", "Music match"),
        ("Activity 2", "Activity 2", ""),
        ("Activity Two", "Activity 2", ""),
        ("Exercise 3:", "Exercise 3", ""),
        ("Exercise 5 + 6:", "Exercise 5+6", ""),
        ("Unit 4. Survey methods", "Unit 4", "Survey methods"),
        ("Case Study 1", "Case Study 1", ""),
        ("Case Study #2: Hiring", "Case Study 2", "Hiring"),
        ("ii) Decide on the tables", "ii", "Decide on the tables"),
        ("(iv) Modify it", "iv", "Modify it"),
        ("Quote 1: “The essence”", "Quote 1", "“The essence”"),
        ("Learning Journal Entry 2: Traces", "Entry 2", "Traces"),
    ],
)
def test_question_labels(text: str, ident: str, rest: str) -> None:
    label = read(text)
    assert label is not None
    assert (label.id, label.rest) == (ident, rest)


@pytest.mark.parametrize(
    ("text", "ident"),
    [
        ("(a) Define it.", "a"),
        ("a) Define it.", "a"),
        ("b. Define it.", "b"),
        ("(i) Define it.", "i"),
        ("1(a) Define it.", "Q1a"),
        ("1.b Define it.", "Q1b"),
        ("1.2 Define it.", "Q1.2"),
        ("Q1.2 Define it.", "Q1.2"),
        ("Question 1a", "Question 1a"),
        ("Q1(b) Define it.", "Q1b"),
    ],
)
def test_sub_question_labels(text: str, ident: str) -> None:
    label = read(text)
    assert label is not None and label.id == ident


@pytest.mark.parametrize(
    "text",
    [
        "2019 was a good year.",
        "1.5 million people",
        "1.1.1 Background",
        "Figure 1: A map",
        "Table 2. Results",
        "Appendix A: the homepage",
        "In 25 words or less",
        "I think so.",
        "e.g. this",
        "Questions 1-3 ask",
        "Word Count: 2145",
        "GROUP – 03",
    ],
)
def test_no_labels(text: str) -> None:
    assert read(text) is None


def test_a_label_without_punctuation_is_read_but_not_closed() -> None:
    """ "Question 2 asks us to ..." in an answer: the structure rules decide."""
    label = read("Question 2 asks us to propose a change")
    assert label is not None and not label.closed


@pytest.mark.parametrize(
    ("rubric_id", "label_id", "same"),
    [
        ("Q1", "Question 1", True),
        ("1", "Q1", True),
        ("Question One", "Q1", True),
        ("Part B", "Part b", True),
        ("Part II", "Part 2", True),
        ("Part B", "Part 2", False),
        ("Q1", "Q10", False),
        ("Task 1", "Q1", False),
        ("Q1a", "Question 1(a)", True),
        ("Introduction", "introduction", True),
    ],
)
def test_ids_name_the_same_question(rubric_id: str, label_id: str, same: bool) -> None:
    assert same_question(rubric_id, label_id) is same


@pytest.mark.parametrize(
    ("part_id", "unit_id", "same"),
    [
        ("a", "Question 1a", True),
        ("(a)", "Q1(a)", True),
        ("Q1a", "Question 1a", True),
        ("ii", "Q1d(ii)", True),
        ("2", "Q1.2", True),
        ("b", "Question 1a", False),
    ],
)
def test_part_ids(part_id: str, unit_id: str, same: bool) -> None:
    assert same_part(part_id, unit_id) is same
