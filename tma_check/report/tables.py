"""Tables drawn with rich that fit the width they are given, and the batch and count tables.

A table is built as columns, each in the forms it can take, best first (the
question's words left out with its three biggest reasons, with one, as a
total, not at all). Narrowing the table takes one step at a time from a fixed
order, so what matters least goes first; numbers and statuses are never cut
or wrapped. Only a column marked ``flexible`` (a question id, a file name)
may be narrowed by rich itself, when nothing else is left to give.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, JustifyMethod, RenderableType
from rich.table import Table
from rich.text import Text

from tma_check.model import DOCUMENT_PARTS, DocumentCount, FileResult, Status
from tma_check.penalty import penalty_text
from tma_check.record import field, record
from tma_check.report.common import STATUS_TEXT, CountError, part_name
from tma_check.textsafe import visible

DEFAULT_WIDTH = 100  # when the caller gives none: a report written to a file

STATUS_STYLE = {
    Status.OK: "green",
    Status.OVER: "yellow",
    Status.UNDER: "yellow",
    Status.FAIL: "bold red",
    Status.MISSING: "bold red",
    Status.UNCHECKED: "bold red",
    Status.ERROR: "bold red",
}

Cell = str | Text


def console(color: bool, width: int | None) -> Console:
    return Console(
        file=io.StringIO(),
        width=width or DEFAULT_WIDTH,
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


def status_cell(status: Status) -> Text:
    return Text(STATUS_TEXT[status], style=STATUS_STYLE[status])


def width_of(cell: Cell) -> int:
    """The widest line of ``cell``, in terminal cells."""
    text = cell.plain if isinstance(cell, Text) else cell
    return max((cell_len(line) for line in text.splitlines()), default=0)


@record(frozen=False)
class Column:
    """One column of a table, in one of its forms.

    ``planned`` is the width to plan a ``flexible`` column at; rich may then fold
    its text (or cut a cell that says so with ``Text.overflow``) to fit.
    """

    header: str
    cells: list[Cell]
    footer: Cell = ""
    justify: JustifyMethod = "right"
    flexible: bool = False
    planned: int | None = None
    shown: dict[str, int] = field(default_factory=dict)  # what the caller needs to know

    def natural(self) -> int:
        """The width of the widest cell."""
        return max(width_of(cell) for cell in (self.header, self.footer, *self.cells))

    def width(self) -> int:
        """The width to plan the column at."""
        return self.natural() if self.planned is None else self.planned


def layouts(
    forms: Mapping[str, Sequence[Column | None]], steps: Sequence[str]
) -> Iterator[list[Column]]:
    """Every column in its first form; then, step by step, the column a step names in its
    next form (None: left out), widest table first."""
    at = dict.fromkeys(forms, 0)

    def layout() -> list[Column]:
        return [column for name, each in forms.items() if (column := each[at[name]]) is not None]

    yield layout()
    for name in steps:
        if at[name] + 1 < len(forms[name]):
            at[name] += 1
            yield layout()


def span(columns: Sequence[Column], gap: int) -> int:
    return sum(column.width() for column in columns) + gap * (len(columns) - 1)


def fit(choices: Iterable[list[Column]], width: int) -> tuple[list[Column], int]:
    """The first layout that fits ``width``, and the gap between its columns: two
    spaces if they fit, else one; the last layout if none fits."""
    chosen: tuple[list[Column], int] = ([], 1)
    for columns in choices:
        for gap in (2, 1):
            chosen = (columns, gap)
            if span(columns, gap) <= width:
                return chosen
    return chosen


def draw(columns: Sequence[Column], gap: int, width: int) -> Table:
    """The rich table: a rule under the header and above the footer, no side borders.

    A flexible column is given its planned width and as much more of what is left
    of ``width`` as its cells want; it folds (or cuts, where a cell says so) beyond.
    """
    spare = width - span(columns, gap)
    table = Table(
        box=box.SIMPLE,
        show_edge=False,
        pad_edge=False,
        padding=(0, gap - 1),
        collapse_padding=True,
        show_footer=any(width_of(column.footer) for column in columns),
    )
    for column in columns:
        fixed = None
        if column.flexible:
            extra = min(max(column.natural() - column.width(), 0), max(spare, 0))
            fixed, spare = column.width() + extra, spare - extra
        table.add_column(
            column.header,
            footer=column.footer,
            justify=column.justify,
            no_wrap=not column.flexible,
            overflow="fold",
            width=fixed,
        )
    for row in zip(*(column.cells for column in columns), strict=True):
        table.add_row(*row)
    return table


def shorten(path: str, width: int) -> str:
    """``path`` cut from the left at a folder to fit ``width``, its file name whole:
    "…/scripts/student04.docx". A name wider than ``width`` is left for rich to fold."""
    if cell_len(path) <= width:
        return path
    cuts = [i for i, char in enumerate(path) if char in "/\\"]
    for cut in cuts:
        if cell_len(path[cut:]) + 1 <= width:
            return "…" + path[cut:]
    return "…" + path[cuts[-1] :] if cuts else path


def files_column(paths: Sequence[str], others: Sequence[Column], width: int, gap: int) -> Column:
    """The file names, each shortened to what the ``others`` leave of ``width``."""
    room = max(width - span(others, gap) - gap, 8)
    shown = [safe(shorten(visible(path), room)) for path in paths]
    column = Column("File", list(shown), justify="left", flexible=True)
    column.planned = min(column.width(), room)
    return column


def common_folder(paths: Sequence[str]) -> str:
    """The folder every one of ``paths`` is in ("scripts/"), or ""."""
    if len(paths) < 2:
        return ""
    first, last = min(paths), max(paths)  # what they share, all the others share
    same = next(
        (n for n, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), len(first)
    )
    cut = max(first.rfind("/", 0, same), first.rfind("\\", 0, same))
    return first[: cut + 1]


def _file_room(paths: Sequence[str], *most: int) -> list[Column]:
    """The file column as the rest of a table is fitted around it, in its forms: as wide
    as its widest path or file name (after "…/"), up to each of ``most``."""
    need = max(
        (
            min(cell_len(visible(path)), cell_len(visible(re.split(r"[/\\]", path)[-1])) + 2)
            for path in paths
        ),
        default=4,
    )
    return [Column("File", [], planned=min(need, width)) for width in most]


# -- several documents: one row each -----------------------------------------------------


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


def _penalties(result: FileResult) -> str:
    found = result.penalties()
    if len(found) == 1:
        return penalty_text(found[0][1])
    return "; ".join(f"{where} {penalty_text(penalty)}" for where, penalty in found)


def summary(results: Sequence[FileResult], width: int) -> list[RenderableType]:
    """A tutor's batch: one row per file, then how many files ended how. The folder the
    files share is said once, in the title."""
    folder = common_folder([r.path for r in results])
    paths = [r.path[len(folder) :] for r in results]
    worst = [safe(_worst(r), "red" if r.error else "") for r in results]
    fine = [width_of(cell) for r, cell in zip(results, worst, strict=True) if not r.error]
    counted = ["-" if r.error else f"{sum(q.counted or 0 for q in r.questions):,}" for r in results]
    forms: dict[str, list[Column | None]] = {
        "file": list[Column | None](_file_room(paths, 40, 24, 16, 8)),
        "status": [Column("Status", [status_cell(r.status) for r in results], justify="left")],
        "worst": [  # an error folds
            Column(
                "Worst question", list[Cell](worst), "", "left", True, min(max([14, *fine]), most)
            )
            for most in (40, 10)
        ],
        "counted": [Column("Counted", list[Cell](counted)), None],
        "words": [Column("Words", ["-" if r.words is None else f"{r.words:,}" for r in results])],
        "penalty": [None],
    }
    if any(r.penalties() for r in results):
        penalties = [_penalties(r) for r in results]
        forms["penalty"] = [Column("Penalty", list[Cell](penalties), flexible=True), None]
    steps = ["file", "file", "counted", "penalty", "worst", "file"]
    chosen, gap = fit(layouts(forms, steps), width)
    others = chosen[1:]
    columns = [files_column(paths, others, width, gap), *others]
    statuses = sorted((r.status for r in results), key=lambda status: status.rank)
    tally = Text(", ").join(
        Text(f"{statuses.count(status)} {STATUS_TEXT[status]}", style=STATUS_STYLE[status])
        for status in dict.fromkeys(statuses)
    )
    title = Text(f"{len(results)} documents")
    if folder:
        title.append_text(Text.assemble(" in ", safe(folder)))
    return [title, draw(columns, gap, width), tally]


# -- count ---------------------------------------------------------------------------------


def count(rows: Sequence[DocumentCount | CountError], width: int) -> list[RenderableType]:
    """The whole-document count of each file, by part, and what Word's own count in the
    file says. Parts no file has are left out; if the table is still too wide, the file
    names fold, then the parts go from the right. A file that could not be read is said
    under the table."""
    counts = [row for row in rows if isinstance(row, DocumentCount)]
    out: list[RenderableType] = [Text("Word count (as Microsoft Word counts it)")]
    if counts:
        paths = [c.path for c in counts]
        forms: dict[str, list[Column | None]] = {
            "file": list[Column | None](_file_room(paths, 40, 24, 16)),
            "words": [Column("Words", [Text(f"{c.words:,}", style="bold") for c in counts])],
        }
        found = {name for c in counts for name, words in c.parts if words}
        for name in DOCUMENT_PARTS:  # a body alone says nothing the words do not
            numbers = [dict(c.parts).get(name, 0) for c in counts]
            shown = bool(found - {"body"}) if name == "body" else name in found
            column = Column(part_name(name).capitalize(), [f"{n:,}" for n in numbers])
            forms[name] = [column, None] if shown else [None]
        cached = ["-" if c.cached_words is None else f"{c.cached_words:,}" for c in counts]
        forms["cached"] = [Column("File says", list[Cell](cached))]
        steps = ["file", "file", *reversed(DOCUMENT_PARTS)]
        chosen, gap = fit(layouts(forms, steps), width)
        others = chosen[1:]
        out.append(draw([files_column(paths, others, width, gap), *others], gap, width))
    out += [
        Text.assemble(safe(row.path), ": ", ("error: ", "bold red"), safe(row.message))
        for row in rows
        if isinstance(row, CountError)
    ]
    if any(not c.notes_included for c in counts):
        note = "Text boxes, footnotes and endnotes are left out where the file asks Word to."
        out.append(Text(note, style="dim"))
    return out
