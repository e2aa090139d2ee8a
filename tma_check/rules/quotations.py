"""Leave out direct quotations: quoted text inline, and block quotations.

Inline quotations are text between quotation marks, double or single,
curly or straight (“...”, ‘...’, "...", '...', and „...“ and «...»), including
the marks. A quotation may run across runs and line breaks but never past
its paragraph: an opening mark with no closing mark leaves out the rest of
that paragraph only, and the explain view warns about it.

A closing single quotation mark is told apart from an apostrophe: between
letters it is an apostrophe ("The King’s Fund", "the ‘4 C’s’ model",
"Raelin’s (2003)"); after a plural "s" and before another word it is a
possessive ("students’ work") when the quotation closes later in the
paragraph; with no quotation open it is an apostrophe.

Block quotations are whole paragraphs set in a quotation style (Quote,
Intense Quote, Block Quote, Block Text) or indented from the left by at least
``block_indent_cm`` (list paragraphs and table cells aside).

Options:

* ``marks``: which marks make a quotation: ``double``, ``single`` (default both);
* ``min_words``: quotations of fewer words are counted (default 3), so that
  scare quotes such as ‘identity’ or a quoted term stay in the count; set it to
  1 to leave out every quoted word;
* ``block_quotes``: leave out block quotations (default true);
* ``block_styles``: the paragraph styles of block quotations;
* ``block_indent_cm``: the left indent that makes a paragraph a block quotation
  (default 1.5; 0 turns indent detection off).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from tma_check.lazyre import lazy
from tma_check.model import Block, Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role, whole
from tma_check.words import count_words

ID = "quotations"
OPTIONS = (
    Option(
        "marks", ("double", "single"), "which quotation marks make a quotation", kind=(list, tuple)
    ),
    Option("min_words", 3, "quotations with fewer words are counted", kind=int),
    Option("block_quotes", True, "leave out block quotations", kind=bool),
    Option(
        "block_styles",
        ("Quote", "Intense Quote", "Block Quote", "Block Text"),
        "paragraph styles of block quotations",
        kind=(list, tuple),
    ),
    Option(
        "block_indent_cm",
        1.5,
        "left indent (cm) that makes a block quotation; 0 for none",
        kind=(int, float),
    ),
)

TWIPS_PER_CM = 567
UNBALANCED = "quotation mark not closed in this paragraph; left out to the paragraph's end"

_DOUBLE_MARK = lazy('[“„«”»"]')
_SINGLE_MARK = lazy("[‘’']")
_DOUBLE_OPEN = "“„«"
_DOUBLE_CLOSE = "”»"
_OPENING_CONTEXT = " \t\n([{—–-/\u00a0“‘\"'"
_ELISIONS = ("em", "tis", "twas", "til", "cause", "n", "90s", "80s", "70s", "60s", "00s")


def _opens_here(text: str, i: int) -> bool:
    """A straight or curly mark at ``i`` is in a position where quotations open."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()


def _double_spans(text: str) -> Iterator[tuple[int, int, str]]:
    start: int | None = None
    for found in _DOUBLE_MARK.finditer(text):
        i = found.start()
        char = text[i]
        if char in _DOUBLE_OPEN and start is None:
            start = i
        elif char in _DOUBLE_CLOSE and start is not None:
            yield start, i + 1, ""
            start = None
        elif char == '"':
            if start is None:
                if _opens_here(text, i):
                    start = i
            else:
                yield start, i + 1, ""
                start = None
    if start is not None:
        yield start, len(text), UNBALANCED


def _is_letter(char: str) -> bool:
    return char.isalnum()


def _elision(text: str, i: int) -> bool:
    rest = text[i + 1 : i + 6].lower()
    return any(
        rest.startswith(word) and not _is_letter((rest + " ")[len(word)]) for word in _ELISIONS
    )


def _single_spans(text: str, skip: list[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    skip_starts = [a for a, _ in skip]

    def skipped(i: int) -> bool:
        n = bisect.bisect_right(skip_starts, i) - 1
        return n >= 0 and i < skip[n][1]

    marks = [found.start() for found in _SINGLE_MARK.finditer(text) if not skipped(found.start())]
    # The last mark that could close a quotation: after a non-space, and not an
    # apostrophe between two letters ("King’s" never closes anything).
    last_closer = max(
        (
            i
            for i in marks
            if text[i] != "‘"
            and i > 0
            and not text[i - 1].isspace()
            and not (_is_letter(text[i - 1]) and _is_letter(text[i + 1 : i + 2] or " "))
        ),
        default=-1,
    )
    start: int | None = None
    for i in marks:
        char = text[i]
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if _is_letter(before) and _is_letter(after):
            continue  # an apostrophe inside a word
        if start is None:
            if (char == "‘" or (char == "'" and _opens_here(text, i))) and not _elision(text, i):
                start = i
            continue
        if char == "‘" or before.isspace():
            continue
        possessive = before in "sSzZ" and after.isspace() and _is_letter(text[i + 2 : i + 3] or " ")
        if possessive and last_closer > i:
            continue
        yield start, i + 1, ""
        start = None
    if start is not None:
        yield start, len(text), UNBALANCED


def quotation_spans(
    text: str, marks: tuple[str, ...] = ("double", "single")
) -> list[tuple[int, int, str]]:
    """The (start, end, note) of every inline quotation in ``text``, outermost only."""
    # A quotation needs a mark that opens one: a text without any has none to find.
    spans = list(_double_spans(text)) if "double" in marks and _opener(text, '“„«"') else []
    if "single" in marks and _opener(text, "‘'"):
        spans += _single_spans(text, [(a, b) for a, b, _ in spans])
    return sorted(spans)


def _opener(text: str, openers: str) -> bool:
    return any(mark in text for mark in openers)


def _block_quote(block: Block, styles: frozenset[str], threshold: float) -> bool:
    """Is ``block`` a block quotation: set in one of ``styles`` (casefolded), or indented by
    ``threshold`` twips (0: never)?"""
    if block.label or block.cell is not None or block.is_heading:
        return False
    if block.style.casefold() in styles:
        return True
    return threshold > 0 and block.indent >= threshold and block.kind == "paragraph"


def apply(section: Section, options: Options) -> Iterator[Hit]:
    marks = tuple(options["marks"])
    min_words = int(options["min_words"])
    block_quotes = bool(options["block_quotes"])
    styles = frozenset(str(name).casefold() for name in options["block_styles"])
    threshold = float(options["block_indent_cm"]) * TWIPS_PER_CM
    for block in blocks_with_role(section, "answer", "unknown"):
        if block_quotes and _block_quote(block, styles, threshold):
            yield whole(block)
            continue
        for start, end, note in quotation_spans(block.text, marks):
            if note or count_words(block.text[start:end]) >= min_words:
                yield Hit(block.index, start, end, note=note)
