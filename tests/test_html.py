"""The HTML page as a student and a tutor see it: where each limit falls in the text,
the bars, shares and penalties, the batch overview, the date, version and rubric, and
the styles for print and for a phone. Every page is read back as XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from builders import listed, numbering_xml, para, run, write_docx

from tma_check import __version__, record
from tma_check.api import check_file
from tma_check.cutoff import find_cutoffs
from tma_check.model import FileResult, Status
from tma_check.penalty import penalty_message, penalty_text
from tma_check.report import Style, render_check
from tma_check.report.common import verdict_text
from tma_check.report.html import page
from tma_check.report.htmlparts import date_text, generated_at
from tma_check.report.htmlstyle import CSS
from tma_check.rubric import load_rubric

RUBRIC = """\
title: Leadership <in practice> & more
leeway: 20
exclude: [question-text]
penalties:
  - {over: 10, deduct: 5}
  - {over: 30, deduct: 10}
questions:
  - {id: Q1, match: '^Q1\\)', limit: 10, marks: 60}
  - {id: Q2, match: '^Q2\\)', limit: 3, marks: 40}
"""
Q1_TEXT = "One two three four five six seven eight nine ten. Eleven twelve thirteen."
WHEN = datetime(2024, 5, 3, 14, 5, tzinfo=timezone.utc)


def prompt(text: str) -> str:
    return para(run(text, "<w:b/>"))


def tma(path: Path, q1: str = Q1_TEXT, more: str = "Fourteen fifteen.") -> Path:
    """Q1 (limit 10, leeway to 12) and Q2 (limit 3), whose third word is a list label."""
    body = prompt("Q1) Describe it. (10 words)") + para(q1) + para(more)
    body += prompt("Q2) List it. (3 words)") + para("One two.") + listed("Three four")
    return write_docx(path, body, numbering=numbering_xml())


@pytest.fixture
def rubric_path(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


@pytest.fixture
def result(tmp_path: Path, rubric_path: Path) -> FileResult:
    return check_file(str(tma(tmp_path / "tma.docx")), load_rubric(str(rubric_path)))


def parse(html: str) -> ET.Element:
    return ET.fromstring(html)  # well-formed XML as well as HTML5


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def by_class(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def stream(element: ET.Element) -> list[tuple[str, str]]:
    """A paragraph as (class of the span, text) in reading order; plain text has class ""."""
    out = [("", element.text)] if element.text else []
    for child in element:
        out.append((child.get("class") or child.tag, text_of(child)))
        if child.tail:
            out.append(("", child.tail))
    return out


def section(root: ET.Element, number: int) -> ET.Element:
    (found,) = (s for s in root.iter("section") if s.find(f"h2[@id='f{number}']") is not None)
    return found


# -- where the limit falls in the text


def test_a_marker_follows_the_last_word_within_the_limit_and_the_leeway(
    result: FileResult,
) -> None:
    root = parse(page([result], when=WHEN))
    (paragraph,) = (p for p in root.iter("p") if text_of(p).startswith("One two three"))
    assert stream(paragraph) == [
        ("", "One two three four five six seven eight nine ten."),
        ("cut cut-limit", "10-word limit"),
        ("z1", " Eleven twelve"),
        ("cut cut-leeway", "leeway ends (12)"),
        ("z2", " thirteen."),
    ]
    (after,) = (p for p in root.iter("p") if text_of(p) == "Fourteen fifteen.")
    assert stream(after) == [("z2", "Fourteen fifteen.")]  # past the leeway to the end
    ids = {e.get("id") for e in by_class(root, "cut")}
    assert {"f1-q1-limit", "f1-q1-leeway", "f1-q2-limit"} <= ids


def test_a_limit_reached_at_a_list_label_is_marked_after_the_label(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    (item,) = (
        p for p in root.iter("p") if text_of(p).endswith("Three four") and not p.get("class")
    )
    assert stream(item) == [("", "1. "), ("cut cut-limit", "3-word limit"), ("z1", "Three four")]


def test_under_each_question_the_sentence_the_cut_falls_in(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    notes = [text_of(p) for p in by_class(root, "cutnote")]
    cuts = [cut for q in result.questions for cut in find_cutoffs(q)]
    said = [cut.describe() for cut in cuts]
    assert notes == [text[:1].upper() + text[1:] for text in said]
    assert "'One two three four five six seven eight nine ten.'" in notes[0]
    assert "'Eleven twelve thirteen.'" in notes[1] and "twelve" in notes[1]
    legend = " ".join(text_of(p) for p in root.iter("p") if "over its limit" in text_of(p))
    assert "10-word limit" in legend and "leeway ends (12)" in legend


def test_a_question_within_its_limit_has_no_marker(tmp_path: Path, rubric_path: Path) -> None:
    doc = tma(tmp_path / "short.docx", q1="One two three.", more="Four.")
    checked = check_file(str(doc), load_rubric(str(rubric_path)))
    root = parse(page([checked], when=WHEN))
    assert [e.get("id") for e in by_class(root, "cut") if e.get("id")] == ["f1-q2-limit"]
    assert [text_of(p)[:30] for p in by_class(root, "cutnote")] == [
        "The limit (3 words) is reached"
    ]


# -- bars, shares, penalties


def test_the_bars_and_their_numbers(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    (summary,) = by_class(root, "summary")
    q1 = summary.find("tbody/tr")
    assert q1 is not None
    cell = q1[[text_of(th) for th in summary.iter("th")].index("% of limit")]
    (bar,) = by_class(cell, "bar")
    assert bar.get("aria-hidden") == "true"  # the numbers are beside it
    assert text_of(cell) == "150.0%"
    styles = {part.get("class"): part.get("style") for part in bar}
    # 15 words of 10; the bar ends at 150% of the limit (the leeway is 20%)
    assert styles == {
        "band": "left:66.7%;width:13.3%",
        "fill f-fail": "width:100.0%",
        "limit": "left:66.7%",
    }
    gauges = [text_of(g) for g in by_class(root, "gauge")]
    assert gauges[0] == "15 words: 5 over the 10-word limit, 3 beyond the 20% leeway (up to 12)."


def test_word_share_against_mark_share(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    (summary,) = by_class(root, "summary")
    heads = [text_of(th) for th in summary.iter("th")]
    column = heads.index("Share of words / marks")
    shares = [text_of(tr[column]) for tr in summary.iter("tr") if len(tr) == len(heads)][1:3]
    assert [q.share for q in result.questions] != [None, None]
    assert shares == ["75% / 60%", "25% / 40%"]  # 15 and 5 words; 60 and 40 marks
    said = [text_of(p) for p in root.iter("p") if text_of(p).startswith("Share:")]
    assert said == [
        "Share: 75% of the words for 60% of the marks.",
        "Share: 25% of the words for 40% of the marks.",
    ]


def test_the_penalty_each_question_would_lose(result: FileResult) -> None:
    q1, q2 = result.questions
    assert q1.penalty is not None and q2.penalty is not None
    root = parse(page([result], when=WHEN))
    (summary,) = by_class(root, "summary")
    heads = [text_of(th) for th in summary.iter("th")]
    column = heads.index("Penalty")
    rows = [tr for tr in summary.iter("tr") if len(tr) == len(heads)]
    assert [text_of(tr[column]) for tr in rows[1:3]] == [
        penalty_text(q1.penalty),
        penalty_text(q2.penalty),
    ]
    assert penalty_text(q1.penalty) == "-10 marks"  # 50% over: the second band
    findings = [text_of(li) for li in by_class(root, "findings")[0]]
    assert any(penalty_message(q1.penalty) in finding for finding in findings)
    bold = [text_of(s) for s in root.iter("strong")]
    assert "Penalty: 10 marks deducted (more than 30% over)" in bold


def test_no_penalty_column_for_a_rubric_without_penalties(
    tmp_path: Path, rubric_path: Path
) -> None:
    rubric = record.replace(load_rubric(str(rubric_path)), penalties=())
    checked = check_file(str(tma(tmp_path / "a.docx")), rubric)
    root = parse(page([checked], when=WHEN))
    assert "Penalty" not in [text_of(th) for th in root.iter("th")]


# -- the page: verdict, overview, date, version, rubric


def test_each_file_opens_with_its_verdict(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    (verdict,) = by_class(root, "verdict")
    said = verdict_text(result)
    assert text_of(verdict) == "✗ FAIL" + said[:1].upper() + said[1:]
    assert "Q1 5 words over, beyond the 20% leeway (-10 marks)" in text_of(verdict)


def test_date_version_and_rubric_path(result: FileResult, rubric_path: Path) -> None:
    root = parse(page([result], when=WHEN))
    (meta,) = by_class(root, "meta")
    assert text_of(meta) == (
        f"Checked 3 May 2024, 14:05 UTC with tma-check {__version__}; rubric {rubric_path}."
    )
    (time,) = meta.iter("time")
    assert time.get("datetime") == "2024-05-03T14:05:00+00:00"
    about = [text_of(p) for p in section(root, 1).iter("p") if text_of(p).startswith("Rubric:")]
    assert about == [
        f"Rubric: Leadership <in practice> & more, from {rubric_path}. "
        "Word counts 30 words in the file."
    ]


def test_the_date_comes_from_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert generated_at({"SOURCE_DATE_EPOCH": "1714745100"}) == WHEN
    assert date_text(WHEN) == "3 May 2024, 14:05 UTC"
    before = datetime.now().astimezone()
    made = generated_at({"SOURCE_DATE_EPOCH": "soon"})  # not a number: now
    assert made.tzinfo is not None and made - before < timedelta(minutes=1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    shown = render_check([FileResult("a.docx", Status.ERROR, error="is empty")], Style("html"))
    assert '<time datetime="1970-01-01T00:00:00+00:00">1 January 1970, 00:00 UTC</time>' in shown


def test_a_batch_opens_with_an_overview_linking_each_file(
    tmp_path: Path, rubric_path: Path
) -> None:
    rubric = load_rubric(str(rubric_path))
    good = tma(tmp_path / "good.docx", q1="One two.", more="Three.")
    over = tma(tmp_path / "over <&>.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"")
    results = [check_file(str(path), rubric) for path in (good, over, broken)]
    html = page(results, when=WHEN)
    root = parse(html)
    (overview,) = by_class(root, "overview")
    assert [text_of(th) for th in overview.iter("th")] == [
        "File",
        "Status",
        "Counted",
        "Worst question",
    ]
    body = overview.find("tbody")
    assert body is not None
    rows = [[text_of(td) for td in tr] for tr in body]
    assert rows == [
        [str(good), "✗ FAIL", "8", "Q2: 2 words over, beyond the 20% leeway (-10 marks)"],
        [str(over), "✗ FAIL", "20", "Q1: 5 words over, beyond the 20% leeway (-10 marks)"],
        [str(broken), "✗ ERROR", "-", f"not read: {results[2].error}"],
    ]
    links = [a.get("href") for tr in body for a in tr[0].iter("a")]
    assert links == ["#f1", "#f2", "#f3"]
    for number, path in enumerate((good, over, broken), 1):
        heading = section(root, number).find("h2")
        assert heading is not None and text_of(heading) == str(path)
    assert "over &lt;&amp;&gt;.docx" in html and "over <&>" not in html
    first = root.find(".//main/h2")  # before any file's section
    assert first is not None and text_of(first) == "Overview"
    assert '<main class="batch">' in html  # each file's section starts a new printed page


def test_a_single_file_has_no_overview(result: FileResult) -> None:
    root = parse(page([result], when=WHEN))
    assert not by_class(root, "overview")
    assert [main.get("class") for main in root.iter("main")] == ["single"]


# -- print and a phone


def test_print_styles() -> None:
    printed = CSS[CSS.index("@media print") :]
    assert ".batch section.file{break-before:page}" in printed  # a file to a page
    assert ".scroll{overflow:visible}" in printed  # no table clipped by a scroll box
    assert ".badge{background:#fff;color:#000;border-color:#000}" in printed  # black and white
    assert ".opt{display:table-cell}" in printed  # every column on paper


def test_a_narrow_screen_hides_columns_but_never_the_status(result: FileResult) -> None:
    narrow = CSS[CSS.index("@media (max-width:40rem)") : CSS.index("@media print")]
    assert ".opt{display:none}" in narrow
    root = parse(page([result], when=WHEN))
    (summary,) = by_class(root, "summary")
    kept = [text_of(th) for th in summary.iter("th") if "opt" not in (th.get("class") or "")]
    assert kept == ["Question", "Counted", "% of limit", "Status"]
    for tr in summary.iter("tr"):
        assert "opt" not in (tr[-1].get("class") or "")  # the status cell


def test_control_characters_are_shown_escaped_as_in_every_report(result: FileResult) -> None:
    odd = record.replace(result, path="a\x1b[31m\x07b.docx")
    html = render_check([odd], Style(format="html"))
    assert "\x1b" not in html and "\x07" not in html
    assert "a\\x1b[31m\\x07b.docx" in html
    parse(html)  # still well-formed
