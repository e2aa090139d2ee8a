"""Measure how often three word counters match the count Word cached in a .docx.

Run by hand from a checkout:

    python scripts/corpus_agreement.py [--corpus DIR] [--limit N] [--worst N]

The corpus (see ``../shared/corpus/README.md`` next to the repository) lists
every file in ``manifest.tsv`` with the word count cached in its
``docProps/app.xml``. Only grade ``A`` files are used: saved by Word and
probably fresh. For each file three counters run:

* ``tma-check``: ``tma_check.api.count_file(path).words``;
* ``naive``: python-docx's paragraph and table-cell ``.text``, joined and
  ``.split()``;
* ``pandoc``: ``pandoc -f docx -t plain FILE | wc -w``, only when pandoc is on PATH.

The script prints, per counter, the share of files whose count equals the
cached one exactly, within 1% and within 5%, then the files where tma-check
is furthest from the cached count. A counter that fails on a file scores a
disagreement there and is listed with its error; no file stops the run.

The cached count is a hint, not Word's real answer: read each disagreement
before deciding that a counting rule is wrong.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus"
PANDOC_TIMEOUT = 60.0
# Some templates send pandoc into a loop that eats memory by the gigabyte; cap
# its heap through the GHC runtime (a build without RTS options ignores this).
PANDOC_HEAP = "-M2g"
TOLERANCES = (("exact", 0.0), ("within 1%", 0.01), ("within 5%", 0.05))

if str(REPO_ROOT) not in sys.path:
    # Let the script run from a plain checkout, without installing the package.
    sys.path.insert(0, str(REPO_ROOT))


@dataclass
class Outcome:
    """One counter's answer for one file: a word count or the reason it has none."""

    words: int | None = None
    error: str | None = None

    def show(self) -> str:
        if self.words is not None:
            return str(self.words)
        return "ERROR" if self.error else "-"


@dataclass
class FileRow:
    """Everything measured for one corpus file."""

    name: str
    cached: int
    outcomes: dict[str, Outcome] = field(default_factory=dict)


Counter = Callable[[Path], int]


def count_tma_check(path: Path) -> int:
    from tma_check.api import count_file

    return count_file(str(path)).words


def count_naive(path: Path) -> int:
    import docx

    document = docx.Document(str(path))
    pieces = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                pieces.extend(paragraph.text for paragraph in cell.paragraphs)
    return len(" ".join(pieces).split())


def make_pandoc_counter(pandoc: str) -> Counter:
    """``pandoc -f docx -t plain FILE | wc -w``; words are runs of non-whitespace bytes.

    ``-f docx`` matters: pandoc guesses the input format from the extension and
    reads a ``.dotx`` or ``.docm`` file as Markdown without it.
    """

    def count_pandoc(path: Path) -> int:
        try:
            done = subprocess.run(
                [pandoc, "-f", "docx", "-t", "plain", str(path)],
                capture_output=True,
                timeout=PANDOC_TIMEOUT,
                check=False,
                env={**os.environ, "GHCRTS": PANDOC_HEAP},
            )
        except subprocess.TimeoutExpired as error:
            raise RuntimeError(f"pandoc timed out after {PANDOC_TIMEOUT:.0f}s") from error
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = message[-1] if message else "no message"
            raise RuntimeError(f"pandoc exited {done.returncode}: {reason}")
        # bytes.split() splits on ASCII whitespace only, as `wc -w` does in the C locale.
        return len(done.stdout.split())

    return count_pandoc


def run_counter(counter: Counter, path: Path) -> Outcome:
    try:
        return Outcome(words=counter(path))
    except Exception as error:  # a counter failing is a result to report, not a crash
        text = str(error).strip().splitlines()
        detail = text[0] if text else ""
        return Outcome(error=f"{type(error).__name__}: {detail}"[:200])


def read_manifest(corpus: Path) -> list[tuple[str, int]]:
    """The grade-A files of the manifest with their cached word counts."""
    chosen: list[tuple[str, int]] = []
    with (corpus / "manifest.tsv").open(newline="", encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            if record.get("grade") != "A" or record.get("invalid") == "1":
                continue
            try:
                cached = int(record["app_xml_words"])
            except (KeyError, TypeError, ValueError):
                continue
            chosen.append((record["file"], cached))
    return chosen


def agrees(words: int | None, cached: int, tolerance: float) -> bool:
    if words is None:
        return False
    return abs(words - cached) <= tolerance * cached


def distance(row: FileRow, counter: str) -> tuple[int, float]:
    """How far a counter is from the cached count; a failure is furthest of all."""
    words = row.outcomes[counter].words
    if words is None:
        return (sys.maxsize, float("inf"))
    gap = abs(words - row.cached)
    return (gap, gap / max(row.cached, 1))


def format_table(header: Sequence[str], body: Sequence[Sequence[str]], text_column: int = 0) -> str:
    """Columns padded to a common width: numbers to the right, ``text_column`` to the left."""
    widths = [max(len(line[i]) for line in [header, *body]) for i in range(len(header))]

    def render(line: Sequence[str]) -> str:
        cells = [
            value.ljust(width) if i == text_column else value.rjust(width)
            for i, (value, width) in enumerate(zip(line, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([render(header), rule, *(render(line) for line in body)])


def rates_table(rows: Sequence[FileRow], counters: Sequence[str]) -> str:
    header = ["counter", "files", *(name for name, _ in TOLERANCES), "failed"]
    body: list[list[str]] = []
    total = len(rows)
    for counter in counters:
        line = [counter, str(total)]
        for _, tolerance in TOLERANCES:
            hits = sum(agrees(row.outcomes[counter].words, row.cached, tolerance) for row in rows)
            share = 100.0 * hits / total if total else 0.0
            line.append(f"{share:.1f}% ({hits})")
        line.append(str(sum(row.outcomes[counter].words is None for row in rows)))
        body.append(line)
    return format_table(header, body)


def worst_table(rows: Sequence[FileRow], counters: Sequence[str], count: int) -> str:
    ranked = sorted(
        (row for row in rows if distance(row, "tma-check") != (0, 0.0)),
        key=lambda row: distance(row, "tma-check"),
        reverse=True,
    )[:count]
    # The file goes last: corpus names are long, and the numbers read better aligned.
    header = ["cached", *counters, "file"]
    body = [
        [str(row.cached), *(row.outcomes[c].show() for c in counters), row.name] for row in ranked
    ]
    return format_table(header, body, text_column=len(header) - 1)


def failures(rows: Sequence[FileRow], counters: Sequence[str]) -> list[str]:
    found: list[str] = []
    for row in rows:
        for counter in counters:
            outcome = row.outcomes[counter]
            if outcome.error:
                found.append(f"{counter:<10} {row.name}: {outcome.error}")
    return found


def write_details(target: Path, rows: Sequence[FileRow], counters: Sequence[str]) -> None:
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "cached", *counters, *(f"{c} error" for c in counters)])
        for row in rows:
            outcomes = [row.outcomes[c] for c in counters]
            writer.writerow(
                [
                    row.name,
                    row.cached,
                    *("" if o.words is None else o.words for o in outcomes),
                    *(o.error or "" for o in outcomes),
                ]
            )


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Agreement of tma-check, a naive python-docx count and pandoc "
        "with the word counts cached in the corpus's grade-A files."
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="corpus folder holding manifest.tsv and files/ (default: ../shared/corpus "
        "beside the repository)",
    )
    parser.add_argument("--limit", type=int, help="only the first N grade-A files")
    parser.add_argument(
        "--worst",
        type=int,
        default=20,
        help="how many of tma-check's largest disagreements to list",
    )
    parser.add_argument("--no-pandoc", action="store_true", help="leave pandoc out even if present")
    parser.add_argument("--details", type=Path, help="also write every file's counts to this TSV")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus: Path = args.corpus
    if not (corpus / "manifest.tsv").is_file():
        print(f"no manifest.tsv in {corpus}; pass --corpus", file=sys.stderr)
        return 2

    counters: dict[str, Counter] = {"tma-check": count_tma_check, "naive": count_naive}
    pandoc = None if args.no_pandoc else shutil.which("pandoc")
    if pandoc:
        counters["pandoc"] = make_pandoc_counter(pandoc)
    else:
        print("pandoc not run (not on PATH or --no-pandoc): column left out", file=sys.stderr)
    names = list(counters)

    chosen = read_manifest(corpus)
    if args.limit is not None:
        chosen = chosen[: max(args.limit, 0)]
    if not chosen:
        print("no grade-A files with a cached word count", file=sys.stderr)
        return 1

    rows: list[FileRow] = []
    for number, (name, cached) in enumerate(chosen, start=1):
        if not args.quiet:
            print(f"\r[{number}/{len(chosen)}] {name[:70]:<70}", end="", file=sys.stderr)
        path = corpus / "files" / name
        row = FileRow(name=name, cached=cached)
        for counter_name, counter in counters.items():
            if path.is_file():
                row.outcomes[counter_name] = run_counter(counter, path)
            else:
                row.outcomes[counter_name] = Outcome(error="file missing from the corpus")
        rows.append(row)
    if not args.quiet:
        print(file=sys.stderr)

    print(f"Agreement with docProps/app.xml <Words> on {len(rows)} grade-A files\n")
    print(rates_table(rows, names))
    print(f"\nLargest disagreements between tma-check and the cached count (top {args.worst})\n")
    print(worst_table(rows, names, args.worst))
    failed = failures(rows, names)
    print(f"\nCounter failures ({len(failed)})")
    for line in failed:
        print("  " + line)
    if args.details:
        write_details(args.details, rows, names)
        print(f"\nPer-file counts written to {args.details}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        # The reader of the output (head, less) went away: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
