"""Hostile and broken inputs: each gets one clear line and exit 2, quickly, and harms nothing.

A .docx is a zip of XML written by many programs, a tutor's batch holds
other people's files, and a rubric may come from a forum. Whatever arrives,
tma-check must not hang, exhaust memory, follow an external reference, run
code from a rubric or touch the input. Every input here is built by the test
itself; the commands run in-process through click's CliRunner.
"""

from __future__ import annotations

import base64
import contextlib
import csv
import http.server
import io
import multiprocessing
import os
import random
import struct
import sys
import threading
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import pytest
from builders import NAMESPACES, docx_bytes, interruptible, numbering_xml, para, run
from click.testing import CliRunner
from unprivileged import open_folder as shared_folder
from unprivileged import unprivileged

from tma_check.batch import Job
from tma_check.cli import cli
from tma_check.load import archive, package
from tma_check.model import FileResult, Status

TIME_LIMIT = 5.0  # seconds any one command may take on any input here

RUBRIC = """\
title: Hostile inputs
leeway: 10
exclude: [question-text, declarations, reference-list, appendices]
questions:
  - id: Q1
    match: '^Q1\\)'
    limit: 500
  - id: Q2
    match: '^Q2\\)'
    limit: 500
"""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORDS = [
    *("the", "leadership", "model", "reflects", "practice", "evidence", "however", "which"),
    *("team", "change", "management", "analysis", "of", "and", "to", "in", "that", "theory"),
]


# -- running the command line ------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def cli_run(*args: str, limit: float = TIME_LIMIT) -> Outcome:
    """Run tma-check in-process; no traceback, and done within ``limit`` seconds."""
    started = time.perf_counter()
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    seconds = time.perf_counter() - started
    outcome = Outcome(result.exit_code, result.stdout, result.stderr, seconds)
    assert "Traceback" not in outcome.out + outcome.err
    assert seconds < limit, f"took {seconds:.1f}s"
    return outcome


def one_error_line(outcome: Outcome, path: Path | str) -> str:
    """The single line that reports ``path`` as unreadable; exit code 2."""
    assert outcome.code == 2, outcome
    lines = (outcome.out + outcome.err).splitlines()
    assert len(lines) == 1, lines
    (line,) = lines
    assert line.startswith((f"{path}: file: error: ", f"tma-check: {path}", f"{path}:")), line
    return line


@pytest.fixture
def rubric_file(tmp_path: Path) -> Path:
    path = tmp_path / "rubric.yaml"
    path.write_text(RUBRIC, encoding="utf-8")
    return path


def snapshot(path: Path) -> tuple[bytes, int, int]:
    """The file's bytes, access time and modification time, without disturbing them."""
    before = path.stat()
    data = path.read_bytes()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # undo this read's own access
    return data, before.st_atime_ns, before.st_mtime_ns


# -- building packages -------------------------------------------------------


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def rebuild(
    data: bytes,
    replace: dict[str, bytes | None] | None = None,
    add: dict[str, bytes] | None = None,
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """A copy of the package ``data`` with parts replaced (None drops one) or added."""
    replace = replace or {}
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            blob = replace.get(info.filename, source.read(info))
            if blob is not None:
                method = zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED
                archive.writestr(info.filename, blob, compress_type=method)
        for name, blob in (add or {}).items():
            archive.writestr(name, blob)
    return out.getvalue()


def document_xml(body: str, prolog: str = "") -> bytes:
    return f"{prolog}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>".encode()


def with_document(xml: bytes) -> bytes:
    return rebuild(docx_bytes(para("placeholder")), {"word/document.xml": xml})


def central_entries(data: bytes) -> Iterator[tuple[int, str]]:
    """(offset, name) of every central directory entry."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        (length,) = struct.unpack_from("<H", data, at + 28)
        yield at, data[at + 46 : at + 46 + length].decode()
        at = data.find(b"PK\x01\x02", at + 46 + length)


def claim_size(data: bytes, name: str, size: int) -> bytes:
    """Make the central directory declare ``size`` uncompressed bytes for entry ``name``."""
    patched = bytearray(data)
    for at, entry in central_entries(data):
        if entry == name:
            struct.pack_into("<I", patched, at + 24, size)
    return bytes(patched)


def cfb(entries: list[str], padding: int = 0) -> bytes:
    """An OLE compound file (as Word 97-2003 and Office encryption use) naming ``entries``.

    ``padding`` bytes of sectors come before the directory, so the names can
    lie beyond what a reader scans from the start of the file.
    """
    sector = 512
    directory_sector = padding // sector
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<L", header, 48, directory_sector)
    struct.pack_into("<L", header, 56, 4096)
    directory = bytearray()
    for number, name in enumerate(["Root Entry", *entries]):
        entry = bytearray(128)
        encoded = name.encode("utf-16-le") + b"\0\0"
        entry[: len(encoded)] = encoded
        struct.pack_into("<HBB", entry, 64, len(encoded), 5 if number == 0 else 2, 1)
        struct.pack_into("<lll", entry, 68, -1, -1, 1 if number == 0 else -1)
        directory += entry
    directory += bytes(-len(directory) % sector)
    return bytes(header) + bytes(directory_sector * sector) + bytes(directory)


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return out.getvalue()


def bad_crc_bytes() -> bytes:
    """document.xml stored uncompressed, one letter of its text changed after the CRC was taken."""
    data = rebuild(docx_bytes(para("Hello world")), stored=frozenset({"word/document.xml"}))
    at = data.index(b"Hello world")
    return data[:at] + b"J" + data[at + 1 :]


def many_entries_bytes() -> bytes:
    extra = {f"customXml/item{n}.xml": b"" for n in range(archive.MAX_ENTRIES + 1)}
    return rebuild(docx_bytes(para("Hello")), add=extra)


def claims_bytes(entries: int, directory: int) -> bytes:
    """A package whose zip end record claims ``entries`` entries in ``directory`` bytes."""
    data = bytearray(docx_bytes(para("Hello")))
    end = data.rindex(b"PK\x05\x06")
    struct.pack_into("<HHL", data, end + 8, entries, entries, directory)
    return bytes(data)


def declared_huge_bytes() -> bytes:
    """An image whose directory entry claims almost 4 GB: refused before inflating."""
    data = rebuild(docx_bytes(para("Hello")), add={"word/media/image1.png": b"\x89PNG" * 100})
    return claim_size(data, "word/media/image1.png", 0xFFFF_FFF0)


def ratio_bomb_bytes() -> bytes:
    """A real entry of 64 MB of zeros that deflates to about 64 KB."""
    return rebuild(docx_bytes(para("Hello")), add={"word/media/image1.emf": bytes(64 << 20)})


def laughs_bytes() -> bytes:
    """The billion laughs: ten entities of ten references each, nine deep."""
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    prolog = f'<!DOCTYPE w:document [<!ENTITY lol0 "lol">{entities}]>'
    return with_document(document_xml(para(run("x") + "<w:r><w:t>&lol9;</w:t></w:r>"), prolog))


def bad_name_bytes() -> bytes:
    """An entry whose name claims to be UTF-8 (flag bit 11) but is not."""
    data = bytearray(rebuild(docx_bytes(para("Hello")), add={"word/zz.xml": b"<x/>"}))
    for at, name in central_entries(bytes(data)):
        if name == "word/zz.xml":
            data[at + 9] |= 0x08  # the high byte of the flags: bit 11
            data[at + 46 + 5] = 0x91
    return bytes(data)


def bzip2_bytes() -> bytes:
    """document.xml compressed with bzip2, which zipfile reads but Word never writes."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(para("Hello"))))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            method = zipfile.ZIP_BZIP2 if info.filename == "word/document.xml" else None
            archive.writestr(info.filename, source.read(info), compress_type=method)
    return out.getvalue()


def encrypted_flag_bytes() -> bytes:
    """document.xml marked as encrypted with a zip password (flag bit 0)."""
    data = bytearray(docx_bytes(para("Hello")))
    for at, name in central_entries(bytes(data)):
        if name == "word/document.xml":
            data[at + 8] |= 0x01
    return bytes(data)


def ole(entries: list[str], padding: int = 0) -> Callable[[Path], bytes]:
    return lambda _: cfb(entries, padding)


# name: (file name, builder of its bytes or None for no file, words of the error line)
BAD_DOCUMENTS: dict[str, tuple[str, Callable[[Path], bytes] | None, str]] = {
    "not a zip": ("notes.docx", lambda _: b"Dear tutor,\nhere is my essay.\n", "it is not a zip"),
    "truncated zip": (
        "cut.docx",
        lambda _: docx_bytes(para("Hello world"))[:700],
        "is damaged: not a readable zip",
    ),
    "bad CRC in document.xml": (
        "crc.docx",
        lambda _: bad_crc_bytes(),
        "is damaged: word/document.xml cannot be unpacked (Bad CRC-32",
    ),
    "empty file": ("empty.docx", lambda _: b"", "is empty (0 bytes)"),
    "missing path": ("missing.docx", None, "no such file"),
    "password-protected": (
        "locked.docx",
        ole(["EncryptionInfo", "EncryptedPackage"], padding=9 << 20),
        "is password-protected; remove the password in Word",
    ),
    "old .doc renamed": (
        "old.docx",
        ole(["WordDocument", "1Table", "\x05SummaryInformation"]),
        "is an old Word 97-2003 (.doc) file; open it in Word and save it as .docx",
    ),
    "old .doc": ("old.doc", ole(["WordDocument", "1Table"]), "is an old Word 97-2003 (.doc)"),
    ".odt renamed": ("essay.docx", lambda _: odt_bytes(), "is an OpenDocument (.odt) file"),
    ".odt": ("essay.odt", lambda _: odt_bytes(), "save it as .docx in LibreOffice or Word"),
    ".pdf renamed": ("paper.docx", lambda _: b"%PDF-1.7\n%\xe2\xe3\n1 0 obj", "is a PDF"),
    ".pdf": ("paper.pdf", lambda _: b"%PDF-1.4\n", "is a PDF, not a Word document"),
    ".rtf renamed": ("letter.docx", lambda _: b"{\\rtf1\\ansi Hi}", "is an RTF file"),
    ".rtf": ("letter.rtf", lambda _: b"{\\rtf1\\ansi Hi}", "open it in Word and save it as .docx"),
    "declared size absurd": ("big.docx", lambda _: declared_huge_bytes(), "refused as a zip bomb"),
    "compression ratio absurd": (
        "zeros.docx",
        lambda _: ratio_bomb_bytes(),
        "word/media/image1.emf is compressed",
    ),
    "too many entries": (
        "many.docx",
        lambda _: many_entries_bytes(),
        "zip entries (limit 10,000); refused",
    ),
    "end record claims too many entries": (
        "claims.docx",
        lambda _: claims_bytes(0xFFFF, 5_000),
        "has 65,535 zip entries (limit 10,000); refused",
    ),
    "end record claims a vast directory": (
        "vast.docx",
        lambda _: claims_bytes(5, 100 << 20),
        "has a zip directory of 104,857,600 bytes, too large for a document; refused",
    ),
    "an entry name that is not UTF-8": (
        "name.docx",
        lambda _: bad_name_bytes(),
        "is damaged: not a readable zip archive (an entry's name is not UTF-8)",
    ),
    "document.xml compressed with bzip2": (
        "bzip2.docx",
        lambda _: bzip2_bytes(),
        "word/document.xml uses a compression method (number 12) that Word never writes",
    ),
    "document.xml encrypted with a zip password": (
        "zipcrypto.docx",
        lambda _: encrypted_flag_bytes(),
        "word/document.xml is encrypted in the zip; save the document from Word again",
    ),
    "no word/document.xml": (
        "nodoc.docx",
        lambda _: rebuild(docx_bytes(para("x")), {"word/document.xml": None}),
        "it has no main document part",
    ),
    "main part renamed, relationship not": (
        "renamed.docx",
        lambda _: rebuild(
            docx_bytes(para("x")),
            {"word/document.xml": None},
            add={"word/main.xml": document_xml(para("x"))},
        ),
        "it has no main document part",
    ),
    "billion laughs": (
        "laughs.docx",
        lambda _: laughs_bytes(),
        # refused for its DTD as soon as the root is read, before any entity is met
        "word/document.xml has a document type declaration (DTD), which Word never writes; refused",
    ),
    "a DTD": (
        "dtd.docx",
        lambda _: with_document(document_xml(para("Hi"), "<!DOCTYPE w:document>")),
        "word/document.xml has a document type declaration (DTD)",
    ),
    "a DTD in the relationships": (
        "reldtd.docx",
        lambda _: rebuild(
            docx_bytes(para("Hi")),
            {
                "_rels/.rels": b'<!DOCTYPE r [<!ENTITY t "word/document.xml">]>'
                b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                b'<Relationship Id="rId1" Type="'
                + REL.encode()
                + b'/officeDocument" Target="&t;"/>'
                b"</Relationships>"
            },
        ),
        "_rels/.rels has a document type declaration (DTD)",
    ),
    "huge attribute value": (
        "attr.docx",
        lambda _: with_document(
            document_xml(para("Hi", style=base64.b64encode(os.urandom(9 << 20)).decode()))
        ),
        "word/document.xml holds a single text or value too large to read",
    ),
    "pathologically deep nesting": (
        "deep.docx",
        lambda _: with_document(
            document_xml(
                "<w:sdt><w:sdtContent>" * 5000 + para("deep") + "</w:sdtContent></w:sdt>" * 5000
            )
        ),
        "word/document.xml is nested too deeply",
    ),
}


@pytest.mark.parametrize("threat", list(BAD_DOCUMENTS))
def test_a_bad_document_is_one_line_and_exit_2(
    tmp_path: Path, rubric_file: Path, threat: str
) -> None:
    name, build, expected = BAD_DOCUMENTS[threat]
    path = tmp_path / name
    if build is not None:
        path.write_bytes(build(tmp_path))
        before = snapshot(path)
    for args in (["check", str(path), "-r", str(rubric_file)], ["count", str(path)]):
        line = one_error_line(cli_run(*args), path)
        assert expected in line
    if build is not None:
        assert snapshot(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        {"rubric.yaml", *([name] if build else [])}
    )


def test_a_directory_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from tma_check.api import count_file
    from tma_check.errors import DocumentError

    folder = tmp_path / "essay.docx"
    folder.mkdir()
    line = one_error_line(cli_run("count", str(folder)), folder)  # a folder to look through
    assert line == f"tma-check: {folder}: no .docx files in this folder"
    with pytest.raises(DocumentError, match=r"essay\.docx: is a directory, not a \.docx file$"):
        count_file(str(folder))


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder any user can read (tmp_path is private to the user running the tests)."""
    with shared_folder() as folder:
        yield folder


@pytest.mark.skipif(not hasattr(os, "fork"), reason="dropping privileges needs fork")
def test_an_unreadable_file_is_its_own_error_and_the_others_are_checked(
    open_folder: Path,
) -> None:
    good = open_folder / "good.docx"
    good.write_bytes(docx_bytes(para("Q1) Describe. (10 words)") + para("Three words here.")))
    private = open_folder / "private.docx"
    private.write_bytes(docx_bytes(para("Mine")))
    good.chmod(0o644)
    private.chmod(0)
    cli_run("check", str(good), "--format", "plain")  # everything imported before forking

    def run() -> list[Outcome]:
        return [
            cli_run("count", str(private)),
            cli_run("check", str(good), str(private), "--format", "plain"),
            cli_run("explain", str(private)),
        ]

    count, check, explain = unprivileged(run)
    assert one_error_line(count, private).endswith("cannot be read: permission denied")
    assert check.code == 2
    assert f"{good}: Q1: ok: 3 of 10 words (30.0%)" in check.out.splitlines()
    assert check.out.splitlines()[-2:] == [
        f"{private}: file: error: cannot be read: permission denied",
        "2 files, 1 question: 1 error, 0 warnings",
    ]
    # explain reports an unreadable file as check does: on standard output, one line
    assert (explain.code, explain.err) == (2, "")
    assert explain.out == f"{private}: file: error: cannot be read: permission denied\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.docx"
    os.mkfifo(pipe)
    line = one_error_line(cli_run("count", str(pipe)), pipe)
    assert "is not a regular file" in line


def test_word_lock_files_in_a_batch_are_skipped_with_a_note(
    tmp_path: Path, rubric_file: Path
) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "anna.docx").write_bytes(docx_bytes(para("Q1) Answer.") + para("Words here.")))
    lock = folder / "~$anna.docx"
    lock.write_bytes(b"\x05Anna" + bytes(157))
    outcome = cli_run("check", str(folder), "-r", str(rubric_file), "-q")
    assert outcome.err == (
        f"tma-check: {lock}: skipped: Word's lock file for a document that is open\n"
    )
    assert str(lock) not in outcome.out


def test_a_batch_goes_on_past_hostile_files(tmp_path: Path, rubric_file: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    good = folder / "a-good.docx"
    good.write_bytes(docx_bytes(para("Q1) Describe.") + para("One two three.")))
    (folder / "b-bomb.docx").write_bytes(ratio_bomb_bytes())
    (folder / "c-laughs.docx").write_bytes(laughs_bytes())
    (folder / "d-locked.docx").write_bytes(cfb(["EncryptionInfo", "EncryptedPackage"]))
    outcome = cli_run("check", str(folder), "-r", str(rubric_file), "--format", "plain")
    assert outcome.code == 2
    lines = outcome.out.splitlines()
    errors = [line for line in lines if line.startswith(str(folder)) and ": file: error: " in line]
    assert [line.split(": file: error: ")[0] for line in errors] == [
        str(folder / name) for name in ("b-bomb.docx", "c-laughs.docx", "d-locked.docx")
    ]
    assert f"{good}: Q1: ok: 3 of 500 words" in outcome.out


# -- zip bombs: refused from the directory, before anything is inflated -------


def _dies_on_killer(job: Job, debug: bool = False) -> FileResult:
    """Stands in for check_job in a worker process, which dies on a file named killer."""
    if "killer" in job.path:
        os._exit(1)
    return FileResult(path=job.path, status=Status.OK)


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork"
)
def test_a_batch_goes_on_when_a_worker_process_dies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tma_check import batch

    monkeypatch.setattr(batch, "check_job", _dies_on_killer)
    jobs = [Job(str(tmp_path / f"{name}.docx")) for name in ("a", "b", "killer", "d", "e")]
    results = list(batch.run(jobs, processes=2))
    assert [result.path for result in results] == [job.path for job in jobs]
    (killed,) = [result for result in results if "killer" in result.path]
    assert killed.status is Status.ERROR
    assert killed.error is not None and "stopped unexpectedly (out of memory?)" in killed.error


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork"
)
def test_only_the_file_that_kills_its_worker_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tma_check import batch

    monkeypatch.setattr(batch, "check_job", _dies_on_killer)
    names = [f"f{n:03}" for n in range(120)]
    names[7], names[60] = "killer-1", "killer-2"
    jobs = [Job(str(tmp_path / f"{name}.docx")) for name in names]
    results = list(batch.run(jobs, processes=4))
    assert [result.path for result in results] == [job.path for job in jobs]
    lost = [Path(r.path).stem for r in results if r.status is Status.ERROR]
    assert lost == ["killer-1", "killer-2"]


_ORPHAN_SCRIPT = """
import os, sys, time
from pathlib import Path
from tma_check import batch
from tma_check.model import FileResult, Status

folder = Path(sys.argv[1])

def linger(job, debug=False):
    (folder / f"worker-{os.getpid()}").touch()
    time.sleep(600)
    return FileResult(path=job.path, status=Status.OK)

batch.check_job = linger
list(batch.run([batch.Job(f"{n}.docx") for n in range(8)], processes=2))
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is dead, only not yet reaped
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][:1] != "Z"
    except OSError:
        return True


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork"
)
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_workers_die_with_their_parent(tmp_path: Path, signal_name: str) -> None:
    import signal
    import subprocess
    import sys

    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN_SCRIPT, str(tmp_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    started = time.monotonic()
    while len(list(tmp_path.glob("worker-*"))) < 2 and time.monotonic() - started < 30:
        time.sleep(0.05)
    workers = [int(p.name.split("-")[1]) for p in tmp_path.glob("worker-*")]
    assert len(workers) == 2
    parent.send_signal(getattr(signal, signal_name))
    parent.wait(timeout=10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert parent.stdout is not None
    assert parent.stdout.read() == b""  # no worker holds the caller's output open


_INTERRUPTED_SCRIPT = """
import os, sys, time
from pathlib import Path
from tma_check import batch, cli
from tma_check.model import FileResult, Status

def linger(job, debug=False):
    Path(job.path + ".started").touch()
    time.sleep(600)
    return FileResult(path=job.path, status=Status.OK)

batch.check_job = linger
sys.argv = ["tma-check", "check", *sys.argv[1:], "--format", "plain"]
cli.main()
"""


@pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork"
)
@pytest.mark.parametrize("count", [1, 10], ids=["one file", "a batch"])
def test_ctrl_c_exits_130_and_stops_the_workers(tmp_path: Path, count: int) -> None:
    import signal
    import subprocess
    import sys

    files = []
    for n in range(count):
        path = tmp_path / f"d{n}.docx"
        path.write_bytes(docx_bytes(para("Q1) Answer.")))
        files.append(str(path))
    child = subprocess.Popen(
        [sys.executable, "-c", _INTERRUPTED_SCRIPT, *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=interruptible,  # Ctrl-C as from a terminal, even if CI ignores it
    )
    started = time.monotonic()
    while not list(tmp_path.glob("*.started")) and time.monotonic() - started < 30:
        time.sleep(0.05)
    assert list(tmp_path.glob("*.started")), "no check started"
    time.sleep(0.2)
    os.killpg(child.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: the whole group
    try:
        _, err = child.communicate(timeout=20)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
    assert child.returncode == 130
    assert b"Traceback" not in err and err.rstrip().endswith(b"tma-check: interrupted")
    assert subprocess.run(["pgrep", "-g", str(child.pid)], capture_output=True).stdout == b""


def test_zip_bombs_are_refused_before_anything_is_inflated(tmp_path: Path) -> None:
    for name, build in (
        ("ratio.docx", ratio_bomb_bytes),
        ("declared.docx", declared_huge_bytes),
        ("claims.docx", lambda: claims_bytes(0xFFFF, 100 << 20)),
    ):
        path = tmp_path / name
        path.write_bytes(build())
        cli_run("count", str(path))  # imports what the command needs before measuring
        tracemalloc.start()
        try:
            outcome = cli_run("count", str(path))
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        one_error_line(outcome, path)
        assert peak < 4 << 20, f"{name}: {peak:,} bytes allocated"


def test_a_member_that_inflates_past_its_declared_size_is_caught_by_its_crc(
    tmp_path: Path,
) -> None:
    """zipfile cuts a member at its declared size and then finds the CRC wrong.

    The part is read with ``read(declared size)``, which inflates no more than
    that: a bare ``read()`` would first inflate everything the data holds.
    """
    xml = document_xml(para("Hello")) + b" " * (64 << 20)
    data = claim_size(
        rebuild(docx_bytes(para("x")), {"word/document.xml": xml}), "word/document.xml", 4000
    )
    path = tmp_path / "liar.docx"
    path.write_bytes(data)
    cli_run("count", str(path))  # imports what the command needs before measuring
    tracemalloc.start()
    try:
        outcome = cli_run("count", str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    line = one_error_line(outcome, path)
    assert "word/document.xml cannot be unpacked (Bad CRC-32" in line
    assert peak < 4 << 20, f"{peak:,} bytes allocated"


def test_a_part_larger_than_any_document_is_refused_before_inflating(tmp_path: Path) -> None:
    data = bytearray(docx_bytes(para("Hello")))
    for at, name in central_entries(bytes(data)):
        if name == "word/document.xml":  # 200 MB, compressed 10 to 1: no ratio to object to
            struct.pack_into("<II", data, at + 20, 20 << 20, 200 << 20)
    path = tmp_path / "huge.docx"
    path.write_bytes(bytes(data))
    line = one_error_line(cli_run("count", str(path)), path)
    assert line.endswith(
        "word/document.xml is 200 MB, more than the 128 MB tma-check reads; refused"
    )


def test_a_long_thesis_with_many_images_is_accepted(tmp_path: Path) -> None:
    """300 photographs of 500 KB and a 30 MB document.xml pass every limit."""
    rng = random.Random(7)
    paragraph = "".join(
        para(
            run(sentence(rng, 12), '<w:rFonts w:ascii="Calibri"/><w:sz w:val="24"/>'),
            run(sentence(rng, 12)),
        )
        for _ in range(200)
    )
    pieces = []
    size = 0
    while size < 30 << 20:
        pieces.append(paragraph)
        size += len(paragraph)
    body = "".join(pieces)
    photo = os.urandom(500_000)  # like a JPEG: no compression to speak of
    path = tmp_path / "thesis.docx"
    source = zipfile.ZipFile(io.BytesIO(docx_bytes(para("x"))))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            blob = document_xml(body) if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, blob)
        for number in range(300):
            archive.writestr(f"word/media/image{number}.jpeg", photo, zipfile.ZIP_STORED)
    started = time.perf_counter()
    parts = package.open_parts(str(path))
    assert sum(1 for _ in parts.document) == len(pieces) * 200  # every paragraph streamed
    assert time.perf_counter() - started < TIME_LIMIT


# -- XML: entities, external references, DTDs ----------------------------------


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"NETWORK-SECRET")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def web() -> Iterator[tuple[str, list[str]]]:
    """A web server on this machine that records every request made to it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    requests: list[str] = []
    _Recorder.requests = requests
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()


def test_external_entities_reach_neither_files_nor_the_network(
    tmp_path: Path, rubric_file: Path, web: tuple[str, list[str]]
) -> None:
    url, requests = web
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    prologs = {
        "file.docx": f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>',
        "http.docx": f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "{url}/entity">]>',
        "dtd.docx": f'<!DOCTYPE w:document SYSTEM "{url}/external.dtd">',
        "param.docx": f'<!DOCTYPE w:document [<!ENTITY % p SYSTEM "{url}/param"> %p;]>',
    }
    for name, prolog in prologs.items():
        path = tmp_path / name
        path.write_bytes(with_document(document_xml(para("Q1) Say") + para(run("&x;")), prolog)))
        for args in (
            ["check", str(path), "-r", str(rubric_file), "--format", "json"],
            ["count", str(path)],
            ["explain", str(path), "-r", str(rubric_file)],
            ["rubric", "infer", str(path)],
        ):
            outcome = cli_run(*args)
            assert outcome.code == 2
            assert "SECRET" not in outcome.out + outcome.err
            assert "document type declaration (DTD)" in outcome.out + outcome.err
    assert requests == []


def test_the_parser_itself_resolves_nothing(tmp_path: Path, web: tuple[str, list[str]]) -> None:
    """Below the DTD refusal, the parser has entities, DTD loading and the network off."""
    url, requests = web
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    xml = (
        f'<!DOCTYPE a [<!ENTITY s SYSTEM "{secret.as_uri()}"><!ENTITY n SYSTEM "{url}/n">]>'
        "<a><b>&s;</b><c>&n;</c></a>"
    ).encode()
    with pytest.raises(package.UnsafeXML):
        package.parse(xml)
    root = package.etree.fromstring(xml, package.PARSER)
    assert b"SECRET" not in package.etree.tostring(root)
    assert requests == []


# -- parts missing, renamed or of other kinds: read as Word reads them ---------


def strict_bytes() -> bytes:
    data = docx_bytes(para("Strict words here."))
    swaps = {
        W.encode(): b"http://purl.oclc.org/ooxml/wordprocessingml/main",
        REL.encode(): b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    }
    source = zipfile.ZipFile(io.BytesIO(data))
    parts: dict[str, bytes | None] = {}
    for info in source.infolist():
        blob = source.read(info)
        for old, new in swaps.items():
            blob = blob.replace(old, new)
        parts[info.filename] = blob
    return rebuild(data, parts)


def content_type(data: bytes, main_type: str, add: dict[str, bytes] | None = None) -> bytes:
    types = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    types = types.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        main_type.encode(),
    )
    return rebuild(data, {"[Content_Types].xml": types}, add=add)


def renamed_main_bytes() -> bytes:
    data = docx_bytes(para("Renamed main part."))
    source = zipfile.ZipFile(io.BytesIO(data))
    rels = source.read("_rels/.rels").replace(b"word/document.xml", b"word/main.xml")
    return rebuild(
        data,
        {"word/document.xml": None, "_rels/.rels": rels},
        add={
            "word/main.xml": source.read("word/document.xml"),
            "word/_rels/main.xml.rels": source.read("word/_rels/document.xml.rels"),
        },
    )


def missing_styles_bytes() -> bytes:
    return rebuild(docx_bytes(para("No styles part.", style="Heading1")), {"word/styles.xml": None})


def missing_numbering_bytes() -> bytes:
    numbered = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    body = para("First point.", props=numbered) + para("Second point.", props=numbered)
    return docx_bytes(body, numbering=numbering_xml())


ACCEPTED: dict[str, tuple[str, Callable[[], bytes], int]] = {
    "relationship to a missing styles part": ("nostyles.docx", missing_styles_bytes, 3),
    "numbered paragraphs, numbering part missing": (
        "nonumbering.docx",
        lambda: rebuild(missing_numbering_bytes(), {"word/numbering.xml": None}),
        4,
    ),
    "numbered paragraphs": ("numbering.docx", missing_numbering_bytes, 6),
    "main part renamed with its relationship": ("renamed.docx", renamed_main_bytes, 3),
    "strict OOXML": ("strict.docx", strict_bytes, 3),
    "macro-enabled .docm": (
        "macros.docm",
        lambda: content_type(
            docx_bytes(para("Macro document.")),
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run, never read"},
        ),
        2,
    ),
    "template .dotx": (
        "template.dotx",
        lambda: content_type(
            docx_bytes(para("Template text here.")),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        ),
        3,
    ),
    "deep but legal nesting": (
        "nested.docx",
        lambda: with_document(
            document_xml(
                "<w:sdt><w:sdtContent>" * 120 + para("two words") + "</w:sdtContent></w:sdt>" * 120
            )
        ),
        2,
    ),
    "a 3 MB attribute value": (
        "longattr.docx",
        lambda: with_document(
            document_xml(
                para("Three more words", style=base64.b64encode(os.urandom(2 << 20)).decode())
            )
        ),
        3,
    ),
    "a list that claims to start at a billion, in roman numerals": (
        "roman.docx",
        lambda: docx_bytes(
            para("Point.", props='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'),
            numbering=numbering_xml("upperRoman").replace(
                '<w:start w:val="1"/>', '<w:start w:val="999999999999"/>', 1
            ),
        ),
        2,
    ),
}


@pytest.mark.parametrize("case", list(ACCEPTED))
def test_parts_missing_renamed_or_of_other_kinds_are_read(tmp_path: Path, case: str) -> None:
    name, build, words = ACCEPTED[case]
    path = tmp_path / name
    path.write_bytes(build())
    outcome = cli_run("count", str(path))
    assert outcome.code == 0, outcome
    assert outcome.out.startswith(f"{path}: {words} words"), outcome.out


# -- size: bounded time on big documents ---------------------------------------


def test_an_enormous_single_paragraph_is_counted_in_bounded_time(
    tmp_path: Path, rubric_file: Path
) -> None:
    rng = random.Random(3)
    tokens = [*WORDS, '"quoted', 'words"', "(see", "Appendix", "A)", "(Smith,", "2003)", "‘a’"]
    text = " ".join(rng.choice(tokens) for _ in range(700_000))  # about 4 MB, one w:t
    path = tmp_path / "wall.docx"
    path.write_bytes(
        docx_bytes(para("Q1) Discuss.") + para(text) + para("Q2) More.") + para("Fine."))
    )
    outcome = cli_run("check", str(path), "-r", str(rubric_file), "--format", "json", limit=10)
    assert outcome.code == 1  # far over the limit, and said so
    assert '"counted": 700000' in outcome.out


def test_text_deep_inside_an_unknown_element_is_passed_over_in_bounded_time(
    tmp_path: Path,
) -> None:
    # Each of 100,000 runs sits 200 elements deep in one the walker does not
    # read: it is passed over whole, not climbed out of run by run.
    rng = random.Random(7)
    buried = "".join(run(sentence(rng, 3)) for _ in range(100_000))
    wrapper = "<w:unknown>" + "<w:deeper>" * 200
    closing = "</w:deeper>" * 200 + "</w:unknown>"
    body = para("Two words", wrapper + buried + closing) + para("Three more words")
    path = tmp_path / "buried.docx"
    path.write_bytes(docx_bytes(body))
    outcome = cli_run("count", str(path))
    assert outcome.code == 0, outcome
    assert outcome.out.startswith(f"{path}: 5 words"), outcome.out


def test_a_thousand_page_document_is_checked_in_bounded_time(
    tmp_path: Path, rubric_file: Path
) -> None:
    rng = random.Random(5)
    page = "".join(para(sentence(rng, 60)) for _ in range(5))  # 300 words
    body = para("Q1) First question.") + page * 500 + para("Q2) Second.") + page * 500
    path = tmp_path / "long.docx"
    path.write_bytes(docx_bytes(body))
    outcome = cli_run("check", str(path), "-r", str(rubric_file), "-q", limit=10)
    assert outcome.code == 1
    assert f"{path}: Q1: error: over limit by 149,500 words" in outcome.out


# -- rubrics ---------------------------------------------------------------------


def alias_bomb() -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    return "\n".join(lines) + "\n"


# name: (rubric text or bytes, words of the error line)
BAD_RUBRICS: dict[str, tuple[str | bytes, str]] = {
    "not a mapping": ("- Q1\n- Q2\n", ":1: must be a mapping of keys"),
    "alias expansion bomb": (alias_bomb(), "values (alias expansion?)"),
    "a tag that runs a command": (
        "title: !!python/object/apply:os.system ['touch pwned']\n",
        ":1: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "a tag that names a function": ("title: !!python/name:os.system\n", "is not allowed"),
    "far too large": ("title: big\n" + "# padding\n" * 200_000, "is larger than 1024 KiB"),
    "not UTF-8": (
        "title: Café\n".encode("cp1252"),
        "is not UTF-8 text (byte 10); save it as UTF-8",
    ),
    "nested too deeply": (
        "title: " + "[" * 5000 + "]" * 5000 + "\n",
        "is nested more than 16 levels deep",
    ),
    "a number of thousands of digits": ("leeway: " + "9" * 5000 + "\n", ":1: a number of 5,000"),
    "extends absolute": (
        "extends: /etc/passwd\n",
        ":1: extends: '/etc/passwd' is an absolute path",
    ),
    "extends escaping": (
        "extends: ../../../outside.yaml\n",
        ":1: extends: '../../../outside.yaml' leads outside this file's folder",
    ),
    "an empty rule": ("exclude:\n  - {}\n", ":2: exclude[0]: must have at least 1 key(s), has 0"),
    "a control character": ("title: a\x01b\n", ":1: is not valid YAML: the character U+0001"),
    "a pattern far too long": (
        f"questions:\n  - {{id: Q1, match: '{'x' * 5000}'}}\n",
        ":2: questions[0].match: is a pattern of 5,000 characters; at most 2,000",
    ),
    "a pattern nested too deeply to compile": (
        f"questions:\n  - {{id: Q1, match: '{'(' * 400}{')' * 400}'}}\n",
        "nests its groups too deeply to compile",
    ),
    "a counted repeat of billions": (
        "exclude:\n  - {name: big, pattern: 'a{4294967294}'}\n",
        ":2: exclude[0].pattern: 'a{4294967294}' repeats 4,294,967,294 times; at most 1,000",
    ),
    "a counted repeat of millions in a match": (
        "questions:\n  - {id: Q1, match: '^Q1 x{10000000}'}\n",
        ":2: questions[0].match: '^Q1 x{10000000}' repeats 10,000,000 times",
    ),
    "counted repeats that multiply": (
        "exclude:\n  - {name: big, pattern: '(?:(?:x{100}){100}){100}'}\n",
        "asks for more than 100,000 steps with its counted repeats together",
    ),
    "an invalid custom pattern": (
        "exclude:\n  - {name: sig, pattern: '(Posted by'}\n",
        ":2: exclude[0].pattern: '(Posted by' is not a valid regular expression",
    ),
}


@pytest.mark.parametrize("threat", list(BAD_RUBRICS))
def test_a_bad_rubric_is_one_line_and_exit_2(tmp_path: Path, threat: str) -> None:
    text, expected = BAD_RUBRICS[threat]
    folder = tmp_path / "x" / "a" / "b"
    folder.mkdir(parents=True)
    (tmp_path / "outside.yaml").write_text("title: not to be read\n", encoding="utf-8")
    rubric = folder / "forum.yaml"
    rubric.write_bytes(text if isinstance(text, bytes) else text.encode())
    doc = tmp_path / "tma.docx"
    doc.write_bytes(docx_bytes(para("Q1) Answer.")))
    for args in (["check", str(doc), "-r", str(rubric)], ["rubric", "validate", str(rubric)]):
        line = one_error_line(cli_run(*args), rubric)
        assert expected in line, line
    assert not (Path.cwd() / "pwned").exists()


def test_an_extends_loop_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: c.yaml\n", encoding="utf-8")
    (tmp_path / "c.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    line = one_error_line(
        cli_run("rubric", "validate", str(tmp_path / "a.yaml")), tmp_path / "c.yaml"
    )
    assert line.endswith(":1: extends: 'a.yaml' extends itself in a loop")


def test_extends_to_a_url_fetches_nothing(tmp_path: Path, web: tuple[str, list[str]]) -> None:
    url, requests = web
    rubric = tmp_path / "r.yaml"
    rubric.write_text(f"extends: {url}/base.yaml\n", encoding="utf-8")
    line = one_error_line(cli_run("rubric", "validate", str(rubric)), rubric)
    assert "not found" in line
    assert requests == []


def backtracking_document(tmp_path: Path) -> Path:
    path = tmp_path / "aaa.docx"
    path.write_bytes(docx_bytes(para("Q1) Answer.") + para("a" * 60 + "!") + para("Q2) More.")))
    return path


CATASTROPHIC = "(a|aa)+$"  # backtracks exponentially on a run of a's that does not end the text


@pytest.mark.parametrize(
    ("rubric", "where"),
    [
        (
            f"exclude:\n  - {{name: aaa, pattern: '{CATASTROPHIC}'}}\nquestions:\n  - {{id: Q1, match: '^Q1'}}\n",
            ":2, exclude: aaa)",
        ),
        (
            f"questions:\n  - {{id: Q1, match: '^Q1'}}\n  - {{id: Q2, match: '{CATASTROPHIC}'}}\n",
            ":3, questions[1].match)",
        ),
        (
            f"reference_heading: '{CATASTROPHIC}'\nquestions:\n  - {{id: Q1, match: '^Q1'}}\n",
            ":1, reference_heading)",
        ),
    ],
    ids=["custom pattern", "question match", "reference heading"],
)
def test_a_catastrophic_pattern_is_that_documents_error_naming_the_rubric_line(
    tmp_path: Path, rubric: str, where: str
) -> None:
    path = tmp_path / "slow.yaml"
    path.write_text(rubric, encoding="utf-8")
    doc = backtracking_document(tmp_path)
    line = one_error_line(
        cli_run("check", str(doc), "-r", str(path), "--format", "plain", limit=3), doc
    )
    assert line.startswith(
        f"{doc}: file: error: the pattern '(a|aa)+$' ({path}{where} takes too long"
    ), line
    assert line.endswith("(at most 1 s a paragraph and 5 s in all); simplify it")


def test_a_pattern_slow_on_every_paragraph_is_bounded_over_the_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One second a paragraph is not enough on its own: the whole document has a budget."""
    from tma_check import patterns

    monkeypatch.setattr(patterns, "PATTERN_TIMEOUT", 60.0)
    monkeypatch.setattr(patterns, "PATTERN_BUDGET", 0.3)
    path = tmp_path / "slow.yaml"
    path.write_text(
        f"exclude:\n  - {{name: aaa, pattern: '{CATASTROPHIC}'}}\nquestions: [{{id: Q1}}]\n",
        encoding="utf-8",
    )
    doc = tmp_path / "many.docx"
    slow = para("a" * 24 + "!")  # about 0.05s for this pattern, so 2.5s for fifty
    doc.write_bytes(docx_bytes(para("Q1", style="Heading1") + slow * 50))
    line = one_error_line(
        cli_run("check", str(doc), "-r", str(path), "--format", "plain", limit=2), doc
    )
    assert "takes too long on this document" in line


def test_a_slow_document_is_one_error_row_and_the_batch_goes_on(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text(
        f"exclude:\n  - {{name: aaa, pattern: '{CATASTROPHIC}'}}\nquestions:\n"
        "  - {id: Q1, match: '^Q1', limit: 100}\n",
        encoding="utf-8",
    )
    slow = backtracking_document(tmp_path)
    fine = tmp_path / "fine.docx"
    fine.write_bytes(docx_bytes(para("Q1) Answer.") + para("Three words here.")))
    outcome = cli_run("check", str(slow), str(fine), "-r", str(rubric), "--format", "csv", limit=4)
    assert outcome.code == 2
    rows = {row["path"]: row for row in csv.DictReader(io.StringIO(outcome.out))}
    assert rows[str(slow)]["file_status"] == "ERROR"
    assert "takes too long on this document" in rows[str(slow)]["message"]
    assert rows[str(fine)]["file_status"] == "ok"


def test_a_long_document_does_not_use_up_a_patterns_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget counts the pattern's own work: many quick paragraphs stay within it
    even when walking them takes longer than the budget (here slowed on purpose)."""
    from tma_check import split

    real = split._matches

    def dawdling(pattern: Any, forms: Any, budget: Any, start: str = "") -> bool:
        time.sleep(0.002)  # the time the walk takes, not the pattern
        return real(pattern, forms, budget, start)

    monkeypatch.setattr(split, "_matches", dawdling)
    from tma_check import patterns

    monkeypatch.setattr(patterns, "PATTERN_BUDGET", 0.2)
    rubric = tmp_path / "r.yaml"
    rubric.write_text("questions:\n  - {id: Q2, match: '^Q2\\)', limit: 5}\n", encoding="utf-8")
    doc = tmp_path / "long.docx"
    doc.write_bytes(docx_bytes(para("x y") * 200 + para("Q2) Two.") + para("One two")))
    outcome = cli_run("check", str(doc), "-r", str(rubric), "--format", "plain")
    assert outcome.code == 0
    assert outcome.out.splitlines()[0] == f"{doc}: Q2: ok: 4 of 5 words (80.0%)"


def test_a_document_past_its_processing_budget_is_its_own_error_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tma_check import batch

    monkeypatch.setattr(batch, "DOCUMENT_BUDGET", 0.05)
    big = tmp_path / "big.docx"
    rng = random.Random(5)
    text = "".join(para(f"{rng.random()} {rng.random()}") for _ in range(20_000))
    big.write_bytes(docx_bytes(para("Q1) Describe. (10 words)") + text))
    outcome = cli_run("check", str(big), "--format", "plain")
    assert one_error_line(outcome, big) == (
        f"{big}: file: error: took more than 0.05 s of processing, the most one document may take; "
        "it is too large or too complex to check"
    )
    monkeypatch.setattr(batch, "DOCUMENT_BUDGET", 60.0)
    small = tmp_path / "small.docx"
    small.write_bytes(docx_bytes(para("Q1) Describe. (10 words)") + para("x y z")))
    assert cli_run("check", str(small), "--format", "plain").code == 0


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="needs setitimer")
def test_a_budget_expiry_that_is_swallowed_is_not_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python reports an exception raised in a finaliser and goes on: when the budget runs
    # out there, the document must still be stopped, not checked without a limit.
    from tma_check import api, batch

    def swallowing_then_busy(*args: object) -> FileResult:
        try:
            while True:  # until the budget runs out...
                sum(range(1000))
        except BaseException:  # ...where a finaliser would swallow it
            pass
        spent = time.process_time() + 5
        while time.process_time() < spent:
            sum(range(1000))
        return FileResult(path="slow.docx", status=Status.OK)

    monkeypatch.setattr(batch, "DOCUMENT_BUDGET", 0.05)
    monkeypatch.setattr(api, "check_file", swallowing_then_busy)
    started = time.process_time()
    result = batch.check_job(Job("slow.docx"))
    assert result.status is Status.ERROR and "took more than 0.05 s" in str(result.error)
    assert time.process_time() - started < 2


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="needs setitimer")
def test_an_expiry_in_a_finaliser_is_neither_reported_nor_the_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Python would print "Exception ignored in ..." with a traceback, and go on
    from tma_check import api, batch

    class Finalised:
        def __del__(self) -> None:
            while True:  # the budget runs out in here
                sum(range(1000))

    def work(*args: object) -> FileResult:
        Finalised()  # gone at once: its finaliser runs now
        spent = time.process_time() + 5
        while time.process_time() < spent:
            sum(range(1000))
        return FileResult(path="a.docx", status=Status.OK)

    reported: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", reported.append)
    monkeypatch.setattr(batch, "DOCUMENT_BUDGET", 0.05)
    monkeypatch.setattr(api, "check_file", work)
    result = batch.check_job(Job("a.docx"))
    assert result.status is Status.ERROR and "took more than 0.05 s" in str(result.error)
    assert reported == []
    assert sys.unraisablehook == reported.append  # put back as it was


@pytest.mark.skipif(not hasattr(__import__("signal"), "setitimer"), reason="needs setitimer")
@pytest.mark.parametrize("outcome", ["done in time", "out of time", "failed"])
def test_the_budget_timer_is_stopped_whatever_the_document_does(
    monkeypatch: pytest.MonkeyPatch, outcome: str
) -> None:
    import signal

    from tma_check import api, batch

    def work(*args: object) -> FileResult:
        if outcome == "failed":
            raise ValueError("a bug")
        spent = time.process_time() + (5 if outcome == "out of time" else 0.01)
        while time.process_time() < spent:
            sum(range(1000))
        return FileResult(path="a.docx", status=Status.OK)

    monkeypatch.setattr(batch, "DOCUMENT_BUDGET", 0.05)
    monkeypatch.setattr(api, "check_file", work)
    before = signal.getsignal(signal.SIGPROF)
    result = batch.check_job(Job("a.docx"))
    assert (result.status is Status.ERROR) == (outcome != "done in time")
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGPROF) is before


def test_a_match_anchored_at_the_end_sees_the_whole_paragraph(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text("questions:\n  - {id: Q1, match: '^Q1[^!]*$', limit: 5}\n", encoding="utf-8")
    doc = tmp_path / "long.docx"
    doc.write_bytes(docx_bytes(para("Q1 " + "x " * 1500 + "!") + para("Answer.")))
    outcome = cli_run("check", str(doc), "-r", str(rubric), "--format", "plain")
    assert "Q1: error: not found in the document" in outcome.out


# -- project configuration --------------------------------------------------------


def _project(folder: Path, config: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".tma-check.yaml").write_text(config, encoding="utf-8")
    doc = folder / "work" / "tma02.docx"
    doc.parent.mkdir(exist_ok=True)
    doc.write_bytes(docx_bytes(para("Q1) Describe. (10 words)") + para("Three words here.")))
    return doc


def test_configuration_is_not_looked_for_above_a_repository(tmp_path: Path) -> None:
    outer = tmp_path / "outer"
    doc = _project(outer, 'rubrics:\n  "*.docx": elsewhere.yaml\n')
    (outer / ".tma-check.yaml").rename(tmp_path / ".tma-check.yaml")
    (outer / ".git").mkdir()
    outcome = cli_run("check", str(doc), "--format", "plain")
    assert outcome.code == 0  # the file above the repository is never read
    assert "no rubric given" in outcome.out


def test_configuration_is_not_looked_for_above_the_home_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    doc = _project(home / "course", "strict: true\n")
    (home / "course" / ".tma-check.yaml").unlink()
    (tmp_path / ".tma-check.yaml").write_text("rubrics: [broken\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    assert cli_run("check", str(doc), "--format", "plain").code == 0


@pytest.mark.parametrize(
    ("rubric", "problem"),
    [
        ("/etc/passwd", "'/etc/passwd' is an absolute path; give one relative to this file"),
        ("../../x.yaml", "'../../x.yaml' leads outside this file's folder and the one above it"),
    ],
)
def test_configuration_rubric_paths_stay_near_the_configuration(
    tmp_path: Path, rubric: str, problem: str
) -> None:
    doc = _project(tmp_path / "p", f'rubrics:\n  "*.docx": "{rubric}"\n')
    config = tmp_path / "p" / ".tma-check.yaml"
    line = one_error_line(cli_run("check", str(doc)), config)
    assert line.startswith(f"tma-check: {config}:2: rubrics: *.docx: {problem}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_rubric_that_is_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    doc = _project(tmp_path / "p", 'rubrics:\n  "*.docx": pipe.yaml\n')
    os.mkfifo(tmp_path / "p" / "pipe.yaml")
    config = tmp_path / "p" / ".tma-check.yaml"  # named with the line that names the rubric
    line = one_error_line(cli_run("check", str(doc), limit=5), config)
    assert line.startswith(f"tma-check: {config}:2: rubrics: *.docx: ")
    assert line.endswith("pipe.yaml: is not a regular file (a device or a pipe?); refused")
    line = one_error_line(
        cli_run("check", str(doc), "-r", str(tmp_path / "p" / "pipe.yaml")),
        tmp_path / "p" / "pipe.yaml",
    )
    assert line.endswith("is not a regular file (a device or a pipe?); refused")


@pytest.mark.skipif(not hasattr(os, "chown") or os.geteuid() != 0, reason="needs root to chown")
def test_a_configuration_of_another_users_is_passed_over(tmp_path: Path) -> None:
    doc = _project(tmp_path / "p", "rubrics: [broken\n")
    os.chown(tmp_path / "p" / ".tma-check.yaml", 65534, 65534)
    assert cli_run("check", str(doc), "--format", "plain").code == 0


def test_a_configuration_glob_that_cannot_compile_is_a_clean_error(tmp_path: Path) -> None:
    doc = _project(tmp_path / "p", 'rubrics:\n  "[z-a].docx": ou-default\n')
    config = tmp_path / "p" / ".tma-check.yaml"
    line = one_error_line(cli_run("check", str(doc)), config)
    assert line.startswith(f"tma-check: {config}:2: rubrics: [z-a].docx: is not a file pattern: ")


def test_a_broken_configuration_does_not_stop_a_run_given_its_rubric(
    tmp_path: Path, rubric_file: Path
) -> None:
    doc = _project(tmp_path / "p", "rubrics: [broken\n")
    outcome = cli_run("check", str(doc), "-r", str(rubric_file), "--format", "plain")
    assert outcome.code == 1  # Q2 of the rubric is missing: checked, not stopped
    (note,) = outcome.err.splitlines()
    config = tmp_path / "p" / ".tma-check.yaml"
    assert note.startswith(f"tma-check: {config}:")
    assert note.endswith("this configuration is passed over, as --rubric was given")
    assert one_error_line(cli_run("check", str(doc)), config).startswith(f"tma-check: {config}:")


def test_a_nul_in_a_rubric_reference_is_a_clean_error(tmp_path: Path) -> None:
    rubric = tmp_path / "r.yaml"
    rubric.write_text('extends: "base\\0.yaml"\n', encoding="utf-8")
    line = one_error_line(cli_run("rubric", "validate", str(rubric)), rubric)
    assert line == f"{rubric}:1: extends: names a file with a NUL character in it"
    from tma_check.errors import RubricError
    from tma_check.rubric import load_rubric

    with pytest.raises(RubricError, match="cannot hold a NUL character"):
        load_rubric("r\0.yaml")


# -- the input is never touched ---------------------------------------------------


def _plain_read_updates_atime(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_bytes(b"probe")
    os.utime(probe, (1_000_000_000, 1_000_000_000))
    with open(probe, "rb") as handle:
        handle.read()
    updated = probe.stat().st_atime_ns != 1_000_000_000 * 10**9
    probe.unlink()
    return updated


def test_the_input_is_unchanged_by_every_command(tmp_path: Path, rubric_file: Path) -> None:
    """Bytes, modification time and access time stay as they were.

    The loader opens the document with O_NOATIME where the system has it
    (Linux). Without it, Linux's usual ``relatime`` mount option would still
    update the access time here, since it is older than a day. macOS and
    Windows have no such flag, so there the access time is checked only if
    this filesystem does not update it on reads anyway (a ``noatime`` mount).
    """
    folder = tmp_path / "in"
    folder.mkdir()
    doc = folder / "tma.docx"
    doc.write_bytes(
        docx_bytes(para("Q1) Describe. (10 words) (10 marks)") + para("One two three."))
    )
    past = 1_500_000_000
    os.utime(doc, (past, past))
    atime_kept = hasattr(os, "O_NOATIME") or not _plain_read_updates_atime(tmp_path)
    report = tmp_path / "report.html"
    commands = [
        *(["check", str(doc), "-r", str(rubric_file), "--format", fmt] for fmt in cli_formats()),
        ["check", str(doc)],
        ["count", str(doc)],
        ["count", str(doc), "--format", "json"],
        ["explain", str(doc), "-r", str(rubric_file)],
        ["rubric", "infer", str(doc)],
        ["check", str(doc), "-r", str(rubric_file), "--output", str(report)],
    ]
    before = snapshot(doc)
    for args in commands:
        outcome = cli_run(*args)
        assert outcome.code in (0, 1), (args, outcome)
        data, atime, mtime = snapshot(doc)
        assert (data, mtime) == (before[0], before[2]), args
        if atime_kept:
            assert atime == before[1], args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.html", "rubric.yaml"]
    assert [p.name for p in folder.iterdir()] == ["tma.docx"]


@pytest.mark.skipif(not hasattr(os, "O_NOATIME"), reason="O_NOATIME is a Linux flag")
def test_a_file_owned_by_someone_else_is_read_without_o_noatime(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linux refuses O_NOATIME (EPERM) unless the reader owns the file: open without it."""
    doc = tmp_path / "theirs.docx"
    doc.write_bytes(docx_bytes(para("Their three words.")))
    real_open = os.open

    def strict_open(path: str, flags: int, *args: int) -> int:
        if flags & os.O_NOATIME:
            raise PermissionError(1, "Operation not permitted", path)
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", strict_open)
    outcome = cli_run("count", str(doc))
    assert (outcome.code, outcome.out) == (0, f"{doc}: 3 words (body 3)\n")


def cli_formats() -> tuple[str, ...]:
    from tma_check.cli import FORMAT_CHOICES

    return FORMAT_CHOICES


def test_an_unwritable_output_is_one_line_and_leaves_nothing_behind(
    tmp_path: Path, rubric_file: Path
) -> None:
    doc = tmp_path / "tma.docx"
    doc.write_bytes(docx_bytes(para("Q1) Answer.")))
    target = tmp_path / "no-such-folder" / "report.csv"
    outcome = cli_run("check", str(doc), "-r", str(rubric_file), "--output", str(target))
    assert outcome.code == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rubric.yaml", "tma.docx"]


def test_an_internal_error_is_one_line_without_debug_and_a_traceback_with_it(
    tmp_path: Path, rubric_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tma_check.api

    def broken(path: str, rubric: object, *limits: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(tma_check.api, "check_file", broken)
    doc = tmp_path / "tma.docx"
    doc.write_bytes(docx_bytes(para("Q1) Answer.")))
    line = one_error_line(cli_run("check", str(doc), "-r", str(rubric_file)), doc)
    assert "internal error (KeyError" in line and "rerun with --debug" in line
    with pytest.raises(KeyError):
        CliRunner().invoke(
            cli, ["check", str(doc), "-r", str(rubric_file), "--debug"], catch_exceptions=False
        )


def test_a_pattern_that_runs_out_of_memory_is_reported_like_a_slow_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The regex module gives up with MemoryError on some fuzzy patterns (at about 0.5 GB)."""
    from tma_check import split

    class Greedy:
        pattern = "x{e<=9}"

        def search(self, text: str, timeout: float | None = None) -> None:
            raise MemoryError

    monkeypatch.setattr(split, "question_pattern", lambda spec: Greedy())
    rubric = tmp_path / "fuzzy.yaml"
    rubric.write_text("title: T\nquestions:\n  - {id: Q1, match: 'x{e<=9}'}\n", encoding="utf-8")
    doc = tmp_path / "tma.docx"
    doc.write_bytes(docx_bytes(para("Q1) Answer.")))
    outcome = cli_run("check", str(doc), "-r", str(rubric), "--format", "plain")
    assert one_error_line(outcome, doc) == (
        f"{doc}: file: error: the pattern 'x{{e<=9}}' ({rubric}:3, questions[0].match) needs more "
        "memory than a pattern may have on this document; simplify it"
    )


def test_a_long_row_of_dots_is_checked_without_a_rubric_in_bounded_time(tmp_path: Path) -> None:
    doc = tmp_path / "dots.docx"
    doc.write_bytes(docx_bytes(para("Q1) Describe. (10 words)") + para("." * 5000)))
    cli_run("check", str(doc), limit=0.25)


def test_a_run_of_zero_width_spaces_is_counted_in_bounded_time(tmp_path: Path) -> None:
    doc = tmp_path / "invisible.docx"
    doc.write_bytes(docx_bytes(para("Two words") + para("\u200b" * 4000)))
    cli_run("count", str(doc), limit=0.25)


def test_errors_cross_process_boundaries_intact() -> None:
    import pickle

    from tma_check.errors import DocumentError, RubricError

    rubric = pickle.loads(pickle.dumps(RubricError("r.yaml", "takes too long", 3, "exclude: slow")))
    assert str(rubric) == "r.yaml:3: exclude: slow: takes too long"
    assert (rubric.line, rubric.key) == (3, "exclude: slow")
    document = pickle.loads(pickle.dumps(DocumentError("a.docx", "is empty")))
    assert (str(document), document.message) == ("a.docx: is empty", "is empty")
