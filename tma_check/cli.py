"""The ``tma-check`` command: options in, a call into the library, a report out.

Heavy modules are imported inside the commands, so ``--help`` and
``--version`` start fast.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any, NoReturn

import click

from tma_check import __version__
from tma_check.cli_io import emit, fail, note
from tma_check.cli_options import (
    CHECK_FORMATS,
    COUNT_FORMATS,
    DEBUG_KEY,
    EXPLAIN_FORMATS,
    config_options,
    debug_option,
    debugging,
    make_style,
    output_options,
    rubric_option,
    stdin_option,
)
from tma_check.cli_rubric import rubric
from tma_check.exitcodes import ExitCode
from tma_check.stdin import STDIN
from tma_check.textsafe import visible

if TYPE_CHECKING:
    from tma_check.batch import Job
    from tma_check.config import Configs
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

FORMAT_CHOICES = CHECK_FORMATS


def _guard_output(output: str | None, inputs: Sequence[str]) -> None:
    """Never let a report overwrite a document, a rubric or an input."""
    from tma_check.outfile import REPORT_SUFFIXES, refusal

    problem = None if output is None else refusal(output, inputs, REPORT_SUFFIXES)
    if problem is not None:
        fail(problem)


def _documents(
    given: Sequence[str],
    output: str | None,
    verb: str,
    rubric: str | None = None,
    ignore: bool = True,
) -> list[str]:
    """The documents named or in the folders named; notes on what was skipped go to stderr.

    The report may not be written over any of them, nor over the rubric in use.
    """
    from tma_check.batch import expand
    from tma_check.rubric import may_be_preset

    if given.count(STDIN) > 1:
        fail("standard input (-) can be read only once")
    named = [path for path in given if path != STDIN]
    paths, notes = expand(named, ignore=ignore) if named else ([], [])
    if STDIN in given:
        paths.append(STDIN)
    if not paths:
        fail("; ".join(notes) if notes else f"no documents to {verb}")
    read = [*paths, *([rubric] if rubric is not None and not may_be_preset(rubric) else [])]
    _guard_output(output, [path for path in read if path != STDIN])
    for skipped in notes:
        note(skipped)
    return paths


@contextmanager
def _readable(paths: Sequence[str], stdin_name: str | None) -> Iterator[dict[str, str]]:
    """Where to read each document from (``-``: a private copy of standard input)."""
    from tma_check.stdin import stdin_copy

    if STDIN not in paths:
        if stdin_name is not None:
            fail("--stdin-filename is for a document read from standard input (-)")
        yield {path: path for path in paths}
        return
    if sys.stdin.isatty():
        fail("-: standard input is a terminal; pipe a .docx into tma-check, or name a file")
    with stdin_copy(stdin_name or STDIN) as copy:
        yield {path: copy if path == STDIN else path for path in paths}


def _shown(paths: Sequence[str], stdin_name: str | None) -> list[str]:
    """The name each document is reported (and configured) under."""
    return [stdin_name or STDIN if path == STDIN else path for path in paths]


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
def cli() -> None:
    """Check a Word (.docx) assignment against its word limits and rubric.

    \b
    Examples:
      tma-check check my-tma02.docx --rubric rubrics/example-tma02.yaml
      tma-check explain my-tma02.docx -r rubrics/example-tma02.yaml -Q Q2
      tma-check count my-tma02.docx
      tma-check check scripts/ -r example-tma02 --format csv -o marks.csv
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
@click.option("--quiet", "-q", is_flag=True, help="Plain output: only lines about problems.")
@click.option("--watch", "-w", is_flag=True, help="Check again each time the file is saved.")
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 64), help="Processes for a batch (default: by size)."
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
@stdin_option
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
      tma-check check scripts/ -r example-tma02 --format csv -o marks.csv
    """
    from tma_check.errors import TmaCheckError

    paths = _documents(files, output, "check", rubric, ignore=not no_ignore)
    if watch and (len(paths) != 1 or paths[0] == STDIN):
        fail("--watch takes exactly one document, a file")
    if limit is not None and minimum is not None and minimum > limit:
        fail(f"--minimum {minimum} is above --limit {limit}")
    shown = _shown(paths, stdin_filename)
    try:
        configs = _configs(config_file, isolated)
        with _readable(paths, stdin_filename) as sources:
            planned, strict_config = _plan(shown, rubric, configs, limit, minimum)
            planned = [
                replace(job, path=sources[path]) for job, path in zip(planned, paths, strict=True)
            ]
            style = make_style(fmt, color, no_color, output, quiet)
            if watch:
                _watch(planned[0], style, output)
            results = _run(planned, style, jobs)
    except TmaCheckError as error:
        fail(str(error))
    results = [replace(result, path=name) for result, name in zip(results, shown, strict=True)]
    _report(results, style, output, strict_config if strict is None else strict)


def _configs(named: str | None, isolated: bool) -> Configs:
    from tma_check.config import Configs

    if named is not None and isolated:
        fail("--config and --isolated cannot be given together")
    return Configs(named, isolated)


def _plan(
    shown: Sequence[str],
    name: str | None,
    configs: Configs,
    limit: int | None = None,
    minimum: int | None = None,
) -> tuple[list[Job], bool]:
    """Each document with its rubric: given, from project configuration, or inferred (None);
    and whether the configuration asks for ``strict``."""

    from tma_check.batch import Job
    from tma_check.rubric import load_rubric

    if name is not None:
        loaded = load_rubric(name)
        return [Job(path, loaded, limit, minimum) for path in shown], _config_strict(shown, configs)
    rubrics: dict[str, Rubric] = {}
    strict = False
    planned = []
    for path in shown:
        config = configs.for_document(path)
        chosen = configs.rubric_for(path)
        if chosen is not None and chosen not in rubrics:
            rubrics[chosen] = load_rubric(chosen)
        strict = strict or bool(config and config.strict)
        planned.append(Job(path, rubrics.get(chosen) if chosen else None, limit, minimum))
    return planned, strict


def _config_strict(shown: Sequence[str], configs: Configs) -> bool:
    """``strict: true`` in the project configuration of any of the documents. (With
    ``--rubric`` given, a configuration found that cannot be read is noted and passed
    over; one named with ``--config`` was read already.)"""
    from tma_check.errors import RubricError

    strict = False
    noted: set[str] = set()
    for path in shown:
        try:
            config = configs.for_document(path)
        except RubricError as error:
            if str(error) not in noted:
                noted.add(str(error))
                note(f"{error}; this configuration is passed over, as --rubric was given")
            continue
        strict = strict or bool(config and config.strict)
    return strict


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


def _run(planned: Sequence[Job], style: Style, jobs: int | None) -> list[FileResult]:
    from tma_check.batch import run

    if len(planned) > 1 and sys.stderr.isatty():
        from tma_check.report.terminal import progress_bar

        with progress_bar(len(planned)) as advance:
            return list(run(planned, debugging(), jobs, progress=advance))
    return list(run(planned, debugging(), jobs))


def _report(
    results: Sequence[FileResult], style: Style, output: str | None, strict: bool
) -> NoReturn:
    from tma_check.check import exit_code
    from tma_check.report import render_check
    from tma_check.report.common import summary_text

    emit(render_check(results, style), output)
    if output is not None:
        note(f"wrote {output}: {summary_text(results)}")
    sys.exit(exit_code(results, strict))


def _watch(job: Job, style: Style, output: str | None) -> NoReturn:
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
        checked = time.strftime("%H:%M:%S")
        done = f"wrote {output}: {summary_text([result])}; " if output is not None else ""
        click.echo(
            f"{done}checked at {checked}; watching {visible(job.path)} for changes; Ctrl-C to stop",
            err=True,
        )

    try:
        watch(job.path, again)
    except KeyboardInterrupt:
        click.echo("", err=True)
    sys.exit(ExitCode.OK)


@cli.command()
@click.argument("file", type=_FILES)
@rubric_option
@click.option("--question", "-Q", metavar="ID", help="Show only this question (e.g. Q2).")
@config_options
@output_options(EXPLAIN_FORMATS)
@stdin_option
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
    from tma_check.model import Status
    from tma_check.report import render_check, render_explain

    if file != STDIN:
        _guard_output(output, [file, *([rubric] if rubric else [])])
    (shown,) = _shown([file], stdin_filename)
    if (
        fmt == "auto"
        and output is not None
        and not output.lower().endswith((".html", ".htm", ".json"))
    ):
        fmt = "plain"  # a .md, .csv or .txt file gets the plain view
    style = make_style(fmt, color, no_color, output)
    try:
        with _readable([file], stdin_filename) as sources:
            (job,), _ = _plan([shown], rubric, _configs(config_file, isolated))
            result = replace(check_job(replace(job, path=sources[file]), debugging()), path=shown)
        if result.status is Status.ERROR:
            emit(render_check([result], style), output)
            sys.exit(ExitCode.ERROR)
        if question is not None:
            question = _question_named(result, question, rubric or shown)
        emit(render_explain(result, question, style), output)
    except TmaCheckError as error:
        fail(str(error))
    if output is not None:
        note(f"wrote {output}")


@cli.command()
@click.argument("files", nargs=-1, required=True, type=_FILES)
@output_options(COUNT_FORMATS)
@_NO_IGNORE
@stdin_option
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
    from tma_check.report import CountError, render_count

    paths = _documents(files, output, "count", ignore=not no_ignore)
    rows: list[DocumentCount | CountError] = []
    try:
        with _readable(paths, stdin_filename) as sources:
            for path, shown in zip(paths, _shown(paths, stdin_filename), strict=True):
                try:
                    rows.append(replace(count_file(sources[path]), path=shown))
                except DocumentError as error:
                    rows.append(CountError(shown, error.message))
        emit(render_count(rows, make_style(fmt, color, no_color, output)), output)
    except TmaCheckError as error:
        fail(str(error))
    failed = not rows or any(isinstance(row, CountError) for row in rows)
    if output is not None:
        unreadable = sum(isinstance(row, CountError) for row in rows)
        note(f"wrote {output}: {len(rows)} files, {unreadable} not readable")
    sys.exit(ExitCode.ERROR if failed else ExitCode.OK)


def main() -> None:
    # A file name that is not UTF-8 (or a terminal that is not) must not lose a report to
    # an encoding error: what cannot be written is written escaped.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    cli(prog_name="tma-check")
