"""Rendering many paper pages skips per-page work that cannot change mid-build (batch.py).

Inside :func:`rendering_many_pages` Jinja does not look at its templates on disk and
Sphinx's debug messages are not made unless ``-vv`` would show them; both are
restored after the block, and the pages are the same bytes as without it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace

import jinja2
import pytest
from support import sphinx_build

from sphinx_publications.batch import rendering_many_pages

SPHINX = logging.getLogger("sphinx")


def _app(verbosity: int = 0, templates: object | None = None) -> SimpleNamespace:
    if templates is None:
        templates = SimpleNamespace(environment=jinja2.Environment(auto_reload=True))
    return SimpleNamespace(builder=SimpleNamespace(templates=templates), verbosity=verbosity)


@pytest.fixture
def sphinx_logger_at_debug():
    """The ``sphinx`` logger as a build sets it up: every level goes to the handlers."""
    level = SPHINX.level
    SPHINX.setLevel(logging.DEBUG)
    yield
    SPHINX.setLevel(level)


def test_templates_are_not_checked_and_debug_is_not_made_inside_then_restored(
    sphinx_logger_at_debug,
):
    app = _app()
    environment = app.builder.templates.environment
    with pytest.raises(RuntimeError), rendering_many_pages(app):
        assert environment.auto_reload is False
        assert not SPHINX.isEnabledFor(logging.DEBUG)
        assert SPHINX.isEnabledFor(logging.INFO)
        assert SPHINX.isEnabledFor(15)  # Sphinx's VERBOSE, shown by -v
        raise RuntimeError
    assert environment.auto_reload is True
    assert SPHINX.level == logging.DEBUG


def test_debug_messages_are_kept_when_the_build_shows_them(sphinx_logger_at_debug):
    with rendering_many_pages(_app(verbosity=2)):
        assert SPHINX.isEnabledFor(logging.DEBUG)


def test_a_template_bridge_without_a_jinja_environment_is_left_alone(sphinx_logger_at_debug):
    bridge = SimpleNamespace()
    with rendering_many_pages(_app(templates=bridge)):
        pass
    assert vars(bridge) == {}


BIB = "".join(
    f"@article{{paper{n},\n  author = {{Grace Hopper}},\n  title = {{Paper {n}}},\n"
    f"  journal = {{Journal}},\n  year = {{20{n:02d}}},\n}}\n\n"
    for n in range(1, 5)
)
#: Paper pages go to worker processes from 64 pages; this project lowers the bar for its four.
CONF = (
    "extensions = ['myst_parser', 'sphinx_publications']\n"
    "bibtex_bibfiles = ['refs.bib']\n"
    "import sphinx_publications.page_writer as w\nw.PARALLEL_FROM = 1\n"
)
WITHOUT_BATCH = (
    "from contextlib import nullcontext\nw.rendering_many_pages = lambda app: nullcontext()\n"
)


def _build(root: Path, *options: str, batch: bool = True) -> tuple[dict[str, bytes], str]:
    src = root / "src"
    src.mkdir(parents=True)
    (src / "refs.bib").write_text(BIB, "utf-8")
    (src / "index.md").write_text("# Papers\n\n```{publication-list}\n```\n", "utf-8")
    (src / "conf.py").write_text(CONF + ("" if batch else WITHOUT_BATCH), "utf-8")
    result = sphinx_build(src, root / "html", *options, quiet=False)
    assert result.returncode == 0, result.stderr
    pages = {
        path.relative_to(root / "html").as_posix(): path.read_bytes()
        for path in sorted((root / "html" / "papers").rglob("*.html"))
    }
    return pages, result.stdout


def test_pages_rendered_in_a_batch_are_the_pages_rendered_one_by_one(tmp_path: Path):
    batched, _ = _build(tmp_path / "batch", "-j", "2")
    alone, _ = _build(tmp_path / "alone", "-j", "2", batch=False)
    assert len(batched) == 4
    assert batched == alone


def test_with_vv_the_workers_debug_messages_still_reach_the_output(tmp_path: Path):
    _, output = _build(tmp_path / "site", "-j", "2", "-vv")
    assert "[app] emitting event: 'html-page-context'('papers/paper1'" in output
