"""Leave out captions of figures and tables.

A caption is:

* a paragraph in Word's Caption style (what Insert Caption produces);
* a paragraph that starts with a label and a number followed by a colon,
  full stop or dash: "Figure 3: Sales by region", "Table 2. Results",
  "Fig. 1 – The model" (the labels are an option);
* a short line directly below a picture (``below_images``), at most
  ``max_words`` words, e.g. "The homepage in 2024".

A sentence such as "Figure 3 shows the trend" is not a caption.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tma_check.lazyre import IGNORECASE, compiled, escape
from tma_check.model import Block, Hit, Section
from tma_check.rules.base import Option, Options, whole
from tma_check.words import count_words

if TYPE_CHECKING:
    import regex

ID = "captions"
OPTIONS = (
    Option(
        "labels",
        ("figure", "fig.", "table", "chart", "graph", "diagram", "image", "illustration", "plate"),
        "words that start a caption, before its number",
        kind=(list, tuple),
    ),
    Option(
        "below_images", True, "treat a short line directly below a picture as a caption", kind=bool
    ),
    Option("max_words", 25, "the longest line below a picture taken for a caption", kind=int),
)
_ROLES = ("answer", "unknown", "front-matter", "appendices", "references")


@functools.lru_cache(maxsize=32)
def _labelled(labels: tuple[str, ...]) -> regex.Pattern[str]:
    names = "|".join(escape(label.strip()) for label in labels if label.strip())
    return compiled(
        rf"^\s*(?:{names})\s*[\p{{N}}IVXivx]+[a-z]?(?:[.\-]\d+)*\s*(?:[:.\-–—]|$)",
        IGNORECASE,
    )


def _has_image(block: Block) -> bool:
    return any(mark.kind == "image" for mark in block.marks)


def _below_image(block: Block, previous: Block | None, max_words: int) -> bool:
    """A short line straight after a paragraph that holds only a picture."""
    text = block.text.strip()
    return (
        previous is not None
        and _has_image(previous)
        and not previous.text.strip()
        and bool(text)
        and count_words(text) <= max_words
        and not _has_image(block)
    )


def apply(section: Section, options: Options) -> Iterator[Hit]:
    labelled = _labelled(tuple(options["labels"]))
    max_words = int(options["max_words"]) if options["below_images"] else -1
    previous: Block | None = None
    for entry in section.entries:
        block = entry.block
        if entry.role not in _ROLES or block.anchor is not None:
            continue
        styled = block.style.casefold() == "caption"
        if styled or labelled.search(block.text) or _below_image(block, previous, max_words):
            yield whole(block)
        previous = block
