"""The cheap test that spares running a rubric's pattern on text it cannot match
(question patterns, and custom rules' patterns with ``^`` at each line)."""

from __future__ import annotations

import itertools

import pytest
import regex

from tma_check.patterns import literal_start

STARTS = [
    (r"^Q1\)", "Q1)"),
    (r"^Part B\b", "Part B"),
    (r"^Question 1:", "Question 1:"),
    (r"^Posted by .*$", "Posted by "),
    (r"^Q1?", "Q"),  # the "1" may be absent
    (r"^Q1+", "Q"),
    (r"^Q1*", "Q"),
    (r"^Q 1{2}", "Q "),
    (r"^Q1{e<=1}", "Q"),  # fuzzy: the "1" may be another character
    (r"^Q[12]", "Q"),
    (r"^Q1.", "Q1"),
    (r"^Q\.1", "Q.1"),
    (r"^\s*Q1", ""),
    (r"^\dQ1", ""),
    (r"Q1\)", ""),  # not anchored
    (r"^Q1|^Q2", ""),  # alternation
    (r"(?i)^q1", ""),  # flags
    (r"^q1(?i)", ""),  # flags set later still apply to the whole pattern
    (r"^(?x)Q 1", ""),
    (r"^(Q1)", ""),
    (r"^", ""),
]


@pytest.mark.parametrize(("pattern", "start"), STARTS)
def test_literal_start(pattern: str, start: str) -> None:
    assert literal_start(pattern) == start


TEXTS = ["Q1) Discuss", "Q2) Discuss", "Q) x", "Q11", "q1) a", "Part B", "Part Bee", "Q 11", "QQ1"]


@pytest.mark.parametrize(
    ("pattern", "text"), list(itertools.product([p for p, _ in STARTS], TEXTS))
)
def test_a_text_that_matches_begins_with_the_literal_start(pattern: str, text: str) -> None:
    if regex.search(pattern, text) is not None:
        assert text.startswith(literal_start(pattern))
    # As a custom rule runs it: every match on any line begins with it.
    for match in regex.finditer(pattern, f"x\n{text}\ny", regex.MULTILINE):
        assert match.group(0).startswith(literal_start(pattern))
