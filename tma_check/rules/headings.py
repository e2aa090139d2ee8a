"""Leave out headings inside an answer: every paragraph set in a heading style
("Heading 1" to "Heading 9", styles based on them, or with an outline level),
and the Title and Subtitle styles.

The question's own heading is question text; this rule is for the headings a
student adds to structure an answer ("Introduction", "Conclusion").
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role, whole

ID = "headings"
OPTIONS: tuple[Option, ...] = ()
_TITLE_STYLES = ("title", "subtitle")


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "answer", "unknown", "front-matter"):
        if block.is_heading or block.style.casefold() in _TITLE_STYLES:
            yield whole(block)
