"""Read a document's body as a stream: each top-level paragraph or table is
parsed, walked and freed in turn, so a long thesis never sits in memory as a
whole XML tree.

The parser is the same as for every other part: entities, DTDs and the
network off, libxml2's size limits on. Each element is handed over only once
the next one at its level has been read, so the walker can still look one
paragraph ahead (a deleted paragraph mark joins the next paragraph).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from tma_check.load import ns

DOCUMENT = ns.w("document")
ALTCHUNK = ns.w("altChunk")

# Elements that can stand directly in the body and hold text, and the two
# the stream needs to find its place. Nested ones are passed over.
_TAGS = [
    DOCUMENT,
    ns.BODY,
    ns.P,
    ns.TBL,
    ns.SDT,
    ns.CUSTOMXML,
    ns.INS,
    ns.MOVETO,
    ns.DIR,
    ns.BDO,
    ns.SMARTTAG,
    ns.HYPERLINK,
    ns.ALTERNATECONTENT,
    ALTCHUNK,
]


class NotADocument(Exception):
    """The part's root is not ``w:document``."""


class DocumentType(Exception):
    """The part declares a DTD, which Word never writes."""


_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_BOM = b"\xef\xbb\xbf"


def declares_dtd(blob: bytes) -> bool:
    """Whether the prolog of a UTF-8 part (what comes before its root) holds a
    ``<!DOCTYPE``. Checked before parsing, so a DTD is refused the same way
    whichever libxml2 is installed, before any entity in it is read."""
    at = len(_BOM) if blob.startswith(_BOM) else 0
    while item := _PROLOG_ITEM.match(blob, at):
        at = item.end()
    return blob.startswith(b"<!DOCTYPE", at)


class BodyStream:
    """The top-level elements of a ``w:document`` part's body, in order."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.alt_chunk = False

    def __iter__(self) -> Iterator[Any]:
        if declares_dtd(self.blob):
            raise DocumentType
        events = etree.iterparse(
            io.BytesIO(self.blob),
            events=("start", "end"),
            tag=_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        body: Any = None
        pending: Any = None
        for event, element in events:
            if event == "start":
                if element.tag == DOCUMENT and element.getparent() is None:
                    if element.getroottree().docinfo.internalDTD is not None:
                        raise DocumentType
                elif element.tag == ns.BODY and body is None:
                    body = element
                continue
            if body is None or element.getparent() is not body:
                continue
            if element.tag == ALTCHUNK:
                self.alt_chunk = True
            if pending is not None:
                yield pending
                _free(body, pending, element)
            pending = element
        if pending is not None:
            yield pending
        root = events.root
        if root is None or root.tag != DOCUMENT:
            raise NotADocument


def _free(body: Any, done: Any, keep: Any) -> None:
    """Drop the elements before ``keep`` (``done`` among them) from the tree."""
    done.clear()
    while len(body) and body[0] is not keep:
        del body[0]
