"""Read the XML parts the walker needs from a vetted .docx package.

The package is opened and vetted by :mod:`tma_check.load.archive`. Only the
parts that hold counted text are then inflated (the main document, styles,
numbering, settings, footnotes, endnotes and the extended properties), never
past the size their entry declares (a member whose data runs on is caught by
its CRC), and each is parsed with entity resolution, DTD loading and network
access off; a part that carries a DTD at all is refused, as Apache POI does.
A relationship to a part that is missing, or a damaged part the count does
not need (an image, a theme), does not stop the document being read: Word
opens such files too.

What a document may cost is bounded as a whole, not part by part:

* each part is read at most once, and only as its own content type (a
  "styles" relationship that points at the main document is passed over);
* the body and the notes are streamed, an element at a time (a note is kept
  as its own XML until a reference to it is read);
* styles, numbering, settings and the properties, which are parsed whole,
  may hold at most 16 MB of XML each, and all the parts read together at most
  192 MB;
* a part's relationships are parsed once.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from typing import Any
from urllib.parse import unquote

from lxml import etree

from tma_check.errors import DocumentError
from tma_check.load import ns
from tma_check.load.archive import check_directory, check_zip, open_document, sniff
from tma_check.load.stream import BodyStream, declares_dtd
from tma_check.record import record

MAX_XML_BYTES = 128 << 20  # a part that is parsed: four times a long thesis's
MAX_TREE_BYTES = 16 << 20  # a part parsed whole: a hundred times a long thesis's styles
MAX_DOCUMENT_BYTES = 192 << 20  # every part read, together
_TYPES = "application/vnd.openxmlformats-officedocument."
CONTENT_TYPES = {
    "styles": _TYPES + "wordprocessingml.styles+xml",
    "numbering": _TYPES + "wordprocessingml.numbering+xml",
    "settings": _TYPES + "wordprocessingml.settings+xml",
    "footnotes": _TYPES + "wordprocessingml.footnotes+xml",
    "endnotes": _TYPES + "wordprocessingml.endnotes+xml",
    "extended-properties": _TYPES + "extended-properties+xml",
}

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@record
class Parts:
    """The parts the walker reads: the body as a stream, the notes by id (each its own
    XML, parsed when it is read), the others as XML roots (None when absent)."""

    document: BodyStream
    styles: Any | None
    numbering: Any | None
    settings: Any | None
    footnotes: dict[str, bytes]
    endnotes: dict[str, bytes]
    app: Any | None
    strict: bool


_NOTE_TYPES_SKIPPED = frozenset({"separator", "continuationSeparator", "continuationNotice"})


def stream_notes(blob: bytes, tag: str, strict: bool = False) -> dict[str, bytes]:
    """Each note of a footnotes or endnotes part by id, as its own XML.

    The part is streamed, so a long thesis's notes never sit in memory as a
    whole tree; the separators Word draws are left out.
    """
    if strict:
        blob = transitional(blob)
    if declares_dtd(blob):
        raise UnsafeXML("has a document type declaration (DTD), which Word never writes")
    found: dict[str, bytes] = {}
    events = etree.iterparse(
        io.BytesIO(blob),
        events=("start", "end"),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    for event, note in events:
        if event == "start":
            if note.getroottree().docinfo.internalDTD is not None:
                raise UnsafeXML("has a document type declaration (DTD), which Word never writes")
            continue
        if note.getparent() is not None and note.getparent().getparent() is None:
            if note.get(ns.W_TYPE) not in _NOTE_TYPES_SKIPPED:
                found[note.get(ns.W_ID) or ""] = etree.tostring(note)
            note.clear()
            parent = note.getparent()
            while note.getprevious() is not None:
                del parent[0]
    return found


class UnsafeXML(Exception):
    """A part that parses but holds what no Word document does (a DTD)."""


def transitional(blob: bytes) -> bytes:
    """A strict Open XML part with its namespaces renamed to the transitional ones."""
    for old, new in ns.STRICT_TO_TRANSITIONAL.items():
        blob = blob.replace(old, new)
    return blob


def parse(blob: bytes, strict: bool = False) -> Any:
    """Parse one XML part with entities, DTDs and the network off; refuse a DTD."""
    if strict:
        blob = transitional(blob)
    if declares_dtd(blob):
        raise UnsafeXML("has a document type declaration (DTD), which Word never writes")
    root = etree.fromstring(blob, PARSER)
    if root.getroottree().docinfo.internalDTD is not None:
        raise UnsafeXML("has a document type declaration (DTD), which Word never writes")
    return root


class _Package:
    """Read-only access to the parts of an open zip, by OPC part name."""

    def __init__(self, path: str, archive: zipfile.ZipFile) -> None:
        self.path = path
        self.archive = archive
        self.infos = {info.filename.lower(): info for info in archive.infolist()}
        self.current = "word/document.xml"  # the part being read, for error messages
        self.read_so_far = 0
        self.taken: set[str] = set()
        self._relationships: dict[str, list[tuple[str, str]]] = {}
        self._types: tuple[dict[str, str], dict[str, str]] | None = None

    def has(self, name: str) -> bool:
        return name.lower() in self.infos

    def read(self, name: str) -> bytes:
        """The part's bytes, never more than its entry declares."""
        info = self.infos[name.lower()]
        self.current = info.filename
        if info.file_size > MAX_XML_BYTES:
            raise DocumentError(
                self.path,
                f"{info.filename} is {info.file_size / (1 << 20):,.0f} MB, more than the "
                f"{MAX_XML_BYTES >> 20} MB tma-check reads; refused",
            )
        if info.flag_bits & 0x1:
            raise DocumentError(
                self.path,
                f"{info.filename} is encrypted in the zip; save the document from Word again",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentError(
                self.path,
                f"{info.filename} uses a compression method (number {info.compress_type}) "
                "that Word never writes; save the document from Word again",
            )
        self.read_so_far += info.file_size
        if self.read_so_far > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                self.path,
                f"its parts hold more than {MAX_DOCUMENT_BYTES >> 20} MB of XML together, "
                "more than tma-check reads; refused",
            )
        with self.archive.open(info) as member:
            # read(n) inflates at most n bytes; read() could inflate far past the
            # declared size before zipfile cuts the data to it.
            return member.read(info.file_size)

    def read_whole(self, name: str) -> bytes:
        """A part that is parsed whole (not streamed): at most MAX_TREE_BYTES."""
        info = self.infos[name.lower()]
        if info.file_size > MAX_TREE_BYTES:
            raise DocumentError(
                self.path,
                f"{info.filename} is {info.file_size / (1 << 20):,.0f} MB, more than the "
                f"{MAX_TREE_BYTES >> 20} MB such a part may hold; refused",
            )
        return self.read(name)

    def content_type(self, name: str) -> str | None:
        """The part's content type, from [Content_Types].xml (None when it says none)."""
        if self._types is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            if self.has("[Content_Types].xml"):
                for item in parse(self.read_whole("[Content_Types].xml")):
                    kind = item.get("ContentType") or ""
                    if item.get("PartName"):
                        overrides[unquote(item.get("PartName") or "").lstrip("/").lower()] = kind
                    elif item.get("Extension"):
                        defaults[(item.get("Extension") or "").lower()] = kind
            self._types = (overrides, defaults)
        overrides, defaults = self._types
        key = name.lower()
        return overrides.get(key) or defaults.get(key.rpartition(".")[2])

    def relationships(self, source: str) -> list[tuple[str, str]]:
        """(type, part name) of the internal relationships of part ``source`` (read once)."""
        if source not in self._relationships:
            self._relationships[source] = self._read_relationships(source)
        return self._relationships[source]

    def _read_relationships(self, source: str) -> list[tuple[str, str]]:
        folder, _, base = source.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if not self.has(rels_name):
            return []
        found = []
        for rel in parse(self.read_whole(rels_name)):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target") or "")
            if not target:
                continue
            joined = target if target.startswith("/") else f"{folder}/{target}"
            found.append((rel.get("Type") or "", posixpath.normpath(joined).lstrip("/")))
        return found

    def related(self, source: str, name: str) -> str | None:
        """The part of relationship type ``name`` from ``source``: present, not read before
        (a part is read once, as one thing), and of the content type the name implies."""
        for rel_type, target in self.relationships(source):
            if rel_type not in (_REL + name, _STRICT_REL + name) or not self.has(target):
                continue
            if target.lower() in self.taken:
                continue
            wanted = CONTENT_TYPES.get(name)
            given = self.content_type(target)
            if wanted is not None and given is not None and given != wanted:
                continue
            self.taken.add(target.lower())
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


def xml_problem(part: str, error: etree.XMLSyntaxError) -> str:
    """libxml2's complaint about ``part`` in words a user can act on, on one line."""
    text = " ".join(str(error).split())
    if "Excessive depth" in text:
        return f"{part} is nested too deeply to be a Word document (over 256 levels); refused"
    if "amplification" in text or "entity reference loop" in text:
        return f"{part} declares entities that expand explosively (an XML bomb); refused"
    if "XML_PARSE_HUGE" in text or "huge" in text or "too long" in text:
        return f"{part} holds a single text or value too large to read; refused"
    return f"is damaged: {part} is not well-formed XML ({text})"


def _read_parts(path: str, archive: zipfile.ZipFile) -> Parts:
    package = _Package(path, archive)
    try:
        main, strict = _main_part(package)
        package.taken.add(main.lower())
        blob = package.read(main)
        if strict:
            blob = transitional(blob)
        document = BodyStream(blob)

        def optional(source: str, name: str) -> Any | None:
            target = package.related(source, name)
            return None if target is None else parse(package.read_whole(target), strict)

        def notes(name: str, tag: str) -> dict[str, bytes]:
            target = package.related(main, name)
            if target is None:
                return {}
            return stream_notes(package.read(target), tag, strict)

        return Parts(
            document=document,
            styles=optional(main, "styles"),
            numbering=optional(main, "numbering"),
            settings=optional(main, "settings"),
            footnotes=notes("footnotes", ns.FOOTNOTE),
            endnotes=notes("endnotes", ns.ENDNOTE),
            app=optional("", "extended-properties"),
            strict=strict,
        )
    except etree.XMLSyntaxError as error:
        raise DocumentError(path, xml_problem(package.current, error)) from None
    except UnsafeXML as error:
        raise DocumentError(path, f"{package.current} {error}; refused") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, UnicodeDecodeError) as error:
        raise DocumentError(
            path, f"is damaged: {package.current} cannot be unpacked ({error})"
        ) from None


def open_parts(path: str) -> Parts:
    """Open ``path`` read-only and return the parsed parts. Raises DocumentError.

    A message quotes names from inside the file; any character that could
    break the one-line report or drive a terminal is shown escaped.
    """
    try:
        with open_document(path) as handle:
            sniff(path, handle)
            check_directory(path, handle)
            with zipfile.ZipFile(handle) as archive:
                check_zip(path, archive)
                return _read_parts(path, archive)
    except DocumentError as error:
        raise DocumentError(path, _printable(error.message)) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
        message = f"is damaged: not a readable zip archive ({error})"
        raise DocumentError(path, _printable(message)) from None
    except UnicodeDecodeError:  # an entry marked as UTF-8 whose name is not
        message = "is damaged: not a readable zip archive (an entry's name is not UTF-8)"
        raise DocumentError(path, _printable(message)) from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
