"""Leave out everything in tables: every cell of every table, nested tables too.

Some modules count tables and some do not. To count a table in one question
only (forum posts quoted in a table in Part B, say), leave this rule out of
that question with ``include: [tables]``.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options
from tma_check.rules.kinds import of_kind

ID = "tables"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    return of_kind(section, "table-cell")
