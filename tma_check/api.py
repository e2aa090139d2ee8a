"""The library entry points: everything the command line does, without click.

>>> from tma_check.api import check_file, count_file
>>> from tma_check.rubric import load_rubric
>>> result = check_file("tma02.docx", load_rubric("rubrics/example-tma02.yaml"))  # doctest: +SKIP
>>> result.status  # doctest: +SKIP
<Status.OK: 'ok'>
"""

from __future__ import annotations

from dataclasses import replace

from tma_check.check import check
from tma_check.errors import DocumentError
from tma_check.load import load
from tma_check.measure import block_counts, count_document, measure, resolve
from tma_check.model import Document, DocumentCount, FileResult, Rubric, Status
from tma_check.split import split


def check_document(document: Document, rubric: Rubric) -> FileResult:
    """Split, measure and check an already loaded document."""
    parts = split(document, rubric)
    specs = {spec.id: spec for spec in rubric.questions}
    counts = block_counts(document)
    measurements = []
    for section in parts.sections:
        spec = specs.get(section.id) if section.kind == "question" else None
        measurements.append(measure(section, resolve(rubric.rules_for(spec)), counts))
    whole = count_document(document, counts)
    return check(
        document.path,
        rubric,
        parts,
        measurements,
        words=whole.words,
        cached_words=document.cached_words,
        notices=document.notices,
    )


INFERRED_NOTICE = (
    "no rubric given: checked against one inferred from the question prompts "
    "(tma-check rubric infer shows it)"
)


def check_file(path: str, rubric: Rubric | None) -> FileResult:
    """Check the .docx at ``path``. An unreadable file gives an ``error`` result.

    With no rubric, one is inferred from the limits and marks the question
    prompts state (see :mod:`tma_check.infer`).
    """
    try:
        document = load(path)
    except DocumentError as error:
        return FileResult(path=path, status=Status.ERROR, rubric=rubric, error=error.message)
    if rubric is None:
        from tma_check.infer import infer_rubric

        rubric = infer_rubric(document, path)
        if not rubric.questions:
            message = (
                'no rubric given and no question prompts found (such as "Q1) ... (200 words)"); '
                "pass --rubric FILE"
            )
            return FileResult(path=path, status=Status.ERROR, rubric=rubric, error=message)
        inferred = check_document(document, rubric)
        return replace(inferred, notices=(INFERRED_NOTICE, *inferred.notices))
    return check_document(document, rubric)


def count_file(path: str) -> DocumentCount:
    """Word's whole-document count of ``path``. Raises DocumentError."""
    return count_document(load(path))
