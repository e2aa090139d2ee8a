"""Options that several commands share, and how they become a :class:`Style`.

Each command lists only the formats it can write. The format is ``--format``;
with ``auto``, a file named with ``--output`` gets the format its suffix names
(:func:`tma_check.outfile.file_format`), the screen gets a terminal's view on a
terminal (or with ``--color always``) and plain lines otherwise. Colour follows
``--no-color`` and ``--color``, then ``NO_COLOR`` and ``FORCE_COLOR``, then
whether the output is a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import (
    BashComplete,
    CompletionItem,
    ZshComplete,
    add_completion_class,
)

from tma_check.errors import UsageError
from tma_check.outfile import RUBRIC_SUFFIXES, file_format

if TYPE_CHECKING:
    from tma_check.report import Style

F = TypeVar("F", bound=Callable[..., Any])

CHECK_FORMATS = ("auto", "table", "plain", "json", "csv", "markdown", "github", "html")
COUNT_FORMATS = ("auto", "table", "plain", "json", "csv", "markdown", "github")
EXPLAIN_FORMATS = ("auto", "table", "plain", "json", "html")
QUIET_FORMATS = ("auto", "plain", "github")
DEBUG_KEY = "tma_check.debug"

FORMAT_HELP = (
    "The report's form; auto is a table on a terminal (or with --color always), "
    "plain lines when piped, or what --output's suffix names."
)
EXPLAIN_FORMAT_HELP = (
    "The view's form; auto is excluded text struck through and labelled on a terminal "
    "(or with --color always), marked [rule: text] when piped, or what --output's "
    "suffix names."
)
OUTPUT_HELP = (
    "Write the report to this file (atomically) and one line on standard error; - for the screen."
)
COLOR_HELP = (
    "When to colour: auto, on a terminal only unless NO_COLOR or FORCE_COLOR is set; "
    "always, with the terminal's view even when piped; never."
)
NO_COLOR_HELP = "Same as --color never, whatever --color says (NO_COLOR is honoured too)."


def _dash_is_the_screen(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``-o -``: standard output, as if no file were named."""
    return None if value == "-" else value


def output_options(formats: Sequence[str], format_help: str = FORMAT_HELP) -> Callable[[F], F]:
    """``--format`` (of ``formats``), ``--output``, ``--color`` and ``--no-color``."""

    def decorate(function: F) -> F:
        function = click.option(
            "--output",
            "-o",
            metavar="FILE",
            # no checks here: a folder or a device is refused in one line by the command
            type=click.Path(readable=False, allow_dash=True),
            callback=_dash_is_the_screen,
            help=OUTPUT_HELP,
        )(function)
        function = click.option("--no-color", is_flag=True, help=NO_COLOR_HELP)(function)
        function = click.option(
            "--color",
            type=click.Choice(("auto", "always", "never")),
            default="auto",
            show_default=True,
            help=COLOR_HELP,
        )(function)
        function = click.option(
            "--format",
            "fmt",
            type=click.Choice(tuple(formats)),
            default="auto",
            show_default=True,
            help=format_help,
        )(function)
        return function

    return decorate


def quiet_format(fmt: str) -> None:
    """``--quiet`` keeps plain lines; any other format cannot honour it."""
    if fmt not in QUIET_FORMATS:
        raise UsageError(
            "--quiet",
            "keeps plain lines about problems only; it goes with --format plain or github, "
            f"not {fmt}",
        )


def _remember_debug(ctx: click.Context, param: click.Parameter, value: bool) -> bool:
    if value:
        ctx.meta[DEBUG_KEY] = True
    return value


def debug_option(function: F) -> F:
    """``--debug``: a traceback instead of the one-line message for an unexpected error."""
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        is_eager=True,
        callback=_remember_debug,
        help="Show a traceback for unexpected errors.",
    )(function)


def debugging() -> bool:
    context = click.get_current_context(silent=True)
    return bool(context is not None and context.meta.get(DEBUG_KEY))


def _complete_rubric(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Presets by name, then rubric files and folders (the shell completes the rest)."""
    from tma_check.rubric import presets

    names = [name for name in presets() if name.startswith(incomplete)]
    return [CompletionItem(name) for name in [*names, *rubric_paths(incomplete)]]


def rubric_paths(incomplete: str) -> list[str]:
    """The folders (with a trailing "/") and rubric files (.yaml, .yml) whose path starts
    with ``incomplete``: the shell's own file completion, done here so that it comes with
    the presets in bash, zsh and fish alike (click's bash script drops every other item
    when it meets a "file" item). Hidden ones only when a "." is typed."""
    folder, start = os.path.split(incomplete)
    try:
        entries = sorted(os.scandir(os.path.expanduser(folder or ".")), key=lambda e: e.name)
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.name.startswith(start) or (
            entry.name.startswith(".") and not start.startswith(".")
        ):
            continue
        path = os.path.join(folder, entry.name)
        try:
            if entry.is_dir():
                found.append(path + "/")
            elif entry.name.lower().endswith(RUBRIC_SUFFIXES):
                found.append(path)
        except OSError:
            continue
    return found


class _BashComplete(BashComplete):
    """click's bash completion, but a folder offered alone ("rubrics/") gets no space
    after it, so that completion goes on inside it."""

    source_template = BashComplete.source_template.replace(
        "COMPREPLY+=($value)",
        "COMPREPLY+=($value)\n            [[ $value == */ ]] && compopt -o nospace 2>/dev/null",
    )


add_completion_class(_BashComplete, "bash")


class _ZshComplete(ZshComplete):
    """click's zsh completion, but a folder ("rubrics/") is added with no space after
    it, so that completion goes on inside it."""

    source_template = (
        ZshComplete.source_template.replace(
            "    local -a response\n",
            "    local -a response\n    local -a folders\n",
        )
        .replace(
            '        if [[ "$type" == "plain" ]]; then\n            if [[ "$descr" == "_" ]]; then',
            '        if [[ "$type" == "plain" ]]; then\n            if [[ "$key" == */ ]]; then\n'
            '                folders+=("$key")\n            elif [[ "$descr" == "_" ]]; then',
        )
        .replace(
            '    if [ -n "$completions" ]; then',
            "    if [ -n \"$folders\" ]; then\n        compadd -U -S '' -V unsorted -a folders\n"
            "    fi\n\n"
            '    if [ -n "$completions" ]; then',
        )
    )


add_completion_class(_ZshComplete, "zsh")


def rubric_option(function: F) -> F:
    return click.option(
        "--rubric",
        "-r",
        metavar="RUBRIC",
        shell_complete=_complete_rubric,
        help="A rubric file (.yaml) or a preset name (tma-check rubric list).",
    )(function)


def config_options(function: F) -> F:
    """``--config FILE`` and ``--isolated``: which project configuration applies."""
    function = click.option(
        "--isolated",
        is_flag=True,
        help="Read no project configuration (.tma-check.yaml, pyproject.toml).",
    )(function)
    function = click.option(
        "--config",
        "config_file",
        metavar="FILE",
        type=click.Path(readable=False),  # a folder is refused in one line when it is read
        help="Use this .tma-check.yaml (or pyproject.toml) instead of searching for one.",
    )(function)
    return function


STDIN_HELP = "The name to report a document read from standard input (-) under."
STDIN_RUBRIC_HELP = (
    "The name to report a document read from standard input (-) under; "
    "it also chooses its rubric from the project configuration."
)


def stdin_option(help: str = STDIN_RUBRIC_HELP) -> Callable[[F], F]:
    """``--stdin-filename``; ``help`` says what the name does for the command."""
    return click.option("--stdin-filename", metavar="NAME", help=help)


def use_color(choice: str, no_color: bool, terminal: bool) -> bool:
    """``--no-color`` (whatever ``--color`` says), then ``--color always|never``; then
    NO_COLOR, FORCE_COLOR; then the terminal."""
    if no_color or choice == "never":
        return False
    if choice == "always":
        return True
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return terminal


def terminal_width(terminal: bool) -> int | None:
    """The width to draw a table at: ``COLUMNS`` when it is set (as POSIX has it, so a
    table piped to a file or a pager can be given one), else the terminal's own; None
    (the reporter's default) when there is neither."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not terminal:
        return None
    try:
        return os.get_terminal_size().columns or None  # 0 from some consoles
    except OSError:  # standard output is a terminal that will not say its size
        return None


def make_style(
    fmt: str,
    color: str,
    no_color: bool,
    output: str | None,
    quiet: bool = False,
    formats: Sequence[str] = CHECK_FORMATS,
    command: str = "check",
) -> Style:
    """How ``command`` renders its report: to the file ``output`` (no colour; see
    :func:`file_format`) or to the screen. Raises UsageError for a combination that
    cannot be honoured."""
    from tma_check.report import Style

    if quiet:
        quiet_format(fmt)
    if output is not None:
        return Style(format=file_format(output, fmt, formats, command, quiet), quiet=quiet)
    if quiet and fmt == "auto":
        fmt = "plain"  # --quiet means one line per problem, on a terminal too
    forced = color == "always" and not no_color
    if fmt == "auto" and forced:
        fmt = "table"  # colour asked for: the terminal's view, piped or not
    terminal = sys.stdout.isatty()
    return Style(
        format=fmt,
        color=use_color(color, no_color, terminal),
        width=terminal_width(terminal),
        quiet=quiet,
        is_terminal=terminal,
    )
