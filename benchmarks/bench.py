"""Build cost and page weight of the site, from its own papers to 5,000 synthetic ones.

``make bench`` (``python -m benchmarks.bench``) builds, on this machine and in one run:

* the floor: a one-page project with the site's extensions, theme and options;
* the site: clean build, no-op rebuild, rebuild after editing one page, rebuild
  after editing one refs.bib entry;
* the site with synthetic bibliographies (50, 500, 5,000 papers): clean build,
  no-op rebuild, peak memory;

then weighs every built page for a first visit, and prints markdown tables of the
medians with ratios against the floor and the targets of issue 6, met or missed.
Nothing is asserted: performance goals live here, not in timed unit tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib.metadata import version
from pathlib import Path

from pybtex.database import parse_file

from . import builds, page_weight, projects

DEFAULT_SIZES = (50, 500, 5000)
QUICK_SIZES = (20,)
STEPS = {
    "clean": "Clean build",
    "noop": "No-op rebuild",
    "edit_page": "Edit one page",
    "edit_bib": "Edit one entry",
}
KIB = 1024
TIMES = "\N{MULTIPLICATION SIGN}"
NONE = "\N{EN DASH}"


@dataclass
class Project:
    """One project and its measurements over the runs."""

    name: str
    prepare: Callable[[Path], Path]
    steps: tuple[str, ...]
    papers: int = 0
    pages: int = 0
    seconds: dict[str, list[float]] = field(default_factory=dict)
    cpu_seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_mib: list[float] = field(default_factory=list)
    failure: str = ""
    outdir: Path | None = None

    def median(self, step: str, cpu: bool = False) -> float | None:
        values = (self.cpu_seconds if cpu else self.seconds).get(step)
        return statistics.median(values) if values else None


@dataclass
class Report:
    runs: int
    load: tuple[float, float]  #: 1-minute load average before and after the run
    floor: Project
    site: Project
    synthetic: list[tuple[int, Project]]
    weights: dict[str, list[page_weight.PageWeight]]

    @property
    def projects(self) -> list[Project]:
        return [self.floor, self.site, *(p for _, p in self.synthetic)]

    @property
    def failed(self) -> bool:
        return any(p.failure for p in self.projects)


def count_entries(srcdir: Path) -> int:
    return sum(len(parse_file(str(bib), "bibtex").entries) for bib in projects.bib_files(srcdir))


def measure(project: Project, workdir: Path) -> None:
    """One run: a fresh copy, then the project's build steps in order."""
    srcdir = project.prepare(workdir / "src")
    outdir = workdir / "html"
    project.papers = count_entries(srcdir)
    for step in project.steps:
        if step == "edit_page":
            projects.edit_page(srcdir)
        elif step == "edit_bib":
            projects.edit_bib_entry(srcdir)
        build = builds.sphinx_build(srcdir, outdir)
        if not build.ok:
            project.failure = f"{STEPS[step]} failed:\n{build.log[-3000:]}"
            return
        project.seconds.setdefault(step, []).append(build.seconds)
        project.cpu_seconds.setdefault(step, []).append(build.cpu_seconds)
        if step == "clean":
            project.peak_mib.append(build.peak_mib)
            project.pages = builds.html_pages(outdir)
    project.outdir = outdir


def cached(prepare: Callable[[Path], Path], cache: Path) -> Callable[[Path], Path]:
    """Prepare once (generating 5,000 entries takes a while), then copy."""

    def copy(dest: Path) -> Path:
        if not cache.exists():
            prepare(cache)
        shutil.copytree(cache, dest)
        return dest

    return copy


def run(runs: int, sizes: Sequence[int], workdir: Path) -> Report:
    floor = Project("Floor (one page)", projects.floor_project, ("clean", "noop"))
    site = Project("This site", projects.copy_site, tuple(STEPS))
    synthetic = [
        (
            size,
            Project(
                f"Synthetic {size:,}",
                cached(
                    lambda dest, size=size: projects.synthetic_site(dest, size),
                    workdir / f"synthetic-{size}-sources",
                ),
                ("clean", "noop"),
            ),
        )
        for size in sizes
    ]
    report = Report(runs, (os.getloadavg()[0], 0.0), floor, site, synthetic, {})
    for number in range(runs):
        for index, project in enumerate(report.projects):
            if project.failure:
                continue
            rundir = workdir / f"run{number}" / f"project{index}"
            previous = project.outdir
            print(f"run {number + 1}/{runs}: {project.name}", file=sys.stderr, flush=True)
            measure(project, rundir)
            if previous is not None and previous != project.outdir:
                shutil.rmtree(previous.parent)  # keep only the last run's build
    report.load = (report.load[0], os.getloadavg()[0])
    for project in report.projects:
        if project.outdir is not None and project is not floor:
            report.weights[project.name] = page_weight.site_weights(project.outdir)
    return report


# -- Rendering ----------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    return NONE if value is None else f"{value:.2f}"


def _ratio(value: float | None, base: float | None) -> str:
    return NONE if value is None or not base else f"{value / base:.2f}{TIMES}"


def _kib(value: int) -> str:
    return f"{value / KIB:.1f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right_from: int = 1) -> str:
    align = ["---" if i < right_from else "---:" for i in range(len(header))]
    lines = [header, align, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def build_table(report: Report) -> str:
    floor_clean, floor_noop = report.floor.median("clean"), report.floor.median("noop")
    rows = []
    for project in report.projects:
        if project.failure:
            rows.append([project.name, *["failed"] * 11])
            continue
        clean, noop = project.median("clean"), project.median("noop")
        rows.append(
            [
                project.name,
                f"{project.papers:,}",
                f"{project.pages:,}",
                _seconds(clean),
                _ratio(clean, floor_clean),
                _seconds(project.median("clean", cpu=True)),
                _seconds(noop),
                _ratio(noop, floor_noop),
                _seconds(project.median("noop", cpu=True)),
                _seconds(project.median("edit_page")),
                _seconds(project.median("edit_bib")),
                f"{statistics.median(project.peak_mib):.0f}",
            ]
        )
    header = [
        "Project",
        "Papers",
        "Pages",
        "Clean build (s)",
        f"{TIMES} floor",
        "CPU (s)",
        "No-op rebuild (s)",
        f"{TIMES} floor",
        "CPU (s)",
        "Edit one page (s)",
        "Edit one entry (s)",
        "Peak memory (MiB)",
    ]
    return table(header, rows)


def weight_table(report: Report) -> str:
    rows = []
    for name, weights in report.weights.items():
        shown = page_weight.representative(weights)
        if name != report.site.name:  # synthetic sites: the pages that grow with the papers
            shown = [w for w in shown if w.kind in ("home", "publications", "paper")]
        papers = sum(1 for w in weights if w.kind == "paper")
        for weight in shown:
            page = weight.page
            if weight.kind == "paper":
                page += f" (heaviest of {papers:,})"
            rows.append(
                [
                    name,
                    page,
                    weight.kind,
                    _kib(weight.html_bytes),
                    _kib(weight.html_gzip),
                    str(weight.requests),
                    _kib(weight.total_bytes),
                    _kib(weight.total_gzip),
                ]
            )
    header = [
        "Project",
        "Page",
        "Kind",
        "HTML (KiB)",
        "HTML gzip (KiB)",
        "Requests",
        "First visit (KiB)",
        "First visit gzip (KiB)",
    ]
    return table(header, rows, right_from=3)


def targets(report: Report) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each target of issue 6 the run has data for."""
    results = []
    floor, site = report.floor, report.site
    for step, limit in (("clean", 1.5), ("noop", 1.1)):
        value, base = site.median(step), floor.median(step)
        cpu, cpu_base = site.median(step, cpu=True), floor.median(step, cpu=True)
        if value is not None and base and cpu is not None and cpu_base:
            label = f"{STEPS[step]} of the site ≤ {limit}{TIMES} the floor"
            measured = f"{value / base:.2f}{TIMES} (CPU {cpu / cpu_base:.2f}{TIMES})"
            results.append((label, measured, value / base <= limit))
    measured = [(size, p) for size, p in report.synthetic if p.median("clean") is not None]
    if len(measured) >= 2:
        (small, small_p), (large, large_p) = measured[-2], measured[-1]
        ratio = large_p.median("clean") / small_p.median("clean")
        cpu = large_p.median("clean", cpu=True) / small_p.median("clean", cpu=True)
        limit = large / small
        label = f"Clean build, {large:,} papers ≤ {limit:g}{TIMES} {small:,} papers"
        measured_ratio = f"{ratio:.2f}{TIMES} (CPU {cpu:.2f}{TIMES})"
        results.append((label, measured_ratio, ratio <= limit))
    if measured:
        size, largest = measured[-1]
        noop, cpu = largest.median("noop"), largest.median("noop", cpu=True)
        label = f"No-op rebuild, {size:,} papers ≤ 3 s"
        results.append((label, f"{noop:.2f} s (CPU {cpu:.2f} s)", noop <= 3))
    site_weights = report.weights.get(site.name, [])
    if site_weights:
        heaviest = max(site_weights, key=lambda w: w.total_gzip)
        most = max(site_weights, key=lambda w: w.requests)
        results.append(
            (
                "Every page of the site ≤ 30 KiB gzip on a first visit",
                f"{_kib(heaviest.total_gzip)} KiB ({heaviest.page})",
                heaviest.total_gzip <= 30 * KIB,
            )
        )
        results.append(
            (
                "Every page of the site ≤ 12 requests on a first visit",
                f"{most.requests} ({most.page})",
                most.requests <= 12,
            )
        )
    return results


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / KIB**3
    packages = ", ".join(
        f"{name} {version(name)}" for name in ("sphinx", "furo", "sphinxcontrib-bibtex", "pybtex")
    )
    return (
        f"{date.today().isoformat()}; {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores, {memory:.0f} GiB memory; Python {platform.python_version()}, "
        f"{packages}"
    )


def render(report: Report) -> str:
    parts = [
        f"Machine: {machine()}; load average {report.load[0]:.1f} before the run, "
        f"{report.load[1]:.1f} after.",
        f"Times are medians of {report.runs} run{'s' if report.runs > 1 else ''}: wall "
        "clock of `sphinx-build -W -n` in a fresh process, and its CPU time (user + system, "
        "steadier when other work shares the cores); ratios are against the floor's same "
        "step, wall clock.",
        "",
        "### Build cost",
        "",
        build_table(report),
        "",
        "### Page weight (first visit, no cache)",
        "",
        weight_table(report),
        "",
        "### Targets",
        "",
        table(
            ["Target", "Measured", "Status"],
            [[t, m, "met" if ok else "**missed**"] for t, m, ok in targets(report)],
        ),
    ]
    failures = [p for p in report.projects if p.failure]
    for project in failures:
        parts += ["", f"{project.name}: {project.failure}"]
    return "\n".join(parts)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument(
        "--sizes",
        type=lambda s: tuple(int(n) for n in s.split(",")),
        default=None,
        help=f"synthetic bibliography sizes (default {','.join(map(str, DEFAULT_SIZES))})",
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"smoke test: 1 run, {QUICK_SIZES[0]} papers"
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
        args.sizes = args.sizes or QUICK_SIZES
    args.sizes = args.sizes or DEFAULT_SIZES
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        report = run(args.runs, args.sizes, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            report = run(args.runs, args.sizes, Path(tmp))
    print(render(report))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
