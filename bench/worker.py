"""Time one piece of tma-check's work in-process, in a fresh interpreter.

    python bench/worker.py MODE FILE.docx RUBRIC.yaml REPEATS

MODE is one of:

* ``floor``: :func:`floor.parse_parts` (zip and lxml only);
* ``parse``: tma-check's own opening and parsing of the package;
* ``load``: parsing and walking the XML into a ``Document``;
* ``count``: ``tma_check.api.count_file``;
* ``check``: ``tma_check.api.check_file`` with the rubric (loaded beforehand).

Everything is imported and the work done once before the timed runs, so the
times leave out start-up; what tma-check memoises from a document's text is
forgotten before each run, so they do not leave out reading it. Prints
``{"times": [...], "words": N}`` as JSON.
Each mode runs in its own process so that its peak memory can be read from
outside.
"""

from __future__ import annotations

import gc
import json
import sys
import time
from collections.abc import Callable

from checkout import ensure_importable


def task(mode: str, path: str, rubric_path: str) -> Callable[[], int]:
    """The work to time; it returns a number to check the work was done."""
    ensure_importable()
    if mode == "floor":
        from floor import parse_parts

        return lambda: parse_parts(path)
    if mode == "parse":
        from tma_check.load.package import open_parts

        # the body is parsed as it is streamed: read the stream without walking it
        return lambda: sum(1 for _ in open_parts(path).document)
    if mode == "load":
        from tma_check.load import load

        return lambda: len(load(path).blocks)
    if mode == "count":
        from tma_check.api import count_file

        return lambda: count_file(path).words
    if mode == "check":
        from tma_check.api import check_file
        from tma_check.model import Status
        from tma_check.rubric import load_rubric

        rubric = load_rubric(rubric_path)

        def check() -> int:
            result = check_file(path, rubric)
            if result.status is Status.ERROR:
                raise SystemExit(f"{path}: {result.error}")
            return sum(question.counted or 0 for question in result.questions)

        return check
    raise SystemExit(f"unknown mode {mode!r}")


def forget() -> None:
    """Empty tma-check's memoised functions (labels and citations read from the text,
    patterns made from rubric values), so that each timed run reads the document as
    a first reading would, not from what the run before it remembered."""
    for name, module in list(sys.modules.items()):
        if name == "tma_check" or name.startswith("tma_check."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def main(argv: list[str]) -> int:
    mode, path, rubric_path, repeats = argv[0], argv[1], argv[2], int(argv[3])
    work = task(mode, path, rubric_path)
    words = work()  # warm-up: imports, compiled patterns, the file in the page cache
    times = []
    for _ in range(repeats):
        forget()
        gc.collect()
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    print(json.dumps({"times": times, "words": words}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
