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
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from tma_check.load import ns
from tma_check.load.numbering import Numbering
from tma_check.load.styles import (
    ParagraphStyle,
    RunStyle,
    Styles,
    left_indent,
    numbering,
    outline_level,
)
from tma_check.model import Block, BlockKind, Cell, Mark

NOTE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
)
_TRANSPARENT = frozenset(
    {ns.HYPERLINK, ns.SMARTTAG, ns.CUSTOMXML, ns.INS, ns.MOVETO, ns.DIR, ns.BDO}
)
_SKIP_BLOCK = frozenset({ns.DEL, ns.MOVEFROM})
MAX_DEPTH = 200


@dataclass
class _Field:
    instr: list[str] = field(default_factory=list)
    in_code: bool = True
    result_start: int | None = None


@dataclass
class _Context:
    kind: BlockKind
    cell: Cell | None = None
    anchor: int | None = None
    depth: int = 0


@dataclass
class _Paragraph:
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


def choose_branch(alternate: Any) -> Any | None:
    """The one branch of ``mc:AlternateContent`` to read.

    That is the first ``mc:Choice`` whose required namespaces are all ones the
    walker understands, else the ``mc:Fallback``.
    """
    for choice in alternate.iterfind(ns.CHOICE):
        prefixes = (choice.get(ns.REQUIRES) or "").split()
        if all(choice.nsmap.get(prefix) in ns.UNDERSTOOD for prefix in prefixes):
            return choice
    return alternate.find(ns.FALLBACK)


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
        self.fields: list[_Field] = []
        self.code_depth = 0
        self.carry: _Paragraph | None = None
        self._run_cache: dict[tuple[Any, ...], tuple[RunStyle, str]] = {}
        self.tables = 0

    # -- block level -------------------------------------------------------

    def walk_body(self, body: Any) -> list[Block]:
        """All blocks in reading order. A note no reference points to is not shown, so not read."""
        self._block_content(body, _Context("paragraph"))
        return self.blocks

    def _block_content(self, parent: Any, ctx: _Context) -> None:
        if ctx.depth > MAX_DEPTH:
            return
        for child in parent:
            tag = child.tag
            if tag == ns.P:
                self._paragraph(child, ctx)
            elif tag == ns.TBL:
                self._table(child, ctx)
            elif tag == ns.SDT:
                content = child.find(ns.SDTCONTENT)
                if content is not None:
                    self._block_content(content, _deeper(ctx))
            elif tag in _TRANSPARENT:
                self._block_content(child, _deeper(ctx))
            elif tag == ns.ALTERNATECONTENT:
                branch = choose_branch(child)
                if branch is not None:
                    self._block_content(branch, _deeper(ctx))

    def _table(self, table: Any, ctx: _Context) -> None:
        self.tables += 1
        number = self.tables
        depth = (ctx.cell.depth + 1) if ctx.cell else 1
        for row_number, row in enumerate(_children(table, ns.TR)):
            trpr = row.find(ns.TRPR)
            if trpr is not None and trpr.find(ns.DEL) is not None:
                continue  # a deleted row is gone once changes are accepted
            column = 0
            for cell in _children(row, ns.TC):
                where = Cell(number, row_number, column, depth)
                inner = _Context("table-cell", where, ctx.anchor, ctx.depth + 1)
                if ctx.kind in ("textbox", "footnote", "endnote"):
                    inner = _Context(ctx.kind, where, ctx.anchor, ctx.depth + 1)
                self._block_content(cell, inner)
                column += _span(cell)

    def _story(self, container: Any, ctx: _Context) -> None:
        """Read a separate story (text box, note) with its own field state."""
        saved = self.fields, self.code_depth
        self.fields, self.code_depth = [], 0
        self._block_content(container, ctx)
        self.fields, self.code_depth = saved

    # -- paragraphs --------------------------------------------------------

    def _paragraph(self, p: Any, ctx: _Context) -> None:
        ppr = p.find(ns.PPR)
        style_el = None if ppr is None else ppr.find(ns.PSTYLE)
        style = self.styles.paragraph(None if style_el is None else style_el.get(ns.W_VAL))
        para = self.carry if self.carry is not None else _Paragraph(style)
        self.carry = None
        para.style = style
        self._inline(p, para, 0)
        # Accepting the deletion of this paragraph's mark runs it into the
        # next paragraph, which keeps its own formatting: read them as one.
        joins = _mark_deleted(ppr) and _next_is_paragraph(p)
        for state in self.fields:  # fields that go on into the next paragraph
            if not state.in_code and state.result_start is not None:
                if state.result_start < para.length:
                    para.marks.append(Mark(state.result_start, para.length, "field", _instr(state)))
                state.result_start = para.length if joins else 0
        if joins:
            self.carry = para
            return

        level = style.heading_level
        outline = outline_level(ppr)
        if outline is not None:
            level = outline + 1 if 0 <= outline <= 8 else None
        indent = left_indent(ppr)
        emphasis = frozenset(
            name for name, value in (("bold", para.bold), ("italic", para.italic)) if value
        )
        index = len(self.blocks)
        label, listed = self._label(ppr, style)
        text = "".join(para.pieces).translate(_CONTROLS)
        self.blocks.append(
            Block(
                index=index,
                kind=ctx.kind,
                text=text,
                style=style.name,
                heading_level=level,
                label=label,
                marks=tuple(sorted(para.marks, key=lambda mark: (mark.start, -mark.end))),
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
            self._story(box, _Context("textbox", None, anchor, ctx.depth + 1))
        for kind, note_id in para.notes:
            note = self.notes.get(kind, {}).get(note_id)
            if note is not None and (kind, note_id) not in self.used_notes:
                self.used_notes.add((kind, note_id))
                element = etree.fromstring(note, NOTE_PARSER)  # kept as XML until now
                self._story(element, _Context(kind, None, anchor, ctx.depth + 1))  # type: ignore[arg-type]

    def _label(
        self, ppr: Any, style: ParagraphStyle
    ) -> tuple[str | None, tuple[str, str, int] | None]:
        """The paragraph's list label, and (list, number format, level) when it has one."""
        num_id, ilvl = numbering(ppr)
        if num_id is None:
            num_id = style.num_id
        if ilvl is None:
            ilvl = style.ilvl
        if num_id is None or num_id == "0":
            return None, None
        # The label is drawn with the paragraph mark's formatting, which follows
        # the paragraph style: a hidden mark hides the label. A mark deleted (or
        # moved away) with tracking on takes its label with it once accepted.
        mark = None if ppr is None else ppr.find(ns.RPR)
        if _mark_deleted(ppr):
            return None, None
        # A style separator (a hidden mark with w:specVanish) runs the next
        # paragraph in after this one; the label stays visible.
        spec_vanish = mark is not None and mark.find(ns.SPECVANISH) is not None
        if not spec_vanish and self._run_props(mark, style)[0].hidden:
            return None, None
        level = max(0, min(ilvl or 0, 8))
        label = self.numbers.label(num_id, level)
        identity = self.numbers.identity(num_id, level)
        if label is None or identity is None:
            return label, None
        return label, (identity[0], identity[1], level)

    # -- inline level ------------------------------------------------------

    def _inline(self, parent: Any, para: _Paragraph, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for child in parent:
            tag = child.tag
            if tag == ns.R:
                self._run(child, para)
            elif tag in _TRANSPARENT:
                self._inline(child, para, depth + 1)
            elif tag == ns.SDT:
                content = child.find(ns.SDTCONTENT)
                if content is not None:
                    self._inline(content, para, depth + 1)
            elif tag == ns.FLDSIMPLE:
                start = para.length
                self._inline(child, para, depth + 1)
                if self.code_depth == 0 and para.length > start:
                    para.marks.append(
                        Mark(start, para.length, "field", (child.get(ns.INSTR) or "").strip())
                    )
            elif tag == ns.OMATHPARA or tag == ns.OMATH:
                if self.code_depth == 0:
                    para.add(_math_text(child))
            elif tag == ns.ALTERNATECONTENT:
                branch = choose_branch(child)
                if branch is not None:
                    self._inline(branch, para, depth + 1)

    def _run(self, run: Any, para: _Paragraph) -> None:
        rpr = run.find(ns.RPR)
        props, char_style = self._run_props(rpr, para.style)
        start = para.length
        self._run_content(run, props, para)
        end = para.length
        if end > start:
            if props.vert == "superscript":
                para.marks.append(Mark(start, end, "superscript"))
            elif props.vert == "subscript":
                para.marks.append(Mark(start, end, "subscript"))
            if char_style:
                para.marks.append(Mark(start, end, "style", char_style))

    def _run_content(self, parent: Any, props: RunStyle, para: _Paragraph) -> None:
        """The children of a run (or of the chosen branch of an alternate content in it)."""
        for child in parent:
            tag = child.tag
            if tag == _T:
                if self.code_depth == 0 and not props.hidden:
                    text = child.text
                    if text:
                        para.add(text)
                        if not text.isspace():
                            if para.bold is not False and props.bold:
                                para.bold_end = para.length
                            para.bold = bool(props.bold) and para.bold is not False
                            para.italic = bool(props.italic) and para.italic is not False
            elif tag == _RPR:
                continue
            elif tag == ns.FLDCHAR:
                self._field_char(child.get(ns.FLDCHARTYPE), para)
            elif tag == ns.INSTRTEXT:
                if self.fields and self.fields[-1].in_code:
                    self.fields[-1].instr.append(child.text or "")
            elif tag in _NOTE_REFERENCES:
                self._note_ref(child, tag, para)
            elif self.code_depth or props.hidden:
                continue
            elif tag in _CHARACTERS:
                para.add(_CHARACTERS[tag])
            elif tag == ns.SYM:
                para.add(_symbol(child.get(ns.CHAR)))
            elif tag in _GRAPHICS:
                self._graphic(child, para)
            elif tag == ns.RUBY:
                base = child.find(ns.RUBYBASE)  # the guide text above it is not counted
                if base is not None:
                    self._inline(base, para, 1)
            elif tag == ns.ALTERNATECONTENT:
                branch = choose_branch(child)
                if branch is not None:
                    self._run_content(branch, props, para)

    def _run_props(self, rpr: Any, style: ParagraphStyle) -> tuple[RunStyle, str]:
        """A run's resolved properties and character style name, cached per combination."""
        if rpr is None:
            return style.run, ""
        found: dict[str, str | None] = {}
        for child in rpr:  # one pass: most runs set fonts and sizes, none of these
            name = _RUN_PROPS.get(child.tag)
            if name is not None:
                found[name] = child.get(ns.W_VAL)
        if not found:
            return style.run, ""
        key = (id(style), *sorted(found.items(), key=lambda item: item[0]))
        cached = self._run_cache.get(key)
        if cached is None:
            cached = self._resolve_run(found, style)
            self._run_cache[key] = cached
        return cached

    def _resolve_run(
        self, found: dict[str, str | None], style: ParagraphStyle
    ) -> tuple[RunStyle, str]:
        base = style.run
        char_name = ""
        if "style" in found:
            char_name, char_props = self.styles.character(found["style"] or "")
            base = char_props.over(base)

        def flag(name: str) -> bool | None:
            return None if name not in found else found[name] not in ("0", "false", "off")

        direct = RunStyle(flag("bold"), flag("italic"), flag("hidden"), found.get("vert"))
        return direct.over(base), char_name

    def _field_char(self, kind: str | None, para: _Paragraph) -> None:
        if kind == "begin":
            self.fields.append(_Field())
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
                para.marks.append(Mark(state.result_start, para.length, "field", _instr(state)))

    def _note_ref(self, ref: Any, tag: str, para: _Paragraph) -> None:
        kind = "footnote" if tag == ns.FOOTNOTEREFERENCE else "endnote"
        para.notes.append((kind, ref.get(ns.W_ID) or ""))

    def _graphic(self, graphic: Any, para: _Paragraph) -> None:
        boxes = list(graphic.iter(ns.TXBXCONTENT))
        inner = {id(el) for box in boxes for el in box.iter(ns.TXBXCONTENT) if el is not box}
        para.textboxes.extend(box for box in boxes if id(box) not in inner)
        for _ in graphic.iter(ns.BLIP, ns.VML_IMAGEDATA):
            para.marks.append(Mark(para.length, para.length, "image"))
            break


_T = ns.T
_RPR = ns.RPR
_NOTE_REFERENCES = frozenset({ns.FOOTNOTEREFERENCE, ns.ENDNOTEREFERENCE})
_GRAPHICS = frozenset({ns.DRAWING, ns.PICT, ns.OBJECT})
# Run content that stands for one character: tabs and breaks separate words;
# a non-breaking hyphen is a hyphen; a soft hyphen neither makes nor breaks one.
_CHARACTERS = {
    ns.TAB: "\t",
    ns.PTAB: "\t",
    ns.BR: "\n",
    ns.CR: "\n",
    ns.NOBREAKHYPHEN: "-",
    ns.SOFTHYPHEN: "\u00ad",
}
_RUN_PROPS = {
    ns.BOLD: "bold",
    ns.ITALIC: "italic",
    ns.VANISH: "hidden",
    ns.VERTALIGN: "vert",
    ns.RSTYLE: "style",
}


def _mark_deleted(ppr: Any) -> bool:
    """Is the paragraph mark a tracked deletion (or moved away)?"""
    mark = None if ppr is None else ppr.find(ns.RPR)
    return mark is not None and any(mark.find(tag) is not None for tag in _SKIP_BLOCK)


def _next_is_paragraph(p: Any) -> bool:
    following = p.getnext()
    while following is not None and following.tag not in (ns.P, ns.TBL, ns.SDT):
        following = following.getnext()
    return following is not None and following.tag == ns.P


def _deeper(ctx: _Context) -> _Context:
    return _Context(ctx.kind, ctx.cell, ctx.anchor, ctx.depth + 1)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == ns.SDT:
            content = child.find(ns.SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in (ns.CUSTOMXML, ns.INS, ns.MOVETO):
            yield from _children(child, tag)


def _span(cell: Any) -> int:
    tcpr = cell.find(ns.TCPR)
    if tcpr is None:
        return 1
    span = tcpr.find(ns.GRIDSPAN)
    try:
        return max(1, int(span.get(ns.W_VAL))) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def _symbol(code: str | None) -> str:
    """The character a ``w:sym`` draws. A symbol font's codes below 0x100 are its
    own glyphs, so a control code stands for the font's glyph at the same place in
    the private-use block (U+F000 + code), a mark Word draws and counts; a lone
    surrogate (half of a character) becomes the replacement character."""
    try:
        char = chr(int(code or "", 16))
    except (ValueError, OverflowError):
        return "\ufffd"
    if "\ud800" <= char <= "\udfff":
        return "\ufffd"
    if ord(char) in _CONTROLS:
        return chr(0xF000 + ord(char))
    return char


# Control characters are nothing a terminal may be sent. XML text can hold C1
# controls and DEL (and a w:sym can name any code): each becomes the replacement
# character, which keeps the count as it was (a mark in a word, or a word of its
# own) while showing that something unprintable stood there. Tabs and line
# breaks stay: they separate words.
_CONTROLS = {
    code: "\ufffd" for code in [*range(0x20), *range(0x7F, 0xA0)] if code not in (9, 10, 13)
}


def _math_text(math: Any) -> str:
    """The ``m:t`` text of an equation, without tracked deletions and moves-from."""
    pieces = []
    for child in math:
        if child.tag == ns.M_T:
            pieces.append(child.text or "")
        elif child.tag not in _SKIP_BLOCK:
            pieces.append(_math_text(child))
    return "".join(pieces)


def _instr(state: _Field) -> str:
    return " ".join("".join(state.instr).split())
