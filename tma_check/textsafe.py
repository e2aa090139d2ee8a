"""Text from a document, a file name or a rubric, made safe for where it is printed.

Such text may hold characters that drive a terminal (the escape character
that starts colour codes or a hyperlink, the bell), that forge a line of
their own (a newline in a file name, which a CI runner would read as a
command), that reorder what a reader sees (bidirectional overrides) or that
cannot be written at all (half of a surrogate pair, from a file name that
is not UTF-8). :func:`visible` shows each as an escape (``\\x1b``, ``\\n``),
so the report says what is there without doing it.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LINES = ("\n", "\t")


def _escape(match: re.Match[str]) -> str:
    char = match.group(0)
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _escape_but_lines(match: re.Match[str]) -> str:
    char = match.group(0)
    return char if char in _LINES else _escape(match)


def visible(text: str, lines: bool = False) -> str:
    """``text`` with unsafe characters shown as escapes; ``lines`` keeps newlines and tabs."""
    return _UNSAFE.sub(_escape_but_lines if lines else _escape, text)
