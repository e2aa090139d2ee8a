"""Rules a rubric defines for itself.

``{name: NAME, pattern: 'REGEX'}`` leaves out every match of a regular
expression (the ``regex`` package's syntax) in the answer text, under the
rule name NAME. ``{name: NAME, style: 'STYLE'}`` leaves out paragraphs set in
the paragraph style STYLE and runs set in the character style STYLE (the
name as Word shows it; letter case does not matter).

A pattern that takes longer than a second on one paragraph, or five seconds
of processing on the whole document (or more memory than the regex module
allows), is stopped and reported as that document's error, naming the
rubric's line.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from tma_check.lazyre import MULTILINE
from tma_check.model import Hit, RuleUse, Section
from tma_check.patterns import Budget, compile_pattern, literal_start, too_slow
from tma_check.rules.base import Options, RuleDef, blocks_with_role, whole

_ROLES = ("answer", "unknown")


def _pattern_hits(use: RuleUse, section: Section, options: Options) -> Iterator[Hit]:
    pattern = compile_pattern(str(options["pattern"]), MULTILINE)
    needle = literal_start(str(options["pattern"]))  # in every match: "Posted by " of "^Posted by"
    budget = Budget()
    for block in blocks_with_role(section, *_ROLES):
        if needle not in block.text:
            continue
        try:
            matches = budget.finditer(pattern, block.text)
        except (TimeoutError, MemoryError) as error:
            pattern_text = str(options["pattern"])
            raise too_slow(pattern_text, use.where, "rubric", f"exclude: {use.id}", error) from None
        for match in matches:
            if match.end() > match.start():
                yield Hit(block.index, match.start(), match.end())


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
