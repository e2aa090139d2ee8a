"""Regular expressions compiled the first time they are used, and kept compiled between runs.

Most of tma-check's patterns serve one stage or one rule, and a command uses
only some of them: compiling them all at import cost every command, even
``--version``, tens of milliseconds. ``lazy(pattern, flags)`` stands for
``regex.compile(pattern, flags)``: it compiles on first use, and keeps each
method asked of it as an attribute of its own, so that later calls cost what
calls on the compiled pattern cost.

Compiling is slow in the regex module (its parser is written in Python): the
patterns of one check of a short document took about a quarter of its time.
So the compiled form of each pattern (what the module itself pickles: the
pattern, its flags and its code, all plain data) is kept in a cache file,
``tma-check/patterns-<regex version>-<python>-<bits>.marshal`` under
``$XDG_CACHE_HOME`` (``~/.cache``), read once per run and written back when a
run compiled something new. The cache is only data: it is read with
:mod:`marshal`, which builds values and runs nothing; the file carries a
checksum of its contents, and every entry is checked for the shape it must
have; a file that is not the user's own regular file (a link is not
followed), is too large, fails its checksum or does not read is ignored, and
the patterns are compiled afresh. (The regex module trusts compiled code it
is given, so the file is only ever read from the user's own folder, written
by tma-check itself, atomically.) ``TMA_CHECK_CACHE_DIR`` names another
folder; ``TMA_CHECK_NO_CACHE=1`` turns the cache off. Deleting it is always
safe: the next run compiles again.
"""

from __future__ import annotations

import atexit
import marshal
import os
import stat
import sys
from typing import Any, cast

import regex

_NO_CACHE = "TMA_CHECK_NO_CACHE"
_CACHE_DIR = "TMA_CHECK_CACHE_DIR"
MAX_CACHE_BYTES = 4 << 20  # far more than the patterns need
MAX_ENTRIES = 1_000  # patterns kept; tma-check's own are about 60
# The types of the fields of a compiled pattern, as regex pickles it.
_SHAPE = (str, int, bytes, dict, dict, dict, list, int, tuple, int, int)

Key = tuple[str, int]
_store: dict[Key, tuple[Any, ...]] | None = None
_added: dict[Key, tuple[Any, ...]] = {}


def cache_file() -> str | None:
    """Where compiled patterns are kept, or None when the cache is off."""
    if os.environ.get(_NO_CACHE):
        return None
    folder = os.environ.get(_CACHE_DIR)
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = os.path.join(base, "tma-check")
    bits = 64 if sys.maxsize > 2**32 else 32
    name = f"patterns-{regex.__version__}-{sys.implementation.cache_tag}-{bits}.marshal"
    return os.path.join(folder, name)


def _sum(payload: Any) -> bytes:
    """The checksum the cache file carries of its contents."""
    try:  # the hash alone: hashlib would load OpenSSL first, which takes longer than the sum
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b

    if not isinstance(payload, bytes):
        raise TypeError("the cache's contents are not bytes")
    return blake2b(payload, digest_size=16).digest()


def _fits(entry: Any) -> bool:
    """Whether a cached entry has the shape of a compiled pattern."""
    return (
        isinstance(entry, tuple)
        and len(entry) == len(_SHAPE)
        and all(type(value) is kind for value, kind in zip(entry, _SHAPE, strict=True))
    )


def _read(path: str) -> dict[Key, tuple[Any, ...]]:
    """The entries of the cache file at ``path``; none if it is missing, foreign or damaged."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return {}
    try:
        info = os.fstat(handle)
        own = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not own or info.st_size > MAX_CACHE_BYTES:
            return {}
        with os.fdopen(os.dup(handle), "rb") as stream:
            sealed = marshal.loads(stream.read(MAX_CACHE_BYTES + 1))
        if not isinstance(sealed, tuple) or len(sealed) != 2 or sealed[0] != _sum(sealed[1]):
            return {}  # damaged
        loaded = marshal.loads(sealed[1])
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    finally:
        os.close(handle)
    if not isinstance(loaded, dict):
        return {}
    return {
        key: entry
        for key, entry in loaded.items()
        if isinstance(key, tuple)
        and len(key) == 2
        and type(key[0]) is str
        and type(key[1]) is int
        and _fits(entry)
    }


def _write() -> None:
    """Add what this run compiled to the cache file (atomically; never an error)."""
    path = cache_file()
    if path is None or not _added:
        return
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        entries = {**_read(path), **_added}
        while len(entries) > MAX_ENTRIES:  # the oldest go first
            del entries[next(iter(entries))]
        temporary = f"{path}.{os.getpid()}.tmp"
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        payload = marshal.dumps(entries)
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps((_sum(payload), payload)))
        os.replace(temporary, path)
    except (OSError, ValueError):
        return


def compiled(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, from the cache when it is there (for patterns
    built at run time from options or ids)."""
    global _store
    if _store is None:
        path = cache_file()
        _store = {} if path is None else _read(path)
    key = (pattern, int(flags))
    entry = _store.get(key)
    if entry is not None:
        try:
            from regex import _regex  # the module's own loader of compiled patterns

            load: Any = getattr(_regex, "compile")  # noqa: B009 - untyped, private
            return cast("regex.Pattern[str]", load(*entry))
        except Exception:  # another build of regex: compile afresh
            pass
    fresh = regex.compile(pattern, flags)
    data: Any = getattr(fresh, "_pickled_data", None)
    if _fits(data):
        if not _added:
            atexit.register(_write)
        _store[key] = _added[key] = data
    return fresh


class _Lazy:
    """A pattern that compiles itself when first asked for anything."""

    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        pattern = self.__dict__.get("_compiled")
        if pattern is None:
            pattern = self.__dict__["_compiled"] = compiled(*self._source)
        value = getattr(pattern, name)
        self.__dict__[name] = value  # found directly from now on
        return value

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]})"


def lazy(pattern: str, flags: int = 0) -> regex.Pattern[str]:
    """``regex.compile(pattern, flags)``, done the first time the pattern is used."""
    return cast("regex.Pattern[str]", _Lazy(pattern, flags))
