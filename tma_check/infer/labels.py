"""Find the labels that start question prompts, for :mod:`tma_check.infer`.

A label starts a paragraph or a heading (or its automatic list label): Q1)
Q1. Q1: Q1 –, Question 2, Part B, Task 1, Section A. It must be followed by
punctuation, a parenthesis, a dash or nothing; a capitalised word after a
bare space is enough only in a heading, an emphasised paragraph, or one that
states words or marks ("Question 2 asks us to..." in an answer is no label).
Tables, notes, text boxes and tables of contents are not searched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import regex

from tma_check.infer.text import read_marks, read_words
from tma_check.model import Block, Document

_LABEL = regex.compile(
    r"^\s*(?P<core>(?P<word>(?i:q)(?=\s?\d)|(?i:question|part|task|section)(?=\s))"
    r"\s*(?P<num>\d{1,3}|[IVX]{1,4}|[A-Z]))(?![\p{L}\p{N}])(?P<rest>.*)$",
    regex.DOTALL,
)
_WORDS = {"q": "Q", "question": "Question", "part": "Part", "task": "Task", "section": "Section"}
_STRONG = tuple(")].:;,–—-(")
_SUB_NUMBER = regex.compile(r"[.,]\d")  # Q1.2, Section 4.2: a sub-question, not a question
_TOC_LINE = regex.compile(r"(?:\t|\.{3,}|…+)\s*\d+\s*$")
_TOC_TAIL = 40
_ROMAN = {"I": 1, "V": 5, "X": 10}


@dataclass(frozen=True)
class Label:
    """A question label at the start of ``block``."""

    block: Block
    word: str  # Q, Question, Part, Task or Section
    num: str  # as written: 1, B, II
    core: str  # the label as written, e.g. "Q1" or "Question 2"
    rest: str  # the text after the label

    @property
    def id(self) -> str:
        return f"Q{self.num}" if self.word == "Q" else f"{self.word} {self.num}"

    @property
    def family(self) -> str:
        return "Question" if self.word == "Q" else self.word


def _delimited(rest: str, block: Block) -> bool:
    tail = rest.lstrip()
    if _SUB_NUMBER.match(rest):
        return False
    if not tail or tail.startswith(_STRONG):
        return True
    if not rest[:1].isspace() or not (tail[0].isupper() or tail[0].isdigit() or tail[0] in "“\"‘'"):
        return False
    return bool(block.emphasis) or block.is_heading or bool(read_words(rest) or read_marks(rest))


def is_contents(block: Block) -> bool:
    """A table-of-contents line: a TOC style, or a page number after a tab or dots."""
    tail = block.text[-_TOC_TAIL:]  # the page number is at the end: look there only
    return block.style.upper().startswith("TOC") or _TOC_LINE.search(tail) is not None


def read_label(block: Block) -> Label | None:
    """The question label ``block`` starts with, if any."""
    if block.kind != "paragraph" or block.anchor is not None or is_contents(block):
        return None
    texts = [block.text.lstrip()]
    if block.label:
        texts.append(f"{block.label} {block.text.lstrip()}")
    for text in texts:
        match = _LABEL.match(text)
        if match is not None and _delimited(match.group("rest"), block):
            word = _WORDS[match.group("word").lower()]
            core = " ".join(match.group("core").split())
            return Label(block, word, match.group("num"), core, match.group("rest"))
    return None


Notes = list[tuple[str | None, str]]


def _one_form(labels: list[Label], notes: Notes) -> list[Label]:
    """Q1 and Question 1 name the same questions: keep the form used most."""
    forms: dict[tuple[str, str], list[Label]] = {}
    for label in labels:
        forms.setdefault((label.family, label.word), []).append(label)
    best: dict[str, tuple[str, str]] = {}
    for key, group in forms.items():
        held = best.get(key[0])
        if held is None or len({x.id for x in group}) > len({x.id for x in forms[held]}):
            best[key[0]] = key
    for key, group in forms.items():
        if best[key[0]] != key:
            used = forms[best[key[0]]][0].core
            notes.append((None, f"labels like '{group[0].core}' ignored: questions are '{used}'"))
    return [label for label in labels if best[label.family] == (label.family, label.word)]


def find_labels(document: Document) -> tuple[list[Label], Notes]:
    """Each question label once, in document order, and notes on what was left out.

    A kind of label that repeats with another kind between (Part A, Part B
    inside Question 1, then Part A again) numbers sub-parts and is ignored.
    """
    notes: Notes = []
    labels = _one_form([x for b in document.blocks if (x := read_label(b)) is not None], notes)
    first: dict[str, int] = {}
    dropped: set[str] = set()
    again: Notes = []
    for pos, label in enumerate(labels):
        if label.id not in first:
            first[label.id] = pos
        elif any(other.word != label.word for other in labels[first[label.id] + 1 : pos]):
            if label.word not in dropped:
                notes.append((None, f"'{label.id}' appears twice: {label.word} labels ignored"))
            dropped.add(label.word)
        else:
            again.append((label.id, f"{label.id} appears again later: {label.block.text[:40]!r}"))
    kept = [labels[pos] for pos in first.values() if labels[pos].word not in dropped]
    ids = {label.id for label in kept}
    return kept, notes + [note for note in again if note[0] in ids]


def _roman(num: str) -> int:
    values = [_ROMAN[c] for c in num]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _ordinals(nums: Sequence[str]) -> tuple[list[int], str]:
    if all(num.isdigit() for num in nums):
        return [int(num) for num in nums], "digit"
    if all(set(num) <= set(_ROMAN) for num in nums) and (
        any(len(num) > 1 for num in nums) or list(nums) == ["I"]
    ):
        return [_roman(num) for num in nums], "roman"
    return [ord(num[0]) - ord("A") + 1 for num in nums], "letter"


def _name(word: str, ordinal: int, style: str) -> str:
    if style == "digit":
        num = str(ordinal)
    elif style == "letter":
        num = chr(ord("A") + ordinal - 1)
    else:
        pairs = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
        num = ""
        for value, letters in pairs:
            count, ordinal = divmod(ordinal, value)
            num += letters * count
    return f"Q{num}" if word == "Q" else f"{word} {num}"


def sequence_notes(labels: Iterable[Label]) -> Notes:
    """Notes on ids that skip a number, start late or come out of order."""
    notes: Notes = []
    by_kind: dict[tuple[str, bool], list[Label]] = {}
    for label in labels:
        by_kind.setdefault((label.word, label.num.isdigit()), []).append(label)
    for (word, _), group in by_kind.items():
        ordinals, style = _ordinals([label.num for label in group])
        previous, previous_id = 0, ""
        for label, ordinal in zip(group, ordinals, strict=True):
            if ordinal <= previous:
                notes.append((label.id, f"{label.id} comes after {previous_id}"))
            elif ordinal > previous + 1:
                gap = [_name(word, n, style) for n in range(previous + 1, ordinal)]
                missing = gap[0] if len(gap) == 1 else f"{gap[0]} to {gap[-1]}"
                notes.append((label.id, f"no {missing} found before {label.id}"))
            previous, previous_id = max(previous, ordinal), label.id
    return notes
