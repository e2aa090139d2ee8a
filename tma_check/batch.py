"""Many documents in one run: expand folders, pick each file's rubric, check in parallel.

A file the tool cannot read becomes an ``error`` result and the batch goes
on, even when a worker process dies (the files it had not finished become
``error`` results); Word's lock files (``~$name.docx``, left while a
document is open) are skipped with a note.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tma_check.model import FileResult, Rubric, Status

DOCUMENT_SUFFIXES = (".docx", ".docm")
PARALLEL_FROM = 8
_LOST = (
    "not checked: a checking process stopped unexpectedly (out of memory?); "
    "check this file on its own"
)


@dataclass(frozen=True)
class Job:
    """One document and the rubric to check it against (None: infer one).

    ``limit`` and ``minimum``, when given, are the whole document's.
    """

    path: str
    rubric: Rubric | None = None
    limit: int | None = None
    minimum: int | None = None


def is_lock_file(path: str) -> bool:
    return os.path.basename(path).startswith("~$")


def expand(paths: Sequence[str]) -> tuple[list[str], list[str]]:
    """The documents named or inside the folders named, and notes on what was skipped."""
    files: list[str] = []
    notes: list[str] = []
    for given in paths:
        if os.path.isdir(given):
            found = sorted(
                str(path)
                for path in Path(given).rglob("*")
                if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file()
            )
            if not found:
                notes.append(f"{given}: no .docx files in this folder")
        else:
            found = [given]
        for path in found:
            if is_lock_file(path):
                notes.append(f"{path}: skipped: Word's lock file for a document that is open")
            else:
                files.append(path)
    return files, notes


def check_job(job: Job, debug: bool = False) -> FileResult:
    """Check one document; an unexpected failure becomes an error result, not a crash."""
    from tma_check.api import check_file
    from tma_check.errors import RubricError

    try:
        return check_file(job.path, job.rubric, job.limit, job.minimum)
    except RubricError:
        raise
    except RecursionError:
        return FileResult(path=job.path, status=Status.ERROR, error="is nested too deeply to read")
    except Exception as error:  # a bug must not stop a tutor's batch
        if debug:
            raise
        message = (
            f"internal error ({type(error).__name__}: {error}); rerun with --debug and report it"
        )
        return FileResult(path=job.path, status=Status.ERROR, error=message)


def workers(count: int) -> int:
    """How many processes to use for ``count`` documents."""
    if count < PARALLEL_FROM:
        return 1
    return max(1, min(os.cpu_count() or 1, 8, count // 2))


def run(
    jobs: Sequence[Job],
    debug: bool = False,
    processes: int | None = None,
    progress: Callable[[FileResult], None] | None = None,
) -> Iterator[FileResult]:
    """Check every job, in order, on several processes when there are many."""
    processes = workers(len(jobs)) if processes is None else processes
    results = _in_parallel(jobs, debug, processes) if processes > 1 else _in_turn(jobs, debug)
    for result in results:
        if progress is not None:
            progress(result)
        yield result


def _in_turn(jobs: Sequence[Job], debug: bool) -> Iterator[FileResult]:
    for job in jobs:
        yield check_job(job, debug)


def _in_parallel(jobs: Sequence[Job], debug: bool, processes: int) -> Iterator[FileResult]:
    from concurrent.futures import ProcessPoolExecutor  # only a batch pays for it
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    with ProcessPoolExecutor(max_workers=processes) as pool:
        chunk = max(1, len(jobs) // (processes * 4))
        try:
            for result in pool.map(check_job, jobs, [debug] * len(jobs), chunksize=chunk):
                done += 1
                yield result
        except BrokenProcessPool:  # a worker was killed, by the system's memory guard perhaps
            pass
    for job in jobs[done:]:
        yield FileResult(path=job.path, status=Status.ERROR, rubric=job.rubric, error=_LOST)
