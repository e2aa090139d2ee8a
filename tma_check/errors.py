"""The project's own exceptions.

The core raises these and never prints or exits; the command line turns each
into one line naming the file and what to do, and an exit code.
"""

from __future__ import annotations


class TmaCheckError(Exception):
    """Base class: something the user can fix, described in one line."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from the arguments it was made with, so that it crosses from a
        # batch's worker process to the main one intact.
        return (type(self), (self.path, self.message))


class DocumentError(TmaCheckError):
    """A document could not be read (missing, not a .docx, corrupt, protected...)."""


class TooSlow(DocumentError):
    """Checking one document took more than its budget of processing time (a rubric's
    pattern on this document, or the whole check); that document's error, not the run's."""


class RubricError(TmaCheckError):
    """A rubric is invalid. ``line`` is 1-based, 0 when unknown."""

    def __init__(self, path: str, message: str, line: int = 0, key: str = "") -> None:
        where = f"{path}:{line}" if line else path
        prefix = f"{key}: " if key else ""
        TmaCheckError.__init__(self, path, f"{prefix}{message}")
        self.args = (f"{where}: {prefix}{message}",)
        self.bare = message
        self.line = line
        self.key = key

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.path, self.bare, self.line, self.key))


class UsageError(TmaCheckError):
    """The command was used wrongly in a way click cannot see."""
