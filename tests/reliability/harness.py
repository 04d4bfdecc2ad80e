"""A small homepage project of its own, its builds, and the comparison of two output trees.

The project is Ada Lovelace's (invented papers): a few MyST pages under a toctree, a
``publication-list``, a ``{paper}`` role and ``{bibtex-download}``, with the
homepage kit (sitemap, footer) and the alabaster theme. :class:`Project` holds
its sources as data; :meth:`Project.write` writes only the files that changed,
each with a modification time later than any build before it, as an editor would.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

#: The invented bibliography: key -> fields (in file order).
ENTRIES: dict[str, dict[str, str]] = {
    "lovelace1843notes": {
        "type": "article",
        "title": "Notes on the Analytical Engine",
        "author": "Ada Lovelace and Luigi Menabrea",
        "journal": "Scientific Memoirs",
        "abbr": "SciMem",
        "year": "1843",
        "selected": "true",
        "url": "https://example.org/notes.pdf",
    },
    "lovelace1842bernoulli": {
        "type": "inproceedings",
        "title": "Computing Bernoulli Numbers by Machine",
        "author": "Ada Lovelace",
        "booktitle": "Proceedings of the Royal Society",
        "abbr": "RSoc",
        "year": "1842",
    },
    "lovelace1844poetical": {
        "type": "techreport",
        "title": "A Poetical Science",
        "author": "Ada Lovelace and Mary Somerville",
        "institution": "London Mechanics Institute",
        "year": "1844",
        "pdf": "poetical.pdf",  # a file of the site (assets/pdf/), copied into the output
    },
    "babbage1840difference": {
        "type": "inproceedings",
        "title": "Difference Engines Reconsidered",
        "author": "Charles Babbage and Ada Lovelace",
        "booktitle": "Conference on Calculating Machines",
        "abbr": "CCM",
        "year": "1840",
        "award": "Best Paper Award",
    },
    "lovelace1845loom": {
        "type": "article",
        "title": "Jacquard Looms as Programs",
        "author": "Ada Lovelace",
        "journal": "Journal of Weaving Machines",
        "year": "1845",
    },
    "somerville1841stars": {
        "type": "inproceedings",
        "title": "On the Connexion of the Physical Sciences",
        "author": "Mary Somerville and Ada Lovelace",
        "booktitle": "Conference on Calculating Machines",
        "abbr": "CCM",
        "year": "1841",
    },
    "lovelace1846music": {
        "type": "inproceedings",
        "title": "Music Composed by Engines",
        "author": "Ada Lovelace and Charles Wheatstone",
        "booktitle": "Workshop on Harmony and Mechanism",
        "year": "1846",
    },
    "demorgan1840calculus": {
        "type": "article",
        "title": "Lessons in the Calculus",
        "author": "Augustus De Morgan and Ada Lovelace",
        "journal": "Cambridge Mathematical Journal",
        "year": "1840",
        "selected": "true",
    },
}
#: Kept out of the first bibliography, so that an operation can add them.
SPARE = ("lovelace1845loom", "lovelace1846music")
#: The key the home page references with ``{paper}`` (never removed).
REFERENCED = "lovelace1843notes"


def bib_entry(key: str, fields: dict[str, str]) -> str:
    lines = [f"@{fields['type']}{{{key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields.items() if name != "type"]
    return "\n".join(lines) + "\n}\n"


@dataclass
class Page:
    title: str
    text: str = "Some words about this page."
    cites: bool = False  # whether it mentions the referenced paper with {paper}


@dataclass
class Project:
    """The sources, as data: pages, bibliography, conf.py values, a template, a stylesheet."""

    entries: list[str] = field(default_factory=lambda: [k for k in ENTRIES if k not in SPARE])
    titles: dict[str, str] = field(default_factory=dict)  # key -> an edited title
    pages: dict[str, Page] = field(
        default_factory=lambda: {
            "about": Page("About"),
            "teaching": Page("Teaching", "Lectures on engines."),
        }
    )
    html_title: str = "Ada Lovelace"
    owner: tuple[str, ...] = ("Ada Lovelace",)
    aliases: dict[str, str] = field(default_factory=dict)
    paper_dir: str = "papers"
    template: str = ""
    style: str = ""

    # -- the files ------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        toctree = "\n".join(["publications", *self.pages])
        index = (
            "# Ada Lovelace\n\n"
            f"```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n\n"
            f"My first notes: {{paper}}`{REFERENCED}`.\n"
        )
        files = {
            "conf.py": self.conf(),
            "refs.bib": "\n".join(bib_entry(key, self.fields(key)) for key in self.entries),
            "index.md": index,
            "publications.md": (
                "# Publications\n\nAll of them: {bibtex-download}`publications.bib`.\n\n"
                "## Selected\n\n```{publication-list}\n:selected:\n```\n\n"
                "## All\n\n```{publication-list}\n:group-by: year\n```\n"
            ),
            "assets/pdf/poetical.pdf": "%PDF-1.4 (a stand-in)\n",
            "_static/site.css": f"/* {self.style} */\nbody {{ margin: 0; }}\n",
            "_templates/page.html": (
                '{% extends "!page.html" %}\n'
                f"{{% block body %}}{{{{ super() }}}}<p>{self.template}</p>{{% endblock %}}\n"
            ),
        }
        for name, page in self.pages.items():
            cites = f"\n\nSee {{paper}}`{REFERENCED}`." if page.cites else ""
            files[f"{name}.md"] = f"# {page.title}\n\n{page.text}{cites}\n"
        return files

    def fields(self, key: str) -> dict[str, str]:
        fields = dict(ENTRIES[key])
        if key in self.titles:
            fields["title"] = self.titles[key]
        return fields

    def conf(self) -> str:
        return (
            "project = 'Ada Lovelace'\n"
            "author = 'Ada Lovelace'\n"
            "copyright = 'Ada Lovelace'\n"
            "extensions = ['myst_parser', 'sphinx_publications.homepage']\n"
            "exclude_patterns = ['_build', 'assets']\n"
            "bibtex_bibfiles = ['refs.bib']\n"
            f"publications_owner = {list(self.owner)!r}\n"
            f"publications_venue_aliases = {self.aliases!r}\n"
            f"publications_paper_dir = {self.paper_dir!r}\n"
            "publications_person = {'name': 'Ada Lovelace'}\n"
            "html_theme = 'alabaster'\n"
            f"html_title = {self.html_title!r}\n"
            "html_baseurl = 'https://ada.example.org/'\n"
            "templates_path = ['_templates']\n"
            "html_static_path = ['_static']\n"
            "html_css_files = ['site.css']\n"
            "html_copy_source = False\n"
            "html_last_updated_fmt = '%Y-%m-%d'\n"
        )

    def write(self, srcdir: Path) -> list[str]:
        """Bring ``srcdir`` in line with the project; returns the files written or removed."""
        wanted = self.files()
        changed = []
        srcdir.mkdir(parents=True, exist_ok=True)
        for path in sorted(srcdir.rglob("*")):
            name = path.relative_to(srcdir).as_posix()
            if path.is_file() and name not in wanted:
                path.unlink()
                changed.append(name)
        for name, text in wanted.items():
            path = srcdir / name
            if path.is_file() and path.read_text("utf-8") == text:
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8")
            touch(path)
            changed.append(name)
        return changed


def touch(path: Path) -> None:
    """A modification time after every earlier build, as an editor saving later would give.

    The file system's clock is coarse (a few ms): a file written just after a build
    may otherwise look older than the build that read it.
    """
    now = time.time_ns() + 10_000_000
    os.utime(path, ns=(now, now))


# -- Builds -------------------------------------------------------------------------------

#: As ``make html`` runs it (``-N``: no colours in the log).
OPTIONS = ("-N", "-b", "html", "-W", "-n", "--keep-going")


@dataclass
class Build:
    returncode: int
    output: str


def build(
    srcdir: Path, outdir: Path, doctrees: Path, *options: str, in_process: bool = True
) -> Build:
    """One ``sphinx-build`` of ``srcdir``: in this process (fast) or in a subprocess."""
    argv = [*OPTIONS, *options, "-d", str(doctrees), str(srcdir), str(outdir)]
    if not in_process:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", *argv], capture_output=True, text=True, check=False
        )
        return Build(result.returncode, result.stdout + result.stderr)
    from sphinx.cmd.build import build_main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = build_main(argv)
    return Build(code, out.getvalue() + err.getvalue())


def clean_build(srcdir: Path, workdir: Path, *, in_process: bool = True) -> Path:
    """A clean build of ``srcdir`` into a fresh folder; returns the output folder."""
    outdir, doctrees = workdir / "clean", workdir / "clean.doctrees"
    shutil.rmtree(outdir, ignore_errors=True)
    shutil.rmtree(doctrees, ignore_errors=True)
    result = build(srcdir, outdir, doctrees, in_process=in_process)
    assert result.returncode == 0, result.output
    return outdir


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative path -> SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(incremental: Path, clean: Path) -> list[str]:
    """What differs between two output folders: missing, extra and changed files."""
    ours, theirs = tree(incremental), tree(clean)
    found = [f"only in the incremental build: {name}" for name in sorted(ours.keys() - theirs)]
    found += [
        f"missing from the incremental build: {name}" for name in sorted(theirs - ours.keys())
    ]
    found += [
        f"differs: {name}" for name in sorted(ours.keys() & theirs) if ours[name] != theirs[name]
    ]
    return found
