"""Regular expressions compiled the first time they are used, and kept compiled between runs.

Every pattern tma-check uses goes through this module, which is the one place
that knows the ``regex`` package. Most patterns serve one stage or one rule,
and a command uses only some of them: compiling them all at import cost every
command, even ``--version``, tens of milliseconds. ``lazy(pattern, flags)``
stands for ``regex.compile(pattern, flags)``: it compiles on first use, and
keeps each method asked of it as an attribute of its own, so that later calls
cost what calls on the compiled pattern cost.

Compiling is slow in the regex module (its parser is written in Python): the
patterns of one check of a short document took about a quarter of its time.
So the compiled form of each pattern (what the module itself pickles: the
pattern, its flags and its code, all plain data) is kept in a cache file,
``tma-check/patterns-<regex build>-<python>-<bits>.marshal`` under
``$XDG_CACHE_HOME`` (``~/.cache``), read once per run and written back when a
run compiled something new (see :mod:`tma_check.diskcache` for how such a
file is kept, checked and turned off). Every entry is checked for the shape
of a compiled pattern; one that does not fit is compiled afresh. (The regex
module trusts compiled code it is given, so the file is only ever read from
the user's own folder, written by tma-check itself, atomically.)

A pattern read from the cache is made by the module's compiled core,
``regex._regex``, alone: importing the rest of the module (its parser) takes
longer than most checks of a short document, so it is only imported when a
pattern has to be compiled. That is also why the flags and :func:`escape`
are defined here, as the regex module defines them.
"""

from __future__ import annotations

import atexit
import functools
import os
import sys
from typing import TYPE_CHECKING, Any, cast

from tma_check import diskcache

if TYPE_CHECKING:
    import regex
    from regex import error as error

# The regex module's flags, by value (the module makes them an enum when it is imported).
IGNORECASE = 0x2
MULTILINE = 0x8
VERBOSE = 0x40
VERSION1 = 0x100

# What regex.escape escapes, besides white space.
_METACHARS = frozenset("()[]{}?*+|^$\\.-#&~")
_CORE = "regex._regex"  # the regex module's compiled core


def escape(text: str) -> str:
    """``regex.escape(text)``: ``text`` as a pattern that matches it literally."""
    return "".join(f"\\{char}" if char in _METACHARS or char.isspace() else char for char in text)


def __getattr__(name: str) -> Any:
    """``error``: the regex module's exception for a pattern that does not compile. It
    is only raised by compiling, which has imported the module by then."""
    if name == "error":
        import regex

        return regex.error
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MAX_ENTRIES = 1_000  # patterns kept; tma-check's own are about 60
# The types of the fields of a compiled pattern, as regex pickles it.
_SHAPE = (str, int, bytes, dict, dict, dict, list, int, tuple, int, int)

Key = tuple[str, int]
_store: dict[Key, tuple[Any, ...]] | None = None
_added: dict[Key, tuple[Any, ...]] = {}


@functools.cache
def _core_files() -> tuple[str, str] | None:
    """The paths of the regex module's compiled core and of its parser, found
    without importing the module; None if they are not where a normal install
    puts them."""
    from importlib.machinery import EXTENSION_SUFFIXES, PathFinder

    try:
        spec = PathFinder.find_spec("regex")
    except (ImportError, ValueError):  # pragma: no cover - a damaged sys.path
        return None
    folders = None if spec is None else spec.submodule_search_locations
    if not folders:
        return None
    for suffix in EXTENSION_SUFFIXES:
        core = os.path.join(folders[0], _CORE.rpartition(".")[2] + suffix)
        if os.path.isfile(core):
            return core, os.path.join(folders[0], "_regex_core.py")
    return None


def _engine() -> Any:
    """``regex._regex``, the regex module's compiled core, which makes a pattern from
    its compiled form. It is loaded on its own when the module is not loaded yet."""
    loaded = sys.modules.get(_CORE)
    if loaded is not None:
        return loaded
    found = _core_files()
    if found is not None:
        from importlib.machinery import ExtensionFileLoader, ModuleSpec

        loader = ExtensionFileLoader(_CORE, found[0])
        spec = ModuleSpec(_CORE, loader, origin=found[0])
        try:
            module = loader.create_module(spec)
            loader.exec_module(module)
        except ImportError:  # pragma: no cover - fall back on the module's own import
            pass
        else:
            sys.modules[_CORE] = module  # the regex module, if imported later, uses this one
            return module
    from regex import _regex

    return _regex


def _build() -> str:
    """What tells one installed regex module from another: the size and time of its
    compiled core and of its parser (which writes the code the core runs)."""
    found = _core_files()
    if found is None:
        import regex

        return regex.__version__
    stamps = []
    for path in found:
        try:
            info = os.stat(path)
        except OSError:
            stamps.append(path)
        else:
            stamps.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return diskcache.digest("|".join(stamps).encode("utf-8", "surrogatepass")).hex()[:16]


def cache_file() -> str | None:
    """Where compiled patterns are kept, or None when the cache is off."""
    bits = 64 if sys.maxsize > 2**32 else 32
    return diskcache.location(f"patterns-{_build()}-{sys.implementation.cache_tag}-{bits}.marshal")


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
            return cast("regex.Pattern[str]", _engine().compile(*entry))
        except Exception:  # another build of regex: compile afresh
            pass
    import regex

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
