"""Regular expressions compiled the first time they are used, not when a module is imported.

Most of tma-check's patterns serve one stage or one rule, and a command uses
only some of them: compiling them all at import cost every command, even
``--version``, tens of milliseconds. ``lazy(pattern, flags)`` stands for
``regex.compile(pattern, flags)``: it compiles on first use, and keeps each
method asked of it as an attribute of its own, so that later calls cost what
calls on the compiled pattern cost.
"""

from __future__ import annotations

from typing import Any, cast

import regex


class _Lazy:
    """A pattern that compiles itself when first asked for anything."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = regex.compile(*self._source)
            self.__dict__["_compiled"] = compiled
        value = getattr(compiled, name)
        self.__dict__[name] = value  # found directly from now on
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]})"


def lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, done the first time the pattern is used."""
    return cast("regex.Pattern[str]", _Lazy(pattern, flags))
