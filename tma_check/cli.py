"""The ``tma-check`` command: options in, a call into the library, a report out.

Heavy modules are imported inside the commands, so ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

import click

from tma_check import __version__
from tma_check.cli_inputs import configs_for, documents, guard_output, plan, readable, shown_as
from tma_check.cli_io import emit, fail, wrote
from tma_check.cli_options import (
    CHECK_FORMATS,
    COUNT_FORMATS,
    DEBUG_KEY,
    EXPLAIN_FORMAT_HELP,
    EXPLAIN_FORMATS,
    STDIN_HELP,
    config_options,
    debug_option,
    debugging,
    make_style,
    output_options,
    rubric_option,
    stdin_option,
    use_color,
)
from tma_check.cli_rubric import rubric
from tma_check.exitcodes import ExitCode
from tma_check.stdin import STDIN
from tma_check.textsafe import visible

if TYPE_CHECKING:
    from tma_check.batch import Job
    from tma_check.model import FileResult
    from tma_check.report import Style

    Sources = dict[str, str]  # a document as named -> where to read it from
    Unreadable = dict[str, str]  # a document as named -> why it could not be read

EXIT_CODES = """\b
Exit codes:
  0  every question is within its limit (or within the leeway)
  1  a question is over its limit beyond the leeway, or missing
     (with --strict: any warning too)
  2  the command was used wrongly, a file or rubric cannot be read, or no
     limit at all could be checked (give --rubric or --limit)
  130  stopped with Ctrl-C
"""

FORMAT_CHOICES = CHECK_FORMATS


def _style(
    fmt: str,
    color: str,
    no_color: bool,
    output: str | None,
    formats: Sequence[str],
    command: str,
    quiet: bool = False,
) -> Style:
    """The style to render in, or a one-line error for options that do not go together."""
    from tma_check.errors import UsageError

    try:
        return make_style(fmt, color, no_color, output, quiet, formats, command)
    except UsageError as error:
        fail(str(error))


class _Commands(click.Group):
    """The command group. Ctrl-C ends any command with exit 130, not click's 1 ("a
    question failed"); an unexpected error is one line and exit 2, or a traceback
    with ``--debug``."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\ntma-check: interrupted", err=True)
            sys.exit(ExitCode.INTERRUPTED)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            if ctx.meta.get(DEBUG_KEY):
                raise
            kind = type(error).__name__
            fail(f"internal error ({kind}: {error}); rerun with --debug and report it")


@click.group(
    cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES
)
@click.version_option(__version__, "--version", "-V", prog_name="tma-check")
@debug_option
def cli() -> None:
    """Check a Word (.docx) assignment against its word limits and rubric.

    \b
    Examples:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml -Q Q2
      tma-check count my-tma02.docx
      tma-check check examples/ -r rubrics/example-tma02.yaml --format csv -o marks.csv
      git show HEAD~1:tma02.docx | tma-check count -
    """


cli.add_command(rubric)

_FILES = click.Path(readable=False, allow_dash=True)
_NO_IGNORE = click.option(
    "--no-ignore",
    is_flag=True,
    help="In folders, take every .docx: hidden folders, virtual environments and "
    ".gitignore'd files too.",
)


@cli.command(epilog=EXIT_CODES)
@click.argument("files", nargs=-1, required=True, type=_FILES)
@rubric_option
@config_options
@output_options(CHECK_FORMATS)
@click.option(
    "--strict/--no-strict",
    default=None,
    help="Treat warnings (over within leeway, ...) as failures; --no-strict overrides "
    "the configuration's strict: true.",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Plain lines about problems only: no notes, no summary (with --format auto, "
    "plain or github).",
)
@click.option("--watch", "-w", is_flag=True, help="Check again each time the file is saved.")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    metavar="N",
    help="Processes for a batch (default: by size).",
)
@_NO_IGNORE
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
@stdin_option()
@debug_option
def check(
    files: Sequence[str],
    rubric: str | None,
    config_file: str | None,
    isolated: bool,
    fmt: str,
    color: str,
    no_color: bool,
    output: str | None,
    strict: bool | None,
    quiet: bool,
    watch: bool,
    jobs: int | None,
    no_ignore: bool,
    limit: int | None,
    minimum: int | None,
    stdin_filename: str | None,
) -> None:
    """Check FILES (or every .docx in a folder; - for standard input) against a rubric.

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
      tma-check check examples/ -r rubrics/example-tma02.yaml --format csv -o marks.csv
    """
    from tma_check.errors import TmaCheckError
    from tma_check.record import replace

    style = _style(fmt, color, no_color, output, CHECK_FORMATS, "check", quiet)
    paths = documents(files, output, "check", rubric, ignore=not no_ignore)
    if watch and (len(paths) != 1 or paths[0] == STDIN):
        fail("--watch takes exactly one document, a file")
    if limit is not None and minimum is not None and minimum > limit:
        fail(f"--minimum {minimum} is above --limit {limit}")
    shown = shown_as(paths, stdin_filename)
    try:
        configs = configs_for(config_file, isolated)
        with readable(paths, stdin_filename) as (sources, unreadable):
            planned, strict_config = plan(shown, rubric, configs, limit, minimum)
            planned = [
                replace(job, path=sources[path]) for job, path in zip(planned, paths, strict=True)
            ]
            if watch:
                _watch(planned[0], style, output)
            bar = use_color(color, no_color, sys.stderr.isatty())
            results = _run(planned, [unreadable.get(path) for path in paths], bar, jobs)
    except TmaCheckError as error:
        fail(str(error))
    results = [replace(result, path=name) for result, name in zip(results, shown, strict=True)]
    _report(results, style, output, strict_config if strict is None else strict)


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


def _run(
    planned: Sequence[Job], unreadable: Sequence[str | None], color: bool, jobs: int | None
) -> list[FileResult]:
    """Every job's result, in order: a job already known to be unreadable (standard
    input that was empty) is its error result; the others are checked, with a progress
    bar on a terminal for a batch, in colour or not as ``color`` says."""
    from tma_check.batch import run
    from tma_check.model import FileResult, Status

    todo = [job for job, problem in zip(planned, unreadable, strict=True) if problem is None]
    if len(todo) > 1 and sys.stderr.isatty():
        from tma_check.report.terminal import progress_bar

        with progress_bar(len(todo), color=color) as advance:
            done = list(run(todo, debugging(), jobs, progress=advance))
    else:
        done = list(run(todo, debugging(), jobs))
    checked = iter(done)
    return [
        next(checked)
        if problem is None
        else FileResult(path=job.path, status=Status.ERROR, rubric=job.rubric, error=problem)
        for job, problem in zip(planned, unreadable, strict=True)
    ]


def _error_lines(results: Sequence[FileResult]) -> list[str]:
    """The line each unreadable file gets in plain output."""
    from tma_check.report.common import error_line

    return [error_line(r.path, r.error) for r in results if r.error is not None]


def _report(
    results: Sequence[FileResult], style: Style, output: str | None, strict: bool
) -> NoReturn:
    from tma_check.check import exit_code
    from tma_check.report import render_check
    from tma_check.report.common import summary_text

    emit(render_check(results, style), output)
    if output is not None:
        wrote(output, summary_text(results), _error_lines(results))
    sys.exit(exit_code(results, strict))


def _watch(job: Job, style: Style, output: str | None) -> NoReturn:
    """Check ``job`` now and after every save; Ctrl-C ends it as it ends any command
    (exit 130)."""
    from tma_check.batch import check_job
    from tma_check.report import render_check
    from tma_check.report.common import summary_text
    from tma_check.watch import watch

    if not os.path.isfile(job.path):
        fail(f"{job.path}: no such file to watch")

    def again() -> None:
        result = check_job(job, debugging())
        if style.is_terminal and output is None:
            click.clear()
        emit(render_check([result], style), output)
        if output is not None:
            wrote(output, summary_text([result]), _error_lines([result]))
        checked = time.strftime("%H:%M:%S")
        click.echo(
            f"checked at {checked}; watching {visible(job.path)} for changes; Ctrl-C to stop",
            err=True,
        )

    watch(job.path, again)
    sys.exit(ExitCode.OK)  # pragma: no cover - watch returns only when told to stop


@cli.command()
@click.argument("file", type=_FILES)
@rubric_option
@click.option("--question", "-Q", metavar="ID", help="Show only this question (e.g. Q2).")
@config_options
@output_options(EXPLAIN_FORMATS, EXPLAIN_FORMAT_HELP)
@stdin_option()
@debug_option
def explain(
    file: str,
    rubric: str | None,
    question: str | None,
    config_file: str | None,
    isolated: bool,
    fmt: str,
    color: str,
    no_color: bool,
    output: str | None,
    stdin_filename: str | None,
) -> None:
    """Show each question's text as counted, with every excluded span and its rule.

    The header answers "why does Word say one number and tma-check another?"
    with one line per reason. On a terminal excluded text is struck through
    and labelled; piped, or without colour, it is written [rule: text]. A
    file that cannot be read is reported as check reports it.

    \b
    Example:
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml --question Q2
    """
    from tma_check.batch import check_job
    from tma_check.errors import TmaCheckError
    from tma_check.model import FileResult, Status
    from tma_check.record import replace
    from tma_check.report import render_check, render_explain
    from tma_check.report.common import summary_text

    style = _style(fmt, color, no_color, output, EXPLAIN_FORMATS, "explain")
    guard_output(output, [path for path in (file, rubric) if path and path != STDIN])
    (shown,) = shown_as([file], stdin_filename)
    try:
        with readable([file], stdin_filename) as (sources, unreadable):
            (job,), _ = plan([shown], rubric, configs_for(config_file, isolated))
            if file in unreadable:
                result = FileResult(shown, Status.ERROR, job.rubric, error=unreadable[file])
            else:
                checked = check_job(replace(job, path=sources[file]), debugging())
                result = replace(checked, path=shown)
        if result.status is Status.ERROR:
            text = render_check([result], style)
        else:
            if question is not None:
                question = _question_named(result, question, rubric or shown)
            text = render_explain(result, question, style)
    except TmaCheckError as error:
        fail(str(error))
    emit(text, output)
    if output is not None:
        wrote(output, summary_text([result]), _error_lines([result]))
    sys.exit(ExitCode.ERROR if result.status is Status.ERROR else ExitCode.OK)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=_FILES)
@output_options(COUNT_FORMATS)
@_NO_IGNORE
@stdin_option(STDIN_HELP)
@debug_option
def count(
    files: Sequence[str],
    fmt: str,
    color: str,
    no_color: bool,
    output: str | None,
    no_ignore: bool,
    stdin_filename: str | None,
) -> None:
    """Count the words of FILES (- for standard input) as Microsoft Word would.

    Shows body text, tables, text boxes, footnotes and endnotes, and the count
    the file itself caches (docProps/app.xml) for reference.

    \b
    Examples:
      tma-check count my-tma02.docx
      tma-check count *.docx --format json
      git show HEAD~1:tma02.docx | tma-check count -
    """
    from tma_check.api import count_file
    from tma_check.errors import DocumentError, TmaCheckError
    from tma_check.model import DocumentCount
    from tma_check.record import replace
    from tma_check.report import CountError, render_count
    from tma_check.report.common import count_summary_text, error_line

    style = _style(fmt, color, no_color, output, COUNT_FORMATS, "count")
    paths = documents(files, output, "count", ignore=not no_ignore)
    rows: list[DocumentCount | CountError] = []
    try:
        with readable(paths, stdin_filename) as (sources, unreadable):
            for path, shown in zip(paths, shown_as(paths, stdin_filename), strict=True):
                if path in unreadable:
                    rows.append(CountError(shown, unreadable[path]))
                    continue
                try:
                    rows.append(replace(count_file(sources[path]), path=shown))
                except DocumentError as error:
                    rows.append(CountError(shown, error.message))
        emit(render_count(rows, style), output)
    except TmaCheckError as error:
        fail(str(error))
    errors = [row for row in rows if isinstance(row, CountError)]
    if output is not None:
        lines = [error_line(row.path, row.message) for row in errors]
        wrote(output, count_summary_text(rows), lines)
    sys.exit(ExitCode.ERROR if errors or not rows else ExitCode.OK)


def main() -> None:
    # A file name that is not UTF-8 (or a terminal that is not) must not lose a report to
    # an encoding error: what cannot be written is written escaped.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    cli(prog_name="tma-check")
