"""Hostile packages: relationships that point parts at each other, names given twice,
huge relationship lists, and text that could drive a terminal. Each document is
built here, byte by byte where python-docx could not express it."""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from builders import NAMESPACES, docx_bytes, para, run

from tma_check.api import count_file
from tma_check.errors import DocumentError
from tma_check.load import load, package

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_RELS = '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'


def repack(data: bytes, changes: dict[str, bytes], extra: list[tuple[str, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    """``data`` with parts replaced, and entries appended (even under a name used already)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, changes.get(info.filename, source.read(info)))
        for name, blob in extra:
            archive.writestr(zipfile.ZipInfo(name), blob)
    return out.getvalue()


def relationships(*targets: tuple[str, str]) -> bytes:
    rels = "".join(
        f'<Relationship Id="rId{n}" Type="{_REL}/{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(targets, start=1)
    )
    return (_RELS + rels + "</Relationships>").encode()


def test_every_part_pointed_at_the_main_document_is_read_once_as_the_main_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = "".join(para(f"Paragraph {n} of the answer.") for n in range(2_000))
    data = repack(
        docx_bytes(body),
        {
            "word/_rels/document.xml.rels": relationships(
                *[(kind, "document.xml") for kind in ("styles", "numbering", "settings")],
                ("footnotes", "document.xml"),
                ("endnotes", "document.xml"),
            )
        },
    )
    path = tmp_path / "loops.docx"
    path.write_bytes(data)
    reads: list[str] = []
    real = package._Package.read

    def counted(self: package._Package, name: str) -> bytes:
        reads.append(name)
        return real(self, name)

    monkeypatch.setattr(package._Package, "read", counted)
    result = count_file(str(path))
    assert result.words == 2_000 * 5
    assert reads.count("word/document.xml") == 1


def test_a_part_of_the_wrong_content_type_is_not_read_as_styles(tmp_path: Path) -> None:
    styles = (
        f"<w:styles {NAMESPACES}>"
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        "</w:styles>"
    ).encode()
    data = repack(
        docx_bytes(para("Title", style="Heading1") + para("Body text.")),
        {"word/_rels/document.xml.rels": relationships(("styles", "../docProps/odd.xml"))},
        [("docProps/odd.xml", styles)],
    )
    content_types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    typed = content_types.replace(
        b"</Types>",
        b'<Override PartName="/docProps/odd.xml" ContentType="image/png"/></Types>',
    )
    path = tmp_path / "typed.docx"
    path.write_bytes(repack(data, {"[Content_Types].xml": typed}))
    (title, _) = load(str(path)).blocks
    assert title.heading_level is None  # the "styles" that are declared an image are not read


@pytest.mark.parametrize(
    "second",
    ["word/document.xml", "WORD/Document.xml"],
    ids=["the same name", "a name differing in case"],
)
def test_a_part_name_given_twice_is_refused(tmp_path: Path, second: str) -> None:
    hidden = f"<w:document {NAMESPACES}><w:body>{para('Hidden')}</w:body></w:document>"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a name it writes twice
        data = repack(docx_bytes(para("What Word shows.")), {}, [(second, hidden.encode())])
    path = tmp_path / "twice.docx"
    path.write_bytes(data)
    with pytest.raises(DocumentError) as raised:
        load(str(path))
    assert "has two parts named" in raised.value.message
    assert "word/document.xml" in raised.value.message.lower()


def test_many_relationships_are_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many = [("image", f"m/{n}") for n in range(100_000)]
    data = repack(
        docx_bytes(para("One two three.")),
        {"word/_rels/document.xml.rels": relationships(*many, ("styles", "styles.xml"))},
    )
    path = tmp_path / "rels.docx"
    path.write_bytes(data)
    parsed: list[int] = []
    real = package.parse

    def counted(blob: bytes, strict: bool = False) -> object:
        if blob.startswith(b"<Relationships") and len(blob) > 1_000_000:
            parsed.append(len(blob))
        return real(blob, strict)

    monkeypatch.setattr(package, "parse", counted)
    assert count_file(str(path)).words == 3
    assert len(parsed) == 1  # once, not once for each part looked up


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("001B", "\uf01b"),  # ESC, which starts a terminal's escape sequences
        ("0007", "\uf007"),  # BEL
        ("0000", "\uf000"),  # NUL
        ("009B", "\uf09b"),  # CSI in one byte, for terminals that read C1 controls
        ("D800", "\ufffd"),  # half of a surrogate pair: no character at all
        ("F0B7", "\uf0b7"),  # a Symbol-font bullet, written as Word writes it
    ],
)
def test_a_symbol_is_its_fonts_glyph_never_a_control_character(
    tmp_path: Path, char: str, shown: str
) -> None:
    """A symbol font's codes below 0x100 are its own glyphs, found in the private-use
    block at U+F000 + code (as Word writes them, "F0B7"); so a w:sym of ESC is a glyph
    that is counted as Word counts it, and never an escape."""
    sym = f'<w:r><w:sym w:font="Symbol" w:char="{char}"/></w:r>'
    path = tmp_path / "sym.docx"
    path.write_bytes(docx_bytes(f"<w:p>{run('before ')}{sym}{run(' after')}</w:p>"))
    (block,) = load(str(path)).blocks
    assert block.text == f"before {shown} after"
    assert count_file(str(path)).words == 3


def test_control_characters_written_in_the_xml_are_replaced_not_dropped(tmp_path: Path) -> None:
    """C1 controls and DEL are legal XML: each becomes the replacement character, so the
    count stays what Word's is (a mark of its own is a word)."""
    path = tmp_path / "c1.docx"
    path.write_bytes(docx_bytes(para("one \x9b[31m two \x7f three\x85four")))
    (block,) = load(str(path)).blocks
    assert block.text == "one \ufffd[31m two \ufffd three\ufffdfour"
    assert count_file(str(path)).words == 5
