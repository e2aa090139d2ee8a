"""Write a report or rubric file safely: atomically, and never over a document.

Readers see the old file or the new one, never half of it. A document, a
file being read (a document or the rubric), a file of the wrong kind for
what is written, or something that is no regular file (a device such as
/dev/null, a pipe, a folder) is refused before anything is written, so a slip
on the command line cannot destroy a student's work or replace a device. A
symbolic link is written through: the file it points to is replaced, the
link stays.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence

DOCUMENT_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")
REPORT_SUFFIXES = (".html", ".htm", ".json", ".csv", ".md", ".txt")
RUBRIC_SUFFIXES = (".yaml", ".yml")


def refusal(output: str, inputs: Sequence[str], allowed: Sequence[str]) -> str | None:
    """Why ``output`` must not be written, or None when it may be.

    ``allowed`` are the suffixes that fit what is written (an empty suffix is
    always allowed, for a plain file name); an input is never overwritten.
    """
    suffix = os.path.splitext(output)[1].lower()
    if suffix in DOCUMENT_SUFFIXES:
        return f"{output}: is a Word document name; tma-check never writes over a document"
    if suffix and suffix not in allowed:
        return f"{output}: name a {', '.join(allowed)} file for this output"
    target = os.path.realpath(output)
    if any(os.path.realpath(path) == target for path in inputs):
        return f"{output}: is one of the files being read; choose another file for the output"
    if os.path.exists(target) and not os.path.isfile(target):
        return (
            f"{output}: is not a regular file (a device, a pipe or a folder); "
            "name a file, or - for the screen"
        )
    return None


def write_atomic(path: str, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder.

    The file gets the permissions a new file would get (or keeps those of the
    file it replaces). Text that cannot be encoded (a file name that is not
    valid UTF-8) is written escaped.
    """
    path = os.path.realpath(path)  # through a symbolic link to the file it names
    if os.path.exists(path) and not os.path.isfile(path):
        raise IsADirectoryError(0, "not a regular file", path)
    folder = os.path.dirname(path)
    try:
        mode = os.stat(path).st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=".tma-check-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
