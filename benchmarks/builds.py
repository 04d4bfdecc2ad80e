"""Run one ``sphinx-build`` as ``make html`` does and measure its wall time and peak memory.

Each build is a fresh child process, so a measurement includes interpreter start-up
and imports, as a user's build does. Peak memory is the child's own maximum
resident set size, and CPU time its user + system time, both read with ``os.wait4``
(``RUSAGE_CHILDREN`` would keep the maximum over every earlier build as well).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: ``make html``'s options; -q keeps the logs short (they go to a file anyway).
SPHINX_OPTIONS = ("-b", "html", "-W", "-n", "--keep-going", "-q")


@dataclass(frozen=True)
class Build:
    seconds: float  #: wall clock
    cpu_seconds: float  #: user + system time of the build (steadier on a busy machine)
    peak_mib: float
    returncode: int
    log: str

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def sphinx_build(srcdir: Path, outdir: Path, *options: str, env: dict | None = None) -> Build:
    """Build ``srcdir`` into ``outdir`` (doctrees beside it); incremental if it was built."""
    doctrees = outdir.with_name(outdir.name + ".doctrees")
    log_path = outdir.with_name(outdir.name + ".log")
    command = [
        sys.executable,
        "-m",
        "sphinx",
        *SPHINX_OPTIONS,
        "-d",
        str(doctrees),
        *options,
        str(srcdir),
        str(outdir),
    ]
    with log_path.open("w", encoding="utf-8") as log:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return Build(
        seconds=seconds,
        cpu_seconds=usage.ru_utime + usage.ru_stime,
        peak_mib=usage.ru_maxrss / 1024,  # KiB on Linux
        returncode=process.returncode,
        log=log_path.read_text("utf-8", "replace"),
    )


def html_pages(outdir: Path) -> int:
    """The number of pages a build wrote (static files and sources not counted)."""
    return sum(
        1
        for page in outdir.rglob("*.html")
        if not any(part.startswith("_") for part in page.relative_to(outdir).parts)
    )
