"""Build the example assignment examples/tma02.docx with python-docx.

The document is written the way a distance-learning student writes a tutor-
marked assignment (TMA) in Word: a title and a student line, each question
typed out in bold as the prompt, the student's own word-count line under it,
the answer (with sub-headings, a bulleted list, a table of forum posts and
pointers to the appendices), a short reference list inside one question, and
at the end the appendices and a numbered reference list. Its rubric is
rubrics/example-tma02.yaml; tests/test_example.py checks it against word
counts made by hand.

Run it from anywhere:

    python examples/make_example.py                 # writes examples/tma02.docx
    python examples/make_example.py -o draft.docx    # somewhere else

Core properties (author, dates) are fixed, so the text of the output is the
same every time; only the zip's own timestamps differ between builds.
"""

from __future__ import annotations

import argparse
import io
import struct
import sys
import zlib
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "tma02.docx"

AUTHOR = "Sam Taylor"
SAVED = datetime(2024, 3, 14, 21, 37, tzinfo=timezone.utc)

# What Word would store in docProps/app.xml for this document: the words of
# every paragraph, table cell and list label (counted by hand, paragraph by
# paragraph, in tests/test_example.py).
WORDS_AS_SAVED_BY_WORD = 1638

# A run is (text, formatting); formatting is "", "b" (bold) or "i" (italic).
Run = tuple[str, str]


# -- the text -------------------------------------------------------------

FRONT_MATTER = (
    "B123 Leadership in practice",
    "TMA 02",
    "Sam Taylor – Personal identifier: A1234567",
)

Q1_PROMPT = (
    "Q1) Provide a brief description of an organisation you know well, including its "
    "purpose, its size and how it presents itself to the public online. (200 words) (10 marks)"
)
Q1_DECLARED = "(191 Words – Excluding Appendix Indicators)"
Q1_ANSWER = (
    "I have worked for Northfield Community Housing (NCH) for six years, first as a housing "
    "officer and now as a team leader in the tenancy support service. NCH is a not-for-profit "
    "housing association that owns and manages around 4,200 homes across three market towns "
    "and the villages between them. It employs 310 staff and is governed by a voluntary board "
    "of twelve members, four of whom are tenants.",
    "The organisation’s stated purpose is to provide safe, affordable homes and to help "
    "tenants sustain their tenancies. Its public website reflects this purpose: the homepage "
    "leads with a photograph of tenants in a community garden and a short strapline, “Homes "
    "for good” (see Appendix A for the homepage). Most of the page is given to practical "
    "tasks such as reporting a repair, paying rent and applying for a home, which suggests "
    "that the site is designed for existing tenants rather than funders or partners.",
    "The news section tells a different story. It is used to celebrate staff achievements "
    "and new building projects, and the tone is more corporate (Appendix B shows an article "
    "heading from the site). The two faces of the website mirror a tension inside NCH between "
    "its community roots and its ambitions as a developer.",
)

Q2_PROMPT = (
    "Q2) Using one of the leadership models from Block 2, analyse how leadership is exercised "
    "in a team you have worked in, and suggest one change that would make it more effective. "
    "(600 words) (50 marks)",
    "Support your analysis with evidence from your workplace and at least two module readings.",
)
Q2_DECLARED = "(Word count: 640 – excluding references)"
Q2_INTRO = (
    "The tenancy support team at NCH has nine members: six support workers, two trainee "
    "officers and me as team leader. The team sits within the housing directorate, and "
    "referrals come from housing officers, GPs and/or the local council. We work with tenants who are at risk of losing their "
    "homes, and in 2022–23 we handled 1,517 referrals, a rise of almost a third in two years. "
    "This answer uses the distributed leadership model from Block 2 to analyse how leadership "
    "is exercised in the team, and then proposes one change."
)
Q2_HEADING_1 = "Leadership in the tenancy support team"
Q2_ANALYSIS = (
    "Spillane (2006) argues that leadership is not a property of one person but is stretched "
    "across leaders, followers and the situation they work in. Seen through this lens, much "
    "of the leadership in our team happens outside my formal role. When a complex case "
    "arrives, the support workers confer informally, decide who has the most relevant "
    "knowledge and hand the case over—often before I have read the referral. Priorities are "
    "therefore set in day-to-day practice rather than at the weekly team meeting, and my own "
    "part is mostly to check that the decisions fit policy and that nobody is overloaded.",
    "Bolden (2011) cautions that “distributed leadership” is sometimes a new label for "
    "old-fashioned delegation. In our team the distribution is genuine in some areas but not "
    "in others. Three features stand out:",
)
Q2_BULLETS = (
    "Case allocation is shared: experienced workers routinely take the lead on cases that "
    "match their expertise, such as rent arrears, hoarding or domestic abuse.",
    "Knowledge is pooled through a shared case log, which anyone can update and which has "
    "replaced my old spreadsheet.",
    "Budget decisions, and anything that involves a risk to staff safety, still come to me, "
    "as NCH’s lone-working policy requires.",
)
Q2_COST = (
    "This mix works well most of the time, but it has a cost. In their six-month reviews the "
    "two trainee officers told me that they find it hard to see how decisions are made, and "
    "one described the team as “a club you have to be invited into”. Informal leadership "
    "tends to favour people who are already confident and well-connected, which echoes the "
    "point Bolden (2011) makes about the power relations that distributed models can hide. It "
    "also means that good practice depends on who happens to be in the office, which is a "
    "risk when two of the most experienced workers are part-time."
)
Q2_HEADING_2 = "A proposed change"
Q2_CHANGE = (
    "The change I propose is a short, structured case huddle twice a week, at which new "
    "referrals are allocated openly and each worker explains why they are, or are not, taking "
    "a case. The huddle would keep the strengths of shared leadership—local knowledge, quick "
    "decisions and mutual trust—while making the process visible to newcomers. The trainee "
    "officers would take turns to chair it, which would give them a recognised leadership "
    "role early in their careers and a reason to ask questions.",
    "There are risks. Fifteen minutes twice a week is time taken away from tenants, and a "
    "formal meeting could slow down urgent cases. To manage this, urgent referrals would still "
    "be picked up immediately by whoever is on duty, and the huddle would be reviewed after "
    "three months against two measures: the time from referral to first contact, and the "
    "trainees’ own sense of being included. I would also ask the team to suggest changes at "
    "the review, so that the huddle itself is shaped by the people it is meant to serve.",
    "If both measures improve, the change will have made leadership in the team more "
    "distributed in fact and not only in name. If they do not, the review gives us an agreed "
    "point at which to stop and try something else. Either way, the team will have tested "
    "the model in practice rather than simply talking about it.",
)
BOLDEN: tuple[Run, ...] = (
    (
        "Bolden, R. (2011) ‘Distributed leadership in organizations: a review of theory and "
        "research’, ",
        "",
    ),
    ("International Journal of Management Reviews", "i"),
    (", 13(3), pp. 251–269.", ""),
)
SPILLANE: tuple[Run, ...] = (
    ("Spillane, J.P. (2006) ", ""),
    ("Distributed leadership", "i"),
    (". San Francisco: Jossey-Bass.", ""),
)

Q3_PROMPT = (
    "Q3) Describe a disagreement at work that you had to help resolve. What did it teach you "
    "about your own approach to leadership? (300 words) (30 marks)"
)
Q3_DECLARED = "(268 words)"
Q3_ANSWER = (
    "Last autumn two senior support workers disagreed sharply about how to handle a tenant "
    "whose flat had become unsafe. One wanted to start legal action to protect the "
    "neighbours; the other believed that this would push the tenant into crisis and wanted "
    "another month of visits. The disagreement spilled into team meetings, and other staff "
    "began to take sides.",
    "My first instinct was to settle the matter myself by choosing the safer-looking option. "
    "Instead, using the Thomas and Kilmann (1974) framework from Block 3, I recognised that I "
    "was about to use a competing style when the situation called for collaboration: both "
    "workers had valid concerns, the relationship mattered and there was time to talk. I met "
    "them together, asked each to explain the other’s position before their own, and invited "
    "our Health & Safety adviser to set out what the law required.",
    "The agreed plan combined elements of both views: two more weeks of intensive support "
    "with clear milestones, and a referral to legal services if the milestones were missed. "
    "The tenant engaged, the flat was made safe and legal action was not needed.",
    "The episode taught me that I tend to treat conflict as a problem to be closed down "
    "quickly, which reflects my earlier role as a housing officer, where decisions had to be "
    "made on the spot. It also showed me that my authority is more useful when it creates "
    "space for others to reason together than when it is used to end the argument. I now try "
    "to ask “what does each of you need?” before I offer a view of my own.",
)

PART_B_PROMPT = "Part B: Reflection on the forum activity (10 marks)"
PART_B_INTRO = (
    "For the Block 3 forum activity our tutor group was asked to share an example of a leader "
    "who changed their style to suit a situation. I have quoted my two posts and one reply "
    "below, because they show how my thinking moved during the week."
)
FORUM_POSTS = (
    ("Date", "Post"),
    (
        "5 February 2024",
        "My example is my previous manager, who was very directive during a restructure but "
        "became much more consultative once the new teams were in place. I think she simply "
        "ran out of energy for controlling everything!",
    ),
    (
        "6 February 2024",
        "Reply from Priya: Could it be that she changed on purpose, because the situation "
        "changed? That would fit the situational model in Block 3.",
    ),
    (
        "8 February 2024",
        "Priya’s question made me look again. Re-reading my notes, I think the change was "
        "deliberate: she involved people once there was less uncertainty. I had put it down "
        "to personality rather than judgement.",
    ),
)
PART_B_REFLECTION = (
    "Looking back, the most useful part of the activity was being challenged by a peer. My "
    "first post explained a change in style by the leader’s character; Priya’s reply pushed "
    "me to look at the situation instead, which is the shift the module asks us to make. In "
    "future forum activities I intend to reply to others’ posts before adding my own, so that "
    "I learn from the discussion rather than simply contributing to it."
)

APPENDIX_A = (
    "Appendix A: Homepage",
    "Screenshot of the Northfield Community Housing homepage, taken on 2 March 2024, showing "
    "the banner and the quick links for tenants.",
)
APPENDIX_B = (
    "Appendix B: Article heading",
    "Heading of a news article on the same site, “NCH breaks ground on 48 new homes in "
    "Eastbrook”, published on 19 January 2024.",
)

REFERENCES: tuple[tuple[Run, ...], ...] = (
    BOLDEN,
    (
        ("Northfield Community Housing (2024) ", ""),
        ("Homes for good", "i"),
        (". Available at: https://www.northfield-housing.example (Accessed: 2 March 2024).", ""),
    ),
    SPILLANE,
    (
        ("Thomas, K.W. and Kilmann, R.H. (1974) ", ""),
        ("Thomas-Kilmann conflict mode instrument", "i"),
        (". Tuxedo, NY: Xicom.", ""),
    ),
    (
        ("The Open University (2024) ‘Block 3: Leading through conflict’, ", ""),
        ("B123 Leadership in practice", "i"),
        (". Milton Keynes: The Open University.", ""),
    ),
)


# -- pictures for the appendices -------------------------------------------

Box = tuple[int, int, int, int, tuple[int, int, int]]


def _png(width: int, height: int, boxes: Sequence[Box]) -> bytes:
    """A PNG of flat rectangles on white, drawn in order (later boxes on top)."""
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter type: none
        for x in range(width):
            colour = (255, 255, 255)
            for x0, y0, x1, y1, fill in boxes:
                if x0 <= x < x1 and y0 <= y < y1:
                    colour = fill
            row.extend(colour)
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(rows), 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TEAL = (20, 90, 100)
GREEN = (200, 230, 205)
LEAF = (70, 140, 80)
GREY = (190, 190, 190)
DARK = (50, 50, 50)

HOMEPAGE: tuple[Box, ...] = (
    (0, 0, 320, 24, TEAL),  # menu bar
    (10, 6, 70, 18, GREEN),  # logo
    (10, 34, 310, 120, GREEN),  # banner
    (20, 44, 150, 110, LEAF),  # photograph of the garden
    (165, 60, 295, 74, TEAL),  # strapline
    (10, 132, 100, 190, GREY),  # quick links
    (115, 132, 205, 190, GREY),
    (220, 132, 310, 190, GREY),
)
ARTICLE: tuple[Box, ...] = (
    (0, 0, 320, 24, TEAL),
    (10, 40, 300, 58, DARK),  # headline
    (10, 64, 220, 80, DARK),
    (10, 92, 120, 98, GREY),  # date line
    (10, 110, 310, 190, GREEN),  # photograph
)


# -- building ---------------------------------------------------------------


def _runs(paragraph: Paragraph, runs: Sequence[Run]) -> Paragraph:
    for text, formatting in runs:
        run = paragraph.add_run(text)
        if "b" in formatting:
            run.bold = True
        if "i" in formatting:
            run.italic = True
    return paragraph


def _para(doc: DocumentObject, text: str = "", style: str | None = None) -> Paragraph:
    return doc.add_paragraph(text, style=style)


def _bold(doc: DocumentObject, text: str) -> Paragraph:
    return _runs(doc.add_paragraph(), [(text, "b")])


def _question(doc: DocumentObject, prompt: Sequence[str], declared: str) -> None:
    """The typed-out question in bold, then the student's word-count line."""
    _para(doc)
    for line in prompt:
        _bold(doc, line)
    _para(doc, declared)


def _table(doc: DocumentObject, rows: Sequence[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for number, (date, post) in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, (date, post), strict=True):
            paragraph = cell.paragraphs[0]
            _runs(paragraph, [(text, "b" if number == 0 else "")])
        cells[0].width = Cm(3.5)
        cells[1].width = Cm(12.5)


def _appendix(doc: DocumentObject, heading: str, picture: bytes, caption: str) -> None:
    doc.add_heading(heading, level=2)
    doc.add_paragraph().add_run().add_picture(io.BytesIO(picture), width=Cm(12))
    _para(doc, caption)


def _app_properties(words: int) -> bytes:
    """docProps/app.xml as Word writes it, with the document's word count."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        '2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>312</TotalTime>'
        f"<Pages>6</Pages><Words>{words}</Words><Application>Microsoft Office Word"
        "</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
        "</Properties>"
    ).encode()


def _metadata(doc: DocumentObject) -> None:
    core = doc.core_properties
    core.author = AUTHOR
    core.last_modified_by = AUTHOR
    core.title = "B123 TMA 02"
    core.subject = "B123 Leadership in practice"
    core.comments = ""
    core.keywords = ""
    core.category = ""
    core.revision = 14
    core.created = SAVED.replace(day=2, hour=10, minute=5)
    core.modified = SAVED
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            # A generic part: python-docx keeps its bytes as they are.
            part._blob = _app_properties(WORDS_AS_SAVED_BY_WORD)


def build(path: str | Path) -> None:
    """Write the example TMA to ``path``."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.54)

    title, tma, student = FRONT_MATTER
    for text, size in ((title, 16), (tma, 14)):
        paragraph = _bold(doc, text)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.runs[0].font.size = Pt(size)
    _para(doc, student).alignment = WD_ALIGN_PARAGRAPH.CENTER

    _question(doc, (Q1_PROMPT,), Q1_DECLARED)
    for text in Q1_ANSWER:
        _para(doc, text)

    _question(doc, Q2_PROMPT, Q2_DECLARED)
    _para(doc, Q2_INTRO)
    doc.add_heading(Q2_HEADING_1, level=2)
    for text in Q2_ANALYSIS:
        _para(doc, text)
    for text in Q2_BULLETS:
        _para(doc, text, style="List Bullet")
    _para(doc, Q2_COST)
    doc.add_heading(Q2_HEADING_2, level=2)
    for text in Q2_CHANGE:
        _para(doc, text)
    _bold(doc, "References")
    for reference in (BOLDEN, SPILLANE):
        paragraph = _runs(doc.add_paragraph(), reference)
        paragraph.paragraph_format.left_indent = Cm(1)
        paragraph.paragraph_format.first_line_indent = Cm(-1)

    _question(doc, (Q3_PROMPT,), Q3_DECLARED)
    for text in Q3_ANSWER:
        _para(doc, text)

    _para(doc)
    _bold(doc, PART_B_PROMPT)
    _para(doc, PART_B_INTRO)
    _table(doc, FORUM_POSTS)
    _para(doc, PART_B_REFLECTION)

    doc.add_heading("Appendices", level=1).paragraph_format.page_break_before = True
    _appendix(doc, APPENDIX_A[0], _png(320, 200, HOMEPAGE), APPENDIX_A[1])
    _appendix(doc, APPENDIX_B[0], _png(320, 200, ARTICLE), APPENDIX_B[1])

    doc.add_heading("References", level=1).paragraph_format.page_break_before = True
    for reference in REFERENCES:
        _runs(doc.add_paragraph(style="List Number"), reference)

    _metadata(doc)
    doc.save(str(path))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the example TMA (.docx).")
    parser.add_argument(
        "--output",
        "-o",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="where to write the .docx (default: tma02.docx beside this script)",
    )
    args = parser.parse_args(argv)
    build(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
