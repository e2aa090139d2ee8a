"""Rules a rubric defines for itself.

``{name: NAME, pattern: 'REGEX'}`` leaves out every match of a regular
expression (the ``regex`` package's syntax) in the answer text, under the
rule name NAME. ``{name: NAME, style: 'STYLE'}`` leaves out paragraphs set in
the paragraph style STYLE and runs set in the character style STYLE (the
name as Word shows it; letter case does not matter).

A pattern that takes longer than a second on one paragraph, or five seconds
on the whole document (or more memory than the regex module allows), is
stopped and reported as an error in the rubric.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import regex

from tma_check.errors import RubricError
from tma_check.model import Hit, RuleUse, Section
from tma_check.patterns import compile_pattern, deadline, finditer
from tma_check.rules.base import Options, RuleDef, blocks_with_role, whole

_ROLES = ("answer", "unknown")


def _pattern_hits(use: RuleUse, section: Section, options: Options) -> Iterator[Hit]:
    pattern = compile_pattern(str(options["pattern"]), regex.MULTILINE)
    until = deadline()
    for block in blocks_with_role(section, *_ROLES):
        try:
            for match in finditer(pattern, block.text, until):
                if match.end() > match.start():
                    yield Hit(block.index, match.start(), match.end())
        except (TimeoutError, MemoryError):
            where = use.where
            raise RubricError(
                where.file if where else "rubric",
                f"pattern {options['pattern']!r} takes too long on this document; simplify it",
                line=where.line if where else 0,
                key=f"exclude: {use.id}",
            ) from None


def _style_hits(use: RuleUse, section: Section, options: Options) -> Iterator[Hit]:
    wanted = str(options["style"]).casefold()
    for block in blocks_with_role(section, *_ROLES):
        if block.style.casefold() == wanted:
            yield whole(block)
            continue
        for mark in block.marks:
            if mark.kind == "style" and mark.value.casefold() == wanted:
                yield Hit(block.index, mark.start, mark.end)


def definition(use: RuleUse) -> RuleDef:
    """The rule definition for a custom rule named in a rubric."""
    apply = _pattern_hits if use.custom == "pattern" else _style_hits
    return RuleDef(id=use.id, doc=__doc__ or "", options=(), apply=partial(apply, use))
