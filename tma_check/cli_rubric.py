"""``tma-check rubric ...``: list presets, validate, show, infer and print the schema."""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from tma_check.cli_io import emit, fail, note
from tma_check.exitcodes import ExitCode


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@click.group()
def rubric() -> None:
    """Work with rubric files: list, validate, show, infer, schema.

    \b
    Examples:
      tma-check rubric list
      tma-check rubric show rubrics/example-tma02.yaml
      tma-check rubric infer my-tma02.docx -o rubrics/my-tma02.yaml
    """


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
        questions = _plural(len(loaded.questions), "question")
        click.echo(f"{name}: ok ({questions}, {_plural(len(loaded.exclude), 'rule')})")
    sys.exit(code)


@rubric.command("show")
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
@click.argument("document", type=click.Path(readable=False))
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write the rubric here.")
def rubric_infer(document: str, output: str | None) -> None:
    """Write a rubric from the limits and marks the question prompts state.

    Prompts such as "Q1) ... (200 words) (10 marks)" or "Question 2 (1,400
    words, 60%)" give each question's id, pattern, limit and marks; anything
    unsure is marked with a '# check:' comment. Nothing is invented: a
    question whose prompt states no limit gets none.

    \b
    Example:
      tma-check rubric infer my-tma02.docx -o rubrics/my-tma02.yaml
    """
    from pathlib import Path

    from tma_check.errors import TmaCheckError
    from tma_check.infer import infer, to_yaml
    from tma_check.load import load
    from tma_check.outfile import RUBRIC_SUFFIXES, refusal

    problem = None if output is None else refusal(output, [document], RUBRIC_SUFFIXES)
    if problem is not None:
        fail(problem)
    try:
        text = to_yaml(infer(load(document)), Path(document).name)
    except TmaCheckError as error:
        fail(str(error))
    emit(text, output)
    if output is not None:
        note(f"wrote {output}")


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
