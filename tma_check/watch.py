"""Watch a document and run a callback each time it is saved.

Word saves through temporary files: it writes a new copy, renames the old
one away and the new one into place, then deletes the old. So the file may
vanish for a moment or change several times in a row; a change counts once
the file exists again and has stopped changing. Polling (twice a second)
needs no extra package and works on every system and on network drives.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

Fingerprint = tuple[int, int, int]


def fingerprint(path: str) -> Fingerprint | None:
    """What identifies a saved version: modification time, size and file id."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_size, status.st_ino)


def wait_for_change(
    path: str,
    last: Fingerprint | None,
    interval: float = 0.5,
    settle: float = 0.3,
    sleep: Callable[[float], None] = time.sleep,
) -> Fingerprint:
    """Block until ``path`` exists, differs from ``last`` and is stable."""
    while True:
        sleep(interval)
        now = fingerprint(path)
        if now is None or now == last:
            continue
        sleep(settle)
        if fingerprint(path) == now:
            return now


def watch(
    path: str,
    on_change: Callable[[], None],
    interval: float = 0.5,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Call ``on_change`` now and after every save, until interrupted (or ``rounds`` saves)."""
    on_change()
    last = fingerprint(path)
    done = 0
    while rounds is None or done < rounds:
        last = wait_for_change(path, last, interval, sleep=sleep)
        on_change()
        done += 1
