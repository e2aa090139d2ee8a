"""Write a report or rubric file safely: atomically, and never over a document.

Readers see the old file or the new one, never half of it. A document, a
file being read (a document or the rubric), a file named as what tma-check
reads (a document, a rubric or a configuration, for a report) or of the wrong
kind for what is written (a rubric), something that is no regular file (a
device such as /dev/null, a pipe, a folder) and a file that may not be written
are refused before anything is written, so a slip on the command line cannot
destroy a student's work or replace a device. A symbolic link is written
through: the file it points to is replaced, the link stays.

Which format a report file gets follows one rule (:func:`file_format`): its
suffix chooses when no format is given, and never contradicts one given.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from tma_check.errors import UsageError

DOCUMENT_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm", ".doc")
RUBRIC_SUFFIXES = (".yaml", ".yml")
CONFIG_SUFFIXES = (".toml",)

# the format a file's suffix names; a .txt file holds any of the text formats
BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "plain",
}
TEXT_FORMATS = ("plain", "table", "github")
SUFFIX_OF = {"html": ".html", "json": ".json", "csv": ".csv", "markdown": ".md"}  # else .txt


def refusal(output: str, inputs: Sequence[str], allowed: Sequence[str] | None = None) -> str | None:
    """Why ``output`` must not be written, or None when it may be.

    ``allowed`` are the suffixes that fit what is written (an empty suffix is
    always allowed, for a plain file name); None, for a report: any suffix but
    those of what tma-check reads. An input is never overwritten.
    """
    suffix = os.path.splitext(output)[1].lower()
    if suffix in DOCUMENT_SUFFIXES:
        return f"{output}: is a Word document name; tma-check never writes over a document"
    if allowed is None and suffix in (*RUBRIC_SUFFIXES, *CONFIG_SUFFIXES):
        return (
            f"{output}: is a rubric or configuration file name; tma-check writes no report over one"
        )
    if allowed is not None and suffix and suffix not in allowed:
        return f"{output}: name a {', '.join(allowed)} file for this output"
    target = os.path.realpath(output)
    if any(os.path.realpath(path) == target for path in inputs):
        return f"{output}: is one of the files being read; choose another file for the output"
    if os.path.exists(target) and not os.path.isfile(target):
        return (
            f"{output}: is not a regular file (a device, a pipe or a folder); "
            "name a file, or - for the screen"
        )
    if os.path.isfile(target) and not os.access(target, os.W_OK):
        return f"{output}: is read-only; tma-check does not replace it"
    return None


def _either(words: Sequence[str]) -> str:
    """ "a, b or c"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _suffix_for(fmt: str) -> str:
    return SUFFIX_OF.get(fmt, ".txt")


def file_format(
    output: str, fmt: str, formats: Sequence[str], command: str, quiet: bool = False
) -> str:
    """The format ``command`` writes to the file ``output``.

    With ``--format`` given, any suffix will do but one that names another format
    (a markdown report is not written to ``t.html``). With ``auto``, the suffix
    chooses (.html, .htm, .json, .csv, .md, .markdown; .txt, an unknown suffix or
    none: plain lines); one that names a format ``command`` cannot write is an
    error naming those it can. ``--quiet`` means plain lines.
    """
    suffix = os.path.splitext(output)[1].lower()
    named = BY_SUFFIX.get(suffix)
    writable = [name for name in formats if name != "auto"]
    if fmt == "auto" and not quiet:
        if named is None:
            return "plain"
        if named in writable:
            return named
        suffixes = list(dict.fromkeys(_suffix_for(name) for name in writable))
        raise UsageError(
            output, f"{command} writes {_either(writable)}; name a {_either(suffixes)} file"
        )
    chosen = "plain" if fmt == "auto" else fmt
    if named is None or named == chosen or (named == "plain" and chosen in TEXT_FORMATS):
        return chosen
    given = "--quiet gives plain lines" if fmt == "auto" else f"--format is {chosen}"
    other = f", or give --format {named}" if named in writable and fmt != "auto" else ""
    raise UsageError(
        output,
        f"{suffix} is the suffix of {named} output, but {given}; "
        f"name a {_suffix_for(chosen)} file{other}",
    )


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
    import tempfile  # only when a report is written

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
