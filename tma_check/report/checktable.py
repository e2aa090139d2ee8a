"""The check table of one file, fitted to the width it is given.

A row per question, its parts indented under it, and a dim row per section
outside the questions (front matter, references, appendices). Every column
has its forms, most said first (see :mod:`tma_check.report.tables`); at 80
columns a question is one line with every number and status whole. What the
narrowed table no longer says (the words left out, by reason) is said in a
key under it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import JustifyMethod, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from tma_check.model import FileResult, Measurement, QuestionResult
from tma_check.penalty import penalty_text
from tma_check.record import record
from tma_check.report.common import (
    counted_text,
    indented,
    limit_text,
    marks_text,
    percent_of_limit,
    reasons,
    section_label,
    total_limit_text,
)
from tma_check.report.tables import Cell, Column, draw, fit, layouts, safe, status_cell, width_of

# The forms of the "Left out" column, most said first: the total with the three, two or
# one biggest reasons, the total with the biggest reason's name, the total alone.
LEFT_OUT_FORMS = (3, 2, 1, 0, -1)
# What gives, in turn, when the table is too wide: the detail of the words left out, the
# declared counts and the shares first; the marks, the penalty, the leeway and long ids last.
NARROWING: tuple[str, ...] = ("left", "declared", "left", "left", "share", "left", "left")
NARROWING += ("marks", "penalty", "limit", "question")
QUESTION_WIDTHS = (20, 10)  # a question id is planned at most this wide, and folded beyond
SECTION_WIDTH = 14  # a section outside the questions, cut with "…" beyond
SHARE_KEY = "each question's % of the words counted / % of the marks"


def rows(result: FileResult) -> list[tuple[str, QuestionResult]]:
    """Each question and part as its row names it: a part indented under its question,
    without the question's id ("Question 1a" under "Question 1" is "└ a")."""
    out: list[tuple[str, QuestionResult]] = []

    def add(q: QuestionResult, depth: int, parent: str) -> None:
        own = q.id[len(parent) :].lstrip(" .-_:") if parent and q.id.startswith(parent) else ""
        out.append((indented(depth, own or q.id), q))
        for part in q.parts:
            add(part, depth + 1, q.id)

    for q in result.questions:
        add(q, 0, "")
    return out


def left_out_text(m: Measurement | None, top: int) -> str:
    """Words left out with the ``top`` biggest reasons ("49: question-text 29, …"), with
    the biggest reason's name for 0 ("49 question-text, …"), the total alone for -1."""
    if m is None:
        return "-"
    ranked = sorted(m.excluded, key=lambda item: -item[1])
    total = f"{m.excluded_words:,}"
    if not ranked or top < 0:
        return total
    more = ", …" if len(ranked) > max(top, 1) else ""
    if len(ranked) == 1 or top == 0:
        return f"{total} {ranked[0][0]}{more}"
    return f"{total}: {', '.join(reasons(m, top)[:top])}{more}"


def _told(m: Measurement | None, top: int | None) -> bool:
    """Whether the "Left out" column in form ``top`` (None: not shown) says it all."""
    if m is None or not m.excluded:
        return True
    return top is not None and top >= 0 and len(m.excluded) <= max(top, 1)


def _limit(q: QuestionResult, leeway: bool) -> str:
    """ "600 +10%" (or "600"); "≥500" for a minimum alone."""
    spec = q.spec
    if spec.limit is None:
        return "-" if spec.minimum is None else f"≥{spec.minimum:,}"
    return limit_text(q) if leeway else f"{spec.limit:,}"


def _flagged(q: QuestionResult, code: str, text: str) -> Text:
    """A cell in yellow when its question has a finding about it (a share, a declaration)."""
    return Text(text, style="yellow" if any(f.code == code for f in q.findings) else "")


def _optional(column: Column, wanted: bool) -> list[Column | None]:
    return [column, None] if wanted else [None]


@record
class _Rows:
    """The rows of a file's table: its questions and parts, then the sections outside."""

    result: FileResult

    @property
    def questions(self) -> list[QuestionResult]:
        return [q for _, q in rows(self.result)]

    @property
    def footed(self) -> bool:
        """A total row, for more than one question or a limit on their total."""
        return len(self.result.questions) > 1 or self.result.total is not None

    def column(
        self,
        header: str,
        cells: Sequence[Cell],
        footer: Cell = "",
        sections: Sequence[Cell] | None = None,
        justify: JustifyMethod = "right",
    ) -> Column:
        rest = [""] * len(self.result.others) if sections is None else sections
        return Column(header, [*cells, *rest], footer if self.footed else "", justify)

    def names(self, most: int) -> Column:
        """The questions' ids (folded beyond ``most``), then the sections outside them
        (dim, cut with "…")."""
        names = [safe(name) for name, _ in rows(self.result)]
        for name in names:
            name.overflow = "fold"
        labels = [safe(section_label(m), "dim") for m in self.result.others]
        for label in labels:
            label.no_wrap, label.overflow = True, "ellipsis"
        column = self.column("Question", names, "Total", labels, "left")
        column.flexible = True
        column.planned = max(
            [len(column.header), len("Total")]
            + [min(width_of(name), most) for name in names]
            + [min(width_of(label), SECTION_WIDTH, most) for label in labels]
        )
        return column

    def left_out(self, top: int) -> Column:
        others = self.result.others
        column = self.column(
            "Left out",
            [left_out_text(q.measurement, top) for q in self.questions],
            sections=[Text(left_out_text(m, top), style="dim") for m in others],
            justify="left" if top >= 0 else "right",  # the total alone is a number
        )
        column.shown["top"] = top
        return column


def columns(result: FileResult) -> dict[str, list[Column | None]]:
    """Every column of the check table, each in its forms (None: left out), in order."""
    table = _Rows(result)
    qs, others, total = table.questions, result.others, result.total
    marks = [marks_text(q.spec.marks) for q in qs]
    declared: list[Cell] = [
        "-"
        if q.measurement is None or q.measurement.declared is None
        else _flagged(q, "declared-mismatch", f"{q.measurement.declared:,}")
        for q in qs
    ]
    penalties = [penalty_text(q.penalty) if q.penalty else "" for q in qs]
    shares: list[Cell] = [
        "" if q.share is None else _flagged(q, "share", f"{q.share.words:.0f}/{q.share.marks:.0f}%")
        for q in qs
    ]
    # the total row
    total_marks = marks_text(sum(q.spec.marks or 0 for q in result.questions))
    counted = f"{sum(q.counted or 0 for q in result.questions):,}"
    limit = "" if total is None else total_limit_text(total)
    said = "" if total is None or total.declared is None else f"{total.declared:,}"
    percent = ""
    if total is not None and total.limit:
        percent = f"{total.counted * 100 / total.limit:.1f}%"
    penalty = "" if total is None or total.penalty is None else penalty_text(total.penalty)
    # the sections outside the questions
    dim = [Text(f"{m.counted:,}", style="dim") for m in others]
    dim_said = [Text("" if m.declared is None else f"{m.declared:,}", style="dim") for m in others]
    statuses = [status_cell(q.status) for q in qs]
    return {
        "question": [table.names(most) for most in QUESTION_WIDTHS],
        "marks": _optional(
            table.column("Marks", marks, total_marks), any(q.spec.marks for q in qs)
        ),
        "limit": [
            table.column("Limit", [_limit(q, on) for q in qs], limit) for on in (True, False)
        ],
        "counted": [table.column("Counted", [counted_text(q) for q in qs], counted, dim)],
        "declared": _optional(
            table.column("Declared", declared, said, dim_said),
            any(cell != "-" for cell in declared) or bool(said),
        ),
        "percent": [table.column("% limit", [percent_of_limit(q) for q in qs], percent)],
        "status": [table.column("Status", statuses, status_cell(result.status), justify="left")],
        "penalty": _optional(
            table.column("Penalty", penalties, penalty), any(penalties) or bool(penalty)
        ),
        "left": [*(table.left_out(top) for top in LEFT_OUT_FORMS), None],
        "share": _optional(table.column("Share", shares), any(shares)),
    }


def key(result: FileResult, shown: Sequence[Column]) -> Table | None:
    """What the table had no room to say: the words each row left out, by reason (where
    its cell says less), and what the share column means."""
    left = next((c for c in shown if "top" in c.shown), None)
    top = None if left is None else left.shown["top"]
    measured = [(name, q.measurement) for name, q in rows(result)]
    measured += [(section_label(m), m) for m in result.others]
    untold = [(name.lstrip("└ "), m) for name, m in measured if m and not _told(m, top)]
    shares = any(c.header == "Share" for c in shown)
    if not untold and not shares:
        return None
    grid = Table.grid(padding=(0, 2))
    for _ in range(3):
        grid.add_column(style="dim", overflow="fold")
    for n, (name, m) in enumerate(untold):
        grid.add_row("Left out" if n == 0 else "", safe(name), safe(", ".join(reasons(m, 99))))
    if shares:
        grid.add_row("Share", "", SHARE_KEY)
    return grid


def check_table(result: FileResult, width: int) -> list[RenderableType]:
    """The file's name and rubric, its table, and the key to what the table leaves out."""
    title = safe(result.path)
    if result.rubric is not None:
        title.append(Text.assemble("  ", safe(f"({result.rubric.title})", "dim")))
    shown, gap = fit(layouts(columns(result), NARROWING), width)
    out: list[RenderableType] = [title, draw(shown, gap, width)]
    told = key(result, shown)
    return out if told is None else [*out, Padding(told, (0, 0, 0, 2), expand=False)]
