"""Leave out the student's own word-count line, and keep its number.

Recognised forms, in any letter case:

* a parenthesis or bracket that starts with a number of words:
  "(1,517 Words)", "(191 Words – Excluding Appendix Indicators)",
  "[1517 words]", "(Word count: 1,517)";
* a paragraph that is only a declaration: "Word count: 1517",
  "Total word count = 1,517 words", "Words: 1517", "1,517 words".

The number becomes the question's *declared* count, which the check
compares with tma-check's own count. The prompt's own paragraphs are not
searched, so "(200 words)" in the question text is taken for the limit it
states, not for a declaration.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

from tma_check.model import Block, Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role

ID = "declarations"
OPTIONS: tuple[Option, ...] = ()

_NUMBER = r"(?P<n>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)"
_WORDS = r"words?\b"
PARENTHESIS = regex.compile(
    rf"[(\[]\s*(?:(?:total\s+)?word\s*count\s*[:=\-–]?\s*{_NUMBER}(?:\s*{_WORDS})?"
    rf"|{_NUMBER}\s*{_WORDS})[^()\[\]\n]{{0,80}}[)\]]",
    regex.IGNORECASE,
)
# A labelled line may go on with a qualifier; a bare "1,517 words" may only be
# followed by one in brackets or after a dash, so that a sentence such as
# "200 words are not enough" is not taken for a declaration.
_QUALIFIER = r"(?:\s*(?:[(\[][^()\[\]\n]{0,60}[)\]]|[-–—:]\s*[^\n]{0,60}))?"
LINE = regex.compile(
    rf"^\s*(?:(?:(?:total\s+)?(?:word\s*count|words|number\s+of\s+words)\b[^:=\d\n]{{0,40}}"
    rf"[:=\-–]?\s*{_NUMBER}(?:\s*{_WORDS})?[^\n]{{0,60}})|(?:{_NUMBER}\s*{_WORDS}{_QUALIFIER}))"
    r"\s*\.?\s*$",
    regex.IGNORECASE,
)


def number(text: str) -> int:
    return int(regex.sub(r"\D", "", text))


def find(block: Block) -> Iterator[Hit]:
    """Declarations in one block: the whole block, or each parenthesis."""
    if "word" not in block.text.lower():  # every form says "word" or "words"
        return
    line = LINE.match(block.text)
    if line is not None and "(" not in block.text[: line.start("n")]:
        yield Hit(block.index, 0, len(block.text), whole=True, value=number(line.group("n")))
        return
    for match in PARENTHESIS.finditer(block.text):
        yield Hit(block.index, match.start(), match.end(), value=number(match.group("n")))


def is_declaration(block: Block) -> bool:
    """True when the whole paragraph is a word-count declaration."""
    if LINE.match(block.text) is not None:
        return True
    match = PARENTHESIS.fullmatch(block.text.strip())
    return match is not None


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "answer", "front-matter", "unknown"):
        yield from find(block)
