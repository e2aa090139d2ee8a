"""Leave out appendices: an "Appendix A" or "Appendices" heading and
everything under it.

An appendix heading is a short paragraph such as "Appendix A", "Appendix B:
Homepage" or "APPENDICES" (a sentence like "Appendix A shows the homepage" is
not one). Appendices run to the next question or the end of the document.
The heading's pattern can be changed with the rubric's ``appendix_heading``
key.
"""

from __future__ import annotations

from collections.abc import Iterator

from tma_check.model import Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role, whole

ID = "appendices"
OPTIONS: tuple[Option, ...] = ()


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "appendices"):
        yield whole(block)
