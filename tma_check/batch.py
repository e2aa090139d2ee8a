"""Many documents in one run: expand folders, pick each file's rubric, check in parallel.

A file the tool cannot read, or one that takes more than two minutes of
processing, becomes an ``error`` result and the batch goes on, even when a
worker process dies (the files it had not finished become ``error``
results); Word's lock files (``~$name.docx``, left while a
document is open) are skipped with a note.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

from tma_check.model import FileResult, Rubric, Status
from tma_check.record import record

PARALLEL_FROM = 8
DOCUMENT_BUDGET = 120.0  # seconds of processing (CPU) time one document may take
_LOST = (
    "not checked: a checking process stopped unexpectedly (out of memory?); "
    "check this file on its own"
)


@record
class Job:
    """One document and the rubric to check it against (None: infer one).

    ``limit`` and ``minimum``, when given, are the whole document's.
    """

    path: str
    rubric: Rubric | None = None
    limit: int | None = None
    minimum: int | None = None


def is_lock_file(path: str) -> bool:
    """Whether ``path`` is a lock file Word leaves beside a document while it is open."""
    return os.path.basename(path).startswith("~$")


def expand(paths: Sequence[str], ignore: bool = True) -> tuple[list[str], list[str]]:
    """The documents named or inside the folders named, and notes on what was skipped.

    A file named is taken whatever its name; a folder is searched as
    :func:`tma_check.walk.find_documents` does, skipping hidden, generated and
    ignored files unless ``ignore`` is false. Lock files are always left out,
    with a note, and a document reached twice is taken once. A folder with
    nothing to check gets one note saying so and what was skipped in it.
    """
    files: list[str] = []
    notes: list[str] = []
    seen: set[str] = set()
    for given in paths:
        found = _documents_at(given, ignore, notes)
        for path in found:
            if is_lock_file(path):
                notes.append(f"{path}: skipped: Word's lock file for a document that is open")
            elif os.path.normpath(path) not in seen:
                seen.add(os.path.normpath(path))
                files.append(path)
    return files, notes


def _documents_at(given: str, ignore: bool, notes: list[str]) -> list[str]:
    """``given`` itself, or the documents in it if it is a folder (noting one that has
    none to check, and why)."""
    if not os.path.isdir(given):
        return [given]
    from tma_check.walk import find_documents  # only for a folder

    found = find_documents(given, ignore)
    notes.extend(found.notes)
    locks = sum(is_lock_file(path) for path in found.documents)
    if locks < len(found.documents):
        return found.documents
    skipped = []
    if found.skipped:
        skipped.append(f"{found.skipped} skipped as hidden or ignored; --no-ignore includes them")
    if locks:
        what = "lock file for a document" if locks == 1 else "lock files for documents"
        skipped.append(f"{locks} skipped: Word's {what} that {'is' if locks == 1 else 'are'} open")
    hint = f" ({'; '.join(skipped)})" if skipped else ""
    notes.append(f"{given}: no .docx files in this folder{hint}")
    return []


class _OutOfTime(BaseException):
    """A document's processing budget ran out (a BaseException, so that no ``except
    Exception`` on the way can swallow it)."""


# Once the budget is spent, the timer goes on firing this often: an expiry that lands
# in a finaliser (where Python reports an exception and goes on) is not the last word.
_AGAIN = 0.02


class _Budget:
    """Stops the work after ``seconds`` of processing time, where the system can count
    it (a profiling timer, on the main thread of a Unix process): :meth:`start` it, and
    :meth:`stop` it in a ``finally`` (stopping twice is harmless)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.running = False  # an expiry raises only while this is true
        self.installed = False
        self.previous: Any = signal.SIG_DFL
        self.unraisable: Any = None

    def _expired(self, signum: int, frame: object) -> None:
        if self.running:
            raise _OutOfTime

    def _quietly(self, unraisable: Any) -> None:
        """An expiry that landed in a finaliser is not reported (the next one stops the
        work); anything else is, as before."""
        if unraisable.exc_type is not _OutOfTime:
            self.unraisable(unraisable)

    def start(self) -> None:
        if not hasattr(signal, "setitimer"):
            return
        if threading.current_thread() is not threading.main_thread():
            return
        previous = signal.signal(signal.SIGPROF, self._expired)
        self.previous = signal.SIG_DFL if previous is None else previous
        self.unraisable, sys.unraisablehook = sys.unraisablehook, self._quietly
        self.installed = self.running = True
        signal.setitimer(signal.ITIMER_PROF, self.seconds, _AGAIN)

    def stop(self) -> None:
        while self.installed:
            try:  # the timer may fire while it is being stopped: then stop it again
                self.running = False
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, self.previous)
                sys.unraisablehook = self.unraisable
                self.installed = False
            except _OutOfTime:
                continue


def check_job(job: Job, debug: bool = False) -> FileResult:
    """Check one document; an unexpected failure, or one past :data:`DOCUMENT_BUDGET`,
    becomes that document's error result, not a crash."""
    from tma_check.api import check_file
    from tma_check.errors import RubricError

    budget = _Budget(DOCUMENT_BUDGET)
    try:
        try:
            budget.start()
            return check_file(job.path, job.rubric, job.limit, job.minimum)
        finally:
            budget.stop()
    except _OutOfTime:
        budget.stop()  # in case the timer fired again before the first stop took hold
        message = (
            f"took more than {DOCUMENT_BUDGET:g} s of processing, the most one document may "
            "take; it is too large or too complex to check"
        )
        return FileResult(path=job.path, status=Status.ERROR, rubric=job.rubric, error=message)
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


# Worker processes share one flag per job with the parent: started, then done. When a
# worker dies, the jobs started and not done are the ones that may have killed it.
_STARTED, _DONE = 1, 2
_flags: Any = None
_WATCH_PARENT = 0.5  # seconds between a worker's checks that its parent is alive


def _start_worker(flags: Any, parent: int) -> None:
    """In each worker: share the job flags, ignore Ctrl-C (the parent stops the batch),
    write nowhere the caller reads, and die with the parent."""
    global _flags
    _flags = flags
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (1, 2):
        os.dup2(devnull, stream)
    os.close(devnull)

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_PARENT)
        os._exit(1)  # the parent is gone (killed, even): so is this worker

    threading.Thread(target=watch_parent, daemon=True).start()


def _work(number: int, job: Job, debug: bool) -> FileResult:
    _flags[number] = _STARTED
    result = check_job(job, debug)
    _flags[number] = _DONE
    return result


def _in_parallel(jobs: Sequence[Job], debug: bool, processes: int) -> Iterator[FileResult]:
    """Check ``jobs`` on ``processes`` workers, yielding results in order as they come."""
    ready: dict[int, FileResult] = {}
    shown = 0
    for number, result in _checked(jobs, debug, processes):
        ready[number] = result
        while shown in ready:
            yield ready.pop(shown)
            shown += 1


def _checked(jobs: Sequence[Job], debug: bool, processes: int) -> Iterator[tuple[int, FileResult]]:
    """(job number, result) for every job, in the order they finish.

    A worker that dies (the system's memory guard, say) breaks the pool. The
    jobs it had not started are checked again in a new one, and each job that
    was under way is checked again on its own, so that only a job that kills
    its process is reported lost.
    """
    todo = list(range(len(jobs)))
    while todo:
        under_way, not_started = yield from _round(jobs, todo, debug, processes)
        for number in under_way:
            again = yield from _round(jobs, [number], debug, 1)
            if again != ([], []):
                yield number, _lost(jobs[number])
        if not_started == todo:  # nothing could start at all: no round would do better
            for number in not_started:
                yield number, _lost(jobs[number])
            return
        todo = not_started


Round = Generator[tuple[int, FileResult], None, tuple[list[int], list[int]]]


def _round(jobs: Sequence[Job], numbers: list[int], debug: bool, processes: int) -> Round:
    """Run ``numbers`` in one pool, yielding each result as it comes; if a worker dies,
    return the jobs then under way and those not started (else two empty lists)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    flags = multiprocessing.RawArray("b", len(jobs))
    pool = ProcessPoolExecutor(
        max_workers=processes, initializer=_start_worker, initargs=(flags, os.getpid())
    )
    done: set[int] = set()
    try:
        futures = {pool.submit(_work, n, jobs[n], debug): n for n in numbers}
        pending = set(futures)
        broken = False
        while pending and not broken:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    continue
                done.add(futures[future])
                yield futures[future], result
    except BaseException:  # Ctrl-C, or the caller stopped reading: end the workers now
        _stop(pool)
        raise
    if len(done) == len(numbers):
        pool.shutdown()
        return [], []
    _stop(pool)
    unfinished = [n for n in numbers if n not in done]
    return (
        [n for n in unfinished if flags[n] == _STARTED],
        [n for n in unfinished if flags[n] != _STARTED],
    )


def _stop(pool: Any) -> None:
    """Shut ``pool`` down now: queued jobs dropped, workers ended."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _lost(job: Job) -> FileResult:
    return FileResult(path=job.path, status=Status.ERROR, rubric=job.rubric, error=_LOST)
