"""Where ``check`` spends its time on one document: stages, rules, and two profilers.

Stage times are measured without a profiler: the functions that
``tma_check.api`` calls (load, split, measure, count, check), the rules'
``apply`` and the word splitter are wrapped with timers in this process only
(no file of the package is touched). Then cProfile (top functions by
cumulative and by own time) and, when installed, pyinstrument, whose sampling
disturbs the timings less than cProfile's tracing does.
"""

from __future__ import annotations

import cProfile
import dataclasses
import gc
import importlib
import io
import pstats
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from checkout import ensure_importable

TOP = 25
PYINSTRUMENT_LINES = 70


class _Clock:
    """Accumulates time spent in wrapped functions, by label."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.spent[label] += time.perf_counter() - start
                self.calls[label] += 1

        return timed

    def wrap_rule(self, rule_id: str, apply: Callable[..., Iterable[Any]]) -> Callable[..., Any]:
        label = f"rule {rule_id}"

        # Rules are generators: time the whole iteration, not just the call.
        def timed(*args: Any, **kwargs: Any) -> list[Any]:
            start = time.perf_counter()
            try:
                return list(apply(*args, **kwargs))
            finally:
                self.spent[label] += time.perf_counter() - start
                self.calls[label] += 1

        return timed


REST = "(the rest: rubric.rules_for, api glue)"

# (module, function name, label): the functions stage_times wraps with a timer.
# Labels indented by two spaces are parts of the stage above them.
_STAGES = (
    ("tma_check.api", "load", "load"),
    ("tma_check.load", "open_parts", "  unzip + parse XML"),
    ("tma_check.load", "build", "  walk XML into blocks"),
    ("tma_check.api", "split", "split into questions"),
    ("tma_check.api", "measure", "measure (rules + word spans)"),
    ("tma_check.measure", "word_spans", "  word_spans (measure.py)"),
    ("tma_check.api", "count_document", "count_document (whole-document count)"),
    ("tma_check.measure", "count_words", "  count_words (measure.py)"),
    ("tma_check.api", "check", "check (verdicts)"),
)


def stage_times(path: str, rubric: Any, repeats: int) -> tuple[dict[str, float], float]:
    """Median seconds per stage of ``check_file`` (and the median total)."""
    import tma_check.api

    api: Any = tma_check.api  # its names are patched below
    modules = {name: importlib.import_module(name) for name, _, _ in _STAGES}
    # A stage whose function has been renamed is left out rather than failing.
    stages = [stage for stage in _STAGES if hasattr(modules[stage[0]], stage[1])]
    saved = {(module, name): getattr(modules[module], name) for module, name, _ in stages}
    resolve = api.resolve
    runs: list[dict[str, float]] = []
    totals: list[float] = []
    try:
        for _ in range(repeats + 1):  # the first run warms up
            clock = _Clock()
            for module, name, label in stages:
                setattr(modules[module], name, clock.wrap(label, saved[(module, name)]))

            def timed_resolve(uses: Any, clock: _Clock = clock) -> list[tuple[Any, Any]]:
                return [
                    (use, dataclasses.replace(rule, apply=clock.wrap_rule(use.id, rule.apply)))
                    for use, rule in resolve(uses)
                ]

            api.resolve = timed_resolve
            gc.collect()
            start = time.perf_counter()
            api.check_file(path, rubric)
            total = time.perf_counter() - start
            totals.append(total)
            spent = dict(clock.spent)
            top = sum(
                value for label, value in spent.items() if not label.startswith((" ", "rule "))
            )
            spent[REST] = total - top
            runs.append(spent)
    finally:
        for (module, name), value in saved.items():
            setattr(modules[module], name, value)
        api.resolve = resolve
    runs, totals = runs[1:], totals[1:]
    labels = list(runs[0])
    medians = {label: statistics.median(run.get(label, 0.0) for run in runs) for label in labels}
    return medians, statistics.median(totals)


def report(path: str, rubric_path: str, repeats: int) -> str:
    """The profile of ``check_file`` on ``path`` as text."""
    ensure_importable()
    from tma_check.api import check_file
    from tma_check.rubric import load_rubric

    rubric = load_rubric(rubric_path)
    out = io.StringIO()
    stages, total = stage_times(path, rubric, repeats)
    out.write(
        f"Stages of check_file, no profiler (median of {repeats}; total {total * 1e3:.0f} ms)\n"
    )
    rules = {label: spent for label, spent in stages.items() if label.startswith("rule ")}
    for _, _, label in _STAGES:
        if label not in stages:
            continue
        spent = stages[label]
        out.write(f"  {label:<44} {spent * 1e3:9.1f} ms {spent / total:6.1%}\n")
        if "word_spans" in label:  # the rules run inside measure too
            for rule, rule_spent in sorted(rules.items(), key=lambda item: -item[1]):
                out.write(f"    {rule:<42} {rule_spent * 1e3:9.1f} ms {rule_spent / total:6.1%}\n")
    other = stages[REST]
    out.write(f"  {REST:<44} {other * 1e3:9.1f} ms {other / total:6.1%}\n")

    check_file(path, rubric)  # warm
    profiler = cProfile.Profile()
    profiler.enable()
    check_file(path, rubric)
    profiler.disable()
    for key, title in (("cumulative", "cumulative"), ("tottime", "own (total) time")):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(key).print_stats(TOP)
        body = text.getvalue()
        body = body[body.find("   ncalls") :] if "   ncalls" in body else body
        out.write(f"\ncProfile, top {TOP} by {title}:\n{body.rstrip()}\n")

    try:
        from pyinstrument import Profiler
    except ImportError:
        out.write(
            "\n(pyinstrument is not installed; pip install pyinstrument for a sampled profile)\n"
        )
    else:
        sampler = Profiler(interval=0.0005)
        sampler.start()
        check_file(path, rubric)
        sampler.stop()
        sampled = sampler.output_text(unicode=False, color=False, show_all=False)
        lines = [line for line in sampled.strip().splitlines() if not line.startswith("Profile at")]
        shown = "\n".join(lines[:PYINSTRUMENT_LINES])
        more = (
            f"\n  ... ({len(lines) - PYINSTRUMENT_LINES} more lines)"
            if len(lines) > PYINSTRUMENT_LINES
            else ""
        )
        out.write(f"\npyinstrument (sampled):\n{shown}{more}\n")
    return out.getvalue()
