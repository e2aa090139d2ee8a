"""A document read from standard input (``-``), as ``git show HEAD~1:tma02.docx | ...``.

A .docx is a zip package, which is read from its end, so standard input is
copied into a private temporary file first (in pieces, never all in memory)
and removed when the command ends.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from tma_check.errors import DocumentError

STDIN = "-"
MAX_STDIN_BYTES = 1 << 30  # more than any Word document; the package limits apply after
_PIECE = 1 << 20


def _copy(source: BinaryIO, target: BinaryIO, name: str) -> None:
    copied = 0
    while piece := source.read(_PIECE):
        copied += len(piece)
        if copied > MAX_STDIN_BYTES:
            raise DocumentError(name, f"is more than {MAX_STDIN_BYTES >> 20:,} MB; refused")
        target.write(piece)
    if copied == 0:
        raise DocumentError(name, "is empty: nothing was read from standard input")


@contextmanager
def stdin_copy(name: str = STDIN, source: BinaryIO | None = None) -> Iterator[str]:
    """The path of a private copy of standard input, for as long as the block runs."""
    import shutil
    import tempfile

    folder = tempfile.mkdtemp(prefix="tma-check-")
    try:
        path = os.path.join(folder, "stdin.docx")
        with open(path, "xb") as target:
            _copy(source or sys.stdin.buffer, target, name)
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)
