"""Leave out reference lists: a "References" (or "Bibliography", "Reference
list", "Works cited") heading and everything under it.

A reference list ends at the next question, at an appendix heading or at the
end of the document. Reference lists inside a question are left out of that
question's count; a final one after the last question belongs to no question
and is reported on its own line. The heading's pattern can be changed with
the rubric's ``reference_heading`` key.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role, whole

ID = "reference-list"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "references"):
        yield whole(block)
