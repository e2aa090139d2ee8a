"""Recognise a document's structure: its questions and their parts, or one piece of writing.

The splitter (with a rubric or without) and rubric inference both read the
:class:`Outline` that :func:`recognise` builds, so the knowledge of what a
question looks like lives here alone. See :mod:`tma_check.structure.outline`
for the rules that act on whole documents, :mod:`~tma_check.structure.families`
for how labels are told from an answer's own lists, and
:mod:`~tma_check.structure.prompts` for where a prompt ends.
"""

from __future__ import annotations

from tma_check.structure.furniture import (
    APPENDIX_HEADING,
    REFERENCE_HEADING,
    EndHeadings,
    contents_blocks,
    is_contents,
)
from tma_check.structure.outline import REPEAT_SUFFIX, Outline, Unit, recognise
from tma_check.structure.prompts import Prompt, prompt_of, set_like

__all__ = [
    "APPENDIX_HEADING",
    "REFERENCE_HEADING",
    "REPEAT_SUFFIX",
    "EndHeadings",
    "Outline",
    "Prompt",
    "Unit",
    "contents_blocks",
    "is_contents",
    "prompt_of",
    "recognise",
    "set_like",
]
