"""Split a document into questions, front matter and end matter.

The document's outline (:mod:`tma_check.structure`) says where its
questions are, whatever the layout. A rubric's question is found by its
``match`` pattern, tested on the start of each paragraph (with its automatic
list label); without one, by its id: ``Q1``, ``Question 1`` and ``1`` name the
first question whether the document writes "Q1)", "Question 1", a bold "1.",
an automatic "1." or a question box. A question runs to the next question's
start; its prompt is as the outline says (or ``prompt: N`` paragraphs). The
rubric's ``parts`` are found the same way inside their question.

A rubric without questions checks the document as one piece: from where
its main text starts to its end.

Inside a question, a reference-list heading or an appendix heading starts a
part that the ``reference-list`` or ``appendices`` rule leaves out. After the
last question such a heading starts end matter that belongs to no question,
unless earlier questions had parts of that kind of their own (then it is the
last question's).

A question of the outline that the rubric does not list (a heading at the
questions' level, "Part C", a label written a second time) starts an
``unknown`` section: its words count toward no question, and the check
reports it. Nothing is folded into the question above.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal

from tma_check.labels import Label, of_block, same_part, same_question
from tma_check.lazyre import compiled, escape
from tma_check.model import (
    WHOLE_DOCUMENT,
    Block,
    Document,
    Entry,
    QuestionSpec,
    Role,
    Rubric,
    Section,
    SectionKind,
)
from tma_check.patterns import Budget, compile_pattern, literal_start, too_slow
from tma_check.record import field, record
from tma_check.structure import (
    APPENDIX_HEADING,
    REFERENCE_HEADING,
    REPEAT_SUFFIX,
    Outline,
    Prompt,
    Unit,
    is_contents,
    prompt_of,
    recognise,
)

if TYPE_CHECKING:
    import regex

# Kept for rubrics and callers that name them.
DEFAULT_REFERENCE_HEADING = REFERENCE_HEADING
DEFAULT_APPENDIX_HEADING = APPENDIX_HEADING
_HEADING_WORDS = 12
PROMPT_START = 2_000  # characters of a paragraph a question pattern is tested on


@record
class Split:
    """The sections of a document, and what the rubric asked for but did not find."""

    sections: tuple[Section, ...]
    missing: tuple[QuestionSpec, ...] = ()
    hints: tuple[tuple[str, str], ...] = ()
    repeats: tuple[tuple[str, str, str], ...] = ()  # (question, heading, counted in)
    missing_parts: tuple[tuple[str, QuestionSpec], ...] = ()  # (question id, part)

    def question(self, question_id: str) -> Section | None:
        for section in self.sections:
            if section.kind == "question" and section.id == question_id:
                return section
        return None


@record(frozen=False)
class _Start:
    """Where a question (or an unknown section) starts, and its prompt and parts."""

    index: int
    kind: SectionKind
    ident: str
    prompt: Prompt
    spec: QuestionSpec | None = None
    parts: list[PartPlan] = field(default_factory=list)
    part_prompts: list[Prompt] = field(default_factory=list)  # its sub-questions' text


def question_pattern(spec: QuestionSpec) -> regex.Pattern[str]:
    return compile_pattern(spec.match) if spec.match else _id_pattern(spec.id)


def _id_pattern(question_id: str) -> regex.Pattern[str]:
    """A paragraph that starts with the id itself ("Q1", not "Q10" nor "Q1a")."""
    return compiled(rf"(?i)^\s*{escape(question_id)}(?![\p{{L}}\p{{N}}])")


def candidates(blocks: Sequence[Block], skipped: frozenset[int] = frozenset()) -> list[Block]:
    """Blocks that can start a question: not notes or text boxes, not a table of contents
    (``skipped``: the outline's contents lists)."""
    return [
        block
        for block in blocks
        if block.anchor is None
        and (block.text.strip() or block.label)
        and not is_contents(block)
        and block.index not in skipped
    ]


def _forms(block: Block) -> tuple[str, ...]:
    """The texts a question pattern is tested on: the paragraph, and with its list label."""
    text = block.text.lstrip()
    return (text,) if block.label is None else (text, f"{block.label} {text}")


def _matches(
    pattern: regex.Pattern[str], forms: Sequence[str], budget: Budget, start: str = ""
) -> bool:
    """Does a paragraph (``forms``: from :func:`_forms`) match ``pattern`` near its start?

    The pattern sees the whole paragraph, so that ``$`` means its end; the
    match must start within its first :data:`PROMPT_START` characters. A text
    that does not begin with ``start`` (the pattern's :func:`literal_start`)
    cannot match, and the pattern is not run on it.
    """
    for form in forms:
        if not form.startswith(start):
            continue
        found = budget.search(pattern, form)
        if found is not None and found.start() < PROMPT_START:
            return True
    return False


def _by_pattern(
    pool: Sequence[tuple[Block, tuple[str, ...]]], spec: QuestionSpec, after: int, claimed: set[int]
) -> int | None:
    """The first paragraph after ``after`` (else before it) that ``spec.match`` matches;
    ``pool`` holds each candidate with its :func:`_forms`."""
    pattern = question_pattern(spec)
    budget = Budget()
    start = literal_start(spec.match or "")
    ordered = [b for b in pool if b[0].index > after] + [b for b in pool if b[0].index <= after]
    return next(
        (
            block.index
            for block, forms in ordered
            if block.index not in claimed and _matches(pattern, forms, budget, start)
        ),
        None,
    )


def _by_id(
    outline: Outline, pool: Sequence[Block], spec_id: str, after: int, claimed: set[int]
) -> tuple[int, Unit | None] | None:
    """The question an id names: a unit of the outline, else a paragraph labelled so."""
    units = [u for u in outline.all_units() if not u.repeat and u.start not in claimed]
    named = [u for u in units if same_question(spec_id, u.id)]
    for unit in sorted(named, key=lambda u: (u.start <= after, u.start)):
        return unit.start, unit
    for block in [b for b in pool if b.index > after] + [b for b in pool if b.index <= after]:
        if block.index in claimed or block.index in outline.end_matter:
            continue
        label = of_block(block)
        if label is not None and _set_apart(block, label) and same_question(spec_id, label.id):
            return block.index, None
    return None


def _repeated(ident: str, specs: Iterable[str]) -> str | None:
    """The rubric's question a repeat ("Question 1 (again)") writes again, if any."""
    if not ident.endswith(REPEAT_SUFFIX):
        return None
    base = ident[: -len(REPEAT_SUFFIX)]
    return next((q for q in specs if same_question(q, base)), None)


def _set_apart(block: Block, label: Label) -> bool:
    """A label that could start a question the outline passed over.

    A bare number must stand out (a heading, a bold line, a question box):
    "1." in plain text or in a Word list is more often an answer's own point.
    """
    if label.bare:
        return block.is_heading or "bold" in block.emphasis or block.cell is not None
    return label.closed or bool(block.emphasis) or block.is_heading


def find_starts(
    document: Document, rubric: Rubric, outline: Outline | None = None
) -> tuple[dict[str, int], list[QuestionSpec]]:
    """Map each question id to the index of the block that starts it."""
    found, missing = _find(document, rubric, outline or recognise(document))
    return {spec.id: index for spec, (index, _) in found.items()}, missing


def _find(
    document: Document, rubric: Rubric, outline: Outline
) -> tuple[dict[QuestionSpec, tuple[int, Unit | None]], list[QuestionSpec]]:
    pool = candidates(document.blocks, outline.skipped)
    tested = (
        [(block, _forms(block)) for block in pool] if any(s.match for s in rubric.questions) else []
    )
    claimed: set[int] = set()
    found: dict[QuestionSpec, tuple[int, Unit | None]] = {}
    missing: list[QuestionSpec] = []
    after = -1
    for number, spec in enumerate(rubric.questions):
        hit: tuple[int, Unit | None] | None
        if spec.match:
            try:
                index = _by_pattern(tested, spec, after, claimed)
            except (TimeoutError, MemoryError) as error:
                key = f"questions[{number}].match"
                raise too_slow(spec.match, spec.where, rubric.source, key, error) from None
            unit = next((u for u in outline.all_units() if u.start == index), None)
            hit = None if index is None else (index, unit)
        else:
            hit = _by_id(outline, pool, spec.id, after, claimed)
        if hit is None:
            missing.append(spec)
            continue
        claimed.add(hit[0])
        found[spec] = hit
        after = hit[0]
    return found, missing


def _plan(
    document: Document, rubric: Rubric, outline: Outline
) -> tuple[list[_Start], list[QuestionSpec], list[tuple[str, QuestionSpec]]]:
    """Every start, in document order: the rubric's questions and the outline's others."""
    blocks = document.blocks
    found, missing = _find(document, rubric, outline)
    mapped = {index for index, _ in found.values()}
    starts: list[_Start] = []
    bounds = sorted(mapped | {u.start for u in outline.units})
    missing_parts: list[tuple[str, QuestionSpec]] = []
    for spec, (index, unit) in found.items():
        stop = next((b for b in bounds if b > index), len(blocks))
        if unit is not None and spec.prompt is None:
            prompt = unit.prompt
        else:
            stop_prompt = unit.parts[0].start if unit is not None and unit.parts else stop
            prompt = prompt_of(blocks, index, stop_prompt, of_block(blocks[index]), spec.prompt)
        start = _Start(index, "question", spec.id, prompt, spec)
        start.parts, lost = _parts(blocks, spec, unit, index, stop, outline)
        if unit is not None:  # its parts' text is question text, listed or not
            start.part_prompts = [part.prompt for part in unit.walk()[1:]]
        missing_parts += [(spec.id, part) for part in lost]
        starts.append(start)
    for unit in outline.units:
        if unit.start in mapped:
            continue
        kind: SectionKind = "unknown"
        starts.append(_Start(unit.start, kind, unit.id, unit.prompt))
    starts.sort(key=lambda s: s.index)
    return starts, missing, missing_parts


# (parent: 0 for the question, else the number of the part plan above; part, start, end, prompt)
PartPlan = tuple[int, QuestionSpec, int, int, Prompt]


def _parts(
    blocks: Sequence[Block],
    spec: QuestionSpec,
    unit: Unit | None,
    start: int,
    stop: int,
    outline: Outline,
) -> tuple[list[PartPlan], list[QuestionSpec]]:
    """The rubric's parts of a question (and theirs), found inside it, in document order."""
    if not spec.parts:
        return [], []
    inside = [u for top in (unit.parts if unit is not None else ()) for u in top.walk()]
    inside += [
        u for u in outline.all_units() if start < u.start < stop and u not in inside and u.label
    ]
    plans: list[PartPlan] = []
    lost: list[QuestionSpec] = []
    claimed: set[int] = set()
    _find_parts(blocks, spec, 0, start, stop, inside, claimed, plans, lost)
    return plans, lost


def _find_parts(
    blocks: Sequence[Block],
    parent: QuestionSpec,
    parent_number: int,
    start: int,
    stop: int,
    inside: Sequence[Unit],
    claimed: set[int],
    plans: list[PartPlan],
    lost: list[QuestionSpec],
) -> None:
    found: list[tuple[QuestionSpec, int, Prompt]] = []
    for part in parent.parts:
        hit: tuple[int, Prompt] | None = None
        if part.match:
            pattern = question_pattern(part)
            budget = Budget()
            begins = literal_start(part.match)
            for block in blocks[start + 1 : stop]:
                if (
                    block.anchor is None
                    and block.index not in claimed
                    and _matches(pattern, _forms(block), budget, begins)
                ):
                    hit = (block.index, prompt_of(blocks, block.index, stop, of_block(block)))
                    break
        else:
            unit_hit = next(
                (
                    u
                    for u in inside
                    if start <= u.start < stop
                    and u.start not in claimed
                    and same_part(part.id, u.id)
                ),
                None,
            )
            if unit_hit is not None:
                hit = (unit_hit.start, unit_hit.prompt)
        if hit is None:
            lost.append(part)
            continue
        claimed.add(hit[0])
        found.append((part, hit[0], hit[1]))
    found.sort(key=lambda item: item[1])
    for i, (part, index, prompt) in enumerate(found):
        end = found[i + 1][1] if i + 1 < len(found) else stop
        plans.append((parent_number, part, index, end, prompt))
        if part.parts:
            _find_parts(blocks, part, len(plans), index, end, inside, claimed, plans, lost)


class _Heading:
    """A heading pattern (the rubric's or the default) with its time budget."""

    def __init__(self, rubric: Rubric, key: str, given: str, default: str) -> None:
        self.pattern = compile_pattern(given or default)
        self.budget = Budget()
        self.rubric = rubric
        self.key = key

    def matches(self, block: Block) -> bool:
        text = block.text.strip()
        if not text or block.anchor is not None or block.cell is not None:
            return False
        if len(text.split()) > _HEADING_WORDS:
            return False
        try:
            return self.budget.search(self.pattern, text) is not None
        except (TimeoutError, MemoryError) as error:
            where = dict(self.rubric.origins).get(self.key)
            pattern = self.pattern.pattern
            raise too_slow(pattern, where, self.rubric.source, self.key, error) from None


class _Builder:
    """Collects entries into sections as the walk goes."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.kind: SectionKind = "front-matter"
        self.id = "front matter"
        self.entries: list[Entry] = []
        self.parts: list[PartPlan] = []

    def open(self, kind: SectionKind, ident: str, parts: list[PartPlan] | None = None) -> None:
        """Start a section; a second reference list (say) is "references 2"."""
        self.close()
        if kind not in ("question", "unknown"):
            seen = sum(1 for section in self.sections if section.kind == kind)
            if seen:
                ident = f"{ident} {seen + 1}"
        self.kind, self.id, self.entries = kind, ident, []
        self.parts = parts or []

    def add(self, block: Block, role: Role, cut: int = 0) -> None:
        self.entries.append(Entry(block, role, cut))

    def close(self) -> None:
        if self.entries:
            title = next((e.block.text.strip() for e in self.entries if e.block.text.strip()), "")
            parts = _part_sections(self.entries, self.parts, 0)
            self.sections.append(Section(self.kind, self.id, title, tuple(self.entries), parts))
        self.entries = []
        self.parts = []


def _part_sections(
    entries: Sequence[Entry], plans: Sequence[PartPlan], parent: int
) -> tuple[Section, ...]:
    """The sections of the parts under ``parent`` (0: the question), each with its own parts."""
    out = []
    for number, (above, spec, start, end, _) in enumerate(plans, start=1):
        if above != parent:
            continue
        chosen = tuple(
            e
            for e in entries
            if start <= (e.block.anchor if e.block.anchor is not None else e.block.index) < end
            and e.role in ("prompt", "answer")
        )
        title = next((e.block.text.strip() for e in chosen if e.block.text.strip()), "")
        inner = _part_sections(chosen, plans, number)
        out.append(Section("question", spec.id, title, chosen, inner))
    return tuple(out)


EndMatter = Literal["references", "appendices"]
_END_RULES: dict[EndMatter, str] = {"references": "reference-list", "appendices": "appendices"}


def _part(block: Block, references: _Heading, appendix: _Heading) -> EndMatter | None:
    if references.matches(block):
        return "references"
    if appendix.matches(block):
        return "appendices"
    return None


def _whole(document: Document, outline: Outline) -> list[_Start]:
    """The one piece of writing: a start at the main text, with the outline's prompts."""
    start = outline.main
    prompt = Prompt(start, start)
    return [_Start(start, "question", WHOLE_DOCUMENT, prompt, QuestionSpec(WHOLE_DOCUMENT))]


def _prompt_roles(outline: Outline) -> dict[int, int]:
    """Block index -> characters of prompt (-1: the whole block), for each unit of the outline."""
    roles: dict[int, int] = {}
    for unit in outline.all_units():
        for index in range(unit.prompt.start, unit.prompt.end):
            roles[index] = -1
        if unit.prompt.cut_block is not None:
            roles.setdefault(unit.prompt.cut_block, unit.prompt.cut)
    return roles


def split(document: Document, rubric: Rubric, outline: Outline | None = None) -> Split:
    """Divide ``document`` into sections as ``rubric`` describes."""
    blocks = document.blocks
    outline = outline or recognise(document)
    missing: list[QuestionSpec]
    lost: list[tuple[str, QuestionSpec]]
    if rubric.whole:
        starts, missing, lost = _whole(document, outline), [], []
        prompts = _prompt_roles(outline)
    else:
        starts, missing, lost = _plan(document, rubric, outline)
        prompts = {}
    start_at = {s.index: s for s in starts}
    question_starts = [s.index for s in starts if s.kind == "question"]
    last_start = max(question_starts, default=-1)
    references = _Heading(rubric, "reference_heading", rubric.references, REFERENCE_HEADING)
    appendix = _Heading(rubric, "appendix_heading", rubric.appendices, APPENDIX_HEADING)
    own_parts: dict[EndMatter, set[str]] = {"references": set(), "appendices": set()}
    specs = {spec.id: spec for spec in rubric.questions}
    whole_spec = QuestionSpec(WHOLE_DOCUMENT)
    in_force = {
        spec_id: {use.id for use in rubric.rules_for(spec)}
        for spec_id, spec in [*specs.items(), (WHOLE_DOCUMENT, whole_spec)]
    }
    repeats: list[tuple[str, str, str]] = []

    out = _Builder()
    roles: dict[int, Role] = {}
    current: _Start | None = None
    mode: Role = "front-matter"
    for block in blocks:
        i = block.index
        if block.anchor is not None:
            out.add(block, roles.get(block.anchor, mode))
            continue
        if i in start_at:
            current = start_at[i]
            if current.kind == "question":
                mode = "answer"
                out.open("question", current.ident, current.parts)
            else:
                mode = "unknown"
                out.open("unknown", current.ident)
                again = _repeated(current.ident, specs)
                if again is not None:
                    repeats.append((again, block.text.strip()[:60], current.ident))
        role, cut = _role(block, current, mode, prompts)
        if role is None:
            part = _part(block, references, appendix) if mode != "front-matter" else None
            if part is not None:
                if (
                    current is not None
                    and current.kind == "question"
                    and current.index == last_start
                    and not own_parts[part]
                    and _END_RULES[part] in in_force.get(current.ident, set())
                ):
                    current = None  # end matter of the whole document, left out by its rule
                if current is not None and current.kind == "question":
                    own_parts[part].add(current.ident)
                elif out.kind != part:
                    out.open(part, part)
                mode = part
            role = mode
        roles[i] = role
        out.add(block, role, cut)
    out.close()
    if rubric.whole and not any(s.kind == "question" for s in out.sections):
        out.sections.append(Section("question", WHOLE_DOCUMENT, "", ()))  # an empty document
    claimed = {s.index for s in starts if s.kind == "question"}
    return Split(
        sections=tuple(out.sections),
        missing=tuple(missing),
        hints=_hints(document, outline, missing, claimed),
        repeats=tuple(repeats),
        missing_parts=tuple(lost),
    )


def _role(
    block: Block, current: _Start | None, mode: Role, prompts: dict[int, int]
) -> tuple[Role | None, int]:
    """A block's role when its question decides it (prompt, or answer with a cut), else None."""
    i = block.index
    if current is None or mode != "answer":
        return None, 0  # a section the rubric lacks counts all its words, its heading too
    if i in prompts:
        return ("prompt", 0) if prompts[i] < 0 else (None, prompts[i])
    prompt = current.prompt
    if prompt.start <= i < prompt.end:
        return "prompt", 0
    for part_prompt in [plan[4] for plan in current.parts] + current.part_prompts:
        if part_prompt.start <= i < part_prompt.end:
            return "prompt", 0
        if part_prompt.cut_block == i:
            return None, part_prompt.cut
    if prompt.cut_block == i:
        return None, prompt.cut
    return None, 0


def _hints(
    document: Document, outline: Outline, missing: Sequence[QuestionSpec], claimed: set[int]
) -> tuple[tuple[str, str], ...]:
    """For each missing question, the paragraph nearest to what its id names, if any.

    Questions already found for other ids are no hint. The names on offer, and
    the short paragraphs that could be one, are read once for all the ids.
    """
    if not missing:
        return ()
    short = [
        block
        for block in candidates(document.blocks)
        if block.index not in claimed and len(block.text.split()) <= 40
    ]
    names: dict[str, str] = {}
    for unit in outline.all_units():
        if unit.start not in claimed:
            names.setdefault(unit.id, unit.title)
    for block in short:
        label = of_block(block)
        if label is not None:
            names.setdefault(label.id, block.text.strip()[:60])
    hints = (_hint(spec, names, short) for spec in missing)
    return tuple(hint for hint in hints if hint[1])


def _hint(spec: QuestionSpec, names: dict[str, str], short: Sequence[Block]) -> tuple[str, str]:
    """The name nearest to ``spec``'s id, else the first short paragraph it starts."""
    import difflib  # only for a question that is missing

    close = difflib.get_close_matches(spec.id, list(names), n=1, cutoff=0.6)
    if close:
        return spec.id, names[close[0]] or close[0]
    loose = _id_pattern(spec.id)
    for block in short:
        if loose.search(block.text) is not None:
            return spec.id, block.text.strip()[:60]
    return spec.id, ""
