"""Infer a rubric from the document itself: zero-config checking.

Question papers state their limits in the prompt: "Q1) Describe ...
(200 words) (10 marks)", "Question 2 (1,400 words, 60%)", "Part B (10
marks)". :func:`infer` finds the question prompts (see
:mod:`tma_check.infer.labels` and :mod:`tma_check.infer.prompt`), reads
what each states (see :mod:`tma_check.infer.text`) and notes whatever it
is unsure of. It never
invents a value: a question whose prompt states no limit gets no limit.
:func:`to_yaml` writes the result as a rubric file to review, and
:func:`infer_rubric` builds the equivalent :class:`~tma_check.model.Rubric`.

Where a prompt states two values, or states one only in a later paragraph,
or gives marks as a percentage, the first value is taken and a :class:`Note`
says so; so do ids that skip a number and marks that do not add up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from tma_check.infer.labels import find_labels, is_contents, sequence_notes
from tma_check.infer.prompt import Read, pattern_for, read_prompt, rivals
from tma_check.infer.render import BASE, rubric_title, to_yaml
from tma_check.infer.text import Marks, read_leeway, read_total
from tma_check.model import Block, Document, QuestionSpec, Rubric
from tma_check.rubric import load_rubric
from tma_check.rubric.scalars import number
from tma_check.rules.declarations import is_declaration
from tma_check.split import split

__all__ = ["Inferred", "Note", "infer", "infer_rubric", "to_yaml"]

_QUOTE = 50
_TITLE_WORDS = 12


@dataclass(frozen=True)
class Note:
    """A doubt about a question's ``key`` (or the whole question), or the rubric."""

    text: str
    question: str | None = None
    key: str | None = None


@dataclass(frozen=True)
class Inferred:
    """What :func:`infer` read from a document."""

    questions: tuple[QuestionSpec, ...]
    notes: tuple[Note, ...] = ()
    title: str | None = None
    leeway: float | None = None

    def notes_for(self, question: str) -> tuple[str, ...]:
        """The notes about one question, in order."""
        return tuple(note.text for note in self.notes if note.question == question)

    @property
    def overall(self) -> tuple[str, ...]:
        """The notes about the rubric as a whole."""
        return tuple(note.text for note in self.notes if note.question is None)


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return f"'{text[:_QUOTE]}...'" if len(text) > _QUOTE else f"'{text}'"


def _where(read: Read, block: Block, what: str) -> list[str]:
    if block is read.label.block:
        return []
    place = "of the prompt" if block.index <= read.last else "after the prompt"
    return [f"{what} read from a later paragraph {place}: {_quote(block.text)}"]


def _limits(read: Read, notes: list[Note]) -> tuple[int | None, int | None]:
    qid = read.label.id
    stated = [(w, b) for w, b in read.words if w.limit]
    minimum = next((w.minimum for w, _ in read.words if w.minimum is not None), None)
    if not stated:
        notes.append(Note("no word limit stated", qid))
        return None, minimum
    (chosen, block), limit = stated[0], stated[0][0].limit
    texts = _where(read, block, "limit")
    others = sorted({w.limit for w, _ in stated if w.limit not in (None, limit)})
    if others:
        also = " and ".join(map(str, others))
        texts.append(f"the prompt states {limit} and {also} words; {limit} is taken")
    minimum = chosen.minimum if chosen.minimum is not None else minimum
    if minimum is not None and limit is not None and minimum >= limit:
        texts.append(f"a minimum of {minimum} words is not below the limit: left out")
        minimum = None
    notes += [Note(text, qid, "limit") for text in texts]
    return limit, minimum


def _marks(read: Read, notes: list[Note], expected: bool) -> Marks | None:
    qid = read.label.id
    if not read.marks:
        if expected:
            notes.append(Note("no marks stated", qid))
        return None
    plain = [(m, b) for m, b in read.marks if not m.percent]
    chosen, block = (plain or list(read.marks))[0]
    texts = _where(read, block, "marks")
    if chosen.percent:
        taken = number(chosen.value)
        texts.append(f"marks given as a percentage ({chosen.phrase}): taken as {taken} marks")
    shown = [f"{number(m.value)}{'%' if m.percent else ' marks'}" for m, _ in read.marks]
    if len({m.value for m, _ in read.marks}) > 1:
        listed = " and ".join(dict.fromkeys(shown))
        texts.append(f"the prompt states {listed}; {number(chosen.value)} is taken")
    notes += [Note(text, qid, "marks") for text in texts]
    return chosen


def _percent(read: Read) -> bool:
    """Whether the marks taken were a percentage (no plain marks were stated)."""
    return all(m.percent for m, _ in read.marks)


def _drop_silent(reads: list[Read], notes: list[Note]) -> list[Read]:
    """A kind of label whose prompts state nothing, beside kinds that do: answer headings."""
    speaking = {read.label.word for read in reads if not read.silent}
    silent = {read.label.word for read in reads} - speaking
    if not speaking:
        return reads
    for word in sorted(silent):
        notes.append(Note(f"{word} labels state no words or marks: taken for answer headings"))
    return [read for read in reads if read.label.word in speaking]


def _prompts(document: Document, specs: list[QuestionSpec], reads: list[Read]) -> None:
    """Set ``prompt`` where the splitter would see a shorter prompt than the one read."""
    parts = split(document, Rubric(title="", source="", questions=tuple(specs)))
    for i, (spec, read) in enumerate(zip(specs, reads, strict=True)):
        section = parts.question(spec.id)
        if section is None:
            continue
        last = max(e.block.index for e in section.entries if e.role == "prompt")
        if read.last > last:
            span = document.blocks[read.label.block.index : read.last + 1]
            prompt = sum(1 for b in span if b.anchor is None and b.text.strip())
            specs[i] = replace(spec, prompt=prompt)


def _total(blocks: Sequence[Block], reads: list[Read], specs: list[QuestionSpec]) -> list[Note]:
    """A note when the marks do not add up to the total stated, or percentages to 100."""
    marks = [spec.marks for spec in specs]
    if not specs or any(m is None for m in marks):
        return []
    added = sum(m for m in marks if m is not None)
    percent = any(_percent(read) for read in reads)  # every question has marks here
    labels = {read.label.block.index for read in reads}
    found = (read_total(b.text) for b in blocks if b.text.strip() and b.index not in labels)
    stated = next((total for total in found if total is not None), None)
    if stated is not None and abs(stated - added) > 1e-9:
        return [Note(f"the marks add up to {number(added)}, not the {number(stated)} stated")]
    if stated is None and percent and abs(added - 100) > 1e-9:
        return [Note(f"the percentages add up to {number(added)}, not 100")]
    return []


def _leeway(blocks: Sequence[Block], notes: list[Note]) -> float | None:
    found = [x for b in blocks if not is_contents(b) for x in read_leeway(b.text) if x[0] <= 100]
    for value, _, sentence in (x for x in found if x[1]):
        notes.append(Note(f"a leeway of {number(value)}% seems not allowed: {_quote(sentence)}"))
    allowed = [value for value, denied, _ in found if not denied]
    if not allowed:
        return None
    if len(set(allowed)) > 1:
        listed = "% and ".join(number(v) for v in dict.fromkeys(allowed))
        notes.append(Note(f"leeways of {listed}% are stated; the first is taken", key="leeway"))
    return allowed[0]


def _title(blocks: Sequence[Block], reads: list[Read]) -> str | None:
    """A Title-style paragraph, else the first heading or short line before the questions."""
    front = blocks[: reads[0].label.block.index] if reads else blocks
    for chosen in (
        [b for b in blocks if b.style.lower() == "title"],
        [b for b in front if b.is_heading],
        [b for b in front if b.kind == "paragraph" and len(b.text.split()) <= _TITLE_WORDS],
    ):
        for block in chosen:
            if block.text.strip() and not is_declaration(block):
                return " ".join(block.text.split())
    return None


def infer(document: Document) -> Inferred:
    """Find the questions of ``document`` and what their prompts state."""
    blocks = document.blocks
    labels, label_notes = find_labels(document)
    notes = [Note(text, qid) for qid, text in label_notes]
    if not labels:
        notes.append(Note("no question prompts found (Q1), Question 1, Part A, Task 1, ...)"))
    ends = [label.block.index for label in labels[1:]] + [len(blocks)]
    read_all = [read_prompt(blocks, label, ends[i]) for i, label in enumerate(labels)]
    reads = _drop_silent(read_all, notes)
    notes += [Note(text, qid) for qid, text in sequence_notes(read.label for read in reads)]
    expected = any(read.marks for read in reads)
    specs: list[QuestionSpec] = []
    for i, read in enumerate(reads):
        limit, minimum = _limits(read, notes)
        marks = _marks(read, notes, expected)
        match, clash = pattern_for(read.label, rivals(blocks, reads, i))
        if clash is not None:
            clashing = f"the pattern also matches {_quote(clash.text)}"
            notes.append(Note(clashing, read.label.id, "match"))
        value = None if marks is None else marks.value
        specs.append(QuestionSpec(read.label.id, match, limit, minimum, value))
    _prompts(document, specs, reads)
    notes += _total(blocks, reads, specs)
    leeway = _leeway(blocks, notes)
    return Inferred(tuple(specs), tuple(notes), _title(blocks, reads), leeway)


def infer_rubric(document: Document, source_name: str) -> Rubric:
    """The rubric :func:`to_yaml` writes, in memory: ``ou-default`` and the questions found."""
    inferred = infer(document)
    base = load_rubric(BASE)
    leeway = base.leeway if inferred.leeway is None else float(inferred.leeway)
    return replace(
        base,
        title=rubric_title(inferred, source_name),
        source=source_name,
        leeway=leeway,
        questions=inferred.questions,
        origins=(),
    )
