"""Leave out parenthetical pointers to appendices, figures and tables.

A pointer is a parenthesis that refers the reader elsewhere, e.g.
"(see Appendix A for the homepage)", "(Appendix B shows an article heading
...)", "(See Appendix C which shows a logo ...)", "(see Figure 2)",
"(Table 3)". The whole parenthesis is left out. A sentence that mentions an
appendix outside brackets ("Appendix A shows the homepage") is counted.

Option ``targets``: which words may start a pointer (default: appendix,
appendices, figure, fig., table).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from tma_check.lazyre import IGNORECASE, compiled, escape
from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role

if TYPE_CHECKING:
    import regex

ID = "appendix-pointers"
OPTIONS = (
    Option(
        "targets",
        ("appendix", "appendices", "figure", "fig.", "table"),
        "words that start a pointer, after an optional 'see', 'refer to' or 'cf.'",
        kind=(list, tuple),
    ),
)

_LEAD = r"(?:(?:please\s+)?(?:see(?:\s+also)?|refer\s+to|cf\.?|as\s+shown\s+in|shown\s+in)\s+)?"


@functools.lru_cache(maxsize=32)
def _pattern(targets: tuple[str, ...]) -> regex.Pattern[str]:
    names = "|".join(escape(target.strip()) for target in targets if target.strip())
    return compiled(
        rf"\(\s*{_LEAD}(?:the\s+)?(?:{names})(?=[\s\d.]|$)[^()]*(?:\([^()]*\)[^()]*)*\)",
        IGNORECASE,
    )


def apply(section: Section, options: Options) -> Iterator[Hit]:
    pattern = _pattern(tuple(options["targets"]))
    for block in blocks_with_role(section, "answer", "unknown"):
        for match in pattern.finditer(block.text):
            yield Hit(block.index, match.start(), match.end())
