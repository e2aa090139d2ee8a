"""Everything drawn with rich: the check table, the count table and the explain view.

One file's check is its table (see :mod:`tma_check.report.checktable`), what
needs attention, the whole-file count and, last, the verdict in a line. A
batch is a row per file and a count a row per file (see
:mod:`tma_check.report.tables`). Every table fits the width it is given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tma_check.model import DocumentCount, FileResult, Severity
from tma_check.report import tables
from tma_check.report.checktable import check_table
from tma_check.report.common import (
    CountError,
    Style,
    problems,
    unchecked_text,
    verdict_text,
    whole_file_text,
)
from tma_check.report.tables import STATUS_STYLE, console, safe
from tma_check.textsafe import visible

__all__ = ["STATUS_STYLE", "console", "render_check", "render_count", "render_explain", "safe"]

SEVERITY_STYLE = {Severity.INFO: "dim", Severity.WARNING: "yellow", Severity.ERROR: "red"}


def _details(out: Console, result: FileResult, width: int) -> None:
    """One file in full: its table and what the table had no room for, what needs
    attention, the whole-file count and, last, the verdict."""
    for part in check_table(result, width):
        out.print(part)
    notes: list[Text] = []
    unchecked = unchecked_text(result)
    if unchecked is not None:
        notes.append(safe(unchecked, "bold red"))
    for finding in problems(result):
        where = "" if finding in result.findings else f"{finding.where}: "
        notes.append(safe(f"{where}{finding.message}", SEVERITY_STYLE[finding.severity]))
    notes += [safe(f"Note: {notice}.", "yellow") for notice in result.notices]
    whole = whole_file_text(result)
    if whole is not None:
        notes.append(Text(whole, style="dim"))
    for note in notes:  # indented, and so are the lines it wraps onto
        out.print(Padding(note, (0, 0, 0, 2), expand=False))
    verdict = verdict_text(result)
    if len(verdict) > width:  # one line: the short form where the long one would wrap
        verdict = verdict_text(result, short=True)
    out.print(safe(verdict[:1].upper() + verdict[1:], f"bold {STATUS_STYLE[result.status]}"))


def render_check(results: Sequence[FileResult], style: Style) -> str:
    out = console(style.color, style.width)
    if len(results) > 1:
        for part in tables.summary(results, out.width):
            out.print(part)
        return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]
    for result in results:
        if result.error is not None:
            out.print(
                Text.assemble(
                    safe(result.path, "bold"), ": ", ("error: ", "bold red"), safe(result.error)
                )
            )
        else:
            _details(out, result, out.width)
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]


@contextmanager
def progress_bar(total: int, color: bool = True) -> Iterator[Callable[[FileResult], None]]:
    """A progress bar on standard error while a batch runs, in colour or not as ``color``
    says; yields the advance callback."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    err = Console(stderr=True, no_color=not color, color_system="auto" if color else None)
    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("check", total=total)
        yield lambda result: progress.advance(task)


def render_count(rows: Sequence[DocumentCount | CountError], style: Style) -> str:
    out = console(style.color, style.width)
    for part in tables.count(rows, out.width):
        out.print(part)
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]


# How the explain view shows the words after a limit: past it, and past the leeway too.
PAST_STYLE = {"limit": "black on yellow", "leeway": "bold white on red"}


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    """The explain view on a terminal: excluded spans struck through and labelled, and
    where a limit is reached marked, with the words beyond it highlighted.

    Without colour a strike-through cannot be seen, so the view is the plain
    one, where ``[rule: text]`` shows where each span starts and ends.
    """
    from tma_check.cutoff import find_cutoffs
    from tma_check.report.explain import (
        KIND_PREFIX,
        change_text,
        cut_mark,
        lines,
        reconcile,
        render_plain,
        rule_summary,
        selected,
        spans_text,
        summary_text,
    )

    if not style.color:
        return render_plain(result, question)

    out = console(style.color, style.width)
    rec = reconcile(result)
    header = Table.grid(padding=(0, 2))
    header.add_column(justify="right")
    header.add_column()
    header.add_row(
        Text(f"{rec.word:,}", style="bold"), "words in the whole file, as Word counts them"
    )
    for label, change, spans in rec.rows:
        detail = f" ({spans_text(spans)})" if spans else ""
        header.add_row(
            Text(change_text(change), style="red" if change < 0 else "green"),
            safe(f"{label}{detail}"),
        )
    header.add_row(Text(f"{rec.counted:,}", style="bold green"), "counted toward the questions")
    out.print(safe(result.path, "bold"))
    for notice in result.notices:
        out.print(safe(f"  Note: {notice}.", "yellow"))
    out.print(header)
    for q in selected(result, question):
        out.print()
        m = q.measurement
        if m is None:
            out.print(safe(f"{q.id}: not found in the document", "bold red"))
            continue
        limit = f" (limit {q.spec.limit:,})" if q.spec.limit else ""
        out.print(
            safe(f"{q.id}: {m.counted:,} counted of {m.total:,}{limit}", "bold"),
            style=STATUS_STYLE[q.status],
        )
        cuts = find_cutoffs(q)
        past = ""  # the words after a cut are highlighted: beyond the limit, the leeway
        for block, parts in lines(m, cuts):
            text = Text()
            text.append(KIND_PREFIX.get(block.kind, ""), style="dim")  # the prefix alone
            for piece in parts:
                shown = visible(piece.text.replace("\n", " / "))
                if piece.cut is not None:
                    past = PAST_STYLE[piece.cut.kind]
                    text.append(cut_mark(piece.cut), style="bold reverse")
                elif piece.rule:
                    text.append(shown, style="dim strike")
                    text.append(f"[{visible(piece.rule)}]", style="magenta")
                else:
                    text.append(shown, style=past)
            out.print(text)
        for cut in cuts:
            out.print(safe(f"  {cut.describe()}", "bold"))
        for rule, count, spans in rule_summary(m):
            out.print(safe(f"  {summary_text(rule, count, spans)}", "dim"))
        for exclusion in m.exclusions:
            if exclusion.note:
                warning = f"  warning: {exclusion.rule}: {exclusion.note}: {exclusion.text[:60]!r}"
                out.print(safe(warning, "yellow"))
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]
