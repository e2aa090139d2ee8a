"""A document's own contents list, read as an outline of it.

When a contents list puts the questions' labels one level below entries of
its own ("PowerShell Console" at level 1, "Section A: ..." to "Section D:
..." under it at level 2), the document groups its questions: the higher
entries are the questions, and the labelled ones their parts. It takes at
least two such entries with labels under them (a single entry above all
the questions is the document's title).

A level is a TOC style's number ("TOC 2"); a line typed into the list
without a TOC style takes the level of the styled lines set like it (bold
like the level-1 lines, say), else level 1.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.record import record

_PAGE = lazy(r"(?:\t|\.{2,}|…+|\s[—–-])[\s\d\-–ivxlc]*$")
_TOC_STYLE = lazy(r"(?i)^toc\s*(\d)")
_TITLE = lazy(r"(?i)^\s*(?:table\s+of\s+)?contents?\s*:?\s*$")
_KEEP = 30  # characters of an entry compared with the line it names


@record
class ContentsEntry:
    """One line of a contents list: its level, its text (no page number), its block."""

    level: int
    text: str
    index: int


def normal(text: str) -> str:
    return " ".join(text.split()).rstrip(" :.").casefold()


def contents_entries(blocks: Sequence[Block], skipped: frozenset[int]) -> list[ContentsEntry]:
    """The entries of the document's contents lists, in order."""
    lines = [
        b for b in blocks if b.index in skipped and b.text.strip() and not _TITLE.match(b.text)
    ]
    levels: dict[frozenset[str], int] = {}
    for block in lines:
        styled = _TOC_STYLE.match(block.style)
        if styled is not None:
            levels.setdefault(block.emphasis, int(styled.group(1)))
    out: list[ContentsEntry] = []
    for block in lines:
        styled = _TOC_STYLE.match(block.style)
        level = int(styled.group(1)) if styled is not None else levels.get(block.emphasis, 1)
        text = _PAGE.sub("", block.text).strip()
        if text:
            out.append(ContentsEntry(level, text, block.index))
    return out


def names(entry: ContentsEntry, block: Block) -> bool:
    """Does the contents entry name the paragraph ``block`` (its text or its start)?"""
    mine, theirs = normal(entry.text), normal(block.text)
    if not mine or not theirs:
        return False
    return theirs.startswith(mine[:_KEEP]) or mine.startswith(theirs[:_KEEP])


def body_line(
    blocks: Sequence[Block], skipped: frozenset[int], entry: ContentsEntry, after: int
) -> Block | None:
    """The paragraph after ``after`` (outside any contents list) whose text the entry is."""
    wanted = normal(entry.text)
    for block in blocks[after + 1 :]:
        if block.anchor is None and block.index not in skipped and normal(block.text) == wanted:
            return block
    return None


def grouping(
    blocks: Sequence[Block], skipped: frozenset[int], starts: Sequence[Block]
) -> list[Block]:
    """The paragraphs of the entries that group the questions starting at ``starts``, if any."""
    entries = contents_entries(blocks, skipped)
    if not entries or len(starts) < 2:
        return []
    matched = [next((e for e in entries if names(e, block)), None) for block in starts]
    found = [e for e in matched if e is not None]
    if len(found) < max(2, len(starts) * 4 // 5):
        return []
    levels = {e.level for e in found}
    if len(levels) != 1 or min(levels) < 2:
        return []
    level = levels.pop()
    after = max(skipped, default=-1)
    located: list[Block] = []
    for entry in entries:
        if entry.level >= level:
            continue
        block = body_line(blocks, skipped, entry, after)
        if block is not None:
            located.append(block)
            after = block.index
    bounds = [b.index for b in located] + [len(blocks)]
    grouping_parents = sum(
        1
        for i, parent in enumerate(located)
        if any(parent.index < s.index < bounds[i + 1] for s in starts)
    )
    return located if grouping_parents >= 2 else []
