"""Split a document into questions, front matter and end matter.

A question starts at the first paragraph (after the previous question's
start, in document order) whose text matches the question's ``match``
pattern; without a pattern, at a heading-styled paragraph that starts with
the question's id. It runs to the next question's start. The matched
paragraph and those set like it right after it are the question's prompt.

Inside a question, a reference-list heading or an appendix heading starts a
part that the ``reference-list`` or ``appendices`` rule leaves out. After the
last question such a heading starts end matter that belongs to no question,
unless earlier questions had parts of that kind of their own (then it is the
last question's).

A heading at the level of the question headings that the rubric does not
know starts an ``unknown`` section: its words count toward no question, and
the check reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from tma_check.errors import RubricError
from tma_check.model import Block, Document, Entry, QuestionSpec, Role, Rubric, Section, SectionKind
from tma_check.patterns import deadline, search
from tma_check.rules.declarations import is_declaration

DEFAULT_REFERENCE_HEADING = (
    r"(?i)^(?:references?|reference\s+list|list\s+of\s+references|bibliography|works\s+cited"
    r"|sources|citations)\b[^.!?]{0,40}$"
)
DEFAULT_APPENDIX_HEADING = r"(?i)^(?:appendix|appendices)(?:\s+[A-Z0-9]{1,3}\b)?\s*(?:[:.\-–—]|$)"
_HEADING_WORDS = 12
PROMPT_START = 2_000  # characters of a paragraph a question pattern is tested on


@dataclass(frozen=True)
class Split:
    """The sections of a document, and what the rubric asked for but did not find."""

    sections: tuple[Section, ...]
    missing: tuple[QuestionSpec, ...] = ()
    hints: tuple[tuple[str, str], ...] = ()
    repeats: tuple[tuple[str, str, str], ...] = ()  # (question, heading, counted in)

    def question(self, question_id: str) -> Section | None:
        for section in self.sections:
            if section.kind == "question" and section.id == question_id:
                return section
        return None


def question_pattern(spec: QuestionSpec) -> regex.Pattern[str]:
    if spec.match:
        return regex.compile(spec.match)
    return regex.compile(rf"(?i)^\s*{regex.escape(spec.id)}(?![\p{{L}}\p{{N}}])")


def candidates(blocks: Sequence[Block]) -> list[Block]:
    """Blocks that can start a question: body text, not a table of contents (typed or not)."""
    from tma_check.infer.labels import is_contents  # imported here: inference uses this module

    return [
        block
        for block in blocks
        if block.anchor is None and block.text.strip() and not is_contents(block)
    ]


def _matches(pattern: regex.Pattern[str], block: Block, heading_only: bool, until: float) -> bool:
    """Does the start of ``block`` (with or without its list label) match ``pattern``?"""
    if heading_only and not block.is_heading:
        return False
    text = block.text.lstrip()[:PROMPT_START]
    if search(pattern, text, until):
        return True
    if block.label is None:
        return False
    return search(pattern, f"{block.label} {text}", until)


def find_starts(document: Document, rubric: Rubric) -> tuple[dict[str, int], list[QuestionSpec]]:
    """Map each question id to the index of the block that starts it."""
    pool_all = candidates(document.blocks)
    claimed: set[int] = set()
    starts: dict[str, int] = {}
    missing: list[QuestionSpec] = []
    after = -1
    for number, spec in enumerate(rubric.questions):
        pattern = question_pattern(spec)
        heading_only = spec.match is None
        until = deadline()
        found = None
        pools = (
            (b for b in pool_all if b.index > after),
            (b for b in pool_all if b.index <= after),
        )
        try:
            found = next(
                (
                    block.index
                    for pool in pools
                    for block in pool
                    if block.index not in claimed and _matches(pattern, block, heading_only, until)
                ),
                None,
            )
        except (TimeoutError, MemoryError):
            where = spec.where
            raise RubricError(
                where.file if where else rubric.source,
                f"the pattern {spec.match!r} takes too long on this document; simplify it",
                where.line if where else 0,
                f"questions[{number}].match",
            ) from None
        if found is None:
            missing.append(spec)
            continue
        claimed.add(found)
        starts[spec.id] = found
        after = found
    return starts, missing


class _Heading:
    """A heading pattern (the rubric's or the default) with its time budget."""

    def __init__(self, rubric: Rubric, key: str, given: str, default: str) -> None:
        self.pattern = regex.compile(given or default)
        self.until = deadline()
        self.rubric = rubric
        self.key = key

    def matches(self, block: Block) -> bool:
        text = block.text.strip()
        if not text or block.anchor is not None or block.cell is not None:
            return False
        if len(text.split()) > _HEADING_WORDS:
            return False
        try:
            return search(self.pattern, text, self.until)
        except (TimeoutError, MemoryError):
            where = dict(self.rubric.origins).get(self.key)
            raise RubricError(
                where.file if where else self.rubric.source,
                f"the pattern {self.pattern.pattern!r} takes too long on this document; "
                "simplify it",
                where.line if where else 0,
                self.key,
            ) from None


def set_like(first: Block, block: Block) -> bool:
    """Is ``block`` set like the prompt paragraph ``first``: its emphasis, or its special style?"""
    if first.emphasis and block.emphasis >= first.emphasis:
        return True
    if first.is_heading and block.emphasis:
        return True
    special = first.style not in ("Normal", "List Paragraph", "Body Text") and not first.is_heading
    return special and block.style == first.style


def _prompt_like(first: Block, block: Block) -> bool:
    if not block.text.strip() or block.is_heading or is_declaration(block):
        return False
    return set_like(first, block)


def _prompt_end(blocks: Sequence[Block], start: int, end: int, spec: QuestionSpec) -> int:
    """Index one past the last prompt block of a question running start..end."""
    body = [i for i in range(start, end) if blocks[i].anchor is None and blocks[i].text.strip()]
    if spec.prompt is not None:
        chosen = body[: max(spec.prompt, 1)]
        return chosen[-1] + 1 if chosen else start + 1
    first = blocks[start]
    last = start
    for i in body[1:]:
        block = blocks[i]
        if not block.text.strip():
            continue
        if not _prompt_like(first, block):
            break
        last = i
    return last + 1


class _Builder:
    """Collects entries into sections as the walk goes."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.kind: SectionKind = "front-matter"
        self.id = "front matter"
        self.entries: list[Entry] = []

    def open(self, kind: SectionKind, ident: str) -> None:
        """Start a section; a second reference list (say) is "references 2"."""
        self.close()
        if kind != "question":
            seen = sum(1 for section in self.sections if section.kind == kind)
            if seen:
                ident = f"{ident} {seen + 1}"
        self.kind, self.id, self.entries = kind, ident, []

    def add(self, block: Block, role: Role) -> None:
        self.entries.append(Entry(block, role))

    def close(self) -> None:
        if self.entries:
            title = next((e.block.text.strip() for e in self.entries if e.block.text.strip()), "")
            self.sections.append(Section(self.kind, self.id, title, tuple(self.entries)))
        self.entries = []


EndMatter = Literal["references", "appendices"]
_END_RULES: dict[EndMatter, str] = {"references": "reference-list", "appendices": "appendices"}


def _started_again(block: Block, started: Sequence[QuestionSpec]) -> str | None:
    """The id of a question already started whose pattern this heading matches, if any."""
    text = block.text.lstrip()[:PROMPT_START]
    for spec in started:
        try:
            if search(question_pattern(spec), text, deadline()):
                return spec.id
        except (TimeoutError, MemoryError):
            continue
    return None


def _part(block: Block, references: _Heading, appendix: _Heading) -> EndMatter | None:
    if references.matches(block):
        return "references"
    if appendix.matches(block):
        return "appendices"
    return None


def split(document: Document, rubric: Rubric) -> Split:
    """Divide ``document`` into sections as ``rubric`` describes."""
    blocks = document.blocks
    starts, missing = find_starts(document, rubric)
    specs = {spec.id: spec for spec in rubric.questions}
    start_at = {index: specs[question_id] for question_id, index in starts.items()}
    last_start = max(starts.values(), default=-1)
    references = _Heading(rubric, "reference_heading", rubric.references, DEFAULT_REFERENCE_HEADING)
    appendix = _Heading(rubric, "appendix_heading", rubric.appendices, DEFAULT_APPENDIX_HEADING)
    own_parts: dict[EndMatter, set[str]] = {"references": set(), "appendices": set()}
    in_force = {spec.id: {use.id for use in rubric.rules_for(spec)} for spec in rubric.questions}
    started: list[QuestionSpec] = []
    repeats: list[tuple[str, str, str]] = []
    from tma_check.infer.labels import read_label  # imported here: inference uses this module

    out = _Builder()
    roles: dict[int, Role] = {}
    question: QuestionSpec | None = None
    question_start = -1
    mode: Role = "front-matter"
    prompt_end = -1
    for block in blocks:
        i = block.index
        if block.anchor is not None:
            out.add(block, roles.get(block.anchor, mode))
            continue
        if i in start_at:
            question, question_start, mode = start_at[i], i, "answer"
            started.append(question)
            out.open("question", question.id)
            prompt_end = _prompt_end(blocks, i, _next_start(starts, i, len(blocks)), question)
        if question is not None and i < prompt_end:
            role: Role = "prompt"
        else:
            part = _part(block, references, appendix) if mode != "front-matter" else None
            if part is not None:
                if (
                    question is not None
                    and question_start == last_start
                    and not own_parts[part]
                    and _END_RULES[part] in in_force[question.id]
                ):
                    question = None  # end matter of the whole document, left out by its rule
                if question is not None:
                    own_parts[part].add(question.id)
                elif out.kind != part:
                    out.open(part, part)
                mode = part
            elif (
                question is not None
                and mode == "answer"
                and _outranks(block, blocks[question_start])
                and read_label(block) is not None
            ):
                again = _started_again(block, started)
                if again is not None:
                    repeats.append((again, block.text.strip()[:60], question.id))
                else:
                    question, mode = None, "unknown"
                    out.open("unknown", block.text.strip())
            role = mode
        roles[i] = role
        out.add(block, role)
    out.close()
    hints = tuple(_hint(document, spec) for spec in missing)
    return Split(
        sections=tuple(out.sections),
        missing=tuple(missing),
        hints=tuple(hint for hint in hints if hint[1]),
        repeats=tuple(repeats),
    )


def _next_start(starts: dict[str, int], index: int, default: int) -> int:
    return min((start for start in starts.values() if start > index), default=default)


def _outranks(block: Block, prompt: Block) -> bool:
    """A heading as high as the question's own heading: a section the rubric lacks."""
    return (
        prompt.heading_level is not None
        and block.heading_level is not None
        and block.heading_level <= prompt.heading_level
        and block.cell is None
    )


def _hint(document: Document, spec: QuestionSpec) -> tuple[str, str]:
    """A paragraph that looks like the missing question's start, if any."""
    loose = regex.compile(rf"(?i)^\s*{regex.escape(spec.id)}(?![\p{{L}}\p{{N}}])")
    for block in candidates(document.blocks):
        if loose.search(block.text) is not None and len(block.text.split()) <= 40:
            return spec.id, block.text.strip()[:60]
    return spec.id, ""
