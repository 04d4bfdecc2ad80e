"""The theme's templates are compiled once, not on every build that writes a page."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from jinja2 import select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from sphinx_publications.template_cache import compile_basis

#: sphinx-build, printing how many templates Jinja compiled from a file (not from a string).
COUNTING_BUILD = """
import sys
import jinja2.loaders
from sphinx.cmd.build import main

compiled = []
load = jinja2.loaders.BaseLoader.load
def counting_load(self, environment, name, globals=None):
    compile = environment.compile
    def counted(*args, **kwargs):
        compiled.append(name)
        return compile(*args, **kwargs)
    environment.compile = counted
    try:
        return load(self, environment, name, globals)
    finally:
        del environment.compile
jinja2.loaders.BaseLoader.load = counting_load
status = main(sys.argv[1:])
print("compiled:", ",".join(compiled))
sys.exit(status)
"""
PAGE = "# Home\n\nSee the list.\n"
LAYOUT = '{% extends "!layout.html" %}\n{% block footer %}<p>MARK</p>{{ super() }}{% endblock %}\n'


def build(srcdir: Path, outdir: Path) -> list[str]:
    """Build with the extension (html, -W); returns the templates Jinja compiled."""
    command = [sys.executable, "-c", COUNTING_BUILD, "-q", "-W", "-b", "html"]
    result = subprocess.run(
        [*command, "-d", str(outdir.parent / "doctrees"), str(srcdir), str(outdir)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    line = result.stdout.strip().splitlines()[-1]
    return [name for name in line.removeprefix("compiled:").strip().split(",") if name]


def project(srcdir: Path) -> None:
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        "extensions = ['myst_parser', 'sphinx_publications']\n"
        "bibtex_bibfiles = ['refs.bib']\ntemplates_path = ['_templates']\n",
        "utf-8",
    )
    (srcdir / "refs.bib").write_text("", "utf-8")
    (srcdir / "index.md").write_text(PAGE, "utf-8")
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates" / "layout.html").write_text(LAYOUT, "utf-8")


def test_a_page_edit_compiles_no_template_again(tmp_path):
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    project(srcdir)
    assert "layout.html" in build(srcdir, outdir)  # the first build compiles them
    (srcdir / "index.md").write_text(PAGE + "\nEdited.\n", "utf-8")
    assert build(srcdir, outdir) == []
    assert "Edited." in (outdir / "index.html").read_text("utf-8")


def test_an_edited_template_is_compiled_again(tmp_path):
    srcdir, outdir = tmp_path / "src", tmp_path / "html"
    project(srcdir)
    build(srcdir, outdir)
    assert "<p>MARK</p>" in (outdir / "index.html").read_text("utf-8")
    layout = srcdir / "_templates" / "layout.html"
    layout.write_text(LAYOUT.replace("MARK", "CHANGED"), "utf-8")
    assert build(srcdir, outdir) == ["layout.html"]
    html = (outdir / "index.html").read_text("utf-8")
    assert "<p>CHANGED</p>" in html and "MARK" not in html


def test_compiled_code_is_kept_apart_for_other_settings():
    plain = SandboxedEnvironment()
    assert compile_basis(plain) == compile_basis(SandboxedEnvironment())
    assert compile_basis(plain) != compile_basis(
        SandboxedEnvironment(extensions=["jinja2.ext.i18n"])
    )
    assert compile_basis(plain) != compile_basis(SandboxedEnvironment(trim_blocks=True))
    filtered = SandboxedEnvironment()
    filtered.filters["shout"] = str.upper
    assert compile_basis(plain) != compile_basis(filtered)
    # A function is named by what it is, not by its address (new in every process).
    first, second = (SandboxedEnvironment(autoescape=select_autoescape()) for _ in range(2))
    assert first.autoescape is not second.autoescape
    assert compile_basis(first) == compile_basis(second) != compile_basis(plain)
