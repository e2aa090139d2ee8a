"""Leave out endnotes: the text of every endnote anchored in the question.

The endnote reference marks themselves are never counted (Word does not
count them either).
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options
from tma_check.rules.kinds import of_kind

ID = "endnotes"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    return of_kind(section, "endnote")
