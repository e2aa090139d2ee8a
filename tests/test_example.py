"""The example assignment (examples/tma02.docx) checked against counts made by hand.

Every number below was counted by hand from the text in
examples/make_example.py, paragraph by paragraph, following Word's rules:
words are split at spaces and at en and em dashes (so "2022–23" and
"over—often" are two words each, and the spaced " – " in a declaration is no
word), but not at hyphens or slashes ("day-to-day", "and/or" are one word);
"1,517", "(NCH)" and "13(3)," are one word each; "&" standing alone is a
word; and each bulleted or numbered list paragraph has one more word for its
label. None of these numbers was copied from tma-check's output.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import docx
import pytest
from click.testing import CliRunner
from docx.table import Table

from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.exitcodes import ExitCode
from tma_check.model import FileResult, Status
from tma_check.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "make_example.py"
COMMITTED = ROOT / "examples" / "tma02.docx"
RUBRIC = ROOT / "rubrics" / "example-tma02.yaml"


@dataclass(frozen=True)
class Expected:
    """What a section should measure: all its words, those counted, those left out."""

    total: int
    counted: int
    excluded: dict[str, int] = field(default_factory=dict)
    declared: int | None = None
    status: str = "ok"


# -- Q1 (limit 200) --------------------------------------------------------
# prompt "Q1) Provide a brief description ... (200 words) (10 marks)": 29 words
# declaration "(191 Words – Excluding Appendix Indicators)": 5 words
# answer para 1 "I have worked for Northfield ...": sentences 27 + 22 + 19 = 68 words
# answer para 2 "The organisation’s stated purpose ...": 17 + 31 + 36 = 84 words,
#   of which the pointer "(see Appendix A for the homepage)" is 6
# answer para 3 "The news section tells ...": 7 + 26 + 21 = 54 words,
#   of which the pointer "(Appendix B shows an article heading from the site)" is 9
# answer: 68 + 84 + 54 = 206 words; counted: 206 - 6 - 9 = 191
Q1 = Expected(
    total=29 + 5 + 68 + 84 + 54,  # 240
    counted=68 + 84 + 54 - (6 + 9),  # 191
    excluded={"question-text": 29, "declarations": 5, "appendix-pointers": 6 + 9},
    declared=191,
)

# -- Q2 (limit 600, 10% leeway: up to 660) ------------------------------------
# prompt para 1 "Q2) Using one of the leadership models ... (600 words) (50 marks)": 36 words
# prompt para 2 "Support your analysis with evidence ...": 14 words
# declaration "(Word count: 640 – excluding references)": 5 words
# answer para 1 "The tenancy support team at NCH ...": 20 + 18 + 29 + 24 = 91 words
#   ("and/or" and "1,517" one word each, "2022–23" two)
# Heading 2 "Leadership in the tenancy support team": 6 words
# answer para 2 "Spillane (2006) argues ...": 24 + 16 + 29 + 32 = 101 words
#   ("over—often" two words, "day-to-day" one)
# answer para 3 "Bolden (2011) cautions ...": 14 + 14 + 4 = 32 words
# bullet 1 "Case allocation is shared ...": 24 words + 1 label = 25
# bullet 2 "Knowledge is pooled ...": 19 words + 1 label = 20
# bullet 3 "Budget decisions, and anything ...": 20 words + 1 label = 21
# answer para 4 "This mix works well ...": 13 + 35 + 28 + 28 = 104 words
# Heading 2 "A proposed change": 3 words
# answer para 5 "The change I propose ...": 33 + 23 + 27 = 83 words
#   ("leadership—local" and "trust—while" two words each)
# answer para 6 "There are risks. ...": 3 + 20 + 43 + 27 = 93 words
# answer para 7 "If both measures improve, ...": 22 + 19 + 17 = 58 words
# answer: 91 + 6 + 101 + 32 + 25 + 20 + 21 + 104 + 3 + 83 + 93 + 58 = 637 words
# "References": 1 word; "Bolden, R. (2011) ... pp. 251–269.": 22 words;
#   "Spillane, J.P. (2006) ... Jossey-Bass.": 8 words -> reference list 31
Q2_ANSWER = 91 + 6 + 101 + 32 + 25 + 20 + 21 + 104 + 3 + 83 + 93 + 58
Q2 = Expected(
    total=36 + 14 + 5 + Q2_ANSWER + 1 + 22 + 8,  # 723
    counted=Q2_ANSWER,  # 637: 37 over the limit, within the leeway
    excluded={"question-text": 36 + 14, "reference-list": 1 + 22 + 8, "declarations": 5},
    declared=640,
    status="over",
)

# -- Q3 (limit 300) ----------------------------------------------------------
# prompt "Q3) Describe a disagreement ... (300 words) (30 marks)": 27 words
# declaration "(268 words)": 2 words
# answer para 1 "Last autumn two senior support workers ...": 19 + 27 + 13 = 59 words
# answer para 2 "My first instinct ...": 14 + 42 + 28 = 84 words ("Health & Safety" is 3)
# answer para 3 "The agreed plan ...": 28 + 14 = 42 words
# answer para 4 "The episode taught me ...": 36 + 28 + 19 = 83 words
Q3 = Expected(
    total=27 + 2 + 59 + 84 + 42 + 83,  # 297
    counted=59 + 84 + 42 + 83,  # 268
    excluded={"question-text": 27, "declarations": 2},
    declared=268,
)

# -- Part B (no limit) -------------------------------------------------------
# prompt "Part B: Reflection on the forum activity (10 marks)": 9 words
# answer para 1 "For the Block 3 forum activity ...": 26 + 20 = 46 words
# table row 1 "Date" | "Post": 1 + 1 = 2 words
# table row 2 "5 February 2024" | "My example is ...": 3 + (25 + 11) = 39 words
# table row 3 "6 February 2024" | "Reply from Priya: ...": 3 + (15 + 9) = 27 words
# table row 4 "8 February 2024" | "Priya’s question ...": 3 + (6 + 17 + 10) = 36 words
# answer para 2 "Looking back, ...": 15 + 32 + 28 = 75 words
PART_B_ANSWER = 46 + 2 + 39 + 27 + 36 + 75
PART_B = Expected(
    total=9 + PART_B_ANSWER,  # 234
    counted=PART_B_ANSWER,  # 225
    excluded={"question-text": 9},
)

EXPECTED = {"Q1": Q1, "Q2": Q2, "Q3": Q3, "Part B": PART_B}

# -- outside the questions -----------------------------------------------------
# front matter: "B123 Leadership in practice" 4, "TMA 02" 2,
#   "Sam Taylor – Personal identifier: A1234567" 5 -> 11, all counted
FRONT_MATTER = 4 + 2 + 5
# appendices: "Appendices" 1; "Appendix A: Homepage" 3 + its description 21;
#   "Appendix B: Article heading" 4 + its description 23 (the pictures have no words)
APPENDICES = 1 + (3 + 21) + (4 + 23)
# final reference list: "References" 1, then five numbered entries, each with
#   one more word for its label: 22 + 1, 14 + 1, 8 + 1, 13 + 1, 18 + 1
REFERENCES = 1 + 23 + 15 + 9 + 14 + 19
# the whole file, as Word's Review > Word Count would show it: 1,638
WHOLE = FRONT_MATTER + Q1.total + Q2.total + Q3.total + PART_B.total + APPENDICES + REFERENCES


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_example", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def make_example() -> ModuleType:
    return _load_script()


@pytest.fixture(scope="module")
def built(make_example: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("example") / "tma02.docx"
    make_example.build(path)
    return path


@pytest.fixture(scope="module")
def result(built: Path) -> FileResult:
    return check_file(str(built), load_rubric(str(RUBRIC)))


def test_hand_counts_add_up() -> None:
    for expected in EXPECTED.values():
        assert expected.counted == expected.total - sum(expected.excluded.values())
    assert (Q1.counted, Q2.counted, Q3.counted, PART_B.counted) == (191, 637, 268, 225)
    assert WHOLE == 1638
    # Q2 is over its limit, but within the 10% leeway; the rest are within.
    assert 600 < Q2.counted <= 660
    assert Q1.counted <= 200 and Q3.counted <= 300


def test_rubric_marks() -> None:
    rubric = load_rubric(str(RUBRIC))
    assert rubric.title == "B123 Leadership in practice, TMA 02"
    assert [q.id for q in rubric.questions] == list(EXPECTED)
    assert [q.limit for q in rubric.questions] == [200, 600, 300, None]
    assert rubric.total_marks == sum(q.marks or 0 for q in rubric.questions) == 100
    assert rubric.leeway == 10


@pytest.mark.parametrize("question_id", list(EXPECTED))
def test_library_counts(result: FileResult, question_id: str) -> None:
    expected = EXPECTED[question_id]
    (question,) = [q for q in result.questions if q.id == question_id]
    measurement = question.measurement
    assert measurement is not None
    assert measurement.total == expected.total
    assert measurement.counted == expected.counted
    assert measurement.excluded_by() == expected.excluded
    assert measurement.declared == expected.declared
    assert question.status is Status(expected.status)


def test_library_outside_questions(result: FileResult) -> None:
    by_kind: dict[str, tuple[int, int]] = {}
    for measurement in result.others:
        total, counted = by_kind.get(measurement.section.kind, (0, 0))
        by_kind[measurement.section.kind] = (
            total + measurement.total,
            counted + measurement.counted,
        )
    assert by_kind == {
        "front-matter": (FRONT_MATTER, FRONT_MATTER),
        "appendices": (APPENDICES, 0),
        "references": (REFERENCES, 0),
    }
    assert result.words == WHOLE
    assert result.cached_words == WHOLE
    assert result.status is Status.OVER
    assert result.findings == ()


def _run_cli(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(cli, list(args))
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    return outcome.exit_code, outcome.output


def test_cli_json_counts(built: Path) -> None:
    code, output = _run_cli("check", str(built), "--rubric", str(RUBRIC), "--format", "json")
    assert code == ExitCode.OK
    (report,) = json.loads(output)["files"]
    assert report["status"] == "over"
    assert report["words"] == WHOLE
    got = {q["id"]: q for q in report["questions"]}
    assert list(got) == list(EXPECTED)
    for question_id, expected in EXPECTED.items():
        question = got[question_id]
        assert question["total"] == expected.total, question_id
        assert question["counted"] == expected.counted, question_id
        assert question["excluded"] == expected.excluded, question_id
        assert question["declared"] == expected.declared, question_id
        assert question["status"] == expected.status, question_id
    pointers = [s["text"] for s in got["Q1"]["spans"] if s["rule"] == "appendix-pointers"]
    assert pointers == [
        "(see Appendix A for the homepage)",
        "(Appendix B shows an article heading from the site)",
    ]


def test_cli_exit_codes(built: Path) -> None:
    """0: every question within its limit or the leeway; --strict turns Q2's warning into 1."""
    code, _ = _run_cli("check", str(built), "--rubric", str(RUBRIC), "--format", "plain")
    assert code == ExitCode.OK
    code, _ = _run_cli(
        "check", str(built), "--rubric", str(RUBRIC), "--format", "plain", "--strict"
    )
    assert code == ExitCode.FAILED


def _texts(path: Path) -> list[str]:
    """Every paragraph's text in body order, table cells included."""
    document = docx.Document(str(path))
    texts: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            texts.extend(cell.text for row in item.rows for cell in row.cells)
        else:
            texts.append(item.text)
    return texts


def test_committed_example_matches_a_fresh_build(built: Path) -> None:
    assert COMMITTED.is_file(), "run: python examples/make_example.py"
    assert _texts(COMMITTED) == _texts(built)
    committed = docx.Document(str(COMMITTED)).core_properties
    fresh = docx.Document(str(built)).core_properties
    assert (committed.author, committed.modified) == (fresh.author, fresh.modified)


def test_build_is_reproducible(make_example: ModuleType, built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    make_example.build(again)
    assert _texts(again) == _texts(built)
    assert docx.Document(str(again)).core_properties.modified == make_example.SAVED
