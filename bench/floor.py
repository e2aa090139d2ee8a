"""The floor: open the .docx and parse its main part and notes with lxml, nothing else.

No reading tool can do less and still see the text, so every other figure
is compared with this one. Run as a script it is the floor *process*
(interpreter start-up, importing lxml, inflating and parsing); imported,
:func:`parse_parts` is the same work in-process.

    python bench/floor.py FILE.docx
"""

from __future__ import annotations

import sys
import zipfile

from lxml import etree

PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def parse_parts(path: str) -> int:
    """Parse the main document and the notes; return how many elements they hold."""
    elements = 0
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for name in PARTS:
            if name in names:
                root = etree.fromstring(archive.read(name), _PARSER)
                elements += len(root)
    return elements


if __name__ == "__main__":
    parse_parts(sys.argv[1])
