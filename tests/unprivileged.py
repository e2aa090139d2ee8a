"""Run a test's work as a user that file permissions apply to.

As root every file can be read, so a test of an unreadable file would prove
nothing. :func:`unprivileged` runs the work here when this is not root, else
in a forked child that first becomes ``nobody``; :func:`open_folder` is a
folder that user can enter (``tmp_path`` is private to the one running the
tests).
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

NOBODY = 65534
T = TypeVar("T")


def unprivileged(run: Callable[[], T]) -> T:
    """``run()`` as a user that file permissions apply to. What it returns comes back
    pickled, so everything it needs should be imported before the call."""
    if os.geteuid() != 0:
        return run()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child's result reaches the parent by the pipe
        try:
            os.close(reader)
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            outcome = run()
            os.write(writer, pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(writer)
    data = b""
    while chunk := os.read(reader, 1 << 16):
        data += chunk
    os.close(reader)
    os.waitpid(child, 0)
    assert data, "the unprivileged child reported nothing"
    result: T = pickle.loads(data)
    return result


@contextmanager
def open_folder() -> Iterator[Path]:
    """A fresh folder any user can enter, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="tma-check-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        for inside, folders, _ in os.walk(folder):  # let the removal into locked folders
            for name in folders:
                os.chmod(os.path.join(inside, name), 0o755)
        shutil.rmtree(folder)
