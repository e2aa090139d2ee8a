"""Run one command and write its wall time, CPU time and peak memory to a file.

    python -S -I bench/rusage.py RESULT_FILE COMMAND [ARGUMENTS...]

Why a separate, small process: Linux carries a process's peak resident set
size across ``exec``, so a command started straight from the benchmark (a
Python process holding tens of megabytes) would report at least the
benchmark's own peak. Started from this wrapper, which imports nothing and
stays near the size of a bare interpreter, the command's peak is its own.
The wrapper waits with ``os.wait4``, which gives that one child's resource
use (and that of the processes the child itself waited for, such as a
shell's pipeline or a process pool's workers).

RESULT_FILE gets one line: exit code, wall seconds, user seconds, system
seconds, ru_maxrss (kilobytes on Linux, bytes on macOS).
"""

import os
import sys
import time


def main() -> int:
    result_file, argv = sys.argv[1], sys.argv[2:]
    start = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    with open(result_file, "w") as handle:
        handle.write(f"{code} {wall} {usage.ru_utime} {usage.ru_stime} {usage.ru_maxrss}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
