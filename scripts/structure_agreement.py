"""Score zero-configuration ``check`` against a marker's reading of real assignments.

The folder (``--assignments``, ``TMA_CHECK_ASSIGNMENTS``, or ``shared/assignments``
beside the checkout) holds ``files/*.docx`` and ``truth.json``: for each file,
whether it is one piece of writing or a set of questions, where each question
and its answer are, the answer's words, and the limits, marks and declared
counts the document states. Each file is checked with no rubric, as a user
would, and compared:

* structure: the questions/single verdict, and for question files whether
  the top-level questions are exactly the marker's (every one found, none
  extra; a section of its own counts as found);
* top-level questions: precision and recall, matched in order by id ("Q1" =
  "Question 1" = "1"), else by the answer's first words;
* parts: the same, one level down and below, under matched questions;
* answer words: a hit within 5% (2 words under 40; an empty answer must be
  0). The marker counts no automatic list numbers, no footnotes and no
  appendix pointers are left out, so the tool's count is compared with those
  put right; the median error is shown too;
* limits, minimums, marks and declared counts: every value the marker
  recorded must be read (marks given as "40%" read as 40), and a value read
  where the marker recorded none is a false reading.

It is a development set: the aim is rules that hold on documents nobody
has seen, not a perfect score here. ``--verbose`` prints every file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tma_check.api import check_file  # noqa: E402
from tma_check.labels import same_question  # noqa: E402
from tma_check.model import FileResult, Measurement, QuestionResult  # noqa: E402
from tma_check.words import count_words  # noqa: E402

TARGETS = {
    "structure right": 0.90,
    "top-level recall": 0.90,
    "top-level precision": 0.95,
    "answer words within 5%": 0.85,
    "stated values read": 1.00,
}
_KEYS = ("limit", "minimum", "marks", "declared")
_NEAR_START = 300  # characters: the marker's first words must open the tool's answer


def default_folder() -> Path:
    given = os.environ.get("TMA_CHECK_ASSIGNMENTS")
    return Path(given) if given else ROOT.parent / "shared" / "assignments"


@dataclass
class Unit:
    """A question (or part) as the tool reported it, in the marker's terms."""

    id: str
    words: int | None
    text: str
    values: dict[str, float | None]
    parts: list[Unit] = field(default_factory=list)


def _answer_text(m: Measurement) -> str:
    return " ".join(" ".join(e.block.text.split()) for e in m.section.entries if e.role == "answer")


def _marker_words(m: Measurement) -> int:
    """The tool's count as the marker counts: no list numbers, no notes, pointers counted.

    A section of its own counts all its words, its heading too; the marker
    counts its heading as the unit's label, so it is taken off.
    """
    words = m.counted + m.excluded_by().get("appendix-pointers", 0)
    excluded = {e.block for e in m.exclusions if e.whole}
    if m.section.kind == "unknown" and m.section.entries:
        words -= count_words(m.section.entries[0].block.text)
    for entry in m.section.entries:
        block = entry.block
        if entry.role not in ("answer", "unknown") or block.index in excluded:
            continue
        if block.label:
            words -= 1
        if block.kind in ("footnote", "endnote"):
            words -= count_words(block.text)
    return max(words, 0)


def _unit(q: QuestionResult) -> Unit:
    m = q.measurement
    spec = q.spec
    return Unit(
        id=spec.id,
        words=None if m is None else _marker_words(m),
        text="" if m is None else _answer_text(m),
        values={
            "limit": spec.limit,
            "minimum": spec.minimum,
            "marks": spec.marks,
            "declared": None if m is None else m.declared,
        },
        parts=[_unit(p) for p in q.parts],
    )


def tool_units(result: FileResult) -> list[Unit]:
    """Questions and sections of their own, in document order."""
    found = [
        (
            q.measurement.section.entries[0].block.index
            if q.measurement and q.measurement.section.entries
            else 10**9,
            _unit(q),
        )
        for q in result.questions
    ]
    for m in result.others:
        if m.section.kind == "unknown":
            start = m.section.entries[0].block.index if m.section.entries else 10**9
            found.append(
                (
                    start,
                    Unit(
                        m.section.id,
                        _marker_words(m),
                        _answer_text(m) or " ".join(e.block.text for e in m.section.entries),
                        dict.fromkeys(_KEYS),
                    ),
                )
            )
    return [unit for _, unit in sorted(found, key=lambda item: item[0])]


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def match(truth: list[dict[str, Any]], units: list[Unit]) -> list[tuple[dict[str, Any], Unit]]:
    """Pairs of the marker's units and the tool's, in order: by id, else by the answer's start."""
    pairs: list[tuple[dict[str, Any], Unit]] = []
    used: set[int] = set()
    for t in truth:
        chosen = None
        for i, u in enumerate(units):
            if i not in used and same_question(t["id"], u.id):
                chosen = i
                break
        if chosen is None and t.get("answer_first"):
            head = _norm(t["answer_first"])[:40]
            for i, u in enumerate(units):
                if i not in used and head and head in _norm(u.text)[:_NEAR_START]:
                    chosen = i
                    break
        if chosen is not None:
            used.add(chosen)
            pairs.append((t, units[chosen]))
    return pairs


def word_hit(truth: int, tool: int | None) -> bool:
    if tool is None:
        return False
    if truth == 0:
        return tool == 0
    allowed = max(truth * 0.05, 2 if truth < 40 else 0)
    return abs(tool - truth) <= allowed


def _value(value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, str):
        return float(value.strip().rstrip("%"))
    return float(value)


@dataclass
class Score:
    files: int = 0
    verdict_right: int = 0
    structure_right: int = 0
    top_truth: int = 0
    top_tool: int = 0
    top_matched: int = 0
    part_truth: int = 0
    part_tool: int = 0
    part_matched: int = 0
    word_units: int = 0
    word_hits: int = 0
    errors: list[float] = field(default_factory=list)
    stated: int = 0
    read: int = 0
    false: int = 0
    lines: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)


def _words(t: dict[str, Any], u: Unit, where: str, score: Score, problems: list[str]) -> None:
    score.word_units += 1
    if u.words is not None and t["answer_words"]:
        score.errors.append(abs(u.words - t["answer_words"]) / t["answer_words"])
    if word_hit(t["answer_words"], u.words):
        score.word_hits += 1
    else:
        problems.append(f"{where} words {u.words} for {t['answer_words']}")


def _parts(
    truth: list[dict[str, Any]],
    units: list[Unit],
    score: Score,
    pairs: dict[int, Unit],
) -> None:
    score.part_truth += len(truth)
    score.part_tool += len(units)
    matched = match(truth, units)
    score.part_matched += len(matched)
    for t, u in matched:
        pairs[id(t)] = u
        _parts(t.get("parts", []), u.parts, score, pairs)


def _flatten(units: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for u in units for x in (u, *_flatten(u.get("parts", [])))]


def _flat_units(units: list[Unit]) -> list[Unit]:
    return [x for u in units for x in (u, *_flat_units(u.parts))]


def _stated(
    truth: list[dict[str, Any]],
    units: list[Unit],
    pairs: dict[int, Unit],
    score: Score,
    problems: list[str],
) -> None:
    """Every value the marker recorded, on any unit, read from the tool's unit for it; and
    every limit or mark the tool reports where the marker recorded none.

    A unit the tool found at another level than the marker (a part as a
    question) is looked for among all the tool's units, by id or opening words.
    """
    everything = _flat_units(units)
    counterparts: dict[int, list[dict[str, Any]]] = {}
    for t in _flatten(truth):
        found = [pairs[id(t)]] if id(t) in pairs else []
        found += [u for u in everything if u not in found and match([t], [u])]
        for u in found:
            counterparts.setdefault(id(u), []).append(t)
        for key in _KEYS:
            expected = _value(t.get(key))
            if expected is None:
                continue
            score.stated += 1
            got = [u.values.get(key) for u in found]
            if any(g is not None and abs(float(g) - expected) < 1e-9 for g in got):
                score.read += 1
            else:
                problems.append(f"{t['id']} {key} {t.get(key)!r} read as {got[:1] or None!r}")
    for u in everything:
        marked = counterparts.get(id(u), [])
        for key in ("limit", "minimum", "marks"):
            got = u.values.get(key)
            if got is not None and not any(t.get(key) is not None for t in marked):
                score.false += 1
                problems.append(f"{u.id} false {key} {got!r}")


def score_file(name: str, truth: dict[str, Any], path: Path, score: Score) -> None:
    result = check_file(str(path), None)
    score.files += 1
    problems: list[str] = []
    if result.error is not None:
        score.lines.append(f"{name}: ERROR {result.error}")
        score.wrong.append(name)
        return
    assert result.rubric is not None
    single = result.rubric.whole
    expected_single = truth["structure"] == "single"
    verdict = single == expected_single
    score.verdict_right += verdict
    units = tool_units(result)
    right = verdict
    rubric = result.rubric
    if expected_single:
        doc = units[0] if single and units else None
        for key, got in (
            ("limit", rubric.limit),
            ("minimum", rubric.minimum),
            ("declared", None if doc is None else doc.values["declared"]),
        ):
            expected = _value(truth.get(key))
            if expected is not None:
                score.stated += 1
                if got is not None and abs(float(got) - expected) < 1e-9:
                    score.read += 1
                else:
                    problems.append(f"document {key} {expected:g} read as {got!r}")
            elif got is not None and key != "declared":
                score.false += 1
                problems.append(f"document false {key} {got!r}")
        if doc is not None:
            _words(truth, doc, "document", score, problems)
        else:
            score.word_units += 1
            problems.append(f"found {len(units)} questions in one piece of writing")
    else:
        top = truth["questions"]
        if single:
            units = []  # one piece of writing: no questions reported, none to be wrong
        score.top_truth += len(top)
        score.top_tool += len(units)
        pairs = match(top, units)
        score.top_matched += len(pairs)
        right = verdict and len(pairs) == len(top) == len(units)
        paired: dict[int, Unit] = {}
        for t, u in pairs:
            paired[id(t)] = u
            _words(t, u, t["id"], score, problems)
            _parts(t.get("parts", []), u.parts, score, paired)
        _stated(top, units, paired, score, problems)
        for t in top:
            if not any(t is m for m, _ in pairs):
                problems.append(f"missed {t['id']!r}")
        for u in units:
            if not any(u is m for _, m in pairs):
                problems.append(f"extra {u.id!r}")
        for key, got in (
            ("limit_total", rubric.limit),
            ("declared_total", None if result.total is None else result.total.declared),
        ):
            expected = _value(truth.get(key))
            if expected is not None:
                score.stated += 1
                if got is not None and abs(float(got) - expected) < 1e-9:
                    score.read += 1
                else:
                    problems.append(f"{key} {expected:g} read as {got!r}")
            elif got is not None and key == "limit_total":
                score.false += 1
                problems.append(f"false {key} {got!r}")
    score.structure_right += right
    if not right:
        score.wrong.append(name)
    shape = "single" if single else f"{len(units)} questions"
    status = "ok  " if right and not problems else ("ok* " if right else "WRONG")
    line = f"{status} {name[:70]:70} truth {truth['structure']:9} tool {shape}"
    score.lines.append(line + "".join(f"\n       - {p}" for p in problems))


def _rate(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def report(score: Score, verbose: bool) -> dict[str, float]:
    if verbose:
        print("\n".join(score.lines))
        print()
    figures = {
        "structure right": _rate(score.structure_right, score.files),
        "questions/single verdict right": _rate(score.verdict_right, score.files),
        "top-level recall": _rate(score.top_matched, score.top_truth),
        "top-level precision": _rate(score.top_matched, score.top_tool),
        "parts recall": _rate(score.part_matched, score.part_truth),
        "parts precision": _rate(score.part_matched, score.part_tool),
        "answer words within 5%": _rate(score.word_hits, score.word_units),
        "stated values read": _rate(score.read, score.stated),
    }
    print(f"{score.files} files")
    for name, value in figures.items():
        target = TARGETS.get(name)
        mark = (
            ""
            if target is None
            else ("  pass" if value >= target else f"  FAIL (target {target:.0%})")
        )
        print(f"  {name:34} {value:7.1%}{mark}")
    counts = (
        f"  structure right {score.structure_right}/{score.files}; top-level {score.top_matched} "
        f"of {score.top_truth} found, {score.top_tool} reported; parts {score.part_matched} of "
        f"{score.part_truth} found, {score.part_tool} reported"
    )
    print(counts)
    median = statistics.median(score.errors) if score.errors else 0.0
    print(
        f"  answer words: {score.word_hits} of {score.word_units} within 5%, "
        f"median error {median:.1%}"
    )
    print(
        f"  stated values: {score.read} of {score.stated} read; false readings: {score.false}"
        f"{'  pass' if score.false == 0 else '  FAIL (target 0)'}"
    )
    if score.wrong:
        print("  structure wrong: " + ", ".join(sorted(score.wrong)))
    figures["false readings"] = score.false
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--assignments", type=Path, default=default_folder())
    parser.add_argument("--verbose", "-v", action="store_true", help="every file and its problems")
    parser.add_argument("--json", action="store_true", help="the figures as JSON as well")
    parser.add_argument("files", nargs="*", help="only these files (names under files/)")
    args = parser.parse_args(argv)
    truth_path = args.assignments / "truth.json"
    if not truth_path.is_file():
        print(f"{args.assignments}: no truth.json here (pass --assignments DIR)", file=sys.stderr)
        return 2
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    score = Score()
    for name, reading in sorted(truth.items()):
        if name.startswith("_") or (args.files and name not in args.files):
            continue
        path = args.assignments / "files" / name
        if path.is_file():
            score_file(name, reading, path, score)
    figures = report(score, args.verbose)
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
