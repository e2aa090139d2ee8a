"""Amounts as every stage words them: "1 word", "1,517 words", and percentages with
one decimal, rounded half up, and never rounded across the line a verdict depends on.

2,001 words of a 2,000-word limit is 100.05%: printed as "100.0%" it would
read as exactly at the limit beside a status of "over". So a share that is
not exactly 100% never prints as 100.0% (it is 99.9% or 100.1%), and a
share above nothing never prints as 0.0%. The check and every reporter use
this one module, so the table, the plain lines and the CSV agree.
"""

from __future__ import annotations


def whole_number(text: str) -> int:
    """The digits of ``text`` read as one number, as a document writes a count:
    "1,517" and "1 517" are 1517. ``text`` must hold a digit."""
    return int("".join(char for char in text if char.isdecimal()))


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` (not zero), to one decimal."""
    sign = -1 if (part < 0) != (whole < 0) else 1
    part, whole = abs(part), abs(whole)
    tenths = (part * 2000 + whole) // (2 * whole)  # exact, rounded half up
    if part != whole and tenths == 1000:
        tenths = 1001 if part > whole else 999
    elif part > 0 and tenths == 0:
        tenths = 1
    return sign * tenths / 10


def percent_text(part: int, whole: int) -> str:
    """ "95.5%"; "-" when there is nothing to take a share of."""
    return f"{percent(part, whole):.1f}%" if whole else "-"


def words_text(number: int) -> str:
    """ "1 word", "1,517 words"."""
    return f"{number:,} word" if number == 1 else f"{number:,} words"
