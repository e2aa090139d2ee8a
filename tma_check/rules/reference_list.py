"""Leave out reference lists: a "References" (or "Bibliography", "Reference
list", "Works cited") heading and everything under it, and any bibliography a
reference manager inserted, wherever it stands.

A reference list ends at the next question, at an appendix heading or at the
end of the document. Reference lists inside a question are left out of that
question's count; a final one after the last question belongs to no question
and is reported on its own line. The heading's pattern can be changed with
the rubric's ``reference_heading`` key.

Bibliographies inserted by Zotero, Mendeley, EndNote or Word's own References
> Bibliography are recognised from the document's fields, not their text, so
they are left out even under an unusual heading or none.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.lazyre import IGNORECASE, lazy
from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, whole

ID = "reference-list"
OPTIONS: tuple[Option, ...] = ()

BIBLIOGRAPHY_FIELDS = lazy(
    r"^\s*(?:ADDIN\s+)?(?:ZOTERO_BIBL|Mendeley\s+Bibliography|CSL_BIBLIOGRAPHY|EN\.REFLIST"
    r"|BIBLIOGRAPHY\b)",
    IGNORECASE,
)


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for entry in section.entries:
        block = entry.block
        if entry.role == "references":
            yield whole(block)
        elif entry.role != "prompt":
            for mark in block.marks:
                if mark.kind == "field" and BIBLIOGRAPHY_FIELDS.match(mark.value):
                    yield Hit(block.index, mark.start, mark.end)
