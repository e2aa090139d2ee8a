"""What the command line writes: reports to the screen or a file, one-line errors."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NoReturn

import click

from tma_check.exitcodes import ExitCode
from tma_check.textsafe import visible


def fail(message: str) -> NoReturn:
    """One line on standard error, and exit code 2."""
    click.echo(f"tma-check: {visible(message)}", err=True)
    sys.exit(ExitCode.ERROR)


def note(message: str) -> None:
    click.echo(f"tma-check: {visible(message)}", err=True)


def wrote(output: str, summary: str, errors: Sequence[str] = ()) -> None:
    """What the terminal gets when the report went to the file ``output``: each
    unreadable file's error line on standard output, as without ``-o``, then one line
    on standard error, ``tma-check: wrote NAME: summary`` (so that standard output
    stays the report's alone with ``-o -``)."""
    for line in errors:
        click.echo(visible(line))
    note(f"wrote {output}: {summary}")


def emit(text: str, output: str | None) -> None:
    """``text`` to standard output, or written atomically to ``output``."""
    if output is None:
        # Reports hold colour only when it was asked for (document text never carries
        # escapes), so click is not to strip it when the screen is not a terminal.
        click.echo(text, nl=False, color=True)
        return
    from tma_check.outfile import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        fail(f"{output}: cannot be written: {error.strerror or error}")
