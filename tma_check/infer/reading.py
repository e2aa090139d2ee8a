"""What a question's prompt states, for :mod:`tma_check.infer`.

The prompt is the outline's: the label paragraph (or the part of it before
the answer), the paragraphs after it that are set like it, a question box, a
limit at the start of the answer ("(250 words max): ..."). A limit or marks
the prompt does not state are looked for in the next few paragraphs, in
their explicit forms only, and marks on a line of their own anywhere in the
question ("6 marks.") are read too. For the document as a whole, the lines
before the questions (its title, cover sheet, the brief) are read, and in a
single piece of writing, explicit limits anywhere ("the 1,500-word limit").
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.labels import of_block
from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.record import record, replace
from tma_check.rules.declarations import LINE as DECLARED_LINE
from tma_check.rules.declarations import is_declaration
from tma_check.statements import Marks, Words, read_marks, read_words
from tma_check.structure import Outline, Unit

LATER = 3  # paragraphs after a prompt searched for what it did not state
_LINE_WORDS = 20
_MARKS_LINE = lazy(
    r"(?i)^\s*[(\[]?\s*(?:total\s*[:=]?\s*)?\d+(?:\.\d+)?\s*marks?\s*[)\]]?\s*[.:]?\s*$"
)
_LIMIT_NAMED = lazy(r"(?i)\blimit\b")
_EXPLICIT = lazy(
    r"(?i)\b(?:word[\s-]*limit|limit\s+of|-word\s+limit|words?\s+or\s+(?:less|fewer)"
    r"|words?\s+max|maximum|at\s+least|no\s+more\s+than|minimum)\b"
)


@record
class Read:
    """A question's statements, each with the paragraph that made it."""

    unit: Unit
    words: tuple[tuple[Words, Block], ...]
    marks: tuple[tuple[Marks, Block], ...]
    last: int  # index of the prompt's last paragraph

    @property
    def id(self) -> str:
        return self.unit.id

    @property
    def silent(self) -> bool:
        return not self.words and not self.marks


def _prompt_texts(blocks: Sequence[Block], unit: Unit) -> list[tuple[str, Block]]:
    """The prompt's text, paragraph by paragraph (a shared one cut where the answer starts)."""
    prompt = unit.prompt
    texts: list[tuple[str, Block]] = []
    for block in blocks[prompt.start : prompt.end]:
        if block.anchor is None and block.text.strip():
            text = block.text
            if unit.label is not None and block.index == unit.start and not unit.label.automatic:
                text = block.text[unit.label.end :] if unit.label.end else block.text
            texts.append((text, block))
    if prompt.cut_block is not None:
        block = blocks[prompt.cut_block]
        texts.append((block.text[: prompt.cut], block))
    if not texts and unit.start < len(blocks):
        texts.append((blocks[unit.start].text, blocks[unit.start]))
    return texts


def read_unit(blocks: Sequence[Block], unit: Unit) -> Read:
    """What the prompt of ``unit`` states; its parts' prompts are theirs, not its own."""
    words: list[tuple[Words, Block]] = []
    marks: list[tuple[Marks, Block]] = []
    texts = _prompt_texts(blocks, unit)
    if unit.copied is not None:  # the question paper copied above the answers
        copy = replace(unit, start=unit.copied.start, prompt=unit.copied, label=None)
        texts += _prompt_texts(blocks, copy)
    for text, block in texts:
        words += [(w, block) for w in read_words(text)]
        marks += [(m, block) for m in read_marks(text)]
    last = max(unit.prompt.end - 1, unit.start)
    stop = unit.parts[0].start if unit.parts else unit.end
    later = 0
    for block in blocks[unit.prompt.end : stop]:
        if (
            block.anchor is not None
            or not block.text.strip()
            or block.index == unit.prompt.cut_block
        ):
            continue
        if later == LATER or (words and marks) or is_declaration(block):
            break
        later += 1
        if not any(w.limit for w, _ in words):
            words += [(w, block) for w in read_words(block.text, strict=True)]
        if not marks:
            marks += [(m, block) for m in read_marks(block.text, strict=True)]
    if not marks:
        marks += _marks_lines(blocks, unit, stop)
    return Read(unit, tuple(words), tuple(marks), last)


def _marks_lines(blocks: Sequence[Block], unit: Unit, stop: int) -> list[tuple[Marks, Block]]:
    """A line that only states marks ("6 marks."), anywhere in the question."""
    for block in blocks[unit.prompt.end : stop]:
        if block.anchor is None and _MARKS_LINE.match(block.text):
            return [(m, block) for m in read_marks(block.text)]
    return []


def document_statements(blocks: Sequence[Block], outline: Outline) -> list[tuple[Words, Block]]:
    """What the document says of its length as a whole.

    Read from the lines before the questions (or before the main text) in
    every form; in a single piece of writing, from its main text too, in
    explicit forms only: "the 1,500-word limit" anywhere, and "at least 300
    words" or "maximum 500 words" in a line of its own (a bullet of the
    brief), not in the middle of the essay's prose.
    """
    found: list[tuple[Words, Block]] = []
    front_end = outline.main
    rows = _rows(blocks[:front_end])
    for block in blocks:
        if block.anchor is not None and block.kind != "textbox":
            continue
        if block.cell is not None and block.index < front_end:
            row = rows.get((block.cell.table, block.cell.row))
            if row is not None and row[0] is block:  # a row is read once, as one line
                found += [(w, block) for w in read_words(_row_text(row))]
            continue
        if not block.text.strip() or is_declaration(block) or block.index in outline.skipped:
            continue
        label = of_block(block)
        if label is not None and not label.generic:
            continue  # a question's own limit (the question paper copied above the answers)
        front = block.index < front_end
        if not front and not outline.single:
            break
        short = len(block.text.split()) <= _LINE_WORDS
        if front and (short or block.cell is not None):
            found += [(w, block) for w in read_words(block.text)]
        elif front or short:
            found += [(w, block) for w in read_words(block.text, strict=True) if _explicit(w)]
        elif _LIMIT_NAMED.search(block.text):
            found += [(w, block) for w in read_words(block.text, strict=True) if _named(w)]
    return found


def _rows(blocks: Sequence[Block]) -> dict[tuple[int, int], list[Block]]:
    """The cells of each table row, in order."""
    rows: dict[tuple[int, int], list[Block]] = {}
    for block in blocks:
        if block.cell is not None and block.anchor is None and block.text.strip():
            rows.setdefault((block.cell.table, block.cell.row), []).append(block)
    return rows


def _row_text(row: list[Block]) -> str:
    """A cover sheet's row as one statement: "Word limit | 2,000" reads "Word limit: 2,000".

    A cell that declares the student's own count ("Word count | 1,517") says
    nothing of the limit, and neither does the row it heads.
    """
    text = ": ".join(" ".join(b.text.split()) for b in row)
    return "" if DECLARED_LINE.match(text) else text


def _explicit(words: Words) -> bool:
    return _EXPLICIT.search(words.phrase) is not None or words.minimum is not None


def _named(words: Words) -> bool:
    """ "the 1,500-word limit", "a word limit of 2,000": a limit called a limit."""
    return words.limit is not None and _LIMIT_NAMED.search(words.phrase) is not None
