"""Read a document's body as a stream: each top-level paragraph or table is
parsed, walked and freed in turn, so a long thesis never sits in memory as a
whole XML tree.

The parser is the same as for every other part: entities, DTDs and the
network off, libxml2's size limits on. It hands over only the elements the
walker reads (:data:`tma_check.load.ns.WALKED`), as they start, so the rest
(fonts, sizes, languages, proofing marks: most of a document) never become
Python objects. Each top-level element is handed over whole, with those of
its elements in document order, once the one after the next has started: the
walker can still look one paragraph ahead (a deleted paragraph mark joins
the next paragraph).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from tma_check.load import ns
from tma_check.record import field, record

DOCUMENT = ns.w("document")
ALTCHUNK = ns.w("altChunk")

# What the stream looks for besides what the walker reads.
_TAGS = (DOCUMENT, ns.BODY, ALTCHUNK, *ns.WALKED)


# How many elements a group holds at most; a longer one (a long table) is
# walked again from its tree instead, so that memory stays bounded.
GROUP_LIMIT = 4096


@record(frozen=False)
class Group:
    """A top-level element and, in document order, the elements in it (itself
    first) that the walker reads, each with its parent.

    Up to :data:`GROUP_LIMIT` elements are kept as the parser hands them over;
    past that they are let go (``kept`` is false), and :meth:`pairs` finds them
    again in the element's tree (which lxml does in C, but needs a tag matcher
    built anew, too dear for every paragraph).
    """

    top: Any
    elements: list[Any] = field(default_factory=list)
    parents: list[Any] = field(default_factory=list)
    kept: bool = True

    def pairs(self) -> Iterable[tuple[Any, Any]]:
        """The elements, each with its parent."""
        if self.kept:
            return zip(self.elements, self.parents, strict=True)
        return ((element, element.getparent()) for element in self.top.iter(*ns.WALKED))

    def forget(self) -> None:
        """Let go of the elements past the limit: :meth:`pairs` finds them again."""
        self.clear()
        self.kept = False

    def clear(self) -> None:
        """Let go of the elements, so no Python object holds on to the tree."""
        self.elements.clear()
        self.parents.clear()


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
    """The top-level elements of a ``w:document`` part's body, in order, each as a
    :data:`Group`."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob
        self.alt_chunk = False

    def __iter__(self) -> Iterator[Group]:
        if declares_dtd(self.blob):
            raise DocumentType
        events = etree.iterparse(
            io.BytesIO(self.blob),
            events=("start",),
            tag=_TAGS,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        body: Any = None
        for _, element in events:
            if element.tag == DOCUMENT and element.getparent() is None:
                if element.getroottree().docinfo.internalDTD is not None:
                    raise DocumentType
            elif element.tag == ns.BODY:
                body = element
                break
        if body is not None:
            yield from self._groups(events, body)
        root = events.root
        if root is None or root.tag != DOCUMENT:
            raise NotADocument

    def _groups(self, events: Any, body: Any) -> Iterator[Group]:
        # A group is handed over once the one after the next has started: by
        # then the next is whole, so the walker can look ahead to it. Most of
        # what the parser hands over goes into the current group, so that is
        # done here with as little as can be done for each element.
        waiting: list[Group] = []
        group = Group(None)  # what comes before the first top-level element is not read
        add_element, add_parent = group.elements.append, group.parents.append
        room = GROUP_LIMIT
        for _, element in events:
            parent = element.getparent()
            if parent is not body:
                if room:
                    add_element(element)
                    add_parent(parent)
                    room -= 1
                elif group.kept:
                    group.forget()
                continue
            if element.tag == ALTCHUNK:
                self.alt_chunk = True
            group = Group(element, [element], [parent])
            add_element, add_parent = group.elements.append, group.parents.append
            room = GROUP_LIMIT - 1
            waiting.append(group)
            if len(waiting) == 3:
                done = waiting.pop(0)
                yield done
                done.clear()
                _free(body, done.top, waiting[0].top)
        yield from waiting


def _free(body: Any, done: Any, keep: Any) -> None:
    """Drop the elements before ``keep`` (``done`` among them) from the tree."""
    done.clear()
    while len(body) and body[0] is not keep:
        del body[0]
