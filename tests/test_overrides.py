"""Custom rules, per-question overrides, and reference-manager documents from the corpus."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from builders import para, run, styles_xml, write_docx
from click.testing import CliRunner

from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.load import load
from tma_check.measure import measure, resolve
from tma_check.model import Entry, RuleUse, Section, Status
from tma_check.rubric import load_rubric
from tma_check.rules.citations import CITATION_FIELDS
from tma_check.rules.reference_list import BIBLIOGRAPHY_FIELDS


def bold(text: str) -> str:
    return para(run(text, "<w:b/>"))


FORUM = (
    "<w:tbl><w:tr><w:tc>"
    + para("3 March")
    + "</w:tc><w:tc>"
    + para("I think shared leadership works in small teams.")
    + "</w:tc></w:tr></w:tbl>"
)


def tma(tmp_path: Path) -> Path:
    code_style = (
        '<w:style w:type="paragraph" w:styleId="CodeBlock"><w:name w:val="Code Block"/></w:style>'
    )
    body = (
        bold("Q1) Describe the model. (20 words)")
        + para("The model has three parts. Posted by Sam on Monday.")
        + para("print('hello world')", style="CodeBlock")
        + FORUM
        + bold("Part B Forum posts")
        + para("My reflection on the posts.")
        + FORUM
    )
    return write_docx(tmp_path / "tma.docx", body, styles=styles_xml(code_style))


def rubric(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_custom_pattern_and_style_rules(tmp_path: Path) -> None:
    path = rubric(
        tmp_path,
        """
        exclude:
          - question-text
          - {name: signature, pattern: 'Posted by \\w+ on \\w+\\.'}
          - {name: code, style: 'code block'}
        questions:
          - {id: Q1, match: '^Q1\\)', limit: 20}
          - {id: Part B, match: '^Part B'}
        """,
    )
    result = check_file(str(tma(tmp_path)), load_rubric(str(path)))
    q1 = result.questions[0].measurement
    assert q1 is not None
    assert q1.excluded_by() == {"question-text": 6, "signature": 5, "code": 2}
    assert [e.text for e in q1.exclusions if e.rule == "signature"] == ["Posted by Sam on Monday."]
    assert q1.counted == 5 + 2 + 8  # "The model has three parts." and the two table cells


def test_per_question_tables_rule_and_count_false(tmp_path: Path) -> None:
    path = rubric(
        tmp_path,
        """
        exclude: [question-text, tables]
        questions:
          - {id: Q1, match: '^Q1\\)', limit: 20}
          - id: Part B
            match: '^Part B'
            include: [tables]
            count: false
        """,
    )
    result = check_file(str(tma(tmp_path)), load_rubric(str(path)))
    q1, part_b = result.questions
    assert q1.measurement is not None and q1.measurement.excluded_by() == {
        "question-text": 6,
        "tables": 10,
    }
    assert part_b.measurement is not None and part_b.measurement.excluded_by() == {
        "question-text": 4
    }
    assert part_b.measurement.counted == 5 + 10
    assert part_b.counted is None and part_b.status is Status.OK
    assert part_b.findings[0].message == "15 words, not counted toward any limit"


def test_catastrophic_custom_pattern_is_the_documents_error_naming_its_line(
    tmp_path: Path,
) -> None:
    body = bold("Q1) Describe.") + para("a" * 40 + "!")
    doc = write_docx(tmp_path / "slow.docx", body)
    path = rubric(
        tmp_path,
        """
        exclude:
          - {name: slow, pattern: '(a|aa)+$'}
        questions: [{id: Q1, match: '^Q1'}]
        """,
    )
    result = check_file(str(doc), load_rubric(str(path)))
    assert result.status is Status.ERROR
    assert result.error is not None
    assert f"({path}:3, exclude: slow) takes too long on this document" in result.error
    assert result.error.endswith("simplify it")


def test_json_report_carries_the_spans(tmp_path: Path) -> None:
    path = rubric(
        tmp_path, "exclude: [question-text, tables]\nquestions: [{id: Q1, match: '^Q1'}]\n"
    )
    result = CliRunner().invoke(
        cli, ["check", str(tma(tmp_path)), "-r", str(path), "--format", "json"]
    )
    spans = json.loads(result.stdout)["files"][0]["questions"][0]["spans"]
    assert [(s["rule"], s["words"], s["text"]) for s in spans] == [
        ("question-text", 6, "Q1) Describe the model. (20 words)"),
        ("tables", 2, "3 March"),
        ("tables", 8, "I think shared leadership works in small teams."),
    ]  # Part B, which this rubric does not list, is a section of its own: not folded into Q1
    assert {"block", "start", "end"} <= set(spans[0])


def test_explain_marks_spans_and_reconciles_the_count(tmp_path: Path) -> None:
    path = rubric(
        tmp_path,
        "exclude: [question-text, tables]\nquestions: [{id: Q1, match: '^Q1'}, {id: Part B, match: '^Part B'}]\n",
    )
    doc = tma(tmp_path)
    result = CliRunner().invoke(
        cli, ["explain", str(doc), "-r", str(path), "-Q", "q1", "--format", "plain"]
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{doc}: Word counts 47 words; tma-check counts 17 toward the questions:",
        "  -20 tables (4 spans)",  # the biggest reason first, as in every report
        "  -10 question-text (2 spans)",
        "",
        "== Q1: 12 counted of 28",
        "[question-text: Q1) Describe the model. (20 words)]",
        "The model has three parts. Posted by Sam on Monday.",
        "print('hello world')",
        "| [tables: 3 March]",
        "| [tables: I think shared leadership works in small teams.]",
        "   tables: 10 words in 2 spans",
        "   question-text: 6 words in 1 span",
    ]


def test_explain_unknown_question_lists_the_ids(tmp_path: Path) -> None:
    path = rubric(tmp_path, "questions: [{id: Q1, match: '^Q1'}]\n")
    result = CliRunner().invoke(cli, ["explain", str(tma(tmp_path)), "-r", str(path), "-Q", "Q9"])
    assert result.exit_code == 2
    assert result.stderr == f"tma-check: {path}: no question 'Q9'; questions are: Q1\n"


@pytest.mark.parametrize(
    "name",
    [
        "jgm__pandoc__test__docx__zotero_citations.docx",
        "jgm__pandoc__test__docx__mendeley_citations.docx",
    ],
)
def test_reference_manager_fields_are_excluded_structurally(corpus: Path, name: str) -> None:
    document = load(str(corpus / "files" / name))
    section = Section(
        "question", "all", "", tuple(Entry(block, "answer") for block in document.blocks)
    )
    measurement = measure(section, resolve((RuleUse("citations"), RuleUse("reference-list"))))
    expected = {"citations": [], "reference-list": []}
    for block in document.blocks:
        for mark in block.marks:
            if mark.kind == "field" and CITATION_FIELDS.match(mark.value):
                expected["citations"].append(block.text[mark.start : mark.end])
            elif mark.kind == "field" and BIBLIOGRAPHY_FIELDS.match(mark.value):
                expected["reference-list"].append(block.text[mark.start : mark.end])
    assert len(expected["citations"]) >= 3 and len(expected["reference-list"]) >= 3
    for rule, texts in expected.items():
        found = [e.text for e in measurement.exclusions if e.rule == rule]
        assert found == texts
    # some of these citations carry a prefix and suffix no text pattern would take
    assert any(text.startswith("(prefix ") for text in expected["citations"])


def test_explain_adds_back_notes_that_words_count_leaves_out(tmp_path: Path) -> None:
    from builders import notes_xml

    settings = (
        '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:doNotIncludeSubdocsInStats/></w:settings>"
    )
    body = bold("Q1) Describe.") + para("Two words.", '<w:r><w:footnoteReference w:id="1"/></w:r>')
    doc = write_docx(
        tmp_path / "notes.docx",
        body,
        settings=settings,
        footnotes=notes_xml("footnote", {1: para("Four words of note.")}),
    )
    path = rubric(tmp_path, "exclude: [question-text]\nquestions: [{id: Q1, match: '^Q1'}]\n")
    result = CliRunner().invoke(cli, ["explain", str(doc), "-r", str(path), "--format", "plain"])
    lines = result.stdout.splitlines()
    assert lines[:3] == [
        f"{doc}: Word counts 4 words; tma-check counts 6 toward the questions:",
        "  -2 question-text (1 span)",
        "  +4 text boxes and notes that Word's count leaves out (a setting of the file)",
    ]


def test_explain_json_keeps_only_the_question_asked_for(tmp_path: Path) -> None:
    path = rubric(
        tmp_path,
        "exclude: [question-text]\nquestions: [{id: Q1, match: '^Q1'}, {id: Part B, match: '^Part B'}]\n",
    )
    result = CliRunner().invoke(
        cli, ["explain", str(tma(tmp_path)), "-r", str(path), "-Q", "part b", "--format", "json"]
    )
    assert [q["id"] for q in json.loads(result.stdout)["files"][0]["questions"]] == ["Part B"]
    target = tmp_path / "explained.txt"
    result = CliRunner().invoke(
        cli, ["explain", str(tma(tmp_path)), "-r", str(path), "-o", str(target)]
    )
    assert (
        result.exit_code == 0
        and "[question-text: Q1) Describe the model. (20 words)]" in target.read_text()
    )
