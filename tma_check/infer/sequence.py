"""Notes on question numbers that skip, start late or come out of order."""

from __future__ import annotations

from collections.abc import Iterable

from tma_check.labels import Label

Notes = list[tuple[str | None, str]]
_ROMAN = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _name(label: Label, ordinal: int) -> str:
    if label.style == "digit":
        number = str(ordinal)
    elif label.style == "letter":
        number = chr(ord("a" if label.number.islower() else "A") + ordinal - 1)
    else:
        number = ""
        for value, letters in _ROMAN:
            count, ordinal = divmod(ordinal, value)
            number += letters * count
        number = number.lower() if label.number.islower() else number
    return type(label)(**{**label.__dict__, "number": number, "ordinal": ordinal, "also": None}).id


def sequence_notes(labelled: Iterable[tuple[str, Label]]) -> Notes:
    """Notes, by question id, on ids that skip a number, start late or come out of order.

    ``labelled`` gives each question's id with its label, in document order.
    """
    notes: Notes = []
    groups: dict[str, list[tuple[str, Label]]] = {}
    for ident, label in labelled:
        if label.sub is None:
            groups.setdefault(label.family, []).append((ident, label))
    for group in groups.values():
        previous, previous_id = group[0][1].ordinal - 1 if group[0][1].ordinal == 0 else 0, ""
        for ident, label in group:
            ordinal = label.ordinal
            if previous_id and ordinal <= previous:
                notes.append((ident, f"{ident} comes after {previous_id}"))
            elif ordinal > previous + 1:
                gap = [_name(label, n) for n in range(previous + 1, ordinal)]
                missing = gap[0] if len(gap) == 1 else f"{gap[0]} to {gap[-1]}"
                notes.append((ident, f"no {missing} found before {ident}"))
            previous, previous_id = max(previous, label.also or ordinal), ident
    return notes
