"""Everything drawn with rich: the check table, the count table and the explain view."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tma_check.model import DOCUMENT_PARTS, DocumentCount, FileResult, Severity, Status
from tma_check.report.common import (
    STATUS_TEXT,
    CountError,
    Style,
    counted_text,
    excluded_text,
    indented,
    limit_text,
    marks_text,
    part_name,
    percent_of_limit,
    problems,
    question_rows,
    section_label,
    total_limit_text,
    unchecked_text,
    whole_file_text,
)
from tma_check.textsafe import visible

STATUS_STYLE = {
    Status.OK: "green",
    Status.OVER: "yellow",
    Status.UNDER: "yellow",
    Status.FAIL: "bold red",
    Status.MISSING: "bold red",
    Status.UNCHECKED: "bold red",
    Status.ERROR: "bold red",
}
SEVERITY_STYLE = {Severity.INFO: "dim", Severity.WARNING: "yellow", Severity.ERROR: "red"}


def console(color: bool, width: int | None) -> Console:
    return Console(
        file=io.StringIO(),
        width=width or 100,
        force_terminal=color,
        no_color=not color,
        color_system="auto" if color else None,
        highlight=False,
        emoji=False,
    )


def safe(text: str, style: str = "", lines: bool = False) -> Text:
    """Text from a document, a file name or a rubric as rich prints it: never read as
    markup ("[/dim]", "[link=...]"), control characters (and line breaks, unless
    ``lines``) shown escaped."""
    return Text(visible(text, lines=lines), style=style)


def _file_table(result: FileResult) -> Table:
    rubric = result.rubric
    title = safe(result.path)
    if rubric is not None:
        title.append(Text.assemble("  ", safe(f"({rubric.title})", "dim")))
    table = Table(title=title, title_justify="left", show_footer=True, expand=False)
    table.add_column("Question", footer="Total")
    table.add_column("Marks", justify="right")
    table.add_column("Limit", justify="right")
    table.add_column("Counted", justify="right")
    table.add_column("Excluded")
    table.add_column("Declared", justify="right")
    table.add_column("% limit", justify="right")
    table.add_column("Status")
    counted_total = 0
    marks_total = 0.0
    for depth, q in question_rows(result):
        m = q.measurement
        counted = q.counted
        if not depth:
            counted_total += counted or 0
            marks_total += q.spec.marks or 0
        counted_cell = counted_text(q)
        table.add_row(
            safe(indented(depth, q.id)),
            marks_text(q.spec.marks),
            limit_text(q),
            counted_cell,
            safe(excluded_text(m, sep="\n"), lines=True),
            "-" if m is None or m.declared is None else f"{m.declared:,}",
            percent_of_limit(q),
            Text(STATUS_TEXT[q.status], style=STATUS_STYLE[q.status]),
        )
    for m in result.others:
        table.add_row(
            safe(section_label(m), "dim"),
            "",
            "",
            Text(f"{m.counted:,}", style="dim"),
            safe(excluded_text(m, sep="\n"), "dim", lines=True),
            "" if m.declared is None else f"{m.declared:,}",
            "",
            Text("-", style="dim"),
        )
    columns = table.columns
    columns[1].footer = (
        marks_text(marks_total) if any(q.spec.marks for q in result.questions) else ""
    )
    columns[3].footer = f"{counted_total:,}"
    if result.total is not None:
        columns[2].footer = total_limit_text(result.total)
        if result.total.declared is not None:
            columns[5].footer = f"{result.total.declared:,}"
    columns[7].footer = Text(STATUS_TEXT[result.status], style=STATUS_STYLE[result.status])
    return table


def _details(out: Console, result: FileResult) -> None:
    """One file in full: its table, what needs attention, the whole-file count."""
    out.print(_file_table(result))
    unchecked = unchecked_text(result)
    if unchecked is not None:
        out.print(safe(f"  {unchecked}", "bold red"))
    for finding in problems(result):
        style = SEVERITY_STYLE[finding.severity]
        where = "" if finding in result.findings else f"{finding.where}: "
        out.print(safe(f"  {where}{finding.message}", style))
    for notice in result.notices:
        out.print(safe(f"  Note: {notice}.", "yellow"))
    whole = whole_file_text(result)
    if whole is not None:
        out.print(Text(f"  {whole}", style="dim"))


def _worst(result: FileResult) -> str:
    """The question that needs attention most, e.g. "Q2 over (637/600)"."""
    if result.error is not None:
        return result.error
    if result.unchecked is not None:
        return "not checked: no limit"
    troubled = [q for q in result.all_questions() if q.status.is_problem]
    if not troubled:
        return "-"
    worst = max(troubled, key=lambda q: q.status.rank)
    counted = "" if worst.counted is None else f" ({worst.counted:,}/{worst.spec.limit or '-'})"
    return f"{worst.id} {STATUS_TEXT[worst.status]}{counted}"


def _summary(out: Console, results: Sequence[FileResult]) -> None:
    """A tutor's batch: one row per file."""
    table = Table(title=f"{len(results)} documents", title_justify="left", show_footer=True)
    table.add_column("File", footer="Total")
    table.add_column("Status")
    table.add_column("Worst question")
    table.add_column("Counted", justify="right")
    table.add_column("Words", justify="right")
    for result in results:
        counted = sum(q.counted or 0 for q in result.questions)
        table.add_row(
            safe(result.path),
            Text(STATUS_TEXT[result.status], style=STATUS_STYLE[result.status]),
            safe(_worst(result), "red" if result.error else ""),
            "-" if result.error else f"{counted:,}",
            "-" if result.words is None else f"{result.words:,}",
        )
    by_status: dict[str, int] = {}
    for result in results:
        by_status[STATUS_TEXT[result.status]] = by_status.get(STATUS_TEXT[result.status], 0) + 1
    table.columns[1].footer = ", ".join(f"{n} {name}" for name, n in by_status.items())
    out.print(table)


def render_check(results: Sequence[FileResult], style: Style) -> str:
    out = console(style.color, style.width)
    if len(results) > 1:
        _summary(out, results)
        return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]
    for result in results:
        if result.error is not None:
            out.print(
                Text.assemble(
                    safe(result.path, "bold"), ": ", ("error: ", "bold red"), safe(result.error)
                )
            )
        else:
            _details(out, result)
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
    table = Table(title="Word count (as Microsoft Word counts it)", title_justify="left")
    table.add_column("File")
    table.add_column("Words", justify="right")
    for name in DOCUMENT_PARTS:
        table.add_column(part_name(name).capitalize(), justify="right")
    table.add_column("File says", justify="right")
    for row in rows:
        if isinstance(row, CountError):
            table.add_row(safe(row.path), Text("error", style="bold red"), safe(row.message, "red"))
            continue
        parts = dict(row.parts)
        table.add_row(
            safe(row.path),
            Text(f"{row.words:,}", style="bold"),
            *(f"{parts[name]:,}" for name in DOCUMENT_PARTS),
            "-" if row.cached_words is None else f"{row.cached_words:,}",
        )
    out.print(table)
    if any(isinstance(row, DocumentCount) and not row.notes_included for row in rows):
        out.print(
            Text(
                "  Text boxes, footnotes and endnotes are left out where the file asks Word to.",
                style="dim",
            )
        )
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    """The explain view on a terminal: excluded spans struck through and labelled.

    Without colour a strike-through cannot be seen, so the view is the plain
    one, where ``[rule: text]`` shows where each span starts and ends.
    """
    from tma_check.report.explain import (
        KIND_PREFIX,
        change_text,
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
        for block, parts in lines(m):
            text = Text(KIND_PREFIX.get(block.kind, ""), style="dim")
            for piece in parts:
                shown = visible(piece.text.replace("\n", " / "))
                if piece.rule:
                    text.append(shown, style="dim strike")
                    text.append(f"[{visible(piece.rule)}]", style="magenta")
                else:
                    text.append(shown)
            out.print(text)
        for rule, count, spans in rule_summary(m):
            out.print(safe(f"  {summary_text(rule, count, spans)}", "dim"))
        for exclusion in m.exclusions:
            if exclusion.note:
                warning = f"  warning: {exclusion.rule}: {exclusion.note}: {exclusion.text[:60]!r}"
                out.print(safe(warning, "yellow"))
    return out.file.getvalue()  # type: ignore[attr-defined, no-any-return]
