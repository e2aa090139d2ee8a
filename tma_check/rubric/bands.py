"""Read a rubric's ``penalties``: bands of percent over a limit, each with its cost.

The schema checks each value; this checks what it cannot see: that a band
says what it costs in exactly one way (``deduct`` marks, ``deduct_percent``
of the mark, or a ``cap``), that only a deduction repeats ``per`` further
percent, and that the bands come in increasing order of ``over``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tma_check.model import Location, PenaltyBand
from tma_check.rubric.problems import Problems

COSTS = ("deduct", "deduct_percent", "cap")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def read_bands(
    items: Any,
    at: Callable[..., Location],
    key: str,
    where: tuple[Any, ...],
    problems: Problems,
) -> tuple[PenaltyBand, ...]:
    """The bands of one ``penalties`` list; errors the schema missed go to ``problems``.

    ``at(*path)`` gives the location of a path in the file and ``key`` is how
    messages name the list. Items the schema already refused are passed over.
    """
    if not isinstance(items, list):
        return ()
    bands: list[PenaltyBand] = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not _is_number(item.get("over")):
            continue
        place = at(*where, i)
        name = f"{key}[{i}]"
        costs = [cost for cost in COSTS if cost in item]
        if len(costs) != 1:
            given = " and ".join(costs) if costs else "none"
            message = f"a band gives one of deduct, deduct_percent or cap (this gives {given})"
            problems.add(place.file, message, place.line, name)
            continue
        if "per" in item and "cap" in item:
            message = "per repeats a deduction for each further step over; a cap is not repeated"
            problems.add(place.file, message, place.line, f"{name}.per")
            continue
        band = PenaltyBand(
            over=float(item["over"]),
            deduct=_float(item.get("deduct")),
            percent=_float(item.get("deduct_percent")),
            cap=_float(item.get("cap")),
            per=_float(item.get("per")),
            where=place,
        )
        if bands and band.over <= bands[-1].over:
            message = (
                f"bands go from the least over to the most: over {band.over:g} comes after "
                f"over {bands[-1].over:g}"
            )
            problems.add(place.file, message, place.line, f"{name}.over")
            continue
        bands.append(band)
    return tuple(bands)


def _float(value: Any) -> float | None:
    return float(value) if _is_number(value) else None


def band_yaml(band: PenaltyBand) -> str:
    """One band as a YAML flow mapping, as ``rubric show`` and ``rubric infer`` write it."""
    values = {
        "over": band.over,
        "deduct": band.deduct,
        "deduct_percent": band.percent,
        "cap": band.cap,
        "per": band.per,
    }
    return "{" + ", ".join(f"{k}: {v:g}" for k, v in values.items() if v is not None) + "}"
