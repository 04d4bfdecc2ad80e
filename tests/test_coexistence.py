"""A good citizen: with furo, pydata-sphinx-theme or alabaster, and sphinx-copybutton and
sphinx-design beside it, every page loads without a script error and copy buttons work.

The projects are neutral (another researcher, a code block, a sphinx-design card): the
extension and its homepage kit with their defaults, as another lab would start.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import new_page, serve, sphinx_build

pytestmark = pytest.mark.browser

THEMES = {"furo": "furo", "pydata": "pydata_sphinx_theme", "alabaster": "alabaster"}
#: pydata-sphinx-theme logs this itself on a first visit (empty localStorage), with or
#: without this extension; it is a message, not a script error.
THEIR_OWN = ("Got invalid theme mode: . Resetting to auto.",)


def errors(problems: list[str]) -> list[str]:
    return [p for p in problems if not any(own in p for own in THEIR_OWN)]


CONF = """\
extensions = [
    "myst_parser",
    "sphinx_publications.homepage",
    "sphinx_copybutton",
    "sphinx_design",
]
bibtex_bibfiles = ["refs.bib"]
publications_owner = ["Grace Hopper"]
publications_person = {{"name": "Grace Hopper", "email": "grace@example.org"}}
html_theme = {theme!r}
myst_enable_extensions = ["colon_fence"]
"""

BIB = """\
@article{hopper1952compiler,
  title   = {The Education of a Computer},
  author  = {Grace Murray Hopper},
  journal = {Proceedings of the Association for Computing Machinery Conference},
  year    = {1952},
  abstract = {A compiler turns a program into code.},
}

@inproceedings{hopper1953coding,
  title     = {Compiling Routines},
  author    = {Grace Murray Hopper and Alan Smith},
  booktitle = {Computers and Automation},
  year      = {1953},
  code      = {https://example.org/code},
}
"""

INDEX = """\
# Grace Hopper

```{homepage-profile}
```

```{toctree}
publications
```

A routine, see {paper}`hopper1953coding`:

```python
print("hello")
```

::::{grid} 2
:::{grid-item-card} A card
Text in a sphinx-design card.
:::
::::
"""

PUBLICATIONS = """\
# Publications

```{publication-filters}
```

```{publication-list}
```
"""


@pytest.fixture(scope="module", params=sorted(THEMES))
def themed_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    theme = request.param
    pytest.importorskip(THEMES[theme] if theme != "alabaster" else "alabaster")
    srcdir = tmp_path_factory.mktemp(f"coexist-{theme}")
    (srcdir / "conf.py").write_text(CONF.format(theme=THEMES[theme]), "utf-8")
    (srcdir / "refs.bib").write_text(BIB, "utf-8")
    (srcdir / "index.md").write_text(INDEX, "utf-8")
    (srcdir / "publications.md").write_text(PUBLICATIONS, "utf-8")
    outdir = srcdir.parent / f"{srcdir.name}-html"
    result = sphinx_build(srcdir, outdir)
    assert result.returncode == 0, result.stderr
    return outdir


@pytest.fixture(scope="module")
def served(themed_site: Path) -> Iterator[tuple[Path, str]]:
    with serve(themed_site) as url:
        yield themed_site, url


def test_every_page_runs_without_a_script_error(browser: Any, served: tuple[Path, str]):
    site, url = served
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "_static" not in p.parts
    )
    assert "papers/hopper1952compiler.html" in pages
    problems: list[str] = []
    page = new_page(browser, url, problems)
    try:
        for name in pages:
            page.goto(url + name)
            page.wait_for_load_state("load")
            assert not errors(problems), (name, problems)
    finally:
        page.context.close()


def test_copy_buttons_work(browser: Any, served: tuple[Path, str]):
    _, url = served
    problems: list[str] = []
    page = new_page(browser, url, problems)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url.rstrip("/"))
    try:
        page.goto(url + "index.html")
        button = page.locator("button.copybtn").first  # sphinx-copybutton's
        button.wait_for(state="attached", timeout=5000)
        page.locator("div.highlight").first.hover()
        button.click(force=True)
        assert page.evaluate("navigator.clipboard.readText()").strip() == 'print("hello")'
        # the e-mail address became a link (the profile's script)
        assert page.locator("a.profile-email").get_attribute("href") == "mailto:grace@example.org"
        page.goto(url + "papers/hopper1952compiler.html")
        copy = page.locator(".paper-bibtex button").first  # the BibTeX's own copy button
        copy.click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("@article{hopper1952compiler,"), copied
        assert not errors(problems), problems
    finally:
        page.context.close()
