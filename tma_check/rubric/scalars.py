"""Write YAML scalars that read back as what they were: for rubrics tma-check writes."""

from __future__ import annotations

from typing import Any


def text(value: str) -> str:
    """Single-quoted YAML text; control characters become spaces."""
    clean = "".join(c if c.isprintable() or c == "\t" else " " for c in value)
    return "'" + clean.replace("'", "''") + "'"


def number(value: float) -> str:
    """A number YAML reads back as a number: 10, 12.5, 1.0e-07 (never '1e-07', which is text)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    written = repr(float(value))
    mantissa, _, exponent = written.partition("e")
    if exponent and "." not in mantissa:
        written = f"{mantissa}.0e{exponent}"
    return written


def scalar(value: Any) -> str:
    """Any value of a rubric as YAML: booleans, numbers, lists, text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    return text(str(value))
