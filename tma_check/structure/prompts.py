"""Where a question's prompt ends and its answer begins.

* In a question box (a table cell) the prompt is the box: the whole table
  when it has one cell, else the label's cell.
* A label paragraph is prompt, unless the answer shares it: a plain
  paragraph of answer that only starts with its number ("1. The article
  argues ..."), or a bold question followed by the answer in plain text
  ("**What did you learn?** I learnt ...") keeps the rest as answer.
* After the label paragraph, paragraphs set like it (all bold, all italic,
  the same special style) are prompt too; after a label with nothing else on
  its line ("Question 1"), only if they ask something, since a bold line
  under a label may as well be the answer's first heading. A line that says
  the answer follows ("Answer:") closes the prompt; a heading, a label or
  the student's word-count line ends it.
* A limit written at the start of the answer ("(250 words max): ...") is
  prompt too.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.labels import Label, of_block, same_question
from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.record import record
from tma_check.rules.declarations import is_declaration
from tma_check.statements import read_marks, read_words
from tma_check.structure.look import LINE_WORDS, answer_mark, asks, is_heading, word_count

_LONG = 25
_ANSWER = 60  # a labelled paragraph this long is answer, whatever its first words
_WORDED = 40  # "Q1. ..." or "Paper 2: ...": a paragraph of answer from this length
_LABEL_SLACK = 3  # a bold start no longer than the label (and a space) is only the label
_PROSE = 40  # a paragraph this long continues a prompt only if it asks a question
_PLAIN_PROMPT = 60  # a plain question under a label stating its limit is at most this long
_INLINE_LIMIT = lazy(
    r"^\s*[(\[](?P<inner>[^()\[\]\n]{0,50}\bwords?\b[^()\[\]\n]{0,30})[)\]]\s*[:.\-–]?\s*"
)
_LIMIT_WORDS = lazy(r"(?i)\b(?:max|maximum|limit|or\s+(?:less|fewer)|up\s+to|no\s+more)\b")


@record
class Prompt:
    """The prompt of a question starting at ``start``.

    Blocks ``start`` to ``end - 1`` are prompt; of block ``cut_block`` the
    first ``cut`` characters are prompt as well (a label or question that
    shares its paragraph with the answer).
    """

    start: int
    end: int
    cut_block: int | None = None
    cut: int = 0


def set_like(first: Block, block: Block) -> bool:
    """Is ``block`` set like the prompt paragraph ``first``: its emphasis, or its special style?"""
    if first.emphasis and block.emphasis >= first.emphasis:
        return True
    if first.is_heading and block.emphasis:
        return True
    special = first.style not in ("Normal", "List Paragraph", "Body Text") and not first.is_heading
    return special and block.style == first.style


def _box(blocks: Sequence[Block], start: int, stop: int) -> int:
    first = blocks[start]
    assert first.cell is not None
    table = [
        b for b in blocks[start:stop] if b.cell is not None and b.cell.table == first.cell.table
    ]
    rows = {b.cell.row for b in table if b.cell is not None}
    here = (first.cell.row, first.cell.column)
    if rows == {first.cell.row}:
        chosen = table  # one row: "Question 1 | the question"
    else:  # the answer may be in the rows below: only the label's cell is the question
        chosen = [b for b in table if b.cell is not None and (b.cell.row, b.cell.column) == here]
    end = start + 1
    for block in blocks[start:stop]:
        if block in chosen or (block.anchor is not None and end > block.anchor):
            end = block.index + 1
        elif block.index > chosen[-1].index:
            break
    return end


def _inline_cut(block: Block, label: Label | None) -> int | None:
    """Characters of a label paragraph that are prompt when the answer shares it, else None."""
    text = block.text
    if 0 < block.bold < len(text) and word_count(text[block.bold :]) >= 5:
        lead = block.bold
        if label is None or lead > label.end + _LABEL_SLACK:
            while lead < len(text) and text[lead].isspace():
                lead += 1
            return lead
    if label is None or label.automatic or block.emphasis or is_heading(block):
        return None
    rest = label.rest
    first = rest.split(".")[0]
    words = word_count(rest)
    # "1. The article argues ...", "Q1. In my workplace ...": a paragraph of answer
    # that starts with its number (a word label's title line is rarely this long)
    enough = _LONG if label.bare else _WORDED
    if words >= enough and (not asks(first) or (words >= _ANSWER and "?" not in first)):
        return label.end
    return None


def _limit_cut(block: Block) -> int:
    """The length of a limit the answer starts with ("(250 words max): "), else 0."""
    match = _INLINE_LIMIT.match(block.text)
    if match is None or _LIMIT_WORDS.search(match.group("inner")) is None:
        return 0
    return match.end() if read_words(match.group("inner")) else 0


def prompt_of(
    blocks: Sequence[Block],
    start: int,
    stop: int,
    label: Label | None,
    paragraphs: int | None = None,
) -> Prompt:
    """The prompt of a question that starts at ``start``; the next one starts at ``stop``.

    ``paragraphs`` is the rubric's ``prompt: N``: exactly that many
    paragraphs with text, from the start.
    """
    body = [i for i in range(start, stop) if blocks[i].anchor is None and blocks[i].text.strip()]
    if paragraphs is not None:
        chosen = body[: max(paragraphs, 1)]
        return Prompt(start, chosen[-1] + 1 if chosen else start + 1)
    first = blocks[start]
    if first.cell is not None:
        end = _box(blocks, start, stop)
        return _with_limit(blocks, Prompt(start, end), stop)
    cut = _inline_cut(first, label)
    if cut is not None:
        return Prompt(start, start, start, cut)
    only_label = label is not None and not label.rest.strip(" :.-–—)")
    last = start
    opened = not only_label
    for i in body[1:]:
        block = blocks[i]
        if block.cell is not None and first.cell is None:
            break
        if is_heading(block):
            break
        other = of_block(block)
        restated = only_label and label is not None and other is not None
        if other is not None and not (restated and same_question(label.id, other.id)):  # type: ignore[union-attr]
            break  # another label: the answer's own numbering, or the next question
        limit_line = only_label and not opened and set_like(first, block) and _states(block)
        if is_declaration(block) and not limit_line:
            break  # the student's own count: "(190 words)" (but a bold "(200 words)"
            # straight under a label states the limit)
        if answer_mark(block.text):
            last = i
            break
        if not set_like(first, block) and not (only_label and not opened and _states(block)):
            break
        if word_count(block.text) >= _PROSE and "?" not in block.text:
            break  # a bold paragraph of prose is the answer, set in bold
        if not opened:
            if not (asks(block.text) and not _title_like(block)):
                break
            opened = True
        last = i
    return _with_limit(blocks, Prompt(start, last + 1), stop)


def _states(block: Block) -> bool:
    """Under a label alone on its line, a plain paragraph that is the question: it states
    the limit or marks ("Describe the team. (30 words)"), or it is a question ("What ...?")."""
    text = block.text.strip()
    words = word_count(text)
    if words <= _PLAIN_PROMPT and (read_words(text) or read_marks(text)):
        return asks(text)
    return words <= _PROSE and text.endswith("?")


def _title_like(block: Block) -> bool:
    """A short line with no question in it: the answer's first heading."""
    text = block.text.strip()
    return word_count(text) <= 6 and "?" not in text and not text.endswith(":") and not asks(text)


def _with_limit(blocks: Sequence[Block], prompt: Prompt, stop: int) -> Prompt:
    after = next(
        (b for b in blocks[prompt.end : stop] if b.anchor is None and b.text.strip()), None
    )
    if after is None or word_count(after.text) <= LINE_WORDS // 4:
        return prompt
    cut = _limit_cut(after)
    return Prompt(prompt.start, prompt.end, after.index, cut) if cut else prompt
