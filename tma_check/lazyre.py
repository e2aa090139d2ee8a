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
run compiled something new (see :mod:`tma_check.diskcache` for how such a
file is kept, checked and turned off). Every entry is checked for the shape
of a compiled pattern; one that does not fit is compiled afresh. (The regex
module trusts compiled code it is given, so the file is only ever read from
the user's own folder, written by tma-check itself, atomically.)
"""

from __future__ import annotations

import atexit
import sys
from typing import Any, cast

import regex

from tma_check import diskcache

MAX_ENTRIES = 1_000  # patterns kept; tma-check's own are about 60
# The types of the fields of a compiled pattern, as regex pickles it.
_SHAPE = (str, int, bytes, dict, dict, dict, list, int, tuple, int, int)

Key = tuple[str, int]
_store: dict[Key, tuple[Any, ...]] | None = None
_added: dict[Key, tuple[Any, ...]] = {}


def cache_file() -> str | None:
    """Where compiled patterns are kept, or None when the cache is off."""
    bits = 64 if sys.maxsize > 2**32 else 32
    name = f"patterns-{regex.__version__}-{sys.implementation.cache_tag}-{bits}.marshal"
    return diskcache.location(name)


def _fits(entry: Any) -> bool:
    """Whether a cached entry has the shape of a compiled pattern."""
    return (
        isinstance(entry, tuple)
        and len(entry) == len(_SHAPE)
        and all(type(value) is kind for value, kind in zip(entry, _SHAPE, strict=True))
    )


def _fits_key(key: Any, entry: Any) -> bool:
    """Whether a cached key and entry have the shapes of a pattern and its compiled form."""
    return (
        isinstance(key, tuple)
        and len(key) == 2
        and type(key[0]) is str
        and type(key[1]) is int
        and _fits(entry)
    )


def _read(path: str) -> dict[Key, tuple[Any, ...]]:
    """The entries of the cache file at ``path``; none if it is missing, foreign or damaged."""
    loaded = diskcache.read_file(path)
    if not isinstance(loaded, dict):
        return {}
    return {key: entry for key, entry in loaded.items() if _fits_key(key, entry)}


def _write() -> None:
    """Add what this run compiled to the cache file (atomically; never an error)."""
    path = cache_file()
    if path is not None and _added:
        diskcache.add(path, _added, MAX_ENTRIES, _fits_key)


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
