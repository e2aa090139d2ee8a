"""Leave out the question itself: its label, its prompt paragraphs and its heading.

The prompt is the paragraph that starts the question (its label, heading
or question box), plus the paragraphs straight after it that are set like
it: the same emphasis (all bold or all italic) or the same special paragraph
style. When the answer shares the label's paragraph, only the label (or the
bold question before the answer) is left out: "1. The article argues ..."
counts from "The". A rubric can say exactly how many paragraphs the prompt
has with ``prompt: N`` on a question.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, whole

ID = "question-text"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for entry in section.entries:
        if entry.role == "prompt":
            yield whole(entry.block)
        elif entry.cut:
            yield Hit(entry.block.index, 0, entry.cut, label=True)
