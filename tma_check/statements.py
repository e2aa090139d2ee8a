"""Read word limits, marks, leeways and totals from a question paper's text.

Each reader returns what a piece of text states, in the order it states it,
and nothing more: a text that states no limit gives no limit. Deciding which
statement to believe, and noting doubts, is left to :mod:`tma_check.infer`.

Forms read, in any letter case:

* words: "(200 words)", "1,400 words", "a 400-word summary",
  "(maximum 500 words)", "no more than 500 words", "Word limit: 400",
  "(250 words max)", "a 1,500-word limit", "25 words or less",
  "Maximum length 2,000 words",
  "approx. 3000 words", "~1500 words",
  "between 300 and 400 words", "300-400 words", "300 to 400 words",
  "at least 300 words", "minimum 300, maximum 400 words";
* marks: "(10 marks)", "[20 marks]", "Marks: 10", and a share given as a
  percentage: "(1,400 words, 60%)", "40% of the marks";
* leeway: "10% over the word limit is allowed", "a leeway of 10%",
  "10% tolerance", "you may exceed the word limit by 10%", "(+/-10%)";
* a total: "Total: 100 marks", "100 marks in total", "out of 100 marks".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from tma_check.amounts import whole_number
from tma_check.lazyre import IGNORECASE, VERBOSE, lazy
from tma_check.record import record

if TYPE_CHECKING:
    import regex

_FLAGS = IGNORECASE | VERBOSE
_INT = r"(?<![\d.,])(?:\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+)(?!\d)"
_DEC = r"(?<![\d.,])\d+(?:\.\d+)?(?!\.?\d)"
_W = r"\s*-?\s*words?\b"
_MAX = r"(?:maximum|max\.?|up\s+to|no\s+more\s+than|not\s+(?:to\s+)?exceed(?:ing)?)"
_MIN = r"(?:minimum|min\.|at\s+least|no\s+(?:fewer|less)\s+than)"

_WORDS = lazy(
    rf"""
      between\s+(?P<lo>{_INT})\s+and\s+(?P<hi>{_INT}){_W}
    | min(?:imum|\.)?\s*(?:of\s+)?(?P<lo>{_INT})(?:{_W})?\s*(?:,|;|/|and)\s*
      max(?:imum|\.)?\s*(?:of\s+)?(?P<hi>{_INT}){_W}
    | (?P<lo>{_INT})\s*(?:-|–|—|to)\s*(?P<hi>{_INT}){_W}
    | {_MIN}\s*(?:of\s+)?(?P<lo>{_INT}){_W}
    | word[\s-]*limit\b[^\d.;:%]{{0,30}}?[:=–-]?\s*(?P<hi>{_INT})(?!\s*%)
    | {_MAX}\s*(?:of\s+)?(?P<hi>{_INT}){_W}
    | (?:max(?:imum|\.)?\s+)?length\s*(?:of|:|=|is|-)?\s*(?P<hi>{_INT}){_W}
    | (?P<hi>{_INT}){_W}\s*(?:or\s+(?:less|fewer|under)|max(?:imum|\.)?\b|limit\b)
    | (?:approx(?:imately|\.)?|about|around|roughly|circa|c\.|~)\s*(?P<approx>{_INT}){_W}
    | (?P<bare>{_INT}){_W}
    """,
    _FLAGS,
)
_MARKS = lazy(
    rf"""
      (?P<m>{_DEC})\s*marks?\b
    | \bmarks?\s*(?:available\s*)?[:=]\s*(?P<m>{_DEC})
    | (?P<p>{_DEC})\s*%
    """,
    _FLAGS,
)
_NOT_MARKS_AFTER = lazy(
    r"\s*(?:over|above|more|beyond|extra|leeway|tolerance|margin|of\s+(?:the\s+)?(?:word|limit))",
    _FLAGS,
)
_NOT_MARKS_BEFORE = lazy(
    r"(?:leeway|tolerance|margin|[+±]|\+\s*/\s*[-–])\s*(?:of\s+)?(?:up\s+to\s+)?$", _FLAGS
)
_LIMIT = r"(?:the\s+)?(?:stated\s+|given\s+)?(?:word\s*)?(?:limit|count)"
_LEEWAY = lazy(
    rf"""
      (?P<p>{_DEC})\s*%\s*(?:over|above|more\s+than|beyond|in\s+excess\s+of)\s+{_LIMIT}
    | (?:leeway|tolerance|margin)\s+(?:of\s+)?(?:up\s+to\s+)?[+±]?\s*(?P<p>{_DEC})\s*%
    | [+±]?(?P<p>{_DEC})\s*%\s*(?:leeway|tolerance|margin)
    | exceed\w*\s+{_LIMIT}\s+by\s+(?:up\s+to\s+)?(?P<p>{_DEC})\s*%
    | (?:\+\s*/\s*[-–]|±)\s*(?P<p>{_DEC})\s*%
    """,
    _FLAGS,
)
_DENIED = lazy(r"\b(?:not|cannot|never|no\s+(?:leeway|tolerance|margin))\b|n[’']t\b", _FLAGS)
_TOTAL = lazy(
    rf"""
      \btotal(?:\s+of)?\s*[:=]?\s*(?P<t>{_DEC})\s*marks?\b
    | (?P<t>{_DEC})\s*marks?\s+(?:in\s+total|overall|altogether)
    | \bout\s+of\s+(?:a\s+total\s+of\s+)?(?P<t>{_DEC})\s*marks?\b
    """,
    _FLAGS,
)


@record
class Words:
    """A statement of words: a limit, a minimum, or both (a range)."""

    limit: int | None
    minimum: int | None
    phrase: str


@record
class Marks:
    """A statement of marks; ``percent`` when given as a share ("60%")."""

    value: float
    percent: bool
    phrase: str


def _dec(text: str) -> float:
    value = float(text)
    return int(value) if value.is_integer() else value


def _bracketed(text: str, start: int) -> bool:
    return text[:start].rstrip().endswith(("(", "["))


_REACH = 200  # characters a statement reaches before or after the word it always has
_LONG = 4 * _REACH
_SENTENCE = 400  # characters of a leeway's sentence looked at on either side


def _around(pattern: regex.Pattern[str], text: str, needle: str) -> Iterator[regex.Match[str]]:
    """``pattern.finditer(text)``, for a pattern whose matches all contain ``needle``
    (in lower case). In a long text only the stretches near a ``needle`` are searched,
    so that a paragraph of megabytes costs a scan for one word, not every branch of
    the pattern at every character."""
    lowered = text.lower()
    if needle not in lowered:
        return
    if len(text) < _LONG or len(lowered) != len(text):  # (lower case may change a length)
        yield from pattern.finditer(text)
        return
    start = lowered.find(needle)
    while start >= 0:
        stop = start + _REACH
        ahead = lowered.find(needle, start + 1)
        while 0 <= ahead < stop + _REACH:  # stretches that touch are searched as one
            stop = ahead + _REACH
            ahead = lowered.find(needle, ahead + 1)
        yield from pattern.finditer(text, max(0, start - _REACH), min(len(text), stop))
        start = ahead


def read_words(text: str, strict: bool = False) -> list[Words]:
    """Every statement of words in ``text``.

    ``strict`` (for paragraphs after the prompt, which may be the student's
    answer) takes a bare "500 words" only inside brackets.
    """
    found: list[Words] = []
    for match in _around(_WORDS, text, "word"):  # every form says "word" or "words"
        if match.group("bare") and strict and not _bracketed(text, match.start()):
            continue
        if match.group("approx") and strict:
            continue
        high = match.group("hi") or match.group("bare") or match.group("approx")
        low = match.group("lo")
        found.append(
            Words(
                limit=None if high is None else whole_number(high),
                minimum=None if low is None else whole_number(low),
                phrase=match.group(0),
            )
        )
    return found


def read_marks(text: str, strict: bool = False) -> list[Marks]:
    """Every statement of marks in ``text``; ``strict`` leaves percentages out."""
    found: list[Marks] = []
    if "%" not in text and "mark" not in text.lower():
        return found
    for match in _MARKS.finditer(text):
        percent = match.group("p") is not None
        if percent and (
            strict
            or _NOT_MARKS_AFTER.match(text, match.end()) is not None
            or _NOT_MARKS_BEFORE.search(text[: match.start()]) is not None
        ):
            continue
        value = match.group("p") if percent else match.group("m")
        found.append(Marks(_dec(value), percent, match.group(0)))
    return found


def read_leeway(text: str) -> list[tuple[float, bool, str]]:
    """(percent, denied, sentence) for each leeway stated in ``text``.

    ``denied`` when the sentence says it is not allowed ("10% over the word
    limit is not allowed").
    """
    found: list[tuple[float, bool, str]] = []
    for match in _around(_LEEWAY, text, "%"):  # every form gives a percentage
        first = max(0, match.start() - _SENTENCE)
        last = min(len(text), match.end() + _SENTENCE)
        start = max(text.rfind(end, first, match.start()) for end in ".!?") + 1 or first
        stops = [i for i in (text.find(end, match.end(), last) for end in ".!?") if i >= 0]
        sentence = text[start : min(stops, default=last)].strip()
        denied = _DENIED.search(sentence) is not None
        found.append((_dec(match.group("p")), denied, sentence))
    return found


def read_total(text: str) -> float | None:
    """The total marks ``text`` states, if any."""
    match = _TOTAL.search(text)
    return None if match is None else _dec(match.group("t"))
