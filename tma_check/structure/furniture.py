"""The parts of a document that are no answer: contents lists, reference lists, appendices.

* A contents line is a paragraph in a TOC style, or a short line that ends in
  a page number after a tab, dots or a dash; a "Contents" or "Table of
  Contents" line starts a typed list, which runs while its lines stay short
  and end in a page number (or in the dash before a missing one).
* A cover sheet's value cell ("Name | A. Student") is the answer to the
  short key cell before it in its row, so it never starts a question.
* A reference-list heading is "References", "Reference list",
  "Bibliography", "Works Cited" and the like, an appendix heading "Appendix
  A", "Appendices", "Attachments"; either may be numbered ("3 References").
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from tma_check.labels import of_block
from tma_check.lazyre import compiled, lazy
from tma_check.model import Block

_NUMBERED = r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+)?"
REFERENCE_HEADING = (
    rf"(?i)^{_NUMBERED}(?:references?|reference\s+list|list\s+of\s+references|bibliography"
    r"|works\s+cited|sources|citations|literature\s+cited)"
    r"(?:\s+(?:list|cited|used|consulted|and\s+(?:bibliography|further\s+reading|resources))"
    r"|\s*\([^()]{0,30}\))?\s*[:.]?\s*$"
)
APPENDIX_HEADING = (
    rf"(?i)^{_NUMBERED}(?:appendix|appendices|attachments?|annex(?:es)?)"
    r"(?:\s+[A-Z0-9]{1,3}\b)?\s*(?:[:.\-–—]|$)"
)
HEADING_WORDS = 12  # an end-matter heading is short
_KEY_WORDS = 5  # a cover sheet's key cell ("Student name:")
_VALUE_WORDS = 6  # ... and the value after it ("A. Student")

_TOC_LINE = lazy(r"(?:\.{3,}|…+)\s*\d+(?:\s*[-–]\s*\d+)?\s*$")  # dot leaders
_TAB_PAGE = lazy(r"\t\s*\d+(?:\s*[-–]\s*\d+)?\s*$")
_RUN = 3  # lines ending in a page number after a tab, in a row, make a contents list
_TOC_TAIL = 40
_TOC_TITLE = lazy(r"(?i)^\s*(?:table\s+of\s+)?contents?\s*:?\s*$")
_TYPED_LINE = lazy(r"(?:\t|\.{2,}|…+|\s[—–-])\s*\d*(?:\s*[-–]\s*\d+)?\s*$")
_CONTENTS_WORDS = 15


def is_contents(block: Block) -> bool:
    """A table-of-contents line: a TOC style, or a page number after dot leaders.

    (A page number after a tab makes a contents line only in a contents list:
    "Question 1\t25", alone, may be a label with its marks.)
    """
    tail = block.text[-_TOC_TAIL:]  # the page number is at the end: look there only
    return block.style.upper().startswith("TOC") or _TOC_LINE.search(tail) is not None


def _tabbed(block: Block) -> bool:
    tail = block.text[-_TOC_TAIL:]
    return _TAB_PAGE.search(tail) is not None and len(block.text.split()) <= _CONTENTS_WORDS


def _tabbed_runs(blocks: Sequence[Block], found: set[int]) -> set[int]:
    """Lines ending in a tab and a page number: three or more in a row, or next to
    another contents line."""
    lines = [b for b in blocks if b.text.strip()]
    runs: set[int] = set()
    run: list[int] = []
    for position, block in enumerate([*lines, None]):
        if block is not None and _tabbed(block):
            run.append(position)
            continue
        near = (
            {lines[p].index for p in (run[0] - 1, run[-1] + 1) if 0 <= p < len(lines)}
            if run
            else set()
        )
        if len(run) >= _RUN or near & found:
            runs.update(lines[p].index for p in run)
        run = []
    return runs


def contents_blocks(blocks: Sequence[Block]) -> set[int]:
    """Indices of every block of a table of contents, field or typed."""
    found = {block.index for block in blocks if block.text.strip() and is_contents(block)}
    found |= _tabbed_runs(blocks, found)
    inside = False
    for block in blocks:
        text = block.text.strip()
        if not text:
            continue
        if _TOC_TITLE.match(text):
            inside = True
            found.add(block.index)
            continue
        if (
            inside
            and len(text.split()) <= _CONTENTS_WORDS
            and (block.index in found or _TYPED_LINE.search(text[-_TOC_TAIL:]))
        ):
            found.add(block.index)
            continue
        inside = False
    return found


def cover_values(blocks: Sequence[Block]) -> set[int]:
    """Short cells that follow a short key cell in their row: a cover sheet's values."""
    found: set[int] = set()
    for here, after in pairwise(blocks):
        if here.cell is None or after.cell is None or here.anchor is not None:
            continue
        if (here.cell.table, here.cell.row) != (after.cell.table, after.cell.row):
            continue
        key = here.text.split()
        if not 0 < len(key) <= _KEY_WORDS or any(c.isdigit() for c in here.text):
            continue
        if of_block(here) is not None:
            continue  # "Part A | a) ...": a question box, not a cover sheet
        if len(after.text.split()) <= _VALUE_WORDS and not after.text.rstrip().endswith("?"):
            found.add(after.index)
    return found


class EndHeadings:
    """Reference-list and appendix headings, by the given patterns or the defaults."""

    def __init__(self, references: str = "", appendices: str = "") -> None:
        self.references = compiled(references or REFERENCE_HEADING)
        self.appendices = compiled(appendices or APPENDIX_HEADING)

    def kind(self, block: Block) -> str | None:
        """``references``, ``appendices`` or None."""
        text = block.text.strip()
        if not text or block.anchor is not None or block.cell is not None:
            return None
        if len(text.split()) > HEADING_WORDS:
            return None
        if self.references.search(text) is not None:
            return "references"
        if self.appendices.search(text) is not None:
            return "appendices"
        return None
