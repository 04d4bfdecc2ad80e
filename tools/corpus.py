"""Build this site with someone else's bibliography, as a newcomer would: ``make corpus``.

For each ``.bib`` file of a folder (``make corpus CORPUS=path/to/folder``), a copy of
this site gets the file as its ``refs.bib``, the owner's spellings in
``publications_owner`` (from the folder's ``MANIFEST.tsv``: ``file<TAB>owner | other
spelling<TAB>kind``, if there is one), and its ``{paper}`` references to this site's own
papers replaced by their text. Then it is built as ``make html`` builds it, with
warnings as errors, and the table says what happened: exit status, errors and notes,
papers shown against papers in the file, build time.

Nothing is copied into the repository: the builds happen in a temporary folder
(``--keep DIR`` keeps them).
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks.projects import copy_site
from sphinx_publications.bib import bibfile

PAPER_ROLE = re.compile(r"\{paper\}`([^`<]*?)\s*(?:<[^>]*>)?`")
ENTRY = re.compile(r'<li class="publication(?: [^"]*)?"')  # its classes may go on (no-search)


@dataclass
class Row:
    name: str
    kind: str
    entries: int  # entries in the file that are papers (crossref parents are not)
    shown: int = 0  # entries on the publications page
    status: int = 0
    errors: int = 0
    notes: int = 0
    seconds: float = 0.0
    traceback: bool = False
    first_error: str = ""


def manifest(folder: Path) -> dict[str, tuple[list[str], str]]:
    path = folder / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream, delimiter="\t"))
    return {
        row[0]: ([name.strip() for name in row[1].split("|")], row[2] if len(row) > 2 else "")
        for row in rows[1:]
        if len(row) >= 2
    }


def prepare(srcdir: Path, bib: Path, owner: list[str]) -> None:
    """Replace the bibliography and the owner; this site's ``{paper}`` links become text."""
    shutil.copyfile(bib, srcdir / "refs.bib")
    conf = srcdir / "conf.py"
    text = conf.read_text("utf-8")
    text = re.sub(r"publications_owner = \[.*?\]", f"publications_owner = {owner!r}", text)
    conf.write_text(text, "utf-8")
    for page in srcdir.glob("*.md"):
        page.write_text(PAPER_ROLE.sub(lambda m: m.group(1), page.read_text("utf-8")), "utf-8")


def build(srcdir: Path, outdir: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    command = [sys.executable, "-m", "sphinx", "-N", "-b", "html", "-W", "-n", "--keep-going"]
    command += ["-d", str(outdir.parent / "doctrees"), str(srcdir), str(outdir)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return result, time.perf_counter() - start


SUMMARY = re.compile(r"(?:(\d+) errors? and )?(\d+) notes? on refs\.bib")


def measure(bib: Path, owner: list[str], kind: str, workdir: Path) -> Row:
    read = bibfile.read(bib, "refs.bib")
    # Entries the reader had to skip (a syntax error) are in the file too.
    skipped = {f.key for f in read.findings if f.code == "syntax" and f.key}
    row = Row(bib.stem, kind, len(read.data.entries) + len(skipped - set(read.data.entries)))
    srcdir = copy_site(workdir / bib.stem / "src")
    prepare(srcdir, bib, owner)
    result, row.seconds = build(srcdir, workdir / bib.stem / "html")
    row.status = result.returncode
    output = result.stdout + result.stderr
    summary = SUMMARY.search(output)
    row.notes = int(summary.group(2)) if summary else 0
    row.errors = sum(1 for line in result.stderr.splitlines() if "ERROR" in line)
    row.traceback = "Traceback" in output or "Extension error" in output
    first = next((line for line in result.stderr.splitlines() if "ERROR" in line), "")
    row.first_error = first[:120]
    page = workdir / bib.stem / "html" / "publications.html"
    if page.is_file():
        row.shown = len(ENTRY.findall(page.read_text("utf-8")))
    return row


def table(rows: Sequence[Row]) -> str:
    header = "| File | Kind | Exit | Errors | Notes | Papers shown / in file | Build (s) | Crash |"
    lines = [header, "| --- | --- | ---: | ---: | ---: | ---: | ---: | :-: |"]
    for row in rows:
        crash = "yes" if row.traceback else "no"
        lines.append(
            f"| {row.name} | {row.kind} | {row.status} | {row.errors} | {row.notes} | "
            f"{row.shown} / {row.entries} | {row.seconds:.2f} | {crash} |"
        )
    total = sum(r.entries for r in rows)
    shown = sum(r.shown for r in rows)
    failed = sum(1 for r in rows if r.status)
    lines.append(
        f"| **{len(rows)} files** | | {failed} failed | {sum(r.errors for r in rows)} | "
        f"{sum(r.notes for r in rows)} | {shown} / {total} | "
        f"{sum(r.seconds for r in rows):.2f} | {sum(r.traceback for r in rows)} |"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.corpus", description=__doc__)
    parser.add_argument("folder", help="a folder of .bib files (and optionally MANIFEST.tsv)")
    parser.add_argument("--keep", help="build in this folder and keep it")
    arguments = parser.parse_args(argv)
    folder = Path(arguments.folder)
    owners = manifest(folder)
    bibs = sorted(folder.glob("*.bib"))
    if not bibs:
        print(f"no .bib file in {folder}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(arguments.keep or scratch)
        rows = []
        for bib in bibs:
            owner, kind = owners.get(bib.name, ([], ""))
            rows.append(measure(bib, owner, kind, workdir))
            print(f"{bib.name}: exit {rows[-1].status} {rows[-1].first_error}", file=sys.stderr)
    print(table(rows))
    return 1 if any(r.status or r.traceback for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
