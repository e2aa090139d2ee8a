"""The ``tma-check`` command's entry point.

``tma-check --version`` is answered here, in the words click's version
option uses, without loading the command line (click alone takes longer to
import than Python takes to start); everything else goes to
:func:`tma_check.cli.main`.
"""

from __future__ import annotations

import sys

VERSION_FLAGS = (["--version"], ["-V"])


def main() -> None:
    if sys.argv[1:] in VERSION_FLAGS:
        from tma_check import __version__

        sys.stdout.write(f"tma-check, version {__version__}\n")
        return
    from tma_check.cli import main as command_line

    command_line()
