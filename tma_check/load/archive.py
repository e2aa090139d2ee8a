"""Open a file that should be a .docx, and vet its zip before anything is inflated.

The file is opened once, read-only (without updating its access time where
the system allows); the one handle serves sniffing and unzipping, so nothing
can swap the file in between. The first bytes say whether it is something
else (a PDF, an old .doc, a password-protected document, RTF), the zip's end
record bounds its central directory before ``zipfile`` reads it, and every
entry's declared size and compression ratio are checked against limits that
real documents pass and zip bombs do not (Apache POI's secure-zip idea).
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from tma_check.errors import DocumentError

MAX_ENTRIES = 10_000
MAX_DIRECTORY_BYTES = 4 << 20  # the central directory: 400 bytes for each of MAX_ENTRIES
MAX_ENTRY_BYTES = 1 << 30
MAX_TOTAL_BYTES = 2 << 30
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 1 << 20

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_SCAN_BYTES = 8 << 20
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")

# The zip end records: signature, disk numbers, entry counts, directory size and offset.
_END = struct.Struct("<4s4H2LH")
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")


@contextmanager
def open_document(path: str) -> Iterator[IO[bytes]]:
    """Open ``path`` once, read-only, for sniffing and unzipping. Raises DocumentError.

    ``O_NOATIME`` keeps reading from updating the access time (Linux; refused
    unless the reader owns the file, then dropped); ``O_NONBLOCK`` keeps a
    named pipe from blocking the open, and anything but a regular file is
    refused before it is read.
    """
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    noatime = getattr(os, "O_NOATIME", 0)
    try:
        try:
            fd = os.open(path, flags | noatime)
        except PermissionError:
            if not noatime:
                raise
            fd = os.open(path, flags)
    except FileNotFoundError:
        raise DocumentError(path, "no such file") from None
    except (PermissionError, IsADirectoryError):
        if os.path.isdir(path):
            raise DocumentError(path, "is a directory, not a .docx file") from None
        raise DocumentError(path, "cannot be read: permission denied") from None
    except OSError as error:
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None
    try:
        mode = os.fstat(fd).st_mode
    except OSError as error:
        os.close(fd)
        raise DocumentError(path, f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise DocumentError(path, "is a directory, not a .docx file")
        raise DocumentError(path, "is not a regular file (a device or a pipe?); refused")
    with os.fdopen(fd, "rb") as handle:
        yield handle


def sniff(path: str, handle: IO[bytes]) -> None:
    """Raise DocumentError if the file open in ``handle`` cannot be a .docx."""
    try:
        head = handle.read(8)
        encrypted = head.startswith(_OLE_MAGIC) and _ole_encrypted(handle)
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


def _ole_encrypted(handle: IO[bytes]) -> bool:
    """Does this OLE compound file hold an ``EncryptedPackage`` stream (Office encryption)?

    The stream's name is in the file's directory: look at the start of the
    file and at the directory's first sector, which the header locates.
    """
    handle.seek(0)
    start = handle.read(_OLE_SCAN_BYTES)
    if _ENCRYPTED in start:
        return True
    if len(start) < 52:
        return False
    (shift,) = struct.unpack_from("<H", start, 30)
    (sector,) = struct.unpack_from("<L", start, 48)
    if not 7 <= shift <= 16 or sector >= 0xFFFFFFFA:
        return False
    handle.seek((sector + 1) << shift)
    return _ENCRYPTED in handle.read(1 << 16)


def check_directory(path: str, handle: IO[bytes]) -> None:
    """Refuse a zip whose end record declares too many entries or too big a directory.

    ``zipfile`` builds an object for every entry in the central directory
    before anything else can be checked; this bounds that work.
    """
    handle.seek(0, os.SEEK_END)
    size = handle.tell()
    start = max(0, size - _END.size - 0xFFFF)
    handle.seek(start)
    tail = handle.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + _END.size > len(tail):
        return  # no end record: zipfile reports the damage
    _, _, _, _, entries, directory, _, _ = _END.unpack_from(tail, at)
    if (entries == 0xFFFF or directory == 0xFFFFFFFF) and at >= _END64_LOCATOR.size:
        signature, _, offset, _ = _END64_LOCATOR.unpack_from(tail, at - _END64_LOCATOR.size)
        if signature == b"PK\x06\x07" and offset < size:
            handle.seek(offset)
            record = handle.read(_END64.size)
            if len(record) == _END64.size and record.startswith(b"PK\x06\x06"):
                fields = _END64.unpack(record)
                entries, directory = fields[7], fields[8]
    if entries > MAX_ENTRIES:
        raise DocumentError(path, f"has {entries:,} zip entries (limit {MAX_ENTRIES:,}); refused")
    if directory > MAX_DIRECTORY_BYTES:
        raise DocumentError(
            path, f"has a zip directory of {directory:,} bytes, too large for a document; refused"
        )


def plain(info: zipfile.ZipInfo) -> bool:
    """Is the entry stored or deflated, without zip encryption, as Word writes every part?

    Other methods (bzip2, LZMA) inflate without a bound on each read, and an
    encrypted entry cannot be read at all.
    """
    return not info.flag_bits & 0x1 and info.compress_type in (
        zipfile.ZIP_STORED,
        zipfile.ZIP_DEFLATED,
    )


def check_zip(path: str, archive: zipfile.ZipFile) -> None:
    """Refuse archives of another kind, or built to exhaust memory, before inflating anything."""
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise DocumentError(
            path, f"has {len(infos):,} zip entries (limit {MAX_ENTRIES:,}); refused"
        )
    names = {info.filename for info in infos}
    folded: dict[str, str] = {}
    for info in infos:
        # OPC part names are compared without regard to case; two of a name make
        # it unknowable which one Word shows (Apache POI refuses them too)
        key = info.filename.casefold()
        if key in folded and not info.filename.endswith("/"):
            raise DocumentError(
                path,
                f"has two parts named {folded[key]!r}"
                + ("" if folded[key] == info.filename else f" and {info.filename!r}")
                + "; a package may hold only one of a name; refused",
            )
        folded[key] = info.filename
    mimetype = next((info for info in infos if info.filename == "mimetype"), None)
    if mimetype is not None and "word/document.xml" not in names and plain(mimetype):
        with archive.open(mimetype) as member:
            kind = member.read(100).decode("ascii", "replace")
        if "opendocument.text" in kind:
            raise DocumentError(
                path, "is an OpenDocument (.odt) file; save it as .docx in LibreOffice or Word"
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
        raise DocumentError(path, "is not a Word document: the zip has no [Content_Types].xml")
