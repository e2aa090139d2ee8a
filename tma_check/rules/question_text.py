"""Leave out the question itself: its prompt paragraphs and its heading.

The prompt is the paragraph that matched the question's ``match`` pattern
(or, without one, the heading that starts with the question's id), plus the
paragraphs straight after it that are set like it: the same emphasis (all
bold or all italic) or the same special paragraph style. A rubric can say
exactly how many paragraphs the prompt has with ``prompt: N`` on a question.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role, whole

ID = "question-text"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "prompt"):
        yield whole(block)
