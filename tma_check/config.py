"""Project configuration: which rubric checks which document.

A ``.tma-check.yaml`` file (or a ``[tool.tma-check]`` table in
``pyproject.toml``) maps file patterns to rubrics::

    rubrics:
      "tma02*.docx": rubrics/example-tma02.yaml
      "drafts/**/*.docx": ou-default

The nearest configuration above a document applies. Patterns are matched in
order, the first match wins; a pattern without a slash matches the file name
in any folder, one with a slash matches the path from the configuration's
folder (``**`` spans folders). A rubric is a path relative to the
configuration's folder (inside it or the folder above, as for ``extends``),
or a preset name. The search for a configuration stops at the top of a git
repository or the home folder, and reads only regular files of the user's
own (or root's). A rubric it names that cannot be loaded is an error naming
the configuration's file, line and pattern too.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tma_check import lazyre
from tma_check.errors import RubricError
from tma_check.lazyre import IGNORECASE, compiled, escape
from tma_check.record import record

if TYPE_CHECKING:
    import regex

    from tma_check.model import Rubric

CONFIG_NAME = ".tma-check.yaml"
PYPROJECT = "pyproject.toml"
_KEYS = ("rubrics", "strict")


@record
class Choice:
    """The rubric a configuration chooses for a document, and where it says so."""

    rubric: str  # a path (from the current folder) or a preset name
    config: Path
    pattern: str
    line: int = 0  # 1-based, 0 when unknown (pyproject.toml)

    def load(self) -> Rubric:
        """The rubric, loaded; an error names the configuration's file, line and pattern
        as well as what is wrong with the rubric (a misspelt preset, a missing file)."""
        from tma_check.rubric import load_rubric

        try:
            return load_rubric(self.rubric)
        except RubricError as error:
            raise RubricError(
                str(self.config),
                f"names a rubric that cannot be used: {error}",
                self.line,
                f"rubrics: {self.pattern}",
            ) from None


@record
class Config:
    """One configuration file: where it is and its pattern-to-rubric pairs, in order
    (and the line of each, where known)."""

    path: Path
    rubrics: tuple[tuple[str, str], ...] = ()
    strict: bool = False
    lines: tuple[int, ...] = ()

    @property
    def folder(self) -> Path:
        return self.path.parent

    def rubric_for(self, document: Path, anywhere: bool = False) -> str | None:
        """The rubric (path or preset name) for ``document``, or None.

        A document outside the configuration's folder has none, unless ``anywhere``
        (a configuration named with ``--config``): its path from the current folder
        is matched then.
        """
        choice = self.choice_for(document, anywhere)
        return None if choice is None else choice.rubric

    def choice_for(self, document: Path, anywhere: bool = False) -> Choice | None:
        """As :meth:`rubric_for`, with the pattern and line that chose the rubric."""
        from tma_check.rubric import may_be_preset

        try:
            relative = document.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            if not anywhere:
                return None
            relative = Path(os.path.relpath(document.resolve())).as_posix()
        for number, (pattern, rubric) in enumerate(self.rubrics):
            target = relative if "/" in pattern else relative.rsplit("/", 1)[-1]
            if glob_regex(pattern).fullmatch(target):
                chosen = rubric if may_be_preset(rubric) else str(self.folder / rubric)
                line = self.lines[number] if number < len(self.lines) else 0
                return Choice(chosen, self.path, pattern, line)
        return None


def glob_regex(pattern: str) -> regex.Pattern[str]:
    """A compiled expression for a glob with ``*``, ``?``, ``[...]`` and ``**``."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                out.append(escape(char))
            else:
                out.append("[" + pattern[i + 1 : end].replace("!", "^", 1) + "]")
                i = end
        else:
            out.append(escape(char))
        i += 1
    return compiled("".join(out), IGNORECASE)


def _from_mapping(path: Path, data: Any, lines: dict[tuple[Any, ...], int]) -> Config:
    name = str(path)
    if not isinstance(data, dict):
        raise RubricError(
            name, "tma-check's configuration must be a mapping with a 'rubrics' key", 1
        )
    for key in data:
        if key not in _KEYS:
            keys = ", ".join(_KEYS)
            raise RubricError(
                name, f"unknown key {key!r}; keys here are: {keys}", lines.get((key,), 0), key
            )
    rubrics = data.get("rubrics", {})
    if not isinstance(rubrics, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in rubrics.items()
    ):
        raise RubricError(
            name,
            'must map file patterns to rubrics, e.g. "tma02*.docx": rubrics/tma02.yaml',
            lines.get(("rubrics",), 0),
            "rubrics",
        )
    for pattern, rubric in rubrics.items():
        _check_entry(path, pattern, rubric, lines.get(("rubrics", pattern), 0))
    strict = data.get("strict", False)
    if not isinstance(strict, bool):
        raise RubricError(name, "must be true or false", lines.get(("strict",), 0), "strict")
    return Config(
        path=path,
        rubrics=tuple(rubrics.items()),
        strict=strict,
        lines=tuple(lines.get(("rubrics", pattern), 0) for pattern in rubrics),
    )


def _check_entry(path: Path, pattern: str, rubric: str, line: int) -> None:
    """A pattern must compile, and a rubric path stay near the configuration, as an
    ``extends`` must: in its folder or the one above (a preset is named)."""
    from tma_check.rubric import may_be_preset
    from tma_check.rubric.confine import confine

    key = f"rubrics: {pattern}"
    try:
        glob_regex(pattern)
    except lazyre.error as error:
        raise RubricError(str(path), f"is not a file pattern: {error}", line, key) from None
    problem = None if may_be_preset(rubric) else confine(rubric, path)
    if problem is not None:
        raise RubricError(str(path), problem, line, key)


def read_config(path: Path) -> Config | None:
    """The configuration in ``path`` (a .tma-check.yaml or a pyproject.toml)."""
    if path.name == PYPROJECT:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            with open(path, "rb") as handle:
                table = tomllib.load(handle).get("tool", {}).get("tma-check")
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise RubricError(str(path), f"cannot be read: {error}") from None
        return None if table is None else _from_mapping(path, table, {})
    from tma_check.rubric.yamlfile import load_yaml

    data, lines = load_yaml(str(path))
    return _from_mapping(path, data, lines)


def find_config(start: Path) -> Config | None:
    """The nearest configuration in ``start``'s folder or a folder above it.

    The search stops at the top of a git repository and at the home folder
    (neither is left), and passes over files that are not regular files or
    that belong to another user (only root's and the user's own are read).
    """
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    home = _home()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if _trusted(own):
            return read_config(own)
        project = candidate / PYPROJECT
        if _trusted(project):
            found = read_config(project)
            if found is not None:
                return found
        if candidate == home or (candidate / ".git").exists():
            break
    return None


def _home() -> Path | None:
    try:
        return Path.home().resolve()
    except (RuntimeError, OSError):
        return None


def _trusted(path: Path) -> bool:
    """A regular file of this user's (or root's)."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return False
    if not stat.S_ISREG(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    return getuid is None or info.st_uid in (0, getuid())


class Configs:
    """The project configuration for each document: the one named (``--config``), none
    (``--isolated``), or the nearest one above the document's folder (``-``, standard
    input, is in the current folder)."""

    def __init__(self, named: str | None = None, isolated: bool = False) -> None:
        self.isolated = isolated
        self.named: Config | None = None
        self.found: dict[Path, Config | None] = {}
        if named is not None:
            if os.path.isdir(named):
                raise RubricError(
                    named, "is a folder; name its .tma-check.yaml (or pyproject.toml)"
                )
            if not _trusted(Path(named)):
                raise RubricError(named, "no such configuration file (or not a regular file)")
            self.named = read_config(Path(named))
            if self.named is None:
                raise RubricError(named, "has no [tool.tma-check] table")

    def rubric_for(self, shown: str) -> str | None:
        """The rubric the configuration names for the document reported as ``shown``."""
        choice = self.choice_for(shown)
        return None if choice is None else choice.rubric

    def choice_for(self, shown: str) -> Choice | None:
        """As :meth:`rubric_for`, with where the configuration names the rubric."""
        config = self.for_document(shown)
        if config is None:
            return None
        document = Path(shown if shown != "-" else "stdin.docx")
        return config.choice_for(document, anywhere=config is self.named)

    def for_document(self, shown: str) -> Config | None:
        if self.isolated or self.named is not None:
            return self.named
        folder = Path.cwd() if shown == "-" else Path(shown).resolve().parent
        if folder not in self.found:
            self.found[folder] = find_config(folder)
        return self.found[folder]
