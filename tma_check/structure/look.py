"""What a paragraph looks like and what it says, as far as finding questions goes.

A label is read the same way wherever it stands, but whether it starts a
question depends on how it is set: as a heading, a Word list item, a bold or
italic line, the first line of a question box (a table cell), or plain text.
:func:`look` names that presentation, so that labels set alike can be taken
together. :func:`asks` tells a question or an instruction ("Explain ...",
"What ...?", "(200 words)") from a statement, and :func:`section_title` the
headings of an essay or report ("Introduction", "Conclusion") from questions.
"""

from __future__ import annotations

from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.statements import read_marks, read_words

HEADING_WORDS = 25  # a paragraph in a heading style with more words is body text
LINE_WORDS = 20  # a "line": a short paragraph such as a label or a sub-heading
SENTENCE_WORDS = 10  # a heading longer than this that ends with a full stop is a sentence

_ASK_WORDS = frozenset(
    [
        "explain",
        "describe",
        "discuss",
        "identify",
        "provide",
        "write",
        "reflect",
        "list",
        "give",
        "compare",
        "contrast",
        "evaluate",
        "analyse",
        "analyze",
        "outline",
        "define",
        "state",
        "suggest",
        "summarise",
        "summarize",
        "assess",
        "justify",
        "choose",
        "select",
        "create",
        "design",
        "draw",
        "calculate",
        "show",
        "find",
        "name",
        "consider",
        "imagine",
        "complete",
        "read",
        "watch",
        "use",
        "using",
        "critically",
        "examine",
        "illustrate",
        "propose",
        "recommend",
        "prepare",
        "produce",
        "develop",
        "demonstrate",
        "apply",
        "construct",
        "explore",
        "investigate",
        "research",
        "review",
        "comment",
        "argue",
        "determine",
        "estimate",
        "interpret",
        "present",
        "record",
        "label",
        "match",
        "fill",
        "answer",
        "briefly",
        "modify",
        "decide",
        "build",
        "implement",
        "test",
        "plan",
        "conduct",
        "draft",
        "rewrite",
        "translate",
        "respond",
        "summarise",
        "prove",
        "derive",
        "solve",
        "how",
        "what",
        "why",
        "when",
        "where",
        "which",
        "who",
        "whose",
        "whom",
        "is",
        "are",
        "do",
        "does",
        "did",
        "can",
        "could",
        "should",
        "would",
        "will",
        "has",
        "have",
        "was",
        "were",
        "may",
        "might",
        "must",
    ]
)
_PHRASES = ("to what extent", "in what ways", "in what way", "with reference to", "in your")
_FIRST_WORD = lazy(r"[\p{L}’']+")
SECTION_WORDS = lazy(
    r"(?i)^\s*(?:\d+(?:\.\d+)*\.?\s*)?(?:introduction|conclusions?|concluding\s+remarks|abstract"
    r"|summary|executive\s+summary|background|literature\s+review|methodology|methods?"
    r"|results|discussion|findings|recommendations?|acknowledge?ments|limitations"
    r"|references?|bibliography|appendi(?:x|ces))\b[\s:.]*$"
)
_ANSWER_MARK = lazy(
    r"(?i)^\s*(?:the\s+|my\s+|your\s+)?(?:answers?|response|solution)\s*[:.\-–]?\s*$"
)


def word_count(text: str) -> int:
    """Words as far as telling lines from paragraphs goes (not Word's count)."""
    return len(text.split())


def is_heading(block: Block) -> bool:
    """A heading-styled paragraph that reads as a heading: short, and no sentence.

    (Some students set their whole text in a heading style.)
    """
    if block.heading_level is None:
        return False
    words = word_count(block.text)
    if words > HEADING_WORDS:
        return False
    return words <= SENTENCE_WORDS or not block.text.rstrip().endswith((".", "!", ";"))


def look(block: Block) -> str:
    """How a paragraph is set: ``heading:N``, ``list:ID:LEVEL``, ``box``, ``bold``, ``italic``
    or ``plain``."""
    if block.cell is not None:
        return "box"
    if is_heading(block):
        return f"heading:{block.heading_level}"
    if block.label and block.list is not None and block.list_format != "bullet":
        return f"list:{block.list}:{block.level or 0}"
    if "bold" in block.emphasis:
        return "bold"
    if "italic" in block.emphasis:
        return "italic"
    return "plain"


def strong(kind: str) -> bool:
    """A presentation that sets a line apart from body text."""
    return kind != "plain"


def asks(text: str) -> bool:
    """Does ``text`` read as a question or an instruction, or state words or marks?"""
    head = text.strip()[:400]
    if not head:
        return False
    if "?" in head:
        return True
    lowered = head.lower()
    if lowered.startswith(_PHRASES):
        return True
    first = _FIRST_WORD.search(head)
    if first is not None and first.start() < 3 and first.group(0).lower() in _ASK_WORDS:
        return True
    return bool(read_words(head) or read_marks(head, strict=True))


def section_title(text: str) -> bool:
    """An essay's or report's own section heading: "Introduction", "4. Conclusion"."""
    return SECTION_WORDS.match(text) is not None


def answer_mark(text: str) -> bool:
    """A line that only says the answer follows: "Answer:", "The answer:", "Answers"."""
    return _ANSWER_MARK.match(text) is not None
