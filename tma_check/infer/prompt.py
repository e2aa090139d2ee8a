"""A question's prompt, for :mod:`tma_check.infer`: what it states, and its pattern.

The prompt is the labelled paragraph and the paragraphs straight after it
that are set like it (all bold, say), as the splitter sees a prompt, plus a
bold "(200 words)" line, which the splitter would take for the student's
own word count. A limit or marks the prompt does not state are looked for
in the next few paragraphs, in their explicit forms only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from tma_check.infer.labels import Label
from tma_check.infer.text import Marks, Words, read_marks, read_words
from tma_check.model import Block
from tma_check.rules.declarations import is_declaration
from tma_check.split import PROMPT_START, candidates, set_like

_LATER = 3  # paragraphs after a prompt searched for what it did not state
_MAX_WORDS_IN_PATTERN = 12


def _continues(first: Block, block: Block) -> bool:
    """A paragraph set like the prompt's first one, as the splitter sees a prompt."""
    if block.is_heading or block.kind != "paragraph":
        return False
    return set_like(first, block)


@dataclass(frozen=True)
class Read:
    """A question's statements, each with the paragraph that made it."""

    label: Label
    words: tuple[tuple[Words, Block], ...]
    marks: tuple[tuple[Marks, Block], ...]
    last: int  # index of the prompt's last paragraph

    @property
    def silent(self) -> bool:
        return not self.words and not self.marks


def read_prompt(blocks: Sequence[Block], label: Label, stop: int) -> Read:
    """What the prompt starting at ``label`` states, looking no further than ``stop``."""
    first = label.block
    words = [(w, first) for w in read_words(label.rest)]
    marks = [(m, first) for m in read_marks(label.rest)]
    last, later = first.index, 0
    for block in blocks[first.index + 1 : stop]:
        if block.anchor is not None or not block.text.strip():
            continue
        has_limit = any(w.limit for w, _ in words)
        if not later and _continues(first, block) and not (has_limit and is_declaration(block)):
            words += [(w, block) for w in read_words(block.text)]
            marks += [(m, block) for m in read_marks(block.text)]
            last = block.index
            continue
        stated = has_limit and marks
        if stated or later == _LATER or block.kind != "paragraph" or block.is_heading:
            break
        if is_declaration(block):
            break
        later += 1
        words += [] if has_limit else [(w, block) for w in read_words(block.text, strict=True)]
        marks += [] if marks else [(m, block) for m in read_marks(block.text, strict=True)]
    return Read(label, tuple(words), tuple(marks), last)


def rivals(blocks: Sequence[Block], reads: list[Read], i: int) -> list[Block]:
    """Paragraphs the splitter could take for question ``i``'s start instead."""
    after = reads[i - 1].label.block.index if i else -1
    between = candidates(blocks[after + 1 : reads[i].label.block.index])
    return between + [read.label.block for read in reads]


def _escape(token: str) -> str:
    return "".join(regex.escape(c) if c.isprintable() else f"\\U{ord(c):08x}" for c in token)


def _hits(pattern: regex.Pattern[str], block: Block) -> bool:
    """As the splitter tests a question's pattern on a paragraph."""
    text = block.text.lstrip()[:PROMPT_START]
    if pattern.search(text) is not None:
        return True
    return block.label is not None and pattern.search(f"{block.label} {text}") is not None


def pattern_for(label: Label, others: Iterable[Block]) -> tuple[str, Block | None]:
    """An anchored pattern for ``label``'s paragraph that no rival matches.

    It is the label with a word boundary (so Q1 does not match Q10), and,
    while a rival still matches, the prompt's next words. Returns the pattern
    and the first rival it still matches, if any.
    """
    base = "^" + r"\s+".join(_escape(part) for part in label.core.split()) + r"\b"
    words = label.rest.split()[:_MAX_WORDS_IN_PATTERN]
    others = [block for block in others if block.index != label.block.index]
    clash: Block | None = None
    for count in range(len(words) + 1):
        tail = r"\s*" + r"\s+".join(_escape(word) for word in words[:count]) if count else ""
        pattern = base + tail
        compiled = regex.compile(pattern)
        clash = next((block for block in others if _hits(compiled, block)), None)
        if clash is None:
            break
    return pattern, clash
