"""Find the tma-check under test: this checkout, installed or not.

With the package installed in the running interpreter's environment the
``tma-check`` console script beside that interpreter is used, as a user
would run it. From a clean checkout with nothing installed, the package is
imported from the checkout and run as ``python -m tma_check``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent


def ensure_importable() -> None:
    """Make ``import tma_check`` work, from the checkout if it is not installed."""
    try:
        import tma_check  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT))


def installed_script() -> Path | None:
    """The ``tma-check`` console script of the running interpreter's environment."""
    folder = Path(sys.executable).parent
    for name in ("tma-check", "tma-check.exe"):
        candidate = folder / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def command() -> list[str]:
    """How to run the tma-check command line."""
    script = installed_script()
    if script is not None:
        return [str(script)]
    return [sys.executable, "-m", "tma_check"]


def child_env() -> dict[str, str]:
    """The environment for measured processes: no colour, and the checkout importable."""
    env = dict(os.environ)
    env["NO_COLOR"] = "1"
    env.pop("PYTHONSTARTUP", None)
    if installed_script() is None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, (str(ROOT), env.get("PYTHONPATH"))))
    return env


def under_test() -> str:
    """Where the tma_check package that will be measured lives (for the report header)."""
    ensure_importable()
    import tma_check

    location = Path(tma_check.__file__).resolve().parent
    try:
        shown = str(location.relative_to(ROOT))
    except ValueError:
        shown = f"{location} (not this checkout!)"
    return f"tma-check {tma_check.__version__} from {shown}"


def byte_compile() -> None:
    """Compile the package's modules to bytecode, as installing it from a wheel does.

    Run from a checkout (an editable install), the modules are compiled on
    first import and cached; with PYTHONDONTWRITEBYTECODE set they would be
    compiled again in every process, and the figures would measure that.
    """
    import compileall

    import tma_check

    compileall.compile_dir(str(Path(tma_check.__file__).parent), quiet=1)
