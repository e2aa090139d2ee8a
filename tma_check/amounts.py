"""Amounts as every stage words them: "1 word", "1,517 words", and percentages with
one decimal, rounded half up, and never rounded across the line a verdict depends on.

2,001 words of a 2,000-word limit is 100.05%: printed as "100.0%" it would
read as exactly at the limit beside a status of "over". So a share that is
not exactly 100% never prints as 100.0% (it is 99.9% or 100.1%), and a
share above nothing never prints as 0.0%. The check and every reporter use
this one module, so the table, the plain lines and the CSV agree.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

_TENTH = Decimal("0.1")


def percent(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` (not zero), to one decimal."""
    exact = Decimal(part) * 100 / Decimal(whole)
    shown = exact.quantize(_TENTH, rounding=ROUND_HALF_UP)
    if exact != 100 and shown == 100:
        shown = Decimal("100.1") if exact > 100 else Decimal("99.9")
    elif exact > 0 and shown == 0:
        shown = _TENTH
    return float(shown)


def percent_text(part: int, whole: int) -> str:
    """ "95.5%"; "-" when there is nothing to take a share of."""
    return f"{percent(part, whole):.1f}%" if whole else "-"


def words_text(number: int) -> str:
    """ "1 word", "1,517 words"."""
    return f"{number:,} word" if number == 1 else f"{number:,} words"
