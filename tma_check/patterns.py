"""Run a rubric's regular expressions within time limits.

A pattern from a rubric may backtrack catastrophically. Each one gets a
second a paragraph and five seconds a document; past either it stops with
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
