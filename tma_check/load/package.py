"""Open a .docx package safely and hand back the XML parts the walker needs.

Before anything is inflated the file is sniffed (so a PDF, an old .doc, a
password-protected document or an OpenDocument file gets a message that says
what it is and what to do) and the zip directory is checked against limits
that real documents pass and zip bombs do not. Only the parts that hold
counted text are then inflated (the main document, styles, numbering,
settings, footnotes, endnotes and the extended properties), each parsed with
entity resolution, DTD loading and network access off. A relationship to a
part that is missing, or a damaged part the count does not need (an image, a
theme), does not stop the document being read: Word opens such files too.
"""

from __future__ import annotations

import os
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from lxml import etree

from tma_check.errors import DocumentError
from tma_check.load import ns

MAX_ENTRIES = 10_000
MAX_ENTRY_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class Parts:
    """The XML roots of the parts the walker reads (None when absent)."""

    document: Any
    styles: Any | None
    numbering: Any | None
    settings: Any | None
    footnotes: Any | None
    endnotes: Any | None
    app: Any | None
    strict: bool


def sniff(path: str) -> None:
    """Raise DocumentError if ``path`` is not something that can be a .docx."""
    if not os.path.exists(path):
        raise DocumentError(path, "no such file")
    if os.path.isdir(path):
        raise DocumentError(path, "is a directory, not a .docx file")
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
            if head.startswith(_OLE_MAGIC):
                encrypted = _ENCRYPTED in handle.read(8 << 20)
    except PermissionError:
        raise DocumentError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None
    if not head:
        raise DocumentError(path, "is empty (0 bytes); save the document from Word again")
    if head.startswith(_OLE_MAGIC):
        if encrypted:
            raise DocumentError(
                path,
                "is password-protected; remove the password in Word "
                "(File > Info > Protect Document) and save again",
            )
        raise DocumentError(
            path, "is an old Word 97-2003 (.doc) file; open it in Word and save it as .docx"
        )
    if head.startswith(b"%PDF"):
        raise DocumentError(path, "is a PDF, not a Word document; check the .docx you saved")
    if head.startswith(b"{\\rtf"):
        raise DocumentError(path, "is an RTF file; open it in Word and save it as .docx")
    if not head.startswith(b"PK"):
        raise DocumentError(path, "is not a Word document (.docx): it is not a zip package")


def check_zip(path: str) -> None:
    """Refuse archives that are damaged, of another kind, or built to exhaust memory."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ENTRIES:
                raise DocumentError(
                    path, f"has {len(infos):,} zip entries (limit {MAX_ENTRIES:,}); refused"
                )
            names = {info.filename for info in infos}
            if "mimetype" in names and "word/document.xml" not in names:
                kind = archive.read("mimetype")[:100].decode("ascii", "replace")
                if "opendocument.text" in kind:
                    raise DocumentError(
                        path,
                        "is an OpenDocument (.odt) file; save it as .docx in LibreOffice or Word",
                    )
            total = 0
            for info in infos:
                size = info.file_size
                total += size
                if size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES:
                    raise DocumentError(
                        path, f"{info.filename} inflates to {size:,} bytes; refused as a zip bomb"
                    )
                if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
                    raise DocumentError(
                        path,
                        f"{info.filename} is compressed {size // max(info.compress_size, 1):,}"
                        " to 1; refused as a zip bomb",
                    )
            if "[Content_Types].xml" not in names:
                raise DocumentError(
                    path, "is not a Word document: the zip has no [Content_Types].xml"
                )
    except zipfile.BadZipFile as error:
        raise DocumentError(path, f"is damaged: not a readable zip archive ({error})") from None
    except (OSError, EOFError) as error:
        raise DocumentError(path, f"cannot be read: {error}") from None


def parse(blob: bytes, strict: bool = False) -> Any:
    """Parse one XML part with entities, DTDs and the network off."""
    if strict:
        for old, new in ns.STRICT_TO_TRANSITIONAL.items():
            blob = blob.replace(old, new)
    return etree.fromstring(blob, PARSER)


class _Package:
    """Read-only access to the parts of an open zip, by OPC part name."""

    def __init__(self, path: str, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.names = {info.filename.lower(): info.filename for info in archive.infolist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def read(self, name: str) -> bytes:
        return self.archive.read(self.names[name.lower()])

    def relationships(self, source: str) -> list[tuple[str, str]]:
        """(type, part name) of the internal relationships of part ``source``."""
        folder, _, base = source.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(rels_name):
            return []
        found = []
        for rel in parse(self.read(rels_name)):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target") or "")
            if not target:
                continue
            joined = target if target.startswith("/") else f"{folder}/{target}"
            found.append((rel.get("Type") or "", posixpath.normpath(joined).lstrip("/")))
        return found

    def related(self, source: str, name: str) -> str | None:
        for rel_type, target in self.relationships(source):
            if rel_type in (_REL + name, _STRICT_REL + name) and self.has(target):
                return target
        return None


def _main_part(package: _Package) -> tuple[str, bool]:
    strict = False
    for rel_type, target in package.relationships(""):
        if rel_type in (_REL + "officeDocument", _STRICT_REL + "officeDocument"):
            strict = rel_type.startswith(_STRICT_REL)
            if package.has(target):
                return target, strict
    if package.has("word/document.xml"):
        return "word/document.xml", strict
    if package.has("xl/workbook.xml"):
        raise DocumentError(package.path, "is an Excel workbook, not a Word document")
    if package.has("ppt/presentation.xml"):
        raise DocumentError(package.path, "is a PowerPoint presentation, not a Word document")
    raise DocumentError(package.path, "is not a Word document: it has no main document part")


def open_parts(path: str) -> Parts:
    """Open ``path`` read-only and return the parsed parts. Raises DocumentError."""
    sniff(path)
    check_zip(path)
    part = "word/document.xml"  # the part being read, for error messages
    try:
        with zipfile.ZipFile(path) as archive:
            package = _Package(path, archive)
            main, strict = _main_part(package)
            part = main
            document = parse(package.read(main), strict)
            if document.tag != ns.w("document"):
                raise DocumentError(path, f"is not a Word document: {main} is not a document part")

            def optional(source: str, name: str) -> Any | None:
                nonlocal part
                target = package.related(source, name)
                if target is None:
                    return None
                part = target
                return parse(package.read(target), strict)

            return Parts(
                document=document,
                styles=optional(main, "styles"),
                numbering=optional(main, "numbering"),
                settings=optional(main, "settings"),
                footnotes=optional(main, "footnotes"),
                endnotes=optional(main, "endnotes"),
                app=optional("", "extended-properties"),
                strict=strict,
            )
    except DocumentError:
        raise
    except etree.XMLSyntaxError as error:
        raise DocumentError(path, f"is damaged: {part} is not well-formed XML ({error})") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise DocumentError(path, f"is damaged: {part} cannot be unpacked ({error})") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error}") from None
