"""What a build loads: the LaTeX converter and the image library only when a paper needs them.

Every build pays for what the extension imports, a no-op rebuild most of all (issue 12):
pylatexenc and Pillow's encoders cost about a tenth of a second of start-up together.
"""

from __future__ import annotations

import io

INDEX = "# Papers\n\n```{publication-list}\n```\n"
#: conf.py lines that print, as the build's process ends, which of the two it loaded.
REPORT_LOADED = """
import atexit as _atexit, sys as _sys
_atexit.register(lambda: print("loaded:", sorted(
    name for name in ("pylatexenc", "sphinx_publications.thumbnail_images")
    if name in _sys.modules
)))
"""


def _bib(title: str) -> str:
    return (
        "@inproceedings{neutral2024plain,\n"
        f"  title = {{{title}}},\n"
        "  author = {Ada Example and Grace Sample},\n"
        "  booktitle = {Proceedings of a Conference},\n"
        "  year = {2024},\n"
        "}\n"
    )


def _loaded(result) -> str:
    assert result.returncode == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("loaded:"))


def test_plain_entries_load_neither(project) -> None:
    result = project(
        {"index.md": INDEX, "refs.bib": _bib("Learning {Plain} Things -- Fast")},
        conf=REPORT_LOADED,
        owner=("Ada Example",),
    )
    assert _loaded(result) == "loaded: []"


def test_latex_math_loads_the_converter(project) -> None:
    result = project(
        {"index.md": INDEX, "refs.bib": _bib(r"Sparse Models with $\ell_1$ Penalties")},
        conf=REPORT_LOADED,
        owner=("Ada Example",),
    )
    assert _loaded(result) == "loaded: ['pylatexenc']"


def test_a_preview_loads_the_image_library(project) -> None:
    from PIL import Image

    image = io.BytesIO()
    Image.new("RGB", (320, 200), "teal").save(image, "PNG")
    result = project(
        {
            "index.md": INDEX,
            "refs.bib": _bib("Learning Plain Things"),
            "assets/img/publication_preview/neutral2024plain.png": image.getvalue(),
        },
        conf=REPORT_LOADED,
        owner=("Ada Example",),
    )
    assert _loaded(result) == "loaded: ['sphinx_publications.thumbnail_images']"
