"""The parts an HTML page is built of: escaped text, status badges, the bar of words
against a limit, a question's text with where its limit falls, the line that says
when the page was made and against which rubric, and a batch's overview.

Each function returns markup that is well-formed XML as well as HTML5, with
every piece of text from a document, a file name or a rubric escaped.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timezone
from html import escape
from itertools import groupby

from tma_check import __version__
from tma_check.amounts import words_text as words
from tma_check.cutoff import Cutoff, leeway_words
from tma_check.model import Block, FileResult, Measurement, QuestionResult, Status
from tma_check.penalty import penalty_text
from tma_check.report.common import (
    STATUS_TEXT,
    problem_text,
    qualified_rows,
    summary_text,
    verdict_text,
)
from tma_check.report.explain import Piece, lines
from tma_check.rules import RULES
from tma_check.textsafe import visible

SYMBOL = {Status.OK: "✓", Status.OVER: "▲", Status.UNDER: "▼"}  # the others: ✗
KIND = {"textbox": "text box", "footnote": "footnote", "endnote": "endnote"}
AXIS = 150.0  # percent of the limit at the right end of a bar, unless a leeway needs more
OVERVIEW = ("File", "Status", '<th class="opt">Counted</th>', "Worst question")


def text(value: str) -> str:
    """``value`` escaped for HTML, line breaks kept, and control characters, what cannot
    be written (half a surrogate pair) or would reorder the text shown escaped
    (``\\x1b``), as every report shows them."""
    return escape(visible(value, lines=True)).replace("\n", "<br />")


def badge(status: Status, label: str | None = None) -> str:
    shown = text(STATUS_TEXT[status] if label is None else label)
    return f'<span class="badge s-{status.value}">{SYMBOL.get(status, "✗")} {shown}</span>'


def row(cells: Iterable[tuple[str, str]], css: str = "") -> str:
    """A table row of (class, markup) cells."""
    shown = "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for c, v in cells)
    return f'<tr class="{css}">{shown}</tr>\n' if css else f"<tr>{shown}</tr>\n"


# -- the bar of words against a limit and its leeway


def axis(questions: Iterable[QuestionResult]) -> float:
    """The percent of the limit a file's bars end at: 150, or past the widest leeway."""
    widest = max((q.leeway for q in questions if q.spec.limit), default=0.0)
    return min(max(AXIS, 110 + widest), 300.0)


def bar(q: QuestionResult, scale: float = AXIS) -> str:
    """The counted words against the limit: a filled bar over a hatched band for the leeway,
    the limit a line across both. Hidden from screen readers: the numbers are beside it."""
    counted, limit = q.counted, q.spec.limit
    if counted is None or not limit:
        return ""

    def at(words: float) -> float:
        return min(words * 100 / limit, scale) * 100 / scale

    most, parts = leeway_words(limit, q.leeway), []
    if most > limit:
        left, right = at(limit), at(most)
        parts.append(f'<span class="band" style="left:{left:.1f}%;width:{right - left:.1f}%">')
        parts[-1] += "</span>"
    parts.append(f'<span class="fill f-{q.status.value}" style="width:{at(counted):.1f}%"></span>')
    parts.append(f'<span class="limit" style="left:{at(limit):.1f}%"></span>')
    return f'<span class="bar" aria-hidden="true">{"".join(parts)}</span>'


def capital(said: str) -> str:
    """``said`` with its first letter a capital (and the rest as it was)."""
    return said[:1].upper() + said[1:]


def gauge_text(q: QuestionResult) -> str:
    """The bar in words: "637 words: 37 over the 600-word limit, within the 10% leeway (up
    to 660)"."""
    counted, limit = q.counted or 0, q.spec.limit or 0
    if counted <= limit:
        return f"{words(counted)} of {limit:,} ({counted * 100 / limit:.1f}%)."
    most = leeway_words(limit, q.leeway)
    over = f"{words(counted)}: {counted - limit:,} over the {limit:,}-word limit"
    if most <= limit:
        return f"{over}, with no leeway."
    if counted <= most:
        return f"{over}, within the {q.leeway:g}% leeway (up to {most:,})."
    return f"{over}, {counted - most:,} beyond the {q.leeway:g}% leeway (up to {most:,})."


def gauge(q: QuestionResult, scale: float) -> str:
    shown = bar(q, scale)
    return f'<div class="gauge">{shown}<span>{text(gauge_text(q))}</span></div>' if shown else ""


# -- a question's text, with what was left out and where its limit falls


def cut_label(cut: Cutoff) -> str:
    """The marker after the last word within a limit: "600-word limit", "leeway ends (660)"."""
    if cut.kind == "limit":
        return f"{cut.words:,}-word limit"
    return f"leeway ends ({cut.words:,})"


def cut_note(cut: Cutoff) -> str:
    """ "The limit (600 words) is reached at 'teams', in: '…'", under a question."""
    said = cut.describe()
    return f'<p class="cutnote {cut.kind}">{text(capital(said))}</p>'


Zoned = tuple[Piece, int]  # a piece, and 0 within the limit, 1 past it, 2 past the leeway


def zoned(items: Iterable[tuple[Block, list[Piece]]]) -> Iterator[tuple[Block, list[Zoned]]]:
    """Each paragraph's pieces with the zone each is in, in the order of the text."""
    zone = 0
    for block, pieces in items:
        out: list[Zoned] = []
        for piece in pieces:
            if piece.cut is not None:
                zone = 1 if piece.cut.kind == "limit" else 2
            out.append((piece, zone))
        yield block, out


def _inline(pieces: Iterable[Zoned], anchor: str) -> str:
    out = []
    for piece, zone in pieces:
        if piece.cut is not None:
            kind = piece.cut.kind
            label = text(cut_label(piece.cut))
            out.append(f'<span class="cut cut-{kind}" id="{anchor}-{kind}">{label}</span>')
            continue
        shown = text(piece.text)
        if piece.rule:
            rule = text(piece.rule)
            shown = f'<del data-rule="{rule}">{shown}</del><sup class="tag">{rule}</sup>'
        elif zone and shown.strip():
            shown = f'<span class="z{zone}">{shown}</span>'
        out.append(shown)
    return "".join(out)


def _paragraph(block: Block, pieces: list[Zoned], anchor: str) -> str:
    kind = f'<span class="kind">{KIND[block.kind]}</span>' if block.kind in KIND else ""
    css = ' class="h"' if block.is_heading else ""
    return f"<p{css}>{kind}{_inline(pieces, anchor)}</p>"


def _grid(items: Iterable[tuple[Block, list[Zoned]]], anchor: str) -> str:
    """Table cells back in their rows and columns (a nested table is drawn on its own)."""
    rows: dict[int, dict[int, list[str]]] = {}
    for block, pieces in items:
        at = (block.cell.row, block.cell.column) if block.cell else (len(rows), 0)
        rows.setdefault(at[0], {}).setdefault(at[1], []).append(_paragraph(block, pieces, anchor))
    shown = "".join(
        "<tr>" + "".join(f"<td>{''.join(cells[c])}</td>" for c in sorted(cells)) + "</tr>\n"
        for _, cells in sorted(rows.items())
    )
    return f'<div class="scroll"><table class="cells">\n{shown}</table></div>'


def question_text(m: Measurement, cuts: Sequence[Cutoff], anchor: str) -> str:
    """The text of a question, excluded spans struck through, a marker where each of ``cuts``
    falls and the text past it highlighted; markers get ids ``{anchor}-limit`` and
    ``{anchor}-leeway``."""

    def group(item: tuple[Block, list[Zoned]]) -> tuple[str, int]:
        block = item[0]
        if block.kind == "table-cell" and block.cell is not None:
            return "table", block.cell.table
        return "paragraph", block.index

    shown = [
        _grid(items, anchor)
        if kind == "table"
        else "\n".join(_paragraph(*item, anchor) for item in items)
        for (kind, _), items in groupby(zoned(lines(m, cuts)), key=group)
    ]
    return '<div class="text">\n' + "\n".join(shown) + "\n</div>"


def legend(rules: Iterable[str], cuts: Sequence[Cutoff]) -> str:
    """What the marks in the questions' text mean: each rule that left words out, and the
    markers of ``cuts`` (the questions' limits) when there are any."""
    items = []
    for rule in dict.fromkeys(rules):
        known = RULES.get(rule)
        about = known.doc.strip().split("\n\n")[0] if known else "A rule the rubric defines."
        items.append(
            f'<li><span class="tag">{text(rule)}</span> {text(" ".join(about.split()))}</li>\n'
        )
    out = (
        "<p>Text <del>struck through</del> is not counted; the label after it names the rule "
        f'that left it out:</p>\n<ul class="legend">\n{"".join(items)}</ul>'
    )
    kinds: dict[str, Cutoff] = {}
    for cut in cuts:
        kinds.setdefault(cut.kind, cut)  # the first of each kind is the example
    if "limit" in kinds:
        marker = f'<span class="cut cut-limit">{text(cut_label(kinds["limit"]))}</span>'
        out += (
            f"\n<p>Where a question is over its limit, a marker such as {marker} follows the "
            'last word within it, and <span class="z1">the words after it</span> are past the '
            "limit"
        )
        if "leeway" in kinds:
            marker = f'<span class="cut cut-leeway">{text(cut_label(kinds["leeway"]))}</span>'
            out += f'; <span class="z2">those after</span> {marker} are past the leeway too'
        out += ".</p>"
    return out


def path_text(path: str) -> str:
    """A file's path escaped, with a place to break the line after each folder."""
    return "/<wbr />".join(text(part) for part in path.split("/"))


# -- the head of the page, and a batch's overview


def generated_at(environ: Mapping[str, str] = os.environ) -> datetime:
    """Now, in local time; or ``SOURCE_DATE_EPOCH`` (seconds since 1970) in UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now().astimezone().replace(microsecond=0)


def date_text(when: datetime) -> str:
    """ "3 May 2024, 14:05 UTC" """
    return f"{when.day} {when:%B %Y, %H:%M} {when.tzname() or ''}".rstrip()


def worst_text(result: FileResult) -> str:
    """The file's worst question and what is wrong with it, or what kept it from a check."""
    if result.error is not None or result.unchecked is not None:
        return verdict_text(result)
    rows = qualified_rows(result)
    name, worst = max(rows, key=lambda item: item[1].status.rank, default=("", None))
    if worst is not None and worst.status.is_problem:
        shown = f"{name}: {problem_text(worst)}"
        return shown + (f" ({penalty_text(worst.penalty)})" if worst.penalty else "")
    total = result.total
    if total is not None and total.status.is_problem:
        return verdict_text(result)
    return "none"


def overview(results: Sequence[FileResult]) -> str:
    rows = []
    for number, result in enumerate(results, 1):
        counted = "-" if result.error else f"{sum(q.counted or 0 for q in result.questions):,}"
        link = f'<a href="#f{number}">{path_text(result.path)}</a>'
        cells = [("file", link), ("", badge(result.status)), ("n opt", counted)]
        rows.append(row([*cells, ("", text(worst_text(result)))]))
    head = "".join(name if name.startswith("<") else f"<th>{name}</th>" for name in OVERVIEW)
    return (
        f'<h2 id="overview">Overview</h2>\n<p>{text(summary_text(results))}</p>\n'
        f'<div class="scroll"><table class="overview">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody></table></div>"
    )


def meta(results: Sequence[FileResult], when: datetime) -> str:
    sources = dict.fromkeys(r.rubric.source for r in results if r.rubric is not None)
    noun = "rubric" if len(sources) == 1 else "rubrics"
    rubrics = f"; {noun} {text(', '.join(sources))}" if sources else ""
    stamp = f'<time datetime="{when.isoformat()}">{text(date_text(when))}</time>'
    return f'<p class="meta">Checked {stamp} with tma-check {escape(__version__)}{rubrics}.</p>'
