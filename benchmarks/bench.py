"""Build cost and page weight of the site, from its own papers to 5,000 synthetic ones.

``make bench`` (``python -m benchmarks.bench``) builds, on this machine and in one run:

* the floor: a one-page project with the site's extensions, theme and options;
* the site: clean build, no-op rebuild, rebuild after editing one page, rebuild
  after editing one refs.bib entry;
* the site with synthetic bibliographies (50, 500, 5,000 papers): clean build,
  no-op rebuild, peak memory;
* against Hugo (issue 12), in memory (project and output on a tmpfs, so that the
  disk does not decide): each synthetic site's clean build, no-op rebuild, rebuild
  after editing one entry and peak memory, and the same bibliography as a plain
  Hugo site (``hugo.py``) built the same ways; and Sphinx alone (one page, no
  extension), whose clean build and no-op are what any ``sphinx-build`` costs here;

* the checks of the largest synthetic bibliography with and without thousands of
  notes (``findings.py``: issue 12's "findings stay cheap");

then weighs every built page for a first visit, and prints markdown tables of the
medians with ratios against the floor and Hugo, and the targets of issues 6 and 12,
met or missed. Nothing is asserted: performance goals live here, not in timed unit
tests.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
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

from . import builds, findings, hugo, page_weight, projects

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


def count_entries(srcdir: Path) -> int:
    return sum(len(parse_file(str(bib), "bibtex").entries) for bib in projects.bib_files(srcdir))


@dataclass(frozen=True)
class Tool:
    """How a project is built, edited and counted: this site (Sphinx) or Hugo."""

    build: Callable[[Path, Path], builds.Build]
    edit_page: Callable[[Path], object] | None  #: None: the project has no text pages
    edit_bib: Callable[[Path], object]
    papers: Callable[[Path], int]


SPHINX = Tool(builds.sphinx_build, projects.edit_page, projects.edit_bib_entry, count_entries)
HUGO = Tool(hugo.build, None, hugo.edit_entry, hugo.count_papers)


@dataclass
class Project:
    """One project and its measurements over the runs."""

    name: str
    prepare: Callable[[Path], Path]
    steps: tuple[str, ...]
    tool: Tool = SPHINX
    papers: int = 0
    pages: int = 0
    seconds: dict[str, list[float]] = field(default_factory=dict)
    cpu_seconds: dict[str, list[float]] = field(default_factory=dict)
    peak_mib: dict[str, list[float]] = field(default_factory=dict)
    failure: str = ""
    outdir: Path | None = None

    def median(self, step: str, cpu: bool = False) -> float | None:
        values = (self.cpu_seconds if cpu else self.seconds).get(step)
        return statistics.median(values) if values else None

    def peak(self, step: str = "clean") -> float | None:
        values = self.peak_mib.get(step)
        return statistics.median(values) if values else None

    def highest_peak(self) -> tuple[str, float] | None:
        """The step with the highest median peak memory, and that peak."""
        peaks = [(step, self.peak(step)) for step in self.steps if self.peak(step) is not None]
        return max(peaks, key=lambda item: item[1]) if peaks else None


@dataclass
class Comparison:
    """One synthetic size built in memory by this site and, where installed, by Hugo."""

    size: int
    site: Project
    hugo: Project | None


@dataclass
class Report:
    runs: int
    load: tuple[float, float]  #: 1-minute load average before and after the run
    floor: Project
    site: Project
    synthetic: list[tuple[int, Project]]
    weights: dict[str, list[page_weight.PageWeight]]
    comparisons: list[Comparison] = field(default_factory=list)
    #: Sphinx with one page and no extension, in memory: what any sphinx-build costs here.
    sphinx_alone: Project | None = None
    findings: findings.FindingsCost | None = None  #: the checks' cost with many notes
    memory_note: str = ""  #: where the in-memory builds ran
    hugo_note: str = ""  #: Hugo's version, or why it was not built

    @property
    def projects(self) -> list[Project]:
        return [self.floor, self.site, *(p for _, p in self.synthetic)]

    @property
    def in_memory(self) -> list[Project]:
        pairs = [p for c in self.comparisons for p in (c.site, c.hugo) if p is not None]
        return [self.sphinx_alone, *pairs] if self.sphinx_alone is not None else pairs

    @property
    def failed(self) -> bool:
        return any(p.failure for p in [*self.projects, *self.in_memory])


def measure(project: Project, workdir: Path) -> None:
    """One run: a fresh copy, then the project's build steps in order."""
    srcdir = project.prepare(workdir / "src")
    outdir = workdir / "html"
    tool = project.tool
    project.papers = tool.papers(srcdir)
    for step in project.steps:
        if step == "edit_page" and tool.edit_page is not None:
            tool.edit_page(srcdir)
        elif step == "edit_bib":
            tool.edit_bib(srcdir)
        build = tool.build(srcdir, outdir)
        if not build.ok:
            project.failure = f"{STEPS[step]} failed:\n{build.log[-3000:]}"
            return
        project.seconds.setdefault(step, []).append(build.seconds)
        project.cpu_seconds.setdefault(step, []).append(build.cpu_seconds)
        project.peak_mib.setdefault(step, []).append(build.peak_mib)
        if step == "clean":
            project.pages = builds.html_pages(outdir)
    project.outdir = outdir


def synthetic_cache(workdir: Path, size: int) -> Path:
    """One synthetic site's sources, generated once (5,000 entries take a while)."""
    cache = workdir / f"synthetic-{size}-sources"
    if not cache.exists():
        projects.synthetic_site(cache, size)
    return cache


def hugo_cache(workdir: Path, size: int) -> Path:
    """The Hugo project of the same synthetic site (same entries), generated once."""
    cache = workdir / f"hugo-{size}-sources"
    if not cache.exists():
        hugo.project_from_site(synthetic_cache(workdir, size), cache)
    return cache


def copies(source: Callable[[Path, int], Path], workdir: Path, size: int) -> Callable[[Path], Path]:
    """A project's ``prepare``: a fresh copy of a cached source per run."""

    def copy(dest: Path) -> Path:
        return shutil.copytree(source(workdir, size), dest)

    return copy


def comparisons(sizes: Sequence[int], workdir: Path, with_hugo: bool) -> list[Comparison]:
    steps = ("clean", "noop", "edit_bib")
    return [
        Comparison(
            size,
            Project(f"This site, {size:,} papers", copies(synthetic_cache, workdir, size), steps),
            Project(f"Hugo, {size:,} papers", copies(hugo_cache, workdir, size), steps, HUGO)
            if with_hugo
            else None,
        )
        for size in sizes
    ]


def hugo_note() -> str:
    if hugo.executable() is None:
        return "Hugo: not built, `hugo` is not on PATH (Debian: `apt install hugo`)."
    return f"Hugo: {hugo.version()}, `hugo --quiet`, a plain project generated by the benchmark."


def run_on_disk(report: Report, workdir: Path) -> None:
    """The floor, the site and the synthetic sites in the work dir; the last builds kept."""
    runs = report.runs
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


def run_in_memory(report: Report, memdir: Path) -> None:
    """This site against Hugo, alternating so that a busy moment hits both alike.

    Each build is removed once measured: it would hold memory.
    """
    runs = report.runs
    for number in range(runs):
        for index, project in enumerate(report.in_memory):
            if project.failure:
                continue
            rundir = memdir / f"run{number}" / f"project{index}"
            print(
                f"run {number + 1}/{runs}: {project.name}, in memory", file=sys.stderr, flush=True
            )
            measure(project, rundir)
            shutil.rmtree(rundir)
            project.outdir = None


def run(runs: int, sizes: Sequence[int], workdir: Path, memdir: Path | None = None) -> Report:
    """Every measurement; ``memdir`` is a tmpfs folder for the in-memory ones (else on disk)."""
    floor = Project("Floor (one page)", projects.floor_project, ("clean", "noop"))
    site = Project("This site", projects.copy_site, tuple(STEPS))
    synthetic = [
        (
            size,
            Project(
                f"Synthetic {size:,}", copies(synthetic_cache, workdir, size), ("clean", "noop")
            ),
        )
        for size in sizes
    ]
    report = Report(runs, (os.getloadavg()[0], 0.0), floor, site, synthetic, {})
    report.comparisons = comparisons(sizes, workdir, hugo.executable() is not None)
    report.sphinx_alone = Project(
        "Sphinx alone (one page, no extension)", projects.sphinx_alone_project, ("clean", "noop")
    )
    report.hugo_note = hugo_note()
    report.memory_note = (
        f"In memory: projects and outputs in {memdir.parent} (a tmpfs on Linux)."
        if memdir is not None
        else "In memory: no writable /dev/shm here, so these builds ran in the work dir, "
        "on disk, like the others."
    )
    run_on_disk(report, workdir)
    run_in_memory(report, memdir or workdir / "in-memory")
    print(f"checks of {max(sizes):,} entries, with and without notes", file=sys.stderr, flush=True)
    report.findings = findings.measure(max(sizes), runs)
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


def _mib(value: float | None) -> str:
    return NONE if value is None else f"{value:.0f}"


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
                _mib(project.peak()),
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


def comparison_table(comparisons: Sequence[Comparison], alone: Project | None = None) -> str:
    """Sphinx alone, then each size in memory, this site then Hugo; ratios over Hugo's."""
    rows = [] if alone is None else [_comparison_row(alone, None)]
    for comparison in comparisons:
        for project in (comparison.site, comparison.hugo):
            if project is not None:
                rows.append(_comparison_row(project, comparison.hugo))
    header = [
        "Project",
        "Papers",
        "Pages",
        "Clean build (s)",
        f"{TIMES} Hugo",
        "CPU (s)",
        f"{TIMES} Hugo",
        "No-op rebuild (s)",
        "Edit one entry (s)",
        "Peak memory (MiB)",
    ]
    return table(header, rows)


def _comparison_row(project: Project, hugo_project: Project | None) -> list[str]:
    if project.failure:
        return [project.name, *["failed"] * 9]
    base = hugo_project if hugo_project is not None and not hugo_project.failure else None
    clean, cpu = project.median("clean"), project.median("clean", cpu=True)
    peak = project.highest_peak()
    return [
        project.name,
        f"{project.papers:,}",
        f"{project.pages:,}",
        _seconds(clean),
        _ratio(clean, base.median("clean") if base else None),
        _seconds(cpu),
        _ratio(cpu, base.median("clean", cpu=True) if base else None),
        _seconds(project.median("noop")),
        _seconds(project.median("edit_bib")),
        _mib(peak[1] if peak else None),
    ]


def growth(report: Report) -> tuple[int, int, dict[str, tuple[float, float]]] | None:
    """Clean-build growth between the two largest sizes: {tool: (wall ratio, CPU ratio)}."""
    measured = [c for c in report.comparisons if c.site.median("clean") is not None]
    if len(measured) < 2:
        return None
    small, large = measured[-2], measured[-1]
    ratios = {}
    for tool in ("site", "hugo"):
        before, after = getattr(small, tool), getattr(large, tool)
        if before is None or after is None or after.median("clean") is None:
            continue
        ratios[tool] = (
            after.median("clean") / before.median("clean"),
            after.median("clean", cpu=True) / before.median("clean", cpu=True),
        )
    return small.size, large.size, ratios


def growth_line(report: Report) -> str:
    found = growth(report)
    if found is None:
        return "Growth: one size only, nothing to compare (`--sizes 500,5000`)."
    small, large, ratios = found
    names = {"site": "this site", "hugo": "Hugo"}
    parts = [
        f"{names[tool]} {wall:.2f}{TIMES} (CPU {cpu:.2f}{TIMES})"
        for tool, (wall, cpu) in ratios.items()
    ]
    return (
        f"Growth from {small:,} to {large:,} papers ({large / small:g}{TIMES} the papers), "
        f"clean build in memory: {', '.join(parts)}."
    )


Target = tuple[str, str, bool | None]  #: (target, measured, met); None: not measured


def targets(report: Report) -> list[Target]:
    """Each target of issues 6 and 12 the run has data for."""
    return [
        *_floor_targets(report),
        *_scale_targets(report),
        *_findings_targets(report),
        *_weight_targets(report),
    ]


def _findings_targets(report: Report) -> list[Target]:
    cost = report.findings
    if cost is None:
        return []
    label = f"Checks of {cost.entries:,} entries, {cost.notes:,} notes ≤ 1 s more than fewer"
    return [(label, f"{cost.extra:+.2f} s of CPU ({cost.noisy:.2f} s)", cost.extra < 1)]


def _floor_targets(report: Report) -> list[Target]:
    results: list[Target] = []
    floor, site = report.floor, report.site
    for step, limit in (("clean", 1.5), ("noop", 1.1)):
        value, base = site.median(step), floor.median(step)
        cpu, cpu_base = site.median(step, cpu=True), floor.median(step, cpu=True)
        if value is not None and base and cpu is not None and cpu_base:
            label = f"{STEPS[step]} of the site ≤ {limit}{TIMES} the floor"
            measured = f"{value / base:.2f}{TIMES} (CPU {cpu / cpu_base:.2f}{TIMES})"
            results.append((label, measured, value / base <= limit))
    return results


def _alone(report: Report) -> str:
    """Sphinx alone's no-op, to show beside a rebuild's time: no rebuild can be faster."""
    alone = report.sphinx_alone
    value = alone.median("noop") if alone is not None else None
    return "" if value is None else f"; Sphinx alone's no-op {value:.2f} s"


def _on_disk(report: Report, size: int, step: str) -> str:
    """The same step on disk, to show beside an in-memory figure."""
    value = next((p.median(step) for s, p in report.synthetic if s == size), None)
    return "" if value is None else f"; on disk {value:.2f} s"


def _scale_targets(report: Report) -> list[Target]:
    """Issue 12 at the largest size, in memory: against Hugo, rebuilds, memory, growth."""
    measured = [c for c in report.comparisons if c.site.median("clean") is not None]
    if not measured:
        return []
    largest = measured[-1]
    size, site = largest.size, largest.site
    results = [hugo_target(largest)]
    for step, limit in (("noop", 1), ("edit_bib", 2)):
        value, cpu = site.median(step), site.median(step, cpu=True)
        if value is not None:
            label = f"{STEPS[step]}, {size:,} papers, in memory ≤ {limit} s"
            text = f"{value:.2f} s (CPU {cpu:.2f} s{_on_disk(report, size, step)}{_alone(report)})"
            results.append((label, text, value <= limit))
    peak = site.highest_peak()
    if peak is not None:
        label = f"Peak memory, {size:,} papers ≤ 300 MiB"
        results.append((label, f"{peak[1]:.0f} MiB ({STEPS[peak[0]].lower()})", peak[1] <= 300))
    found = growth(report)
    if found is not None and "site" in found[2]:
        small, large, ratios = found
        wall, cpu = ratios["site"]
        label = f"Clean build, {large:,} papers ≤ {large / small:g}{TIMES} {small:,} papers"
        results.append(
            (label, f"{wall:.2f}{TIMES} in memory (CPU {cpu:.2f}{TIMES})", wall <= large / small)
        )
    return results


def hugo_target(comparison: Comparison) -> Target:
    label = f"Clean build, {comparison.size:,} papers, in memory ≤ 7{TIMES} Hugo's"
    site, other = comparison.site, comparison.hugo
    if other is None or other.median("clean") is None:
        return label, "no Hugo build (see the note above)", None
    value, base = site.median("clean"), other.median("clean")
    cpu = site.median("clean", cpu=True) / other.median("clean", cpu=True)
    text = f"{value / base:.2f}{TIMES} ({value:.2f} s against {base:.2f} s; CPU {cpu:.2f}{TIMES})"
    return label, text, value / base <= 7


def _weight_targets(report: Report) -> list[Target]:
    site_weights = report.weights.get(report.site.name, [])
    if not site_weights:
        return []
    heaviest = max(site_weights, key=lambda w: w.total_gzip)
    most = max(site_weights, key=lambda w: w.requests)
    return [
        (
            "Every page of the site ≤ 30 KiB gzip on a first visit",
            f"{_kib(heaviest.total_gzip)} KiB ({heaviest.page})",
            heaviest.total_gzip <= 30 * KIB,
        ),
        (
            "Every page of the site ≤ 12 requests on a first visit",
            f"{most.requests} ({most.page})",
            most.requests <= 12,
        ),
    ]


def _status(met: bool | None) -> str:
    return "not measured" if met is None else "met" if met else "**missed**"


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
        "clock of `sphinx-build -W -n -j auto` (or `hugo`) in a fresh process, and its CPU time "
        "(user + system, steadier when other work shares the cores); ratios are against the "
        "floor's same step (or Hugo's), wall clock unless said.",
        "",
        "### Build cost",
        "",
        build_table(report),
        "",
        "### Against Hugo",
        "",
        report.memory_note,
        report.hugo_note,
        "",
        comparison_table(report.comparisons, report.sphinx_alone),
        "",
        growth_line(report),
        "",
        "### Findings",
        "",
        findings.line(report.findings) if report.findings else "Not measured.",
        "",
        "### Page weight (first visit, no cache)",
        "",
        weight_table(report),
        "",
        "### Targets",
        "",
        table(
            ["Target", "Measured", "Status"],
            [[t, m, _status(ok)] for t, m, ok in targets(report)],
        ),
    ]
    for project in report.projects + report.in_memory:
        if project.failure:
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
    parser.add_argument(
        "--keep", type=Path, help="build on disk in this folder and keep it (not the in-memory)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = 1
        args.sizes = args.sizes or QUICK_SIZES
    args.sizes = args.sizes or DEFAULT_SIZES
    return args


def memory_root() -> Path | None:
    """/dev/shm (a tmpfs on Linux) when it exists and is writable, else None."""
    shm = Path("/dev/shm")
    return shm if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def compile_extension() -> None:
    """The extension's bytecode, as a user's Python writes it on the first import.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (as on some CI machines), every build would
    otherwise compile the extension's modules again, a cost no user's build has.
    """
    import sphinx_publications

    compileall.compile_dir(Path(sphinx_publications.__file__).parent, quiet=1)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    compile_extension()
    with contextlib.ExitStack() as stack:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            workdir = args.keep
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        root = memory_root()
        memdir = None
        if root is not None:
            memdir = Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-", dir=root))
            )
        report = run(args.runs, args.sizes, workdir, memdir)
    print(render(report))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
