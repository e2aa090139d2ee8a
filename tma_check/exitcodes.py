"""Named exit codes, documented in ``tma-check --help`` and the README."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    """Every question is within its limit (warnings allowed unless --strict)."""
    FAILED = 1
    """A question is over its limit beyond the leeway, or missing."""
    ERROR = 2
    """The command was used wrongly, or an input could not be read."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""
