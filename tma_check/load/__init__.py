"""Load a .docx file into a :class:`~tma_check.model.Document`.

This package is the only place that knows about the .docx format and XML.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from tma_check.errors import DocumentError
from tma_check.load import ns
from tma_check.load.numbering import Numbering
from tma_check.load.package import Parts, open_parts, xml_problem
from tma_check.load.stream import DocumentType, NotADocument
from tma_check.load.styles import Styles, on_off
from tma_check.load.walk import Walker
from tma_check.model import Document

__all__ = ["load"]


def load(path: str) -> Document:
    """Read every visible word of ``path`` in document order.

    Raises :class:`~tma_check.errors.DocumentError` with a one-line reason if
    the file cannot be read as a Word document. The file is opened read-only.
    """
    parts = open_parts(path)
    try:
        return build(path, parts)
    except etree.XMLSyntaxError as error:
        raise DocumentError(path, xml_problem("word/document.xml", error)) from None
    except DocumentType:
        message = "word/document.xml has a document type declaration (DTD), which Word never writes"
        raise DocumentError(path, f"{message}; refused") from None
    except NotADocument:
        raise DocumentError(
            path, "is not a Word document: its main part is not a document"
        ) from None


def build(path: str, parts: Parts) -> Document:
    notes = {"footnote": parts.footnotes, "endnote": parts.endnotes}
    walker = Walker(Styles(parts.styles), Numbering(parts.numbering), notes)
    blocks = walker.walk_body(parts.document)
    notices: list[str] = []
    if parts.strict:
        notices.append("strict Open XML document: read with transitional names")
    if parts.document.alt_chunk:
        notices.append("embedded alternative-format content (altChunk) is not read")
    cached, application = _app_properties(parts.app)
    return Document(
        path=path,
        blocks=tuple(blocks),
        cached_words=cached,
        application=application,
        notes_in_stats=not _setting(parts.settings, "doNotIncludeSubdocsInStats"),
        notices=tuple(notices),
    )


def _setting(root: Any | None, name: str) -> bool:
    if root is None:
        return False
    return bool(on_off(root.find(ns.w(name))))


def _app_properties(root: Any | None) -> tuple[int | None, str | None]:
    if root is None:
        return None, None
    words_el = root.find(f"{{{ns.EP_NS}}}Words")
    app_el = root.find(f"{{{ns.EP_NS}}}Application")
    words: int | None = None
    if words_el is not None and words_el.text:
        try:
            words = int(words_el.text.strip())
        except ValueError:
            words = None
    application = app_el.text.strip() if app_el is not None and app_el.text else None
    return words, application
