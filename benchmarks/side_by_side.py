"""Two revisions of the extension, built side by side on the same synthetic site.

``python -m benchmarks.side_by_side BEFORE AFTER --size 5000 --steps noop,edit_bib``
measures whether a change made builds faster, which one ``make bench`` run cannot
tell: on a shared machine the same build's time moves by a tenth or more within
minutes. So the two revisions build the same site (the working tree's site with a
synthetic bibliography, in memory), alternating, the order swapped every round (AB,
BA, ...), and the table gives each one's times, their medians, and the median of the
rounds' differences.

Each revision's ``src`` comes from ``git archive`` and is compiled before the first
build, as a user's Python writes bytecode on the first import: where
``PYTHONDONTWRITEBYTECODE`` is set, an uncompiled copy would compile the whole
extension in every build, a fraction of a second that has nothing to do with the
change. Only the extension differs between the two: the site, its ``conf.py`` and
templates are the working tree's.
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import builds, projects
from .bench import memory_root, table

#: What each step does to the project before its timed build.
STEPS: dict[str, Callable[[Path, Path], object]] = {
    "clean": lambda src, out: shutil.rmtree(out.parent, ignore_errors=True),
    "noop": lambda src, out: None,
    "edit_bib": lambda src, out: projects.edit_bib_entry(src),
}


def extension_source(revision: str, dest: Path) -> Path:
    """The extension's ``src`` folder at ``revision``, extracted into ``dest`` and compiled."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src"],
        cwd=projects.REPO,
        check=True,
        capture_output=True,
    ).stdout
    dest.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    compileall.compile_dir(dest / "src", quiet=1)
    return dest / "src"


@dataclass
class Variant:
    """One revision: its source, its copy of the site, and its times per step."""

    name: str
    revision: str
    source: Path
    site: Path
    seconds: dict[str, list[float]] = field(default_factory=dict)
    #: CPU time (user + system) per step: steadier than the wall clock on a busy machine.
    cpu_seconds: dict[str, list[float]] = field(default_factory=dict)

    @property
    def outdir(self) -> Path:
        return self.site.parent / "out" / "html"

    def env(self) -> dict[str, str]:
        """The environment of its builds: its source first on the import path."""
        return {**os.environ, "PYTHONPATH": str(self.source)}

    def build(self, step: str) -> builds.Build:
        STEPS[step](self.site, self.outdir)
        self.outdir.parent.mkdir(parents=True, exist_ok=True)
        result = builds.sphinx_build(self.site, self.outdir, env=self.env())
        if not result.ok:
            raise SystemExit(f"{self.name} ({self.revision}): {step} failed:\n{result.log[-3000:]}")
        return result

    def record(self, step: str, result: builds.Build) -> None:
        self.seconds.setdefault(step, []).append(result.seconds)
        self.cpu_seconds.setdefault(step, []).append(result.cpu_seconds)


def measure(variants: Sequence[Variant], steps: Sequence[str], runs: int) -> None:
    """A clean build of each first (untimed), then ``runs`` rounds, the order swapped each."""
    for variant in variants:
        variant.build("clean")
    for number in range(runs):
        order = variants if number % 2 == 0 else list(reversed(variants))
        for variant in order:
            for step in steps:
                print(f"round {number + 1}/{runs}: {variant.name} {step}", file=sys.stderr)
                variant.record(step, variant.build(step))


def report(before: Variant, after: Variant, steps: Sequence[str]) -> str:
    rows = []
    for step in steps:
        a, b = before.seconds[step], after.seconds[step]
        differences = [y - x for x, y in zip(a, b, strict=True)]
        cpu_a, cpu_b = before.cpu_seconds[step], after.cpu_seconds[step]
        cpu_differences = [y - x for x, y in zip(cpu_a, cpu_b, strict=True)]
        rows.append(
            [
                step,
                ", ".join(f"{value:.2f}" for value in a),
                ", ".join(f"{value:.2f}" for value in b),
                f"{statistics.median(a):.2f} → {statistics.median(b):.2f}",
                f"{statistics.median(differences):+.2f}",
                f"{statistics.median(cpu_a):.2f} → {statistics.median(cpu_b):.2f}",
                f"{statistics.median(cpu_differences):+.2f}",
            ]
        )
    header = [
        "Step",
        f"{before.name} ({before.revision}) (s)",
        f"{after.name} ({after.revision}) (s)",
        "Medians (s)",
        "Median of the rounds' differences (s)",
        "CPU medians (s)",
        "Median of the CPU differences (s)",
    ]
    return table(header, rows)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", help="a git revision (commit, tag, branch)")
    parser.add_argument("after", help="another revision")
    parser.add_argument("--size", type=int, default=5000, help="synthetic papers (5000)")
    parser.add_argument(
        "--steps",
        type=lambda s: tuple(s.split(",")),
        default=("noop", "edit_bib"),
        help=f"comma-separated, of {', '.join(STEPS)} (noop,edit_bib)",
    )
    parser.add_argument("--runs", type=int, default=8, help="rounds (8)")
    args = parser.parse_args(argv)
    unknown = set(args.steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="side-by-side-", dir=memory_root()) as tmp:
        root = Path(tmp)
        site = projects.synthetic_site(root / "site", args.size)
        variants = []
        for name, revision in (("before", args.before), ("after", args.after)):
            source = extension_source(revision, root / name / "extension")
            copy = shutil.copytree(site, root / name / "site")
            variants.append(Variant(name, revision, source, copy))
        measure(variants, args.steps, args.runs)
    print(f"{args.size:,} synthetic papers, in memory; {args.runs} rounds, the order swapped each.")
    print()
    print(report(*variants, args.steps))
    return 0


if __name__ == "__main__":
    sys.exit(main())
