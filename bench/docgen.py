"""Generate tutor-marked assignments of a given length, written the way Word writes them.

The documents are built as raw WordprocessingML and zipped here, with no
python-docx: python-docx writes one lean run per paragraph, while Word splits
each paragraph into runs of a few words (wherever the text was typed, pasted
or spell-checked), gives every run its own ``w:rPr`` (fonts, size, language)
and revision ids, tags paragraphs with ``w14:paraId``/``w14:textId``, and
scatters ``w:proofErr`` marks and bookmarks through the text. A 100,000-word
document comes to about 3.5 MB of ``word/document.xml``.

Each document has front matter, numbered questions ("Q1) ... (800 words)")
with bold prompts, sub-headings, body paragraphs with in-text citations,
reference-manager (Zotero) citation fields, inline and block quotations,
footnotes, an endnote or two, pointers such as "(see Appendix A ...)",
bulleted lists, tables and pictures with captions, quoted forum posts, a
text box (stored twice, as Word does), the student's word-count line, a
reference list and appendices. The same seed gives the same bytes.
"""

from __future__ import annotations

import random
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

GENERATOR_VERSION = 1

NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" '
    'xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'mc:Ignorable="w14 w15 w16se wp14"'
)
XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
_W_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

# -- vocabulary --------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_NOUNS = _words(
    "leadership team practice organisation framework approach evidence staff manager "
    "culture change strategy policy process stakeholder outcome performance service "
    "learning decision model theory context role behaviour value trust engagement "
    "communication feedback resource budget priority risk quality standard network "
    "community partnership capacity accountability workforce morale retention training "
    "development supervision meeting project initiative review analysis data survey "
    "interview participant finding argument perspective literature study account "
    "tension dilemma conflict consensus influence power authority responsibility"
)
_VERBS = _words(
    "shows suggests argues highlights reflects shapes supports undermines improves "
    "reduces explains challenges illustrates reinforces enables constrains affects "
    "demonstrates indicates requires involves encourages limits strengthens creates"
)
_ADJECTIVES = _words(
    "distributed collective effective strategic operational informal formal shared "
    "transformational relational ethical practical critical significant limited "
    "sustainable consistent complex local national professional clinical financial "
    "well-known long-term day-to-day evidence-based person-centred cross-functional"
)
_GLUE = _words(
    "the the the a an this that these their its our of of in in on for with within "
    "between across through by and and and but or as which because although while "
    "however therefore moreover also not only more less most often rarely clearly"
)
_EXTRAS = (
    "organisation’s",
    "staff’s",
    "managers’",
    "and/or",
    "e.g.",
    "i.e.",
    "1,517",
    "2019",
    "45%",
    "3.5",
    "NHS",
    "COVID-19",
    "self-assessment",
    "decision-making",
    "well-being",
)
_AUTHORS = (
    "Raelin",
    "Gronn",
    "Spillane",
    "Bennett",
    "West",
    "Northouse",
    "Grint",
    "Schein",
    "Kotter",
    "Mintzberg",
    "Alvesson",
    "Bolden",
    "Heifetz",
    "Yukl",
    "Goleman",
    "Drucker",
)
_HEADINGS = (
    "Introduction",
    "Background",
    "Analysis",
    "Discussion",
    "Evaluation",
    "Implications for practice",
    "Recommendations",
    "Reflection",
    "Conclusion",
)
_FORUM_NAMES = ("Alex Morgan", "Priya Shah", "Tom Evans", "Ngozi Okafor", "Chen Wei")
# How many words Word puts in one run: mostly a handful, now and then a long stretch.
_RUN_WORDS = (1, 2, 4, 6, 9, 12, 15, 19, 24, 30, 36, 42)
_BODY_LAYOUT = '<w:spacing w:after="160" w:line="360" w:lineRule="auto"/><w:jc w:val="both"/>'
# The student set the text in Arial, so Word repeats the font in every run.
_FONT = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/>'


@dataclass(frozen=True)
class Spec:
    """What to generate: about ``words`` words, with ``questions`` questions."""

    words: int
    seed: int = 1
    questions: int = 0  # 0: chosen from the length

    def question_count(self) -> int:
        if self.questions:
            return self.questions
        return max(3, min(20, int((self.words / 250) ** 0.5)))


@dataclass(frozen=True)
class Generated:
    """A generated document: where it is and what went into it."""

    path: Path
    words: int  # words the generator wrote (roughly Word's count)
    questions: tuple[tuple[str, int], ...]  # (id, limit)
    document_xml: int  # bytes of word/document.xml
    xml_bytes: int  # bytes of every XML part, uncompressed
    zip_bytes: int
    tables: int
    footnotes: int
    textboxes: int


@dataclass
class _Notes:
    kind: str
    items: list[str] = field(default_factory=list)


class _Writer:
    """Writes one document; keeps the counters Word keeps (ids, rsids, bookmarks)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed * 1_000_003 + spec.words)
        self.rsids = [f"00{self.rng.randrange(0x100000, 0xFFFFFF):06X}" for _ in range(48)]
        self.font = _FONT
        self.words = 0
        self.para_ids: set[int] = set()
        self.bookmark = 0
        self.tables = 0
        self.figures = 0
        self.textboxes = 0
        self.drawing_id = 0
        self.footnotes = _Notes("footnote")
        self.endnotes = _Notes("endnote")
        self.body: list[str] = []

    # -- ids ---------------------------------------------------------------

    def rsid(self) -> str:
        # A few editing sessions account for most of the text, as in real files.
        pool = self.rsids[:6] if self.rng.random() < 0.6 else self.rsids
        return self.rng.choice(pool)

    def para_attrs(self) -> str:
        while True:
            value = self.rng.randrange(0x1000000, 0x7FFFFFFF)
            if value not in self.para_ids:
                self.para_ids.add(value)
                break
        text_id = self.rng.randrange(0x1000000, 0x7FFFFFFF)
        return (
            f'w14:paraId="{value:08X}" w14:textId="{text_id:08X}" w:rsidR="{self.rsid()}" '
            f'w:rsidRPr="{self.rsid()}" w:rsidRDefault="{self.rsid()}" w:rsidP="{self.rsid()}"'
        )

    # -- text --------------------------------------------------------------

    def word(self) -> str:
        roll = self.rng.random()
        if roll < 0.34:
            return self.rng.choice(_GLUE)
        if roll < 0.66:
            return self.rng.choice(_NOUNS)
        if roll < 0.80:
            return self.rng.choice(_ADJECTIVES)
        if roll < 0.94:
            return self.rng.choice(_VERBS)
        return self.rng.choice(_EXTRAS)

    def sentence(self, low: int = 8, high: int = 26) -> str:
        count = self.rng.randint(low, high)
        words = [self.word() for _ in range(count)]
        words[0] = words[0][:1].upper() + words[0][1:]
        if count > 10 and self.rng.random() < 0.5:
            words[count // 2] += ","
        if count > 14 and self.rng.random() < 0.15:
            words.insert(count // 3, "–")  # an en dash between spaces is not a word
        return " ".join(words) + "."

    def citation(self) -> str:
        author = self.rng.choice(_AUTHORS)
        year = self.rng.randint(1995, 2023)
        roll = self.rng.random()
        if roll < 0.4:
            return f"({author}, {year})"
        if roll < 0.6:
            return f"({author} et al., {year}, p. {self.rng.randint(3, 240)})"
        if roll < 0.8:
            other = self.rng.choice(_AUTHORS)
            return f"({author}, {year}; {other}, {self.rng.randint(1995, 2023)})"
        return f"{author} ({year})"

    def quotation(self) -> str:
        text = " ".join(self.word() for _ in range(self.rng.randint(4, 16)))
        if self.rng.random() < 0.7:
            return f"“{text}”"
        return f"‘{text}’"

    # -- runs --------------------------------------------------------------

    def rpr(self, extra: str = "", size: int = 22) -> str:
        return (
            f'<w:rPr>{self.font}{extra}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
            '<w:lang w:val="en-GB"/></w:rPr>'
        )

    def run(self, text: str, extra: str = "", size: int = 22) -> str:
        space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
        # Word writes w:rsidRPr only on runs whose formatting changed in a session.
        ids = f'w:rsidR="{self.rsid()}"'
        if self.rng.random() < 0.4:
            ids += f' w:rsidRPr="{self.rsid()}"'
        return f"<w:r {ids}>{self.rpr(extra, size)}<w:t{space}>{escape(text)}</w:t></w:r>"

    def runs(self, text: str, extra: str = "", size: int = 22) -> str:
        """``text`` as Word stores it: runs of a few words, proofing marks, a bookmark."""
        self.words += len(text.split())
        words = text.split(" ")
        out: list[str] = []
        i = 0
        while i < len(words):
            take = min(len(words) - i, self.rng.choice(_RUN_WORDS))
            piece = " ".join(words[i : i + take])
            i += take
            if i < len(words):
                piece += " "
            roll = self.rng.random()
            if roll < 0.07:
                kind = self.rng.choice(("spell", "gram"))
                out.append(f'<w:proofErr w:type="{kind}Start"/>')
                out.append(self.run(piece, extra, size))
                out.append(f'<w:proofErr w:type="{kind}End"/>')
            elif roll < 0.09:
                self.bookmark += 1
                name = f"_Hlk{self.rng.randrange(10**8, 10**9)}"
                out.append(f'<w:bookmarkStart w:id="{self.bookmark}" w:name="{name}"/>')
                out.append(self.run(piece, extra, size))
                out.append(f'<w:bookmarkEnd w:id="{self.bookmark}"/>')
            else:
                out.append(self.run(piece, extra, size))
        return "".join(out)

    def note_reference(self, notes: _Notes) -> str:
        number = len(notes.items) + 1
        style = "FootnoteReference" if notes.kind == "footnote" else "EndnoteReference"
        text = " ".join(self.sentence(6, 22) for _ in range(self.rng.randint(1, 2)))
        if self.rng.random() < 0.5:
            text += " " + self.citation() + "."
        body = self.runs(" " + text, size=20)
        notes.items.append(
            f'<w:{notes.kind} w:id="{number}"><w:p {self.para_attrs()}><w:pPr>'
            f'<w:pStyle w:val="{notes.kind.capitalize()}Text"/></w:pPr>'
            f'<w:r><w:rPr><w:rStyle w:val="{style}"/></w:rPr><w:{notes.kind}Ref/></w:r>'
            f"{body}</w:p></w:{notes.kind}>"
        )
        return (
            f'<w:r w:rsidR="{self.rsid()}"><w:rPr><w:rStyle w:val="{style}"/>{self.font}'
            f'<w:lang w:val="en-GB"/></w:rPr><w:{notes.kind}Reference w:id="{number}"/></w:r>'
        )

    def field(self, instruction: str, result: str) -> str:
        """A complex field (code hidden, result shown), its code split as Word splits it."""
        code = "".join(
            f'<w:r>{self.rpr()}<w:instrText xml:space="preserve">{escape(instruction[i : i + 255])}'
            "</w:instrText></w:r>"
            for i in range(0, len(instruction), 255)
        )
        return (
            f'<w:r>{self.rpr()}<w:fldChar w:fldCharType="begin"/></w:r>{code}'
            f'<w:r>{self.rpr()}<w:fldChar w:fldCharType="separate"/></w:r>'
            f"{self.runs(result, '<w:noProof/>')}"
            f'<w:r>{self.rpr()}<w:fldChar w:fldCharType="end"/></w:r>'
        )

    def zotero(self) -> str:
        author = self.rng.choice(_AUTHORS)
        year = self.rng.randint(1995, 2023)
        shown = f"({author}, {year})"
        item = self.rng.randrange(10**7, 10**8)
        title = " ".join(self.word() for _ in range(8))
        data = (
            f'ADDIN ZOTERO_ITEM CSL_CITATION {{"citationID":"{item:x}","properties":'
            f'{{"formattedCitation":"{shown}","plainCitation":"{shown}","noteIndex":0}},'
            f'"citationItems":[{{"id":{item},"uris":["http://zotero.org/users/local/'
            f'x{item:x}/items/{item:X}"],"itemData":{{"id":{item},"type":"article-journal",'
            f'"title":"{title}","container-title":"Journal of Leadership Studies",'
            f'"page":"{self.rng.randint(1, 200)}-{self.rng.randint(201, 400)}",'
            f'"volume":"{self.rng.randint(1, 40)}","author":[{{"family":"{author}",'
            f'"given":"J."}}],"issued":{{"date-parts":[["{year}"]]}}}}}}],'
            '"schema":"https://github.com/citation-style-language/schema/raw/master/'
            'csl-citation.json"} '
        )
        return self.field(data, shown)

    # -- paragraphs --------------------------------------------------------

    def paragraph(
        self, content: str, style: str = "", ppr: str = "", mark: str = "", size: int = 22
    ) -> str:
        style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
        layout = "" if style else _BODY_LAYOUT
        return (
            f"<w:p {self.para_attrs()}><w:pPr>{style_xml}{ppr}{layout}"
            f"{self.rpr(mark, size)}</w:pPr>{content}</w:p>"
        )

    def body_paragraph(self, words: int) -> str:
        parts: list[str] = []
        text: list[str] = []  # plain text not yet written out as runs

        def flush() -> None:
            if text:
                parts.append(self.runs(" ".join(text) + " "))
                text.clear()

        written = 0
        while written < words:
            sentence = self.sentence()
            written += len(sentence.split())
            roll = self.rng.random()
            if roll < 0.22:
                sentence = sentence[:-1] + " " + self.citation() + "."
            elif roll < 0.25:
                text.append(sentence[:-1])
                flush()
                parts.append(self.zotero())
                parts.append(self.runs(". "))
                continue
            elif roll < 0.35:
                sentence = f"As {self.rng.choice(_AUTHORS)} puts it, {self.quotation()}."
            elif roll < 0.39:
                sentence = (
                    sentence[:-1] + f" (see Appendix {self.rng.choice('AB')} for the full "
                    f"{self.rng.choice(_NOUNS)} {self.rng.choice(_NOUNS)})."
                )
            text.append(sentence)
            roll = self.rng.random()
            if roll < 0.06:
                flush()
                parts.append(self.note_reference(self.footnotes))
            elif roll < 0.065:
                flush()
                parts.append(self.note_reference(self.endnotes))
        flush()
        return self.paragraph("".join(parts))

    def heading(self, text: str, level: int) -> str:
        self.bookmark += 1
        name = f"_Toc{self.rng.randrange(10**8, 10**9)}"
        inner = (
            f'<w:bookmarkStart w:id="{self.bookmark}" w:name="{name}"/>{self.runs(text)}'
            f'<w:bookmarkEnd w:id="{self.bookmark}"/>'
        )
        return self.paragraph(inner, style=f"Heading{level}")

    def prompt(self, number: int, limit: int) -> list[str]:
        text = f"Q{number}) " + " ".join(self.sentence(12, 30) for _ in range(2))
        paragraphs = [self.paragraph(self.runs(f"{text[:-1]} ({limit} words)", "<w:b/><w:bCs/>"))]
        if self.rng.random() < 0.5:
            more = self.sentence(10, 24)
            paragraphs.append(self.paragraph(self.runs(more, "<w:b/><w:bCs/>"), mark="<w:b/>"))
        return paragraphs

    def caption(self, label: str, number: int) -> str:
        self.bookmark += 1
        name = f"_Ref{self.rng.randrange(10**8, 10**9)}"
        seq = self.field(f" SEQ {label} \\* ARABIC ", str(number))
        words = " ".join(self.word() for _ in range(self.rng.randint(3, 9)))
        inner = (
            f'<w:bookmarkStart w:id="{self.bookmark}" w:name="{name}"/>{self.runs(label + " ")}'
            f'{seq}<w:bookmarkEnd w:id="{self.bookmark}"/>'
            f"{self.runs(': ' + words[:1].upper() + words[1:])}"
        )
        return self.paragraph(inner, style="Caption")

    def table(self, rows: int, columns: int) -> list[str]:
        self.tables += 1
        width = 9016 // columns
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for _ in range(columns))
        out = [self.caption("Table", self.tables)]
        rows_xml: list[str] = []
        for row in range(rows):
            cells = []
            for _ in range(columns):
                text = (
                    " ".join(self.word() for _ in range(self.rng.randint(1, 3))).capitalize()
                    if row == 0
                    else self.sentence(3, 14)
                )
                bold = "<w:b/><w:bCs/>" if row == 0 else ""
                cells.append(
                    f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                    f"{self.paragraph(self.runs(text, bold), style='TableText', size=20)}</w:tc>"
                )
            header = "<w:trPr><w:tblHeader/></w:trPr>" if row == 0 else ""
            rows_xml.append(
                f'<w:tr w:rsidR="{self.rsid()}" w:rsidTr="{self.rsid()}" '
                f'w14:paraId="{self.rng.randrange(0x1000000, 0x7FFFFFFF):08X}" '
                f'w14:textId="77777777">{header}{"".join(cells)}</w:tr>'
            )
        out.append(
            '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
            f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows_xml)}</w:tbl>"
        )
        return out

    def figure(self) -> list[str]:
        self.figures += 1
        self.drawing_id += 1
        n = self.drawing_id
        drawing = (
            f'<w:r w:rsidR="{self.rsid()}"><w:rPr><w:noProof/></w:rPr><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0">'
            '<wp:extent cx="5731510" cy="3223895"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{n}" name="Picture {n}" descr="A chart of the survey results"/>'
            '<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="Picture {n}"/><pic:cNvPicPr/>'
            '</pic:nvPicPr><pic:blipFill><a:blip r:embed="rId8"><a:extLst>'
            '<a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}"/></a:extLst></a:blip>'
            "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>"
            '<a:xfrm><a:off x="0" y="0"/><a:ext cx="5731510" cy="3223895"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
        )
        return [
            self.paragraph(drawing, ppr='<w:keepNext/><w:jc w:val="center"/>'),
            self.caption("Figure", self.figures),
        ]

    def textbox(self) -> str:
        self.textboxes += 1
        self.drawing_id += 1
        n = self.drawing_id
        inner = "".join(
            self.paragraph(self.runs(self.sentence(6, 16)), style="NoSpacing") for _ in range(2)
        )
        # Word writes a DrawingML text box and a VML copy of it; readers take one.
        fallback = inner
        choice = (
            '<mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor distT="45720" distB="45720" distL="114300" distR="114300" '
            'simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" '
            'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="column"><wp:posOffset>3543300</wp:posOffset>'
            '</wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>73025'
            '</wp:posOffset></wp:positionV><wp:extent cx="2360930" cy="1404620"/>'
            '<wp:effectExtent l="0" t="0" r="22860" b="11430"/>'
            '<wp:wrapSquare wrapText="bothSides"/>'
            f'<wp:docPr id="{n}" name="Text Box {n}"/><wp:cNvGraphicFramePr/>'
            '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
            'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1">'
            '<a:spLocks noChangeArrowheads="1"/>'
            '</wps:cNvSpPr><wps:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/>'
            '<a:ext cx="2360930" cy="1404620"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            '</a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
            '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill>'
            '<a:miter lim="800000"/>'
            f"</a:ln></wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>"
            '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" '
            'bIns="45720" anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr></wps:wsp>'
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        )
        fallback_xml = (
            "<mc:Fallback><w:pict>"
            f'<v:shapetype id="_x0000_t{n}" coordsize="21600,21600" o:spt="202" '
            'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            '<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            f'<v:shape id="Text Box {n}" o:spid="_x0000_s{1025 + n}" type="#_x0000_t{n}" '
            'style="position:absolute;margin-left:279pt;margin-top:5.75pt;width:185.9pt;'
            'height:110.6pt;z-index:251659264;visibility:visible;mso-wrap-style:square">'
            f"<v:textbox><w:txbxContent>{fallback}</w:txbxContent></v:textbox>"
            '<w10:wrap type="square"/></v:shape></w:pict></mc:Fallback>'
        )
        run = (
            f'<w:r w:rsidR="{self.rsid()}"><w:rPr><w:noProof/></w:rPr>'
            f"<mc:AlternateContent>{choice}{fallback_xml}</mc:AlternateContent></w:r>"
        )
        return self.paragraph(run + self.runs(self.sentence()))

    def bullets(self, count: int) -> list[str]:
        items = []
        for _ in range(count):
            numbering = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
            self.words += 1  # Word counts the bullet
            items.append(
                self.paragraph(
                    self.runs(self.sentence(5, 16)), style="ListParagraph", ppr=numbering
                )
            )
        return items

    def forum_post(self) -> list[str]:
        name = self.rng.choice(_FORUM_NAMES)
        day = self.rng.randint(1, 28)
        header = f"Posted by {name} on {day} March 2024, {self.rng.randint(9, 22)}:{day + 10}"
        return [
            self.paragraph(self.runs(header, "<w:i/><w:iCs/>")),
            self.paragraph(self.runs(" ".join(self.sentence() for _ in range(2)))),
        ]

    def block_quote(self) -> str:
        text = " ".join(self.sentence() for _ in range(self.rng.randint(2, 4)))
        text += f" ({self.rng.choice(_AUTHORS)}, {self.rng.randint(1995, 2023)}, p. 12)"
        if self.rng.random() < 0.5:
            return self.paragraph(self.runs(text, "<w:i/><w:iCs/>"), style="Quote")
        return self.paragraph(self.runs(text), ppr='<w:ind w:left="1134" w:right="567"/>')

    # -- the document ------------------------------------------------------

    def answer(self, budget: int, end: int, textbox: bool) -> list[str]:
        """An answer of about ``budget`` words, ending once ``end`` words are written."""
        out: list[str] = []
        start = self.words
        headings = iter(_HEADINGS)
        sections = max(1, budget // 700)
        per_section = max(1, (end - start) // sections)
        for number in range(sections):
            title = next(headings, None) or f"Theme {number}"
            if sections > 1:
                out.append(self.heading(title, 2))
            goal = start + per_section * (number + 1)
            extras = 0
            low, high = min(60, max(20, budget // 4)), min(170, max(30, budget // 2))
            while self.words < goal:
                size = min(self.rng.randint(low, high), goal - self.words)
                out.append(self.body_paragraph(max(20, size)))
                roll = self.rng.random()
                if textbox and number == 0:
                    out.append(self.textbox())
                    textbox = False
                elif roll < 0.07:
                    out.extend(self.table(self.rng.randint(3, 6), self.rng.randint(2, 4)))
                elif roll < 0.12:
                    out.extend(self.figure())
                elif roll < 0.20:
                    out.append(self.block_quote())
                elif roll < 0.27 and extras < 3:
                    out.extend(self.bullets(self.rng.randint(3, 6)))
                    extras += 1
                elif roll < 0.31:
                    out.extend(self.forum_post())
        written = round((self.words - start) * 0.76)  # roughly what the student counted
        if self.rng.random() < 0.5:
            out.append(self.paragraph(self.runs(f"({written:,} Words)")))
        else:
            out.append(self.paragraph(self.runs(f"Word count: {written:,}")))
        return out

    def build(self) -> tuple[str, list[tuple[str, int]]]:
        spec = self.spec
        questions = spec.question_count()
        body = self.body
        body.append(self.paragraph(self.runs("B123 Leadership in practice: TMA 02"), "Title"))
        body.append(self.paragraph(self.runs("Sam Taylor – Personal identifier: A1234567")))
        body.append(self.paragraph(self.runs(f"Total word count: {spec.words:,}")))
        end_matter = max(60, spec.words // 9)
        answers_start = self.words
        answers = spec.words - end_matter - answers_start
        budget = max(60, answers // questions)
        limits: list[tuple[str, int]] = []
        textboxes = set(range(0, questions, max(1, questions // max(1, spec.words // 10_000))))
        for number in range(1, questions + 1):
            limit = -(-int(budget * 0.85) // 50) * 50
            limits.append((f"Q{number}", limit))
            body.extend(self.prompt(number, limit))
            end = answers_start + answers * number // questions
            body.extend(self.answer(budget, end, textbox=(number - 1) in textboxes))
        body.append(self.heading("References", 1))
        reference_words = end_matter // 2
        goal = self.words + reference_words
        while self.words < goal:
            author = self.rng.choice(_AUTHORS)
            title = " ".join(self.word() for _ in range(self.rng.randint(5, 12))).capitalize()
            body.append(
                self.paragraph(
                    self.runs(f"{author}, J. ({self.rng.randint(1995, 2023)}) ")
                    + self.runs(title, "<w:i/><w:iCs/>")
                    + self.runs(f". {self.rng.randint(1, 4)}nd edn. London: Sage.")
                    + (
                        self.runs(
                            f" Available at: https://doi.org/10.1000/{self.rng.randrange(9999)}"
                        )
                        if self.rng.random() < 0.4
                        else ""
                    ),
                    ppr='<w:ind w:left="720" w:hanging="720"/>',
                )
            )
        for letter in "AB":
            body.append(self.heading(f"Appendix {letter}: Interview schedule", 1))
            goal = self.words + max(10, (end_matter - reference_words) // 2 - 20)
            while self.words < goal:
                size = min(self.rng.randint(40, 120), goal - self.words)
                body.append(self.body_paragraph(max(15, size)))
            if letter == "B" and spec.words >= 5_000:
                body.extend(self.table(4, 3))
        body.append(
            '<w:sectPr w:rsidR="00A77B3E" w:rsidSect="00A77B3E"><w:pgSz w:w="11906" w:h="16838"/>'
            '<w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" '
            'w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/>'
            "</w:sectPr>"
        )
        content = "".join(body)
        document = (
            f"{XML_DECLARATION}<w:document {NAMESPACES}><w:body>{content}</w:body></w:document>"
        )
        return document, limits

    def notes_part(self, notes: _Notes) -> str:
        kind = notes.kind
        separators = (
            f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
            f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:{kind}>'
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
            'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
            f"</w:r></w:p></w:{kind}>"
        )
        items = "".join(notes.items)
        return f"{XML_DECLARATION}<w:{kind}s {NAMESPACES}>{separators}{items}</w:{kind}s>"

    def settings(self) -> str:
        rsids = "".join(f'<w:rsid w:val="{value}"/>' for value in sorted(self.rsids))
        return (
            f"{XML_DECLARATION}<w:settings {NAMESPACES}><w:zoom w:percent="
            '"100"/><w:proofState w:spelling="clean" w:grammar="clean"/>'
            '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
            '<w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>'
            f'<w:compat><w:compatSetting w:name="compatibilityMode" '
            'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
            f'<w:rsids><w:rsidRoot w:val="{self.rsids[0]}"/>{rsids}</w:rsids>'
            '<m:mathPr><m:mathFont m:val="Cambria Math"/></m:mathPr>'
            '<w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/>'
            '<w:listSeparator w:val=","/></w:settings>'
        )


def _styles() -> str:
    def paragraph_style(
        style_id: str, name: str, ppr: str = "", rpr: str = "", based: str = "Normal"
    ) -> str:
        return (
            f'<w:style w:type="paragraph" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based}"/><w:next w:val="Normal"/><w:qFormat/>'
            f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    headings = "".join(
        paragraph_style(
            f"Heading{n}",
            f"heading {n}",
            f'<w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="{n - 1}"/>',
            f'<w:b/><w:sz w:val="{36 - 4 * n}"/>',
        )
        for n in (1, 2, 3)
    )
    return (
        f"{XML_DECLARATION}<w:styles {NAMESPACES}>"
        '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" '
        'w:hAnsiTheme="minorHAnsi"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr>'
        "</w:rPrDefault><w:pPrDefault/></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/></w:style>'
        f"{headings}"
        + paragraph_style("Title", "Title", "", '<w:sz w:val="56"/>')
        + paragraph_style("Quote", "Quote", '<w:ind w:left="864" w:right="864"/>', "<w:i/>")
        + paragraph_style("Caption", "caption", "", '<w:i/><w:sz w:val="18"/>')
        + paragraph_style("ListParagraph", "List Paragraph", '<w:ind w:left="720"/>')
        + paragraph_style("NoSpacing", "No Spacing", '<w:spacing w:after="0"/>')
        + paragraph_style("TableText", "Table Text", '<w:spacing w:after="0"/>')
        + paragraph_style("FootnoteText", "footnote text", "", '<w:sz w:val="20"/>')
        + paragraph_style("EndnoteText", "endnote text", "", '<w:sz w:val="20"/>')
        + '<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote '
        'reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="EndnoteReference"><w:name w:val="endnote '
        'reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/>'
        "<w:tblPr><w:tblBorders>"
        + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr></w:style></w:styles>"
    )


def _numbering() -> str:
    return (
        f"{XML_DECLARATION}<w:numbering {NAMESPACES}>"
        '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        '<w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" '
        'w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" '
        'w:hint="default"/></w:rPr></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _package(document: str, writer: _Writer, words: int) -> dict[str, bytes]:
    content_types = (
        f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f'<Override PartName="/word/document.xml" ContentType="{_W_MAIN}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{_W_MAIN}.styles+xml"/>'
        f'<Override PartName="/word/numbering.xml" ContentType="{_W_MAIN}.numbering+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{_W_MAIN}.settings+xml"/>'
        f'<Override PartName="/word/footnotes.xml" ContentType="{_W_MAIN}.footnotes+xml"/>'
        f'<Override PartName="/word/endnotes.xml" ContentType="{_W_MAIN}.endnotes+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.extended-properties+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
        'package.core-properties+xml"/></Types>'
    )
    root_rels = (
        f'{XML_DECLARATION}<Relationships xmlns="{_PKG_REL}">'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
        "</Relationships>"
    )
    targets = (
        ("rId1", "styles", "styles.xml"),
        ("rId2", "numbering", "numbering.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "footnotes", "footnotes.xml"),
        ("rId5", "endnotes", "endnotes.xml"),
        ("rId8", "image", "media/image1.png"),
    )
    document_rels = (
        f'{XML_DECLARATION}<Relationships xmlns="{_PKG_REL}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{_REL}/{kind}" Target="{target}"/>'
            for rid, kind, target in targets
        )
        + "</Relationships>"
    )
    app = (
        f'{XML_DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
        '2006/extended-properties"><Template>Normal.dotm</Template><TotalTime>912</TotalTime>'
        f"<Pages>{max(1, words // 450)}</Pages><Words>{words}</Words>"
        f"<Characters>{words * 6}</Characters><Application>Microsoft Office Word</Application>"
        "<DocSecurity>0</DocSecurity><AppVersion>16.0000</AppVersion></Properties>"
    )
    core = (
        f'{XML_DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>Sam Taylor</dc:creator>'
        '<dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T09:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2024-03-14T21:37:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )
    return {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": root_rels.encode(),
        "word/document.xml": document.encode(),
        "word/_rels/document.xml.rels": document_rels.encode(),
        "word/styles.xml": _styles().encode(),
        "word/numbering.xml": _numbering().encode(),
        "word/settings.xml": writer.settings().encode(),
        "word/footnotes.xml": writer.notes_part(writer.footnotes).encode(),
        "word/endnotes.xml": writer.notes_part(writer.endnotes).encode(),
        "word/media/image1.png": _PNG,
        "docProps/app.xml": app.encode(),
        "docProps/core.xml": core.encode(),
    }


def generate(spec: Spec, path: Path) -> Generated:
    """Write the document ``spec`` describes to ``path``."""
    writer = _Writer(spec)
    document, limits = writer.build()
    parts = _package(document, writer, writer.words)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return Generated(
        path=path,
        words=writer.words,
        questions=tuple(limits),
        document_xml=len(parts["word/document.xml"]),
        xml_bytes=sum(
            len(data) for name, data in parts.items() if name.endswith((".xml", ".rels"))
        ),
        zip_bytes=path.stat().st_size,
        tables=writer.tables,
        footnotes=len(writer.footnotes.items),
        textboxes=writer.textboxes,
    )


# Every exclusion rule tma-check has (kept in step with tma_check.rules by run.py).
ALL_RULES = (
    "question-text",
    "declarations",
    "headings",
    "captions",
    "tables",
    "textboxes",
    "footnotes",
    "endnotes",
    "quotations",
    "citations",
    "appendix-pointers",
    "reference-list",
    "appendices",
)
CUSTOM_RULE = "  - {name: forum-signature, pattern: '^Posted by .*$'}"


def rubric_yaml(title: str, questions: tuple[tuple[str, int], ...]) -> str:
    """A rubric for a generated document that turns on every exclusion rule."""
    lines = [f"title: {title}", "leeway: 10", "exclude:"]
    lines += [f"  - {rule}" for rule in ALL_RULES]
    lines.append(CUSTOM_RULE)
    lines.append("questions:")
    for question_id, limit in questions:
        number = question_id[1:]
        lines += [f"  - id: {question_id}", f"    match: '^Q{number}\\)'", f"    limit: {limit}"]
    return "\n".join(lines) + "\n"


def write_set(folder: Path, name: str, spec: Spec) -> tuple[Generated, Path]:
    """Generate a document and its rubric into ``folder``."""
    generated = generate(spec, folder / f"{name}.docx")
    rubric = folder / f"{name}.yaml"
    rubric.write_text(rubric_yaml(f"Benchmark, {spec.words:,} words", generated.questions))
    return generated, rubric


def iter_batch(folder: Path, words: int, count: int) -> Iterator[Generated]:
    """``count`` different documents of about ``words`` words each (seeds 1..count)."""
    for seed in range(1, count + 1):
        yield generate(Spec(words, seed=100 + seed), folder / f"tma-{seed:03d}.docx")
