"""Run one build (``sphinx-build`` as ``make html`` does, or ``hugo``) and measure its cost.

Each build is a fresh child process, so a measurement includes interpreter start-up
and imports, as a user's build does. Peak memory is the build's maximum resident
set size and CPU time its user + system time, read with ``os.wait4``
(``RUSAGE_CHILDREN`` would keep the maximum over every earlier build as well).

The build is started by a small launcher process, not by the benchmark itself:
Linux counts the memory of the process that forks into a child's peak (it is
kept across ``exec``), and the benchmark grows while it generates bibliographies
and weighs pages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: ``make html``'s options; -q keeps the logs short (they go to a file anyway).
SPHINX_OPTIONS = ("-b", "html", "-W", "-n", "--keep-going", "-q", "-j", "auto")

#: The launcher: runs argv[2:], writes its wall time, CPU time and peak RSS to argv[1].
_LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[2], sys.argv[2:], os.environ)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump([seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss], out)
sys.exit(os.waitstatus_to_exitcode(status))
"""


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
    return measured_run(command, outdir, env=env)


def measured_run(command: Sequence[str], outdir: Path, env: dict | None = None) -> Build:
    """Run ``command`` (an absolute executable first) through the launcher, for any builder.

    Its log and measurements are written beside ``outdir``.
    """
    log_path = outdir.with_name(outdir.name + ".log")
    measure_path = outdir.with_name(outdir.name + ".measure.json")
    measure_path.unlink(missing_ok=True)  # a failed launch must not read an earlier run's
    launcher = [sys.executable, "-c", _LAUNCHER, str(measure_path)]
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.run(
            [*launcher, *command], stdout=log, stderr=subprocess.STDOUT, env=env, check=False
        )
    try:
        seconds, cpu_seconds, peak_kib = json.loads(measure_path.read_text("utf-8"))
    except FileNotFoundError:  # the launcher itself failed; the log says why
        seconds, cpu_seconds, peak_kib = 0.0, 0.0, 0
    return Build(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        peak_mib=peak_kib / 1024,  # ru_maxrss is in KiB on Linux
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
