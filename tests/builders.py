"""Build .docx files in code for tests.

``docx_bytes`` writes a minimal, valid WordprocessingML package around raw
XML, for constructs python-docx cannot express (fields, tracked changes,
text boxes, notes, content controls...). ``para`` and ``run`` build the XML
of simple paragraphs so a test reads like the document it checks.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PART_TYPES = {
    "styles": ("styles.xml", "styles"),
    "numbering": ("numbering.xml", "numbering"),
    "settings": ("settings.xml", "settings"),
    "footnotes": ("footnotes.xml", "footnotes"),
    "endnotes": ("endnotes.xml", "endnotes"),
    "header": ("header1.xml", "header"),
    "comments": ("comments.xml", "comments"),
}
_CONTENT_TYPES = {
    "document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "settings.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
    "endnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
    "header1.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "comments.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
}


def run(text: str, props: str = "") -> str:
    """A run of text; ``props`` is the XML inside ``w:rPr`` (e.g. ``<w:b/>``)."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*content: str, style: str = "", props: str = "") -> str:
    """A paragraph. Plain strings in ``content`` become runs; XML is kept as is."""
    ppr_inner = (f'<w:pStyle w:val="{style}"/>' if style else "") + props
    ppr = f"<w:pPr>{ppr_inner}</w:pPr>" if ppr_inner else ""
    inner = "".join(item if item.startswith("<") else run(item) for item in content)
    return f"<w:p>{ppr}{inner}</w:p>"


def styles_xml(*styles: str) -> str:
    """A styles part with Normal, Heading 1-3, Quote and Caption, plus ``styles``."""
    built_in = "".join(
        f'<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="{n - 1}"/></w:pPr></w:style>'
        for n in (1, 2, 3)
    )
    return (
        f"<w:styles {NAMESPACES}>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        f"{built_in}"
        '<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>'
        f"{''.join(styles)}</w:styles>"
    )


def numbering_xml(fmt: str = "decimal", text: str = "%1.") -> str:
    """A numbering part whose list 1 uses ``fmt`` and ``text`` at level 0."""
    return (
        f"<w:numbering {NAMESPACES}>"
        '<w:abstractNum w:abstractNumId="0">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl>'
        "</w:abstractNum>"
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        "</w:numbering>"
    )


def lists_xml(*lists: tuple[tuple[str, str], ...]) -> str:
    """A numbering part with one list per argument: list ``n`` (numId n, from 1) has the
    levels given as (format, text) pairs, e.g. ``(("decimal", "%1."), ("lowerLetter", "%2)"))``."""
    abstracts = "".join(
        f'<w:abstractNum w:abstractNumId="{n}">'
        + "".join(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
            for level, (fmt, text) in enumerate(levels)
        )
        + "</w:abstractNum>"
        for n, levels in enumerate(lists, start=1)
    )
    nums = "".join(
        f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'
        for n in range(1, len(lists) + 1)
    )
    return f"<w:numbering {NAMESPACES}>{abstracts}{nums}</w:numbering>"


def listed(*content: str, list_id: int = 1, level: int = 0, style: str = "") -> str:
    """A paragraph numbered by Word's list ``list_id`` at ``level`` (the number is not text)."""
    props = f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{list_id}"/></w:numPr>'
    return para(*content, style=style, props=props)


def table_xml(*rows: tuple[str, ...]) -> str:
    """A table; each cell's content is paragraph XML (or plain text for one paragraph)."""
    cells = "".join(
        "<w:tr>"
        + "".join(f"<w:tc>{cell if cell.startswith('<') else para(cell)}</w:tc>" for cell in row)
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def notes_xml(kind: str, notes: dict[int, str]) -> str:
    """A footnotes or endnotes part; ``notes`` maps id to the note's body XML."""
    separators = (
        f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>'
        f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        f"</w:r></w:p></w:{kind}>"
    )
    body = "".join(f'<w:{kind} w:id="{n}">{xml}</w:{kind}>' for n, xml in notes.items())
    return f"<w:{kind}s {NAMESPACES}>{separators}{body}</w:{kind}s>"


def docx_bytes(
    body: str,
    *,
    styles: str | None = None,
    numbering: str | None = None,
    settings: str | None = None,
    footnotes: str | None = None,
    endnotes: str | None = None,
    header: str | None = None,
    comments: str | None = None,
    app_words: int | None = None,
) -> bytes:
    """A .docx package whose body is ``body`` (XML inside ``w:body``)."""
    parts = {
        "styles": styles if styles is not None else styles_xml(),
        "numbering": numbering,
        "settings": settings,
        "footnotes": footnotes,
        "endnotes": endnotes,
        "header": header,
        "comments": comments,
    }
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>'
    overrides = [("document.xml", _CONTENT_TYPES["document.xml"])]
    rels = []
    files: dict[str, str] = {"word/document.xml": document}
    for number, (name, xml) in enumerate(parts.items(), start=1):
        if xml is None:
            continue
        filename, rel_type = _PART_TYPES[name]
        files[f"word/{filename}"] = xml
        overrides.append((filename, _CONTENT_TYPES[filename]))
        rels.append(
            f'<Relationship Id="rId{number}" Type="{_REL}/{rel_type}" Target="{filename}"/>'
        )
    package_rels = [
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    ]
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="/word/{name}" ContentType="{ct}"/>' for name, ct in overrides
        )
    )
    if app_words is not None:
        files["docProps/app.xml"] = (
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f"<Application>Microsoft Office Word</Application><Words>{app_words}</Words></Properties>"
        )
        package_rels.append(
            f'<Relationship Id="rId2" Type="{_REL}/extended-properties" Target="docProps/app.xml"/>'
        )
        content_types += (
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        )
    content_types += "</Types>"
    rels_xml = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", rels_xml + "".join(package_rels) + "</Relationships>")
        archive.writestr(
            "word/_rels/document.xml.rels", rels_xml + "".join(rels) + "</Relationships>"
        )
        for name, xml in files.items():
            archive.writestr(name, xml)
    return buffer.getvalue()


def write_docx(path: Path, body: str, **parts: object) -> Path:
    """Write ``docx_bytes(body, **parts)`` to ``path`` and return the path."""
    path.write_bytes(docx_bytes(body, **parts))  # type: ignore[arg-type]
    return path


def interruptible() -> None:
    """For ``preexec_fn``: let Ctrl-C (SIGINT) reach the child as it does from a terminal.

    A command started in the background by a non-interactive shell (as CI may run
    the tests) inherits SIGINT ignored, and Python then never turns it into
    KeyboardInterrupt; a test that sends SIGINT must undo that in its child.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
