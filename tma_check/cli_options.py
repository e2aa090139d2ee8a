"""Options that several commands share, and how they become a :class:`Style`.

Each command lists only the formats it can write; colour follows ``--color``,
then ``NO_COLOR`` and ``FORCE_COLOR``, then whether the output is a terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from tma_check.report import Style

F = TypeVar("F", bound=Callable[..., Any])

CHECK_FORMATS = ("auto", "table", "plain", "json", "csv", "markdown", "github", "html")
COUNT_FORMATS = ("auto", "table", "plain", "json", "csv", "markdown", "github")
EXPLAIN_FORMATS = ("auto", "table", "plain", "json", "html")
BY_SUFFIX = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".md": "markdown"}
DEBUG_KEY = "tma_check.debug"


def _dash_is_the_screen(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``-o -``: standard output, as if no file were named."""
    return None if value == "-" else value


def output_options(formats: Sequence[str]) -> Callable[[F], F]:
    """``--format`` (of ``formats``), ``--output``, ``--color`` and ``--no-color``."""

    def decorate(function: F) -> F:
        function = click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, writable=True, allow_dash=True),
            callback=_dash_is_the_screen,
            help="Write the report to this file (atomically); - for the screen.",
        )(function)
        function = click.option(
            "--no-color", is_flag=True, help="Same as --color never (NO_COLOR is honoured too)."
        )(function)
        function = click.option(
            "--color",
            type=click.Choice(("auto", "always", "never")),
            default="auto",
            show_default=True,
            help="Colour: auto is on a terminal only, unless NO_COLOR or FORCE_COLOR is set.",
        )(function)
        function = click.option(
            "--format",
            "fmt",
            type=click.Choice(tuple(formats)),
            default="auto",
            show_default=True,
            help="auto: a table on a terminal, plain lines when piped, or by --output's suffix.",
        )(function)
        return function

    return decorate


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

    items: list[Any] = [CompletionItem(name) for name in presets() if name.startswith(incomplete)]
    return [*items, CompletionItem(incomplete, type="file")]


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
        type=click.Path(dir_okay=False, readable=False),
        help="Use this .tma-check.yaml (or pyproject.toml) instead of searching for one.",
    )(function)
    return function


def stdin_option(function: F) -> F:
    return click.option(
        "--stdin-filename",
        metavar="NAME",
        help="The name to report a document read from standard input (-) under; "
        "it also chooses its rubric from the project configuration.",
    )(function)


def use_color(choice: str, no_color: bool, terminal: bool) -> bool:
    """``--color always|never`` first; then NO_COLOR, FORCE_COLOR; then the terminal."""
    if choice == "always":
        return True
    if choice == "never" or no_color or os.environ.get("NO_COLOR"):
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
    fmt: str, color: str, no_color: bool, output: str | None, quiet: bool = False
) -> Style:
    from tma_check.report import Style

    if quiet and fmt == "auto":
        fmt = "plain"  # --quiet means one line per problem, on a terminal too
    if output is not None:
        if fmt == "auto":
            fmt = BY_SUFFIX.get(os.path.splitext(output)[1].lower(), "plain")
        return Style(format=fmt, quiet=quiet)
    terminal = sys.stdout.isatty()
    return Style(
        format=fmt,
        color=use_color(color, no_color, terminal),
        width=terminal_width(terminal),
        quiet=quiet,
        is_terminal=terminal,
    )
