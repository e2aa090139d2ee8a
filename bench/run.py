"""Benchmark tma-check on generated assignments of 1k to 100k words, and print a table.

    python bench/run.py                  # the full run (several minutes)
    python bench/run.py --quick          # a smoke run: small sizes, one repeat
    python bench/run.py --sizes 5k,100k --repeats 3 --no-batch
    python bench/run.py --profile        # also profile check on the largest document

Documents are generated (deterministically) into bench/out/, which git
ignores. Every figure is a median; see bench/README.md for what is measured
and the targets. This is run by hand: it is not a test and fails nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from dataclasses import asdict
from pathlib import Path

import docgen
import report
from checkout import BENCH, ROOT, byte_compile, child_env, command, ensure_importable, under_test
from procs import BenchError, Stat, measure, parallel_capacity, run_once
from report import Batch, Results, SizeResult

DEFAULT_SIZES = "1k,5k,20k,100k"
BASELINE_WORDS = 300
PANDOC_PIPELINE = 'pandoc -t plain "$1" | wc -w'


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "").replace(",", "")
    factor = 1000 if text.endswith("k") else 1
    return int(float(text.rstrip("k")) * factor)


def size_label(words: int) -> str:
    return f"{words // 1000}k" if words % 1000 == 0 else f"{words:,}"


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python bench/run.py",
        description="Time tma-check on generated documents and print the results as tables.",
    )
    parser.add_argument(
        "--sizes", default=None, help=f"words per document (default {DEFAULT_SIZES})"
    )
    parser.add_argument("--repeats", type=int, default=None, help="runs per figure (default 5)")
    parser.add_argument(
        "--slow-repeats",
        type=int,
        default=None,
        help="runs for pandoc and the batch of separate invocations (default 3)",
    )
    parser.add_argument(
        "--startup-repeats", type=int, default=None, help="runs per start-up figure (default 15)"
    )
    parser.add_argument("--batch", type=int, default=None, help="documents in the batch (100)")
    parser.add_argument("--batch-words", default="5k", help="words per batch document (5k)")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch comparison")
    parser.add_argument("--no-pandoc", action="store_true", help="skip pandoc even if installed")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run: sizes 1k,5k, one repeat, a batch of 10",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile check on the largest document (printed, not saved)",
    )
    parser.add_argument(
        "--out", type=Path, default=BENCH / "out", help="where documents and results.json go"
    )
    args = parser.parse_args(argv)
    quick = args.quick
    args.sizes = args.sizes or ("1k,5k" if quick else DEFAULT_SIZES)
    args.repeats = args.repeats or (1 if quick else 5)
    args.slow_repeats = args.slow_repeats or (1 if quick else 3)
    args.startup_repeats = args.startup_repeats or (3 if quick else 15)
    args.batch = args.batch or (10 if quick else 100)
    return args


def header(args: argparse.Namespace, tool: list[str]) -> list[str]:
    import lxml.etree

    shown = " ".join(Path(part).name if os.sep in part else part for part in tool)
    return [
        "tma-check benchmark",
        f"  {under_test()}, run as: {shown}",
        f"  Python {platform.python_version()}, lxml {lxml.etree.__version__}, "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs",
        f"  {time.strftime('%Y-%m-%d %H:%M')}; documents from bench/docgen.py "
        f"(generator version {docgen.GENERATOR_VERSION})",
    ]


def rules_covered() -> None:
    """Warn when tma-check has a rule the benchmark rubric does not turn on."""
    ensure_importable()
    from tma_check.rules import RULES

    missing = sorted(set(RULES) - set(docgen.ALL_RULES))
    if missing:
        progress(f"warning: the benchmark rubric does not turn on: {', '.join(missing)}")


def pandoc_available(args: argparse.Namespace) -> bool:
    found = shutil.which("pandoc") is not None and shutil.which("sh") is not None
    return found and not args.no_pandoc


# What any check must import: its command line, its XML parser and the zip reader.
IMPORTS = "import click, lxml.etree, zipfile"


def measure_startup(results: Results, tool: list[str], env: dict[str, str]) -> None:
    repeats = results.startup_repeats
    progress("start-up")
    for key, argv in (
        ("pass", [sys.executable, "-c", "pass"]),
        ("imports", [sys.executable, "-c", IMPORTS]),
        ("version", [*tool, "--version"]),
        ("help", [*tool, "--help"]),
    ):
        results.startup[key], _ = measure(argv, repeats, env)


def worker(mode: str, document: Path, rubric: Path, repeats: int, env: dict[str, str]) -> Stat:
    argv = [
        sys.executable,
        str(BENCH / "worker.py"),
        mode,
        str(document),
        str(rubric),
        str(repeats),
    ]
    sample = run_once(argv, env, capture=True)
    data = json.loads(sample.stdout)
    return Stat(times=list(data["times"]), cpu=[], peak=sample.peak)


def measure_size(
    words: int,
    folder: Path,
    args: argparse.Namespace,
    tool: list[str],
    env: dict[str, str],
    baseline: tuple[Path, Path],
    pandoc: bool,
) -> SizeResult:
    label = size_label(words)
    generated, rubric = docgen.write_set(folder, f"tma-{label}", docgen.Spec(words))
    result = SizeResult(label=label, generated=generated)
    doc = str(generated.path)
    commands = {
        "floor": ([sys.executable, str(BENCH / "floor.py"), doc], (0,)),
        "count": ([*tool, "count", doc, "--format", "json"], (0,)),
        "check": ([*tool, "check", doc, "-r", str(rubric), "--format", "plain"], (0, 1)),
        "pandoc": (["sh", "-c", PANDOC_PIPELINE, "sh", doc], (0,)),
    }
    for key, (argv, ok) in commands.items():
        if key == "pandoc" and not pandoc:
            result.rows[key] = Stat(note="not installed" if not args.no_pandoc else "skipped")
            continue
        progress(f"{label}: {report.LABELS[key]}")
        repeats = args.slow_repeats if key == "pandoc" else args.repeats
        stat, first = measure(argv, repeats, env, ok=ok)
        result.rows[key] = stat
        if key == "count" and first is not None:
            result.words = int(json.loads(first.stdout)["files"][0]["words"])
        if key == "pandoc" and first is not None:
            result.pandoc_words = int(first.stdout.split()[0])
        base_argv = [part if part != doc else str(baseline[0]) for part in argv]
        base_argv = [part if part != str(rubric) else str(baseline[1]) for part in base_argv]
        result.baseline_peak[key] = run_once(base_argv, env, ok=ok).peak
    for key in ("in_floor", "in_parse", "in_load", "in_count", "in_check"):
        progress(f"{label}: {report.LABELS[key]}")
        mode = key.removeprefix("in_")
        result.rows[key] = worker(mode, generated.path, rubric, args.repeats, env)
        result.baseline_peak[key] = worker(mode, baseline[0], baseline[1], 1, env).peak
    return result


def measure_batch(
    folder: Path, args: argparse.Namespace, tool: list[str], env: dict[str, str]
) -> Batch:
    words = parse_size(args.batch_words)
    batch_folder = folder / "batch"
    progress(f"batch: generating {args.batch} documents of {words:,} words")
    generated = list(docgen.iter_batch(batch_folder, words, args.batch))
    rubric = folder / "batch.yaml"
    rubric.write_text(docgen.rubric_yaml("Benchmark batch", generated[0].questions))
    progress(f"batch: one invocation on {args.batch} documents")
    argv = [*tool, "check", str(batch_folder), "-r", str(rubric), "--format", "plain"]
    one, _ = measure(argv, args.repeats, env, ok=(0, 1))
    separate = Stat()
    for number in range(args.slow_repeats):
        progress(f"batch: {args.batch} separate invocations ({number + 1}/{args.slow_repeats})")
        wall = cpu = 0.0
        peak = 0
        for document in generated:
            sample = run_once(
                [*tool, "check", str(document.path), "-r", str(rubric), "--format", "plain"],
                env,
                ok=(0, 1),
            )
            wall, cpu, peak = wall + sample.wall, cpu + sample.cpu, max(peak, sample.peak)
        separate.times.append(wall)
        separate.cpu.append(cpu)
        separate.peak = max(separate.peak, peak)
    jobs = max(1, min(os.cpu_count() or 1, 8, args.batch // 2))
    progress(f"batch: how much {jobs} busy processes get done at once on this machine")
    return Batch(
        files=args.batch,
        words=words,
        one=one,
        separate=separate,
        jobs=jobs,
        capacity=parallel_capacity(jobs),
    )


def save(results: Results, path: Path) -> None:
    def plain(value: object) -> object:
        if isinstance(value, Path):
            return str(value.relative_to(ROOT)) if value.is_relative_to(ROOT) else value.name
        return str(value)

    path.write_text(json.dumps(asdict(results), indent=1, default=plain))


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    sizes = [parse_size(size) for size in args.sizes.split(",") if size.strip()]
    ensure_importable()
    byte_compile()
    tool = command()
    env = child_env()
    rules_covered()
    results = Results(
        header=header(args, tool),
        repeats=args.repeats,
        slow_repeats=args.slow_repeats,
        startup_repeats=args.startup_repeats,
    )
    folder = args.out / "docs"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    pandoc = pandoc_available(args)
    if not pandoc and not args.no_pandoc:
        progress("pandoc is not installed: its column is skipped")
    try:
        measure_startup(results, tool, env)
        base, base_rubric = docgen.write_set(folder, "baseline", docgen.Spec(BASELINE_WORDS))
        results.baseline_words = base.words
        for words in sorted(sizes):
            results.sizes.append(
                measure_size(words, folder, args, tool, env, (base.path, base_rubric), pandoc)
            )
        if not args.no_batch:
            results.batch = measure_batch(folder, args, tool, env)
    except BenchError as error:
        print(f"benchmark stopped: {error}", file=sys.stderr)
        return 2
    print(report.render(results))
    save(results, args.out / "results.json")
    saved = args.out / "results.json"
    shown = saved.relative_to(ROOT) if saved.is_relative_to(ROOT) else saved
    progress(f"results saved to {shown}")
    if args.profile and results.sizes:
        from profiling import report as profile_report

        largest = results.sizes[-1]
        progress(f"profiling check on {largest.label}")
        rubric = largest.generated.path.with_suffix(".yaml")
        print(f"Profile of check_file on the {largest.label} document\n")
        print(profile_report(str(largest.generated.path), str(rubric), args.repeats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
