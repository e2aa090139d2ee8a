"""What the commands read: the documents named (folders searched, standard input
copied aside), and each document's rubric from ``--rubric``, the project
configuration, or none (to be inferred). Problems are one-line errors (:func:`fail`).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import TYPE_CHECKING

from tma_check.cli_io import fail, note
from tma_check.stdin import STDIN

if TYPE_CHECKING:
    from tma_check.batch import Job
    from tma_check.config import Configs
    from tma_check.model import Rubric

    Sources = dict[str, str]  # a document as named -> where to read it from
    Unreadable = dict[str, str]  # a document as named -> why it could not be read


def guard_output(output: str | None, inputs: Sequence[str]) -> None:
    """Never let a report overwrite a document, a rubric or an input."""
    from tma_check.outfile import refusal

    problem = None if output is None else refusal(output, inputs)
    if problem is not None:
        fail(problem)


def documents(
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
    from tma_check.rubric import may_be_preset  # (the package alone: its heavy parts load later)

    if given.count(STDIN) > 1:
        fail("standard input (-) can be read only once")
    named = [path for path in given if path != STDIN]
    paths, notes = expand(named, ignore=ignore) if named else ([], [])
    if STDIN in given:
        paths.append(STDIN)
    if not paths:
        fail("; ".join(notes) if notes else f"no documents to {verb}")
    read = list(paths)
    if rubric is not None and not may_be_preset(rubric):
        read.append(rubric)
    guard_output(output, [path for path in read if path != STDIN])
    for skipped in notes:
        note(skipped)
    return paths


@contextmanager
def readable(paths: Sequence[str], stdin_name: str | None) -> Iterator[tuple[Sources, Unreadable]]:
    """Where to read each document from (``-``: a private copy of standard input), and
    why standard input could not be read (empty, too large): that document's error, as
    for any unreadable file, while the others are read. Standard input that is a
    terminal, or ``--stdin-filename`` without ``-``, is a usage error."""
    from tma_check.errors import DocumentError
    from tma_check.stdin import stdin_copy

    if STDIN not in paths:
        if stdin_name is not None:
            fail("--stdin-filename is for a document read from standard input (-)")
        yield {path: path for path in paths}, {}
        return
    if sys.stdin.isatty():
        fail("-: standard input is a terminal; pipe a .docx into tma-check, or name a file")
    with ExitStack() as stack:
        sources = {path: path for path in paths}
        unreadable: dict[str, str] = {}
        try:
            sources[STDIN] = stack.enter_context(stdin_copy(stdin_name or STDIN))
        except DocumentError as error:
            unreadable[STDIN] = error.message
        yield sources, unreadable


def shown_as(paths: Sequence[str], stdin_name: str | None) -> list[str]:
    """The name each document is reported (and configured) under."""
    return [stdin_name or STDIN if path == STDIN else path for path in paths]


def configs_for(named: str | None, isolated: bool) -> Configs:
    from tma_check.config import Configs

    if named is not None and isolated:
        fail("--config and --isolated cannot be given together")
    return Configs(named, isolated)


def plan(
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
        return [Job(path, loaded, limit, minimum) for path in shown], config_strict(shown, configs)
    rubrics: dict[str, Rubric] = {}
    strict = False
    planned = []
    for path in shown:
        config = configs.for_document(path)
        chosen = configs.choice_for(path)
        if chosen is not None and chosen.rubric not in rubrics:
            rubrics[chosen.rubric] = chosen.load()
        strict = strict or bool(config and config.strict)
        planned.append(Job(path, rubrics[chosen.rubric] if chosen else None, limit, minimum))
    return planned, strict


def config_strict(shown: Sequence[str], configs: Configs) -> bool:
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
