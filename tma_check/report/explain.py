"""The explain view: every question's text as tma-check saw it, with what was left out.

The header reconciles Word's whole-document count with tma-check's count
toward the questions, one line per reason. Each question follows, paragraph
by paragraph, its excluded spans marked with the rule that left them out:
struck through and labelled on a terminal, ``[rule: text]`` in plain text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from tma_check.amounts import words_text
from tma_check.cutoff import Cutoff, find_cutoffs
from tma_check.model import Block, Exclusion, FileResult, Measurement, QuestionResult
from tma_check.record import record
from tma_check.textsafe import visible

KIND_PREFIX = {
    "table-cell": "| ",
    "textbox": "[text box] ",
    "footnote": "[footnote] ",
    "endnote": "[endnote] ",
}


@record
class Piece:
    """A stretch of a paragraph as shown: plain, or left out by ``rule``; or, with
    ``cut``, the empty place where a limit is reached (after the word before it)."""

    text: str
    rule: str = ""
    cut: Cutoff | None = None


def pieces(block: Block, spans: Sequence[Exclusion], cuts: Sequence[Cutoff] = ()) -> list[Piece]:
    """The paragraph cut into plain and excluded pieces (outermost spans win), with a
    piece for each of ``cuts`` at its place."""
    label = f"{block.label} " if block.label else ""
    whole = next((span for span in spans if span.whole), None)
    if whole is not None:
        return [Piece(label + block.text, whole.rule)]
    out: list[Piece] = [Piece(label)] if label else []
    out += [Piece("", cut=cut) for cut in cuts if cut.end == 0]  # after the list label
    stops = sorted(cut.end for cut in cuts if cut.end)
    marks = {cut.end: cut for cut in cuts if cut.end}

    def plain(start: int, end: int) -> None:
        """Text that counts, from ``start`` to ``end``, cut where a limit falls in it."""
        for stop in stops:
            if start < stop <= end:
                out.append(Piece(block.text[start:stop]))
                out.append(Piece("", cut=marks[stop]))
                start = stop
        if start < end:
            out.append(Piece(block.text[start:end]))

    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position:
            continue  # inside a span already shown
        plain(position, span.start)
        out.append(Piece(block.text[span.start : span.end], span.rule))
        position = span.end
    plain(position, len(block.text))
    return out


def lines(
    measurement: Measurement, cuts: Sequence[Cutoff] = ()
) -> Iterator[tuple[Block, list[Piece]]]:
    """Each paragraph with text of ``measurement``, as pieces (``cuts`` placed in theirs)."""
    by_block: dict[int, list[Exclusion]] = {}
    for exclusion in measurement.exclusions:
        by_block.setdefault(exclusion.block, []).append(exclusion)
    for block in measurement.section.blocks:
        if block.text.strip() or block.label:
            here = [cut for cut in cuts if cut.block == block.index]
            yield block, pieces(block, by_block.get(block.index, []), here)


def cut_mark(cut: Cutoff) -> str:
    """How the text view marks a cutoff: "‖200-word limit‖", "‖leeway ends (220)‖"."""
    if cut.kind == "limit":
        return f"‖{cut.words:,}-word limit‖"
    return f"‖leeway ends ({cut.words:,})‖"


@record
class Reconciliation:
    """Word's count, the changes that lead from it, and tma-check's count toward the questions.

    Each row is (what, change in words, spans): negative for words left out,
    positive for words tma-check reads that Word's count leaves out.
    """

    word: int
    rows: tuple[tuple[str, int, int], ...]
    counted: int


def spans_text(count: int) -> str:
    return f"{count} span" if count == 1 else f"{count} spans"


def change_text(change: int, minus: str = "-") -> str:
    """A signed number of words: "-115", "+4"."""
    return f"{minus}{-change:,}" if change < 0 else f"+{change:,}"


def summary_text(rule: str, words: int, spans: int) -> str:
    """ "question-text: 29 words in 1 span" """
    return f"{rule}: {words_text(words)} in {spans_text(spans)}"


def reconcile(result: FileResult) -> Reconciliation:
    """From Word's whole-file count to the words counted toward the questions."""
    measurements = [q.measurement for q in result.questions if q.measurement is not None]
    measurements += list(result.others)
    every = (exclusion for m in measurements for exclusion in m.exclusions)
    rows = [(rule, -words, spans) for rule, words, spans in tally(every) if words]
    loose = sum(m.counted for m in result.others)
    if loose:
        rows.append(("outside any question (front matter, unlisted headings)", -loose, 0))
    uncounted = sum(
        q.measurement.counted for q in result.questions if q.measurement and not q.spec.count
    )
    if uncounted:
        rows.append(("questions marked count: false", -uncounted, 0))
    counted = sum(q.counted or 0 for q in result.questions)
    total = sum(m.total for m in measurements)
    word = result.words if result.words is not None else total
    if word != total:
        label = "text boxes and notes that Word's count leaves out (a setting of the file)"
        rows.append((label, total - word, 0))
    return Reconciliation(word, tuple(rows), counted)


def selected(result: FileResult, question: str | None) -> list[QuestionResult]:
    """The questions to show: all of them, or the question (or part) asked for."""
    if question is None:
        return list(result.questions)
    return [q for q in result.all_questions() if q.id.casefold() == question.casefold()]


def tally(exclusions: Iterable[Exclusion]) -> list[tuple[str, int, int]]:
    """(rule, words, spans) left out, the biggest first (as every report lists reasons);
    rules that leave out as many words stay in the order they first appear."""
    summary: dict[str, list[int]] = {}
    for exclusion in exclusions:
        entry = summary.setdefault(exclusion.rule, [0, 0])
        entry[0] += exclusion.words
        entry[1] += 1
    ranked = sorted(summary.items(), key=lambda item: -item[1][0])
    return [(rule, words, spans) for rule, (words, spans) in ranked]


def rule_summary(measurement: Measurement) -> list[tuple[str, int, int]]:
    """(rule, words, spans) left out in one section."""
    return tally(measurement.exclusions)


def _plain_piece(piece: Piece) -> str:
    if piece.cut is not None:
        return cut_mark(piece.cut)
    return f"[{piece.rule}: {piece.text}]" if piece.rule else piece.text


def render_plain(result: FileResult, question: str | None = None) -> str:
    out: list[str] = []
    rec = reconcile(result)
    counted = f"tma-check counts {rec.counted:,} toward the questions"
    out.append(f"{result.path}: Word counts {rec.word:,} words; {counted}:")
    out += [f"  note: {notice}" for notice in result.notices]
    for label, change, spans in rec.rows:
        detail = f" ({spans_text(spans)})" if spans else ""
        out.append(f"  {change_text(change)} {label}{detail}")
    for q in selected(result, question):
        out.append("")
        m = q.measurement
        if m is None:
            out.append(f"== {q.id}: not found in the document")
            continue
        limit = f" (limit {q.spec.limit:,})" if q.spec.limit else ""
        out.append(f"== {q.id}: {m.counted:,} counted of {m.total:,}{limit}")
        cuts = find_cutoffs(q)
        for block, parts in lines(m, cuts):
            text = "".join(_plain_piece(p) for p in parts)
            out.append(KIND_PREFIX.get(block.kind, "") + text.replace("\n", " / "))
        for cut in cuts:
            out.append(f"   {cut.describe()}")
        for rule, words, spans in rule_summary(m):
            out.append(f"   {summary_text(rule, words, spans)}")
        for exclusion in m.exclusions:
            if exclusion.note:
                out.append(
                    f"   warning: {exclusion.rule}: {exclusion.note}: {exclusion.text[:60]!r}"
                )
    return "".join(visible(line) + "\n" for line in out)
