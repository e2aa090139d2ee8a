"""Run a command as a child process and measure it: wall time, CPU time, peak memory.

Each command is started by the small wrapper ``rusage.py``, which times it
and reads its resource use with ``os.wait4`` (see there for why): the peak
resident set size is then that command's own, not a running maximum over
every child the benchmark ever had, which is what
``getrusage(RUSAGE_CHILDREN)`` reports.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path


class BenchError(Exception):
    """A measured command failed; the message says which and why."""


@dataclass(frozen=True)
class Sample:
    """One run of one command."""

    wall: float  # seconds
    cpu: float  # user + system seconds, the child and what it waited for
    peak: int  # bytes, maximum resident set size
    returncode: int
    stdout: bytes = b""


@dataclass
class Stat:
    """Several runs of one measurement."""

    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak: int = 0  # bytes, the largest over the runs
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else 0.0

    def add(self, sample: Sample) -> None:
        self.times.append(sample.wall)
        self.cpu.append(sample.cpu)
        self.peak = max(self.peak, sample.peak)


WRAPPER = Path(__file__).resolve().parent / "rusage.py"


def _rss_bytes(maxrss: int) -> int:
    # Linux reports kilobytes, macOS bytes.
    return maxrss if sys.platform == "darwin" else maxrss * 1024


def run_once(
    argv: Sequence[str],
    env: Mapping[str, str] | None = None,
    capture: bool = False,
    ok: tuple[int, ...] = (0,),
) -> Sample:
    """Run ``argv`` once through the wrapper; raise BenchError if its exit code is not in ``ok``."""
    with (
        tempfile.TemporaryFile() as err,
        tempfile.TemporaryFile() as out,
        tempfile.NamedTemporaryFile("r", suffix=".rusage") as result,
    ):
        wrapped = [sys.executable, "-S", "-I", str(WRAPPER), result.name, *argv]
        subprocess.run(
            wrapped,
            stdin=subprocess.DEVNULL,
            stdout=out if capture else subprocess.DEVNULL,
            stderr=err,
            env=dict(env) if env is not None else None,
            check=True,
        )
        fields = result.read().split()
        code, wall, user, system, maxrss = (
            int(fields[0]),
            float(fields[1]),
            float(fields[2]),
            float(fields[3]),
            int(fields[4]),
        )
        if code not in ok:
            err.seek(0)
            message = err.read().decode(errors="replace").strip()[-2000:]
            raise BenchError(f"{' '.join(argv)} exited with {code}:\n{message}")
        stdout = b""
        if capture:
            out.seek(0)
            stdout = out.read()
    return Sample(
        wall=wall, cpu=user + system, peak=_rss_bytes(maxrss), returncode=code, stdout=stdout
    )


def measure(
    argv: Sequence[str],
    repeats: int,
    env: Mapping[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
    warm_up: bool = True,
) -> tuple[Stat, Sample | None]:
    """Run ``argv`` ``repeats`` times (after one untimed run that fills the caches).

    Returns the statistics and the warm-up run, whose output was captured.
    """
    first = run_once(argv, env, capture=True, ok=ok) if warm_up else None
    stat = Stat()
    for _ in range(repeats):
        stat.add(run_once(argv, env, ok=ok))
    return stat, first


_BUSY = "n = 0\nfor i in range(6_000_000):\n    n += i"


def parallel_capacity(processes: int) -> float:
    """How many CPUs' worth of work ``processes`` busy processes get done at once.

    ``processes`` on an idle machine with that many free cores; about 1 where
    the CPUs are shared (virtual CPUs on one physical core, a CPU quota).
    """
    argv = [sys.executable, "-S", "-c", _BUSY]
    single = min(_timed_together(argv, 1) for _ in range(3))
    together = min(_timed_together(argv, processes) for _ in range(3))
    return processes * single / together


def _timed_together(argv: list[str], count: int) -> float:
    start = time.perf_counter()
    children = [subprocess.Popen(argv) for _ in range(count)]
    for child in children:
        child.wait()
    return time.perf_counter() - start
