"""The benchmark's results, the tables that show them and the targets they are held to."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from docgen import Generated
from procs import Stat

MS = 1e3
MB = 1 << 20

# (key, label) of the per-size rows; "process" rows are whole commands.
PROCESS_ROWS = (
    ("floor", "floor process: unzip + lxml parse"),
    ("count", "tma-check count"),
    ("check", "tma-check check (every rule)"),
    ("pandoc", "pandoc -t plain FILE | wc -w"),
)
INPROCESS_ROWS = (
    ("in_floor", "in-process: unzip + lxml parse"),
    ("in_parse", "in-process: tma-check parse"),
    ("in_load", "in-process: parse + walk (load)"),
    ("in_count", "in-process: count_file"),
    ("in_check", "in-process: check_file"),
)
ROWS = PROCESS_ROWS + INPROCESS_ROWS
LABELS = dict(ROWS)

STARTUP_FACTOR = 1.0  # tma-check --version: at most python -c pass ...
STARTUP_ALLOWANCE = 0.035  # ... plus 35 ms
CHECK_VS_FLOOR = 2.5  # check on the largest document, as a process, against the floor process
WORK_VS_PARSE = 1.5  # in-process work after parsing, against the parse
LINEAR_SPREAD = 1.5
BATCH_SPEEDUP = 5.0
MEMORY_VS_XML = 10.0
MEMORY_FROM_WORDS = 20_000  # the memory target is judged on documents this long or longer
LINEAR_FROM_WORDS = 5_000  # below this, fixed costs hide the growth


@dataclass
class SizeResult:
    """Everything measured on one document."""

    label: str
    generated: Generated
    words: int = 0  # as tma-check counts them
    pandoc_words: int | None = None
    rows: dict[str, Stat] = field(default_factory=dict)
    baseline_peak: dict[str, int] = field(default_factory=dict)  # bytes, on the small document

    def time(self, key: str) -> float | None:
        stat = self.rows.get(key)
        return stat.median if stat is not None and stat.times else None

    def work_after_parse(self) -> float | None:
        check, parse = self.time("in_check"), self.time("in_parse")
        return None if check is None or parse is None else check - parse

    def memory_delta(self, key: str) -> int | None:
        stat = self.rows.get(key)
        if stat is None or not stat.peak or key not in self.baseline_peak:
            return None
        return stat.peak - self.baseline_peak[key]


@dataclass
class Batch:
    files: int
    words: int
    one: Stat  # one invocation over the folder
    separate: Stat  # each sample: the total of N invocations
    jobs: int  # processes the batch may use (CPUs, at most 8)
    capacity: float  # CPUs' worth of work that many busy processes get on this machine


@dataclass
class Results:
    header: list[str]
    repeats: int
    slow_repeats: int
    startup_repeats: int
    baseline_words: int = 0
    startup: dict[str, Stat] = field(default_factory=dict)
    sizes: list[SizeResult] = field(default_factory=list)
    batch: Batch | None = None


@dataclass(frozen=True)
class Target:
    name: str
    passed: bool | None  # None: not measured in this run
    detail: str


def ms(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds * MS >= 100:
        return f"{seconds * MS:.0f} ms"
    return f"{seconds * MS:.1f} ms"


def _runs(count: int) -> str:
    return f"{count} run" if count == 1 else f"{count} runs"


def size_text(count: float) -> str:
    if count >= MB:
        return f"{count / MB:.2f} MB"
    return f"{count / 1024:.0f} kB"


def _table(title: str, heads: Sequence[str], rows: Iterable[Sequence[str]], first: int = 36) -> str:
    """A title, a header row and rows; the first column left-aligned, the others right."""
    rows = [list(row) for row in rows]
    widths = [first] + [
        2 + max([len(head)] + [len(row[number + 1]) for row in rows])
        for number, head in enumerate(heads)
    ]
    widths[1:] = [max(14, width) for width in widths[1:]]
    lines = [
        title,
        " " * first + "".join(f"{h:>{w}}" for h, w in zip(heads, widths[1:], strict=True)),
    ]
    for row in rows:
        cells = [f"{row[0]:<{first}}"] + [
            f"{cell:>{width}}" for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("".join(cells).rstrip())
    return "\n".join(lines)


def documents_table(results: Results) -> str:
    sizes = results.sizes
    rows: list[list[str]] = [
        ["words as tma-check counts them"] + [f"{s.words:,}" for s in sizes],
        ["words the generator wrote"] + [f"{s.generated.words:,}" for s in sizes],
        ["words, pandoc | wc -w"]
        + [f"{s.pandoc_words:,}" if s.pandoc_words is not None else "-" for s in sizes],
        ["word/document.xml"] + [size_text(s.generated.document_xml) for s in sizes],
        ["all XML parts, uncompressed"] + [size_text(s.generated.xml_bytes) for s in sizes],
        ["bytes of document.xml per word"]
        + [f"{s.generated.document_xml / max(1, s.words):.1f}" for s in sizes],
        [".docx file"] + [size_text(s.generated.zip_bytes) for s in sizes],
        ["questions, tables, footnotes, text boxes"]
        + [
            f"{len(s.generated.questions)}, {s.generated.tables}, {s.generated.footnotes}, "
            f"{s.generated.textboxes}"
            for s in sizes
        ],
    ]
    return _table("Documents", [s.label for s in sizes], rows, first=42)


def time_table(results: Results) -> str:
    sizes = results.sizes
    rows: list[list[str]] = []
    for key, label in ROWS:
        cells = [label]
        for size in sizes:
            value, floor = size.time(key), size.time("floor")
            if value is None:
                cells.append(size.rows[key].note if key in size.rows else "-")
            elif floor:
                cells.append(f"{ms(value)} {value / floor:5.2f}x")
            else:
                cells.append(ms(value))
        rows.append(cells)
    work = ["in-process: check work after parse"]
    ratio = [f"  check work / parse (target <= {WORK_VS_PARSE:g}x)"]
    for size in sizes:
        after, parse, floor = size.work_after_parse(), size.time("in_parse"), size.time("floor")
        if after is None or parse is None:
            work.append("-")
            ratio.append("-")
            continue
        work.append(f"{ms(after)} {after / floor:5.2f}x" if floor else ms(after))
        ratio.append(f"{after / parse:.2f}")
    rows += [work, ratio]
    title = (
        f"Time: median of {_runs(results.repeats)} ({_runs(results.slow_repeats)} for pandoc); "
        "'1.00x' is the ratio to the floor process"
    )
    return _table(title, [s.label for s in sizes], rows, first=38)


def per_word_table(results: Results) -> str:
    sizes = results.sizes
    rows = []
    for key, label in (*ROWS, ("work", "in-process: check work after parse")):
        cells = [label]
        for size in sizes:
            value = size.work_after_parse() if key == "work" else size.time(key)
            cells.append("-" if value is None else f"{value / size.words * 1000 * MS:.2f} ms")
        rows.append(cells)
    return _table("Time per 1,000 words (flat = linear growth)", [s.label for s in sizes], rows, 38)


def memory_table(results: Results) -> str:
    sizes = results.sizes
    peaks, deltas = [], []
    for key, label in ROWS:
        peak_cells, delta_cells = [label], [label]
        for size in sizes:
            stat, floor = size.rows.get(key), size.rows.get("floor")
            delta = size.memory_delta(key)
            if stat is None or not stat.peak:
                peak_cells.append("-")
                delta_cells.append("-")
                continue
            ratio = f" {stat.peak / floor.peak:5.2f}x" if floor is not None and floor.peak else ""
            peak_cells.append(f"{stat.peak / MB:.1f} MB{ratio}")
            if delta is None:
                delta_cells.append("-")
            else:
                delta = max(0, delta)
                share = delta / size.generated.xml_bytes
                delta_cells.append(f"+{delta / MB:.1f} MB {share:5.1f}x")
        peaks.append(peak_cells)
        deltas.append(delta_cells)
    heads = [s.label for s in sizes]
    return "\n\n".join(
        [
            _table(
                "Peak memory (max RSS; '1.00x' is the ratio to the floor process)", heads, peaks, 38
            ),
            _table(
                "Memory the document costs (peak over the same work on a "
                f"{results.baseline_words:,}-word document; 'x' is that increase / the "
                "uncompressed XML size)",
                heads,
                deltas,
                38,
            ),
        ]
    )


def startup_table(results: Results) -> str:
    bare = results.startup.get("pass")
    lines = [f"Start-up (median of {results.startup_repeats})"]
    for key, label in (
        ("pass", "python -c pass"),
        ("imports", "python + click, lxml, zip"),
        ("version", "tma-check --version"),
        ("help", "tma-check --help"),
    ):
        stat = results.startup.get(key)
        if stat is None:
            continue
        text = f"  {label:<26}{ms(stat.median):>10}   peak {stat.peak / MB:.0f} MB"
        if bare is not None and key not in ("pass", "imports"):
            limit = STARTUP_FACTOR * bare.median + STARTUP_ALLOWANCE
            text += f"   {stat.median / bare.median:.1f}x python; limit {ms(limit)}"
        lines.append(text)
    return "\n".join(lines)


def batch_table(results: Results) -> str:
    batch = results.batch
    if batch is None:
        return "Batch: not run"
    one, separate = batch.one, batch.separate
    cores = one.cpu_median / one.median
    return "\n".join(
        [
            f"Batch: {batch.jobs} busy processes get {batch.capacity:.2f} CPUs' worth of work "
            "done on this machine (measured with a busy loop)",
            f"  {batch.files} documents of about {batch.words:,} words, checked with the "
            "same rubric",
            f"  one invocation on the folder   {ms(one.median):>10}   CPU {ms(one.cpu_median)}"
            f"  CPU/wall {cores:.2f} ({batch.jobs} processes allowed)"
            f"   peak {one.peak / MB:.0f} MB   (median of {len(one.times)})",
            f"  {batch.files} separate invocations   {ms(separate.median):>10}"
            f"   {ms(separate.median / batch.files)} each   (median of {len(separate.times)})",
            f"  one invocation is {separate.median / one.median:.1f}x faster",
        ]
    )


def targets(results: Results) -> list[Target]:
    found: list[Target] = []
    add = found.append
    bare = results.startup.get("pass")
    for key in ("version", "help"):
        stat = results.startup.get(key)
        if bare is None or stat is None:
            add(Target(f"start-up: tma-check --{key}", None, "not measured"))
            continue
        limit = STARTUP_FACTOR * bare.median + STARTUP_ALLOWANCE
        add(
            Target(
                f"start-up: tma-check --{key} within python -c pass + "
                f"{STARTUP_ALLOWANCE * 1000:.0f} ms",
                stat.median <= limit,
                f"{ms(stat.median)} vs limit {ms(limit)} (python -c pass {ms(bare.median)})",
            )
        )

    largest = results.sizes[-1] if results.sizes else None
    if largest is not None:
        check, floor = largest.time("check"), largest.time("floor")
        name = f"check on {largest.label} as a process within {CHECK_VS_FLOOR:g}x the floor process"
        if check is None or floor is None:
            add(Target(name, None, "not measured"))
        else:
            add(
                Target(
                    name,
                    check <= CHECK_VS_FLOOR * floor,
                    f"{ms(check)} = {check / floor:.2f}x the floor's {ms(floor)}",
                )
            )
        after, parse = largest.work_after_parse(), largest.time("in_parse")
        name = (
            f"in-process check work after parsing <= {WORK_VS_PARSE:g}x the parse, "
            f"on {largest.label}"
        )
        if after is None or parse is None:
            add(Target(name, None, "not measured"))
        else:
            add(
                Target(
                    name,
                    after <= WORK_VS_PARSE * parse,
                    f"work {ms(after)} = {after / parse:.2f}x parse {ms(parse)} "
                    f"(check_file {ms(after + parse)} = {(after + parse) / parse:.2f}x parse)",
                )
            )

    judged = [s for s in results.sizes if s.words >= LINEAR_FROM_WORDS] or results.sizes
    per_k = [(s.label, t / s.words * 1000) for s in judged if (t := s.time("in_check")) is not None]
    if len(per_k) >= 2:
        spread = max(v for _, v in per_k) / min(v for _, v in per_k)
        add(
            Target(
                f"roughly linear: in-process check per 1k words varies <= {LINEAR_SPREAD}x "
                "(documents of 5k words and up)",
                spread <= LINEAR_SPREAD,
                ", ".join(f"{label} {ms(value)}" for label, value in per_k)
                + f"; spread {spread:.2f}x",
            )
        )
    else:
        add(Target("roughly linear growth", None, "needs two sizes"))

    pandoc = [(s.label, s.time("check"), s.time("pandoc")) for s in results.sizes]
    measured = [(label, c, p) for label, c, p in pandoc if c is not None and p is not None]
    if measured:
        detail = ", ".join(f"{label} {ms(c)} vs {ms(p)}" for label, c, p in measured)
        imports = results.startup.get("imports")
        if imports is not None:  # the least any check takes, whatever it does
            detail += f"; python importing click, lxml and zipfile alone: {ms(imports.median)}"
        add(
            Target(
                "tma-check check faster than pandoc at every size",
                all(c < p for _, c, p in measured),
                detail,
            )
        )
    else:
        add(Target("faster than pandoc", None, "pandoc not run"))

    batch = results.batch
    if batch is not None:
        speedup = batch.separate.median / batch.one.median
        add(
            Target(
                f"batch of {batch.files}: one invocation >= 5x faster than {batch.files}",
                speedup >= BATCH_SPEEDUP,
                f"{ms(batch.one.median)} vs {ms(batch.separate.median)}: {speedup:.1f}x",
            )
        )
        cores = batch.one.cpu_median / batch.one.median
        usable = min(batch.jobs, batch.capacity)
        add(
            Target(
                f"batch uses the cores: CPU/wall >= 0.75 x the {usable:.2f} CPUs "
                f"{batch.jobs} processes can get here",
                cores >= 0.75 * usable,
                f"CPU {ms(batch.one.cpu_median)} / wall {ms(batch.one.median)} = {cores:.2f}"
                f" ({batch.jobs} processes allowed; {batch.jobs} busy processes measured at "
                f"{batch.capacity:.2f} CPUs on this machine)",
            )
        )
    else:
        add(Target("batch", None, "not run"))

    judged = [s for s in results.sizes if s.words >= MEMORY_FROM_WORDS * 0.9]
    details = []
    passed: bool | None = None
    for size in judged:
        for key in ("check", "count", "in_check"):
            delta = size.memory_delta(key)
            if delta is None:
                continue
            ratio = delta / size.generated.xml_bytes
            ok = ratio < MEMORY_VS_XML
            passed = ok if passed is None else passed and ok
            if key == "check" or not ok:
                details.append(f"{size.label} {key} +{delta / MB:.1f} MB = {ratio:.1f}x")
    add(
        Target(
            "peak memory over a small document's < 10x the XML size (20k words and up)",
            passed,
            "; ".join(details) if details else "no document of 20k words or more",
        )
    )
    return found


def targets_table(found: Sequence[Target]) -> str:
    marks: dict[bool | None, str] = {True: "PASS", False: "FAIL", None: "n/a "}
    lines = ["Targets"]
    for target in found:
        lines.append(f"  {marks[target.passed]}  {target.name}")
        lines.append(f"        {target.detail}")
    return "\n".join(lines)


def render(results: Results) -> str:
    parts: list[str] = ["\n".join(results.header)]
    sections: list[Callable[[Results], str]] = [
        documents_table,
        time_table,
        per_word_table,
        memory_table,
        startup_table,
        batch_table,
    ]
    if results.sizes:
        parts += [section(results) for section in sections]
    else:
        parts += [startup_table(results), batch_table(results)]
    parts.append(targets_table(targets(results)))
    return "\n\n".join(parts) + "\n"
