"""The library entry points: everything the command line does, without click.

>>> from tma_check.api import check_file, count_file
>>> from tma_check.rubric import load_rubric
>>> result = check_file("tma02.docx", load_rubric("rubrics/example-tma02.yaml"))  # doctest: +SKIP
>>> result.status  # doctest: +SKIP
<Status.OK: 'ok'>
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from tma_check.errors import DocumentError, TooSlow
from tma_check.model import (
    Document,
    DocumentCount,
    FileResult,
    Measurement,
    Rubric,
    RuleUse,
    Section,
    Status,
)
from tma_check.record import replace

if TYPE_CHECKING:
    from tma_check.rules.base import RuleDef
    from tma_check.structure import Outline

# Each entry point imports the stages it runs when it runs, so that a count never
# loads the splitter, the rules or the YAML reader (start-up is most of a small run).


def check_document(
    document: Document, rubric: Rubric, outline: Outline | None = None, unlimited: str = ""
) -> FileResult:
    """Split, measure and check an already loaded document."""
    from tma_check.check import check
    from tma_check.measure import block_counts, count_document, measure, resolve
    from tma_check.split import split
    from tma_check.structure import recognise

    outline = outline or recognise(document)
    parts = split(document, rubric, outline)
    specs = {spec.id: spec for spec in rubric.questions}
    counts = block_counts(document)
    measurements = []
    part_measures: dict[tuple[str, ...], Measurement] = {}
    for section in parts.sections:
        spec = specs.get(section.id) if section.kind == "question" else None
        rules = resolve(rubric.rules_for(spec))
        measurements.append(measure(section, rules, counts))
        _measure_parts(section, rules, counts, part_measures, (section.id,))
    whole = count_document(document, counts)
    result = check(
        document.path,
        rubric,
        parts,
        measurements,
        words=whole.words,
        cached_words=document.cached_words,
        notices=document.notices,
        part_measures=part_measures,
        unlimited=unlimited,
    )
    return result


def _measure_parts(
    section: Section,
    rules: list[tuple[RuleUse, RuleDef]],
    counts: list[int],
    into: dict[tuple[str, ...], Measurement],
    path: tuple[str, ...],
) -> None:
    """Each part's measurement, under the ids from its question down to it."""
    from tma_check.measure import measure

    for part in section.parts:
        key = (*path, part.id)
        into[key] = measure(part, rules, counts)
        _measure_parts(part, rules, counts, into, key)


INFERRED_NOTICE = (
    "no rubric given: checked against one inferred from the document, with {rules} "
    "and {leeway} (tma-check rubric infer shows it)"
)
BASE_NOTICE = (
    "{} lists no questions and no limit: its rules applied to the questions and limits "
    "read from the document (tma-check rubric infer shows them)"
)
NO_LIMIT = (
    "no word limit found in the document, so nothing was checked; "
    "give one with --limit N (or --rubric FILE)"
)


def check_file(
    path: str | os.PathLike[str],
    rubric: Rubric | None,
    limit: int | None = None,
    minimum: int | None = None,
) -> FileResult:
    """Check the .docx at ``path``. An unreadable file gives an ``error`` result.

    With no rubric, one is inferred from the limits and marks the document
    states (see :mod:`tma_check.infer`). ``limit`` and ``minimum`` set the
    whole document's limit (the questions' total, or the one piece of
    writing), over the rubric's; a ``minimum`` above ``limit`` is a ValueError. A rubric
    of rules alone (no questions, no limit: a preset) is applied to the questions and
    limits read from the document.
    """
    if limit is not None and minimum is not None and minimum > limit:
        raise ValueError(f"minimum {minimum} is above the limit {limit}")
    from tma_check.load import load
    from tma_check.structure import recognise

    path = os.fspath(path)
    try:
        document = load(path)
    except DocumentError as error:
        return FileResult(path=path, status=Status.ERROR, rubric=rubric, error=error.message)
    outline = recognise(document)
    inferred = rubric is None or rubric.base
    notice = ""
    if rubric is not None and rubric.base:
        notice = BASE_NOTICE.format(rubric.source)
    if inferred:
        from tma_check.infer import BASE, infer_rubric

        given = rubric
        rubric = infer_rubric(document, path, outline, given)
        if given is None:
            stated = f"the {rubric.leeway:g}% leeway it states"
            leeway = stated if rubric.leeway else "no leeway (the document states none)"
            notice = INFERRED_NOTICE.format(rules=f"{BASE}'s exclusions", leeway=leeway)
            if limit is not None or minimum is not None:
                notice = notice.replace(
                    "one inferred from the document",
                    "--limit/--minimum and what the document states",
                )
    assert rubric is not None
    if limit is not None or minimum is not None:
        rubric = replace(
            rubric,
            limit=limit if limit is not None else rubric.limit,
            minimum=minimum if minimum is not None else rubric.minimum,
        )
    try:
        result = check_document(document, rubric, outline, NO_LIMIT if inferred else "")
    except TooSlow as error:  # this document's error; a batch goes on
        return FileResult(path=path, status=Status.ERROR, rubric=rubric, error=error.message)
    if inferred:
        return replace(result, notices=(notice, *result.notices))
    return result


def count_file(path: str | os.PathLike[str]) -> DocumentCount:
    """Word's whole-document count of ``path``. Raises DocumentError."""
    from tma_check.load import load
    from tma_check.measure import count_document

    return count_document(load(os.fspath(path)))
