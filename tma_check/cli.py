"""The ``tma-check`` command: options in, a call into the library, a report out.

Heavy modules are imported inside the commands, so ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from tma_check import __version__
from tma_check.cli_io import emit, fail, note
from tma_check.cli_rubric import rubric
from tma_check.exitcodes import ExitCode

if TYPE_CHECKING:
    from tma_check.batch import Job
    from tma_check.model import FileResult, Rubric
    from tma_check.report import Style

EXIT_CODES = """\b
Exit codes:
  0  every question is within its limit (or within the leeway)
  1  a question is over its limit beyond the leeway, or missing
     (with --strict: any warning too)
  2  the command was used wrongly, a file or rubric cannot be read, or no
     limit at all could be checked (give --rubric or --limit)
  130  stopped with Ctrl-C
"""

FORMAT_CHOICES = ("auto", "table", "plain", "json", "csv", "markdown", "github", "html")
_BY_SUFFIX = {".html": "html", ".htm": "html", ".json": "json", ".csv": "csv", ".md": "markdown"}
F = TypeVar("F", bound=Callable[..., Any])


def output_options(function: F) -> F:
    function = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, writable=True, allow_dash=True),
        callback=_dash_is_the_screen,
        help="Write the report to this file (atomically) instead of the screen; - for the screen.",
    )(function)
    function = click.option(
        "--no-color", is_flag=True, help="No colour, even on a terminal (NO_COLOR is honoured too)."
    )(function)
    function = click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMAT_CHOICES),
        default="auto",
        show_default=True,
        help="auto: a table on a terminal, plain lines when piped, or by --output's suffix.",
    )(function)
    return function


def _style(fmt: str, no_color: bool, output: str | None, quiet: bool = False) -> Style:
    from tma_check.report import Style

    if quiet and fmt == "auto":
        fmt = "plain"  # --quiet means one line per problem, on a terminal too
    if output is not None:
        if fmt == "auto":
            fmt = _BY_SUFFIX.get(os.path.splitext(output)[1].lower(), "plain")
        return Style(format=fmt, quiet=quiet)
    terminal = sys.stdout.isatty()
    color = terminal and not no_color and not os.environ.get("NO_COLOR")
    width = os.get_terminal_size().columns if terminal else None
    return Style(format=fmt, color=color, width=width, quiet=quiet, is_terminal=terminal)


def _dash_is_the_screen(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> str | None:
    """``-o -``: standard output, as if no file were named."""
    return None if value == "-" else value


def _guard_output(output: str | None, inputs: Sequence[str]) -> None:
    """Never let a report overwrite a document, a rubric or an input."""
    from tma_check.outfile import REPORT_SUFFIXES, refusal

    problem = None if output is None else refusal(output, inputs, REPORT_SUFFIXES)
    if problem is not None:
        fail(problem)


def _documents(
    given: Sequence[str], output: str | None, verb: str, rubric: str | None = None
) -> list[str]:
    """The documents named or in the folders named; notes on what was skipped go to stderr.

    The report may not be written over any of them, nor over the rubric in use.
    """
    from tma_check.batch import expand
    from tma_check.rubric import may_be_preset

    paths, notes = expand(given)
    if not paths:
        fail("; ".join(notes) if notes else f"no documents to {verb}")
    read = [*paths, *([rubric] if rubric is not None and not may_be_preset(rubric) else [])]
    _guard_output(output, read)
    for skipped in notes:
        note(skipped)
    return paths


class _Commands(click.Group):
    """The command group; Ctrl-C ends any command with exit 130, not click's 1 ("a
    question failed")."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ntma-check: interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)


@click.group(
    cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES
)
@click.version_option(__version__, "--version", "-V", prog_name="tma-check")
def cli() -> None:
    """Check a Word (.docx) assignment against its word limits and rubric.

    \b
    Examples:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml -Q Q2
      tma-check count my-tma02.docx
      tma-check check scripts/ -r example-tma02 --format csv -o marks.csv
    """


cli.add_command(rubric)


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False))
@click.option("--rubric", "-r", metavar="RUBRIC", help="A rubric file (.yaml) or a preset name.")
@output_options
@click.option(
    "--strict", is_flag=True, help="Treat warnings (over within leeway, ...) as failures."
)
@click.option("--quiet", "-q", is_flag=True, help="Plain output: only lines about problems.")
@click.option("--watch", "-w", is_flag=True, help="Check again each time the file is saved.")
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), help="Processes for a batch (default: by size)."
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="WORDS",
    help="Word limit of the whole document (one essay, or the questions' total).",
)
@click.option(
    "--minimum",
    type=click.IntRange(min=0),
    metavar="WORDS",
    help="Fewest words the whole document should have.",
)
@click.option("--debug", is_flag=True, help="Show a traceback for unexpected errors.")
def check(
    files: Sequence[str],
    rubric: str | None,
    fmt: str,
    no_color: bool,
    output: str | None,
    strict: bool,
    quiet: bool,
    watch: bool,
    jobs: int | None,
    limit: int | None,
    minimum: int | None,
    debug: bool,
) -> None:
    """Check FILES (or every .docx in a folder) against a rubric.

    The rubric is --rubric, else the one a .tma-check.yaml (or
    [tool.tma-check] in pyproject.toml) above the file names for it, else
    one inferred from the limits and marks the document states. A document
    without questions (an essay, a report) is checked as one piece: give its
    limit with --limit if the document does not state it.

    \b
    Examples:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check check essay.docx --limit 2000 --minimum 1000
      tma-check check my-tma02.docx --watch
      tma-check check scripts/ -r example-tma02 --format csv -o marks.csv
    """
    from tma_check.errors import TmaCheckError

    paths = _documents(files, output, "check", rubric)
    if watch and len(paths) != 1:
        fail("--watch takes exactly one document")
    if limit is not None and minimum is not None and minimum > limit:
        fail(f"--minimum {minimum} is above --limit {limit}")
    try:
        planned, strict_config = _plan(paths, rubric, limit, minimum)
        style = _style(fmt, no_color, output, quiet)
        if watch:
            _watch(planned[0], style, output, debug)
        results = _run(planned, style, jobs, debug)
    except TmaCheckError as error:
        fail(str(error))
    _report(results, style, output, strict or strict_config)


def _plan(
    paths: Sequence[str], name: str | None, limit: int | None = None, minimum: int | None = None
) -> tuple[list[Job], bool]:
    """Each document with its rubric: given, from project configuration, or inferred (None)."""
    from pathlib import Path

    from tma_check.batch import Job
    from tma_check.rubric import load_rubric

    if name is not None:
        loaded = load_rubric(name)
        return [Job(path, loaded, limit, minimum) for path in paths], _config_strict(paths)
    from tma_check.config import Config, find_config

    rubrics: dict[str, Rubric] = {}
    configs: dict[Path, Config | None] = {}
    strict = False
    planned = []
    for path in paths:
        folder = Path(path).resolve().parent
        if folder not in configs:
            configs[folder] = find_config(folder)
        config = configs[folder]
        chosen = config.rubric_for(Path(path)) if config is not None else None
        if chosen is not None and chosen not in rubrics:
            rubrics[chosen] = load_rubric(chosen)
        strict = strict or bool(config and config.strict)
        planned.append(Job(path, rubrics.get(chosen) if chosen else None, limit, minimum))
    return planned, strict


def _question_named(result: FileResult, question: str, source: str) -> str:
    """The id of the question (or part) ``-Q`` names: "Q1", "Question 1" and "1" alike."""
    from tma_check.labels import same_question

    every = result.all_questions()
    exact = [q.id for q in every if q.id.casefold() == question.casefold()]
    named = exact or [q.id for q in every if same_question(question, q.id)]
    if not named:
        ids = ", ".join(q.id for q in result.questions)
        fail(f"{source}: no question {question!r}; questions are: {ids}")
    return named[0]


def _config_strict(paths: Sequence[str]) -> bool:
    """``strict: true`` in the project configuration above any of ``paths``. (With
    ``--rubric`` given, a configuration that cannot be read is noted and passed over.)"""
    from pathlib import Path

    from tma_check.config import find_config
    from tma_check.errors import RubricError

    strict = False
    noted: set[str] = set()
    for folder in sorted({Path(path).resolve().parent for path in paths}):
        try:
            config = find_config(folder)
        except RubricError as error:
            if str(error) not in noted:
                noted.add(str(error))
                note(f"{error}; this configuration is passed over, as --rubric was given")
            continue
        strict = strict or bool(config and config.strict)
    return strict


def _run(planned: Sequence[Job], style: Style, jobs: int | None, debug: bool) -> list[FileResult]:
    from tma_check.batch import run

    if len(planned) > 1 and sys.stderr.isatty():
        from tma_check.report.terminal import progress_bar

        with progress_bar(len(planned)) as advance:
            return list(run(planned, debug, jobs, progress=advance))
    return list(run(planned, debug, jobs))


def _report(
    results: Sequence[FileResult], style: Style, output: str | None, strict: bool
) -> NoReturn:
    from tma_check.check import exit_code
    from tma_check.report import render_check

    emit(render_check(results, style), output)
    sys.exit(exit_code(results, strict))


def _watch(job: Job, style: Style, output: str | None, debug: bool) -> NoReturn:
    from tma_check.batch import check_job
    from tma_check.report import render_check
    from tma_check.watch import watch

    if not os.path.isfile(job.path):
        fail(f"{job.path}: no such file to watch")

    def again() -> None:
        result = check_job(job, debug)
        if style.is_terminal and output is None:
            click.clear()
        emit(render_check([result], style), output)
        click.echo(f"watching {job.path} for changes; Ctrl-C to stop", err=True)

    try:
        watch(job.path, again)
    except KeyboardInterrupt:
        click.echo("", err=True)
    sys.exit(ExitCode.OK)


@cli.command()
@click.argument("file", type=click.Path(readable=False))
@click.option("--rubric", "-r", metavar="RUBRIC", help="A rubric file (.yaml) or a preset name.")
@click.option("--question", "-Q", metavar="ID", help="Show only this question (e.g. Q2).")
@output_options
def explain(
    file: str,
    rubric: str | None,
    question: str | None,
    fmt: str,
    no_color: bool,
    output: str | None,
) -> None:
    """Show each question's text as counted, with every excluded span and its rule.

    The header answers "why does Word say one number and tma-check another?"
    with one line per reason. On a terminal excluded text is struck through
    and labelled; piped, it is written [rule: text].

    \b
    Example:
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml --question Q2
    """
    from tma_check.batch import check_job
    from tma_check.errors import TmaCheckError
    from tma_check.model import Status
    from tma_check.report import render_explain

    _guard_output(output, [file, *([rubric] if rubric else [])])
    try:
        (job,), _ = _plan([file], rubric)
        result = check_job(job)
        if result.status is Status.ERROR:
            fail(f"{file}: {result.error}")
        if question is not None:
            question = _question_named(result, question, rubric or file)
        if (
            fmt == "auto"
            and output is not None
            and not output.lower().endswith((".html", ".htm", ".json"))
        ):
            fmt = "plain"  # a .md, .csv or .txt file gets the plain view
        style = _style(fmt, no_color, output)
        emit(render_explain(result, question, style), output)
    except TmaCheckError as error:
        fail(str(error))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(readable=False))
@output_options
def count(files: Sequence[str], fmt: str, no_color: bool, output: str | None) -> None:
    """Count the words of FILES as Microsoft Word would, with a breakdown.

    Shows body text, tables, text boxes, footnotes and endnotes, and the count
    the file itself caches (docProps/app.xml) for reference.

    \b
    Example:
      tma-check count my-tma02.docx
      tma-check count *.docx --format json
    """
    from tma_check.api import count_file
    from tma_check.errors import DocumentError, TmaCheckError
    from tma_check.model import DocumentCount
    from tma_check.report import CountError, render_count

    paths = _documents(files, output, "count")
    rows: list[DocumentCount | CountError] = []
    for path in paths:
        try:
            rows.append(count_file(path))
        except DocumentError as error:
            rows.append(CountError(path, error.message))
    try:
        emit(render_count(rows, _style(fmt, no_color, output)), output)
    except TmaCheckError as error:
        fail(error.message)
    failed = not rows or any(isinstance(row, CountError) for row in rows)
    sys.exit(ExitCode.ERROR if failed else ExitCode.OK)


def main() -> None:
    # A file name that is not UTF-8 (or a terminal that is not) must not lose a report to
    # an encoding error: what cannot be written is written escaped.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    cli(prog_name="tma-check")
