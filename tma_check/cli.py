"""The ``tma-check`` command: options in, a call into the library, a report out.

Heavy modules are imported inside the commands, so ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tma_check import __version__
from tma_check.exitcodes import ExitCode

if TYPE_CHECKING:
    from tma_check.model import FileResult, Rubric
    from tma_check.report import Style

EXIT_CODES = """\b
Exit codes:
  0  every question is within its limit (or within the leeway)
  1  a question is over its limit beyond the leeway, or missing
     (with --strict: any warning too)
  2  the command was used wrongly, or a file or rubric cannot be read
"""

FORMAT_CHOICES = ("auto", "table", "plain", "json", "csv", "markdown", "github", "html")
F = TypeVar("F", bound=Callable[..., Any])


def output_options(function: F) -> F:
    function = click.option(
        "--no-color", is_flag=True, help="No colour, even on a terminal (NO_COLOR is honoured too)."
    )(function)
    function = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        default="auto",
        show_default=True,
        help="auto: a table on a terminal, plain lines when piped.",
    )(function)
    return function


def _style(fmt: str, no_color: bool, quiet: bool = False) -> Style:
    from tma_check.report import Style

    terminal = sys.stdout.isatty()
    color = terminal and not no_color and not os.environ.get("NO_COLOR")
    width = os.get_terminal_size().columns if terminal else None
    return Style(format=fmt, color=color, width=width, quiet=quiet, is_terminal=terminal)


def _fail(message: str) -> None:
    click.echo(f"tma-check: {message}", err=True)
    sys.exit(ExitCode.ERROR)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(__version__, "--version", "-V", prog_name="tma-check")
def cli() -> None:
    """Check a Word (.docx) assignment against its word limits and rubric.

    \b
    Examples:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check count my-tma02.docx
    """


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("--rubric", "-r", metavar="RUBRIC", help="A rubric file (.yaml) or a preset name.")
@output_options
@click.option(
    "--strict", is_flag=True, help="Treat warnings (over within leeway, ...) as failures."
)
@click.option("--quiet", "-q", is_flag=True, help="Plain output: only lines about problems.")
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
def check(
    files: Sequence[str],
    rubric: str | None,
    fmt: str,
    no_color: bool,
    strict: bool,
    quiet: bool,
    debug: bool,
) -> None:
    """Check FILES against a rubric: counts, limits, marks and a verdict.

    \b
    Example:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check check scripts/*.docx -r example-tma02 --format json
    """
    from tma_check.check import exit_code
    from tma_check.errors import TmaCheckError
    from tma_check.report import render_check
    from tma_check.rubric import load_rubric

    if rubric is None:
        _fail("no rubric given; pass --rubric FILE.yaml or a preset name (tma-check rubric list)")
        return
    try:
        loaded = load_rubric(rubric)
        results = [_check_one(path, loaded, debug) for path in files]
    except TmaCheckError as error:
        _fail(str(error))
        return
    click.echo(render_check(results, _style(fmt, no_color, quiet)), nl=False)
    sys.exit(exit_code(results, strict))


def _check_one(path: str, rubric: Rubric, debug: bool) -> FileResult:
    from tma_check.api import check_file
    from tma_check.model import FileResult, Status

    try:
        return check_file(path, rubric)
    except RecursionError:
        return FileResult(path=path, status=Status.ERROR, error="is nested too deeply to read")
    except Exception as error:  # an unexpected bug must not stop a batch
        from tma_check.errors import TmaCheckError

        if debug or isinstance(error, TmaCheckError):
            raise
        message = (
            f"internal error ({type(error).__name__}: {error}); rerun with --debug and report it"
        )
        return FileResult(path=path, status=Status.ERROR, error=message)


@cli.command()
@click.argument("file", type=click.Path())
@click.option("--rubric", "-r", metavar="RUBRIC", help="A rubric file (.yaml) or a preset name.")
@click.option("--question", "-Q", metavar="ID", help="Show only this question (e.g. Q2).")
@output_options
def explain(file: str, rubric: str | None, question: str | None, fmt: str, no_color: bool) -> None:
    """Show each question's text as counted, with every excluded span and its rule.

    The header answers "why does Word say one number and tma-check another?"
    with one line per reason. On a terminal excluded text is struck through
    and labelled; piped, it is written [rule: text].

    \b
    Example:
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml --question Q2
    """
    from tma_check.errors import TmaCheckError
    from tma_check.model import Status
    from tma_check.report import render_explain
    from tma_check.rubric import load_rubric

    if rubric is None:
        _fail("no rubric given; pass --rubric FILE.yaml or a preset name (tma-check rubric list)")
        return
    try:
        loaded = load_rubric(rubric)
        result = _check_one(file, loaded, debug=False)
    except TmaCheckError as error:
        _fail(str(error))
        return
    if result.status is Status.ERROR:
        _fail(f"{file}: {result.error}")
    if question is not None and not any(
        q.id.casefold() == question.casefold() for q in result.questions
    ):
        ids = ", ".join(q.id for q in result.questions)
        _fail(f"{rubric}: no question {question!r}; questions are: {ids}")
    click.echo(render_explain(result, question, _style(fmt, no_color)), nl=False)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
@output_options
def count(files: Sequence[str], fmt: str, no_color: bool) -> None:
    """Count the words of FILES as Microsoft Word would, with a breakdown.

    Shows body text, tables, text boxes, footnotes and endnotes, and the count
    the file itself caches (docProps/app.xml) for reference.

    \b
    Example:
      tma-check count my-tma02.docx
      tma-check count *.docx --format json
    """
    from tma_check.api import count_file
    from tma_check.errors import DocumentError
    from tma_check.measure import DocumentCount
    from tma_check.report import CountError, render_count

    rows: list[DocumentCount | CountError] = []
    for path in files:
        try:
            rows.append(count_file(path))
        except DocumentError as error:
            rows.append(CountError(path, error.message))
    click.echo(render_count(rows, _style(fmt, no_color)), nl=False)
    sys.exit(ExitCode.ERROR if any(isinstance(row, CountError) for row in rows) else ExitCode.OK)


@cli.group()
def rubric() -> None:
    """Work with rubric files."""


@rubric.command("list")
def rubric_list() -> None:
    """List the presets shipped with tma-check.

    \b
    Example:
      tma-check rubric list
    """
    from tma_check.rubric import presets

    for name, path in presets().items():
        click.echo(f"{name}\t{path}")


@rubric.command("validate")
@click.argument("rubrics", nargs=-1, required=True)
def rubric_validate(rubrics: Sequence[str]) -> None:
    """Check rubric files (or presets) and report the first error in each.

    \b
    Example:
      tma-check rubric validate rubrics/example-tma02.yaml
    """
    from tma_check.errors import TmaCheckError
    from tma_check.rubric import load_rubric

    code = ExitCode.OK
    for name in rubrics:
        try:
            loaded = load_rubric(name)
        except TmaCheckError as error:
            click.echo(str(error), err=True)
            code = ExitCode.ERROR
            continue
        click.echo(f"{name}: ok ({len(loaded.questions)} questions, {len(loaded.exclude)} rules)")
    sys.exit(code)


@rubric.command("schema")
def rubric_schema() -> None:
    """Print the JSON Schema of rubric files, for editors and other tools.

    The same schema ships as tma_check/rubric/rubric.schema.json; a rubric
    can name it in a first-line comment for the YAML language server:
    # yaml-language-server: $schema=<path to rubric.schema.json>

    \b
    Example:
      tma-check rubric schema > rubric.schema.json
    """
    from tma_check.rubric.schema import schema_json

    click.echo(schema_json(), nl=False)


def main() -> None:
    cli(prog_name="tma-check")
