"""One self-contained HTML page, for a tutor to send back to a student.

Per file: the table the terminal shows, the findings, how Word's count of the
whole file becomes the words counted toward the questions, and each question
as tma-check read it, every left-out span struck through and labelled with
the rule that left it out. The page has its CSS inline and nothing else: no
scripts, no fonts, no images, no links outside itself, so it works offline
and as an e-mail attachment. Statuses are words as well as colours. All text
is escaped, and the markup is well-formed XML as well as HTML5.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from itertools import groupby

from tma_check import __version__
from tma_check.model import Block, FileResult, Measurement, QuestionResult, Severity, Status
from tma_check.report.common import (
    STATUS_TEXT,
    Style,
    counted_text,
    excluded_text,
    limit_text,
    marks_text,
    percent_of_limit,
    problems,
    question_rows,
    section_label,
    total_limit_text,
)
from tma_check.report.explain import (
    Piece,
    change_text,
    lines,
    reconcile,
    rule_summary,
    selected,
    spans_text,
    summary_text,
)
from tma_check.rules import RULES
from tma_check.textsafe import visible

CSS = """
body{margin:0;color:#1a1a1a;background:#fff;font:16px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,Helvetica,Arial,sans-serif} main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0} h3{font-size:1.15rem;margin:1.8rem 0 .4rem}
h2{font-size:1.3rem;margin:2.5rem 0 .5rem;padding-bottom:.2rem;border-bottom:2px solid #ccc}
h4{font-size:1.05rem;margin:1.5rem 0 .3rem;padding-top:.8rem;border-top:1px solid #ddd}
h1,h2,h3,h4,p,li{overflow-wrap:anywhere} td{overflow-wrap:break-word}
.muted{color:#555} .scroll{overflow-x:auto;margin:.5rem 0} table{border-collapse:collapse}
th,td{border:1px solid #c8c8c8;padding:.3rem .55rem;text-align:left;vertical-align:top}
thead th{background:#eef0f3} tfoot td{background:#f6f7f9;font-weight:bold}
td.n{text-align:right;white-space:nowrap} td.x{white-space:nowrap}
tr.other td{color:#555;font-style:italic} footer{margin-top:3rem;font-size:.85rem;color:#555}
.badge{display:inline-block;padding:0 .45rem;border:1px solid;border-radius:.3rem;
font-weight:bold;font-style:normal;white-space:nowrap}
.s-ok{color:#14532d;background:#e7f6ec} .s-over,.s-under{color:#713f12;background:#fdf3d7}
.s-fail,.s-missing,.s-unchecked,.s-error{color:#991b1b;background:#fde8e8}
ul.findings,ul.legend{padding-left:1.2rem} ul.findings li,ul.legend li{margin:.25rem 0}
.reconcile td{border:0;padding:.1rem .55rem} .reconcile tr.sum td{border-top:1px solid #999}
del{color:#555;background:#eee;text-decoration:line-through} sup.tag{margin-left:.15rem}
.tag{font-size:.7rem;color:#5b21b6;background:#f1eafd;border-radius:.2rem;padding:0 .25rem;
white-space:nowrap;font-weight:bold} .text{border-left:3px solid #d0d0d0;padding-left:.8rem}
.text p{margin:.45rem 0} .text p.h,tr.sum td{font-weight:bold} .text td p{margin:0}
td.part{padding-left:1.6rem}
.kind{font-size:.75rem;text-transform:uppercase;letter-spacing:.03em;color:#555;margin-right:.35rem}
@media (max-width:40rem){body{font-size:15px}main{padding:.6rem}th,td{padding:.25rem .4rem}}
"""
SYMBOL = {Status.OK: "✓", Status.OVER: "▲", Status.UNDER: "▼"}  # the others: ✗
SEVERITY = {Severity.ERROR: Status.FAIL, Severity.WARNING: Status.OVER, Severity.INFO: Status.OK}
KIND = {"textbox": "text box", "footnote": "footnote", "endnote": "endnote"}
HEAD = ("Question", "Marks", "Limit", "Counted", "Excluded", "Declared", "% of limit", "Status")
_CONTROLS = {code: " " for code in range(32) if code not in (9, 10)}


def text(value: str) -> str:
    """``value`` escaped for HTML, control characters made spaces, line breaks kept, and
    what cannot be written (half a surrogate pair) or would reorder the text shown escaped."""
    return escape(visible(value.translate(_CONTROLS), lines=True)).replace("\n", "<br />")


def badge(status: Status, label: str | None = None) -> str:
    shown = text(STATUS_TEXT[status] if label is None else label)
    return f'<span class="badge s-{status.value}">{SYMBOL.get(status, "✗")} {shown}</span>'


def _row(cells: Iterable[tuple[str, str]], css: str = "") -> str:
    shown = "".join(f'<td class="{c}">{v}</td>' if c else f"<td>{v}</td>" for c, v in cells)
    return f'<tr class="{css}">{shown}</tr>\n' if css else f"<tr>{shown}</tr>\n"


def _question_row(q: QuestionResult, anchor: str | None, depth: int = 0) -> str:
    m = q.measurement
    counted = counted_text(q)
    declared = "-" if m is None or m.declared is None else f"{m.declared:,}"
    name = text(q.id) if anchor is None else f'<a href="#{anchor}">{text(q.id)}</a>'
    cells = [("part" if depth else "", name), ("n", marks_text(q.spec.marks))]
    cells += [("n", text(limit_text(q)))]
    cells += [("n", counted), ("x", text(excluded_text(m, sep="\n"))), ("n", declared)]
    return _row([*cells, ("n", percent_of_limit(q)), ("", badge(q.status))])


def _other_row(m: Measurement) -> str:
    declared = "" if m.declared is None else f"{m.declared:,}"
    cells = [("", text(section_label(m))), ("n", ""), ("n", ""), ("n", f"{m.counted:,}")]
    cells += [("x", text(excluded_text(m, sep="\n"))), ("n", declared), ("n", ""), ("", "-")]
    return _row(cells, "other")


def _table(result: FileResult, anchors: dict[str, str]) -> str:
    qs = result.questions
    rows = [
        _question_row(q, anchors.get(q.id) if not depth else None, depth)
        for depth, q in question_rows(result)
    ]
    rows += [_other_row(m) for m in result.others]
    marks = marks_text(sum(q.spec.marks or 0 for q in qs)) if any(q.spec.marks for q in qs) else ""
    whole = result.total
    limit = "" if whole is None else text(total_limit_text(whole))  # else limits are not summed
    declared = "" if whole is None or whole.declared is None else f"{whole.declared:,}"
    totals = [("", "Total"), ("n", marks), ("n", limit)]
    totals += [("n", f"{sum(q.counted or 0 for q in qs):,}"), ("", ""), ("n", declared), ("", "")]
    head = "".join(f"<th>{h}</th>" for h in HEAD)
    return (
        f'<div class="scroll"><table class="summary">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n"
        f"<tfoot>{_row([*totals, ('', badge(result.status))])}</tfoot></table></div>"
    )


def _findings(result: FileResult) -> str:
    items: list[tuple[Severity, str]] = []
    if result.unchecked is not None:
        items.append((Severity.ERROR, f"<strong>Not checked</strong>: {text(result.unchecked)}"))
    items += [
        (f.severity, f"<strong>{text(f.where)}</strong>: {text(f.message)}")
        for f in problems(result)
        if f not in result.findings
    ]
    items += [(f.severity, text(f.message)) for f in result.findings]
    notes = "".join(f'<p class="muted">Note: {text(notice)}.</p>\n' for notice in result.notices)
    if not items:
        return f'{notes}<p class="muted">Every question is within its limit.</p>'
    shown = "".join(f"<li>{badge(SEVERITY[s], s.value)} {html}</li>\n" for s, html in items)
    return f'{notes}<ul class="findings">\n{shown}</ul>'


def _reconcile(result: FileResult) -> str:
    rec = reconcile(result)
    rows = [("", f"{rec.word:,}", "words in the whole file, as Word counts them")]
    for label, change, spans in rec.rows:
        detail = f" ({spans_text(spans)})" if spans else ""
        rows.append(("", change_text(change, minus="−"), label + detail))
    rows.append(("sum", f"{rec.counted:,}", "counted toward the questions"))
    shown = "".join(_row([("n", number), ("", text(label))], css) for css, number, label in rows)
    return f'<div class="scroll"><table class="reconcile">\n{shown}</table></div>'


def _legend(rules: Iterable[str]) -> str:
    items = []
    for rule in dict.fromkeys(rules):
        known = RULES.get(rule)
        about = known.doc.strip().split("\n\n")[0] if known else "A rule the rubric defines."
        items.append(
            f'<li><span class="tag">{text(rule)}</span> {text(" ".join(about.split()))}</li>\n'
        )
    return (
        "<p>Text <del>struck through</del> is not counted; the label after it names the rule "
        f'that left it out:</p>\n<ul class="legend">\n{"".join(items)}</ul>'
    )


def _inline(pieces: Iterable[Piece]) -> str:
    out = []
    for piece in pieces:
        shown = text(piece.text)
        if piece.rule:
            rule = text(piece.rule)
            shown = f'<del data-rule="{rule}">{shown}</del><sup class="tag">{rule}</sup>'
        out.append(shown)
    return "".join(out)


def _paragraph(block: Block, pieces: list[Piece]) -> str:
    kind = f'<span class="kind">{KIND[block.kind]}</span>' if block.kind in KIND else ""
    css = ' class="h"' if block.is_heading else ""
    return f"<p{css}>{kind}{_inline(pieces)}</p>"


def _grid(items: Iterable[tuple[Block, list[Piece]]]) -> str:
    """Table cells back in their rows and columns (a nested table is drawn on its own)."""
    rows: dict[int, dict[int, list[str]]] = {}
    for block, pieces in items:
        row, column = (block.cell.row, block.cell.column) if block.cell else (len(rows), 0)
        rows.setdefault(row, {}).setdefault(column, []).append(_paragraph(block, pieces))
    shown = "".join(
        "<tr>" + "".join(f"<td>{''.join(row[c])}</td>" for c in sorted(row)) + "</tr>\n"
        for _, row in sorted(rows.items())
    )
    return f'<div class="scroll"><table class="cells">\n{shown}</table></div>'


def _text(m: Measurement) -> str:
    def group(item: tuple[Block, list[Piece]]) -> tuple[str, int]:
        block = item[0]
        if block.kind == "table-cell" and block.cell is not None:
            return "table", block.cell.table
        return "paragraph", block.index

    shown = [
        _grid(items) if kind == "table" else "\n".join(_paragraph(*item) for item in items)
        for (kind, _), items in groupby(lines(m), key=group)
    ]
    return '<div class="text">\n' + "\n".join(shown) + "\n</div>"


def _explain(q: QuestionResult, anchor: str) -> str:
    m = q.measurement
    title = f'<h4 id="{anchor}">{text(q.id)} {badge(q.status)}</h4>'
    if m is None:
        return f"{title}\n<p>Not found in the document.</p>"
    limit = f", limit {text(limit_text(q))}" if q.spec.limit is not None else ""
    declared = f", declared {m.declared:,}" if m.declared is not None else ""
    summary = [summary_text(rule, words, n) for rule, words, n in rule_summary(m)]
    summary += [f"warning: {e.rule}: {e.note}: {e.text[:60]}" for e in m.exclusions if e.note]
    listed = "".join(f"<li>{text(item)}</li>\n" for item in summary)
    return (
        f'{title}\n<p class="muted">{m.counted:,} words counted of {m.total:,}{limit}{declared}'
        + "</p>\n"
        + _text(m)
        + (f'\n<ul class="rules muted">\n{listed}</ul>' if listed else "")
    )


def _file(result: FileResult, number: int, question: str | None) -> str:
    out = [f'<section class="file"><h2 id="f{number}">{text(result.path)}</h2>']
    if result.error is not None:
        error = f"This file {result.error}" if result.error.startswith("is ") else result.error
        out.append(f"<p>{badge(result.status)} {text(error)}</p>")
        return "\n".join([*out, "</section>"])
    chosen = selected(result, question)
    ids = {q.id: n for n, q in enumerate(result.questions, 1)}
    anchors = {q.id: f"f{number}-q{ids[q.id]}" for q in chosen}
    rubric = "" if result.rubric is None else f" Checked against {text(result.rubric.title)}."
    whole = "" if result.words is None else f" Word counts {result.words:,} words in the file."
    out += [f"<p>{badge(result.status)}{rubric}{whole}</p>", _table(result, anchors)]
    out += [_findings(result), "<h3>From Word’s count to tma-check’s</h3>", _reconcile(result)]
    rules = [e.rule for q in chosen if q.measurement for e in q.measurement.exclusions]
    out += ["<h3>The questions as tma-check read them</h3>", _legend(rules)]
    out += [_explain(q, anchors[q.id]) for q in chosen]
    return "\n".join([*out, "</section>"])


def page(results: Sequence[FileResult], question: str | None = None) -> str:
    """The whole page; with ``question``, only that question's text is shown."""
    title = results[0].path if len(results) == 1 else f"{len(results)} files"
    body = "\n".join(_file(result, n, question) for n, result in enumerate(results, 1))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />'
        f"<title>Word-limit check: {text(title)}</title><style>{CSS}</style></head>\n"
        f"<body><main><h1>Word-limit check</h1>\n{body}\n"
        f"<footer>Made with tma-check {escape(__version__)}, which counts words as "
        "Microsoft Word does.</footer></main></body></html>\n"
    )


def render_check(results: Sequence[FileResult], style: Style) -> str:
    return page(results)


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    return page([result], question)
