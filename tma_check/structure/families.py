"""Labels taken together: which sequences number the questions, which their parts.

Every labelled paragraph is a *candidate*. Candidates whose labels number one
sequence and are set alike form a *family*: "Q1) Q2) Q3)", the "1. 2. 3." of
one Word list, the bold "a. b. c." lines under a question. A family is
accepted when it looks like questions rather than an answer's own list:

* a known label word ("Question", "Task", "Part", ...) is enough on its own;
* other words before a number ("Quote 1", "Entry 2") need two in sequence;
* bare numbers need a sequence from the start, with answer text between the
  items (five points in a row are a list, not five questions), and either a
  heading's presentation, or prompts that ask something ("Explain ...",
  "What ...?", "(200 words)"); numbered "Introduction" and "Conclusion"
  headings are an essay's sections, not questions;
* unlabelled bold or italic lines that each ask a question, two or more
  with answers between, are questions too (numbered in order).

Of the accepted families, one *encloses* another when the other's labels sit
inside its questions and start again under each of them, or follow a label
straight away ("Part 1" then "Q1", "Question 2" then "a."): the enclosed
family numbers parts. The families nothing encloses number the questions.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from tma_check import labels
from tma_check.labels import Label
from tma_check.lazyre import lazy
from tma_check.model import Block
from tma_check.record import field, record, replace
from tma_check.statements import read_marks, read_words
from tma_check.structure.look import (
    LINE_WORDS,
    asks,
    is_heading,
    look,
    section_title,
    strong,
    word_count,
)
from tma_check.structure.prompts import set_like

NEAR_WORDS = 40  # words between a label and the next family's first label: "straight away"
LONG_WORDS = 25  # a paragraph of answer, not a line
ASK_WORDS = 100  # an unlabelled question line is at most this long
_TABBED = 3  # more fields than this between tabs make a line a row of a typed table
_INSTRUCTION_WORDS = 8  # an unlabelled instruction without a full stop is at least this long


@record
class Candidate:
    """A paragraph that may start a question or a part."""

    block: Block
    label: Label | None
    look: str
    words: int
    asks: bool

    @property
    def index(self) -> int:
        return self.block.index

    @property
    def title(self) -> str:
        """The text after the label (for a label-only line, empty)."""
        if self.label is None:
            return self.block.text.strip()
        return self.label.rest.strip()

    @property
    def label_only(self) -> bool:
        return not self.title.strip(" :.-–—)")


@record(frozen=False)
class Family:
    """Candidates that number one sequence."""

    key: tuple[str, ...]
    members: list[Candidate] = field(default_factory=list)
    kind: str = ""  # "word", "generic", "bare", "compound", "ask"

    @property
    def first(self) -> int:
        return self.members[0].index

    @property
    def part_style(self) -> bool:
        """Letters, roman numerals and numbers with parts: the way parts are numbered."""
        if self.kind == "compound":
            return True
        if self.kind != "bare":
            return False
        label = self.members[0].label
        return label is not None and label.style != "digit"

    def looks(self) -> str:
        """The presentation most members share."""
        counts: dict[str, int] = {}
        for member in self.members:
            counts[member.look] = counts.get(member.look, 0) + 1
        return max(counts, key=lambda k: counts[k])


def candidate(block: Block) -> Candidate | None:
    """The block as a candidate, if it has a label or reads as a question line."""
    text = block.text.strip()
    if not text and not block.label:
        return None
    if sum(1 for field in block.text.split("\t") if field.strip()) > _TABBED:
        return None  # a row of a table typed with tabs ("(A) Reflection:\t1\t2\t3\t4")
    label = labels.of_block(block)
    kind = look(block)
    if label is None and kind not in ("bold", "italic") and not kind.startswith("heading"):
        return None
    if label is not None and label.bare and block.cell is not None and not label.rest.strip():
        return None  # a number alone in a table cell is data
    words = word_count(text)
    if label is None and words > ASK_WORDS:
        return None
    rest = text if label is None else label.rest
    cand = Candidate(block, label, kind, words, asks(rest))
    if label is not None:
        return cand
    return cand if cand.asks and _question_line(text) else None


def _question_line(text: str) -> bool:
    """An unlabelled line that asks: a question of three words or more, or an instruction.

    "So What?" is a heading; "Use Case Diagram" (every word capitalised) a title.
    """
    words = text.split()
    if len(words) < 3 or text[:1].islower():
        return False
    if "?" in text[:400]:
        return True
    first_sentence = text.split(".")[0]
    if read_words(first_sentence) or read_marks(first_sentence, strict=True):
        return True
    # an instruction: "Explain what ...", not a heading that starts with a verb ("Plan for ...")
    instruction = len(words) >= _INSTRUCTION_WORDS or text.rstrip().endswith((".", ":"))
    addressed = any(w.lower().strip(",.;:") in ("you", "your") for w in words)
    return asks(first_sentence) and (instruction or addressed)


def _key(cand: Candidate) -> tuple[str, ...]:
    label = cand.label
    if label is None:
        return ("ask", cand.look)
    counting = "letters" if label.style == "letter" else "numbers"
    if label.word and not label.generic:
        return ("word", label.kind, counting)
    if label.generic:
        return ("generic", label.kind, counting)
    if label.sub is not None:
        return ("compound", cand.look)
    return ("bare", label.style, cand.look, _delimiter(cand))


_NUMBERED = lazy(r"(\#?)\s*[\p{L}\p{N}]+(.?)")


def _delimiter(cand: Candidate) -> str:
    if cand.label is not None and cand.label.automatic:
        return "auto"
    text = cand.block.text.lstrip()
    if text.startswith("("):
        return "()"
    match = _NUMBERED.match(text)  # "1.", "01)", "#1 ", "iv."
    if match is None:
        return " "
    return match.group(1) + (match.group(2) or " ")


def families(cands: Sequence[Candidate]) -> list[Family]:
    """Candidates grouped by how they are numbered and set, in document order.

    Numbers set alike that count twice ("1. Describe ...", then the answer's
    own "1. First point", "2. Second point", then "2. Propose ...") are two
    families when the lines that ask number a sequence of their own.
    """
    groups: dict[tuple[str, ...], Family] = {}
    for cand in _letters_after_letters(cands):
        key = _key(cand)
        family = groups.setdefault(key, Family(key, kind=key[0]))
        family.members.append(cand)
    split: list[Family] = []
    for family in groups.values():
        split += _by_asking(family)
    return sorted(split, key=lambda f: f.first)


def _counts_twice(members: Sequence[Candidate]) -> bool:
    values = [m.label.ordinal for m in members if m.label is not None]
    return len(values) != len(set(values))


def _by_asking(family: Family) -> list[Family]:
    if family.kind != "bare" or not _counts_twice(family.members):
        return [family]
    asking = [m for m in family.members if m.asks or m.label_only]
    rest = [m for m in family.members if not (m.asks or m.label_only)]
    if len(asking) < 2 or not rest or _counts_twice(asking):
        return [family]
    return [
        Family((*family.key, "asks"), asking, family.kind),
        Family((*family.key, "says"), rest, family.kind),
    ]


def _letters_after_letters(cands: Sequence[Candidate]) -> list[Candidate]:
    """ "(i)" after "(h)" is the letter i, not roman one (and so "v" after "u", "x" after "w")."""
    out: list[Candidate] = []
    previous: dict[str, Label] = {}
    for cand in cands:
        label = cand.label
        if label is not None and label.bare and label.sub is None:
            before = previous.get(cand.look)
            if (
                label.style == "roman"
                and len(label.number) == 1
                and before is not None
                and before.style == "letter"
                and before.ordinal == ord(label.number.lower()) - ord("a")
            ):
                letter = ord(label.number.lower()) - ord("a") + 1
                cand = replace(cand, label=replace(label, style="letter", ordinal=letter))
                label = cand.label
            assert label is not None
            previous[cand.look] = label
        out.append(cand)
    return out


# -- judging a family ---------------------------------------------------------


def _strong_member(cand: Candidate) -> bool:
    """A label set apart, or closed by punctuation, or followed by what a prompt says."""
    label = cand.label
    if label is None:
        return True
    if label.closed or label.automatic or strong(cand.look):
        return True
    return cand.asks and cand.title[:1].isupper()


def _ordinals(family: Family) -> list[int]:
    return [m.label.ordinal if m.label is not None else 0 for m in family.members]


def _runs(values: Sequence[int]) -> list[list[int]]:
    """Positions of the members split where the numbering starts again."""
    runs: list[list[int]] = []
    previous = None
    for position, value in enumerate(values):
        if previous is None or value <= previous:
            runs.append([])
        runs[-1].append(position)
        previous = value
    return runs


def in_sequence(family: Family, first_at_most: int = 1) -> bool:
    """Numbered from the start (0 or 1), each run going up by about one."""
    values = _ordinals(family)
    if not values or values[0] > first_at_most:
        return False
    for run in _runs(values):
        steps = [values[b] - values[a] for a, b in pairwise(run)]
        if any(step > 2 for step in steps):
            return False
    return True


def separated(family: Family, blocks: Sequence[Block]) -> bool:
    """Is there something between most pairs of members (not a list of points in a row)?"""
    indices = [m.index for m in family.members]
    members = set(indices)
    packed = 0
    for a, b in pairwise(indices):
        if _answers_itself(blocks[a]):
            continue
        if not any(
            (blk.text.strip() or blk.label) and blk.index not in members
            for blk in blocks[a + 1 : b]
        ):
            packed += 1
    pairs = len(indices) - 1
    return pairs == 0 or (packed * 2 <= pairs and packed < pairs)


def _from_the_start(family: Family, blocks: Sequence[Block]) -> bool:
    """Do the members start the document's body, with no prose that leads into them?

    "1. The article argues ...", "2. ..." as the document's first paragraphs
    are its answers, one paragraph each; the same paragraphs after an
    opening ("There are three reasons:") are that essay's points.
    """
    lines = [b for b in blocks[: family.first] if b.anchor is None and b.text.strip()]
    return not any(word_count(b.text) >= LONG_WORDS or b.text.rstrip().endswith(":") for b in lines)


def _answers_itself(block: Block) -> bool:
    """A bold question and its plain answer in one paragraph ("**What ...?** I learnt ...")."""
    return 0 < block.bold < len(block.text) and word_count(block.text[block.bold :]) >= 5


def accept(family: Family, blocks: Sequence[Block]) -> str | None:
    """``top`` when the family may number questions, ``parts`` when only parts, else None.

    A family of numbered bold lines that ask nothing ("1. Source of bias:")
    may still number the parts of a question that encloses it.
    """
    family.members = [m for m in family.members if _strong_member(m)]
    if not family.members:
        return None
    if any(section_title(m.title) for m in family.members if m.label is not None):
        return None  # "1. Introduction ... 4. Conclusion": an essay's own sections
    kind = family.kind
    if kind == "word":
        return "top"
    if kind == "generic":
        ok = len(family.members) >= 2 and in_sequence(family) and separated(family, blocks)
        return "top" if ok else None
    if kind == "ask":
        ok = (
            len(family.members) >= 2
            and separated(family, blocks)
            and all(m.words <= ASK_WORDS for m in family.members)
        )
        return "top" if ok else None
    presentation = family.looks()
    if kind == "compound":
        return "top" if strong(presentation) and separated(family, blocks) else None
    if len(family.members) < 2 and presentation != "box":
        return None
    typed = presentation == "plain" and len(family.members) >= 3
    typed = typed and all(m.words >= LONG_WORDS or m.label_only for m in family.members)
    if not in_sequence(family):
        return None
    if not separated(family, blocks) and not (typed and _from_the_start(family, blocks)):
        return None
    asking = sum(1 for m in family.members if m.asks or m.label_only)
    if presentation.startswith("heading") or presentation == "box":
        return "top"
    if asking * 2 >= len(family.members):
        return "top"
    if typed:  # numbers typed at the start of each answer: long paragraphs or bare numbers
        return "top"
    if family.part_style and presentation in ("bold", "italic"):
        return "parts"  # bold "(i) First point.": sub-parts, when a question encloses them
    endings = sum(1 for m in family.members if m.title.rstrip().endswith(":"))
    if (
        strong(presentation)
        and all(line(m) for m in family.members)
        and endings * 2 > len(family.members)
    ):
        return "parts"  # "1. Source of bias:": headings that introduce an answer
    return None


# -- which family encloses which ------------------------------------------------


def _stretch_of(family: Family, index: int) -> int | None:
    """Which member's stretch ``index`` falls in (the last member at or before it)."""
    found = None
    for position, member in enumerate(family.members):
        if member.index <= index:
            found = position
        else:
            break
    return found


_TOTALS: list[tuple[Sequence[Block], list[int]]] = []  # the last document's running totals


def words_between(blocks: Sequence[Block], start: int, stop: int) -> int:
    """Words of the body paragraphs strictly between blocks ``start`` and ``stop``.

    Running totals are kept for the document last asked about, so that the
    many questions asked of one document cost a subtraction each.
    """
    if not _TOTALS or _TOTALS[0][0] is not blocks:
        totals = [0]
        for block in blocks:
            totals.append(totals[-1] + (word_count(block.text) if block.anchor is None else 0))
        _TOTALS[:] = [(blocks, totals)]
    totals = _TOTALS[0][1]
    first, last = start + 1, max(start + 1, stop)
    return totals[min(last, len(totals) - 1)] - totals[min(first, len(totals) - 1)]


NOT_INSIDE, INSIDE, PARTS = 0, 1, 2


def encloses(outer: Family, inner: Family, blocks: Sequence[Block]) -> int:
    """Do ``inner``'s labels number parts of ``outer``'s questions (PARTS), or only sit
    inside one of its answers (INSIDE: the answer's own numbering), or neither?"""
    if outer is inner or not outer.members or not inner.members:
        return NOT_INSIDE
    if inner.first <= outer.first:
        return NOT_INSIDE
    stretches = [_stretch_of(outer, m.index) for m in inner.members]
    if any(s is None for s in stretches):
        return NOT_INSIDE
    values = _ordinals(inner)
    if len(_runs(values)) > 1 and len(set(stretches)) > 1:
        return PARTS  # numbered again under each question
    for position in set(stretches):
        assert position is not None
        start = outer.members[position].index
        first_inside = next(
            m for m, s in zip(inner.members, stretches, strict=True) if s == position
        )
        if inner.kind in ("bare", "compound"):
            if words_between(blocks, start, first_inside.index) <= NEAR_WORDS:
                return PARTS
        elif only_prompt_between(blocks, start, first_inside.index):
            return PARTS  # "Part 1: ..." and its title lines, then "Q1"
    if inner.part_style and outer.kind in ("word", "generic", "bare", "compound"):
        return PARTS
    numbering = inner.kind in ("bare", "compound", "ask", "generic")
    if numbering and outer.kind in ("word", "generic") and len(set(stretches)) == 1:
        return INSIDE  # numbered inside one question's answer
    return NOT_INSIDE


def only_prompt_between(blocks: Sequence[Block], start: int, stop: int) -> bool:
    """Nothing but lines set like the label at ``start`` (its title, its prompt) before ``stop``."""
    first = blocks[start]
    for block in blocks[start + 1 : stop]:
        if block.anchor is not None or not block.text.strip():
            continue
        if not set_like(first, block) and not is_heading(block):
            return False
        if word_count(block.text) > LINE_WORDS * 2:
            return False
    return True


def near(blocks: Sequence[Block], start: int, stop: int) -> bool:
    """Only a line or two between two labels."""
    return words_between(blocks, start, stop) <= NEAR_WORDS


def line(cand: Candidate) -> bool:
    return cand.words <= LINE_WORDS
