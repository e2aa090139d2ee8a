"""Walk WordprocessingML into blocks of visible text, the way Word counts it.

Rules (see the README's "How words are counted"):

* hyperlinks, smart tags, custom XML, content controls, tracked insertions and
  moves-to, ``w:dir``/``w:bdo`` are transparent;
* tracked deletions and moves-from are not text;
* complex fields show their result, never their code; fields nest and may
  span paragraphs; simple fields show their result;
* hidden text (``w:vanish``, directly or by style) is left out;
* control characters in the text (C1 controls and DEL can be written in
  XML) become the replacement character, a ``w:sym`` of a control code is read as its symbol
  font's private-use glyph, and a lone surrogate becomes the replacement
  character, so no text that reaches a report can drive a terminal;
* of an ``mc:AlternateContent`` only one branch is read (the first choice
  whose namespaces are understood, else the fallback), so a text box that
  Word writes twice (DrawingML and VML) is read once, and an emoji Word
  writes as ``w16se:symEx`` is read from its fallback text;
* a text box, footnote or endnote becomes blocks of its own, placed right
  after the paragraph that anchors it; a note that nothing refers to is
  not shown by Word, and not read;
* table cells are read once each, nested tables too;
* equations contribute their ``m:t`` text, less tracked deletions;
* of East Asian phonetic guides (``w:ruby``) the base text is read, not the
  guide above it;
* a list label is left out when its paragraph mark is hidden (directly or
  by style) or deleted.

How the walk goes: most of a Word document is formatting (fonts, sizes,
languages, spacing, proofing marks), which says nothing about the words, so
the walker never looks at it. The body stream (:mod:`tma_check.load.stream`)
hands over each top-level element whole, with the elements in it that the
walker reads (:data:`tma_check.load.ns.WALKED`) in document order, each with
its parent; lxml finds them in C, and the rest never become Python objects.
A text box or note is read the same way. A stack of frames stands for the
elements the walk is inside (a paragraph, a hyperlink, a table row...), and
each frame says what its children mean. An element whose parent is not the
innermost frame's element is inside something the walker does not read,
and is passed over with everything in it; a frame is closed (a paragraph
finished, say) when the walk reaches an element outside it. A run is not a
frame but the state of the frame that holds it, and a run's text and
properties are read in the loop itself: they are most of what a body holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from lxml import etree

from tma_check.load import ns
from tma_check.load.numbering import Numbering
from tma_check.load.pieces import (
    CHARACTERS,
    RUN_PROPS,
    RunProperties,
    choose_branch,
    has_image,
    math_text,
    next_is_paragraph,
    printable,
    span,
    symbol,
    text_boxes,
)
from tma_check.load.state import (
    Context,
    Enter,
    Field,
    Frame,
    Handler,
    Paragraph,
    ParagraphProps,
    Row,
    Table,
    deeper,
    instr,
    run_branch,
)
from tma_check.load.stream import Group
from tma_check.load.styles import ParagraphStyle, RunStyle, Styles
from tma_check.model import Block, BlockKind, Cell, Mark

NOTE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
_TRANSPARENT = (ns.HYPERLINK, ns.SMARTTAG, ns.CUSTOMXML, ns.INS, ns.MOVETO, ns.DIR, ns.BDO)
_T, _R, _RPR, _PPR, _VAL = ns.T, ns.R, ns.RPR, ns.PPR, ns.W_VAL
_ROW_CONTAINERS = (ns.CUSTOMXML, ns.INS, ns.MOVETO)  # looked through for rows and cells
MAX_DEPTH = 200
_WALKED = frozenset(ns.WALKED)
# A block's emphasis, by whether the paragraph is bold and whether it is italic.
_EMPHASIS = {
    (bold, italic): frozenset(name for name, value in (("bold", bold), ("italic", italic)) if value)
    for bold in (False, True)
    for italic in (False, True)
}


class Walker:
    """Turns the body of a document (and its notes) into a list of blocks."""

    def __init__(
        self,
        styles: Styles,
        numbers: Numbering,
        notes: dict[str, dict[str, bytes]],
    ) -> None:
        self.styles = styles
        self.numbers = numbers
        self.notes = notes
        self.used_notes: set[tuple[str, str]] = set()
        self.blocks: list[Block] = []
        self.fields: list[Field] = []
        self.code_depth = 0
        self.carry: Paragraph | None = None
        self.runs = RunProperties(styles)
        self.tables = 0
        self._select: dict[str, Handler] = dict.fromkeys(
            (ns.SDTCONTENT, ns.CHOICE, ns.FALLBACK, ns.RUBYBASE), self._selected
        )
        self._block_children: dict[str, Handler] = {
            ns.P: self._paragraph,
            ns.TBL: self._table,
            ns.SDT: self._block_sdt,
            ns.ALTERNATECONTENT: self._block_alternate,
            **dict.fromkeys(_TRANSPARENT, self._block_transparent),
        }
        self._inline_children: dict[str, Handler] = {
            ns.SDT: self._inline_sdt,
            ns.FLDSIMPLE: self._simple_field,
            ns.OMATH: self._math,
            ns.OMATHPARA: self._math,
            ns.ALTERNATECONTENT: self._inline_alternate,
            **dict.fromkeys(_TRANSPARENT, self._inline_transparent),
        }
        self._run_children: dict[str, Handler] = {
            ns.FLDCHAR: self._field_char,
            ns.INSTRTEXT: self._instr_text,
            ns.FOOTNOTEREFERENCE: self._note_ref,
            ns.ENDNOTEREFERENCE: self._note_ref,
            ns.SYM: self._symbol,
            ns.DRAWING: self._graphic,
            ns.PICT: self._graphic,
            ns.OBJECT: self._graphic,
            ns.RUBY: self._ruby,
            ns.ALTERNATECONTENT: self._run_alternate,
            **dict.fromkeys(CHARACTERS, self._character),
        }
        self._row_children: dict[str, Handler] = {
            ns.TR: self._row,
            ns.SDT: self._structure_sdt,
            **dict.fromkeys(_ROW_CONTAINERS, self._structure_through),
        }
        self._cell_children: dict[str, Handler] = {
            ns.TC: self._cell,
            ns.SDT: self._structure_sdt,
            **dict.fromkeys(_ROW_CONTAINERS, self._structure_through),
        }

    # -- the walk ----------------------------------------------------------

    def walk_body(self, body: Iterable[Group]) -> list[Block]:
        """All blocks in reading order. A note no reference points to is not shown, so not read."""
        ctx = Context("paragraph")
        for group in body:
            base = Frame(group.top.getparent(), self._block_children, ctx)
            self._walk(group.pairs(), [base])
        return self.blocks

    def _story(self, container: Any, ctx: Context) -> None:
        """Read a separate story (text box, note) with its own field state."""
        if ctx.depth > MAX_DEPTH:
            return
        saved = self.fields, self.code_depth
        self.fields, self.code_depth = [], 0
        # A story is small, and a tag matcher costs more to build than looking
        # at each of its elements: pick the walked ones out here.
        elements = container.iter()
        next(elements)  # the container itself
        pairs = [(element, element.getparent()) for element in elements if element.tag in _WALKED]
        self._walk(pairs, [Frame(container, self._block_children, ctx)])
        self.fields, self.code_depth = saved

    def _walk(self, pairs: Iterable[tuple[Any, Any]], stack: list[Frame]) -> None:
        """Read the elements of ``pairs`` (in document order, each with its parent),
        ``stack`` holding the frames the walk starts inside. The common cases (a
        run, its properties, its text) are read here rather than by handlers:
        they are most of what a body holds."""
        inline_children = self._inline_children
        run_children = self._run_children
        top = stack[-1]
        passed: Any = None  # an element passed over: what is inside it is too
        passed_parent: Any = None
        inside: dict[int, Any] = {}  # elements known to be inside it (held, so ids stay theirs)
        unread: Any = None
        for element, parent in pairs:
            if passed is not None and self._inside(element, parent, passed, passed_parent, inside):
                continue
            passed = None
            if parent is not top.run and parent is not top.element and parent is not top.rpr:
                if top.run is not None and top.props is None and parent.getparent() is top.run:
                    self._run_property(top, element, parent)
                    continue
                top, unread = self._leave(stack, parent)
            if parent is top.run:  # run content
                tag = element.tag
                if tag == _T:
                    if self.code_depth:
                        continue
                    props = top.props
                    if props is None:
                        para = top.para
                        assert para is not None
                        if top.rpr is None and top.run[0].tag == _RPR:  # it sets none of them
                            props = top.props = para.style.run
                        else:
                            props = self._props(top)
                    text = element.text
                    if text and not props.hidden:
                        para = top.para
                        assert para is not None
                        para.pieces.append(text)
                        para.length += len(text)
                        if not text.isspace():  # follow the paragraph's emphasis
                            if para.bold is not False and props.bold:
                                para.bold_end = para.length
                            para.bold = bool(props.bold) and para.bold is not False
                            para.italic = bool(props.italic) and para.italic is not False
                    continue
                handler = run_children.get(tag)
            elif parent is top.rpr:  # another property of the run
                name = RUN_PROPS.get(element.tag)
                if name is not None:
                    top.found[name] = element.get(_VAL)
                continue
            elif parent is top.element:
                if top.run is not None:  # whatever comes next, the run before it is over
                    props = top.props
                    if props is None or props.vert is not None or top.char:
                        self._end_run(top)
                    else:  # nothing to mark
                        top.run = top.rpr = top.props = None
                tag = element.tag
                if tag == _R and top.children is inline_children:
                    para = top.para
                    assert para is not None
                    top.run = element
                    top.run_start = para.length
                    continue
                handler = top.children.get(tag)
            elif unread is not None:  # inside an element the walk does not read: pass it over
                passed, passed_parent, inside = unread, unread.getparent(), {id(element): element}
                continue
            else:  # in a run's w:rPr, and not one of its properties
                handler = None
            entered = None if handler is None else handler(top, element)
            if entered is not None:
                stack.append(entered)
                top = entered
            elif len(element):
                passed, passed_parent, inside = element, parent, {}
        self._close(stack, 1)

    @staticmethod
    def _inside(
        element: Any, parent: Any, passed: Any, passed_parent: Any, inside: dict[int, Any]
    ) -> bool:
        """Whether ``element`` (whose parent is ``parent``) is inside ``passed``. Each
        element found inside is remembered, so no element is climbed past twice."""
        if id(parent) in inside:
            inside[id(element)] = element
            return True
        path = [element]
        node = parent
        while node is not passed and node is not passed_parent and node is not None:
            if id(node) in inside:
                break
            path.append(node)
            node = node.getparent()
        if node is passed or (node is not None and id(node) in inside):
            inside.update((id(on_path), on_path) for on_path in path)
            return True
        return False

    def _leave(self, stack: list[Frame], parent: Any) -> tuple[Frame, Any]:
        """Close the frames the walk has left: those that do not hold ``parent``. Also
        the element, if any, between the frame that holds ``parent`` and ``parent``
        that the walk does not read, so holds ``parent`` unread (a run's ``w:rPr``
        is read: then the element inside that)."""
        path: list[Any] = []
        node = parent
        while node is not None:
            for depth in range(len(stack) - 1, -1, -1):
                frame = stack[depth]
                if frame.element is node or frame.run is node or frame.rpr is node:
                    self._close(stack, depth + 1)
                    if path and node is frame.run and path[-1].tag == _RPR:
                        path.pop()
                    return frame, path[-1] if path else None
            path.append(node)
            node = node.getparent()
        self._close(stack, 1)
        return stack[0], path[-1] if path else None

    def _close(self, stack: list[Frame], keep: int) -> None:
        while len(stack) > keep:
            frame = stack.pop()
            if frame.run is not None:
                self._end_run(frame)
            if frame.close is not None:
                frame.close(frame)

    def _selector(self, element: Any, want: Any, enter: Enter) -> Frame:
        """A frame that enters one child only: ``want`` when it is an element, else
        the first child whose tag is ``want``."""
        return Frame(element, self._select, info=(want, enter))

    def _selected(self, frame: Frame, element: Any) -> Frame | None:
        want, enter = frame.info
        if isinstance(want, str):
            if frame.start or element.tag != want:
                return None
            frame.start = 1
        elif element is not want:
            return None
        entered: Frame | None = enter(element)
        return entered

    # -- block level -------------------------------------------------------

    def _block(self, element: Any, ctx: Context) -> Frame | None:
        return None if ctx.depth > MAX_DEPTH else Frame(element, self._block_children, ctx)

    def _block_transparent(self, frame: Frame, element: Any) -> Frame | None:
        return self._block(element, deeper(frame.ctx))

    def _block_sdt(self, frame: Frame, element: Any) -> Frame | None:
        ctx = deeper(frame.ctx)
        return self._selector(element, ns.SDTCONTENT, lambda content: self._block(content, ctx))

    def _block_alternate(self, frame: Frame, element: Any) -> Frame | None:
        branch = choose_branch(element)
        if branch is None:
            return None
        ctx = deeper(frame.ctx)
        return self._selector(element, branch, lambda chosen: self._block(chosen, ctx))

    def _table(self, frame: Frame, element: Any) -> Frame | None:
        ctx = frame.ctx
        assert ctx is not None
        self.tables += 1
        depth = (ctx.cell.depth + 1) if ctx.cell else 1
        return Frame(element, self._row_children, info=Table(self.tables, depth, ctx))

    def _structure_through(self, frame: Frame, element: Any) -> Frame | None:
        """A wrapper around rows (or cells): read what it holds as the table (or row) would."""
        return Frame(element, frame.children, info=frame.info)

    def _structure_sdt(self, frame: Frame, element: Any) -> Frame | None:
        """A content control around rows (or cells): its content, read as the table (or row)
        would read them."""
        children, info = frame.children, frame.info
        return self._selector(
            element, ns.SDTCONTENT, lambda content: Frame(content, children, info=info)
        )

    def _row(self, frame: Frame, element: Any) -> Frame | None:
        table: Table = frame.info
        number = table.rows
        table.rows += 1
        trpr = element.find(ns.TRPR)
        if trpr is not None and trpr.find(ns.DEL) is not None:
            return None  # a deleted row is gone once changes are accepted
        return Frame(element, self._cell_children, info=Row(table, number))

    def _cell(self, frame: Frame, element: Any) -> Frame | None:
        row: Row = frame.info
        table = row.table
        outer = table.ctx
        where = Cell(table.number, row.number, row.column, table.depth)
        kind: BlockKind = "table-cell"
        if outer.kind in ("textbox", "footnote", "endnote"):
            kind = outer.kind
        row.column += span(element)
        return self._block(element, Context(kind, where, outer.anchor, outer.depth + 1))

    # -- paragraphs --------------------------------------------------------

    def _paragraph(self, frame: Frame, element: Any) -> Frame | None:
        first = element[0] if len(element) else None
        ppr = first if first is not None and first.tag == _PPR else element.find(_PPR)
        props = ParagraphProps(ppr)
        style = self.styles.paragraph(props.style_id)
        para = self.carry if self.carry is not None else Paragraph(style)
        self.carry = None
        para.style = style
        entered = Frame(element, self._inline_children, frame.ctx, para, 0, props)
        entered.close = self._end_paragraph
        return entered

    def _end_paragraph(self, frame: Frame) -> None:
        p, props, para, ctx = frame.element, frame.info, frame.para, frame.ctx
        assert para is not None and ctx is not None
        style = para.style
        # Accepting the deletion of this paragraph's mark runs it into the
        # next paragraph, which keeps its own formatting: read them as one.
        joins = props.mark_deleted and next_is_paragraph(p)
        for state in self.fields:  # fields that go on into the next paragraph
            if not state.in_code and state.result_start is not None:
                if state.result_start < para.length:
                    para.marks.append(Mark(state.result_start, para.length, "field", instr(state)))
                state.result_start = para.length if joins else 0
        if joins:
            self.carry = para
            return

        level = style.heading_level
        outline = props.outline()
        if outline is not None:
            level = outline + 1 if 0 <= outline <= 8 else None
        indent = props.indent()
        emphasis = _EMPHASIS[bool(para.bold), bool(para.italic)]
        index = len(self.blocks)
        label, listed = self._label(props, style)
        text = printable("".join(para.pieces))
        marks = para.marks
        if len(marks) > 1:
            marks.sort(key=lambda mark: (mark.start, -mark.end))
        self.blocks.append(
            Block(
                index=index,
                kind=ctx.kind,
                text=text,
                style=style.name,
                heading_level=level,
                label=label,
                marks=tuple(marks),
                cell=ctx.cell,
                indent=(style.indent or 0) if indent is None else indent,
                emphasis=emphasis,
                anchor=ctx.anchor,
                list=None if listed is None else listed[0],
                level=None if listed is None else listed[2],
                list_format=None if listed is None else listed[1],
                bold=len(text) if para.bold else para.bold_end,
            )
        )
        anchor = ctx.anchor if ctx.anchor is not None else index
        for box in para.textboxes:
            self._story(box, Context("textbox", None, anchor, ctx.depth + 1))
        for kind, note_id in para.notes:
            note = self.notes.get(kind, {}).get(note_id)
            if note is not None and (kind, note_id) not in self.used_notes:
                self.used_notes.add((kind, note_id))
                element = etree.fromstring(note, NOTE_PARSER)  # kept as XML until now
                self._story(element, Context(kind, None, anchor, ctx.depth + 1))  # type: ignore[arg-type]

    def _label(
        self, props: ParagraphProps, style: ParagraphStyle
    ) -> tuple[str | None, tuple[str, str, int] | None]:
        """The paragraph's list label, and (list, number format, level) when it has one."""
        num_id, ilvl = props.numbering()
        if num_id is None:
            num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl
        if num_id is None or num_id == "0":
            return None, None
        # The label is drawn with the paragraph mark's formatting, which follows
        # the paragraph style: a hidden mark hides the label. A mark deleted (or
        # moved away) with tracking on takes its label with it once accepted.
        if props.mark_deleted:
            return None, None
        # A style separator (a hidden mark with w:specVanish) runs the next
        # paragraph in after this one; the label stays visible.
        if not props.spec_vanish() and self.runs.of(props.mark, style)[0].hidden:
            return None, None
        level = max(0, min(ilvl or 0, 8))
        label = self.numbers.label(num_id, level)
        identity = self.numbers.identity(num_id, level)
        if label is None or identity is None:
            return label, None
        return label, (identity[0], identity[1], level)

    # -- inline level ------------------------------------------------------

    def _inline(self, element: Any, para: Paragraph | None, depth: int) -> Frame | None:
        if depth > MAX_DEPTH:
            return None
        return Frame(element, self._inline_children, para=para, depth=depth)

    def _inline_transparent(self, frame: Frame, element: Any) -> Frame | None:
        return self._inline(element, frame.para, frame.depth + 1)

    def _inline_sdt(self, frame: Frame, element: Any) -> Frame | None:
        para, depth = frame.para, frame.depth + 1
        return self._selector(
            element, ns.SDTCONTENT, lambda content: self._inline(content, para, depth)
        )

    def _inline_alternate(self, frame: Frame, element: Any) -> Frame | None:
        branch = choose_branch(element)
        if branch is None:
            return None
        para, depth = frame.para, frame.depth + 1
        return self._selector(element, branch, lambda chosen: self._inline(chosen, para, depth))

    def _simple_field(self, frame: Frame, element: Any) -> Frame | None:
        inner = self._inline(element, frame.para, frame.depth + 1)
        if inner is not None:
            assert frame.para is not None
            inner.start = frame.para.length
            inner.close = self._end_simple_field
        return inner

    def _end_simple_field(self, frame: Frame) -> None:
        para = frame.para
        assert para is not None
        if self.code_depth == 0 and para.length > frame.start:
            code = (frame.element.get(ns.INSTR) or "").strip()
            para.marks.append(Mark(frame.start, para.length, "field", code))

    def _math(self, frame: Frame, element: Any) -> Frame | None:
        if self.code_depth == 0:
            assert frame.para is not None
            frame.para.add(math_text(element))
        return None

    # -- runs --------------------------------------------------------------

    def _end_run(self, frame: Frame) -> None:
        """The run ``frame`` holds is over: mark its text if it is raised, lowered or styled."""
        para = frame.para
        assert para is not None
        start, end = frame.run_start, para.length
        if end > start and frame.run_marks:
            props = frame.props or self._props(frame)
            if props.vert == "superscript":
                para.marks.append(Mark(start, end, "superscript"))
            elif props.vert == "subscript":
                para.marks.append(Mark(start, end, "subscript"))
            if frame.char:
                para.marks.append(Mark(start, end, "style", frame.char))
        frame.run = frame.rpr = frame.props = None
        frame.char = ""

    def _props(self, frame: Frame) -> RunStyle:
        """The properties of the run ``frame`` holds, once its content starts."""
        if frame.props is None:
            assert frame.para is not None
            style = frame.para.style
            run = frame.run
            if frame.rpr is not None:  # its first w:rPr came first, and set some
                frame.props, frame.char = self.runs.resolved(frame.found, style)
            elif run[0].tag == _RPR:  # it came first and set none of them
                frame.props, frame.char = style.run, ""
            else:  # none, or after the content: look for it
                frame.props, frame.char = self.runs.of(run.find(_RPR), style)
        return frame.props

    def _run_property(self, frame: Frame, element: Any, rpr: Any) -> None:
        """A property inside a ``w:rPr`` of the run ``frame`` holds: only the run's
        first ``w:rPr`` counts."""
        name = RUN_PROPS.get(element.tag)
        if name is None or frame.rpr is not None or rpr.tag != _RPR:
            return
        run = frame.run
        if run[0] is rpr or run.find(_RPR) is rpr:
            frame.rpr = rpr
            frame.found = {name: element.get(_VAL)}

    def _field_char(self, frame: Frame, element: Any) -> Frame | None:
        kind = element.get(ns.FLDCHARTYPE)
        para = frame.para
        assert para is not None
        if kind == "begin":
            self.fields.append(Field())
            self.code_depth += 1
        elif kind == "separate" and self.fields:
            state = self.fields[-1]
            if state.in_code:
                state.in_code = False
                self.code_depth -= 1
                state.result_start = para.length
        elif kind == "end" and self.fields:
            state = self.fields.pop()
            if state.in_code:
                self.code_depth -= 1
            elif (
                state.result_start is not None
                and para.length > state.result_start
                and self.code_depth == 0
            ):
                para.marks.append(Mark(state.result_start, para.length, "field", instr(state)))
        return None

    def _instr_text(self, frame: Frame, element: Any) -> Frame | None:
        if self.fields and self.fields[-1].in_code:
            self.fields[-1].instr.append(element.text or "")
        return None

    def _note_ref(self, frame: Frame, element: Any) -> Frame | None:
        assert frame.para is not None
        kind = "footnote" if element.tag == ns.FOOTNOTEREFERENCE else "endnote"
        frame.para.notes.append((kind, element.get(ns.W_ID) or ""))
        return None

    def _shown(self, frame: Frame) -> bool:
        """Whether run content other than text, fields and note marks is read here."""
        return not self.code_depth and not (frame.props or self._props(frame)).hidden

    def _character(self, frame: Frame, element: Any) -> Frame | None:
        if self._shown(frame):
            assert frame.para is not None
            frame.para.add(CHARACTERS[element.tag])
        return None

    def _symbol(self, frame: Frame, element: Any) -> Frame | None:
        if self._shown(frame):
            assert frame.para is not None
            frame.para.add(symbol(element.get(ns.CHAR)))
        return None

    def _graphic(self, frame: Frame, element: Any) -> Frame | None:
        para = frame.para
        if self._shown(frame):
            assert para is not None
            para.textboxes.extend(text_boxes(element))
            if has_image(element):
                para.marks.append(Mark(para.length, para.length, "image"))
        return None

    def _ruby(self, frame: Frame, element: Any) -> Frame | None:
        if not self._shown(frame):
            return None
        para = frame.para  # the guide text above the base is not counted
        return self._selector(element, ns.RUBYBASE, lambda base: self._inline(base, para, 1))

    def _run_alternate(self, frame: Frame, element: Any) -> Frame | None:
        if not self._shown(frame):
            return None
        branch = choose_branch(element)
        if branch is None:
            return None
        para, props = frame.para, self._props(frame)
        return self._selector(element, branch, lambda chosen: run_branch(chosen, para, props))
