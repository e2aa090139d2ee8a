"""Rules that leave out all text of one kind: tables, footnotes, endnotes, text boxes.

Each is registered under its own id (``tables``, ``footnotes``, ``endnotes``,
``textboxes``) with its own documentation; they share this one function.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import BlockKind, Hit, Section
from tma_check.rules.base import whole


def of_kind(section: Section, kind: BlockKind) -> Iterator[Hit]:
    for entry in section.entries:
        block = entry.block
        if block.kind == kind or (kind == "table-cell" and block.cell is not None):
            yield whole(block)
