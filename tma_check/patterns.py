"""Compile and run a rubric's regular expressions within limits.

Compiling a pattern costs memory in proportion to its counted repeats
(``a{10000000}`` builds ten million steps), so :func:`compile_cost` is
checked before anything is compiled: a counted repeat may ask for at most
1,000, and the counted repeats of one pattern multiplied together for at
most 100,000 (``(a{100}){100}`` is ten thousand).

A pattern may also backtrack catastrophically. Each one gets a second a
paragraph and five seconds of processing (CPU) time a document, counting its
own work only (:class:`Budget`); past either it stops with TimeoutError,
which the callers report as that document's error, naming the rubric's file
and line. The regex module gives up with MemoryError when backtracking needs
about half a gigabyte; callers report that the same way.
"""

from __future__ import annotations

import string
import time
from typing import TYPE_CHECKING

from tma_check.errors import TooSlow
from tma_check.lazyre import compiled, lazy

if TYPE_CHECKING:
    import regex

    from tma_check.model import Location

PATTERN_TIMEOUT = 1.0  # seconds one pattern may take on one paragraph
PATTERN_BUDGET = 5.0  # seconds one pattern may take over a whole document
MAX_REPEAT = 1_000  # a counted repeat {n}, {n,}, {n,m} may ask for at most this
MAX_REPEATS = 100_000  # ... and all of one pattern's, multiplied together
_COUNTED = lazy(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


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


# Characters that stand for themselves in a pattern compiled with no flags; a letter or
# digit does too, and a backslash before punctuation makes it one.
_PLAIN = frozenset(" ,:;-'\"/!%&=<>@~`#")
_ESCAPED = frozenset(string.punctuation + " ")
_QUANTIFIERS = frozenset("?*+{")


def literal_start(pattern: str) -> str:
    """What every match of ``pattern`` (compiled with no flags) begins with at the start of
    the text, when the pattern is ``^`` and then plain characters: ``^Q1\\)`` -> ``Q1)``,
    ``^Part B\\b`` -> ``Part B``. Else "" (read conservatively: no alternation, no
    inline flags). A text that does not start so cannot match: no need to run the pattern.
    """
    if not pattern.startswith("^") or "|" in pattern or "(?" in pattern:
        return ""
    plain: list[str] = []
    i = 1
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and pattern[i + 1 : i + 2] in _ESCAPED:
            plain.append(pattern[i + 1])
            i += 2
        elif char.isalnum() or char in _PLAIN:
            plain.append(char)
            i += 1
        else:
            if char in _QUANTIFIERS and plain:
                plain.pop()  # "^Q1?": the character before a repeat may be absent
            break
    return "".join(plain)


class PatternTooCostly(ValueError):
    """A pattern whose counted repeats would take too much to compile."""


def compile_pattern(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile`` once :func:`compile_cost` has found the pattern affordable."""
    problem = compile_cost(pattern)
    if problem is not None:
        raise PatternTooCostly(problem)
    return compiled(pattern, flags)


class Budget:
    """The processing time one pattern may spend on one document.

    Only the pattern's own work is counted, in CPU time, so a long document
    (a million short paragraphs) or a busy machine (``-j 8`` on two cores)
    does not use it up; a paragraph gets at most :data:`PATTERN_TIMEOUT`.
    Past either, the call raises TimeoutError.
    """

    def __init__(self, seconds: float | None = None) -> None:
        self.left = PATTERN_BUDGET if seconds is None else seconds

    def _timeout(self) -> float:
        """What the next call may take; TimeoutError once the budget is spent."""
        left = self.left
        if left <= 0:
            raise TimeoutError
        return PATTERN_TIMEOUT if left > PATTERN_TIMEOUT else left

    # search and finditer run once a paragraph for each pattern: each times its own call,
    # written out (no closure per call), and takes the processing time off the budget.

    def search(self, pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
        """The first match of ``pattern`` in ``text``."""
        timeout = self._timeout()
        began = time.process_time()
        try:
            return pattern.search(text, timeout=timeout)
        finally:
            self.left -= time.process_time() - began

    def finditer(self, pattern: regex.Pattern[str], text: str) -> list[regex.Match[str]]:
        """Every match of ``pattern`` in ``text``."""
        timeout = self._timeout()
        began = time.process_time()
        try:
            return list(pattern.finditer(text, timeout=timeout))
        finally:
            self.left -= time.process_time() - began


def too_slow(
    pattern: str, where: Location | None, source: str, key: str, error: Exception
) -> TooSlow:
    """The error for a rubric's pattern past its budget on one document: ``where`` is the
    pattern's place in the rubric (``source`` when unknown), ``error`` the TimeoutError
    or MemoryError that stopped it."""
    at = source if where is None else str(where)
    if isinstance(error, MemoryError):
        cost = "needs more memory than a pattern may have on this document"
    else:
        cost = (
            f"takes too long on this document (at most {PATTERN_TIMEOUT:g} s a paragraph and "
            f"{PATTERN_BUDGET:g} s in all)"
        )
    return TooSlow(at, f"the pattern {pattern!r} ({at}, {key}) {cost}; simplify it")
