"""Leave out text boxes: the text inside every text box (and shape with text)
anchored in the question.

Word stores most text boxes twice (a modern and a legacy copy); tma-check
reads one copy, so each text box is counted, or left out, once.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options
from tma_check.rules.kinds import of_kind

ID = "textboxes"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    return of_kind(section, "textbox")
