"""Build the example HTML reports and take headless-browser screenshots of them.

Run by hand from a checkout, as anyone who changes the HTML page should:

    python scripts/screenshot.py [--out DIR] [--chromium PATH]

It writes, to ``DIR`` (``/tmp/tma-shots`` by default, outside the repository):

- ``single.html``: examples/tma02.docx checked against rubrics/example-tma02.yaml;
- ``batch.html``: a batch of five documents made in a temporary folder (a copy
  of the example, one over its limit beyond the leeway, one missing a
  question, one within every limit, one that is not a .docx at all), checked
  against a rubric like the example's with penalty bands;
- for each page, PNG screenshots: ``*-desktop.png`` (1280 wide, the whole
  page), ``*-desktop-top.png`` (the first 1280x900), ``*-phone.png`` (375
  wide, the whole page, as a phone lays it out), ``*-phone-top.png`` (the
  first 375x812) and ``*-print.png`` (the whole page with the print styles,
  718 wide: A4 inside 1 cm margins at 96 dpi); and ``*.pdf``, the page printed to A4 as a
  browser prints it (no background colours).

Then look at every PNG. The screenshots need Chromium: on Debian or Ubuntu,
``apt-get install -y chromium`` (as root) gives ``/usr/bin/chromium``. The
browser runs headless with a fresh profile in a temporary folder, no
network services and no sandbox (so that it runs as root in a container),
and is driven over ``--remote-debugging-pipe`` (the DevTools protocol on
two pipes, no port opened), which lets it measure the page for a whole-page
capture, emulate print media and print to PDF. The pages themselves have no
scripts.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import fcntl
import json
import math
import os
import select
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from docx import Document

from tma_check.api import check_file
from tma_check.model import FileResult
from tma_check.report import Style, render_check
from tma_check.rubric import load_rubric

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "tma02.docx"
RUBRIC = ROOT / "rubrics" / "example-tma02.yaml"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
)
WIDTHS = {"desktop": 1280, "phone": 375, "print": 718}  # print: A4 inside 1 cm margins
TOP = {"desktop": 900, "phone": 812}
TIMEOUT = 60.0

BATCH_RUBRIC = """\
title: B123 Leadership in practice, TMA 02 (with penalties)
extends: ou-default
total_marks: 100
penalties:
  - {over: 10, deduct: 5}
  - {over: 20, deduct: 5, per: 10}
questions:
  - {id: Q1, match: '^Q1\\)', limit: 200, marks: 10}
  - {id: Q2, match: '^Q2\\)', limit: 600, marks: 50}
  - {id: Q3, match: '^Q3\\)', limit: 300, marks: 30}
  - {id: Part B, match: '^Part B\\b', marks: 10}
"""
PROMPTS = {
    "Q1": "Q1) Describe an organisation you know well. (200 words) (10 marks)",
    "Q2": "Q2) Analyse how leadership is exercised in a team you have worked in. "
    "(600 words) (50 marks)",
    "Q3": "Q3) Reflect on what you have learnt about your own leadership. (300 words) (30 marks)",
    "Part B": "Part B: Forum activity (10 marks)",
}
SENTENCES = (
    "The team meets every Monday to agree its priorities for the week.",
    "Most decisions about cases are made by the support workers themselves.",
    "Bolden (2011) warns that shared leadership can hide who really decides.",
    "Two trainees said they could not see how decisions were made.",
    "A monthly review would make the informal leadership visible to everyone.",
    "Spillane (2006) describes leadership as stretched across people and situations.",
    "The change was tested for three months before it was adopted.",
    "Feedback from tenants improved once the new case log was in use.",
)


def answer(words: int, start: int = 0) -> list[str]:
    """Paragraphs of about 60 words each, ``words`` words in all."""
    out: list[str] = []
    paragraph: list[str] = []
    left, n = words, start
    while left > 0:
        sentence = SENTENCES[n % len(SENTENCES)].split()[:left]
        sentence[-1] = sentence[-1].rstrip(".") + "."
        paragraph += sentence
        left -= len(sentence)
        n += 1
        if len(paragraph) >= 60 or left <= 0:
            out.append(" ".join(paragraph))
            paragraph = []
    return out


def write_tma(path: Path, lengths: dict[str, int]) -> Path:
    """A TMA written the way the example is: each prompt in bold, then the answer."""
    document = Document()
    document.add_paragraph("B123 Leadership in practice – TMA 02")
    for number, (question, words) in enumerate(lengths.items()):
        document.add_paragraph().add_run(PROMPTS[question]).bold = True
        for text in answer(words, number * 3):
            document.add_paragraph(text)
    document.save(str(path))
    return path


def batch(folder: Path) -> list[FileResult]:
    """Five documents in ``folder``, checked (named as a tutor in its parent folder would)."""
    folder.mkdir()
    rubric_path = folder / "tma02-penalties.yaml"
    rubric_path.write_text(BATCH_RUBRIC, encoding="utf-8")
    rubric = load_rubric(str(rubric_path))
    paths = [shutil.copyfile(EXAMPLE, folder / "a-taylor.docx")]
    paths.append(
        write_tma(folder / "b-jones.docx", {"Q1": 195, "Q2": 790, "Q3": 290, "Part B": 120})
    )
    paths.append(write_tma(folder / "c-patel.docx", {"Q1": 180, "Q2": 590, "Part B": 140}))
    paths.append(
        write_tma(folder / "d-okafor.docx", {"Q1": 200, "Q2": 560, "Q3": 300, "Part B": 90})
    )
    broken = folder / "e-smith.docx"
    broken.write_bytes(b"This is a text file saved with a .docx name.\n")
    paths.append(broken)
    return [check_file(str(path), rubric) for path in paths]


def _above(fd: int, lowest: int = 10) -> int:
    """``fd`` moved to a number of at least ``lowest`` (not inherited)."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(fd)
    return moved


class Browser:
    """Headless Chromium, driven over the DevTools protocol on a pair of pipes."""

    def __init__(self, chromium: str, profile: Path) -> None:
        commands, self._to = os.pipe()  # the browser reads fd 3, writes fd 4
        self._from, replies = os.pipe()
        # above 4 in this process, so that dup2 to 3 and 4 in the child is never a no-op
        commands, replies = (_above(fd) for fd in (commands, replies))

        def pipes() -> None:
            os.dup2(commands, 3)  # the copies are inheritable
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            preexec_fn=pipes,
            close_fds=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands)
        os.close(replies)
        self._buffer = b""
        self._events: list[dict[str, Any]] = []
        self._id = 0

    def send(self, method: str, params: dict[str, Any] | None = None, session: str = "") -> Any:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        while data:
            data = data[os.write(self._to, data) :]
        while True:
            reply = self._receive()
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self._events.append(reply)

    def wait_for(self, event: str, session: str) -> None:
        while True:
            for seen in self._events:
                if seen.get("method") == event and seen.get("sessionId") == session:
                    self._events.remove(seen)
                    return
            self._events.append(self._receive())

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from], [], [], TIMEOUT)
            chunk = os.read(self._from, 1 << 20) if ready else b""
            if not chunk:
                raise RuntimeError("Chromium stopped answering")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(message))

    def open(self, page: Path, width: int, height: int, media: str = "") -> tuple[str, str]:
        """A tab showing ``page`` in a ``width`` x ``height`` viewport: (target, session)."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        session = session["sessionId"]
        self.send("Page.enable", session=session)
        self._size(session, width, height)
        if media:
            self.send("Emulation.setEmulatedMedia", {"media": media}, session)
        self.send("Page.navigate", {"url": page.as_uri()}, session)
        self.wait_for("Page.loadEventFired", session)
        return target, session

    def _size(self, session: str, width: int, height: int) -> None:
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}
        self.send("Emulation.setDeviceMetricsOverride", metrics, session)

    def screenshot(
        self, page: Path, out: Path, width: int, height: int = 0, media: str = ""
    ) -> None:
        """A PNG of ``page``: the first ``height`` pixels, or with 0 the whole page."""
        target, session = self.open(page, width, height or 800, media)
        if not height:
            size = self.send("Page.getLayoutMetrics", session=session)["cssContentSize"]
            self._size(session, width, math.ceil(size["height"]))
        shot = self.send("Page.captureScreenshot", {"format": "png"}, session)
        out.write_bytes(base64.b64decode(shot["data"]))
        self.send("Target.closeTarget", {"targetId": target})

    def pdf(self, page: Path, out: Path) -> None:
        """``page`` printed to A4, as a browser prints it by default (no backgrounds)."""
        target, session = self.open(page, WIDTHS["print"], 1123)
        options = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": False}
        out.write_bytes(base64.b64decode(self.send("Page.printToPDF", options, session)["data"]))
        self.send("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        with contextlib.suppress(RuntimeError, OSError):  # it may go before it answers
            self.send("Browser.close")
        try:
            self.process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
        os.close(self._to)
        os.close(self._from)


def shoot(browser: Browser, page: Path) -> list[Path]:
    out = []
    for name, width in WIDTHS.items():
        whole = page.with_name(f"{page.stem}-{name}.png")
        browser.screenshot(page, whole, width, media="print" if name == "print" else "")
        out.append(whole)
        if name in TOP:
            top = page.with_name(f"{page.stem}-{name}-top.png")
            browser.screenshot(page, top, width, TOP[name])
            out.append(top)
    browser.pdf(page, page.with_suffix(".pdf"))
    return [*out, page.with_suffix(".pdf")]


def find_chromium(given: str | None) -> str:
    for name in (given, "chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name) if name else None
        if found:
            return found
    raise SystemExit("no Chromium found: apt-get install -y chromium, or give --chromium PATH")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/tma-shots"))
    parser.add_argument("--chromium", help="the browser to run (default: chromium on PATH)")
    args = parser.parse_args(argv)
    chromium = find_chromium(args.chromium)
    args.out.mkdir(parents=True, exist_ok=True)
    style = Style(format="html")
    single, many = args.out.resolve() / "single.html", args.out.resolve() / "batch.html"
    here = Path.cwd()
    with tempfile.TemporaryDirectory(prefix="tma-shots-") as temp:
        folder = Path(temp)
        try:  # paths in the reports as a tutor would type them
            os.chdir(ROOT)
            example = check_file(str(EXAMPLE.relative_to(ROOT)), load_rubric(str(RUBRIC)))
            single.write_text(render_check([example], style), "utf-8")
            os.chdir(folder)
            many.write_text(render_check(batch(Path("tma02")), style), "utf-8")
        finally:
            os.chdir(here)
        browser = Browser(chromium, folder / "profile")
        try:
            made = [*shoot(browser, single), *shoot(browser, many)]
        finally:
            browser.close()
    for path in [single, many, *made]:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
