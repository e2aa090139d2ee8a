"""Leave out in-text citations.

Recognised:

* author–date citations in brackets: "(Raelin, 2003)", "(Bennett et al, 2003)",
  "(West, M. et al, 2014)", "(The King’s Fund, 2019)", "(Raelin, 2003 and
  2011)", "(Spillane, 2005; Gronn, 2002)", "(Raelin, 2003, p. 42)",
  "(see Gronn, 2002)", "(ibid., p. 42)", "(n.d.)";
* the year in brackets after a named author: "Raelin (2017) argues" leaves
  out "(2017)", and with ``narrative_author: true`` the name too;
* numeric citations: "[4]", "[1–3]", "[2, 5, 7]", and numbers set in
  superscript standing alone;
* citations inserted by a reference manager, found from the document's
  fields rather than their text: Zotero, Mendeley, EndNote, Citavi, RefWorks,
  Papers and Word's own Insert Citation (CITATION fields).

A parenthesis that holds a year but is not a citation, such as "(in 2019 the
board met)", is counted: every part before the year must look like a name
(capitalised words, initials, "et al", "and", "&"), and whatever follows the
year must be more years or a page reference.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from tma_check.lazyre import IGNORECASE, lazy
from tma_check.model import Block, Hit, Section
from tma_check.rules.base import Option, Options, blocks_with_role

ID = "citations"
OPTIONS = (
    Option(
        "narrative_author", False, "also leave out the author's name before '(2003)'", kind=bool
    ),
    Option(
        "numeric",
        True,
        "leave out numeric citations such as [4] and superscript numbers",
        kind=bool,
    ),
    Option("fields", True, "leave out citations inserted by a reference manager", kind=bool),
)

# Field instructions (after "ADDIN" where there is one) of reference managers' citations.
CITATION_FIELDS = lazy(
    r"^\s*(?:ADDIN\s+)?(?:ZOTERO_ITEM|ZOTERO_CITATION|CSL_CITATION|Mendeley\s+Citation|MENDELEY_CITATION"
    r"|EN\.CITE|CitaviPlaceholder|RW\.CITE|PAPERS2_CITATIONS|READCUBE_CITATION|CITATION\b)",
    IGNORECASE,
)

_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
_YEARISH = lazy(rf"(?<![\d\w])(?:{_YEAR}|n\.\s?d\.?|in\s+press|forthcoming)(?![\d\w])", IGNORECASE)
_PAREN = lazy(r"\(([^()]{1,300})\)")
_NUMERIC = lazy(
    r"\[\s*\d{1,4}(?:\s*[–\-]\s*\d{1,4})?(?:\s*[,;]\s*\d{1,4}(?:\s*[–\-]\s*\d{1,4})?)*\s*\]"
)
_SUPERSCRIPT_NUMBER = lazy(r"^[\s\d,;–\-]*\d[\s\d,;–\-]*$")
_LEAD = lazy(
    r"^(?:see\s+also|see|cf\.?|e\.\s?g\.,?|i\.\s?e\.,?|as\s+cited\s+in|cited\s+in|quoted\s+in|in|after|following)\s+",
    IGNORECASE,
)
_IBID = lazy(
    r"^(?:ibid|ibidem|op\.?\s?cit|loc\.?\s?cit|id)\.?(?:,?\s*(?:pp?|para)\.?\s*\d+(?:\s*[–\-]\s*\d+)?)?\.?$",
    IGNORECASE,
)
_NAME_WORD = lazy(
    r"^(?:\p{Lu}[\p{L}\p{M}’'\-.]*|\p{Lu}\.|et|al\.?|and|&|van|von|der|den|de|del|della|di|du|da|dos|la|le"
    r"|of|for|the|in|on|upon|und|y)$"
)
_TAIL = lazy(
    rf"^(?:\s*(?:,|and|&)\s*(?:{_YEAR}|n\.\s?d\.?))*"
    r"(?:\s*[,:]?\s*(?:(?:pp?|paras?|ch|chap|sec|fig|loc|slide|col)\.?\s*)?[\divxlc]+(?:\s*[–\-]\s*[\divxlc]+)?)?"
    r"(?:\s*,\s*(?:emphasis|italics|original|my)[\w\s]{0,20})?\s*\.?$",
    IGNORECASE,
)
_NARRATIVE = lazy(
    r"(?:\p{Lu}[\p{L}\p{M}\-]+,\s+)*(?:\p{Lu}[\p{L}\p{M}\-]+\s+(?:and|&)\s+)?"
    r"\p{Lu}[\p{L}\p{M}\-]+(?:\s+et\s+al\.?)?(?:’s|'s)?\s*$"
)


_MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "spring",
        "summer",
        "autumn",
        "winter",
    ]
)


def _author_ok(author: str) -> bool:
    words = author.replace(",", " ").split()
    if any(word.rstrip(".").lower() in _MONTHS for word in words):
        return False  # "(March 2020)" is a date, not a citation
    return all(_NAME_WORD.match(word) for word in words) and (
        not words or any(word[:1].isupper() for word in words)
    )


@functools.lru_cache(maxsize=4_096)  # a text cites the same sources again and again
def _is_citation(content: str) -> tuple[bool, bool]:
    """(is a citation, is a year-only citation) for the text inside brackets."""
    parts = [part.strip() for part in content.split(";")]
    year_only = len(parts) == 1
    for part in parts:
        part = _LEAD.sub("", part)
        if _IBID.match(part):
            year_only = False
            continue
        year = _YEARISH.search(part)
        if year is None:
            return False, False
        author = part[: year.start()].strip().rstrip(",").strip()
        if not _author_ok(author) or not _TAIL.match(part[year.end() :]):
            return False, False
        if author:
            year_only = False
    return True, year_only


def _field_hits(block: Block) -> Iterator[Hit]:
    for mark in block.marks:
        if mark.kind == "field" and CITATION_FIELDS.match(mark.value):
            yield Hit(block.index, mark.start, mark.end)


def apply(section: Section, options: Options) -> Iterator[Hit]:
    for block in blocks_with_role(section, "answer", "unknown"):
        text = block.text
        if options["fields"]:
            yield from _field_hits(block)
        for match in _PAREN.finditer(text) if "(" in text else ():
            citation, year_only = _is_citation(match.group(1))
            if not citation:
                continue
            start = match.start()
            if year_only:  # "(2003)" is a citation only after a name
                before = text[max(0, start - 120) : start]
                name = _NARRATIVE.search(before)
                if name is None:
                    continue
                if options["narrative_author"]:
                    start = start - len(before) + name.start()
            yield Hit(block.index, start, match.end())
        if options["numeric"]:
            for match in _NUMERIC.finditer(text) if "[" in text else ():
                yield Hit(block.index, match.start(), match.end())
            for mark in block.marks:
                if mark.kind == "superscript" and _SUPERSCRIPT_NUMBER.match(
                    text[mark.start : mark.end]
                ):
                    yield Hit(block.index, mark.start, mark.end)
