"""What the walker keeps track of as it goes (see :mod:`tma_check.load.walk`).

A :class:`Frame` stands for an element the walk is inside; a
:class:`Paragraph` gathers one paragraph's text; a :class:`Context` says
what kind of block a paragraph makes and where it sits; :class:`Field`,
:class:`Table` and :class:`Row` follow complex fields and tables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tma_check.load import ns
from tma_check.load.pieces import SKIPPED
from tma_check.load.styles import ParagraphStyle, RunStyle, left_indent, numbering, outline_level
from tma_check.model import BlockKind, Cell, Mark
from tma_check.record import field, record


@record(frozen=False)
class Field:
    """A complex field: its instruction so far, whether its code or its result is
    being read, and where its result starts in the paragraph."""

    instr: list[str] = field(default_factory=list)
    in_code: bool = True
    result_start: int | None = None


@record(frozen=False)
class Context:
    """The kind of block a paragraph makes, its table cell, the paragraph that
    anchors it (for text boxes and notes) and how deeply it is nested."""

    kind: BlockKind
    cell: Cell | None = None
    anchor: int | None = None
    depth: int = 0


@record(frozen=False)
class Paragraph:
    """Text being gathered for one paragraph."""

    style: ParagraphStyle
    pieces: list[str] = field(default_factory=list)
    length: int = 0
    marks: list[Mark] = field(default_factory=list)
    textboxes: list[Any] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)
    bold: bool | None = None
    italic: bool | None = None
    bold_end: int = 0  # where the bold text the paragraph starts with ends

    def add(self, text: str) -> None:
        self.pieces.append(text)
        self.length += len(text)


@record(frozen=False)
class Table:
    """A table being read: its number, depth, context and the rows seen so far."""

    number: int
    depth: int  # 1 for a table in the body, 2 for one inside a cell...
    ctx: Context
    rows: int = 0


@record(frozen=False)
class Row:
    """A table row being read, and the grid column its next cell starts in."""

    table: Table
    number: int
    column: int = 0


class ParagraphProps:
    """What a paragraph's ``w:pPr`` says, read in one pass over its children (the
    first child of each kind counts, as ``find`` would have it)."""

    __slots__ = ("children", "mark", "mark_deleted", "ppr", "style_id")

    def __init__(self, ppr: Any) -> None:
        self.ppr = ppr
        children: dict[str, Any] = {}
        self.children = children
        if ppr is not None:
            for child in ppr:
                tag = child.tag
                if tag not in children:
                    children[tag] = child
        style = children.get(ns.PSTYLE)
        self.style_id: str | None = None if style is None else style.get(ns.W_VAL)
        # The paragraph mark's formatting: is it deleted or moved away?
        self.mark = mark = children.get(ns.RPR)
        self.mark_deleted = False
        if mark is not None:
            for child in mark:
                if child.tag in SKIPPED:
                    self.mark_deleted = True
                    break

    def spec_vanish(self) -> bool:
        """Whether the paragraph mark is a style separator (``w:specVanish``)."""
        return self.mark is not None and self.mark.find(ns.SPECVANISH) is not None

    def outline(self) -> int | None:
        return outline_level(self.ppr) if ns.OUTLINELVL in self.children else None

    def indent(self) -> int | None:
        return left_indent(self.ppr) if ns.IND in self.children else None

    def numbering(self) -> tuple[str | None, int | None]:
        return numbering(self.ppr) if ns.NUMPR in self.children else (None, None)


class Frame:
    """An element the walk is inside, and what its children mean.

    ``children`` maps a child's tag to its handler, which returns the frame
    to enter for that child, or None to pass over the child and all it holds.
    ``close`` (if any) runs when the walk leaves the element. ``ctx`` is the
    block context, ``para`` the paragraph being read, ``depth`` the inline
    nesting depth and ``start`` and ``info`` state whose meaning depends on
    the kind of frame.

    A frame that holds runs (a paragraph, a hyperlink...) also holds the run
    being read, if any: no frame is made for a run. ``run`` is its element,
    ``run_start`` where its text starts, ``rpr`` its first ``w:rPr`` while
    that is being read, ``found`` the properties read from it, and ``props``
    and ``char`` the resolved properties and character style name.
    ``run_marks`` is false for the chosen branch of an alternate content
    inside a run, which reads as run content but is not a run of its own.
    """

    __slots__ = (
        "char",
        "children",
        "close",
        "ctx",
        "depth",
        "element",
        "found",
        "info",
        "para",
        "props",
        "rpr",
        "run",
        "run_marks",
        "run_start",
        "start",
    )

    def __init__(
        self,
        element: Any,
        children: dict[str, Handler],
        ctx: Context | None = None,
        para: Paragraph | None = None,
        depth: int = 0,
        info: Any = None,
    ) -> None:
        self.element = element
        self.children = children
        self.close: Callable[[Frame], None] | None = None
        self.ctx = ctx
        self.para = para
        self.depth = depth
        self.start = 0
        self.info = info
        self.run: Any = None
        self.run_start = 0
        self.rpr: Any = None
        self.found: dict[str, str | None] = {}
        self.props: RunStyle | None = None
        self.char = ""
        self.run_marks = True


Handler = Callable[[Frame, Any], "Frame | None"]
Enter = Callable[[Any], "Frame | None"]


def run_branch(element: Any, para: Paragraph | None, props: RunStyle) -> Frame:
    """The chosen branch of an alternate content inside a run: run content with
    the run's properties, but not a run of its own."""
    frame = Frame(element, {}, para=para)
    frame.run = element
    frame.props = props
    frame.run_marks = False
    return frame


def deeper(ctx: Context | None) -> Context:
    """``ctx`` one level deeper."""
    assert ctx is not None
    return Context(ctx.kind, ctx.cell, ctx.anchor, ctx.depth + 1)


def instr(state: Field) -> str:
    """A field's instruction, its spaces collapsed."""
    return " ".join("".join(state.instr).split())
