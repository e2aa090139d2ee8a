"""Where a limit is reached in the text: the exact word, its sentence, and the markers
the explain view puts there."""

from __future__ import annotations

import json
import re
from pathlib import Path

from builders import listed, numbering_xml, para, write_docx
from click.testing import CliRunner

from tma_check.api import check_file
from tma_check.cli import cli
from tma_check.cutoff import find_cutoffs, leeway_words, sentence
from tma_check.rubric import load_rubric

NUMBERS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def rubric(tmp_path: Path, limit: int, leeway: int) -> Path:
    path = tmp_path / "r.yaml"
    path.write_text(
        f"leeway: {leeway}\nexclude: [question-text, appendix-pointers]\n"
        f"questions:\n  - {{id: Q1, match: '^Q1\\)', limit: {limit}}}\n",
        encoding="utf-8",
    )
    return path


def answer_doc(tmp_path: Path, *answer: str, numbering: bool = False) -> Path:
    parts = {"numbering": numbering_xml()} if numbering else {}
    return write_docx(
        tmp_path / "tma.docx", para("Q1) Count to sixteen.") + "".join(answer), **parts
    )


def test_the_limit_and_the_leeway_fall_on_the_exact_words(tmp_path: Path) -> None:
    # Words 1-6 in one sentence, an appendix pointer (not counted), then 7-16.
    doc = answer_doc(
        tmp_path,
        para("One two three four five six (see Appendix A)."),
        para("Seven eight nine ten. Eleven twelve thirteen fourteen fifteen sixteen."),
    )
    result = check_file(str(doc), load_rubric(rubric(tmp_path, limit=10, leeway=20)))
    (question,) = result.questions
    assert question.counted == 16
    limit, leeway = find_cutoffs(question)
    assert (limit.kind, limit.words, limit.word) == ("limit", 10, "ten.")
    assert limit.sentence == "Seven eight nine ten."
    assert (leeway.kind, leeway.words, leeway.word) == ("leeway", 12, "twelve")
    assert leeway.sentence == "Eleven twelve thirteen fourteen fifteen sixteen."
    assert limit.describe() == (
        "the limit (10 words) is reached at 'ten.', in: 'Seven eight nine ten.'"
    )


def test_excluded_words_are_passed_over_when_counting_to_the_limit(tmp_path: Path) -> None:
    # "(see Appendix A)" sits between words 2 and 3 and is not counted.
    doc = answer_doc(tmp_path, para("One two (see Appendix A) three four five six seven."))
    result = check_file(str(doc), load_rubric(rubric(tmp_path, limit=3, leeway=0)))
    (cut,) = find_cutoffs(result.questions[0])
    assert cut.word == "three"


def test_a_list_label_is_a_word_and_can_be_where_the_limit_falls(tmp_path: Path) -> None:
    doc = answer_doc(
        tmp_path,
        listed("alpha beta"),  # "1." + 2 words
        listed("gamma delta"),  # "2." is word 4
        numbering=True,
    )
    result = check_file(str(doc), load_rubric(rubric(tmp_path, limit=4, leeway=0)))
    (question,) = result.questions
    assert question.counted == 6
    (cut,) = find_cutoffs(question)
    assert (cut.word, cut.end) == ("2.", 0)


def test_no_cutoff_within_the_limit_and_no_leeway_cut_within_the_leeway(tmp_path: Path) -> None:
    doc = answer_doc(tmp_path, para(" ".join(NUMBERS[:11])))
    within = check_file(str(doc), load_rubric(rubric(tmp_path, limit=11, leeway=0)))
    assert find_cutoffs(within.questions[0]) == ()
    over = check_file(str(doc), load_rubric(rubric(tmp_path, limit=10, leeway=20)))
    assert [cut.kind for cut in find_cutoffs(over.questions[0])] == ["limit"]  # 11 <= 12


def test_leeway_words_is_the_most_that_still_passes() -> None:
    assert leeway_words(200, 10) == 220
    assert leeway_words(150, 10) == 165
    assert leeway_words(155, 10) == 170  # 170.5 words cannot be written
    assert leeway_words(200, 0) == 200


def test_a_long_sentence_is_shortened_around_the_word() -> None:
    text = "Start " + "filler " * 60 + "target " + "filler " * 60 + "end."
    at = text.index("target")
    shown = sentence(text, at, at + len("target"))
    assert "target" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 162


def test_explain_marks_the_place_and_names_the_sentence(tmp_path: Path) -> None:
    doc = answer_doc(
        tmp_path,
        para("One two three four five six (see Appendix A)."),
        para("Seven eight nine ten. Eleven twelve thirteen fourteen fifteen sixteen."),
    )
    code, out, _ = invoke(
        "explain", str(doc), "-r", str(rubric(tmp_path, 10, 20)), "--format", "plain"
    )
    assert code == 0
    lines = out.splitlines()
    assert (
        "Seven eight nine ten.‖10-word limit‖ Eleven twelve‖leeway ends (12)‖ thirteen fourteen "
        "fifteen sixteen."
    ) in lines
    assert "   the limit (10 words) is reached at 'ten.', in: 'Seven eight nine ten.'" in lines
    assert (
        "   the leeway (12 words) runs out at 'twelve', in: "
        "'Eleven twelve thirteen fourteen fifteen sixteen.'"
    ) in lines


def test_json_gives_the_cutoffs(tmp_path: Path) -> None:
    doc = answer_doc(tmp_path, para(" ".join(NUMBERS)))
    _, out, _ = invoke("check", str(doc), "-r", str(rubric(tmp_path, 10, 20)), "--format", "json")
    (question,) = json.loads(out)["files"][0]["questions"]
    assert [(c["kind"], c["words"], c["word"]) for c in question["cutoffs"]] == [
        ("limit", 10, "ten"),
        ("leeway", 12, "twelve"),
    ]


def test_the_terminal_view_marks_the_place_and_highlights_what_is_beyond(tmp_path: Path) -> None:
    doc = answer_doc(tmp_path, para(" ".join(NUMBERS)))
    args = ["explain", str(doc), "-r", str(rubric(tmp_path, 10, 20))]
    code, out, _ = invoke(*args, "--format", "table", "--color", "always")
    assert code == 0
    plain = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", out).split())
    assert "ten‖10-word limit‖ eleven twelve‖leeway ends (12)‖ thirteen" in plain
    assert "the limit (10 words) is reached at 'ten'" in plain
    assert "nine ten\x1b[1;7m‖10-word limit‖" in out  # counted text as it is; the marker
    assert "\x1b[30;43m eleven twelve" in out  # stands out; past the limit: highlighted
