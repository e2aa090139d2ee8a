"""Fuzz tma-check for as long as you like: mutated .docx files and random rubrics.

Run by hand from a checkout:

    python scripts/fuzz.py --seconds 600 [--save DIR] [--seed N] [--timeout S]
    python scripts/fuzz.py --case N      # run one reported input again

The mutations are those of ``tests/fuzzing.py``, which ``tests/test_fuzz.py``
runs briefly under hypothesis: damaged zips (truncated, bytes flipped,
entries dropped, duplicated or renamed, names repeated in another letter
case), damaged XML (bytes edited, elements removed, duplicated, moved or
wrapped, random attribute values and text), relationship tricks (parts
pointed at the main document, at each other, outside the package, thousands
of times over), characters that drive terminals (C1 controls and DEL in the
text, symbols naming control characters and surrogates) and random rubrics
(random YAML structures, random regular expressions with counted repeats
up to billions, damaged YAML text).

Every input must end in a result or a clean one-line error, and no report
may hold a control character. The script
prints how many inputs it tried, how each ended, how many crashed or hung
(the first few are saved to --save with their tracebacks; each is named by
its case number, which --case runs again), and the slowest input with its
time.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Run from a plain checkout: the package and the test helpers without installing.
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "tests")]

import fuzzing  # noqa: E402

KEEP = 5  # crashes saved with their traceback


class Hang(Exception):
    """An input ran past --timeout."""


@dataclass
class Slowest:
    seconds: float = 0.0
    label: str = ""
    data: bytes = b""
    suffix: str = ""


@contextlib.contextmanager
def watchdog(seconds: float) -> Iterator[None]:
    """Raise Hang in this thread after ``seconds`` (where the system has SIGALRM)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def make_input(case: int, seeds: list[bytes]) -> tuple[str, bytes]:
    """The kind ("document" or "rubric") and bytes of input number ``case``."""
    rng = random.Random(case)
    if rng.random() < 0.7:
        return "document", fuzzing.mutate_document(rng.choice(seeds), rng)
    return "rubric", fuzzing.random_rubric_text(rng).encode("utf-8", "surrogatepass")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to run")
    parser.add_argument("--save", type=Path, help="folder for crashing and slowest inputs")
    parser.add_argument("--seed", type=int, help="seed of the run (default: from the clock)")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds before an input counts as a hang"
    )
    parser.add_argument(
        "--case", type=int, help="run only this input (as reported) and show any traceback"
    )
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else time.time_ns() % 1_000_000_007
    master = random.Random(seed)
    if args.save is not None:
        args.save.mkdir(parents=True, exist_ok=True)

    outcomes: Counter[str] = Counter()
    crashes: list[str] = []
    slowest = Slowest()
    tried = 0
    with tempfile.TemporaryDirectory(prefix="tma-fuzz-") as scratch:
        folder = Path(scratch)
        rubric = fuzzing.fixed_rubric(folder)
        seeds = fuzzing.seed_documents()
        plain = [folder / f"seed{n}.docx" for n in range(len(seeds))]
        for path, data in zip(plain, seeds, strict=True):
            path.write_bytes(data)

        def run(kind: str, data: bytes) -> str:
            target = folder / ("input.docx" if kind == "document" else "input.yaml")
            target.write_bytes(data)
            with watchdog(args.timeout):
                if kind == "document":
                    return fuzzing.run_document(target, rubric)
                return fuzzing.run_rubric(target, plain)

        if args.case is not None:
            kind, data = make_input(args.case, seeds)
            started = time.perf_counter()
            outcome = run(kind, data)
            print(f"{kind} case {args.case}: {outcome} in {time.perf_counter() - started:.2f}s")
            return 0

        deadline = time.monotonic() + args.seconds
        while time.monotonic() < deadline:
            case = master.randrange(1 << 62)
            kind, data = make_input(case, seeds)
            suffix = ".docx" if kind == "document" else ".yaml"
            label = f"{kind} --case {case}"
            started = time.perf_counter()
            try:
                outcome = run(kind, data)
            except Exception as error:
                outcome = "hang" if isinstance(error, Hang) else "crash"
                crashes.append(label)
                if args.save is not None and len(crashes) <= KEEP:
                    stem = args.save / f"crash{len(crashes)}"
                    stem.with_suffix(suffix).write_bytes(data)
                    stem.with_suffix(".txt").write_text(
                        f"{label}\n\n{traceback.format_exc()}", encoding="utf-8"
                    )
            seconds = time.perf_counter() - started
            tried += 1
            outcomes[f"{kind}: {outcome}"] += 1
            if seconds > slowest.seconds:
                slowest = Slowest(seconds, label, data, suffix)

    print(f"seed {seed}: {tried:,} inputs in {args.seconds:g}s")
    for name, number in sorted(outcomes.items()):
        print(f"  {name}: {number:,}")
    print(f"crashed or hung: {len(crashes)}")
    for label in crashes[:KEEP]:
        print(f"  {label}")
    print(f"slowest: {slowest.label}, {slowest.seconds:.2f}s ({len(slowest.data):,} bytes)")
    if args.save is not None:
        (args.save / f"slowest{slowest.suffix}").write_bytes(slowest.data)
        print(f"saved to {args.save}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
