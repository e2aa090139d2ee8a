"""One self-contained HTML page, for a tutor to mark from and send back to a student.

The page opens with when it was made, the tma-check version and the rubric
file; a batch then has an overview, one row per file (its status, its worst
question, the words it counts, a link to its section). Per file: a one-line
verdict, the table the terminal shows (with a bar of each question's words
against its limit and leeway, its share of the words against its share of
the marks, and the penalty the rubric's bands would give), the findings, how
Word's count of the whole file becomes the words counted toward the
questions, and each question as tma-check read it: every left-out span
struck through and labelled with the rule that left it out, and a marker
after the last word within the limit and within the leeway, the sentence
each falls in said under the question.

The page has its CSS inline and nothing else: no scripts, no fonts, no
images, no links outside itself, so it works offline and as an e-mail
attachment. Statuses are words and symbols as well as colours (they survive
black-and-white printing); the print styles start each file of a batch on a
new page and let wide tables run their full width; on a narrow screen the
less important columns are hidden (each question's section repeats them) so
the status stays in view. All text is escaped, and the markup is well-formed
XML as well as HTML5.

The date on the page is the time it is made; with the ``SOURCE_DATE_EPOCH``
environment variable set (seconds since 1970, the reproducible-builds
convention) it is that time in UTC instead, so that a page can be made again
byte for byte (the golden tests do this).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape

from tma_check import __version__
from tma_check.cutoff import Cutoff, find_cutoffs
from tma_check.model import FileResult, Measurement, QuestionResult, Severity, Status
from tma_check.penalty import penalty_message, penalty_text
from tma_check.report.common import (
    Style,
    counted_text,
    excluded_text,
    limit_text,
    marks_text,
    percent_of_limit,
    problems,
    question_rows,
    section_label,
    share_text,
    total_limit_text,
    verdict_text,
)
from tma_check.report.explain import (
    change_text,
    reconcile,
    rule_summary,
    selected,
    spans_text,
)
from tma_check.report.explain import summary_text as rule_text
from tma_check.report.htmlparts import (
    axis,
    badge,
    bar,
    capital,
    cut_note,
    gauge,
    generated_at,
    legend,
    meta,
    overview,
    path_text,
    question_text,
    row,
    text,
)
from tma_check.report.htmlstyle import CSS

SEVERITY = {Severity.ERROR: Status.FAIL, Severity.WARNING: Status.OVER, Severity.INFO: Status.OK}
# column: heading, cell class, and whether a narrow screen hides it
COLUMNS = {
    "question": ("Question", "", False),
    "marks": ("Marks", "n", True),
    "limit": ("Limit", "n", True),
    "counted": ("Counted", "n", False),
    "percent": ("% of limit", "n bars", False),
    "share": ("Share of words / marks", "n", True),
    "excluded": ("Excluded", "x", True),
    "declared": ("Declared", "n", True),
    "penalty": ("Penalty", "nw", True),
    "status": ("Status", "", False),
}


def _cells(values: Mapping[str, str], columns: Sequence[str], css: str = "") -> str:
    return row(
        [
            ((COLUMNS[k][1] + (" opt" if COLUMNS[k][2] else "")).strip(), values.get(k, ""))
            for k in columns
        ],
        css,
    )


def _columns(result: FileResult) -> list[str]:
    keys = list(COLUMNS)
    if not any(q.share for q in result.questions):
        keys.remove("share")
    rubric = result.rubric
    if rubric is None or not (rubric.penalties or any(q.spec.penalties for q in result.questions)):
        keys.remove("penalty")
    return keys


def _percent(q: QuestionResult, scale: float) -> str:
    return f'{bar(q, scale)}<span class="pct">{percent_of_limit(q)}</span>'


def _question_row(
    q: QuestionResult, anchor: str | None, columns: Sequence[str], scale: float, depth: int
) -> str:
    m = q.measurement
    name = text(q.id) if anchor is None else f'<a href="#{anchor}">{text(q.id)}</a>'
    values = {
        "question": name,
        "marks": marks_text(q.spec.marks),
        "limit": text(limit_text(q)),
        "counted": counted_text(q),
        "percent": _percent(q, scale),
        "share": share_text(q.share),
        "excluded": text(excluded_text(m, sep="\n")),
        "declared": "-" if m is None or m.declared is None else f"{m.declared:,}",
        "penalty": text(penalty_text(q.penalty)) if q.penalty else "-",
        "status": badge(q.status),
    }
    shown = _cells(values, columns)
    return shown.replace("<td>", '<td class="part">', 1) if depth else shown


def _other_row(m: Measurement, columns: Sequence[str]) -> str:
    values = {"question": text(section_label(m)), "counted": f"{m.counted:,}", "status": "-"}
    values["excluded"] = text(excluded_text(m, sep="\n"))
    values["declared"] = "" if m.declared is None else f"{m.declared:,}"
    return _cells(values, columns, "other")


def _table(result: FileResult, anchors: dict[str, str]) -> str:
    qs, columns, scale = result.questions, _columns(result), axis(result.all_questions())
    rows = [
        _question_row(q, anchors.get(q.id) if not depth else None, columns, scale, depth)
        for depth, q in question_rows(result)
    ]
    rows += [_other_row(m, columns) for m in result.others]
    whole = result.total
    totals = {"question": "Total", "counted": f"{sum(q.counted or 0 for q in qs):,}"}
    if any(q.spec.marks for q in qs):
        totals["marks"] = marks_text(sum(q.spec.marks or 0 for q in qs))
    if whole is not None:  # else limits are not summed
        totals["limit"] = text(total_limit_text(whole))
        totals["declared"] = "" if whole.declared is None else f"{whole.declared:,}"
        totals["penalty"] = text(penalty_text(whole.penalty)) if whole.penalty else ""
    totals["status"] = badge(result.status)
    head = "".join(
        f'<th class="opt">{COLUMNS[k][0]}</th>' if COLUMNS[k][2] else f"<th>{COLUMNS[k][0]}</th>"
        for k in columns
    )
    return (
        f'<div class="scroll"><table class="summary">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n"
        f"<tfoot>{_cells(totals, columns)}</tfoot></table></div>"
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
    shown = "".join(row([("n", number), ("", text(label))], css) for css, number, label in rows)
    return f'<div class="scroll"><table class="reconcile">\n{shown}</table></div>'


def _explain(q: QuestionResult, anchor: str, scale: float, cuts: Sequence[Cutoff]) -> str:
    m = q.measurement
    title = f'<h4 id="{anchor}">{text(q.id)} {badge(q.status)}</h4>'
    if m is None:
        return f"{title}\n<p>Not found in the document.</p>"
    limit = f", limit {text(limit_text(q))}" if q.spec.limit is not None else ""
    declared = f", declared {m.declared:,}" if m.declared is not None else ""
    out = [title, f'<p class="muted">{m.counted:,} words counted of {m.total:,}{limit}{declared}.']
    out[-1] += "</p>"
    out.append(gauge(q, scale))
    if q.share is not None:
        words, marks = f"{q.share.words:.0f}%", f"{q.share.marks:.0f}%"
        out.append(f"<p>Share: {words} of the words for {marks} of the marks.</p>")
    if q.penalty is not None:
        out.append(f"<p><strong>{text(capital(penalty_message(q.penalty)))}</strong></p>")
    out += [cut_note(cut) for cut in cuts]
    out.append(question_text(m, cuts, anchor))
    summary = [rule_text(rule, words, n) for rule, words, n in rule_summary(m)]
    summary += [f"warning: {e.rule}: {e.note}: {e.text[:60]}" for e in m.exclusions if e.note]
    listed = "".join(f"<li>{text(item)}</li>\n" for item in summary)
    if listed:
        out.append(f'<ul class="rules muted">\n{listed}</ul>')
    return "\n".join(part for part in out if part)


def _verdict(result: FileResult) -> str:
    said = verdict_text(result)
    return f'<p class="verdict">{badge(result.status)}<strong>{text(capital(said))}</strong></p>'


def _file(result: FileResult, number: int, question: str | None) -> str:
    out = [f'<section class="file"><h2 id="f{number}">{path_text(result.path)}</h2>']
    if result.error is not None:
        error = f"This file {result.error}" if result.error.startswith("is ") else result.error
        out.append(f"<p>{badge(result.status)} {text(error)}</p>")
        return "\n".join([*out, "</section>"])
    chosen = selected(result, question)
    ids = {q.id: n for n, q in enumerate(result.questions, 1)}
    anchors = {q.id: f"f{number}-q{ids.get(q.id, n + len(ids))}" for n, q in enumerate(chosen, 1)}
    rubric = result.rubric
    about = "" if rubric is None else f"Rubric: {text(rubric.title)}, from {text(rubric.source)}. "
    whole = "" if result.words is None else f"Word counts {result.words:,} words in the file."
    out += [_verdict(result), f'<p class="muted">{about}{whole}</p>', _table(result, anchors)]
    out += [_findings(result), "<h3>From Word’s count to tma-check’s</h3>", _reconcile(result)]
    rules = [e.rule for q in chosen if q.measurement for e in q.measurement.exclusions]
    cuts = {q.id: find_cutoffs(q) for q in chosen}
    every = [cut for found in cuts.values() for cut in found]
    out += ["<h3>The questions as tma-check read them</h3>", legend(rules, every)]
    scale = axis(result.all_questions())
    out += [_explain(q, anchors[q.id], scale, cuts[q.id]) for q in chosen]
    return "\n".join([*out, "</section>"])


def page(
    results: Sequence[FileResult], question: str | None = None, when: datetime | None = None
) -> str:
    """The whole page; with ``question``, only that question's text is shown. ``when`` is
    the date on it (by default :func:`generated_at`)."""
    batch = len(results) > 1
    title = f"{len(results)} files" if batch else results[0].path
    body = "\n".join(_file(result, n, question) for n, result in enumerate(results, 1))
    head = overview(results) + "\n" if batch else ""
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" />'
        '<meta name="viewport" content="width=device-width, initial-scale=1" />'
        f"<title>Word-limit check: {text(title)}</title><style>{CSS}</style></head>\n"
        f'<body><main class="{"batch" if batch else "single"}"><h1>Word-limit check</h1>\n'
        f"{meta(results, when or generated_at())}\n{head}{body}\n"
        f"<footer>Made with tma-check {escape(__version__)}, which counts words as "
        "Microsoft Word does.</footer></main></body></html>\n"
    )


def render_check(results: Sequence[FileResult], style: Style) -> str:
    return page(results)


def render_explain(result: FileResult, question: str | None, style: Style) -> str:
    return page([result], question)
