"""Plain, immutable data shared by every stage of the pipeline.

    .docx --load--> Document --split--> Sections --measure--> Measurements
          --check(rubric)--> FileResult --report--> table / plain / json

This module imports nothing but the standard library and :mod:`tma_check.record`,
which makes its classes (as :mod:`dataclasses` would, at a fraction of the cost).
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from tma_check.record import record

BlockKind = Literal["paragraph", "table-cell", "textbox", "footnote", "endnote"]
MarkKind = Literal["field", "superscript", "subscript", "style", "image"]


@record
class Mark:
    """Where a stretch of a block's text came from.

    ``kind`` is ``field`` (``value`` is the field instruction, e.g.
    ``ADDIN ZOTERO_ITEM CSL_CITATION {...}``), ``superscript`` or
    ``subscript`` (``value`` is empty), ``style`` (``value`` is the character
    style's name) or ``image`` (a zero-width mark where a picture is anchored).
    """

    start: int
    end: int
    kind: MarkKind
    value: str = ""


@record
class Cell:
    """Where a table-cell block sits: which table, row and column (0-based)."""

    table: int
    row: int
    column: int
    depth: int = 1


@record
class Block:
    """One paragraph of visible text, in document order.

    ``text`` is what a reader sees, without the automatic list label, which is
    kept apart in ``label`` (Word counts a label as one word). ``kind`` says
    where the paragraph lives; a footnote, endnote or text box is placed right
    after the paragraph that anchors it, and ``anchor`` gives that paragraph's
    index.

    A numbered or bulleted paragraph also has ``list`` (which list it belongs
    to: paragraphs of one list share it), ``level`` (0 for the outermost) and
    ``list_format`` (Word's number format: ``decimal``, ``lowerLetter``,
    ``bullet``...). ``bold`` is how many characters at the start of ``text``
    are bold (all of them for a bold paragraph, 0 when it starts plain).
    """

    index: int
    kind: BlockKind
    text: str
    style: str = "Normal"
    heading_level: int | None = None
    label: str | None = None
    marks: tuple[Mark, ...] = ()
    cell: Cell | None = None
    indent: int = 0
    emphasis: frozenset[str] = frozenset()
    anchor: int | None = None
    list: str | None = None
    level: int | None = None
    list_format: str | None = None
    bold: int = 0

    @property
    def is_heading(self) -> bool:
        return self.heading_level is not None


# The parts a whole-document count is broken into, in the order they are shown.
DOCUMENT_PARTS = ("body", "tables", "textboxes", "footnotes", "endnotes")


@record
class DocumentCount:
    """The whole-document count, as Word's Review > Word Count shows it, by part."""

    path: str
    words: int
    parts: tuple[tuple[str, int], ...]
    cached_words: int | None
    notes_included: bool


@record
class Document:
    """Everything tma-check read from one .docx file."""

    path: str
    blocks: tuple[Block, ...]
    cached_words: int | None = None
    application: str | None = None
    notes_in_stats: bool = True
    notices: tuple[str, ...] = ()


Role = Literal["front-matter", "prompt", "answer", "references", "appendices", "unknown"]
SectionKind = Literal["front-matter", "question", "references", "appendices", "unknown"]


@record
class Entry:
    """A block inside a section, with the part of the section it belongs to.

    ``cut`` is how many characters at the start of the block are question
    rather than answer: a label or a question that shares its paragraph with
    the answer ("1. The article argues ...").
    """

    block: Block
    role: Role
    cut: int = 0


@record
class Section:
    """A stretch of the document: a question, front matter or end matter.

    ``id`` is the question id for questions; for other sections it names the
    kind (``front matter``, ``references``, ``appendices``) or, for a heading
    the rubric does not know, the heading's text.
    """

    kind: SectionKind
    id: str
    title: str
    entries: tuple[Entry, ...]
    parts: tuple[Section, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(entry.block for entry in self.entries)


@record(order=True)
class Hit:
    """A span an exclusion rule leaves out of the count.

    Offsets are into ``Block.text`` of the block whose index is ``block``.
    ``whole`` means the entire block, list label included; ``label`` that the
    block's list label is left out with the span. ``note`` carries a warning
    about the hit (e.g. an unbalanced quotation mark); ``value`` a number the
    rule read (the word count a student declared).
    """

    block: int
    start: int
    end: int
    whole: bool = False
    note: str = ""
    value: int | None = None
    label: bool = False


@record
class Exclusion:
    """An excluded span as reported: which rule, where, how many words."""

    rule: str
    block: int
    start: int
    end: int
    words: int
    text: str
    note: str = ""
    whole: bool = False
    label: bool = False  # the block's list label is left out with the span


@record
class Measurement:
    """The words of one section: all of them, counted, and left out by rule (``excluded``,
    the rule that left out most first, as every report lists them)."""

    section: Section
    total: int
    counted: int
    excluded: tuple[tuple[str, int], ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    declared: int | None = None

    @property
    def excluded_words(self) -> int:
        return self.total - self.counted

    def excluded_by(self) -> dict[str, int]:
        return dict(self.excluded)


class Status(str, Enum):
    """Verdict on a question or a file, from best to worst."""

    OK = "ok"
    UNDER = "under"
    OVER = "over"
    MISSING = "missing"
    FAIL = "fail"
    UNCHECKED = "unchecked"  # no limit could be applied: no pass
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _STATUS_ORDER.index(self)

    @property
    def is_problem(self) -> bool:
        return self is not Status.OK


_STATUS_ORDER = list(Status)


class Severity(str, Enum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


@record
class Finding:
    """One thing to tell the user, about a question (``where``) or the file."""

    where: str
    severity: Severity
    code: str
    message: str


@record
class Location:
    """A place in a rubric file, for error messages and ``rubric show``."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@record
class RuleUse:
    """A rule named by a rubric, with the options set for it there.

    For custom rules ``custom`` is ``pattern`` or ``style`` and ``id`` is the
    name the rubric gave the rule.
    """

    id: str
    options: tuple[tuple[str, Any], ...] = ()
    where: Location | None = None
    custom: str = ""

    def option_map(self) -> dict[str, Any]:
        return dict(self.options)


@record
class PenaltyBand:
    """One band of a penalty policy: what work more than ``over`` percent over its
    limit loses, up to the next band.

    Exactly one of ``deduct`` (marks), ``percent`` (percent of the mark) and
    ``cap`` (the most the work can get, in marks) is set. With ``per``, the
    deduction is made again for every further ``per`` percent over (or part of
    it) beyond ``over``.
    """

    over: float
    deduct: float | None = None
    percent: float | None = None
    cap: float | None = None
    per: float | None = None
    where: Location | None = None


@record
class Penalty:
    """What a rubric's penalty bands would cost a piece of work that is over its limit:
    ``marks`` deducted, ``percent`` of the mark deducted, or the mark capped at ``cap``."""

    over: float  # percent over the limit
    band: PenaltyBand
    marks: float = 0.0
    percent: float = 0.0
    cap: float | None = None


@record
class QuestionSpec:
    """One question of a rubric."""

    id: str
    match: str | None = None
    limit: int | None = None
    minimum: int | None = None
    marks: float | None = None
    leeway: float | None = None
    exclude: tuple[RuleUse, ...] = ()
    include: tuple[str, ...] = ()
    count: bool = True
    prompt: int | None = None
    where: Location | None = None
    parts: tuple[QuestionSpec, ...] = ()
    penalties: tuple[PenaltyBand, ...] | None = None  # None: the rubric's


WHOLE_DOCUMENT = "Document"  # the id of the one piece of writing a document without questions is


@record
class Rubric:
    """A validated rubric, with every ``extends`` already applied.

    ``limit`` and ``minimum`` are for the document as a whole: the one piece
    of writing when there are no ``questions``, else the questions' total.
    """

    title: str
    source: str
    leeway: float = 0.0
    total_marks: float | None = None
    exclude: tuple[RuleUse, ...] = ()
    questions: tuple[QuestionSpec, ...] = ()
    references: str = ""
    appendices: str = ""
    declared_tolerance: float = 2.0
    origins: tuple[tuple[str, Location], ...] = ()
    policy: str = ""
    limit: int | None = None
    minimum: int | None = None
    penalties: tuple[PenaltyBand, ...] = ()
    share_tolerance: float = 10.0

    @property
    def whole(self) -> bool:
        """A rubric with no questions checks the document as one piece."""
        return not self.questions

    @property
    def base(self) -> bool:
        """A rubric of rules alone (a preset such as ou-default): no questions and no limit.
        Checking against one reads the questions and limits from the document."""
        return not self.questions and self.limit is None and self.minimum is None

    def rules_for(self, question: QuestionSpec | None) -> tuple[RuleUse, ...]:
        """The rules in force for ``question`` (or outside any question)."""
        chosen: dict[str, RuleUse] = {use.id: use for use in self.exclude}
        if question is not None:
            for use in question.exclude:
                chosen[use.id] = use
            for rule_id in question.include:
                chosen.pop(rule_id, None)
        return tuple(chosen.values())

    def penalties_for(self, question: QuestionSpec | None) -> tuple[PenaltyBand, ...]:
        """The penalty bands for ``question`` (None: the whole document or the total)."""
        if question is None or question.penalties is None:
            return self.penalties
        return question.penalties


@record
class Share:
    """A question's share of the words counted (toward the questions that carry marks)
    against its share of those marks, both in percent."""

    words: float
    marks: float

    @property
    def gap(self) -> float:
        """Percentage points the words are above (positive) or below the marks."""
        return self.words - self.marks


@record
class QuestionResult:
    """The verdict on one question of the rubric."""

    spec: QuestionSpec
    status: Status
    measurement: Measurement | None
    leeway: float
    findings: tuple[Finding, ...] = ()
    parts: tuple[QuestionResult, ...] = ()
    penalty: Penalty | None = None
    share: Share | None = None

    @property
    def id(self) -> str:
        return self.spec.id

    def walk(self) -> tuple[QuestionResult, ...]:
        """This question and its parts (and theirs), in order."""
        return (self, *(result for part in self.parts for result in part.walk()))

    @property
    def counted(self) -> int | None:
        if self.measurement is None or not self.spec.count:
            return None
        return self.measurement.counted


@record
class TotalResult:
    """The questions' total against the document's own limit and declared count."""

    counted: int
    limit: int | None
    minimum: int | None
    leeway: float
    declared: int | None
    status: Status
    findings: tuple[Finding, ...] = ()
    penalty: Penalty | None = None


@record
class FileResult:
    """Everything the report needs about one checked file.

    ``unchecked`` says why no limit at all could be applied (the check then
    proves nothing, and exits 2 rather than 0).
    """

    path: str
    status: Status
    rubric: Rubric | None = None
    questions: tuple[QuestionResult, ...] = ()
    others: tuple[Measurement, ...] = ()
    findings: tuple[Finding, ...] = ()
    words: int | None = None
    cached_words: int | None = None
    error: str | None = None
    notices: tuple[str, ...] = ()
    total: TotalResult | None = None
    unchecked: str | None = None

    def all_questions(self) -> tuple[QuestionResult, ...]:
        """Every question and part, in order."""
        return tuple(result for question in self.questions for result in question.walk())

    def penalties(self) -> tuple[tuple[str, Penalty], ...]:
        """Every penalty the rubric's bands would give, with what it is for."""
        found = [(q.id, q.penalty) for q in self.questions if q.penalty is not None]
        if self.total is not None and self.total.penalty is not None:
            found.append(("total", self.total.penalty))
        return tuple(found)
