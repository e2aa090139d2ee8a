"""Read a rubric or configuration file safely, keeping the line of every value.

The file is read without waiting on a pipe or device, and its size is
capped; the YAML is parsed by :mod:`tma_check.rubric.yamlparse`, which
accepts plain data only. A file parsed before is not parsed again: what
parsing a rubric gave (its data and the line of each value, plain data
only) is kept in the user's cache folder, keyed by the file's text and the
parser's own source, so that a check with a rubric seen before does not
import PyYAML at all (see :mod:`tma_check.diskcache`; the same switches turn
it off). Only files that parse are kept; an error is found afresh each time.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Any

from tma_check.errors import RubricError

MAX_BYTES = 1 << 20
MAX_VALUES = 20_000
MAX_DEPTH = 16

Path_ = tuple[Any, ...]
Lines = dict[Path_, int]

MAX_CACHED = 64  # rubrics and configurations kept parsed; the oldest go first


def read_text(path: str) -> str:
    """The text of a rubric or configuration file. A named pipe or a device is refused
    without waiting on it (it is opened without blocking, then looked at)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError
            if not stat.S_ISREG(mode):
                raise RubricError(path, "is not a regular file (a device or a pipe?); refused")
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise RubricError(path, "no such rubric file") from None
    except IsADirectoryError:
        raise RubricError(path, "is a directory, not a rubric file") from None
    except PermissionError:
        raise RubricError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise RubricError(path, f"cannot be read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise RubricError(
            path, f"is larger than {MAX_BYTES // 1024} KiB; a rubric is a short text file"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RubricError(
            path, f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
        ) from None


def load_yaml(path: str) -> tuple[Any, Lines]:
    """The data in ``path`` and the line of each value, keyed by its path."""
    text = read_text(path)
    key = _key(text)
    found = _cached(key)
    if found is not None:
        return found
    from tma_check.rubric.yamlparse import parse

    value, lines = parse(path, text)
    if key is not None:
        _keep(key, value, lines)
    return value, lines


_PARSER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "yamlparse.py")


def _key(text: str) -> bytes | None:
    """What a parse of ``text`` is kept under: a hash of the text, of the parser's source
    and its limits, and of the installed PyYAML (a change to any of them reads every file
    afresh); None when the cache is off or PyYAML cannot be found."""
    from tma_check import diskcache

    if diskcache.folder() is None:
        return None
    try:
        with open(_PARSER, "rb") as handle:
            parser = handle.read()
        with open(_pyyaml_source(), "rb") as handle:
            pyyaml = handle.read()
    except (OSError, LookupError):
        return None
    limits = f"{MAX_VALUES},{MAX_DEPTH},{MAX_BYTES}".encode()
    parts = (parser, pyyaml, limits, text.encode("utf-8", "surrogatepass"))
    return diskcache.digest(b"\0".join(parts))


def _pyyaml_source() -> str:
    """The file of PyYAML's package (which states its version), found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("yaml")
    if spec is None or spec.origin is None:
        raise LookupError("PyYAML is not installed")
    return spec.origin


def _cache_name() -> str:
    from tma_check import __version__

    return f"rubrics-{__version__}-{sys.implementation.cache_tag}.marshal"


def _cached(key: bytes | None) -> tuple[Any, Lines] | None:
    """The kept parse for ``key``, if there is one and it holds plain data only."""
    if key is None:
        return None
    from tma_check import diskcache

    entries = diskcache.read(_cache_name())
    entry = entries.get(key) if isinstance(entries, dict) else None
    if not isinstance(entry, tuple) or len(entry) != 2:
        return None
    value, lines = entry
    budget = [MAX_VALUES * 2]  # values and their lines: what a file that parses may hold
    if not _plain(value, budget) or not isinstance(lines, dict) or len(lines) > budget[0]:
        return None
    for where, line in lines.items():
        if not isinstance(where, tuple) or type(line) is not int:
            return None
        if not all(type(step) in _SCALARS for step in where):
            return None
    return value, lines


def _keep(key: bytes, value: Any, lines: Lines) -> None:
    from tma_check import diskcache

    path = diskcache.location(_cache_name())
    if path is not None:
        diskcache.add(path, {key: (value, lines)}, MAX_CACHED)


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any, budget: list[int], depth: int = 0) -> bool:
    """Whether ``value`` is the plain data a parse gives: no other type, bounded depth, and
    no more values in all than ``budget`` allows (each one visited counts, so a list
    that holds one list many times over, as marshal can write, soon runs it out)."""
    budget[0] -= 1
    if budget[0] < 0:
        return False
    if type(value) in _SCALARS:
        return True
    if depth > MAX_DEPTH + 2:
        return False
    if type(value) is list:
        return all(_plain(item, budget, depth + 1) for item in value)
    if type(value) is dict:
        return all(
            type(key) in _SCALARS and _plain(item, budget, depth + 1) for key, item in value.items()
        )
    return False
