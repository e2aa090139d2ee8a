"""Plain data kept between runs in the user's cache folder.

Two things are slow to make afresh on every run and never change for the
same input: compiled patterns (:mod:`tma_check.lazyre`) and parsed rubrics
(:mod:`tma_check.rubric.yamlfile`). Each is kept in a file of its own under
``$XDG_CACHE_HOME/tma-check`` (``~/.cache/tma-check``), or under
``TMA_CHECK_CACHE_DIR``; ``TMA_CHECK_NO_CACHE=1`` turns every cache off.

A file is only data: it is read with :mod:`marshal`, which builds values and
runs nothing, and carries a checksum of its contents. A file that is not the
user's own regular file (a link is not followed, a pipe is not waited on),
that is too large, fails its checksum or does not read, is ignored, and the
caller makes its value afresh; the reader of each file also checks that
what it got has the shape it must have. Files are written atomically, with
the user's permissions only. Deleting them is always safe.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import stat
from collections.abc import Callable
from typing import Any

NO_CACHE = "TMA_CHECK_NO_CACHE"
CACHE_DIR = "TMA_CHECK_CACHE_DIR"
MAX_BYTES = 4 << 20  # far more than any of them needs


def folder() -> str | None:
    """The cache folder, or None when caching is off."""
    if os.environ.get(NO_CACHE):
        return None
    chosen = os.environ.get(CACHE_DIR)
    if chosen:
        return chosen
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tma-check")


def location(name: str) -> str | None:
    """Where the cache file ``name`` is kept, or None when caching is off."""
    where = folder()
    return None if where is None else os.path.join(where, name)


def digest(data: bytes) -> bytes:
    """A 16-byte hash of ``data`` (for checksums and keys)."""
    try:  # the hash alone: hashlib would load OpenSSL first, which takes longer than the sum
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(data, digest_size=16).digest()


def read(name: str) -> Any:
    """What the cache file ``name`` holds; None if it is missing, foreign or damaged."""
    path = location(name)
    return None if path is None else read_file(path)


def read_file(path: str) -> Any:
    """:func:`read`, for a file named by its path."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(handle)
        own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not own or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(os.dup(handle), "rb") as stream:
            sealed = marshal.loads(stream.read(MAX_BYTES + 1))
        if not isinstance(sealed, tuple) or len(sealed) != 2 or type(sealed[1]) is not bytes:
            return None
        if sealed[0] != digest(sealed[1]):
            return None  # damaged
        return marshal.loads(sealed[1])
    except (OSError, EOFError, ValueError, TypeError, MemoryError):
        return None  # a damaged file (or one that claims more than memory holds)
    finally:
        os.close(handle)


def write(name: str, data: Any) -> None:
    """Keep ``data`` in the cache file ``name`` (atomically; never an error)."""
    path = location(name)
    if path is not None:
        write_file(path, data)


def write_file(path: str, data: Any) -> None:
    """:func:`write`, for a file named by its path. Nothing is written where the user
    does not own the nearest folder that exists (as root with another user's home,
    say), nor more than :data:`MAX_BYTES`, which :func:`read_file` would refuse."""
    folder = os.path.dirname(path)
    try:
        payload = marshal.dumps(data)
        sealed = marshal.dumps((digest(payload), payload))
    except (ValueError, MemoryError):
        return
    if len(sealed) > MAX_BYTES or not _own_folder(folder):
        return
    temporary = None
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        import tempfile  # only when something new is kept

        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".marshal")
        with os.fdopen(handle, "wb") as stream:
            stream.write(sealed)
        os.replace(temporary, path)
        temporary = None
    except OSError:
        return
    finally:
        if temporary is not None:  # not moved into place: no half-written file stays
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def add(
    path: str,
    entries: dict[Any, Any],
    most: int,
    keeps: Callable[[Any, Any], bool] = lambda key, value: True,
) -> None:
    """Add ``entries`` to the dictionary kept in the file at ``path``, with those already
    there that ``keeps`` accepts (another run may have added some since this one read
    it). The oldest go first, past ``most`` entries or past what :func:`read_file`
    would accept; those added again count as new."""
    found = read_file(path)
    kept = {k: v for k, v in found.items() if keeps(k, v)} if isinstance(found, dict) else {}
    for key, value in entries.items():
        kept.pop(key, None)
        kept[key] = value
    while len(kept) > most:
        del kept[next(iter(kept))]
    room = MAX_BYTES - 256  # the checksum and framing around the entries
    try:
        while len(kept) > 1 and len(marshal.dumps(kept)) > room:
            del kept[next(iter(kept))]
    except ValueError:  # not plain data: nothing to keep
        return
    write_file(path, kept)


def _own_folder(folder: str) -> bool:
    """Whether ``folder``, or the nearest folder above it that exists, is the user's."""
    if not hasattr(os, "getuid"):
        return True
    here = os.path.abspath(folder)
    while True:
        try:
            return os.stat(here).st_uid == os.getuid()
        except FileNotFoundError:
            above = os.path.dirname(here)
            if above == here:
                return False
            here = above
        except OSError:
            return False
