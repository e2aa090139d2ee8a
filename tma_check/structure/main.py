"""Where the main text of a single essay or report starts.

Before it come the title and the lines under it (author, module, date), a
cover sheet (its tables and text boxes), a contents list, the student's
word-count line, a copied brief and an abstract; none of them is counted.
The main text starts at its first paragraph of prose, or at the heading
right above it when that heading is one of the piece's section headings
(another like it follows), not its title. A line such as "The answer:"
ends a copied task: the main text starts after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.rules.declarations import is_declaration
from tma_check.statements import read_words
from tma_check.structure.furniture import EndHeadings
from tma_check.structure.look import answer_mark, is_heading, look, section_title, word_count

BODY_WORDS = 25  # a paragraph of prose, not a line of a title block
SHORT_BODY = 10
_SENTENCE = 8  # a sentence of at least this many words, ending in a full stop, is prose
_SENTENCE_ENDS = (".", "?", "!", '."', ".”", ".’")
_BRIEF_WORDS = 60
_TASK_LABEL = lazy(
    r"(?i)^\s*(?:essay\s+|assignment\s+)?(?:title|question|task|topic|prompt|brief)\s*:"
)
_ASKS_FOR_WRITING = lazy(
    r"(?i)^\s*in\s+\d|\b(?:write|answer|respond|discuss|explain|describe|reflect|you|your)\b|\?"
)
_HEADING_LINE = 15
_ABSTRACT = lazy(r"(?i)^\s*abstract\s*[:.]?\s*$")


def _lines(blocks: Sequence[Block], skipped: frozenset[int], ends: EndHeadings) -> list[Block]:
    """Body paragraphs with text, up to the first reference list or appendix."""
    found: list[Block] = []
    for block in blocks:
        if block.anchor is not None or block.cell is not None or block.index in skipped:
            continue
        if not block.text.strip():
            continue
        if ends.kind(block) is not None:
            break
        found.append(block)
    return found


def _brief(block: Block) -> bool:
    """The copied task, not the answer: it sets a limit and asks for the writing
    ("In 25 words or less write ...", "Discuss ... (2,000 words)"), or is
    labelled as the task ("Essay title: ...")."""
    text = block.text.strip()
    if _TASK_LABEL.match(text):
        return True
    if word_count(text) > _BRIEF_WORDS or not any(w.limit or w.minimum for w in read_words(text)):
        return False
    return _ASKS_FOR_WRITING.search(text) is not None


def prose(block: Block) -> bool:
    """A paragraph of prose: long, or a sentence of some length (not a title-block line)."""
    text = block.text.strip()
    words = word_count(text)
    if words >= BODY_WORDS:
        return True
    return words >= _SENTENCE and "\n" not in text and text.endswith(_SENTENCE_ENDS)


def _heading_like(block: Block) -> bool:
    return word_count(block.text) <= _HEADING_LINE and (
        is_heading(block) or bool(block.emphasis) or block.label is not None
    )


def main_start(blocks: Sequence[Block], skipped: frozenset[int], ends: EndHeadings) -> int:
    """The index of the block the main text starts at."""
    lines = _lines(blocks, skipped, ends)
    if not lines:
        return 0
    total = sum(word_count(b.text) for b in lines)
    seen = 0
    for position, block in enumerate(lines):
        if seen > total / 2:
            break
        seen += word_count(block.text)
        if answer_mark(block.text) and position + 1 < len(lines):
            return lines[position + 1].index
    abstract = next((i for i, b in enumerate(lines) if _ABSTRACT.match(b.text)), None)
    first = 0
    if abstract is not None:
        kind = look(lines[abstract])
        later = next(
            (
                i
                for i in range(abstract + 1, len(lines))
                if look(lines[i]) == kind and _heading_like(lines[i])
            ),
            None,
        )
        if later is not None:
            return lines[later].index
        first = abstract + 1
    body = _first_body(lines, first, BODY_WORDS)
    if body is None:
        body = _first_body(lines, first, SHORT_BODY)
    if body is None:
        return lines[first].index if first < len(lines) else lines[0].index
    if body > first:
        above = lines[body - 1]
        if section_title(above.text) or (_heading_like(above) and _recurs(lines, body, above)):
            return above.index
    return lines[body].index


def _first_body(lines: Sequence[Block], start: int, words: int) -> int | None:
    """The first paragraph of prose (or, when ``words`` is given, of that many words)."""
    for i in range(start, len(lines)):
        block = lines[i]
        if is_declaration(block) or _brief(block) or _heading_like(block):
            continue
        if prose(block) if words == BODY_WORDS else word_count(block.text) >= words:
            return i
    return None


def _recurs(lines: Sequence[Block], body: int, heading: Block) -> bool:
    """Does a heading set like ``heading`` come again after the body starts?"""
    kind = look(heading)
    return any(
        look(b) == kind and _heading_like(b) and b.index != heading.index for b in lines[body:]
    )
