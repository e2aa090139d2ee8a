"""Infer a rubric from the document itself: zero-config checking.

Question papers state their limits in the prompt: "Q1) Describe ...
(200 words) (10 marks)", "Question 2 (1,400 words, 60%)", "Part B (10
marks)". :func:`infer` takes the questions (and their parts) the outline
found (see :mod:`tma_check.structure`), reads what each prompt states (see
:mod:`tma_check.infer.reading` and :mod:`tma_check.statements`) and notes
whatever it is unsure of; for a document without questions, it reads the
limit the document states for itself ("Maximum length 2,000 words"). It
never invents a value: a question whose prompt states no limit gets no limit.
:func:`to_yaml` writes the result as a rubric file to review, and
:func:`infer_rubric` builds the equivalent :class:`~tma_check.model.Rubric`.
The questions keep the outline's ids, so the rubric finds them again.

Where a prompt states two values, or states one only in a later paragraph,
or gives marks as a percentage, the first value is taken and a :class:`Note`
says so; so do ids that skip a number and marks that do not add up.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.infer.reading import Read, document_statements, read_unit
from tma_check.infer.render import BASE, rubric_title, to_yaml
from tma_check.infer.sequence import sequence_notes
from tma_check.model import Block, Document, QuestionSpec, Rubric
from tma_check.record import record, replace
from tma_check.rubric import load_rubric
from tma_check.rubric.scalars import number
from tma_check.rules.declarations import is_declaration
from tma_check.statements import Marks, Words, read_leeway, read_total
from tma_check.structure import REPEAT_SUFFIX, Outline, Unit, is_contents, recognise

__all__ = ["BASE", "Inferred", "Note", "infer", "infer_rubric", "to_yaml"]

_QUOTE = 50
_TITLE_WORDS = 12


@record
class Note:
    """A doubt about a question's ``key`` (or the whole question), or the rubric."""

    text: str
    question: str | None = None
    key: str | None = None


@record
class Inferred:
    """What :func:`infer` read from a document.

    ``limit`` and ``minimum`` are the document's own (its single piece of
    writing, or the questions' total).
    """

    questions: tuple[QuestionSpec, ...]
    notes: tuple[Note, ...] = ()
    title: str | None = None
    leeway: float | None = None
    limit: int | None = None
    minimum: int | None = None

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
    if block.index == read.unit.start:
        return []
    place = "of the prompt" if block.index <= read.last else "after the prompt"
    return [f"{what} read from a later paragraph {place}: {_quote(block.text)}"]


def _limits(
    qid: str | None, stated: Sequence[tuple[Words, Block]], notes: list[Note], read: Read | None
) -> tuple[int | None, int | None]:
    limits = [(w, b) for w, b in stated if w.limit]
    minimum = next((w.minimum for w, _ in stated if w.minimum is not None), None)
    if not limits:
        if qid is not None:
            notes.append(Note("no word limit stated", qid))
        return None, minimum
    (chosen, block), limit = limits[0], limits[0][0].limit
    texts = _where(read, block, "limit") if read is not None else []
    others = sorted({w.limit for w, _ in limits if w.limit not in (None, limit)})
    if others:
        also = " and ".join(map(str, others))
        where = "the prompt states" if qid is not None else "the document states"
        texts.append(f"{where} {limit} and {also} words; {limit} is taken")
    minimum = chosen.minimum if chosen.minimum is not None else minimum
    if minimum is not None and limit is not None and minimum >= limit:
        texts.append(f"a minimum of {minimum} words is not below the limit: left out")
        minimum = None
    notes += [Note(text, qid, "limit") for text in texts]
    return limit, minimum


def _marks(read: Read, notes: list[Note], expected: bool) -> Marks | None:
    qid = read.id
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
    return bool(read.marks) and all(m.percent for m, _ in read.marks)


def _spec(blocks: Sequence[Block], unit: Unit, notes: list[Note], expected: bool) -> QuestionSpec:
    """The question a unit is, with what its prompt states; its parts' marks are noted
    only when missing among parts that state marks."""
    read = read_unit(blocks, unit)
    limit, minimum = _limits(read.id, read.words, notes, read)
    marks = _marks(read, notes, expected)
    part_marks = any(read_unit(blocks, part).marks for part in unit.parts)
    parts = tuple(_spec(blocks, part, notes, part_marks) for part in unit.parts)
    value = None if marks is None else marks.value
    return QuestionSpec(unit.id, None, limit, minimum, value, parts=parts)


def _total(blocks: Sequence[Block], reads: list[Read], specs: list[QuestionSpec]) -> list[Note]:
    """A note when the marks do not add up to the total stated, or percentages to 100."""
    marks = [spec.marks for spec in specs]
    if not specs or any(m is None for m in marks):
        return []
    added = sum(m for m in marks if m is not None)
    percent = any(_percent(read) for read in reads)  # every question has marks here
    labels = {read.unit.start for read in reads}
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


def _title(blocks: Sequence[Block], outline: Outline) -> str | None:
    """A Title-style paragraph, else the first heading or short line before the questions."""
    front = blocks[: outline.main]
    for chosen in (
        [b for b in blocks if b.style.lower() == "title"],
        [b for b in front if b.is_heading],
        [b for b in front if b.kind == "paragraph" and len(b.text.split()) <= _TITLE_WORDS],
    ):
        for block in chosen:
            if block.text.strip() and not is_declaration(block) and not is_contents(block):
                return " ".join(block.text.split())
    return None


def _asked(blocks: Sequence[Block], unit: Unit) -> bool:
    """A labelled question, or a section of its own that is one: it states a limit or
    marks, or its parts are labelled. Other headings at the questions' level stay
    sections the check reports."""
    if not unit.section:
        return True
    if unit.parts:
        return True
    read = read_unit(blocks, unit)
    return bool(read.words or read.marks)


def infer(document: Document, outline: Outline | None = None) -> Inferred:
    """Find the questions of ``document`` and what their prompts state."""
    blocks = document.blocks
    outline = outline or recognise(document)
    notes: list[Note] = []
    units = [unit for unit in outline.units if not unit.repeat and _asked(blocks, unit)]
    reads = [read_unit(blocks, unit) for unit in units]
    expected = any(read.marks for read in reads)
    labelled = [(u.id, u.label) for u in units if u.label is not None]
    notes += [Note(text, qid) for qid, text in sequence_notes(labelled)]
    for unit in outline.units:
        if unit.repeat:
            first = unit.id.removesuffix(REPEAT_SUFFIX)
            text = f"{first} appears again later: {_quote(blocks[unit.start].text)}"
            notes.append(Note(text, first))
    specs = [_spec(blocks, unit, notes, expected) for unit in units]
    notes += _total(blocks, reads, specs)
    stated = document_statements(blocks, outline)
    limit, minimum = _limits(None, stated, notes, None)
    if outline.single and limit is None and minimum is None:
        notes.append(Note("no questions found, and the document states no word limit"))
    leeway = _leeway(blocks, notes)
    return Inferred(tuple(specs), tuple(notes), _title(blocks, outline), leeway, limit, minimum)


def infer_rubric(
    document: Document,
    source_name: str,
    outline: Outline | None = None,
    base: Rubric | None = None,
) -> Rubric:
    """The rubric :func:`to_yaml` writes, in memory: ``base`` (by default ``ou-default``'s
    rules) with the questions, limits and leeway the document states. With no ``base``
    and no leeway stated, there is none: a leeway is never taken for granted."""
    inferred = infer(document, outline)
    fallback = 0.0 if base is None else base.leeway
    base = base or load_rubric(BASE)
    leeway = fallback if inferred.leeway is None else float(inferred.leeway)
    return replace(
        base,
        title=rubric_title(inferred, source_name),
        source=source_name,
        leeway=leeway,
        questions=inferred.questions,
        origins=(),
        limit=inferred.limit,
        minimum=inferred.minimum,
    )
