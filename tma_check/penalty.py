"""What a rubric's penalty bands would cost a piece of work over its limit, and how to say it.

A policy is a list of bands, each from a percentage over the limit (more than
``over`` percent) up to the next band. A band deducts marks ("10-30% over
loses 10 points"), deducts a percentage of the mark, or caps the mark ("over
50% capped at a pass"); with ``per``, its deduction repeats for every further
``per`` percent over, or part of it ("-5 marks per further 10% over").

The arithmetic is exact (fractions), so 15% over is 15% over and not
15.000000000000002%.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tma_check.model import Penalty, PenaltyBand

if TYPE_CHECKING:
    from fractions import Fraction


def _exact(value: float) -> Fraction:
    from fractions import Fraction  # only for work over a limit with penalty bands

    return Fraction(str(value))


def percent_over(counted: int, limit: int) -> Fraction:
    """How far ``counted`` is over ``limit``, in percent of the limit."""
    from fractions import Fraction

    return Fraction(counted - limit, limit) * 100


def band_for(over: Fraction, bands: Sequence[PenaltyBand]) -> PenaltyBand | None:
    """The band that work ``over`` percent over its limit falls in (None: no band)."""
    found = None
    for band in bands:  # in increasing order of ``over``
        if over > _exact(band.over):
            found = band
    return found


def steps(over: Fraction, band: PenaltyBand) -> int:
    """How many times ``band``'s deduction is made: once, or once per started ``per``
    percent beyond the band's start."""
    if band.per is None:
        return 1
    return max(1, math.ceil((over - _exact(band.over)) / _exact(band.per)))


def assess(counted: int, limit: int | None, bands: Sequence[PenaltyBand]) -> Penalty | None:
    """The penalty for ``counted`` words against ``limit`` (None: no penalty applies)."""
    if limit is None or not bands or counted <= limit:
        return None
    over = percent_over(counted, limit)
    band = band_for(over, bands)
    if band is None:
        return None
    times = steps(over, band)
    return Penalty(
        over=float(over),
        band=band,
        marks=float(_exact(band.deduct) * times) if band.deduct is not None else 0.0,
        percent=min(float(_exact(band.percent) * times), 100.0)
        if band.percent is not None
        else 0.0,
        cap=band.cap,
    )


def _number(value: float) -> str:
    return f"{value:,g}"


def _marks(value: float) -> str:
    return f"{_number(value)} mark" if value == 1 else f"{_number(value)} marks"


def penalty_text(penalty: Penalty) -> str:
    """What the penalty is, short: "-10 marks", "-20% of the mark", "capped at 50 marks"."""
    if penalty.cap is not None:
        return f"mark capped at {_number(penalty.cap)}"
    if penalty.percent:
        return f"-{_number(penalty.percent)}% of the mark"
    return f"-{_marks(penalty.marks)}"


def penalty_message(penalty: Penalty) -> str:
    """What a report adds to the verdict: "penalty: 10 marks deducted (more than 10% over)"."""
    band = penalty.band
    if penalty.cap is not None:
        cost = f"mark capped at {_number(penalty.cap)}"
    elif penalty.percent:
        cost = f"{_number(penalty.percent)}% of the mark deducted"
    else:
        cost = f"{_marks(penalty.marks)} deducted"
    rule = f"more than {_number(band.over)}% over"
    if band.per is not None:
        amount = (
            f"{_number(band.percent)}%" if band.percent is not None else _marks(band.deduct or 0)
        )
        rule += f", {amount} for each further {_number(band.per)}% or part of it"
    return f"penalty: {cost} ({rule})"
