"""Compile and run a rubric's regular expressions within limits.

Compiling a pattern costs memory in proportion to its counted repeats
(``a{10000000}`` builds ten million steps), so :func:`compile_cost` is
checked before anything is compiled: a counted repeat may ask for at most
1,000, and the counted repeats of one pattern multiplied together for at
most 100,000 (``(a{100}){100}`` is ten thousand).

A pattern may also backtrack catastrophically. Each one gets a second a
paragraph and five seconds a document; past either it stops with
TimeoutError, which the callers report with the rubric's file and line. The
regex module gives up with MemoryError when backtracking needs about half a
gigabyte; callers report that the same way.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import regex

PATTERN_TIMEOUT = 1.0  # seconds one pattern may take on one paragraph
PATTERN_BUDGET = 5.0  # seconds one pattern may take over a whole document
MAX_REPEAT = 1_000  # a counted repeat {n}, {n,}, {n,m} may ask for at most this
MAX_REPEATS = 100_000  # ... and all of one pattern's, multiplied together
_COUNTED = regex.compile(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


def compile_cost(pattern: str) -> str | None:
    """Why compiling ``pattern`` would cost too much, or None.

    Counted repeats are read outside character classes and escapes, as the
    regex module reads them.
    """
    product = 1
    i = 0
    in_class = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":
                i += 1  # "[]...]": the first "]" is a character of the class
        elif char == "{":
            counted = _COUNTED.match(pattern, i)
            if counted is not None and (counted.group(1) or counted.group(2)):
                largest = max(int(n) for n in counted.groups() if n)
                if largest > MAX_REPEAT:
                    return f"repeats {largest:,} times; at most {MAX_REPEAT:,} please"
                product *= max(largest, 1)
                if product > MAX_REPEATS:
                    return (
                        f"asks for more than {MAX_REPEATS:,} steps with its counted repeats "
                        "together; use fewer"
                    )
                i = counted.end()
                continue
        i += 1
    return None


class PatternTooCostly(ValueError):
    """A pattern whose counted repeats would take too much to compile."""


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile`` once :func:`compile_cost` has found the pattern affordable."""
    problem = compile_cost(pattern)
    if problem is not None:
        raise PatternTooCostly(problem)
    return regex.compile(pattern, flags)


def deadline() -> float:
    """When a pattern's budget for a whole document runs out (``time.monotonic()``)."""
    return time.monotonic() + PATTERN_BUDGET


def _left(until: float) -> float:
    left = min(PATTERN_TIMEOUT, until - time.monotonic())
    if left <= 0:
        raise TimeoutError
    return left


def search(pattern: regex.Pattern[str], text: str, until: float) -> bool:
    """Does ``pattern`` occur in ``text``? TimeoutError past a second or past ``until``."""
    return pattern.search(text, timeout=_left(until)) is not None


def finditer(pattern: regex.Pattern[str], text: str, until: float) -> Iterator[regex.Match[str]]:
    """Every match of ``pattern`` in ``text``, within the same limits as :func:`search`."""
    return pattern.finditer(text, timeout=_left(until))
