"""Few documents due are written in the build's process; many, as Sphinx writes them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sphinx_publications.serial_writing import SERIAL_UP_TO

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="Sphinx writes in parallel only where it can fork"
)

PAGES = SERIAL_UP_TO + 2  # documents besides the home page


def site(srcdir: Path) -> None:
    srcdir.mkdir(parents=True, exist_ok=True)
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\npublications_owner = ['Ada Lovelace']\n",
        "utf-8",
    )
    toctree = "\n".join(f"page{n}" for n in range(PAGES))
    (srcdir / "index.md").write_text(
        f"# Ada Lovelace\n\n```{{toctree}}\n{toctree}\npublications\n```\n", "utf-8"
    )
    for n in range(PAGES):
        (srcdir / f"page{n}.md").write_text(f"# Page {n}\n\nText.\n", "utf-8")
    (srcdir / "publications.md").write_text(
        "# Publications\n\n```{publication-list}\n```\n", "utf-8"
    )
    (srcdir / "refs.bib").write_text(
        "@article{lovelace1843,\n  title = {Notes},\n  author = {Ada Lovelace},\n"
        "  journal = {Scientific Memoirs},\n  year = {1843},\n}\n",
        "utf-8",
    )


BUILD = """
import json, sys
from pathlib import Path
from sphinx.application import Sphinx
from sphinx_publications.serial_writing import workers_allowed

src = Path(sys.argv[1])
app = Sphinx(src, src, src / "_build/html", src / "_build/doctrees", "html",
             status=None, warning=sys.stderr, warningiserror=True, parallel=2)
seen = {"written": []}

def record(app, builder):
    seen["documents in workers"] = builder.parallel_ok
    seen["paper pages in workers"] = workers_allowed(builder)

app.connect("write-started", record, priority=900)  # after this extension's
app.connect("doctree-resolved", lambda app, doctree, docname: seen["written"].append(docname))
app.build()
assert app.statuscode == 0
print(json.dumps(seen))
"""


def build(srcdir: Path) -> dict[str, Any]:
    """Build with ``-j 2`` in a new process; how the documents were written."""
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(srcdir)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_many_documents_are_written_in_workers_few_in_the_build_process(tmp_path: Path):
    srcdir = tmp_path / "site"
    site(srcdir)
    clean = build(srcdir)
    assert clean["documents in workers"] and clean["paper pages in workers"]
    assert len(clean["written"]) == PAGES + 2
    bib = srcdir / "refs.bib"  # an edit of one entry: the list and its parent are due
    bib.write_text(bib.read_text("utf-8").replace("Notes", "Notes, revised"), "utf-8")
    edit = build(srcdir)
    assert sorted(edit["written"]) == ["index", "publications"]
    assert not edit["documents in workers"] and edit["paper pages in workers"]
    html = (srcdir / "_build/html/publications.html").read_text("utf-8")
    assert "Notes, revised" in html
