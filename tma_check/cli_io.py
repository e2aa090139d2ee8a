"""What the command line writes: reports to the screen or a file, one-line errors."""

from __future__ import annotations

import sys
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
