"""Leave out the student's own word-count line, and keep its number.

Recognised forms, in any letter case:

* a parenthesis or bracket that starts with a number of words:
  "(1,517 Words)", "(191 Words – Excluding Appendix Indicators)",
  "[1517 words]", "(Word count: 1,517)";
* a paragraph that is only a declaration: "Word count: 1517",
  "Total word count = 1,517 words", "Words: 1517", "1,517 words";
* a cover-sheet table row: a cell "Total word count" (or "Word count",
  "Number of words") with the number in the next cell (a cell after "Word
  limit" or "Maximum length" states the limit, and is no declaration);
* a bare number in brackets at the very end of an answer, "... in the end.
  (190)", when it is near the answer's own length (so that a year or a page
  number is not taken for one).

The number becomes the question's *declared* count, which the check
compares with tma-check's own count; one outside the questions (on the
cover sheet, before or after the references) is the declared count of the
whole document. Above the questions, where the assignment's title often
states its limit ("TMA 01 (1,000 words)"), only a line of its own or a
bracket that says "word count" declares a count. The prompt's own
paragraphs are not searched, so "(200 words)" in the question text is taken
for the limit it states, not for a declaration, and a line or a parenthesis
that states a limit ("(250 words max)", "2,000 words (+/-10%)") is none.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from tma_check.amounts import whole_number
from tma_check.lazyre import IGNORECASE, lazy
from tma_check.model import Block, Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role
from tma_check.words import count_words

ID = "declarations"
OPTIONS: tuple[Option, ...] = ()

_NUMBER = r"(?P<n>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)"
_WORDS = r"words?\b"
PARENTHESIS = lazy(
    rf"[(\[]\s*(?:(?:total\s+)?word\s*count\s*[:=\-–]?\s*{_NUMBER}(?:\s*{_WORDS})?"
    rf"|{_NUMBER}\s*{_WORDS})[^()\[\]\n]{{0,80}}[)\]]",
    IGNORECASE,
)
# A labelled line may go on with a qualifier; a bare "1,517 words" may only be
# followed by one in brackets or after a dash, so that a sentence such as
# "200 words are not enough" is not taken for a declaration.
_QUALIFIER = r"(?:\s*(?:[(\[][^()\[\]\n]{0,60}[)\]]|[-–—:]\s*[^\n]{0,60}))?"
LINE = lazy(
    rf"^\s*(?:(?:(?:total\s+)?(?:word\s*count|words|number\s+of\s+words)\b[^:=\d\n]{{0,40}}"
    rf"[:=\-–]?\s*{_NUMBER}(?:\s*{_WORDS})?[^\n]{{0,60}})|(?:{_NUMBER}\s*{_WORDS}{_QUALIFIER}))"
    r"\s*\.?\s*$",
    IGNORECASE,
)


_LIMIT = lazy(
    r"(?i)\b(?:max|maximum|limit|or\s+(?:less|fewer)|up\s+to|no\s+more)\b"
    r"|\+\s*/\s*-|\+\s*or\s*-|±|\bplus\s+or\s+minus\b"  # a leeway: "2,000 words (+/-10%)"
)
_CELL_LABEL = lazy(r"(?i)^\s*(?:total\s+)?(?:word\s*count|number\s+of\s+words|words?)\s*[:=]?\s*$")
_CELL_NUMBER = lazy(rf"^\s*{_NUMBER}(?:\s*{_WORDS})?\s*$", IGNORECASE)
_BARE_END = lazy(rf"\(\s*{_NUMBER}\s*\)\s*\.?\s*$")
_YEARS = range(1900, 2101)
_NEAR = (0.5, 1.5)  # a bare "(190)" is a declaration when this near the answer's length


def find(block: Block) -> Iterator[Hit]:
    """Declarations in one block: the whole block, or each parenthesis."""
    if "word" not in block.text.lower():  # every form says "word" or "words"
        return
    line = LINE.match(block.text)
    if line is not None and _LIMIT.search(block.text) is not None:
        return  # "2,000 words (+/-10%)", "1,500 words maximum": a limit stated
    if line is not None and "(" not in block.text[: line.start("n")]:
        yield Hit(block.index, 0, len(block.text), whole=True, value=whole_number(line.group("n")))
        return
    for match in PARENTHESIS.finditer(block.text):
        if _LIMIT.search(match.group(0)) is not None:
            continue  # "(250 words max)" states a limit
        yield Hit(block.index, match.start(), match.end(), value=whole_number(match.group("n")))


def is_declaration(block: Block) -> bool:
    """True when the whole paragraph is a word-count declaration."""
    if LINE.match(block.text) is not None:
        return _LIMIT.search(block.text) is None
    match = PARENTHESIS.fullmatch(block.text.strip())
    return match is not None and _LIMIT.search(match.group(0)) is None


def _cover_cells(blocks: list[Block]) -> Iterator[Hit]:
    """ "Total word count | 2,165": a label cell with the number in the next cell of its row."""
    for here, after in pairwise(blocks):
        if here.cell is None or after.cell is None or not _CELL_LABEL.match(here.text):
            continue
        same_row = (after.cell.table, after.cell.row) == (here.cell.table, here.cell.row)
        match = _CELL_NUMBER.match(after.text)
        if same_row and after.cell.column > here.cell.column and match is not None:
            value = whole_number(match.group("n"))
            yield Hit(here.index, 0, len(here.text), whole=True, value=value)
            yield Hit(after.index, 0, len(after.text), whole=True)


def _limit_cells(blocks: list[Block]) -> Iterator[int]:
    """Cells after a "Word limit" or "Maximum length" cell in their row: the limit, no count."""
    for here, after in pairwise(blocks):
        if here.cell is None or after.cell is None or not _LIMIT.search(here.text):
            continue
        if (after.cell.table, after.cell.row) == (here.cell.table, here.cell.row):
            yield after.index


def _bare_end(blocks: list[Block]) -> Iterator[Hit]:
    """ "... in the end. (190)" at the end of the last paragraph of an answer."""
    body = [b for b in blocks if b.anchor is None and b.text.strip()]
    if not body:
        return
    last = body[-1]
    match = _BARE_END.search(last.text)
    if match is None:
        return
    value = whole_number(match.group("n"))
    words = sum(count_words(b.text) for b in body) - 1
    if value in _YEARS or words <= 0:
        return
    if _NEAR[0] * words <= value <= _NEAR[1] * words:
        yield Hit(last.index, match.start(), match.end(), value=value)


def _own_count(block: Block, hit: Hit) -> bool:
    """In the title lines, "(1,000 words)" is the assignment's limit, not a count: only a
    line of its own, or a bracket that says "word count", declares one there."""
    if hit.whole:
        return True
    return "count" in block.text[hit.start : hit.end].lower()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    searched = list(
        blocks_with_role(section, "answer", "front-matter", "unknown", "references", "appendices")
    )
    front = {e.block.index for e in section.entries if e.role == "front-matter"}
    found = False
    stated = set(_limit_cells(searched))
    for block in searched:
        if block.index in stated:
            continue
        for hit in find(block):
            if block.index in front and not _own_count(block, hit):
                continue
            found = True
            yield hit
    for hit in _cover_cells(searched):
        found = True
        yield hit
    if not found and section.kind == "question":
        yield from _bare_end(list(blocks_with_role(section, "answer")))
