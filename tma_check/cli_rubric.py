"""``tma-check rubric ...``: list presets, validate, show, infer and print the schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from tma_check.cli_io import emit, fail, wrote
from tma_check.cli_options import debug_option
from tma_check.exitcodes import ExitCode
from tma_check.textsafe import visible


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@click.group()
@debug_option
def rubric() -> None:
    """Work with rubric files: list, validate, show, infer, schema.

    \b
    Examples:
      tma-check rubric list
      tma-check rubric show rubrics/example-tma02.yaml
      tma-check rubric infer my-tma02.docx -o rubrics/my-tma02.yaml
    """


@rubric.command("list")
@debug_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["plain", "json"]),
    default="plain",
    show_default=True,
    help="plain: aligned columns; json: a list of objects (name, path, title, leeway, exclude).",
)
def rubric_list(fmt: str) -> None:
    """List the presets: name, leeway, what each leaves out, title.

    One line per preset shipped with tma-check; what it leaves out is the
    ids of the rules in force after its extends.

    \b
    Examples:
      tma-check rubric list
      tma-check rubric list --format json
    """
    from tma_check.rubric.catalogue import as_json, as_text, shipped

    listed = shipped()
    click.echo(as_json(listed) if fmt == "json" else as_text(listed), nl=False)
    sys.exit(ExitCode.ERROR if any(preset.error for preset in listed) else ExitCode.OK)


@rubric.command("validate")
@debug_option
@click.argument("rubrics", nargs=-1, required=True)
def rubric_validate(rubrics: Sequence[str]) -> None:
    """Check rubric files (or presets) and report every error in each, one per line.

    A file with several errors ends with a line counting them. The checks
    across values (ids used twice, marks that add up) run once every key and
    value is right. Exit code 2 when any rubric has an error.

    \b
    Example:
      tma-check rubric validate rubrics/example-tma02.yaml
    """
    code = ExitCode.OK
    for name in rubrics:
        if not _validate_one(name):
            code = ExitCode.ERROR
    sys.exit(code)


def _validate_one(name: str) -> bool:
    """Report one rubric: a line saying it is ok, or its errors; True when it is ok."""
    from tma_check.rubric import inspect_rubric

    loaded, errors = inspect_rubric(name)
    # The errors are this command's report: on standard output, as check's findings.
    for error in errors:
        click.echo(visible(str(error)))
    if len(errors) > 1:
        click.echo(visible(f"{name}: {_plural(len(errors), 'error')}"))
    if loaded is None:
        return False
    questions = _plural(len(loaded.questions), "question")
    click.echo(visible(f"{name}: ok ({questions}, {_plural(len(loaded.exclude), 'rule')})"))
    return True


@rubric.command("show")
@debug_option
@click.argument("name")
def rubric_show(name: str) -> None:
    """Print the effective rubric after `extends`, with where each value came from.

    \b
    Example:
      tma-check rubric show rubrics/example-tma02.yaml
    """
    from tma_check.errors import TmaCheckError
    from tma_check.rubric import load_rubric
    from tma_check.rubric.show import render

    try:
        click.echo(render(load_rubric(name)), nl=False)
    except TmaCheckError as error:
        fail(str(error))


@rubric.command("infer")
@debug_option
@click.argument("document", type=click.Path(readable=False))
@click.option(
    "--output",
    "-o",
    metavar="FILE",
    # no checks here: a folder or a device is refused in one line below
    type=click.Path(readable=False, allow_dash=True),
    callback=lambda ctx, param, value: None if value == "-" else value,
    help="Write the rubric to this file (.yaml or .yml) and one line on standard error; "
    "- for the screen.",
)
def rubric_infer(document: str, output: str | None) -> None:
    """Write a rubric from the limits and marks the question prompts state.

    Prompts such as "Q1) ... (200 words) (10 marks)" or "Question 2 (1,400
    words, 60%)" give each question's id, pattern, limit and marks; anything
    unsure is marked with a '# check:' comment. Nothing is invented: a
    question whose prompt states no limit gets none. A document that cannot
    be read is one line on standard output, as check reports it.

    \b
    Example:
      tma-check rubric infer my-tma02.docx -o rubrics/my-tma02.yaml
    """
    from pathlib import Path

    from tma_check.errors import DocumentError, TmaCheckError
    from tma_check.infer import infer, to_yaml
    from tma_check.load import load
    from tma_check.outfile import RUBRIC_SUFFIXES, refusal
    from tma_check.report.common import error_line
    from tma_check.rubric.schema import SCHEMA_FILE, schema_path

    problem = None if output is None else refusal(output, [document], RUBRIC_SUFFIXES)
    if problem is not None:
        fail(problem)
    # The schema, for editors: relative to the folder the rubric is written to; on the
    # screen, where the text may be saved anywhere, its absolute path.
    schema = SCHEMA_FILE.as_posix() if output is None else schema_path(Path(output).parent)
    try:
        inferred = infer(load(document))
        text = to_yaml(inferred, Path(document).name, schema)
    except DocumentError as error:
        # the document's error, on standard output as check, count and explain put it
        click.echo(visible(error_line(document, error.message)))
        sys.exit(ExitCode.ERROR)
    except TmaCheckError as error:
        fail(str(error))
    emit(text, output)
    if output is not None:
        questions = _plural(len(inferred.questions), "question")
        wrote(output, f"{questions}, {len(inferred.notes)} marked '# check:'")


@rubric.command("schema")
@debug_option
def rubric_schema() -> None:
    """Print the JSON Schema of rubric files, for editors and other tools.

    The same schema ships as tma_check/rubric/rubric.schema.json; a rubric
    can name it in a first-line comment for the YAML language server
    (`rubric infer` writes this line itself):

    \b
      # yaml-language-server: $schema=<path to rubric.schema.json>

    \b
    Example:
      tma-check rubric schema > rubric.schema.json
    """
    from tma_check.rubric.schema import schema_json

    click.echo(schema_json(), nl=False)
