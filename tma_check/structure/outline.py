"""Find the questions of a document, with their parts, whatever the layout.

The result is an :class:`Outline`: the questions in document order, each
with where it starts, its prompt and its parts; or, for a document with no
questions (an essay, a report), where its main text starts. Both the
splitter and rubric inference read the same outline, so a rubric inferred
from a document finds its questions again by their ids alone.

How labels are found and judged is in :mod:`tma_check.structure.families`;
a few rules act on the families as a whole:

* the same label twice in a row ("Question 1" as a heading, then "Q1) ..."
  in bold) is one question; a label that comes back later is kept apart as a
  repeat, unless the first run was the question paper copied before the
  answers (labels with little but their prompts between them);
* a single label with nothing after it ("ACTIVITY 1") straight before a
  numbered set of questions is the document's title, not a question;
* a bare number that carries on the questions' sequence ("Part 1", then
  "2. Case study analysis") is the next question;
* when the questions are headings, any other heading at their level (or
  higher) is a section of its own: it ends the question above.
"""

from __future__ import annotations

from collections.abc import Sequence

from tma_check.labels import Label, join_part, of_block, same_question
from tma_check.model import Block, Document
from tma_check.record import field, record, replace
from tma_check.statements import read_marks, read_words
from tma_check.structure.contents import grouping
from tma_check.structure.families import (
    LONG_WORDS,
    PARTS,
    Candidate,
    Family,
    accept,
    candidate,
    encloses,
    families,
    near,
    only_prompt_between,
    words_between,
)
from tma_check.structure.furniture import EndHeadings, contents_blocks, cover_values
from tma_check.structure.look import answer_mark, is_heading, look, section_title, word_count
from tma_check.structure.main import main_start, prose
from tma_check.structure.prompts import Prompt, prompt_of

REPEAT_SUFFIX = " (again)"  # a repeated label's id: "Q1 (again)"
MAX_DEPTH = 2  # parts, and parts of parts
SECTION_TEXT = 40  # words under a heading before the first question that make it a section
_BRIEF_WORDS = 15  # a copied question paper: labels with about this little between them
_BRIEF_PROSE = 60  # ... or this much, when an "Answers" line follows the copy
_ID_CHARS = 60
_TITLE_LINES = 8  # lines of a title block
_REGION_LINE = 12  # a bold line this short ends a reference list typed without heading styles
_OPENING = 40  # words of prose before weak labels that make them an essay's sub-headings


@record
class Unit:
    """A question (or a part of one, or a section at the questions' level).

    ``start`` is the index of the block that starts it and ``end`` one past
    its last block; ``prompt`` says which of its text is the question. A
    ``section`` is an unlabelled heading at the level of the questions; a
    ``repeat`` is a label seen before, kept apart.
    """

    id: str
    start: int
    end: int
    prompt: Prompt
    label: Label | None = None
    parts: tuple[Unit, ...] = ()
    title: str = ""
    section: bool = False
    repeat: bool = False
    copied: Prompt | None = None

    def walk(self) -> list[Unit]:
        """This unit and all its parts, depth first."""
        return [self, *(unit for part in self.parts for unit in part.walk())]


@record
class Outline:
    """The questions of a document, or where its single piece of writing starts."""

    units: tuple[Unit, ...] = ()
    main: int = 0
    level: str = ""
    skipped: frozenset[int] = frozenset()
    notes: tuple[str, ...] = ()
    end_matter: frozenset[int] = frozenset()  # blocks inside reference lists and appendices

    @property
    def single(self) -> bool:
        return not self.units

    def all_units(self) -> list[Unit]:
        return [unit for top in self.units for unit in top.walk()]

    def find(self, question_id: str) -> Unit | None:
        """The question (or part) a rubric's id names, preferring questions to parts."""
        for unit in self.all_units():
            if not unit.repeat and same_question(question_id, unit.id):
                return unit
        return None


@record(frozen=False)
class _Node:
    cand: Candidate
    depth: int
    family: Family
    ident: str
    synthetic: bool = False
    section: bool = False
    repeat: bool = False
    children: list[_Node] = field(default_factory=list)
    copied: int | None = None  # where the question paper copied above states this question


def reference_regions(blocks: Sequence[Block], ends: EndHeadings) -> set[int]:
    """Blocks inside a reference list or appendix (not their headings), where no question starts.

    The region runs to a heading as high as its own heading, a labelled
    question ("Question 2", "2.2"), or, under a heading that is no heading
    style, to the next heading or bold line.
    """
    inside: set[int] = set()
    level: int | None = None
    emphasis: frozenset[str] = frozenset()
    active = appendix = False
    last: tuple[Label, str] | None = None  # the last question label before the region
    for block in blocks:
        if block.anchor is not None:
            continue
        kind = ends.kind(block)
        if kind is not None:
            active = True
            level = block.heading_level if is_heading(block) else None
            emphasis = block.emphasis
            appendix = kind == "appendices"
            continue
        if not block.text.strip():
            continue
        label = of_block(block)
        if not active:
            if label is not None and label.sub is None and block.cell is None:
                last = (label, look(block))
            continue
        if label is not None and last is not None and _next_in_line(last, label, block):
            active = False  # "Q2)" set like the "Q1)" above: the questions go on
            last = (label, look(block))
            continue
        if level is not None:
            ended = (
                is_heading(block)
                and (block.heading_level or 9) <= level
                and block.emphasis >= emphasis
            )
        else:
            ended = is_heading(block) or (
                "bold" in block.emphasis and word_count(block.text) <= _REGION_LINE
            )
        if ended or (label is not None and label.word and not label.generic and not appendix):
            active = False  # a question after a reference list (an appendix holds anything)
            continue
        if level is None and label is not None and label.sub is not None:
            active = False
            continue
        inside.add(block.index)
    return inside


def _next_in_line(last: tuple[Label, str], label: Label, block: Block) -> bool:
    """Does ``label`` carry on the numbering of ``last``, set the same way?"""
    before, looks = last
    return (
        label.sub is None
        and label.family == before.family
        and label.word == before.word
        and label.ordinal == before.ordinal + 1
        and look(block) == looks
    )


def recognise(document: Document) -> Outline:
    """The outline of ``document``: its questions, or where its main text starts."""
    blocks = document.blocks
    skipped = frozenset(contents_blocks(blocks))
    ends = EndHeadings()
    refs = reference_regions(blocks, ends)
    values = cover_values(blocks)
    cands = [
        c
        for b in blocks
        if b.anchor is None
        and b.index not in skipped
        and b.index not in refs
        and b.index not in values
        and ends.kind(b) is None
        and (c := candidate(b)) is not None
    ]
    verdicts: dict[int, str] = {}
    found: list[Family] = []
    for family in families(cands):
        verdict = accept(family, blocks)
        if verdict is not None:
            verdicts[id(family)] = verdict
            found.append(family)
    labelled = [f for f in found if f.kind != "ask"]
    found = labelled or [f for f in found if _asks_beyond_title(f, blocks)]
    for family in found:
        _merge_restated(family, blocks)
    found = [f for f in found if f.members]
    _drop_first_line(found, blocks, verdicts)
    top = _top(found, blocks, verdicts)
    _carry_on(top, cands, found, blocks)
    top = _drop_title(top, found, blocks, verdicts)
    if top and _headings_of_an_essay(top, blocks):
        top = []
    if not top:
        main = main_start(blocks, skipped, ends)
        return Outline(main=main, skipped=skipped, end_matter=frozenset(refs))
    nodes = _nodes(top, found, blocks, verdicts)
    nodes = _grouped_by_contents(blocks, skipped, nodes, ends)
    level = top[0].looks()
    bold = _mostly_bold(top[0])
    nodes += _sections(blocks, nodes, level, bold, skipped | refs, ends)
    nodes.sort(key=lambda n: n.cand.index)
    _brief_and_repeats(nodes, blocks)
    units = _units(_tree(nodes), blocks, len(blocks), ends)
    return Outline(
        units=tuple(units),
        main=units[0].start,
        level=level,
        skipped=skipped,
        end_matter=frozenset(refs),
    )


# -- family rules --------------------------------------------------------------


def _merge_restated(family: Family, blocks: Sequence[Block]) -> None:
    """A label restated straight after itself ("Question 1", then "Q1) ...") is one label."""
    kept: list[Candidate] = []
    for member in family.members:
        previous = kept[-1] if kept else None
        if (
            previous is not None
            and previous.label is not None
            and member.label is not None
            and same_question(previous.label.id, member.label.id)
            and only_prompt_between(blocks, previous.index, member.index)
        ):
            continue
        kept.append(member)
    family.members = kept


def _asks_beyond_title(family: Family, blocks: Sequence[Block]) -> bool:
    """Unlabelled questions are not the document's title lines: two or more beyond them."""
    family.members = [
        m
        for m in family.members
        if not (_title_zone(blocks, m.index) and not _prose_follows(blocks, m.index))
    ]
    return len(family.members) >= 2


def _prose_follows(blocks: Sequence[Block], index: int) -> bool:
    after = next((b for b in blocks[index + 1 :] if b.anchor is None and b.text.strip()), None)
    return after is not None and word_count(after.text) >= LONG_WORDS


def _top(found: list[Family], blocks: Sequence[Block], verdicts: dict[int, str]) -> list[Family]:
    """The families that number questions: fit to, and not inside any other."""
    return [
        f
        for f in found
        if verdicts[id(f)] == "top" and not any(encloses(o, f, blocks) for o in found if o is not f)
    ]


def _carry_on(
    top: list[Family], cands: Sequence[Candidate], found: list[Family], blocks: Sequence[Block]
) -> None:
    """A bare number that continues a top family's numbering joins it ("Part 1", "2. ...")."""
    taken = {m.index for f in found for m in f.members}
    for family in top:
        last = family.members[-1]
        if family.kind not in ("word", "generic") or last.label is None:
            continue
        if last.label.style != "digit":
            continue
        expected = last.label.ordinal + 1
        for cand in cands:
            label = cand.label
            if cand.index <= last.index or cand.index in taken or label is None:
                continue
            carries = label.bare and label.style == "digit" and label.sub is None
            if carries and label.ordinal == expected and cand.look == last.look:
                named = replace(label, word=last.label.word, generic=last.label.generic)
                family.members.append(replace(cand, label=named))
                expected += 1


def _title_zone(blocks: Sequence[Block], index: int) -> bool:
    """Is ``index`` among the document's first lines, before any paragraph of prose?"""
    lines = 0
    for block in blocks[:index]:
        if block.anchor is not None or not block.text.strip():
            continue
        if word_count(block.text) >= LONG_WORDS:
            return False
        lines += 1
    return lines <= _TITLE_LINES


def _drop_first_line(
    found: list[Family], blocks: Sequence[Block], verdicts: dict[int, str]
) -> None:
    """A lone label that states nothing among the document's first lines titles it
    ("UNIT 3: SEMINAR 2 EXERCISE"), when a set of questions follows."""
    for family in list(found):
        if family.kind != "word" or len(family.members) != 1:
            continue
        only = family.members[0]
        if only.asks or not _title_zone(blocks, only.index):
            continue
        if any(
            f is not family
            and len(f.members) >= 2
            and f.first > only.index
            and verdicts[id(f)] == "top"
            and encloses(family, f, blocks) != PARTS
            for f in found
        ):
            found.remove(family)


def _drop_title(
    top: list[Family], found: list[Family], blocks: Sequence[Block], verdicts: dict[int, str]
) -> list[Family]:
    """A lone label with nothing else on its line, straight before a numbered set of
    questions, is the document's title ("ACTIVITY 1", then "1.", "2.", ...)."""
    for family in list(top):
        if family.kind != "word" or len(family.members) != 1:
            continue
        only = family.members[0]
        if only.asks or not only.label_only:
            continue
        inner = [
            f
            for f in found
            if f is not family
            and encloses(family, f, blocks) == PARTS
            and verdicts[id(f)] == "top"
            and len(f.members) >= 2
            and not f.part_style
            and near(blocks, only.index, f.first)
        ]
        if inner:
            found.remove(family)
            top = _top(found, blocks, verdicts)
            break
    return top


def _headings_of_an_essay(top: list[Family], blocks: Sequence[Block]) -> bool:
    """Sub-headings of an essay, not questions: only weak families ("Recommendation 1",
    unlabelled question lines) that state no limit or marks, after an opening of prose
    with no "Answer:" line between."""
    if any(f.kind not in ("generic", "ask") for f in top):
        return False
    if any(read_words(m.block.text) or read_marks(m.block.text) for f in top for m in f.members):
        return False
    first = min(f.first for f in top)
    before = [b for b in blocks[:first] if b.anchor is None and b.cell is None and b.text.strip()]
    if any(answer_mark(b.text) for b in before):
        return False
    looks = {f.looks() for f in top}
    if any(look(b) in looks and not section_title(b.text) for b in before):
        return False  # a section set like them comes first ("Initial prompt", then "Iteration 1")
    return sum(word_count(b.text) for b in before if prose(b)) >= _OPENING


def _depths(top: list[Family], found: list[Family], blocks: Sequence[Block]) -> dict[int, int]:
    """How deep each family numbers: 0 for questions, 1 for their parts, 2 below."""
    depth = {id(f): 0 for f in top}
    for _ in range(MAX_DEPTH + 1):
        for family in found:
            if id(family) in depth and depth[id(family)] == 0:
                continue
            outer = [
                depth[id(o)] + (2 if _has_compound(o) else 1)
                for o in found
                if id(o) in depth and encloses(o, family, blocks) == PARTS
            ]
            if outer:
                depth[id(family)] = min(max(outer), MAX_DEPTH + 1)
    return depth


def _has_compound(family: Family) -> bool:
    return any(m.label is not None and m.label.sub is not None for m in family.members)


def _nodes(
    top: list[Family], found: list[Family], blocks: Sequence[Block], verdicts: dict[int, str]
) -> list[_Node]:
    """Every accepted label as a node with its depth; parents made up for "Q1a" without "Q1"."""
    depth = _depths(top, found, blocks)
    nodes: list[_Node] = []
    elsewhere = {
        (m.label.kind or "question", m.label.ordinal): depth[id(f)]
        for f in found
        if id(f) in depth
        for m in f.members
        if m.label is not None and m.label.sub is None and f.kind != "compound"
    }
    plain = sorted(
        (m.index, (m.label.kind or "question", m.label.ordinal))
        for f in found
        if depth.get(id(f)) == 0
        for m in f.members
        if m.label is not None and m.label.sub is None
    )
    for family in found:
        level = depth.get(id(family))
        if level is None or level > MAX_DEPTH:
            continue
        plain_ids = {m.label.id for m in family.members if m.label and m.label.sub is None}
        made: set[str] = set()
        for member in family.members:
            label = member.label
            if label is not None and label.sub is not None:
                key = (label.kind or "question", label.ordinal)
                parent = label.parent_id
                under = _question_above(plain, member.index) == key
                if key in elsewhere and (family.kind == "compound" or under):
                    # "Q1a" under the "Question 1" written above it is its part
                    nodes.append(_Node(member, elsewhere[key] + 1, family, label.id))
                    continue
                if parent not in plain_ids and parent not in made:
                    made.add(parent)
                    nodes.append(_Node(member, level, family, parent, synthetic=True))
                nodes.append(_Node(member, level + 1, family, label.id))
            else:
                nodes.append(_Node(member, level, family, _ident(member)))
    return [n for n in nodes if n.depth <= MAX_DEPTH]


def _question_above(plain: list[tuple[int, tuple[str, int]]], index: int) -> tuple[str, int] | None:
    """The question (kind, number) whose label is the last one before ``index``."""
    above = [key for at, key in plain if at < index]
    return above[-1] if above else None


def _ident(member: Candidate) -> str:
    if member.label is not None:
        return member.label.id
    return ""  # an unlabelled question line: numbered in order later


def _grouped_by_contents(
    blocks: Sequence[Block], skipped: frozenset[int], nodes: list[_Node], ends: EndHeadings
) -> list[_Node]:
    """Questions the contents list groups under entries of its own become their parts."""
    questions = [n.cand.block for n in nodes if n.depth == 0 and not n.section]
    parents = grouping(blocks, skipped, questions)
    if not parents:
        return nodes
    first = parents[0].index
    for node in nodes:
        if node.cand.index > first:
            node.depth += 1
    kept = [n for n in nodes if n.depth <= MAX_DEPTH]
    starts = {n.cand.index for n in kept}
    for block in parents:
        if block.index in starts or ends.kind(block) is not None:
            continue
        cand = Candidate(block, None, look(block), word_count(block.text), False)
        family = Family(("contents",), [cand], kind="contents")
        ident = " ".join(block.text.split()).rstrip(":")[:_ID_CHARS]
        kept.append(_Node(cand, 0, family, ident, section=True))
    return sorted(kept, key=lambda n: n.cand.index)


def _mostly_bold(family: Family) -> bool:
    bold = sum(1 for m in family.members if "bold" in m.block.emphasis)
    return bold * 2 > len(family.members)


def _sections(
    blocks: Sequence[Block],
    nodes: list[_Node],
    level: str,
    bold: bool,
    skipped: frozenset[int] | set[int],
    ends: EndHeadings,
) -> list[_Node]:
    """Unlabelled headings at the questions' level (and as bold, if they are): sections."""
    if not level.startswith("heading:"):
        return []
    top_level = int(level.split(":")[1])
    starts = {n.cand.index for n in nodes}
    first = min(starts)
    ordered = sorted(starts)
    made: list[_Node] = []
    for block in blocks:
        if block.anchor is not None or block.index in starts or block.index in skipped:
            continue
        if not is_heading(block) or block.cell is not None or ends.kind(block) is not None:
            continue
        assert block.heading_level is not None
        if block.heading_level > top_level or not block.text.strip():
            continue
        if bold and "bold" not in block.emphasis:
            continue
        if block.index < first and _text_under(blocks, block.index, ordered) < SECTION_TEXT:
            continue
        if _straight_after_label(blocks, block.index, starts):
            continue  # the answer's own title, right under the question's label
        cand = Candidate(block, None, look(block), word_count(block.text), False)
        family = Family(("section",), [cand], kind="section")
        ident = " ".join(block.text.split()).rstrip(":")[:_ID_CHARS]
        made.append(_Node(cand, 0, family, ident, section=True))
    return made


def _straight_after_label(blocks: Sequence[Block], index: int, starts: set[int]) -> bool:
    for block in reversed(blocks[:index]):
        if block.anchor is not None or not block.text.strip():
            continue
        return block.index in starts
    return False


def _text_under(blocks: Sequence[Block], index: int, starts: Sequence[int]) -> int:
    """Words under a heading before the next heading or question."""
    words = 0
    for block in blocks[index + 1 :]:
        if block.index in starts or is_heading(block):
            break
        if block.anchor is None:
            words += word_count(block.text)
    return words


def _brief_and_repeats(nodes: list[_Node], blocks: Sequence[Block]) -> None:
    """A question paper copied before the answers is dropped; later repeats are marked.

    A copy is the first questions, one after another with no more than their
    prompts between them, then the same questions again (with an "Answers"
    line between, the prompts may be longer). What the copy's prompts state
    goes with the answers' questions.
    """
    top = [n for n in nodes if n.depth == 0 and not n.section and n.ident]
    seen: dict[str, _Node] = {}
    for position, node in enumerate(top):
        earlier = next((n for i, n in seen.items() if same_question(i, node.ident)), None)
        if earlier is None:
            seen[node.ident] = node
            continue
        run = [n for n in top if earlier.cand.index <= n.cand.index < node.cand.index]
        if _copied(run, top[position:], blocks) and earlier is top[0]:
            for dropped, answer in zip(run, top[position:], strict=False):
                nodes.remove(dropped)
                answer.copied = dropped.cand.index
            seen = {node.ident: node}
        else:
            node.repeat = True


def _copied(run: Sequence[_Node], after: Sequence[_Node], blocks: Sequence[Block]) -> bool:
    if len(run) < 2 or len(after) < len(run):
        return False
    if any(not same_question(a.ident, b.ident) for a, b in zip(run, after, strict=False)):
        return False  # the answers do not take the questions again in order
    pairs = list(zip(run, [*run[1:], after[0]], strict=True))
    marked = any(answer_mark(b.text) for b in blocks[run[-1].cand.index : after[0].cand.index])
    most = _BRIEF_PROSE if marked else _BRIEF_WORDS
    return all(_gap(blocks, a.cand.index, b.cand.index) <= most for a, b in pairs)


def _gap(blocks: Sequence[Block], start: int, stop: int) -> int:
    """Words between two labels, the first label's own paragraph not counted."""
    return words_between(blocks, start, stop)


def _tree(nodes: list[_Node]) -> list[_Node]:
    """Nest the nodes by depth, in document order; a numbering that starts again nests deeper."""
    roots: list[_Node] = []
    stack: list[_Node] = []
    asked = 0
    for node in nodes:
        if not node.ident:
            asked += 1
            node.ident = f"Q{asked}"
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        if node.depth == 0 or not stack:
            if node.depth > 0:
                continue  # a part before any question: part of the front matter
            roots.append(node)
            stack = [node]
            continue
        parent = stack[-1]
        siblings = [c for c in parent.children if c.family is node.family and not c.synthetic]
        label = node.cand.label
        if (
            siblings
            and label is not None
            and siblings[-1].cand.label is not None
            and label.ordinal <= siblings[-1].cand.label.ordinal
            and node.depth < MAX_DEPTH
            and label.sub is None
        ):
            node.depth += 1
            siblings[-1].children.append(node)
            stack.append(siblings[-1])
            stack.append(node)
            continue
        parent.children.append(node)
        stack.append(node)
    return roots


def _collapse(nodes: list[_Node]) -> list[_Node]:
    """A question made up for a lone "1.1" is that label itself."""
    out: list[_Node] = []
    for node in nodes:
        if node.synthetic and len(node.children) == 1 and not node.children[0].children:
            child = node.children[0]
            child.depth = node.depth
            out.append(child)
        else:
            out.append(node)
    return out


def _units(
    nodes: list[_Node],
    blocks: Sequence[Block],
    stop: int,
    ends: EndHeadings,
    parent: str | None = None,
) -> list[Unit]:
    units: list[Unit] = []
    nodes = _collapse(nodes)
    for position, node in enumerate(nodes):
        start = node.cand.index
        end = nodes[position + 1].cand.index if position + 1 < len(nodes) else stop
        end = _before_end_matter(blocks, start, end, ends) if position + 1 == len(nodes) else end
        children = node.children
        first_child = children[0].cand.index if children else end
        label = None if node.section or node.synthetic else node.cand.label
        prompt_stop = first_child if first_child > start else end
        prompt = (
            Prompt(start, start) if node.synthetic else prompt_of(blocks, start, prompt_stop, label)
        )
        ident = node.ident
        if parent is not None and label is not None and label.bare and label.sub is None:
            ident = join_part(parent, label.number, label.style == "letter")  # "a" under Q2: Q2a
        parts = _units(children, blocks, end, ends, ident) if children else []
        if node.repeat:
            ident = f"{ident}{REPEAT_SUFFIX}"
        units.append(
            Unit(
                id=ident,
                start=start,
                end=end,
                prompt=prompt,
                label=label,
                parts=tuple(parts),
                title=" ".join(blocks[start].text.split())[:_ID_CHARS],
                section=node.section,
                repeat=node.repeat,
                copied=_copied_prompt(blocks, node.copied, start),
            )
        )
    return units


def _copied_prompt(blocks: Sequence[Block], index: int | None, stop: int) -> Prompt | None:
    """The prompt as the question paper copied above the answers states it."""
    if index is None:
        return None
    return prompt_of(blocks, index, stop, of_block(blocks[index]))


def _before_end_matter(blocks: Sequence[Block], start: int, end: int, ends: EndHeadings) -> int:
    """The last question's parts stop at a reference list or appendix heading."""
    for block in blocks[start + 1 : end]:
        if block.anchor is None and ends.kind(block) is not None:
            return block.index
    return end
