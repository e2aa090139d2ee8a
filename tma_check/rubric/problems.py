"""Collect every error found in a rubric, and suggest the name a user may have meant.

Checking a rubric goes on after an error where it safely can, so that
``tma-check rubric validate`` can list every problem at once; loading a
rubric for a check still stops with the first (see :func:`first_of`).
"""

from __future__ import annotations

from collections.abc import Iterable

from tma_check.errors import RubricError


class Problems:
    """The errors found in one rubric and the files it extends."""

    def __init__(self) -> None:
        self._found: list[RubricError] = []

    def __bool__(self) -> bool:
        return bool(self._found)

    def add(self, file: str, message: str, line: int = 0, key: str = "") -> None:
        """Note one error at ``file:line``, about ``key``."""
        self._found.append(RubricError(file, message, line, key))

    def keep(self, error: RubricError) -> None:
        """Note an error already raised."""
        self._found.append(error)

    def in_order(self) -> list[RubricError]:
        """The errors file by file (in the order the files were read), each by line."""
        files = list(dict.fromkeys(error.path for error in self._found))
        return sorted(self._found, key=lambda error: (files.index(error.path), error.line))


def first_of(errors: list[RubricError]) -> RubricError:
    """The first error, saying how many more there are when there are others."""
    first = errors[0]
    more = len(errors) - 1
    if not more:
        return first
    others = "1 more error" if more == 1 else f"{more} more errors"
    return RubricError(
        first.path,
        f"{first.bare} (and {others}; tma-check rubric validate lists them all)",
        first.line,
        first.key,
    )


def close_name(word: str, choices: Iterable[str]) -> str | None:
    """The one choice ``word`` most likely meant: the same name in other case, the only
    name it begins, or a close spelling. None when nothing is close."""
    import difflib  # only when there is an error to explain

    names = list(choices)
    folded = word.casefold()
    same = [name for name in names if name.casefold() == folded]
    starting = [name for name in names if folded and name.casefold().startswith(folded)]
    if same or len(starting) == 1:
        return (same or starting)[0]
    close = difflib.get_close_matches(folded, [name.casefold() for name in names], n=1)
    return next((name for name in names if close and name.casefold() == close[0]), None)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the close choice, else nothing."""
    close = close_name(word, choices)
    return f" (did you mean {close!r}?)" if close else ""
