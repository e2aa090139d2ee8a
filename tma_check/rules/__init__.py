"""The registry of exclusion rules.

Rules are listed in priority order: when two rules leave out the same word,
the word is put down to the first. A rubric names rules by id; an unknown id
is an error that lists the ids that exist.
"""

from __future__ import annotations

from types import ModuleType

from tma_check.rules import (
    appendices,
    appendix_pointers,
    captions,
    citations,
    declarations,
    endnotes,
    footnotes,
    headings,
    question_text,
    quotations,
    reference_list,
    tables,
    textboxes,
)
from tma_check.rules.base import Option, Options, RuleDef

_MODULES: tuple[ModuleType, ...] = (
    # whole parts of the document first, then whole paragraphs, then spans
    question_text,
    reference_list,
    appendices,
    declarations,
    headings,
    captions,
    tables,
    textboxes,
    footnotes,
    endnotes,
    quotations,
    citations,
    appendix_pointers,
)


def _define(module: ModuleType) -> RuleDef:
    return RuleDef(
        id=module.ID, doc=module.__doc__ or "", options=module.OPTIONS, apply=module.apply
    )


RULES: dict[str, RuleDef] = {module.ID: _define(module) for module in _MODULES}


def get(rule_id: str) -> RuleDef:
    """The rule called ``rule_id``. Raises KeyError for an unknown id."""
    return RULES[rule_id]


def priority(rule_id: str) -> int:
    order = list(RULES)
    return order.index(rule_id) if rule_id in RULES else len(order)


__all__ = ["RULES", "Option", "Options", "RuleDef", "get", "priority"]
