"""Mutations of .docx packages and rubrics, and the run every mutated input must survive.

Shared by ``tests/test_fuzz.py`` (a short, reproducible run under
hypothesis) and ``scripts/fuzz.py`` (a long run by hand). Every mutation is
driven by a ``random.Random``, so one seed reproduces one input.

A run ends in a result or a clean error: a
:class:`~tma_check.errors.TmaCheckError` whose message is one line. Any
other exception is a crash.
"""

from __future__ import annotations

import copy
import io
import random
import string
import warnings
import zipfile
from pathlib import Path
from typing import Any

import regex
import yaml
from builders import docx_bytes, notes_xml, numbering_xml, para, run, styles_xml
from lxml import etree

from tma_check.api import check_document
from tma_check.errors import DocumentError, TmaCheckError
from tma_check.infer import infer_rubric
from tma_check.load import load
from tma_check.measure import count_document
from tma_check.model import Rubric
from tma_check.patterns import compile_cost
from tma_check.report import Style, render_check
from tma_check.rubric import load_rubric
from tma_check.rubric.validate import MAX_PATTERN
from tma_check.rules import RULES

RUBRIC = """\
title: Fuzzing
leeway: 10
total_marks: 30
exclude: [question-text, declarations, appendix-pointers, reference-list, appendices]
questions:
  - {id: Q1, match: '^Q1\\)', limit: 20, marks: 10}
  - {id: Q2, match: '^Q2\\)', limit: 10, marks: 10}
  - {id: Part B, limit: 5, marks: 10}
"""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# -- seed documents ------------------------------------------------------------

_NUMBERED = '<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>'


def _field(code: str, result: str) -> str:
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(result)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _textbox(text: str) -> str:
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
        "<a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        f"{para(text)}"
        "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>"
        f"{para(text)}"
        "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def seed_documents() -> list[bytes]:
    """Small valid packages that between them use most of what the loader reads."""
    assignment = (
        para("TMA 02: Leadership in practice", style="Heading1")
        + para(run("Q1) Describe the model. (20 words)", "<w:b/>"))
        + para("(17 Words)")
        + para(
            "The model, ‘well-known’ and “widely cited” (Raelin, 2003), is shown (see Appendix A)."
            '<w:r><w:footnoteReference w:id="1"/></w:r>'
        )
        + para("First point in a list.", props=_NUMBERED.format(level=0))
        + para("A sub-point.", props=_NUMBERED.format(level=1))
        + para(run("Q2) Evaluate it.", "<w:b/>"))
        + "<w:tbl><w:tr><w:tc>"
        + para("Cell one")
        + '</w:tc><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>'
        + para("Cell two")
        + "</w:tc></w:tr></w:tbl>"
        + para("Part B Forum reflection", style="Heading2")
        + para("Posts were useful", _field("PAGE", "3"), _textbox("Boxed words here"))
        + para(
            '<w:ins w:id="9" w:author="A"><w:r><w:t>inserted</w:t></w:r></w:ins>'
            '<w:del w:id="10" w:author="A"><w:r><w:delText>deleted</w:delText></w:r></w:del>'
            '<w:hyperlink r:id="rId99"><w:r><w:t>a link</w:t></w:r></w:hyperlink>'
            "<w:sdt><w:sdtContent><w:r><w:t>control</w:t></w:r></w:sdtContent></w:sdt>"
        )
        + para("References", style="Heading1")
        + para("Raelin, J. (2003) Creating Leaderful Organizations.")
        + para("Appendix A: The homepage", style="Heading1")
        + para("Screenshot words.")
    )
    simple = (
        para("Q1) What is counted?")
        + para("One two three four five.")
        + para("Q2) And here?")
        + para("Six seven.")
    )
    return [
        docx_bytes(
            assignment,
            styles=styles_xml(),
            numbering=numbering_xml("lowerRoman", "%1)"),
            footnotes=notes_xml("footnote", {1: para("A note with words.")}),
            settings=f'<w:settings xmlns:w="{_W}"><w:doNotIncludeSubdocsInStats/></w:settings>',
            app_words=40,
        ),
        docx_bytes(simple),
    ]


# -- random material -------------------------------------------------------------

_TEXT_PIECES = (
    "Q1) ", "Q2) ", "Part B ", "Question 3 ", "References", "Bibliography", "Appendix A: ",
    "(see Appendix B)", "(Table 2)", "(1,517 Words)", "Word count: 12", "(Smith, 2003)",
    "“", "”", "‘", "’", '"', "'", "(", ")", "[", "]", "—", "–", "-", "\u00ad", "\u200b",
    "\u00a0", "\t", "\n", "語", "😀", "\u202e", "e\u0301", "ﬁ", "1.", "a)", "iv.", " ", "  ",
    "word", "Word", "words", "(200 words)", "(10 marks)", "60%", "&", "<", ">", "%1.", "\\",
)  # fmt: skip
_CONTROL = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f\ufffe\uffff"
_ATTRIBUTE_VALUES = (
    "", "0", "1", "-1", "8", "9", "10", "999999999999", "-2147483649", "1e309", "inf", "nan",
    "9" * 5000, "ff" * 3000, "0x41", "Heading1", "heading 1", "heading ²", "Title", "TOC1",
    "upperRoman", "lowerLetter", "bullet", "decimal", "decimalZero", "ordinal", "none",
    "%1.%2.%3.%4.%5.%6.%7.%8.%9.%10", "true", "false", "on", "off", "begin", "separate", "end",
    "superscript", "subscript", "separator", "continuationSeparator", "External", "Internal",
    "/word/document.xml", "../../../../etc/passwd", "http://127.0.0.1:9/x", "file:///etc/passwd",
    "document.xml", "styles.xml", "numbering.xml", "%", "%2F", "word/../word/styles.xml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
)  # fmt: skip
_WRAPPERS = (
    "w:sdt", "w:sdtContent", "w:ins", "w:del", "w:moveFrom", "w:moveTo", "w:hyperlink",
    "w:smartTag", "w:customXml", "w:fldSimple", "w:p", "w:r", "w:tbl", "w:tr", "w:tc",
    "w:txbxContent", "mc:AlternateContent", "mc:Choice", "mc:Fallback", "m:oMath", "w:ruby",
)  # fmt: skip
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
_NS = {
    "w": _W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}


def random_text(rng: random.Random, control: bool = False) -> str:
    pieces = [rng.choice(_TEXT_PIECES) for _ in range(rng.randint(0, 8))]
    if rng.random() < 0.2:
        pieces.append("".join(rng.choice(string.printable) for _ in range(rng.randint(1, 30))))
    if rng.random() < 0.05:
        pieces.append(rng.choice(_TEXT_PIECES) * rng.randint(100, 20_000))
    if control:
        pieces.append(rng.choice(_CONTROL))
    rng.shuffle(pieces)
    return "".join(pieces)


def _xml_safe(text: str) -> str:
    return "".join(c for c in text if c in "\t\n" or (c >= " " and c not in _CONTROL))


# -- package mutations -------------------------------------------------------------


def _entries(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [(info, archive.read(info)) for info in archive.infolist()]


def _pack(entries: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicated names are the point
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, blob in entries:
                archive.writestr(zipfile.ZipInfo(name), blob, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def mutate_zip(data: bytes, rng: random.Random) -> bytes:
    """Damage the zip structure: truncate, flip bytes, drop, duplicate or rename entries."""
    kind = rng.choice(("truncate", "flip", "drop", "duplicate", "rename", "flip", "splice"))
    if not data:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 64)))
    if kind == "truncate":
        return data[: rng.randrange(len(data))]
    if kind == "splice":
        at = rng.randrange(len(data))
        return data[:at] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[at:]
    try:
        entries = [(info.filename, blob) for info, blob in _entries(data)]
    except Exception:  # already past reading as a zip: damage the bytes instead
        kind = "flip"
    if kind == "flip" or not entries:
        out = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(out))
            out[at] = (
                rng.randrange(256) if rng.random() < 0.5 else out[at] ^ (1 << rng.randrange(8))
            )
        return bytes(out)
    index = rng.randrange(len(entries))
    if kind == "drop":
        del entries[index]
    elif kind == "duplicate":
        name, blob = entries[index]
        other = rng.choice(entries)[1] if rng.random() < 0.5 else blob
        entries.insert(rng.randrange(len(entries) + 1), (name, other))
    else:
        name, blob = entries[index]
        names = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "WORD/Document.XML"]
        names += ["Word/document.xml", "word/Styles.xml", "[content_types].xml"]
        names += ["word/document2.xml", "[Content_Types].xml", "_rels/.rels", "mimetype", "x/"]
        entries[index] = (rng.choice([*names, name + "x", name.upper()]), blob)
    return _pack(entries)


def mutate_xml(data: bytes, rng: random.Random) -> bytes:
    """Damage one XML part: bytes, elements, attribute values or text."""
    entries = [(info.filename, blob) for info, blob in _entries(data)]
    xml = [i for i, (name, _) in enumerate(entries) if name.endswith((".xml", ".rels"))]
    weights = [6 if entries[i][0] == "word/document.xml" else 1 for i in xml]
    index = rng.choices(xml, weights)[0]
    name, blob = entries[index]
    entries[index] = (name, _mutate_part(blob, rng))
    return _pack(entries)


def _mutate_part(blob: bytes, rng: random.Random) -> bytes:
    kind = rng.choice(("bytes", "remove", "duplicate", "move", "wrap", "attribute", "text"))
    if kind == "bytes":
        out = bytearray(blob)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(out) + 1)
            edit = rng.choice(("insert", "delete", "replace"))
            piece = rng.choice(
                [b"<", b">", b"&", b'"', b"'", b"</w:p>", b"<w:p>", b"&amp;", b"&#0;", b"\x00",
                 b"\xff\xfe", b"\xc3", b"]]>", b"<!--", b"-->", b"<?pi?>", b" w:val=\"9\"",
                 random_text(rng, control=True).encode("utf-8", "replace")]
            )  # fmt: skip
            if edit == "insert":
                out[at:at] = piece
            elif edit == "delete":
                del out[at : at + rng.randint(1, 20)]
            else:
                out[at : at + len(piece)] = piece
        return bytes(out)
    try:
        root = etree.fromstring(blob, _PARSER)
    except etree.XMLSyntaxError:
        return blob
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    target = rng.choice(elements)
    parent = target.getparent()
    if kind == "remove" and parent is not None:
        parent.remove(target)
    elif kind == "duplicate" and parent is not None:
        for _ in range(rng.choice((1, 1, 2, 50))):
            target.addnext(copy.deepcopy(target))
    elif kind == "move" and parent is not None:
        destination = rng.choice(elements)
        if target not in destination.iterancestors() and destination is not target:
            destination.insert(rng.randint(0, len(destination)), target)
    elif kind == "wrap" and parent is not None:
        prefix, local = rng.choice(_WRAPPERS).split(":")
        wrapper = etree.Element(f"{{{_NS[prefix]}}}{local}")
        target.addprevious(wrapper)
        wrapper.append(target)
    elif kind == "attribute":
        names = list(target.attrib) or [f"{{{_W}}}val"]
        name = rng.choice([*names, f"{{{_W}}}val", f"{{{_W}}}id", "Target", "Type"])
        value = rng.choice(_ATTRIBUTE_VALUES) if rng.random() < 0.7 else random_text(rng)
        target.set(name, _xml_safe(value))
    else:
        text = _xml_safe(random_text(rng))
        if rng.random() < 0.5:
            target.text = text
        else:
            target.tail = text
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_REL_KINDS = ("styles", "numbering", "settings", "footnotes", "endnotes", "officeDocument", "image")
_REL_TARGETS = (
    "document.xml", "styles.xml", "numbering.xml", "footnotes.xml", "_rels/document.xml.rels",
    "../[Content_Types].xml", "/word/document.xml", "../word/./document.xml", "%2e%2e/x.xml",
    "../../../etc/passwd", "", "Document.XML", "media/image1.png", "nowhere.xml",
)  # fmt: skip


def mutate_relationships(data: bytes, rng: random.Random) -> bytes:
    """Point the main part's (or the package's) relationships anywhere: at the main
    document itself, at each other, outside the package, thousands of times over."""
    entries = [(info.filename, blob) for info, blob in _entries(data)]
    name = rng.choice(("word/_rels/document.xml.rels", "_rels/.rels"))
    count = rng.choice((1, 3, 6, 6, 50, 5_000))
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}{rng.choice(_REL_KINDS)}" '
        f'Target="{rng.choice(_REL_TARGETS)}"'
        + (' TargetMode="External"' if rng.random() < 0.1 else "")
        + "/>"
        for n in range(count)
    )
    xml = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{rels}</Relationships>"
    ).encode()
    entries = [(n, b) for n, b in entries if n != name] + [(name, xml)]
    return _pack(entries)


# Characters that XML allows in text but no terminal should be sent: C1 controls, DEL.
_XML_CONTROLS = "\x7f" + "".join(chr(c) for c in range(0x80, 0xA0))
_SYMBOL_CODES = (
    "0000", "0007", "001B", "009B", "007F", "D800", "DFFF", "FFFF", "FFFE", "110000", "zz",
    "", "F0B7", "0041", "1F600", "-1",
)  # fmt: skip


def mutate_characters(data: bytes, rng: random.Random) -> bytes:
    """Text that could drive a terminal: C1 controls and DEL in the body's text, and
    symbols (``w:sym``) naming control characters, surrogates and codes past Unicode."""
    entries = [(info.filename, blob) for info, blob in _entries(data)]
    for index, (name, blob) in enumerate(entries):
        if name != "word/document.xml":
            continue
        pieces = []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                text = "".join(rng.choice(_XML_CONTROLS + "ab [") for _ in range(rng.randint(1, 9)))
                pieces.append(run(text))
            else:
                pieces.append(
                    f'<w:r><w:sym w:font="Symbol" w:char="{rng.choice(_SYMBOL_CODES)}"/></w:r>'
                )
        paragraph = f"<w:p>{''.join(pieces)}</w:p>".encode()
        at = blob.find(b"<w:body>")
        if at >= 0:
            entries[index] = (name, blob[: at + 8] + paragraph + blob[at + 8 :])
    return _pack(entries)


def mutate_document(data: bytes, rng: random.Random) -> bytes:
    """One to three mutations, mostly of the XML (a damaged zip is refused early)."""
    for _ in range(rng.choice((1, 1, 2, 3))):
        pick = rng.random()
        try:
            if pick < 0.6:
                data = mutate_xml(data, rng)
            elif pick < 0.7:
                data = mutate_relationships(data, rng)
            elif pick < 0.8:
                data = mutate_characters(data, rng)
            else:
                data = mutate_zip(data, rng)
        except Exception:  # already past reading as a zip: damage the bytes instead
            data = mutate_zip(data, rng)
    return data


# -- random rubrics ------------------------------------------------------------------

_REGEX_ATOMS = (
    "a", "Q", "1", r"\)", ".", r"\d", r"\w", r"\s", r"\b", r"\p{L}", "[a-z]", "[^()]", "^", "$",
    r"\.", "Q1", "Part", " ", r"\\", "(?i)", r"\N{BULLET}", "[[:alpha:]]", r"\X", r"\G",
)  # fmt: skip
_QUANTIFIERS = (
    "", "", "*", "+", "?", "{2}", "{0,1000}", "{1,}", "*?", "+?", "*+", "{e<=1}",
    "{1000}", "{1001}", "{2,99999}", "{4294967294}", "{10000000}", "{ 5 }", "{,3}",
)  # fmt: skip


def random_regex(rng: random.Random, depth: int = 0) -> str:
    """A random regular expression, often valid, sometimes catastrophic, sometimes broken."""
    if rng.random() < 0.05:
        return "".join(rng.choice("()[]{}*+?|\\^$.aQ1-") for _ in range(rng.randint(1, 12)))
    parts = []
    for _ in range(rng.randint(1, 4)):
        if depth < 3 and rng.random() < 0.3:
            inner = "|".join(random_regex(rng, depth + 1) for _ in range(rng.randint(1, 3)))
            opener = rng.choice(("(", "(?:", "(?=", "(?!", "(?<=", "(?<!", "(?P<n>", "(?>"))
            parts.append(f"{opener}{inner})")
        else:
            parts.append(rng.choice(_REGEX_ATOMS))
        parts[-1] += rng.choice(_QUANTIFIERS)
    if rng.random() < 0.05:
        parts.append(r"\1")
    return "".join(parts)


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    choice = rng.randrange(9 if depth < 3 else 6)
    if choice == 0:
        return rng.randint(-5, 500)
    if choice == 1:
        return rng.choice((0.5, -1.0, 1e308, float("inf"), float("nan"), 10**30))
    if choice == 2:
        return rng.choice((True, False, None))
    if choice in (3, 4):
        return _xml_safe(random_text(rng))
    if choice == 5:
        return random_regex(rng)
    if choice in (6, 7):
        return [_random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {
        rng.choice(("id", "match", "limit", "name", "pattern", "x")): _random_value(rng, depth + 1)
        for _ in range(rng.randint(0, 3))
    }


def _random_rule(rng: random.Random) -> Any:
    pick = rng.randrange(5)
    if pick == 0:
        return {"name": rng.choice(("sig", "code", "Q1")), "pattern": random_regex(rng)}
    if pick == 1:
        return {"name": "styled", "style": rng.choice(("Quote", "Heading 1", "", "Code"))}
    if pick == 2:
        rule = rng.choice(list(RULES))
        return {rule: {"targets": [random_text(rng)], "max_words": rng.randint(-1, 50)}}
    if pick == 3:
        return _random_value(rng, 2)
    return rng.choice([*list(RULES), "quotes", ""])


def random_rubric_data(rng: random.Random) -> Any:
    """A random rubric: mostly the right keys with random values, sometimes not a rubric."""
    if rng.random() < 0.05:
        return _random_value(rng)
    data: dict[str, Any] = {}
    for key in ("title", "leeway", "total_marks", "declared_tolerance", "source"):
        if rng.random() < 0.4:
            data[key] = _random_value(rng, 2)
    for key in ("reference_heading", "appendix_heading"):
        if rng.random() < 0.2:
            data[key] = random_regex(rng)
    if rng.random() < 0.3:
        data["extends"] = rng.choice(("ou-default", "nope", "../x.yaml", "/etc/passwd", "."))
    if rng.random() < 0.6:
        data["exclude"] = [_random_rule(rng) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.2:
        data["include"] = [rng.choice([*RULES, "sig", "nope"])]
    questions = []
    for number in range(rng.randint(0, 4)):
        question: dict[str, Any] = {"id": rng.choice((f"Q{number + 1}", "Part B", "", "Q1"))}
        for key, make in (
            ("match", lambda: random_regex(rng)),
            ("limit", lambda: rng.choice((0, 5, 20, -3, 10**9, 2.5, "200"))),
            ("minimum", lambda: rng.randint(-1, 30)),
            ("marks", lambda: rng.choice((0, 10, 2.5, -1))),
            ("leeway", lambda: rng.choice((0, 10, 150, -5))),
            ("count", lambda: rng.choice((True, False, "no"))),
            ("prompt", lambda: rng.choice((0, 1, 3, 10**6))),
            ("exclude", lambda: [_random_rule(rng)]),
            ("include", lambda: [rng.choice(list(RULES))]),
            (rng.choice(("limt", "x")), lambda: 1),
        ):
            if rng.random() < 0.35:
                question[key] = make()
        questions.append(question)
    if questions or rng.random() < 0.5:
        data["questions"] = questions
    return data


def _valid_regex(rng: random.Random) -> str:
    """A random pattern that a rubric may hold: one whose counted repeats are within
    bounds (compiling any other may take gigabytes) and that compiles."""
    pattern = random_regex(rng)
    try:
        if compile_cost(pattern) is None and len(pattern) <= MAX_PATTERN:
            regex.compile(pattern)
            return pattern
    except (regex.error, RecursionError):
        pass
    return regex.escape(_xml_safe(random_text(rng)))


def valid_rubric_data(rng: random.Random) -> dict[str, Any]:
    """A random rubric that passes validation, so its patterns run over the documents."""
    data: dict[str, Any] = {"title": _xml_safe(random_text(rng)) or "T"}
    data["leeway"] = rng.choice((0, 5, 10, 12.5))
    if rng.random() < 0.3:
        data["reference_heading"] = _valid_regex(rng)
    if rng.random() < 0.3:
        data["appendix_heading"] = _valid_regex(rng)
    rules: list[Any] = rng.sample(list(RULES), rng.randint(0, len(RULES)))
    for number in range(rng.randint(0, 2)):
        rules.append({"name": f"custom{number}", "pattern": _valid_regex(rng)})
    data["exclude"] = rules
    questions = []
    for number in range(rng.randint(1, 4)):
        question: dict[str, Any] = {"id": f"Q{number + 1}"}
        if rng.random() < 0.7:
            question["match"] = _valid_regex(rng)
        if rng.random() < 0.7:
            question["limit"] = rng.choice((1, 5, 20, 500))
        questions.append(question)
    data["questions"] = questions
    return data


def valid_rubric_text(rng: random.Random) -> str:
    return yaml.safe_dump(valid_rubric_data(rng), allow_unicode=True, sort_keys=False)


def random_rubric_text(rng: random.Random) -> str:
    """Random rubric YAML, sometimes with its text damaged or with hostile YAML spliced in."""
    data = valid_rubric_data(rng) if rng.random() < 0.5 else random_rubric_data(rng)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if rng.random() < 0.3:
        chars = list(text)
        for _ in range(rng.randint(1, 5)):
            at = rng.randrange(len(chars) + 1)
            chars[at:at] = rng.choice(
                ["\t", ":", "- ", "&a ", "*a", "!!python/object:os.system ", "!!binary ", "{",
                 "[", "'", '"', "\n  ", "#", "\x00", "\ufeff", "? ", "%YAML 1.1\n", "---\n",
                 "<<: *a\n", "!!set ", "~"]
            )  # fmt: skip
        text = "".join(chars)
    return text


# -- running one input -----------------------------------------------------------------


class Crash(Exception):
    """An input made tma-check fail other than with a clean one-line error."""


def _clean(error: TmaCheckError) -> str:
    message = str(error)
    if "\n" in message or "\r" in message:
        raise Crash(f"a message on more than one line: {message!r}")
    return "DocumentError" if isinstance(error, DocumentError) else type(error).__name__


_UNPRINTABLE = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _printable(report: str, fmt: str) -> None:
    found = _UNPRINTABLE.search(report)
    if found is not None:
        raise Crash(f"{fmt} report holds the control character {found.group(0)!r}")


def fixed_rubric(folder: Path) -> Rubric:
    """The rubric mutated documents are checked against, written to ``folder``."""
    path = folder / "fuzz-rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return load_rubric(str(path))


def run_document(path: Path, rubric: Rubric) -> str:
    """Load, count and check ``path`` (against ``rubric`` and an inferred one), render reports.

    Returns "ok" or the kind of clean error; anything else raised is a crash.
    """
    try:
        document = load(str(path))
        count_document(document)
        results = [check_document(document, rubric)]
        results.append(check_document(document, infer_rubric(document, str(path))))
        for fmt in ("plain", "json", "csv", "markdown", "github", "html", "table"):
            _printable(render_check(results, Style(format=fmt, width=100)), fmt)
    except TmaCheckError as error:
        return _clean(error)
    return "ok"


def run_rubric(path: Path, documents: list[Path]) -> str:
    """Load the rubric at ``path`` and check each of ``documents`` against it."""
    try:
        rubric = load_rubric(str(path))
        for document in documents:
            check_document(load(str(document)), rubric)
    except TmaCheckError as error:
        return _clean(error)
    return "ok"
