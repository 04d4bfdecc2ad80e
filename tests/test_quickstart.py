"""``python -m sphinx_publications new``: another researcher's homepage, built at once.

The bibliography is generated (DBLP- and Google-Scholar-like entries of a researcher who
is not the site's owner); the project is built with its own Makefile, warnings as errors.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from benchmarks.synthetic import bibliography

OWNER = "Ada Lovelace"


def new(tmp_path: Path, *options: str, name: str = "homepage") -> tuple[Path, str]:
    bib = tmp_path / "mine.bib"
    bib.write_text(bibliography(30, OWNER), "utf-8")
    target = tmp_path / name
    command = [sys.executable, "-m", "sphinx_publications", "new", str(target)]
    result = subprocess.run(
        [*command, "--bib", str(bib), "--owner", OWNER, *options],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return target, result.stdout


def make(project: Path, target: str) -> subprocess.CompletedProcess[str]:
    """The project's own Makefile, with this environment as its virtual environment."""
    venv = Path(sys.executable).parent.parent
    return subprocess.run(
        ["make", "-C", str(project), target, f"VENV={venv}"],
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_new_homepage_builds_at_once_with_make_html_and_make_test(tmp_path):
    project, message = new(tmp_path)
    assert "make html" in message
    expected = {
        "conf.py",
        "index.md",
        "publications.md",
        "refs.bib",
        "Makefile",
        "requirements.txt",
        ".readthedocs.yaml",
        ".gitignore",
        "README.md",
        ".github/workflows/pages.yml",
        "_static/site.css",
        "_templates/page.html",
    }
    written = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert written == expected
    readthedocs = yaml.safe_load((project / ".readthedocs.yaml").read_text("utf-8"))
    assert readthedocs["sphinx"]["fail_on_warning"] is True
    workflow = yaml.safe_load((project / ".github/workflows/pages.yml").read_text("utf-8"))
    assert "make site" in str(workflow)
    readme = (project / "README.md").read_text("utf-8")
    assert "Addons" in readme and "GitHub Pages" in readme

    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    html = project / "_build" / "html"
    soup = BeautifulSoup((html / "publications.html").read_text("utf-8"), "html.parser")
    entries = soup.select("li.publication")
    assert len(entries) == 30
    assert all(e.select_one(".pub-authors strong").get_text() == OWNER for e in entries)
    sections = [s for s in soup.select("section section") if s.h2.get_text() != "Papers per year¶"]
    assert len(sections) >= 2
    for section in sections:  # a kind without papers has no heading
        assert section.select("li.publication"), section.h2.get_text()
    assert "Theses" not in soup.get_text() and "Books and chapters" not in soup.get_text()
    home = BeautifulSoup((html / "index.html").read_text("utf-8"), "html.parser")
    assert home.select_one(".homepage-profile")
    assert "Selected publications" not in home.get_text()  # no entry is selected: no heading
    assert "Made with" not in home.get_text()  # a homepage's footer, not a manual's
    assert len(list((html / "papers").glob("*.html"))) == 30

    result = make(project, "test")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("theme", ["alabaster", "pydata"])
def test_other_themes_and_languages(tmp_path, theme):
    pytest.importorskip("pydata_sphinx_theme" if theme == "pydata" else "alabaster")
    project, _ = new(tmp_path, "--theme", theme, "--language", "zh_CN")
    result = make(project, "html")
    assert result.returncode == 0, result.stdout + result.stderr
    text = (project / "_build" / "html" / "publications.html").read_text("utf-8")
    assert "会议论文" in text or "期刊论文" in text


def test_it_never_overwrites(tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", "utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx_publications",
            "new",
            str(tmp_path / "taken"),
            "--owner",
            OWNER,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "not empty" in result.stderr
    assert (tmp_path / "taken" / "notes.txt").read_text("utf-8") == "mine"
