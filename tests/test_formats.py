"""The csv, markdown, github and html reporters, on a small document built here.

The document has a question of every status (ok with a declared count that
is off, FAIL, over within the leeway, MISSING, under), text that looks like
markup, a table, a heading the rubric does not know, and a final reference
list. Each format has a golden file (rewrite them with UPDATE_GOLDEN=1) and
tests that read the output back the way its consumer would.
"""

from __future__ import annotations

import csv
import io
import os
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from builders import para, write_docx
from click.testing import CliRunner

from tma_check import __version__, record
from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.model import FileResult, Status
from tma_check.report import Style, render_check
from tma_check.report.csvout import CHECK_COLUMNS, COUNT_COLUMNS
from tma_check.report.github import escape_data, escape_property
from tma_check.report.markdown import escape
from tma_check.rubric import load_rubric

GOLDEN = Path(__file__).parent / "golden"

RUBRIC = """\
title: Formats test, TMA 03
extends: ou-default
leeway: 10
questions:
  - id: Q1
    limit: 10
    marks: 20
  - id: Q2
    limit: 5
    marks: 20
  - id: Q3
    limit: 4
    leeway: 50
    marks: 20
  - id: Q4
    limit: 50
    marks: 20
  - id: Part B
    minimum: 10
    marks: 20
"""


def heading(text: str) -> str:
    return para(text, style="Heading1")


def table(*rows: tuple[str, str]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc>{para(text)}</w:tc>" for text in row) + "</w:tr>" for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def make_doc(folder: Path, name: str = "tma.docx") -> Path:
    body = (
        para("TMA 03 <draft> & notes")
        + heading("Q1 Describe the model | briefly. (10 words)")
        + para("(12 Words)")
        + para('One two "three" four <script>alert(1)</script> six.')
        + heading("Q2 Evaluate it. (5 words)")
        + para("One two three four five six (see Appendix B).")
        + heading("Q3 Reflect. (4 words)")
        + para("One two three four five.")
        + heading("Part B Forum")
        + table(("Date", "Post"), ("5 May", "Useful | kind"))
        + heading("Part C Glossary")
        + para("Leadership: a process.")
        + heading("References")
        + para("Raelin, J. (2003) Creating Leaderful Organizations.")
    )
    return write_docx(folder / name, body)


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


@pytest.fixture
def result(tmp_path: Path, rubric_file: Path) -> FileResult:
    checked = check_file(str(make_doc(tmp_path)), load_rubric(str(rubric_file)))
    return record.replace(checked, path="tma.docx")


def unreadable(path: str = "broken.docx") -> FileResult:
    return FileResult(path=path, status=Status.ERROR, error="is empty (0 bytes)")


def invoke(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return outcome.exit_code, outcome.stdout


def test_the_document_has_every_status(result: FileResult) -> None:
    assert [(q.id, q.status) for q in result.questions] == [
        ("Q1", Status.OK),
        ("Q2", Status.FAIL),
        ("Q3", Status.OVER),
        ("Q4", Status.MISSING),
        ("Part B", Status.UNDER),
    ]
    assert [m.section.kind for m in result.others] == ["front-matter", "unknown", "references"]


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("csv", "check_csv.csv"),
        ("markdown", "check_markdown.md"),
        ("github", "check_github.txt"),
        ("html", "check_html.html"),
    ],
)
def test_golden(result: FileResult, fmt: str, golden: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714748700")  # the date on the html page
    text = render_check([result, unreadable()], Style(format=fmt))
    text = text.replace(f"tma-check {__version__}", "tma-check VERSION")
    assert result.rubric is not None
    text = text.replace(result.rubric.source, "rubric.yaml")  # the html page names it
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


# csv


def test_csv_batch_reads_back_with_one_row_per_question(tmp_path: Path, rubric_file: Path) -> None:
    first = make_doc(tmp_path, "first.docx")
    second = make_doc(tmp_path, "second.docx")
    empty = tmp_path / "empty.docx"
    empty.write_bytes(b"")
    code, out = invoke(
        "check", str(first), str(empty), str(second), "-r", str(rubric_file), "--format", "csv"
    )
    assert code == 2
    reader = csv.DictReader(io.StringIO(out))
    assert tuple(reader.fieldnames or ()) == CHECK_COLUMNS
    rows = list(reader)
    questions = ["Q1", "Q2", "Q3", "Q4", "Part B", "front matter", "Part C", "references"]
    assert [(r["path"], r["question"]) for r in rows] == (
        [(str(first), q) for q in questions]
        + [(str(empty), "")]
        + [(str(second), q) for q in questions]
    )
    error = rows[len(questions)]
    assert (error["file_status"], error["status"]) == ("ERROR", "ERROR")
    assert error["message"].startswith("is empty (0 bytes)")
    q2 = rows[1]
    assert {k: q2[k] for k in ("file_status", "marks", "limit", "leeway", "counted", "total")} == {
        "file_status": "FAIL",
        "marks": "20",
        "limit": "5",
        "leeway": "10",
        "counted": "6",
        "total": "14",
    }
    assert (q2["excluded"], q2["excluded_by"]) == ("8", "question-text 5; appendix-pointers 3")
    assert (q2["percent_of_limit"], q2["status"]) == ("120.0", "FAIL")
    assert q2["message"] == "over limit by 1 word (20.0%), beyond the 10% leeway"
    q1 = rows[0]
    assert (q1["declared"], q1["status"]) == ("12", "ok")
    assert q1["message"] == "6 of 10 words (60.0%); you declared 12, tma-check counts 6"
    assert rows[3]["status"] == "MISSING" and rows[3]["counted"] == ""
    glossary = rows[6]
    assert (glossary["kind"], glossary["status"], glossary["counted"]) == ("unknown", "", "6")
    assert "is not in the rubric" in glossary["message"]


def test_csv_keeps_text_from_being_read_as_a_formula() -> None:
    out = render_check([unreadable("=HYPERLINK(evil).docx")], Style(format="csv"))
    (row,) = csv.DictReader(io.StringIO(out))
    assert row["path"] == "'=HYPERLINK(evil).docx"


def test_csv_and_markdown_count(tmp_path: Path) -> None:
    good = write_docx(tmp_path / "good.docx", para("One two three."), app_words=4)
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"%PDF-1.7\n")
    code, out = invoke("count", str(good), str(bad), "--format", "csv")
    assert code == 2
    good_row, bad_row = csv.DictReader(io.StringIO(out))
    assert list(good_row) == list(COUNT_COLUMNS)
    assert (good_row["words"], good_row["body"], good_row["cached_words"]) == ("3", "3", "4")
    assert (bad_row["words"], bad_row["error"][:8]) == ("", "is a PDF")
    code, out = invoke("count", str(good), str(bad), "--format", "markdown")
    lines = out.splitlines()
    assert lines[0].startswith("| File | Words |") and len(lines) == 4
    assert lines[2].startswith(f"| {escape(str(good))} | **3** | 3 |")
    assert "**error**" in lines[3]


# markdown


def test_markdown_escapes_pipes_and_markup() -> None:
    assert escape("a|b *c* _d_ [e](f) <g>") == r"a\|b \*c\* \_d\_ \[e\](f) \<g\>"
    assert escape("two\nlines") == "two lines"


def test_markdown_table_keeps_its_columns_with_a_pipe_in_the_path(result: FileResult) -> None:
    out = render_check([record.replace(result, path="odd|name.docx")], Style(format="markdown"))
    lines = out.splitlines()
    assert lines[0] == r"### odd\|name.docx (Formats test, TMA 03)"
    rows = [line for line in lines if line.startswith("|")]
    assert len(rows) == 2 + 8 + 1  # header, alignment, questions and sections, total
    for row in rows:
        assert row.replace("\\|", "").count("|") == 10, row  # with a share column
    assert rows[3] == (
        "| Q2 | 20 | 5 +10% | 6 | 8: question-text 5, appendix-pointers 3 | - | 120.0% "
        "| 25% / 25% | **FAIL** |"
    )
    assert rows[-1] == "| **Total** | 100 |   | **24** |   |   |   |   | **FAIL** |"
    assert "- **Q3**: over limit by 1 word (25.0%), within 50% leeway" in lines


# github


def test_github_escaping() -> None:
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("50% a:b,c\n") == "50%25 a%3Ab%2Cc%0A"


def test_github_lines(result: FileResult) -> None:
    weird = record.replace(result, path="marks, 100%: final.docx")
    out = render_check([weird, unreadable()], Style(format="github"))
    path = "marks%2C 100%25%3A final.docx"
    assert out.splitlines() == [
        f"::warning file={path},title=tma-check Q1::Q1: you declared 12, tma-check counts 6",
        f"::error file={path},title=tma-check Q2::Q2: over limit by 1 word (20.0%25), beyond the 10%25 leeway",
        f"::warning file={path},title=tma-check Q3::Q3: over limit by 1 word (25.0%25), within 50%25 leeway",
        f"::error file={path},title=tma-check Q4::Q4: not found in the document: no question labelled 'Q4'",
        f"::warning file={path},title=tma-check Part B::Part B: under the minimum by 3 words (7 of at least 10)",
        f"::warning file={path},title=tma-check::heading 'Part C Glossary' is not in the rubric: its 6 words count toward no question",
        f"::notice file={path},title=tma-check summary::marks, 100%25: final.docx: FAIL; Q1 6/10 ok, Q2 6/5 FAIL, Q3 5/4 over, Q4 MISSING, Part B 7 under; 24 words counted toward the questions of 67 in the whole file",
        "::error file=broken.docx,title=tma-check::broken.docx: is empty (0 bytes)",
        "::notice file=broken.docx,title=tma-check summary::broken.docx: ERROR, could not be read",
    ]


# html


class Scan(HTMLParser):
    """Every tag and attribute of a page, and the text inside <script> if any."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def text_of(element: ET.Element) -> str:
    return "".join(element.itertext())


def test_html_is_self_contained_and_escaped(result: FileResult) -> None:
    page = render_check([result, unreadable()], Style(format="html"))
    scan = Scan()
    scan.feed(page)
    assert "script" not in scan.tags
    assert not {"img", "link", "iframe", "object", "embed", "form", "base"} & set(scan.tags)
    for name, value in scan.attributes:
        assert not name.startswith("on"), name
        if name in ("href", "src", "action"):
            assert value.startswith("#"), value
        assert "http:" not in value and "https:" not in value and "//" not in value
    assert "url(" not in page and "@import" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1" />' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_table_spans_and_anchors(result: FileResult) -> None:
    page = render_check([result, unreadable()], Style(format="html"))
    root = ET.fromstring(page)  # the page is well-formed XML too
    (summary, *_) = (table for table in root.iter("table") if table.get("class") == "summary")
    tbody = summary.find("tbody")
    assert tbody is not None
    rows = [(text_of(tr[0]), text_of(tr[-1])) for tr in tbody]
    assert rows == [
        ("Q1", "✓ ok"),
        ("Q2", "✗ FAIL"),
        ("Q3", "▲ over"),
        ("Q4", "✗ MISSING"),
        ("Part B", "▼ under"),
        ("front matter", "-"),
        ("(not in rubric) Part C Glossary", "-"),
        ("references", "-"),
    ]
    struck = []
    for parent in root.iter():
        children = list(parent)
        for number, element in enumerate(children):
            if element.tag == "del" and element.get("data-rule"):
                after = children[number + 1]
                assert after.tag == "sup" and after.get("class") == "tag"
                assert text_of(after) == element.get("data-rule")
                struck.append((element.get("data-rule"), text_of(element)))
    spans = [
        (e.rule, e.text)
        for q in result.questions
        if q.measurement is not None
        for e in q.measurement.exclusions
    ]
    assert struck == spans and len(spans) == 6
    legend = {text_of(tag) for tag in root.iter("span") if tag.get("class") == "tag"}
    assert legend == {rule for rule, _ in spans}
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    links = [a.get("href") for a in root.iter("a")]
    assert links and all(link[1:] in ids for link in links if link)
    (error,) = (section for section in root.iter("section") if "is empty" in text_of(section))
    assert "✗ ERROR" in text_of(error)


def test_html_explain_shows_one_question(tmp_path: Path, rubric_file: Path) -> None:
    doc = make_doc(tmp_path)
    code, out = invoke("explain", str(doc), "-r", str(rubric_file), "--format", "html", "-Q", "q2")
    assert code == 0
    root = ET.fromstring(out)
    assert [text_of(h) for h in root.iter("h4")] == ["Q2 ✗ FAIL"]
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    assert [a.get("href") for a in root.iter("a")] == ["#f1-q2"] and "f1-q2" in ids


def test_notices_reach_every_format(result: FileResult) -> None:
    noted = record.replace(result, notices=("altChunk content is not read",))
    rows = list(csv.DictReader(io.StringIO(render_check([noted], Style(format="csv")))))
    assert (rows[-1]["kind"], rows[-1]["message"]) == ("notice", "altChunk content is not read")
    assert "- altChunk content is not read" in render_check([noted], Style(format="markdown"))
    github = render_check([noted], Style(format="github")).splitlines()
    assert "::notice file=tma.docx,title=tma-check::altChunk content is not read" in github
    assert "Note: altChunk content is not read." in render_check([noted], Style(format="html"))
