"""Nothing broken gets deployed: ``make html`` and ``make site`` on a project of their own.

The repository's Makefile runs in a temporary copy of the small project (:mod:`harness`)
with this virtual environment (``VENV``; ``-o venv``: nothing is installed). A failed
``make html`` moves its output to ``_build/html-failed``, and the next one writes a
complete site; a failed ``make site`` leaves the last good site in place.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from harness import Project, differences
from support import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

#: A reference to a paper that is not in refs.bib: an error, so the build fails.
BROKEN = "\n\nSee {paper}`nobody1900nothing`.\n"


def make(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    venv = Path(sys.executable).parent.parent
    options = "SPHINXOPTS=-W -n --keep-going -q -N"
    return subprocess.run(
        ["make", "-f", str(REPO / "Makefile"), "-o", "venv", target, f"VENV={venv}", options],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_html_and_make_site_never_leave_a_failed_build_in_place(tmp_path):
    Project().write(tmp_path)
    built = tmp_path / "_build"
    about = tmp_path / "about.md"
    good = about.read_text("utf-8")

    first = make(tmp_path, "html")
    assert first.returncode == 0, first.stderr
    about.write_text(good + BROKEN, "utf-8")
    failed = make(tmp_path, "html")
    assert failed.returncode != 0
    assert "its output is in _build/html-failed" in failed.stdout
    assert not (built / "html").exists()
    assert "nobody1900nothing" in (built / "html-failed" / "about.html").read_text("utf-8")

    about.write_text(good, "utf-8")
    again = make(tmp_path, "html")  # the doctrees remain; the output is written anew
    assert again.returncode == 0, again.stderr
    site = make(tmp_path, "site")
    assert site.returncode == 0, site.stderr
    assert differences(built / "html", built / "site") == []  # complete, as a clean build
    assert not (built / "site.new").exists()

    deployed = {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()}
    about.write_text(good + BROKEN, "utf-8")
    broken_site = make(tmp_path, "site")
    assert broken_site.returncode != 0
    assert (built / "site.new" / "about.html").exists()  # the failed build, to look at
    assert {p: p.read_bytes() for p in (built / "site").rglob("*") if p.is_file()} == deployed
