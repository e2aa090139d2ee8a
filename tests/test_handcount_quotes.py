"""A short TMA full of quotations and citations, checked against counts made by hand.

The document is built below, in this file: two questions on leadership in a
volunteer team, with curly double and single quotation marks, apostrophes
inside and outside quotations, a nested quotation, scare quotes, a block
quotation in Word's Quote style, author–date citations in many forms, a
figure with its caption, a captioned table and declared word counts.

Every number was counted by hand from the text, sentence by sentence, with
Word's rules: words split at spaces (and en or em dashes), not at hyphens or
apostrophes ("half-finished", "team’s" are one word each); punctuation
stuck to a word is part of it ("(Raelin,", "2003).", "ship”," are one word
each). A rule leaves a word out when its span covers every letter and digit
of the word, so "ship”," is inside the quotation that ends at ”, and
"2003)." inside the citation that ends at ). A quotation of fewer than three
words is counted (the quotations rule's default ``min_words``). A word that
two rules cover is put down to the rule listed first in the registry
(question-text, declarations, captions, tables, quotations, citations).
None of these numbers was copied from tma-check's output.
"""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Cm

from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.model import FileResult, Measurement
from tma_check.rubric import load_rubric

RUBRIC_YAML = """\
title: B123 Leadership in teams, TMA 01
exclude:
  - question-text
  - declarations
  - quotations
  - citations
  - captions
  - tables
questions:
  - id: Q1
    match: '^Q1\\)'
    limit: 250
  - id: Q2
    match: '^Q2\\)'
    limit: 400
"""

# -- front matter (no question) ------------------------------------------------
# "Alex Morgan – B123 TMA 01": Alex, Morgan, B123, TMA, 01 = 5 words
# (the spaced en dash separates words and is no word itself)
FRONT = "Alex Morgan – B123 TMA 01"
FRONT_WORDS = 5

# -- Q1 ------------------------------------------------------------------------
# prompt (bold): Q1) Describe how leadership is shared in a team you know well.
#   (250 words) -> 12 + 2 = 14 words
Q1_PROMPT = "Q1) Describe how leadership is shared in a team you know well. (250 words)"
Q1_PROMPT_WORDS = 14
# declaration "(Word count: 170)": (Word / count: / 170) = 3 words
Q1_DECLARATION = "(Word count: 170)"
Q1_DECLARATION_WORDS = 3

# para 1: 15 + 26 + 21 = 62 words
#   S1 "In the community library ... on their own." 15
#   S2 "Our coordinator, Dana, ... taken up the phrase." 26, of which the
#      quotation “holding the door open rather than steering the ship” is 9
#      ("ship”," is inside it: the comma has no letter)
#   S3 "Raelin (2017) would call ... (Raelin, 2003)." 21, of which the
#      citations (2017) 1 and (Raelin, 2003) 2
Q1_P1 = (
    "In the community library where I volunteer, nobody runs the Saturday team on their own. "
    "Our coordinator, Dana, describes her job as “holding the door open rather than steering "
    "the ship”, and the rest of us have taken up the phrase. Raelin (2017) would call this "
    "leaderful practice, where leadership is collective and concurrent rather than held by one "
    "person (Raelin, 2003)."
)
Q1_P1_WORDS = 15 + 26 + 21  # 62

# para 2: 30 + 35 = 65 words
#   S1 "When a new volunteer ... they had spotted." 30, of which the quotation
#      ‘the team’s way of working is ours’ is 7 (the ’ in "team’s" is an
#      apostrophe; the ’ after "ours" closes the quotation: nothing later in
#      the paragraph closes a single quotation, only the apostrophes of
#      "King’s")
#   S2 "The same idea runs ... (The King’s Fund, 2019)." 35, of which the
#      citations (Bennett et al, 2003) 4 and (The King’s Fund, 2019) 4; the
#      possessive "The King’s Fund argues" outside brackets is counted
Q1_P2 = (
    "When a new volunteer joined last spring, Dana told her that ‘the team’s way of working is "
    "ours’ and that nobody needed permission to fix a problem they had spotted. The same idea "
    "runs through the research on distributed leadership (Bennett et al, 2003), and a report by "
    "The King’s Fund argues that it depends on trust more than on structure (The King’s Fund, "
    "2019)."
)
Q1_P2_WORDS = 30 + 35  # 65

# para 3: 5 + 28 + 35 + 25 = 93 words
#   S1 "Not everyone finds this comfortable." 5
#   S2 "Some of the older volunteers ... who should start.”" 28: the scare
#      quote ‘boss’ (1 word) is counted; the nested quotation
#      “When Dana says ‘sort it out between you’, I never know who should
#      start.” is 14, the single quotation inside it part of the double one
#   S3 "Shared leadership works best ... (Raelin, 2003 and 2011)." 35, of
#      which the citations (West, M. et al, 2014) 5 and
#      (Raelin, 2003 and 2011) 4; "Raelin’s" is a possessive, counted
#   S4 "Our goals were first written down ... still new." 25: the parenthesis
#      (in 2019 the board met to agree them) holds a year but is no citation,
#      so all 8 of its words are counted
Q1_P3 = (
    "Not everyone finds this comfortable. Some of the older volunteers still call Dana the "
    "‘boss’, and one told me, “When Dana says ‘sort it out between you’, I never know who should "
    "start.” Shared leadership works best when the team is clear about its goals (West, M. et al, "
    "2014), and Raelin’s later work stresses that it has to be practised, not just announced "
    "(Raelin, 2003 and 2011). Our goals were first written down only a few years ago (in 2019 "
    "the board met to agree them), so the habit is still new."
)
Q1_P3_WORDS = 5 + 28 + 35 + 25  # 93

Q1_QUOTATIONS = [
    "“holding the door open rather than steering the ship”",  # 9
    "‘the team’s way of working is ours’",  # 7
    "“When Dana says ‘sort it out between you’, I never know who should start.”",  # 14
]
Q1_CITATIONS = [
    "(2017)",  # 1
    "(Raelin, 2003)",  # 2
    "(Bennett et al, 2003)",  # 4
    "(The King’s Fund, 2019)",  # 4
    "(West, M. et al, 2014)",  # 5
    "(Raelin, 2003 and 2011)",  # 4
]
Q1_ANSWER = Q1_P1_WORDS + Q1_P2_WORDS + Q1_P3_WORDS  # 220
Q1_TOTAL = Q1_PROMPT_WORDS + Q1_DECLARATION_WORDS + Q1_ANSWER  # 237
Q1_EXCLUDED = {
    "question-text": Q1_PROMPT_WORDS,  # 14
    "declarations": Q1_DECLARATION_WORDS,  # 3
    "quotations": 9 + 7 + 14,  # 30
    "citations": (1 + 2) + (4 + 4) + (5 + 4),  # 20
}
Q1_COUNTED = 170

# -- Q2 ------------------------------------------------------------------------
# prompt (bold): "Q2) Identify one difficulty ... reduce it." 18 + "Refer to at
#   least one figure or table." 8 + "(400 words)" 2 = 28 words
Q2_PROMPT = (
    "Q2) Identify one difficulty that shared leadership causes for the team and propose a way "
    "to reduce it. Refer to at least one figure or table. (400 words)"
)
Q2_PROMPT_WORDS = 18 + 8 + 2  # 28
# declaration "Word count: 301": 3 words
Q2_DECLARATION = "Word count: 301"
Q2_DECLARATION_WORDS = 3

# para 1: 12 + 13 + 30 + 19 = 74 words
#   S1 "The difficulty I see ... between people." 12
#   S2 "Because anyone may take the lead, ... done so." 13
#   S3 "Last month the children’s reading display ... this week.”" 30
#      ("half-finished" one word), of which the quotation
#      “I thought it was someone else’s job this week.” is 9
#   S4 "Writers on distributed leadership ... (Spillane, 2005; Gronn, 2002)." 19,
#      of which the citation (Spillane, 2005; Gronn, 2002) 4
Q2_P1 = (
    "The difficulty I see most often is that tasks fall between people. Because anyone may take "
    "the lead, everyone assumes somebody else has done so. Last month the children’s reading "
    "display stayed half-finished for a fortnight, and when I asked about it, three volunteers "
    "each said “I thought it was someone else’s job this week.” Writers on distributed "
    "leadership warn about exactly this gap between shared responsibility and shared action "
    "(Spillane, 2005; Gronn, 2002)."
)
Q2_P1_WORDS = 12 + 13 + 30 + 19  # 74

# a paragraph holding only a picture: no words
# caption "Figure 1: Who takes the lead ... described it": Figure, 1:, Who, takes,
#   the, lead, on, each, Saturday, task,, as, the, volunteers, described, it = 15
Q2_FIGURE_CAPTION = (
    "Figure 1: Who takes the lead on each Saturday task, as the volunteers described it"
)
Q2_FIGURE_CAPTION_WORDS = 15

# para 2: 28 + 15 = 43 words, all counted ("Figure 1 shows" is a sentence,
#   not a caption; "nobody’s" is one word)
#   S1 "Figure 1 shows that the jobs ... next to them." 28
#   S2 "Table 1 counts how often ... over the summer." 15
Q2_P2 = (
    "Figure 1 shows that the jobs which slip are the ones with no obvious owner: they sit between "
    "the regular rotas, and nobody’s name is next to them. Table 1 counts how often each of these "
    "jobs was left undone over the summer."
)
Q2_P2_WORDS = 28 + 15  # 43

# caption "Table 1: Jobs left undone, June to August": 8 words
Q2_TABLE_CAPTION = "Table 1: Jobs left undone, June to August"
Q2_TABLE_CAPTION_WORDS = 8

# table, two columns:
#   "Task" | "Times left undone"       1 + 3
#   "Children’s display" | "3"         2 + 1
#   "Returns trolley" | "5"            2 + 1
#   "Volunteers’ rota" | "2"           2 + 1   -> 13 words
Q2_TABLE = [
    ("Task", "Times left undone"),
    ("Children’s display", "3"),
    ("Returns trolley", "5"),
    ("Volunteers’ rota", "2"),
]
Q2_TABLE_WORDS = 4 + 3 + 3 + 3  # 13

# para 3 "The volunteer handbook already gives everyone permission to lead:" 9 words
Q2_P3 = "The volunteer handbook already gives everyone permission to lead:"
Q2_P3_WORDS = 9

# block quotation (Quote style): 12 + 39 = 51 words, all left out as a quotation,
#   its closing citation (Northgate Library Friends, 2021, p. 41) too (6 words;
#   the quotations rule comes first, so the citations rule leaves nothing out here)
#   S1 "Any volunteer may take the lead on a task they know well." 12
#   S2 "If you notice something ... where you stopped (Northgate ... p. 41)." 39
Q2_BLOCK = (
    "Any volunteer may take the lead on a task they know well. If you notice something that "
    "needs doing, do it, tell whoever is on the rota, and write it in the day book so that the "
    "next shift can carry on where you stopped (Northgate Library Friends, 2021, p. 41)."
)
Q2_BLOCK_WORDS = 12 + 39  # 51

# para 4: 16 + 36 + 36 = 88 words
#   S1 "The trouble is that the handbook ... must do." 16
#   S2 "My proposal is a short ‘first ten minutes’ huddle ... by name." 36, of
#      which the quotation ‘first ten minutes’ 3 (three words: left out)
#   S3 "The next page of the handbook ... a new rule." 36, of which the
#      citation (ibid., p. 42) 3
Q2_P4 = (
    "The trouble is that the handbook says what anyone may do, not what someone must do. My "
    "proposal is a short ‘first ten minutes’ huddle at the start of each shift, in which whoever "
    "arrives first reads out the open jobs from the day book and each one is claimed by name. "
    "The next page of the handbook already asks volunteers to check the day book when they "
    "arrive (ibid., p. 42), so the huddle builds on a habit the team has rather than adding a "
    "new rule."
)
Q2_P4_WORDS = 16 + 36 + 36  # 88

# para 5: 12 + 30 + 35 = 77 words, all counted
#   S1 "A second change ... on placement." 12
#   S2 "At present their tasks ... the whole picture." 30 ("students’ work"
#      is a possessive, not a closing quotation mark)
#   S3 "If one regular volunteer ... knew its story." 35: the scare quotes
#      ‘natural leaders’ hold 2 words, fewer than 3, so they are counted
Q2_P5 = (
    "A second change would help the students who join us on placement. At present their tasks "
    "are given out by whoever happens to be free, so the students’ work is checked by different "
    "people each week and nobody sees the whole picture. If one regular volunteer took the lead "
    "for each student, the ‘natural leaders’ in the team would still step forward where they "
    "are strongest, but each placement would have one person who knew its story."
)
Q2_P5_WORDS = 12 + 30 + 35  # 77

# para 6: 8 + 21 = 29 words, all counted
Q2_P6 = (
    "Neither change takes leadership away from the group. Both make it easier to see who is "
    "leading what, which is the part of shared leadership our team finds hardest."
)
Q2_P6_WORDS = 8 + 21  # 29

Q2_QUOTATIONS = [
    "“I thought it was someone else’s job this week.”",  # 9
    Q2_BLOCK,  # 51
    "‘first ten minutes’",  # 3
]
Q2_CITATIONS = [
    "(Spillane, 2005; Gronn, 2002)",  # 4
    "(ibid., p. 42)",  # 3
]
Q2_PROSE = Q2_P1_WORDS + Q2_P2_WORDS + Q2_P3_WORDS + Q2_P4_WORDS + Q2_P5_WORDS + Q2_P6_WORDS
Q2_TOTAL = (
    Q2_PROMPT_WORDS
    + Q2_DECLARATION_WORDS
    + Q2_PROSE  # 320
    + Q2_FIGURE_CAPTION_WORDS
    + Q2_TABLE_CAPTION_WORDS
    + Q2_TABLE_WORDS
    + Q2_BLOCK_WORDS
)  # 438
Q2_EXCLUDED = {
    "question-text": Q2_PROMPT_WORDS,  # 28
    "declarations": Q2_DECLARATION_WORDS,  # 3
    "captions": Q2_FIGURE_CAPTION_WORDS + Q2_TABLE_CAPTION_WORDS,  # 23
    "tables": Q2_TABLE_WORDS,  # 13
    "quotations": 9 + Q2_BLOCK_WORDS + 3,  # 63
    "citations": 4 + 3,  # 7
}
Q2_COUNTED = 301

WHOLE = FRONT_WORDS + Q1_TOTAL + Q2_TOTAL  # 680, Word's whole-document count

EXPECTED = {
    "Q1": (Q1_TOTAL, Q1_COUNTED, Q1_EXCLUDED, 170),
    "Q2": (Q2_TOTAL, Q2_COUNTED, Q2_EXCLUDED, 301),
}

# Every span left out, per question and rule, in document order.
SPANS = {
    "Q1": {
        "question-text": [Q1_PROMPT],
        "declarations": [Q1_DECLARATION],
        "quotations": Q1_QUOTATIONS,
        "citations": Q1_CITATIONS,
    },
    "Q2": {
        "question-text": [Q2_PROMPT],
        "declarations": [Q2_DECLARATION],
        "captions": [Q2_FIGURE_CAPTION, Q2_TABLE_CAPTION],
        "tables": [text for row in Q2_TABLE for text in row],
        "quotations": Q2_QUOTATIONS,
        "citations": Q2_CITATIONS,
    },
}


def _png() -> bytes:
    """A small grey square, for the figure (a picture has no words)."""
    size = 8
    rows = b"".join(b"\x00" + b"\x99\x99\x99" * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def build(path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph(FRONT)

    document.add_paragraph().add_run(Q1_PROMPT).bold = True
    document.add_paragraph(Q1_DECLARATION)
    for text in (Q1_P1, Q1_P2, Q1_P3):
        document.add_paragraph(text)

    document.add_paragraph().add_run(Q2_PROMPT).bold = True
    document.add_paragraph(Q2_DECLARATION)
    document.add_paragraph(Q2_P1)
    document.add_paragraph().add_run().add_picture(io.BytesIO(_png()), width=Cm(8))
    document.add_paragraph(Q2_FIGURE_CAPTION)
    document.add_paragraph(Q2_P2)
    document.add_paragraph(Q2_TABLE_CAPTION)
    table = document.add_table(rows=0, cols=2)
    table.style = document.styles["Table Grid"]
    for left, right in Q2_TABLE:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = left, right
    document.add_paragraph(Q2_P3)
    document.add_paragraph(Q2_BLOCK, style="Quote")
    for text in (Q2_P4, Q2_P5, Q2_P6):
        document.add_paragraph(text)
    document.save(str(path))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("handcount-quotes")
    rubric = folder / "leadership.yaml"
    rubric.write_text(RUBRIC_YAML, encoding="utf-8")
    return build(folder / "tma01.docx"), rubric


@pytest.fixture(scope="module")
def result(files: tuple[Path, Path]) -> FileResult:
    document, rubric = files
    return check_file(str(document), load_rubric(str(rubric)))


def _measurement(result: FileResult, question_id: str) -> Measurement:
    (question,) = [q for q in result.questions if q.id == question_id]
    assert question.measurement is not None
    return question.measurement


def test_hand_counts_add_up() -> None:
    assert (Q1_ANSWER, Q1_TOTAL) == (220, 237)
    assert (Q2_PROSE, Q2_TOTAL) == (320, 438)
    assert Q1_TOTAL - sum(Q1_EXCLUDED.values()) == Q1_COUNTED
    assert Q2_TOTAL - sum(Q2_EXCLUDED.values()) == Q2_COUNTED
    assert WHOLE == 680
    assert Q1_COUNTED <= 250 and Q2_COUNTED <= 400


def test_whole_document(result: FileResult) -> None:
    assert result.words == WHOLE
    (front,) = [m for m in result.others if m.section.kind == "front-matter"]
    assert (front.total, front.counted) == (FRONT_WORDS, FRONT_WORDS)


@pytest.mark.parametrize("question_id", list(EXPECTED))
def test_question_counts(result: FileResult, question_id: str) -> None:
    total, counted, excluded, declared = EXPECTED[question_id]
    measurement = _measurement(result, question_id)
    assert measurement.excluded_by() == excluded
    assert measurement.total == total
    assert measurement.counted == counted
    assert measurement.declared == declared


@pytest.mark.parametrize("question_id", list(EXPECTED))
def test_excluded_spans(result: FileResult, question_id: str) -> None:
    """The exact text of every span left out, rule by rule, in document order."""
    measurement = _measurement(result, question_id)
    got: dict[str, list[str]] = {}
    for exclusion in measurement.exclusions:
        got.setdefault(exclusion.rule, []).append(exclusion.text)
    for rule in ("quotations", "citations"):
        assert got.get(rule, []) == SPANS[question_id][rule], rule
    assert got == SPANS[question_id]


def _explain(files: tuple[Path, Path]) -> str:
    document, rubric = files
    outcome = CliRunner().invoke(
        cli, ["explain", str(document), "-r", str(rubric), "--format", "plain"]
    )
    assert outcome.exit_code == 0, outcome.output
    return outcome.output


def test_explain_marks_every_excluded_span(files: tuple[Path, Path]) -> None:
    output = _explain(files)
    for question_id, by_rule in SPANS.items():
        for rule, texts in by_rule.items():
            for text in texts:
                assert f"[{rule}: {text}]" in output, (question_id, rule, text)
    # text that must stay counted is shown unmarked
    for kept in (
        "the ‘boss’,",
        "the ‘natural leaders’ in the team",
        "(in 2019 the board met to agree them)",
        "a report by The King’s Fund argues",
        "the students’ work",
        "and Raelin’s later work",
        "Figure 1 shows that",
    ):
        line = next(line for line in output.splitlines() if kept in line)
        start = line.index(kept)
        assert line.count("[", 0, start) == line.count("]", 0, start), kept


_HEADER = re.compile(r"^.*: Word counts ([\d,]+) words; tma-check counts ([\d,]+) toward")
_ROW = re.compile(r"^  -([\d,]+) (.+?)(?: \(\d+ spans?\))?$")


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _header(lines: list[str]) -> tuple[int, int, dict[str, int]]:
    """Word's count, the count toward the questions, and each reason line of the header."""
    header = _HEADER.match(lines[0])
    assert header is not None, lines[0]
    rows: dict[str, int] = {}
    for line in lines[1:]:
        row = _ROW.match(line)
        if row is None:
            break
        rows[row.group(2)] = _number(row.group(1))
    return _number(header.group(1)), _number(header.group(2)), rows


def test_explain_header_arithmetic(files: tuple[Path, Path]) -> None:
    lines = _explain(files).splitlines()
    word, counted, rows = _header(lines)
    assert rows, lines[:3]
    assert word - sum(rows.values()) == counted
    assert word == WHOLE
    per_question = [
        _number(m.group(1))
        for line in lines
        if (m := re.match(r"^== Q\d: ([\d,]+) counted of ", line)) is not None
    ]
    assert len(per_question) == 2
    assert sum(per_question) == counted


def test_explain_header_matches_hand_count(files: tuple[Path, Path]) -> None:
    word, counted, rows = _header(_explain(files).splitlines())
    assert (word, counted) == (WHOLE, Q1_COUNTED + Q2_COUNTED)  # 680, 471
    expected = {
        rule: Q1_EXCLUDED.get(rule, 0) + Q2_EXCLUDED.get(rule, 0)
        for rule in ("question-text", "declarations", "quotations", "citations")
    }  # 42, 6, 93, 27
    expected |= {"captions": 23, "tables": 13}
    expected["outside any question (front matter, unlisted headings)"] = FRONT_WORDS
    assert rows == expected
