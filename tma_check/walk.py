"""Find the documents inside a folder, skipping what a developer's tools skip.

A folder search leaves out hidden files and folders (a name starting with
``.``), virtual environments (a folder holding ``pyvenv.cfg``),
``node_modules``, ``__pycache__`` and ``site-packages`` folders, and whatever
the folder's ignore files exclude: ``.gitignore``, ``.ignore`` and
``.tma-checkignore`` in each folder searched and in the folders above it up
to the repository's top (the folder holding ``.git``), and the repository's
``.git/info/exclude``. The patterns follow git's rules; :func:`compile_pattern`
turns one into a regular expression that runs in linear time.

The walk never follows a symbolic link to a folder (so a link loop cannot
trap it) and yields regular files only, so a FIFO or a device is never opened.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Sequence
from pathlib import PurePath

import regex

from tma_check.record import field, record

DOCUMENT_SUFFIXES = (".docx", ".docm")
SKIPPED_FOLDERS = frozenset({"node_modules", "__pycache__", "site-packages"})
VENV_MARKER = "pyvenv.cfg"
# In one folder, a later file's patterns take precedence over an earlier one's.
IGNORE_FILES = (".gitignore", ".ignore", ".tma-checkignore")
MAX_IGNORE_FILE = 1_000_000  # bytes; a larger ignore file is not read
# Git compares names case-insensitively where the file system does by default.
_FLAGS = regex.IGNORECASE if sys.platform in ("win32", "darwin") else 0
_NEVER = "(?!)"  # an expression that matches nothing
# Git's [:class:] names, and the characters each holds: ASCII ones only, as git's have.
_POSIX_CLASSES = {
    "alnum": "0-9A-Za-z",
    "alpha": "A-Za-z",
    "blank": r"\t ",
    "cntrl": r"\x00-\x1f\x7f",
    "digit": "0-9",
    "graph": "!-~",
    "lower": "a-z",
    "print": " -~",
    "punct": r"!-/:-@\[-`{-~",
    "space": r"\t\n\r ",
    "upper": "A-Z",
    "xdigit": "0-9A-Fa-f",
}


@record
class Rule:
    """One ignore pattern: what it matches, and whether it excludes or re-includes."""

    pattern: regex.Pattern[str]
    negated: bool
    folders_only: bool
    name_only: bool  # no slash in the pattern: it matches a name at any depth


@record
class RuleSet:
    """The rules of one ignore file, and where its folder sits.

    A path relative to the walk's top becomes relative to this file's folder
    by dropping its first ``strip`` characters and putting ``prefix`` before it.
    """

    rules: tuple[Rule, ...]
    strip: int = 0
    prefix: str = ""

    def verdict(self, relative: str, name: str, is_folder: bool) -> bool | None:
        """True: ignored; False: re-included; None: no pattern here speaks of it."""
        local = self.prefix + relative[self.strip :]
        for rule in reversed(self.rules):  # the last matching pattern decides
            if rule.folders_only and not is_folder:
                continue
            if rule.pattern.match(name if rule.name_only else local):
                return not rule.negated
        return None


@record(frozen=False)
class Found:
    """What a folder search found: documents, how many it left out, and notes."""

    documents: list[str] = field(default_factory=list)
    skipped: int = 0  # documents seen and left out as hidden or ignored
    notes: list[str] = field(default_factory=list)


# Patterns ---------------------------------------------------------------------------------


def parse_line(line: str) -> tuple[str, bool] | None:
    """The pattern on one line of an ignore file and whether it is negated (None: none).

    ``#`` starts a comment, ``!`` negates, a backslash escapes either, and
    trailing spaces are dropped unless escaped.
    """
    stripped = line.rstrip(" ")
    if stripped != line and _ends_in_escape(stripped):
        stripped += " "
    if not stripped or stripped.startswith("#"):
        return None
    negated = stripped.startswith("!")
    if negated:
        stripped = stripped[1:]
    if stripped.startswith(("\\#", "\\!")):
        stripped = stripped[1:]
    return (stripped, negated) if stripped else None


def _ends_in_escape(text: str) -> bool:
    """Whether ``text`` ends in a backslash that escapes what follows."""
    backslashes = len(text) - len(text.rstrip("\\"))
    return backslashes % 2 == 1


def compile_pattern(pattern: str, negated: bool = False) -> Rule | None:
    """The rule for one git pattern (None for some that git would never match).

    A character beyond ASCII counts as one, as a reader would count it: git
    counts its bytes (so ``?`` alone never matches ``é``, for git).
    """
    folders_only = pattern.endswith("/")
    if folders_only:
        pattern = pattern[:-1]
    if not pattern or _ends_in_escape(pattern):
        return None
    name_only = "/" not in pattern
    body = pattern.removeprefix("/")
    parts = _parts(body)  # an empty part ("a//b") matches no path
    source = _glob_component(parts[0]) if name_only else _anchored(*_glued(body, parts))
    try:
        compiled = regex.compile(source + r"\Z", _FLAGS)
    except regex.error:
        return None
    return Rule(compiled, negated, folders_only, name_only)


def _parts(pattern: str) -> list[str]:
    """``pattern`` split at its slashes, escaped or not, but not at one inside a
    ``[...]`` class (a class never matches a slash).

    Git never lets a ``**`` before an escaped slash stand for no folder at all:
    ``**\\/a`` is ``*/**/a``, a folder at least.
    """
    parts: list[str] = []
    start = i = 0
    while i < len(pattern):
        if pattern.startswith("\\/", i) or pattern[i] == "/":
            part = pattern[start:i]
            if pattern[i] == "\\" and len(part) > 1 and not part.strip("*"):
                parts.append("*")
            parts.append(part)
            i = start = pattern.index("/", i) + 1
        elif pattern[i] == "\\":
            i += 2
        elif pattern[i] == "[":
            i = _bracket(pattern, i)[1]
        else:
            i += 1
    return [*parts, pattern[start:]]


def _anchored(parts: list[str], glued: str = "", escaped: bool = False) -> str:
    """The expression for a pattern with a slash, matched against the whole relative path.

    ``**`` as a whole part matches any number of folders. Every run of parts
    between two ``**`` is matched, with the slash after it, at its first
    possible place and never reconsidered (an atomic group): what follows
    begins with ``**``, which can take up any folders passed over, so the
    first place is as good as any and the match stays linear however many
    ``**`` the pattern has. ``glued`` is the expression for the plain text
    that a first ``**`` follows within a part (see :func:`_glued`); ``escaped``
    says that the slash after that ``**`` was escaped, so must be in the path.
    """
    runs: list[list[str]] = [[]]
    for part in parts:
        if len(part) < 2 or part.strip("*"):  # not **, nor *** and more: git reads those as **
            runs[-1].append(part)
        elif runs[-1] or len(runs) == 1:  # **/** is one **
            runs.append([])
    source = glued or _joined(runs[0]) + ("/" if runs[0] and len(runs) > 1 else "")
    for number, run in enumerate(runs[1:], start=1):
        loose = bool(glued) and number == 1  # a glued ** may begin inside a name
        folders = "(?:[^/]*+/)" if loose else "(?:[^/]++/)"
        least = "+" if loose and escaped else "*"
        if not run:  # a trailing **: anything inside (past a slash, if escaped)
            source += ("[^/]*+/.*" if escaped else ".*") if loose else ".+"
        elif number == len(runs) - 1:
            source += f"{folders}{least}{_joined(run)}"
        else:
            source += f"(?>{folders}{least}?{_joined(run)}/)"
    return source


def _glued(body: str, parts: list[str]) -> tuple[list[str], str, bool]:
    """The parts of ``body`` from a ``**`` that follows plain text within a part on, and
    the expression for that text, and whether the slash after the ``**`` is escaped
    (none such: ``parts``, "" and False).

    Git compares a pattern's plain start (up to its first ``*?[\\``) on its own and
    matches the rest as a pattern of its own, where a ``**`` at the start crosses
    folders however it is glued: so ``a**/b`` matches ``ab``, ``a/b`` and ``ax/y/b``,
    and ``/a**`` whatever starts with ``a``. Before an escaped slash it never
    stands for no folder: ``a**\\/b`` does not match ``ab``.
    """
    plain = regex.search(r"[*?\[\\]", body)
    if plain is None or plain.start() == 0 or body[plain.start() - 1] == "/":
        return parts, "", False
    head = body[: plain.start()]
    index = head.count("/")
    stars = parts[index][len(head) - head.rfind("/") - 1 :]
    if len(stars) < 2 or stars.strip("*"):
        return parts, "", False
    escaped = body.startswith("\\/", plain.start() + len(stars))
    return ["**", *parts[index + 1 :]], regex.escape(head), escaped


def _joined(parts: list[str]) -> str:
    """The expression for consecutive parts of a pattern, slash between them."""
    return "/".join(_glob_component(part) for part in parts)


def _glob_component(glob: str) -> str:
    """The expression for one part of a pattern (no slash in it).

    ``*`` and ``?`` and ``[...]`` never match a slash. Each ``*`` but the last
    takes the shortest text up to what follows it and never gives it back (as
    :mod:`fnmatch` does), which keeps the match linear.
    """
    pieces = _tokens(glob)
    stars = [i for i, piece in enumerate(pieces) if piece is None]
    if not stars:
        return "".join(piece for piece in pieces if piece is not None)
    out = "".join(piece for piece in pieces[: stars[0]] if piece is not None)
    for number, start in enumerate(stars):
        end = stars[number + 1] if number + 1 < len(stars) else len(pieces)
        fixed = "".join(piece for piece in pieces[start + 1 : end] if piece is not None)
        if number + 1 < len(stars) and fixed:
            out += f"(?>[^/]*?{fixed})"
        else:
            out += f"[^/]*{fixed}"
    return out


def _tokens(glob: str) -> list[str | None]:
    """``glob`` as regular-expression pieces, one per character or class; None for ``*``."""
    pieces: list[str | None] = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if char == "*":
            if not pieces or pieces[-1] is not None:  # ** inside a part is one *
                pieces.append(None)
            i += 1
        elif char == "?":
            pieces.append("[^/]")
            i += 1
        elif char == "[":
            piece, i = _bracket(glob, i)
            pieces.append(piece)
        elif char == "\\" and i + 1 < len(glob):
            pieces.append(regex.escape(glob[i + 1]))
            i += 2
        else:
            pieces.append(regex.escape(char))
            i += 1
    return pieces


def _bracket(glob: str, start: int) -> tuple[str, int]:
    """The class that opens at ``glob[start]`` and the index after it, read as git reads
    it: a range starts at the character before ``-`` (a backwards one holds that
    character alone) and a backslash escapes. A class that is not closed, or names an
    unknown ``[:class:]``, makes git give up on the whole pattern: it matches nothing."""
    i = start + 1
    negated = i < len(glob) and glob[i] in "!^"
    if negated:
        i += 1
    members: list[str] = []
    previous = ""  # the character before, which a "-" after it makes a range's start
    first = True
    while i < len(glob) and (glob[i] != "]" or first):
        first = False
        if glob.startswith("[:", i) and "]" in glob[i + 2 :]:
            close = glob.index("]", i + 2)
            if close > i + 2 and glob[close - 1] == ":":
                name = glob[i + 2 : close - 1]
                if name not in _POSIX_CLASSES:
                    return _NEVER, len(glob)
                members.append(_POSIX_CLASSES[name])
                previous, i = "", close + 1
                continue
        if glob[i] == "\\":
            i += 1
            if i == len(glob):
                break
        elif glob[i] == "-" and previous and i + 1 < len(glob) and glob[i + 1] != "]":
            i += 1 + (glob[i + 1] == "\\")
            if i < len(glob) and previous <= glob[i]:
                members.append(f"{regex.escape(previous)}-{regex.escape(glob[i])}")
            previous, i = "", i + 1
            continue
        members.append(regex.escape(glob[i]))
        previous, i = glob[i], i + 1
    if i >= len(glob):
        return _NEVER, len(glob)
    inside = "".join(members)
    if negated:
        return f"[^/{inside}]", i + 1
    return f"(?!/)[{inside}]", i + 1


def parse(text: str) -> tuple[Rule, ...]:
    """The rules of an ignore file's text, in order."""
    rules: list[Rule] = []
    for line in text.removeprefix("\ufeff").split("\n"):  # git ends a line at LF only
        parsed = parse_line(line.removesuffix("\r"))
        rule = None if parsed is None else compile_pattern(*parsed)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


# Ignore files -----------------------------------------------------------------------------


def read_rules(path: str, notes: list[str]) -> tuple[Rule, ...]:
    """The rules in the ignore file at ``path``; none if it is missing, unreadable, not a
    regular file or too large (that last with a note)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)  # non-blocking: a FIFO cannot make this wait
    except OSError:
        return ()
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            return ()
        if info.st_size > MAX_IGNORE_FILE:
            notes.append(f"{path}: not read: an ignore file larger than 1 MB")
            return ()
        data = os.read(handle, MAX_IGNORE_FILE + 1)
    except OSError:
        return ()
    finally:
        os.close(handle)
    return parse(data[:MAX_IGNORE_FILE].decode("utf-8", "surrogateescape"))


def repository_root(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` that holds ``.git`` (None: none does)."""
    current = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def inherited_rules(folder: str, notes: list[str]) -> tuple[RuleSet, ...]:
    """The rules that apply to ``folder`` from above it: the repository's
    ``.git/info/exclude`` and the ignore files of the folders from the repository's
    top down to ``folder``'s parent. Outside a repository, none."""
    top = repository_root(folder)
    if top is None:
        return ()
    target = os.path.abspath(folder)
    below = os.path.relpath(target, top).replace(os.sep, "/")
    steps = [] if below == "." else below.split("/")
    sets: list[RuleSet] = []
    exclude = read_rules(os.path.join(top, ".git", "info", "exclude"), notes)
    if exclude:
        sets.append(RuleSet(exclude, prefix=_prefix(steps)))
    current = top
    for depth in range(len(steps)):
        for name in IGNORE_FILES:
            rules = read_rules(os.path.join(current, name), notes)
            if rules:
                sets.append(RuleSet(rules, prefix=_prefix(steps[depth:])))
        current = os.path.join(current, steps[depth])
    return tuple(sets)


def _prefix(steps: Sequence[str]) -> str:
    """What to put before a path relative to the walk's top, for a folder ``steps`` above."""
    return "".join(step + "/" for step in steps)


def is_ignored(sets: Sequence[RuleSet], relative: str, name: str, is_folder: bool) -> bool:
    """Whether the nearest ignore file with a say excludes ``relative``."""
    for rule_set in reversed(sets):
        verdict = rule_set.verdict(relative, name, is_folder)
        if verdict is not None:
            return verdict
    return False


# The walk ---------------------------------------------------------------------------------


@record
class _Folder:
    """A folder still to search: its path to show, relative path and rules in force."""

    shown: str
    relative: str
    rules: tuple[RuleSet, ...]


def find_documents(
    folder: str, ignore: bool = True, suffixes: Sequence[str] = DOCUMENT_SUFFIXES
) -> Found:
    """The documents in ``folder`` and below, sorted; with ``ignore``, less what a folder
    search skips (see the module's description). Paths start with ``folder`` as
    :class:`pathlib.Path` writes it (none for ``.``)."""
    found = Found()
    shown = str(PurePath(folder))
    start = _Folder("" if shown == "." else shown, "", ())
    if ignore:
        start = _Folder(start.shown, "", inherited_rules(folder, found.notes))
    pending = [start]
    while pending:
        current = pending.pop()
        subfolders = _search(current, current is start, ignore, tuple(suffixes), found)
        pending.extend(reversed(subfolders))
    found.documents.sort()
    return found


def _search(
    folder: _Folder, top: bool, ignore: bool, suffixes: tuple[str, ...], found: Found
) -> list[_Folder]:
    """Add ``folder``'s own documents to ``found``; return its subfolders to search."""
    entries = _entries(folder.shown or ".", found.notes)
    if ignore and not top and VENV_MARKER in entries:
        return []
    rules = folder.rules
    if ignore and not top and ".git" in entries:  # a repository inside: rules above stop
        rules = _exclude_rules(folder, found.notes)
    if ignore:
        rules = rules + _own_rules(folder, entries, found.notes)
    subfolders: list[_Folder] = []
    for name in sorted(entries):
        entry = entries[name]
        is_folder = _is_real_folder(entry)
        if not is_folder and not name.lower().endswith(suffixes):
            continue
        relative = f"{folder.relative}/{name}" if folder.relative else name
        if ignore and _skipped(rules, relative, name, is_folder):
            if not is_folder and _is_regular(entry):
                found.skipped += 1
            continue
        shown = os.path.join(folder.shown, name)
        if is_folder:
            subfolders.append(_Folder(shown, relative, rules))
        elif _is_regular(entry):
            found.documents.append(shown)
    return subfolders


def _entries(path: str, notes: list[str]) -> dict[str, os.DirEntry[str]]:
    """The entries of the folder at ``path`` by name (none, with a note, if unreadable)."""
    try:
        with os.scandir(path) as scan:
            return {entry.name: entry for entry in scan}
    except OSError as error:
        notes.append(f"{path}: not searched: {error.strerror or error}")
        return {}


def _own_rules(
    folder: _Folder, entries: dict[str, os.DirEntry[str]], notes: list[str]
) -> tuple[RuleSet, ...]:
    """The rule sets of the ignore files in ``folder`` itself."""
    strip = len(folder.relative) + 1 if folder.relative else 0
    sets: list[RuleSet] = []
    for name in IGNORE_FILES:
        if name in entries and _is_regular(entries[name]):
            rules = read_rules(entries[name].path, notes)
            if rules:
                sets.append(RuleSet(rules, strip=strip))
    return tuple(sets)


def _exclude_rules(folder: _Folder, notes: list[str]) -> tuple[RuleSet, ...]:
    """The rules of ``.git/info/exclude`` in the repository whose top is ``folder``."""
    path = os.path.join(folder.shown, ".git", "info", "exclude")
    rules = read_rules(path, notes)
    return (RuleSet(rules, strip=len(folder.relative) + 1),) if rules else ()


def _skipped(rules: tuple[RuleSet, ...], relative: str, name: str, is_folder: bool) -> bool:
    """Whether a folder search leaves this entry out."""
    if name.startswith("."):
        return True
    if is_folder and name in SKIPPED_FOLDERS:
        return True
    return is_ignored(rules, relative, name, is_folder)


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    """A folder, not a link to one (nor a Windows junction)."""
    try:
        if not entry.is_dir(follow_symlinks=False):
            return False
    except OSError:
        return False
    junction = getattr(entry, "is_junction", None)
    return not (junction is not None and junction())


def _is_regular(entry: os.DirEntry[str]) -> bool:
    """A regular file, or a link that leads to one (never a FIFO, socket or device)."""
    try:
        if entry.is_symlink():
            return stat.S_ISREG(os.stat(entry.path).st_mode)
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False
