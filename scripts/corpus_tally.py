"""Count every file of the shared corpus and tally how each one ended.

Run by hand from a checkout:

    python scripts/corpus_tally.py [--corpus DIR]

``DIR`` is the folder of .docx files, ``../shared/corpus/files`` beside the
repository by default (see ``../shared/corpus/README.md``). Each file is
counted as ``tma-check count`` would count it. The script prints how many
files were read, the clean errors of those that were not, grouped by kind
(the message without its file-specific details), any crash (an exception
other than a clean error, which is a bug), the slowest file and its time,
this process's peak memory, and the peak memory of a fresh process counting
only the largest file, and another counting the file with the largest main
document part.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "files"
# Run from a plain checkout, without installing the package.
sys.path.insert(0, str(REPO_ROOT))

from tma_check.api import count_file  # noqa: E402
from tma_check.errors import DocumentError  # noqa: E402

# The peak memory of one count in a fresh process, before and after counting.
# Linux's ru_maxrss survives exec (a child would report its parent's peak), so
# the child reads its own high-water mark from /proc where there is one.
_CHILD = """
import resource, sys
sys.path.insert(0, sys.argv[2])
from tma_check.api import count_file

def peak():
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024

before = peak()
words = count_file(sys.argv[1]).words
print(before, peak(), words)
"""


def megabytes(maxrss: int) -> float:
    """ru_maxrss in MB: Linux reports kilobytes, macOS bytes."""
    return maxrss / (1 << 20) if sys.platform == "darwin" else maxrss / 1024


def kind(message: str) -> str:
    """An error message without what is particular to one file: the kind of problem."""
    message = message.split(";")[0].strip()
    message = re.sub(r"'[^']*'", "'...'", message)  # names of parts and entries
    return re.sub(r"\d{1,3}(?:,\d{3})+|\d{5,}", "N", message)  # sizes and counts


def measured_alone(path: Path) -> str:
    """The peak memory of counting ``path`` in a fresh interpreter, as a phrase."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return f"failed: {last}"
    before, after, words = (int(value) for value in done.stdout.split())
    return (
        f"{words:,} words; peak memory {after / (1 << 20):.0f} MB in a fresh process, "
        f"{(after - before) / (1 << 20):.0f} MB above what importing tma-check took"
    )


def main_part_size(path: Path) -> int:
    """The declared size of a package's word/document.xml (0 if there is none)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.getinfo("word/document.xml").file_size
    except (zipfile.BadZipFile, KeyError, OSError):
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="the folder of .docx files"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}; name the folder of files with --corpus")
        return 2
    files = sorted(path for path in args.corpus.iterdir() if path.is_file())
    if not files:
        print(f"no files in {args.corpus}")
        return 2
    # Measured first, while this process is small.
    largest = max(files, key=lambda path: path.stat().st_size)
    widest = max(files, key=main_part_size)
    alone = {path: measured_alone(path) for path in (largest, widest)}
    valid = 0
    errors: Counter[str] = Counter()
    crashes: list[str] = []
    slowest = (0.0, "")
    started = time.perf_counter()
    for path in files:
        began = time.perf_counter()
        try:
            count_file(str(path))
            valid += 1
        except DocumentError as error:
            if "\n" in str(error):
                crashes.append(f"{path.name}: an error on more than one line: {error!r}")
            errors[kind(error.message)] += 1
        except Exception as error:  # the point is to list every crash
            crashes.append(f"{path.name}: {type(error).__name__}: {error}")
        seconds = time.perf_counter() - began
        if seconds > slowest[0]:
            slowest = (seconds, path.name)
    total = time.perf_counter() - started
    peak = megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

    print(f"{len(files):,} files in {total:.1f}s")
    print(f"  counted: {valid:,}")
    print(f"  clean errors: {sum(errors.values()):,}")
    for message, number in errors.most_common():
        print(f"    {number:>4}  {message}")
    print(f"  crashes: {len(crashes)}")
    for line in crashes:
        print(f"    {line}")
    print(f"slowest: {slowest[1]} in {slowest[0]:.2f}s")
    print(f"peak memory of this process: {peak:.0f} MB")
    print(
        f"largest file: {largest.name} ({largest.stat().st_size / (1 << 20):.1f} MB): "
        f"{alone[largest]}"
    )
    print(
        f"largest main document: {widest.name} (word/document.xml of "
        f"{main_part_size(widest) / (1 << 20):.1f} MB): {alone[widest]}"
    )
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
